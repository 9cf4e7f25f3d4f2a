"""What the app's pages show, decided here (the templates only present): an audit's progress or
result, a site's history with what changed, a portfolio's dashboard with links into the app."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote

from touchaudit.history.diff import diff
from touchaudit.reports.crawl_view import reason_in_words, scan_marker
from touchaudit.reports.dashboard import DashboardView, build_dashboard
from touchaudit.reports.formatting import Marker, UrlView, human_date, pick, url_view
from touchaudit.reports.i18n import get_translations
from touchaudit.reports.view import Fix, top_fixes
from touchaudit.web.store import WebStore
from touchaudit.web.tables import DONE, FAILED, AuditRow

CHART_WIDTH, CHART_HEIGHT = 600, 160


@dataclass(frozen=True)
class AuditView:
    id: str
    url: UrlView
    status: str  # queued | running | done | failed
    stage: str
    pages: int
    failures: int
    budget: int
    percent: int
    current: str | None
    ahead: int | None
    error: str | None
    created: str
    score: int | None = None
    scan: Marker | None = None
    reason: str = ""
    fixes: tuple[Fix, ...] = ()
    share_token: str | None = None


def audit_view(row: AuditRow, lang: str, ahead: int | None, result: Mapping[str, Any] | None = None) -> AuditView:
    t = get_translations(lang)
    view = AuditView(
        id=row.public_id, url=url_view(row.url), status=row.status, stage=row.stage, pages=row.pages,
        failures=row.failures, budget=row.budget,
        percent=100 if row.status == DONE else min(99, round(100 * (row.pages + row.failures) / max(1, row.budget))),
        current=row.current_url, ahead=ahead, error=row.error, created=human_date(row.created_at, lang),
        share_token=row.share_token)
    if result is None:
        return view
    scan = result.get("scan") or {}
    return replace(view, score=result.get("score"), scan=scan_marker(str(scan.get("status") or "error"), t),
                   reason=reason_in_words(scan, lang) or "", fixes=tuple(top_fixes(result, lang)),
                   pages=int(scan.get("pages_fetched") or 0), failures=int(scan.get("pages_failed") or 0))


def progress_dict(row: AuditRow, ahead: int | None) -> dict[str, Any]:
    """The JSON both the progress page's script and the API read."""
    return {"id": row.public_id, "url": row.url, "status": row.status, "stage": row.stage, "pages": row.pages,
            "failures": row.failures, "budget": row.budget, "current": row.current_url, "ahead": ahead,
            "error": row.error, "created_at": row.created_at, "finished_at": row.finished_at,
            "finished": row.status in (DONE, FAILED)}


@dataclass(frozen=True)
class ScanItem:
    id: int
    date: str
    score: int | None
    status: Marker
    delta: int | None
    changes: tuple[str, ...]  # what changed since the scan before it, in words


@dataclass(frozen=True)
class SiteHistoryView:
    url: UrlView
    key: str
    scans: tuple[ScanItem, ...]  # newest first
    points: str  # SVG polyline of the scores, oldest to newest
    dots: tuple[tuple[float, float, int, str], ...]  # x, y, score, date
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT


def site_history(store: WebStore, url: str, lang: str, limit: int = 30) -> SiteHistoryView:
    t = get_translations(lang)
    rows = store.scans(url, limit)
    results = [store.result(row.id) for row in rows]
    items = []
    for i, (row, result) in enumerate(zip(rows, results)):
        older = results[i + 1] if i + 1 < len(results) else None
        changes: tuple[str, ...] = ()
        delta = None
        if older is not None:
            d = diff(older, result)
            changes = tuple(pick(f.text, lang) for f in d.facts)
            if d.score_before is not None and d.score_after is not None:
                delta = d.score_after - d.score_before
        items.append(ScanItem(row.id, human_date(row.finished_at, lang), row.score, scan_marker(row.status, t), delta, changes))
    scored = [(row.finished_at, row.score) for row in reversed(rows) if row.score is not None]
    step = (CHART_WIDTH - 40) / max(1, len(scored) - 1)
    dots = tuple((round(20 + i * step, 1), round(CHART_HEIGHT - 10 - score * (CHART_HEIGHT - 20) / 100, 1), score,
                  human_date(when, lang)) for i, (when, score) in enumerate(scored))
    return SiteHistoryView(url_view(url), url, tuple(items), " ".join(f"{x},{y}" for x, y, _, _ in dots), dots)


@dataclass(frozen=True)
class RunItem:
    id: int
    status: str  # running | done | failed | interrupted
    date: str


def run_items(runs: list[tuple[int, str, str, str | None]], lang: str) -> tuple[RunItem, ...]:
    return tuple(RunItem(run_id, status, human_date(started, lang)) for run_id, status, started, _ in runs)


def site_link(url: str) -> str:
    return "/sites?url=" + quote(url, safe="")


def portfolio_dashboard(store: WebStore, run_id: int, lang: str) -> DashboardView:
    """The portfolio dashboard of the report package, each row linking to the site's history."""
    results = list(store.run_results(run_id))
    view = build_dashboard(results, store, lang)
    return replace(view, rows=tuple(replace(row, report=site_link(row.url.text)) for row in view.rows))
