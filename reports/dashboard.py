"""The portfolio dashboard: every site of a run in one sortable table, the score distribution, the
pass rate of each check across the portfolio, each site's trend and what changed since its
previous scan. One self-contained file; the only script is the table sorter, pinned by its hash
in the Content-Security-Policy so nothing else can run.
"""
from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from markupsafe import Markup

from touchaudit.output import report_stem
from touchaudit.reports.crawl_view import scan_marker
from touchaudit.reports.formatting import Marker, UrlView, human_date, pick, url_view
from touchaudit.reports.i18n import get_translations, make_environment, resolve_language

TEMPLATE = "dashboard.html.j2"
SORTER = (
    "document.querySelectorAll('th[data-col]').forEach(function(th){th.addEventListener('click',function(){"
    "var t=th.closest('table'),b=t.tBodies[0],c=+th.dataset.col,d=th.dataset.dir==='asc'?'desc':'asc';"
    "th.dataset.dir=d;t.querySelectorAll('th').forEach(function(h){h.removeAttribute('aria-sort')});"
    "th.setAttribute('aria-sort',d==='asc'?'ascending':'descending');"
    "Array.from(b.rows).sort(function(x,y){var p=x.cells[c].dataset.v,q=y.cells[c].dataset.v,"
    "n=parseFloat(p)-parseFloat(q);n=isNaN(n)?p.localeCompare(q):n;return d==='asc'?n:-n})"
    ".forEach(function(r){b.appendChild(r)})})});"
)
SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(SORTER.encode()).digest()).decode()


class History(Protocol):
    def trend(self, url: str, limit: int = 12) -> list[tuple[str, int | None]]: ...
    def latest_pair(self, url: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]: ...


@dataclass(frozen=True)
class SiteRow:
    name: str
    url: UrlView
    tags: str
    status: Marker
    reason: str
    score: int | None
    sort_score: int
    trend_points: str  # SVG polyline points, oldest to newest
    delta: int | None  # score change since the previous scan
    changes: tuple[str, ...]  # what changed, in words
    report: str  # relative link to the site's report


@dataclass(frozen=True)
class CheckRate:
    id: str
    title: str
    passed: int
    total: int
    pct: int


@dataclass(frozen=True)
class Bucket:
    label: str
    count: int
    height: int  # bar height in the SVG, 0-100


@dataclass(frozen=True)
class DashboardView:
    lang: str
    date: str
    sites: int
    auditable: int
    median: int | None
    rows: tuple[SiteRow, ...]
    rates: tuple[CheckRate, ...]
    buckets: tuple[Bucket, ...]


def _trend_points(trend: Sequence[tuple[str, int | None]]) -> str:
    scores = [s for _, s in trend if s is not None]
    if len(scores) < 2:
        return ""
    step = 100 / (len(scores) - 1)
    return " ".join(f"{round(i * step, 1)},{30 - round(s * 0.28, 1)}" for i, s in enumerate(scores))


def _changes(history: History, url: str, lang: str) -> tuple[int | None, tuple[str, ...]]:
    from touchaudit.history.diff import diff

    previous, latest = history.latest_pair(url)
    if previous is None or latest is None:
        return None, ()
    d = diff(previous, latest)
    delta = None if d.score_before is None or d.score_after is None else d.score_after - d.score_before
    return delta, tuple(pick(f.text, lang) for f in d.facts[:4])


def build_dashboard(results: Sequence[tuple[Any, Mapping[str, Any]]], history: History, lang: str) -> DashboardView:
    lang = resolve_language(lang)
    t = get_translations(lang)
    rows, scores = [], []
    passed: dict[str, list[int]] = {}
    titles: dict[str, str] = {}
    for site, result in results:
        scan = result.get("scan", {})
        score = result.get("score")
        if score is not None:
            scores.append(score)
        for check in result.get("checks", []):
            if check.get("status") in ("pass", "partial", "fail"):
                passed.setdefault(check["id"], []).append(check["status"] == "pass")
                titles[check["id"]] = pick(check.get("title"), lang, check["id"])
        try:
            delta, changes = _changes(history, site.url, lang)
            trend = history.trend(site.url)
        except ValueError:  # a row that is not a web address has no history
            delta, changes, trend = None, (), []
        rows.append(SiteRow(
            name=site.name or site.url, url=url_view(site.url), tags=", ".join(site.tags),
            status=scan_marker(str(scan.get("status") or "error"), t), reason=str(scan.get("reason") or ""),
            score=score, sort_score=-1 if score is None else score,
            trend_points=_trend_points(trend), delta=delta, changes=changes,
            report=f"sites/{report_stem(site.url, site.name)}.html"))
    rows.sort(key=lambda r: (r.sort_score, r.name))
    rates = tuple(sorted((CheckRate(i, titles[i], sum(v), len(v), round(100 * sum(v) / len(v))) for i, v in passed.items()),
                         key=lambda r: (r.pct, r.id)))
    counts = [0] * 10
    for s in scores:
        counts[min(9, s // 10)] += 1
    top = max(counts) or 1
    buckets = tuple(Bucket(f"{i * 10}–{i * 10 + 9 if i < 9 else 100}", c, round(100 * c / top)) for i, c in enumerate(counts))
    ordered = sorted(scores)
    median = ordered[len(ordered) // 2] if ordered else None
    latest = max((r.get("scan", {}).get("finished_at") or "" for _, r in results), default="")
    return DashboardView(lang, human_date(latest, lang) if latest else "", len(rows), len(scores), median,
                         tuple(rows), rates, buckets)


def render_dashboard(results: Sequence[tuple[Any, Mapping[str, Any]]], history: History, lang: str) -> str:
    view = build_dashboard(results, history, lang)
    template = make_environment(view.lang).get_template(TEMPLATE)
    # the sorter is our own constant, never crawled text: the one string marked safe
    return template.render(v=view, sorter=Markup(SORTER), script_hash=SCRIPT_HASH)
