"""Write an audit's result: canonical JSON, the HTML scorecard, the Markdown summary; atomically."""
from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

from touchaudit.model import AuditResult, to_jsonable


def result_dict(result: AuditResult) -> dict[str, Any]:
    return to_jsonable(result)  # type: ignore[no-any-return]


def report_language(result: dict[str, Any], requested: str | None) -> str:
    """The asked language, else the site's own when it has a catalogue, else English."""
    from touchaudit.reports.i18n import resolve_language

    return requested or resolve_language((result.get("site") or {}).get("language"))


def stage(path: Path, text: str) -> Path:
    """`text` written to a temporary file beside `path` (os.replace it onto `path` to publish it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would hide the report from other users
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_atomic(path: Path, text: str) -> None:
    tmp = stage(path, text)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def render_outputs(result: AuditResult | dict[str, Any], *, json_path: Path | None, html_path: Path | None,
                   lang: str | None, md_path: Path | None = None,
                   branding: Any = None) -> tuple[dict[str, Any], dict[Path, str]]:
    """The result as JSON data and each report file's text, not yet written (a portfolio stores the
    scan first, then writes its files)."""
    from touchaudit.targets import render

    data = result if isinstance(result, dict) else result_dict(result)
    language = report_language(data, lang)
    files = {path: render(fmt, data, language, branding=branding)
             for fmt, path in (("json", json_path), ("html", html_path), ("md", md_path)) if path is not None}
    return data, files


def write_outputs(result: AuditResult | dict[str, Any], *, json_path: Path | None, html_path: Path | None, lang: str | None,
                  md_path: Path | None = None, branding: Any = None) -> dict[str, Any]:
    data, files = render_outputs(result, json_path=json_path, html_path=html_path, lang=lang, md_path=md_path,
                                 branding=branding)
    for path, text in files.items():
        write_atomic(path, text)
    return data


_WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})
MAX_STEM = 80


def safe_stem(text: str) -> str:
    """A file-name stem from a host or site name that cannot leave the output folder.

    ASCII letters, digits, dot, dash and underscore only (accents folded: "españa" -> "espana"), no
    leading or trailing dots or dashes (so never "." or ".."), at most 80 characters, and never a
    name Windows reserves for a device (CON, NUL, COM1...), with or without an extension.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", folded)
    stem = re.sub(r"\.{2,}", ".", stem).strip(".-")[:MAX_STEM].strip(".-")
    if stem.split(".")[0].lower() in _WINDOWS_RESERVED:
        stem = "site-" + stem
    return stem or "site"


def report_stem(url: str, name: str | None = None) -> str:
    """A site's report file stem in a portfolio: readable, and unique per URL, so two rows named
    alike never overwrite each other's report."""
    import hashlib

    return safe_stem(name or url.split("://", 1)[-1])[:60] + "-" + hashlib.sha1(url.encode()).hexdigest()[:6]
