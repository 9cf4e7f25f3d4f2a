"""The crawl part of a report: scan status, pages visited, failed URLs and capture notes.

Kept apart from view.py because it is the appendix: it explains how far the findings can be
trusted (what was fetched, what failed and why), not what the shop should change.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from babel.support import Translations
from touchaudit.reports import i18n as L
from touchaudit.reports.formatting import Marker, UrlView, clip, human_date, label, pick, url_view
from touchaudit.reports.sentences import say


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
                 explanation=say(L.failure_message(str(e.get("kind") or ""), scan.get("render")), lang),
                 detail=clip(str(e.get("detail") or "")))
        for e in scan.get("errors") or () if isinstance(e, Mapping))
    return ScanView(
        status=marker, explanation=explanation,
        reason=reason_in_words(scan, lang),
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


def reason_in_words(scan: Mapping[str, Any], lang: str) -> str | None:
    """Why the scan is not complete, in the report's language (`scan.reason_text`); a result
    written before reasons had words keeps its English `scan.reason`."""
    return pick(scan.get("reason_text"), lang) or (str(scan["reason"]) if scan.get("reason") else None)
