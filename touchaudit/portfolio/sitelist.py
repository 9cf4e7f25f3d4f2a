"""Read the list of shops to scan: a CSV with a `url` column (and optional name, tags, lang,
country) or a plain list with one URL per line. A bad row becomes an entry with an error, so one
typo never stops a portfolio run."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from touchaudit.sites import UrlError, check_start_url


class SiteListError(ValueError):
    """The list itself cannot be read (missing file, no url column, empty)."""


@dataclass(frozen=True)
class Entry:
    url: str
    name: str | None = None
    tags: tuple[str, ...] = ()
    lang: str | None = None
    country: str | None = None
    error: str | None = None  # why this row cannot be audited


def _entry(url: str, name: str | None = None, tags: str = "", lang: str | None = None, country: str | None = None) -> Entry:
    tag_list = tuple(t.strip() for t in tags.replace(";", ",").split(",") if t.strip())
    lang = (lang or "").strip().lower() or None
    country = (country or "").strip().upper() or None
    try:
        return Entry(check_start_url(url), (name or "").strip() or None, tag_list,
                     lang if lang in ("es", "en") else None, country if country and len(country) == 2 else None)
    except UrlError as exc:
        return Entry(url.strip(), (name or "").strip() or None, tag_list, error=str(exc))


def read_sites(path: Path) -> list[Entry]:
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SiteListError(f"cannot read the site list {path}: {exc}") from exc
    return parse_sites(text, f"the site list {path}")


def parse_sites(text: str, path: str = "the site list") -> list[Entry]:
    """Entries from a list's text (a file's, or an upload's); `path` names it in errors."""
    lines = [l for l in text.splitlines() if l.strip() and not l.lstrip().startswith("#")]
    if not lines:
        raise SiteListError(f"{path} has no sites")
    first = [c.strip().lower() for c in next(csv.reader([lines[0]]))]
    if "url" not in first:
        if len(first) > 1 and not first[0].startswith(("http", "www")):
            raise SiteListError(f"{path}: a CSV needs a 'url' column (found: {', '.join(first)})")
        return _dedupe([_entry(l.split(",")[0]) for l in lines])
    rows = csv.DictReader(io.StringIO("\n".join(lines)))
    rows.fieldnames = [f.strip().lower() for f in rows.fieldnames or []]
    return _dedupe([
        _entry(r.get("url") or "", r.get("name"), r.get("tags") or "", r.get("lang"), r.get("country"))
        for r in rows
    ])


def _dedupe(entries: list[Entry]) -> list[Entry]:
    seen: set[str] = set()
    out = []
    for e in entries:
        if e.url not in seen:
            seen.add(e.url)
            out.append(e)
    return out
