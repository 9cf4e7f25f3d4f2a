"""Read the list of shops to scan: a CSV with a `url` column (and optional name, tags, lang,
country) or a plain list with one URL per line. A bad row becomes an entry with an error, so one
typo never stops a portfolio run. The CSV's delimiter is the one that makes its header hold a `url`
column (spreadsheets in Spanish locales save `;`), and a shop listed twice under two spellings
(`HTTP://Shop.es`, `https://shop.es/?utm_source=x`) is scanned once: rows are keyed by site_key."""
from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from touchaudit.history.rows import site_key
from touchaudit.reports.i18n import available_languages
from touchaudit.starturl import UrlError, check_start_url, redact

DELIMITERS = (",", ";", "\t", "|")


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
                     lang if lang in available_languages() else None, country if country and len(country) == 2 else None)
    except UrlError as exc:
        return Entry(redact(url.strip()), (name or "").strip() or None, tag_list, error=str(exc))


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
    delimiter = next((d for d in DELIMITERS if "url" in _cells(lines[0], d)), None)
    if delimiter is None:
        first = max((_cells(lines[0], d) for d in DELIMITERS), key=len)
        if len(first) > 1 and not first[0].startswith(("http", "www")):
            raise SiteListError(f"{path}: a CSV needs a 'url' column (found: {', '.join(first)})")
        return _dedupe([_entry(l.split(",")[0]) for l in lines])
    rows = csv.DictReader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    rows.fieldnames = [f.strip().lower() for f in rows.fieldnames or []]
    return _dedupe([
        _entry(r.get("url") or "", r.get("name"), r.get("tags") or "", r.get("lang"), r.get("country"))
        for r in rows
    ])


def _cells(line: str, delimiter: str) -> list[str]:
    return [c.strip().lower() for c in next(csv.reader([line], delimiter=delimiter))]


def fingerprint(entries: list[Entry]) -> str:
    """Which shops a list holds, whatever their order or spelling: `--resume` continues a run
    only with the list it started with."""
    keys = sorted(site_key(e.url) for e in entries if not e.error)
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()[:16]


def _dedupe(entries: list[Entry]) -> list[Entry]:
    """The first row of each site wins; rows that are not addresses are all kept (each is its own error)."""
    seen: set[str] = set()
    out = []
    for e in entries:
        key = e.url if e.error else site_key(e.url)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out
