"""The crawl part of a report: scan status, pages visited, failed URLs and capture notes.

Kept apart from view.py because it is the appendix: it explains how far the findings can be
trusted (what was fetched, what failed and why), not what the shop should change.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from babel.support import Translations
from touchaudit.reports import i18n as L
from touchaudit.reports.formatting import Marker, UrlView, clip, human_date, label, url_view


@dataclass(frozen=True)
class PageRow:
    url: UrlView
    role: str
    http_status: str
    title: str
    rendered: str | None = None  # "rendered" in words when the page was read from a browser


@dataclass(frozen=True)
class ErrorRow:
    url: UrlView
    kind: str
    explanation: str
    detail: str


@dataclass(frozen=True)
class ScanView:
    status: Marker
    explanation: str
    reason: str | None
    incomplete: bool
    health: str
    budget: str | None
    started: str
    finished: str
    robots_note: str
    pages: tuple[PageRow, ...]
    errors: tuple[ErrorRow, ...]
    fetched: int = 0
    failed: int = 0


def scan_marker(status: str, t: Translations) -> Marker:
    """How a scan ended, as words plus a symbol (never colour alone)."""
    if status in L.SCAN_LABELS:
        return Marker(status, t.gettext(L.SCAN_LABELS[status]), L.SCAN_SYMBOLS[status])
    return Marker("unknown", status, "?")


def scan_view(scan: Mapping[str, Any], t: Translations, lang: str, site: Any = None) -> ScanView:
    status = str(scan.get("status") or "error")
    fetched, failed = int(scan.get("pages_fetched") or 0), int(scan.get("pages_failed") or 0)
    budget = scan.get("budget")
    marker = scan_marker(status, t)
    explanation = t.gettext(L.SCAN_EXPLANATIONS[status]) if status in L.SCAN_EXPLANATIONS else ""
    pages = tuple(
        PageRow(url=url_view(p.get("url"), site),
                role=label(L.ROLE_LABELS, p.get("role"), t) or str(p.get("role") or "—"),
                http_status=str(p.get("status") or "—"), title=clip(str(p.get("title") or "")),
                rendered=label(L.SEEN_LABELS, "rendered" if p.get("rendered") else None, t))
        for p in scan.get("pages") or () if isinstance(p, Mapping))
    errors = tuple(
        ErrorRow(url=url_view(e.get("url"), site), kind=str(e.get("kind") or ""),
                 explanation=error_kind(str(e.get("kind") or ""), t, scan.get("render")),
                 detail=clip(str(e.get("detail") or "")))
        for e in scan.get("errors") or () if isinstance(e, Mapping))
    return ScanView(
        status=marker, explanation=explanation,
        reason=str(scan["reason"]) if scan.get("reason") else None,
        incomplete=status != "ok",
        health=t.ngettext("%(fetched)s page fetched, %(failed)s failed.",
                          "%(fetched)s pages fetched, %(failed)s failed.", fetched)
        % {"fetched": fetched, "failed": failed},
        budget=t.gettext("Page budget: %(budget)s.") % {"budget": budget}
        if isinstance(budget, int) and budget > 0 else None,
        started=human_date(scan.get("started_at"), lang),
        finished=human_date(scan.get("finished_at"), lang),
        robots_note=t.gettext(L.ROBOTS_IGNORED if scan.get("robots_ignored") else L.ROBOTS_OBEYED),
        pages=pages, errors=errors, fetched=fetched, failed=failed,
    )


def capture_text(capture: Any, t: Translations, lang: str) -> str | None:
    """A replay says when its evidence was captured; evidence links stay the live URLs."""
    if not isinstance(capture, Mapping) or not capture.get("path"):
        return None
    values = {"date": human_date(capture.get("captured_at"), lang),
              "file": PurePath(str(capture["path"])).name}
    if capture.get("mode") == "replay":
        return t.gettext("Captured on %(date)s — replay of %(file)s") % values
    return t.gettext("Captured on %(date)s — archived in %(file)s") % values


def error_kind(kind: str, t: Translations, render: Any = None) -> str:
    """What a failed page's kind means; for a shell page not rendered, how to have it rendered."""
    if kind == "needs_rendering" and isinstance(render, Mapping) and not render.get("active"):
        off = render.get("mode") == "never"
        return t.gettext(L.RENDERING_OFF if off else L.NEEDS_BROWSER)
    if kind in L.ERROR_KINDS:
        return t.gettext(L.ERROR_KINDS[kind])
    code = re.fullmatch(r"http_(\d{3})", kind)
    if code:
        return t.gettext("The server answered with HTTP status %(code)s.") % {"code": code.group(1)}
    return t.gettext(L.ERROR_OTHER)
