"""Run every check over a snapshot and build the public result; checks stay pure and small.

The runner owns the guards: a check that raises or has no pages becomes `error`, a pass or
partial without evidence is refused (it would be a claim a person cannot verify), and a check
that reads words gives no fail or partial on a page in a language touchaudit does not read.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any, Mapping

from touchaudit import __version__, scoring
from touchaudit.failures import NOTE_KINDS
from touchaudit.message import N_, msg
from touchaudit.model import (STATUS_SCORE, AuditResult, CheckResult, Evidence, Outcome, Role, SiteSnapshot, Status,
                              to_jsonable)
from touchaudit.registry import Check, CheckOptions, all_checks
from touchaudit.reports.sentences import in_every_language, msgid_in_every_language
from touchaudit.text import lexicon

log = logging.getLogger(__name__)
SCHEMA_VERSION = 1
# Why a check could not run; JSON's `error` keeps the English, reports say it in their language.
NO_PAGES = N_("no page of the site could be fetched")
NO_EVIDENCE = N_("the check claimed a result without evidence")


def run_check(check: Check, site: SiteSnapshot, opts: CheckOptions, weight: float) -> CheckResult:
    meta = check.meta
    error: str | None = None
    if not site.pages:
        outcome = Outcome(Status.ERROR, {})
        error = NO_PAGES
    else:
        try:
            outcome = check.run(site, opts)
        except Exception as exc:  # one broken check must not lose the audit
            log.exception("check %s failed", meta.id)
            outcome, error = Outcome(Status.ERROR, {}), f"{type(exc).__name__}: {exc}"
        if outcome.status in (Status.PASS, Status.PARTIAL) and not outcome.evidence:
            outcome, error = Outcome(Status.ERROR, outcome.facts), NO_EVIDENCE
    if meta.reads_words and outcome.status is not Status.ERROR and not lexicon.reads(site.language):
        outcome = not_read(outcome, site.language)
    facts = outcome.facts
    if outcome.status is Status.FAIL:  # a fail says where touchaudit looked, so it is not a guess
        facts = {**facts, "searched": searched(site, outcome.near_misses)}
    score = outcome.score if outcome.score is not None else STATUS_SCORE.get(outcome.status, 0.0)
    return CheckResult(
        id=meta.id,
        category=meta.category,
        status=outcome.status,
        score=round(float(score), 3),
        weight=weight,
        facts=facts,
        evidence=seen_rendered(site, outcome.evidence),
        title=msgid_in_every_language(meta.title),
        summary=in_every_language(outcome.summary) if outcome.summary else {},
        recommendation=msgid_in_every_language(meta.recommendation),
        source=meta.source,
        error=error,
    )


def not_read(outcome: Outcome, language: str | None) -> Outcome:
    """A check that reads words gives no verdict on a page it cannot read: never "fail", and no
    "pass" either, or a shop in an unread language would be scored on its passes alone. It is
    not_applicable, keeps what it found as evidence, and says why in machine terms the report
    translates."""
    facts = {**outcome.facts, "reason": "language_not_read", "language": language}
    # The language's name is said by the report (reports/view.py, from facts.language); here its code.
    summary = msg("Not judged: touchaudit does not read this language yet (%(language)s).", language=language)
    return Outcome(Status.NOT_APPLICABLE, facts, outcome.evidence, summary=summary)


KEY_ROLES = (Role.HOME, Role.CONTACT, Role.SHIPPING, Role.RETURNS, Role.PAYMENT, Role.WARRANTY, Role.LEGAL,
             Role.TERMS, Role.FAQ, Role.ABOUT, Role.PRIVACY)


def searched(site: SiteSnapshot, near_misses: tuple[Evidence, ...] = ()) -> dict[str, Any]:
    """Where a fail looked: how many pages, the key pages by role, and what almost counted."""
    key_pages = sorted((p for p in site.pages if p.role in KEY_ROLES), key=lambda p: KEY_ROLES.index(p.role))
    return {
        "pages": len(site.pages),
        "key_pages": [{"role": p.role.value, "url": p.final_url, "title": p.title} for p in key_pages[:12]],
        "near_misses": [to_jsonable(e) for e in near_misses[:5]],
    }


def seen_rendered(site: SiteSnapshot, evidence: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    """Evidence from a page built from a rendered DOM says so, whichever check found it."""
    rendered = site.memoized("rendered_urls", lambda s: frozenset(p.final_url for p in s.pages if p.rendered))
    if not rendered:
        return evidence
    return tuple(replace(e, seen="rendered") if e.seen is None and e.url in rendered else e for e in evidence)


def audit(
    site: SiteSnapshot,
    opts: CheckOptions | None = None,
    weights: Mapping[str, float] | None = None,
) -> AuditResult:
    opts = opts or CheckOptions(country=site.country)
    weights = weights or {}
    results = [run_check(c, site, opts, float(weights.get(c.meta.id, c.meta.weight))) for c in all_checks()]
    return AuditResult(
        tool="touchaudit",
        version=__version__,
        schema_version=SCHEMA_VERSION,
        site={
            "url": site.url,
            "final_url": site.final_url,
            "language": site.language,
            "country": site.country,
            "platform": site.platform,
        },
        scan={
            "started_at": site.started_at,
            "finished_at": site.finished_at,
            "pages_fetched": len(site.pages),
            "pages_failed": sum(1 for f in site.failures if f.kind not in NOTE_KINDS),
            "status": site.status.value,
            "reason": site.reason,
            "reason_text": in_every_language(site.reason_message) if site.reason_message else None,
            "errors": [to_jsonable(f) for f in site.failures],
            "robots_ignored": site.robots_ignored,
            "budget": site.budget,
            "capture": site.capture,
            "render": site.render,
            "pages": [
                {"url": p.final_url, "status": p.status, "role": p.role.value, "title": p.title,
                 **({"rendered": True} if p.rendered else {})}
                for p in site.pages
            ],
        },
        score=scoring.weighted(results) if site.pages else None,
        categories=scoring.categories(results),
        checks=tuple(results),
    )
