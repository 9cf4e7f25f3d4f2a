"""Write an audit's result: canonical JSON, the HTML scorecard; atomically, so no half files."""
from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from touchaudit.model import AuditResult, to_jsonable


def result_dict(result: AuditResult) -> dict[str, Any]:
    return to_jsonable(result)  # type: ignore[no-any-return]


def report_language(result: dict[str, Any], requested: str | None) -> str:
    if requested:
        return requested
    site_lang = (result.get("site") or {}).get("language")
    return site_lang if site_lang in ("es", "en") else "en"


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would hide the report from other users
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_outputs(result: AuditResult, *, json_path: Path | None, html_path: Path | None, lang: str | None) -> dict[str, Any]:
    data = result_dict(result)
    if json_path is not None:
        write_atomic(json_path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    if html_path is not None:
        from touchaudit.reports.html import render_html

        write_atomic(html_path, render_html(data, report_language(data, lang)))
    return data


def safe_stem(text: str) -> str:
    """A file-name stem from a host or site name that cannot leave the output folder."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip(".-")
    return stem[:80] or "site"
