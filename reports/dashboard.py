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
from touchaudit.reports.crawl_view import reason_in_words, scan_marker
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
    delta: int | None  # score change of the site's last change (kept until a newer change replaces it)
    changes: tuple[str, ...]  # what changed, in words
    report: str  # relative link to the site's report
    regressed: bool = False  # that last change made the site worse
    changed_on: str = ""  # when that change was seen, in words


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
    count_y: int = 0  # where the count is written: above the bar, or inside a bar too tall for that
    count_inside: bool = False


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
    regressions: int = 0  # sites whose last change made them worse


def _trend_points(trend: Sequence[tuple[str, int | None]]) -> str:
    scores = [s for _, s in trend if s is not None]
    if len(scores) < 2:
        return ""
    step = 100 / (len(scores) - 1)
    return " ".join(f"{round(i * step, 1)},{30 - round(s * 0.28, 1)}" for i, s in enumerate(scores))


@dataclass(frozen=True)
class Change:
    delta: int | None
    lines: tuple[str, ...]
    regressed: bool = False
    on: str = ""


def _changes(history: History, url: str, result: Mapping[str, Any], lang: str) -> Change:
    """The site's last change: carried in its result (history/since.py) until a newer one
    replaces it; read from the store for results saved before results carried it."""
    from touchaudit.history.diff import diff
    from touchaudit.history.since import KEY
    from touchaudit.history.story import story, titles_of

    if KEY in result:
        last = (result.get(KEY) or {}).get("last_change")
        on = human_date(last.get("at"), lang) if last else ""
    else:
        previous, latest = history.latest_pair(url)
        last = diff(previous, latest).as_dict() if previous is not None and latest is not None else None
        on = ""
    if not last:
        return Change(None, ())
    before, after = last.get("score_before"), last.get("score_after")
    lines = [line.text for line in story(last, titles_of(result, lang=lang), lang) if line.kind != "score"]
    return Change(None if before is None or after is None else after - before, tuple(lines[:4]),
                  bool(last.get("regressed")), on)


def build_dashboard(results: Sequence[tuple[Any, Mapping[str, Any]]], history: History, lang: str,
                    reports: str = "sites") -> DashboardView:
    """`reports`: the folder of the run's site reports, relative to the dashboard."""
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
            change = _changes(history, site.url, result, lang)
            trend = history.trend(site.url)
        except ValueError:  # a row that is not a web address has no history
            change, trend = Change(None, ()), []
        rows.append(SiteRow(
            name=site.name or site.url, url=url_view(site.url), tags=", ".join(site.tags),
            status=scan_marker(str(scan.get("status") or "error"), t), reason=reason_in_words(scan, lang) or "",
            score=score, sort_score=-1 if score is None else score,
            trend_points=_trend_points(trend), delta=change.delta, changes=change.lines,
            report=f"{reports}/{report_stem(site.url, site.name)}.html", regressed=change.regressed,
            changed_on=change.on))
    rows.sort(key=lambda r: (r.sort_score, r.name))
    rates = tuple(sorted((CheckRate(i, titles[i], sum(v), len(v), round(100 * sum(v) / len(v))) for i, v in passed.items()),
                         key=lambda r: (r.pct, r.id)))
    counts = [0] * 10
    for s in scores:
        counts[min(9, s // 10)] += 1
    top = max(counts) or 1
    buckets = tuple(_bucket(i, c, top) for i, c in enumerate(counts))
    ordered = sorted(scores)
    median = ordered[len(ordered) // 2] if ordered else None
    latest = max((r.get("scan", {}).get("finished_at") or "" for _, r in results), default="")
    return DashboardView(lang, human_date(latest, lang) if latest else "", len(rows), len(scores), median,
                         tuple(rows), rates, buckets, sum(r.regressed for r in rows))


def _bucket(i: int, count: int, top: int) -> Bucket:
    """A histogram bar; its count sits above it, or inside when the bar reaches the chart's top
    (the plot area is y 5-105 of the SVG, whose text would otherwise be cut off above y 0)."""
    height = round(100 * count / top)
    inside = height > 85
    return Bucket(f"{i * 10}–{i * 10 + 9 if i < 9 else 100}", count, height,
                  105 - height + 12 if inside else 105 - height - 4, inside)


def render_dashboard(results: Sequence[tuple[Any, Mapping[str, Any]]], history: History, lang: str,
                     reports: str = "sites") -> str:
    view = build_dashboard(results, history, lang, reports)
    template = make_environment(view.lang).get_template(TEMPLATE)
    # the sorter is our own constant, never crawled text: the one string marked safe
    return template.render(v=view, sorter=Markup(SORTER), script_hash=SCRIPT_HASH)
