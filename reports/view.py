"""What a report shows and in what order; templates only present these values.

Every decision (ordering, "fix these first", which URLs may become links, wording) lives here so
the HTML, Markdown and terminal renderers agree and can be tested without parsing HTML.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePath
from typing import Any

from babel.dates import format_date, format_time, get_datetime_format
from babel.numbers import format_decimal
from babel.support import Translations
from touchaudit.reports import i18n as L
from touchaudit.reports.i18n import babel_locale, get_translations, resolve_language

Result = Mapping[str, Any]

STATUS_ORDER = ("fail", "partial", "error", "pass", "not_applicable")
DEFAULT_SCORES = {"pass": 1.0, "partial": 0.5, "fail": 0.0}
FOLDED = frozenset({"pass", "not_applicable"})
MAX_FIXES = 3
MAX_ITEMS = 20
MAX_TEXT = 400
# Only absolute http(s) URLs without whitespace or control characters become links; anything
# else (javascript:, data:, relative, "java\tscript:") is shown as plain text.
_SAFE_URL = re.compile(r"^https?://[^\s\x00-\x1f\x7f<>\"`]+$", re.IGNORECASE)


@dataclass(frozen=True)
class Marker:
    """A status shown as text plus a symbol, so it never depends on colour alone."""

    key: str
    label: str
    symbol: str


@dataclass(frozen=True)
class UrlView:
    text: str
    href: str | None  # None: not safe to link, show as text


@dataclass(frozen=True)
class EvidenceView:
    url: UrlView
    snippet: str
    zone: str | None
    selector: str | None


@dataclass(frozen=True)
class FactView:
    label: str
    values: tuple[str, ...]
    is_list: bool


@dataclass(frozen=True)
class CheckView:
    id: str
    anchor: str
    title: str
    status: Marker
    summary: str
    recommendation: str
    facts: tuple[FactView, ...]
    evidence: tuple[EvidenceView, ...]
    error: str | None
    source: str
    score_pct: int | None
    folded: bool


@dataclass(frozen=True)
class Fix:
    """One of the "fix these first" items; also what the CLI prints in its terminal summary."""

    id: str
    anchor: str
    title: str
    status: Marker
    recommendation: str
    points_lost: float


@dataclass(frozen=True)
class CategoryView:
    id: str
    name: str
    score: int | None
    checks: tuple[CheckView, ...]


@dataclass(frozen=True)
class PageRow:
    url: UrlView
    role: str
    http_status: str
    title: str


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


@dataclass(frozen=True)
class ReportView:
    lang: str
    tool: str
    version: str
    site: UrlView
    final_url: UrlView | None  # only when the crawl was redirected elsewhere
    platform: str | None
    date: str
    auditable: bool
    no_score: str | None  # why there is no score, in words; None when there is one
    score: int | None  # None when nothing could be audited or no score was given
    band: str  # good (90+), average (50+), poor, none: the colour band, always with the number
    categories: tuple[CategoryView, ...]
    fixes: tuple[Fix, ...]
    scan: ScanView
    capture: str | None = None  # the WARC evidence: when captured, written or replayed from where


def build_view(result: Result, lang: str) -> ReportView:
    """The whole report for ``result`` in ``lang`` (unknown languages fall back to English)."""
    lang = resolve_language(lang)
    t = get_translations(lang)
    site, scan = result.get("site") or {}, result.get("scan") or {}
    checks = [c for c in result.get("checks") or () if isinstance(c, Mapping)]
    auditable = any(c.get("status") != "error" for c in checks)
    score = result.get("score") if auditable else None
    score = score if isinstance(score, int) and not isinstance(score, bool) else None
    final = str(site.get("final_url") or "")
    return ReportView(
        lang=lang,
        tool=str(result.get("tool", "touchaudit")),
        version=str(result.get("version", "")),
        site=url_view(site.get("url")),
        final_url=url_view(final) if final and final != site.get("url") else None,
        platform=site.get("platform"),
        date=human_date(scan.get("finished_at") or scan.get("started_at"), lang),
        auditable=auditable,
        no_score=None if score is not None else t.gettext(_no_score(scan, checks, auditable)),
        score=score,
        band=_band(score),
        categories=_categories(result, checks, t, lang),
        fixes=tuple(_fixes(checks, t, lang)),
        scan=_scan(scan, t, lang),
        capture=_capture(scan.get("capture"), t, lang),
    )


def top_fixes(result: Result, lang: str) -> list[Fix]:
    """Up to three failing or partial checks that lose the most points (weight × (1 − score))."""
    lang = resolve_language(lang)
    return _fixes([c for c in result.get("checks") or () if isinstance(c, Mapping)],
                  get_translations(lang), lang)


def url_view(url: Any) -> UrlView:
    text = "" if url is None else str(url)
    return UrlView(text=text, href=text if _SAFE_URL.match(text) else None)


def human_date(value: Any, lang: str) -> str:
    """A long, localised UTC date and time; the raw value when it is not ISO 8601."""
    if not value:
        return "—"
    try:
        moment = datetime.fromisoformat(str(value))  # 3.11+ reads a trailing "Z"
    except ValueError:
        return str(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    loc = babel_locale(lang)
    day = format_date(moment, "long", locale=loc)
    clock = format_time(moment, "short", tzinfo=UTC, locale=loc)
    pattern = str(get_datetime_format("long", locale=loc)).replace("'", "")
    return pattern.replace("{1}", day).replace("{0}", clock) + " UTC"


def points_lost(check: Mapping[str, Any]) -> float:
    status = str(check.get("status"))
    score = check.get("score")
    if not isinstance(score, (int, float)) or isinstance(score, bool):
        score = DEFAULT_SCORES.get(status, 0.0)
    weight = check.get("weight")
    weight = weight if isinstance(weight, (int, float)) and not isinstance(weight, bool) else 0
    return round(max(0.0, float(weight) * (1.0 - float(score))), 6)


def pick(texts: Any, lang: str, default: str = "") -> str:
    """The text in ``lang``, else English, else Spanish, else any: never an empty report cell."""
    if isinstance(texts, str):
        return texts
    if not isinstance(texts, Mapping):
        return default
    for key in (lang, "en", "es", *texts):
        if texts.get(key):
            return str(texts[key])
    return default


def _label(table: Mapping[str, str], key: Any, t: Translations) -> str | None:
    """The translated label for a vocabulary value, or None when the catalogue has none."""
    return t.gettext(table[key]) if isinstance(key, str) and key in table else None


def _marker(status: Any, t: Translations) -> Marker:
    key = str(status)
    if key not in L.STATUS_LABELS:
        return Marker(key="unknown", label=key, symbol="?")
    return Marker(key=key, label=t.gettext(L.STATUS_LABELS[key]), symbol=L.STATUS_SYMBOLS[key])


def _anchor(check_id: str) -> str:
    return "check-" + (re.sub(r"[^a-z0-9_-]+", "-", check_id.lower()) or "x")


def _fixes(checks: Sequence[Mapping[str, Any]], t: Translations, lang: str) -> list[Fix]:
    scored = [(points_lost(c), str(c.get("id", "")), c) for c in checks
              if c.get("status") in ("fail", "partial")]
    ranked = sorted((s for s in scored if s[0] > 0), key=lambda s: (-s[0], s[1]))[:MAX_FIXES]
    return [Fix(id=cid, anchor=_anchor(cid), title=pick(c.get("title"), lang, cid),
                status=_marker(c.get("status"), t),
                recommendation=pick(c.get("recommendation"), lang), points_lost=lost)
            for lost, cid, c in ranked]


def _categories(result: Result, checks: Sequence[Mapping[str, Any]], t: Translations,
                lang: str) -> tuple[CategoryView, ...]:
    scores = {str(c.get("id")): c.get("score") for c in result.get("categories") or ()
              if isinstance(c, Mapping)}
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for check in checks:
        grouped.setdefault(str(check.get("category") or "other"), []).append(check)
    known = [cid for cid in L.CATEGORY_NAMES if cid in grouped or cid in scores]
    extra = sorted((set(grouped) | set(scores)) - set(L.CATEGORY_NAMES))

    def rank(c: Mapping[str, Any]) -> tuple[int, float, str]:
        status = str(c.get("status"))
        order = STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)
        return order, -points_lost(c), str(c.get("id", ""))

    return tuple(
        CategoryView(
            id=cid,
            name=_label(L.CATEGORY_NAMES, cid, t) or _humane(cid),
            score=scores[cid] if isinstance(scores.get(cid), int) else None,
            checks=tuple(_check(c, t, lang) for c in sorted(grouped.get(cid, []), key=rank)),
        )
        for cid in (*known, *extra)
    )


def _check(c: Mapping[str, Any], t: Translations, lang: str) -> CheckView:
    cid = str(c.get("id", ""))
    score = c.get("score")
    raw_facts = c.get("facts")
    facts: Mapping[str, Any] = raw_facts if isinstance(raw_facts, Mapping) else {}
    return CheckView(
        id=cid, anchor=_anchor(cid), title=pick(c.get("title"), lang, cid),
        status=_marker(c.get("status"), t), summary=pick(c.get("summary"), lang),
        recommendation=pick(c.get("recommendation"), lang),
        facts=tuple(_fact(str(k), v, t, lang) for k, v in facts.items()),
        evidence=tuple(_evidence(e, t) for e in c.get("evidence") or () if isinstance(e, Mapping)),
        error=str(c["error"]) if c.get("error") else None,
        source=str(c.get("source") or ""),
        score_pct=round(score * 100) if isinstance(score, (int, float)) else None,
        folded=c.get("status") in FOLDED,
    )


def _evidence(e: Mapping[str, Any], t: Translations) -> EvidenceView:
    zone = e.get("zone")
    return EvidenceView(
        url=url_view(e.get("url")), snippet=_clip(str(e.get("snippet") or "")),
        zone=_label(L.ZONE_LABELS, zone, t) or (str(zone) if zone else None),
        selector=str(e["selector"]) if e.get("selector") else None,
    )


def _fact(key: str, value: Any, t: Translations, lang: str) -> FactView:
    label = _label(L.FACT_LABELS, key, t) or _humane(key)
    if isinstance(value, Mapping):
        items = [f"{k}: {_scalar(v, t, lang)}" for k, v in _flatten(value)]
    elif isinstance(value, (list, tuple)):
        items = [_item(key, v, t, lang) for v in value]
    else:
        return FactView(label=label, values=(_scalar(value, t, lang),), is_list=False)
    if not items:
        return FactView(label=label, values=(t.gettext(L.NONE_FOUND),), is_list=False)
    if len(items) > MAX_ITEMS:
        rest = len(items) - MAX_ITEMS
        items = items[:MAX_ITEMS] + [t.ngettext("and %(n)s more", "and %(n)s more", rest) % {"n": rest}]
    return FactView(label=label, values=tuple(items), is_list=True)


def _item(key: str, value: Any, t: Translations, lang: str) -> str:
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_scalar(v, t, lang)}" for k, v in _flatten(value))
    if key in L.VOCAB_FACTS and isinstance(value, str) and value in L.VOCAB_LABELS:
        return t.gettext(L.VOCAB_LABELS[value])
    return _scalar(value, t, lang)


def _flatten(value: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Nested mappings become dotted keys; good enough for facts nobody planned a layout for."""
    pairs: list[tuple[str, Any]] = []
    for k, v in value.items():
        name = f"{prefix}{k}"
        pairs.extend(_flatten(v, name + ".") if isinstance(v, Mapping) else [(name, v)])
    return pairs


def _scalar(value: Any, t: Translations, lang: str) -> str:
    if isinstance(value, bool):
        return t.gettext(L.YES if value else L.NO)
    if value is None:
        return t.gettext(L.NOT_STATED)
    if isinstance(value, (int, float)) and math.isfinite(value):
        return str(format_decimal(round(value, 2), locale=babel_locale(lang)))
    if isinstance(value, (list, tuple)):
        return ", ".join(_scalar(v, t, lang) for v in value)
    return _clip(str(value))


def _clip(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1].rstrip() + "…"


def _humane(identifier: str) -> str:
    words = identifier.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else identifier


def _no_score(scan: Mapping[str, Any], checks: Sequence[Mapping[str, Any]], auditable: bool) -> str:
    if scan.get("status") in ("unreachable", "blocked", "error") and not auditable:
        return L.NO_SCORE_SCAN
    if not checks:
        return L.NO_SCORE_NO_CHECKS
    return L.NO_SCORE_ALL_ERRORS if not auditable else L.NO_SCORE_OTHER


def _band(score: int | None) -> str:
    if score is None:
        return "none"
    return "good" if score >= 90 else "average" if score >= 50 else "poor"


def _scan(scan: Mapping[str, Any], t: Translations, lang: str) -> ScanView:
    status = str(scan.get("status") or "error")
    fetched, failed = int(scan.get("pages_fetched") or 0), int(scan.get("pages_failed") or 0)
    budget = scan.get("budget")
    if status in L.SCAN_LABELS:
        marker = Marker(status, t.gettext(L.SCAN_LABELS[status]), L.SCAN_SYMBOLS[status])
        explanation = t.gettext(L.SCAN_EXPLANATIONS[status])
    else:
        marker, explanation = Marker("unknown", status, "?"), ""
    pages = tuple(
        PageRow(url=url_view(p.get("url")),
                role=_label(L.ROLE_LABELS, p.get("role"), t) or str(p.get("role") or "—"),
                http_status=str(p.get("status") or "—"), title=_clip(str(p.get("title") or "")))
        for p in scan.get("pages") or () if isinstance(p, Mapping))
    errors = tuple(
        ErrorRow(url=url_view(e.get("url")), kind=str(e.get("kind") or ""),
                 explanation=_error_kind(str(e.get("kind") or ""), t),
                 detail=_clip(str(e.get("detail") or "")))
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
        pages=pages, errors=errors,
    )


def _capture(capture: Any, t: Translations, lang: str) -> str | None:
    """A replay says when its evidence was captured; evidence links stay the live URLs."""
    if not isinstance(capture, Mapping) or not capture.get("path"):
        return None
    values = {"date": human_date(capture.get("captured_at"), lang),
              "file": PurePath(str(capture["path"])).name}
    if capture.get("mode") == "replay":
        return t.gettext("Captured on %(date)s — replay of %(file)s") % values
    return t.gettext("Captured on %(date)s — archived in %(file)s") % values


def _error_kind(kind: str, t: Translations) -> str:
    if kind in L.ERROR_KINDS:
        return t.gettext(L.ERROR_KINDS[kind])
    code = re.fullmatch(r"http_(\d{3})", kind)
    if code:
        return t.gettext("The server answered with HTTP status %(code)s.") % {"code": code.group(1)}
    return t.gettext(L.ERROR_OTHER)
