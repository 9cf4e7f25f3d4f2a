"""What a report shows and in what order; templates only present these values.

Every decision (ordering, "fix these first", which URLs may become links, which words of a
snippet are the finding, wording) lives here so the HTML, Markdown and terminal renderers agree
and can be tested without parsing HTML. The crawl appendix is in crawl_view.py, facts in facts.py.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from babel.support import Translations
from touchaudit.reports import i18n as L
from touchaudit.reports.articles import article_for, citation, principle_for
from touchaudit.reports.crawl_view import ScanView, capture_text, scan_view
from touchaudit.reports.facts import FactView, fact_view
from touchaudit.reports.formatting import (
    Marker,
    UrlView,
    clip,
    human_date,
    humane,
    label,
    marker,
    pick,
    url_view,
)
from touchaudit.reports.i18n import get_translations, resolve_language
from touchaudit.reports.since_view import SinceView, since_view

__all__ = [
    "FactView",
    "Marker",
    "ReportView",
    "ScanView",
    "UrlView",
    "build_view",
    "human_date",
    "pick",
    "points_lost",
    "split_highlight",
    "top_fixes",
    "url_view",
]

Result = Mapping[str, Any]

STATUS_ORDER = ("fail", "partial", "error", "pass", "not_applicable")
DEFAULT_SCORES = {"pass": 1.0, "partial": 0.5, "fail": 0.0}
SCORED = frozenset({"pass", "partial", "fail"})
FOLDED = frozenset({"pass", "not_applicable"})
MAX_FIXES = 3
SNIPPET_CONTEXT = 160  # characters kept on each side of the highlighted words


@dataclass(frozen=True)
class EvidenceView:
    """One piece of proof; ``match`` is the finding inside the snippet (empty when unknown)."""

    url: UrlView
    snippet: str
    before: str
    match: str
    after: str
    zone: str | None
    selector: str | None
    seen: str = ""  # how it was seen, in words ("hidden in the HTML, shown by the page's scripts")
    via: str = ""  # where it was read when not in the text ("in the page's schema.org data")
    note: str = ""  # what became of a linked page ("the link is broken")


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
    why: str = ""  # the article's principle behind this check, one sentence
    citation: str = ""  # the article, named as its seed names it
    searched: str = ""  # where a fail looked ("Searched 23 pages, including: Contacto, Envíos.")
    near_misses: tuple[EvidenceView, ...] = ()  # what almost counted (a policy link answering 404)


@dataclass(frozen=True)
class Fix:
    """One of the "fix these first" items; also what the CLI prints in its terminal summary."""

    id: str
    anchor: str
    title: str
    status: Marker
    recommendation: str
    points_lost: float
    summary: str = ""
    why: str = ""
    citation: str = ""
    gain: str = ""  # "+8 points" on the overall score, in words of the report language


@dataclass(frozen=True)
class CategoryView:
    id: str
    name: str
    score: int | None
    checks: tuple[CheckView, ...]
    band: str = "none"


@dataclass(frozen=True)
class Count:
    status: Marker
    count: int


@dataclass(frozen=True)
class ArticleView:
    """An article the report relies on and the checks of this report that draw on it."""

    citation: str
    source: str
    checks: tuple[tuple[str, str], ...]  # (title, anchor)


@dataclass(frozen=True)
class BrandView:
    """Who prepared the report and for whom (`--brand`, `--client`), with the embedded logo."""

    logo: str  # data: URI or ""
    name: str  # the consultant's name (the logo's alternative text)
    line: str  # "Prepared by … for …", one whole sentence


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
    band_label: str = ""
    counts: tuple[Count, ...] = ()
    articles: tuple[ArticleView, ...] = ()
    branding: BrandView | None = None
    since: SinceView | None = None  # what changed since the site's previous scan (portfolio scans)
    not_read: str = ""  # which checks could not be judged because touchaudit does not read the language


def build_view(result: Result, lang: str, branding: Any = None) -> ReportView:
    """The whole report for ``result`` in ``lang`` (unknown languages fall back to English);
    ``branding`` is a reports.branding.Branding or None."""
    lang = resolve_language(lang)
    t = get_translations(lang)
    site, scan = result.get("site") or {}, result.get("scan") or {}
    checks = _checks(result)
    auditable = any(c.get("status") != "error" for c in checks)
    score = result.get("score") if auditable else None
    score = score if isinstance(score, int) and not isinstance(score, bool) else None
    final = str(site.get("final_url") or "")
    home = site.get("final_url") or site.get("url")
    categories = _categories(result, checks, t, lang, home)
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
        band=band(score),
        band_label=band_label(score, t),
        categories=categories,
        fixes=tuple(_fixes(checks, t, lang)),
        scan=scan_view(scan, t, lang, home),
        capture=capture_text(scan.get("capture"), t, lang),
        counts=_counts(checks, t),
        articles=_articles(categories),
        branding=_branding(branding, t),
        since=since_view(result, lang),
        not_read=_not_read(checks, t, lang),
    )


def _branding(b: Any, t: Translations) -> BrandView | None:
    if not b:
        return None
    if b.brand and b.client:
        line = t.gettext("Prepared by %(brand)s for %(client)s") % {"brand": b.brand, "client": b.client}
    elif b.brand:
        line = t.gettext("Prepared by %(brand)s") % {"brand": b.brand}
    elif b.client:
        line = t.gettext("Prepared for %(client)s") % {"client": b.client}
    else:
        line = ""
    return BrandView(logo=b.logo, name=b.brand, line=line)


def top_fixes(result: Result, lang: str) -> list[Fix]:
    """Up to three failing or partial checks that lose the most points (weight × (1 − score))."""
    lang = resolve_language(lang)
    return _fixes(_checks(result), get_translations(lang), lang)


def points_lost(check: Mapping[str, Any]) -> float:
    status = str(check.get("status"))
    score = check.get("score")
    if not isinstance(score, (int, float)) or isinstance(score, bool):
        score = DEFAULT_SCORES.get(status, 0.0)
    return round(max(0.0, _weight(check) * (1.0 - float(score))), 6)


def split_highlight(snippet: str, highlight: Any) -> tuple[str, str, str]:
    """``snippet`` as (before, match, after) around the first occurrence of ``highlight``.

    The match tolerates case and whitespace differences (snippets are normalised text); when the
    words are not in the snippet the whole snippet is ``before`` and nothing is marked. Long
    sides are trimmed around the match so the finding is never clipped away.
    """
    words = str(highlight or "").split()
    found = re.search(r"\s+".join(map(re.escape, words)), snippet, re.IGNORECASE) if words else None
    if not found:
        return clip(snippet), "", ""
    before, match, after = snippet[: found.start()], found.group(0), snippet[found.end():]
    if len(before) > SNIPPET_CONTEXT:
        before = "…" + before[-(SNIPPET_CONTEXT - 1):].lstrip()
    return before, clip(match), clip(after, SNIPPET_CONTEXT)


def band(score: int | None) -> str:
    if score is None:
        return "none"
    return "good" if score >= 90 else "average" if score >= 50 else "poor"


def band_label(score: int | None, t: Translations) -> str:
    return label(L.BAND_LABELS, band(score), t) or ""


def _checks(result: Result) -> list[Mapping[str, Any]]:
    return [c for c in result.get("checks") or () if isinstance(c, Mapping)]


def _weight(check: Mapping[str, Any]) -> float:
    weight = check.get("weight")
    return float(weight) if isinstance(weight, (int, float)) and not isinstance(weight, bool) else 0.0


def _anchor(check_id: str) -> str:
    return "check-" + (re.sub(r"[^a-z0-9_-]+", "-", check_id.lower()) or "x")


def _why(c: Mapping[str, Any], t: Translations, lang: str) -> tuple[str, str]:
    """The principle and the article it comes from, for a check result."""
    source, cid = str(c.get("source") or ""), str(c.get("id", ""))
    if not source:
        return "", ""
    return principle_for(source, cid, lang), citation(article_for(source, cid), t, lang)


def _fixes(checks: Sequence[Mapping[str, Any]], t: Translations, lang: str) -> list[Fix]:
    scored = [(points_lost(c), str(c.get("id", "")), c) for c in checks
              if c.get("status") in ("fail", "partial")]
    ranked = sorted((s for s in scored if s[0] > 0), key=lambda s: (-s[0], s[1]))[:MAX_FIXES]
    total = sum(_weight(c) for c in checks if c.get("status") in SCORED and _weight(c) > 0)
    fixes = []
    for lost, cid, c in ranked:
        gain = max(1, round(100 * lost / total)) if total else 0
        why, cited = _why(c, t, lang)
        fixes.append(Fix(
            id=cid, anchor=_anchor(cid), title=pick(c.get("title"), lang, cid),
            status=marker(c.get("status"), t), recommendation=pick(c.get("recommendation"), lang),
            points_lost=lost, summary=pick(c.get("summary"), lang), why=why, citation=cited,
            gain=t.ngettext("up to +%(n)s point", "up to +%(n)s points", gain) % {"n": gain},
        ))
    return fixes


def _counts(checks: Sequence[Mapping[str, Any]], t: Translations) -> tuple[Count, ...]:
    statuses = [str(c.get("status")) for c in checks]
    return tuple(Count(marker(s, t), statuses.count(s)) for s in STATUS_ORDER if s in statuses)


def _categories(result: Result, checks: Sequence[Mapping[str, Any]], t: Translations,
                lang: str, home: Any) -> tuple[CategoryView, ...]:
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

    views = []
    for cid in (*known, *extra):
        score = scores.get(cid)
        score = score if isinstance(score, int) and not isinstance(score, bool) else None
        views.append(CategoryView(
            id=cid, name=label(L.CATEGORY_NAMES, cid, t) or humane(cid), score=score,
            checks=tuple(_check(c, t, lang, home) for c in sorted(grouped.get(cid, []), key=rank)),
            band=band(score),
        ))
    return tuple(views)


def _unread_language(c: Mapping[str, Any], t: Translations, lang: str) -> str | None:
    """The page's language in words, when the check was not judged because it is not read."""
    facts = c.get("facts")
    if not isinstance(facts, Mapping) or facts.get("reason") != "language_not_read":
        return None
    return L.language_name(facts.get("language"), lang) or t.gettext(L.UNKNOWN_LANGUAGE)


def _not_read(checks: list[Mapping[str, Any]], t: Translations, lang: str) -> str:
    unread = [(c, name) for c in checks if (name := _unread_language(c, t, lang)) is not None]
    if not unread:
        return ""
    titles = ", ".join(pick(c.get("title"), lang, str(c.get("id", ""))) for c, _ in unread)
    return t.gettext(L.NOT_READ_REPORT) % {"language": unread[0][1], "checks": titles}


def _check(c: Mapping[str, Any], t: Translations, lang: str, home: Any) -> CheckView:
    cid = str(c.get("id", ""))
    score = c.get("score")
    raw_facts = c.get("facts")
    facts: Mapping[str, Any] = raw_facts if isinstance(raw_facts, Mapping) else {}
    searched = facts.get("searched") if isinstance(facts.get("searched"), Mapping) else {}
    why, cited = _why(c, t, lang)
    unread = _unread_language(c, t, lang)
    summary = t.gettext(L.NOT_READ_CHECK) % {"language": unread} if unread else pick(c.get("summary"), lang)
    hidden = {"searched", "reason", "language"} if unread else {"searched"}
    return CheckView(
        id=cid, anchor=_anchor(cid), title=pick(c.get("title"), lang, cid),
        status=marker(c.get("status"), t), summary=summary,
        recommendation=pick(c.get("recommendation"), lang),
        facts=tuple(fact_view(str(k), v, t, lang) for k, v in facts.items() if k not in hidden),
        evidence=tuple(_evidence(e, t, home) for e in c.get("evidence") or ()
                       if isinstance(e, Mapping)),
        error=t.gettext(str(c["error"])) if c.get("error") else None,  # the runner's are msgids
        source=str(c.get("source") or ""),
        score_pct=round(score * 100) if isinstance(score, (int, float)) else None,
        folded=c.get("status") in FOLDED, why=why, citation=cited,
        searched=_searched(searched, t),
        near_misses=tuple(_evidence(e, t, home) for e in searched.get("near_misses") or () if isinstance(e, Mapping)
                          and e not in (c.get("evidence") or ())),
    )


def _searched(searched: Mapping[str, Any], t: Translations) -> str:
    """"Searched 23 pages, including: Contact, Shipping, Legal notice." (the key pages' roles)."""
    n = searched.get("pages")
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        return ""
    names = []  # the kinds of page read, in the report's language ("Contacto, Envíos, Aviso legal")
    for page in searched.get("key_pages") or ():
        if isinstance(page, Mapping):
            name = label(L.ROLE_LABELS, page.get("role"), t) or ""
            if name and name not in names:
                names.append(name)
    if not names:
        return t.ngettext("Searched %(n)s page.", "Searched %(n)s pages.", n) % {"n": n}
    return t.ngettext("Searched %(n)s page, including: %(pages)s.", "Searched %(n)s pages, including: %(pages)s.",
                      n) % {"n": n, "pages": ", ".join(names[:6])}


def _evidence(e: Mapping[str, Any], t: Translations, home: Any) -> EvidenceView:
    zone = e.get("zone")
    snippet = str(e.get("snippet") or "")
    before, match, after = split_highlight(snippet, e.get("highlight"))
    return EvidenceView(
        url=url_view(e.get("url"), home), snippet=clip(snippet),
        before=before, match=match, after=after,
        zone=label(L.ZONE_LABELS, zone, t) or (str(zone) if zone else None),
        selector=str(e["selector"]) if e.get("selector") else None,
        seen=label(L.SEEN_LABELS, e.get("seen"), t) or "",
        via=label(L.VIA_LABELS, e.get("via"), t) or "",
        note=label(L.NOTE_LABELS, e.get("note"), t) or "",
    )


def _articles(categories: Sequence[CategoryView]) -> tuple[ArticleView, ...]:
    """The articles this report cites, in source order, each with the checks that use it."""
    cited: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for cat in categories:
        for c in cat.checks:
            if c.source:
                cited.setdefault((c.source, c.citation), []).append((c.title, c.anchor))
    return tuple(ArticleView(citation=text, source=source, checks=tuple(checks))
                 for (source, text), checks in sorted(cited.items()))


def _no_score(scan: Mapping[str, Any], checks: Sequence[Mapping[str, Any]], auditable: bool) -> str:
    if scan.get("status") in ("unreachable", "blocked", "error") and not auditable:
        return L.NO_SCORE_SCAN
    if not checks:
        return L.NO_SCORE_NO_CHECKS
    return L.NO_SCORE_ALL_ERRORS if not auditable else L.NO_SCORE_OTHER
