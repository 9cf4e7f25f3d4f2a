"""Return policy: customers can send things back, and know on what terms.

Principle (000): customers no longer accept shops without returns or refunds; who pays the return
shipping is a known complaint. Pass: a returns/refund policy is published — a returns page, a link
named as the policy ("Cambios y devoluciones", "Return policy"), or schema.org
MerchantReturnPolicy. Partial: returns only mentioned in passing, with a window ("30-day returns")
or as an offer ("Devolución gratuita", "Free returns"), and no policy to read. Fail: none, or only a policy link whose page answered 404/410 (the customer
finds nothing there; the evidence says so). The order-lookup link "Pedidos y devoluciones" is not
a policy. Good: "Devoluciones" in the footer, a page with "30 días naturales". Bad: nothing about
returns, or a "Devoluciones" link to a missing page.
"""
from __future__ import annotations

from typing import Any

from touchaudit.message import N_, msg, nmsg
from touchaudit.model import Evidence, Outcome, Role, SiteSnapshot, Status
from touchaudit.pages import structured
from touchaudit.pages.policies import broken_links_named, link_evidence, links_named, page_evidence, pages_with_role
from touchaudit.pages.scan import scan_zones, text_evidence
from touchaudit.registry import CheckMeta, CheckOptions
from touchaudit.text import durations

META = CheckMeta(
    id="return_policy",
    reads_words=True,
    category="trust",
    weight=8,
    source="000_9a930db029dc3ab1.txt",
    title=N_("Return policy"),
    recommendation=N_("Publish a clear return policy linked from the footer: the window (at least 14 days, better "
                      "30), how to return, who pays return shipping and when the refund is made."),
)


def _structured(site: SiteSnapshot) -> tuple[list[dict[str, Any]], list[Evidence]]:
    found, evidence = [], []
    for page in site.pages:
        for node in structured.find_typed(page.structured, "MerchantReturnPolicy"):
            found.append(dict(node))
            evidence.append(Evidence(page.final_url, str(node.get("@type") or "MerchantReturnPolicy"), via="schema"))
    return found, evidence


def check(site: SiteSnapshot, opts: CheckOptions) -> Outcome:
    pages = pages_with_role(site, Role.RETURNS)
    links = links_named(site, Role.RETURNS)
    schema, schema_ev = _structured(site)
    policy_texts = {page.final_url for page in pages}
    windows = list(scan_zones(site, "returns", durations.find_return_windows))
    windows.sort(key=lambda w: w[0].final_url not in policy_texts)  # the policy page's own words first
    window_days: int | None = windows[0][3].days if windows else None
    free: bool | None = None
    for page in pages or site.pages:
        text = page.fact_text
        if free is None and ("devol" in text or "return" in text.lower() or "troca" in text):
            free = durations.free_returns(text)
    for node in schema:
        if window_days is None and str(node.get("merchantReturnDays", "")).isdigit():
            window_days = int(node["merchantReturnDays"])
        if free is None and node.get("returnFees"):
            free = str(node["returnFees"]).endswith("FreeReturn")
    url = pages[0].final_url if pages else links[0][1].url if links else None
    facts = {"url": url, "window_days": window_days, "free_returns": free, "structured": bool(schema)}
    evidence = [page_evidence(p) for p in pages[:1]] + [link_evidence(*pl, site) for pl in links[:1]] + schema_ev[:1]
    if windows:
        page, zone, text, w = windows[0]
        evidence.append(text_evidence(page, zone, text, w.start, w.end, 50))
    if pages or links or schema:
        published = nmsg("Return policy published, with a %(n)s-day window.",
                         "Return policy published, with a %(n)s-day window.", window_days) if window_days else None
        return Outcome(Status.PASS, facts, tuple(evidence[:4]), summary=published or msg("Return policy published."))
    offers = [] if windows else list(scan_zones(site, "return_offers", durations.return_offers))
    if offers:
        page, zone, text, (start, end) = offers[0]
        evidence.append(text_evidence(page, zone, text, start, end, 50))
    if windows or offers:
        mentioned = nmsg("Returns are mentioned, with a %(n)s-day window, but there is no policy to read.",
                         "Returns are mentioned, with a %(n)s-day window, but there is no policy to read.",
                         window_days) if window_days else None
        return Outcome(Status.PARTIAL, facts, tuple(evidence[:4]),
                       summary=mentioned or msg("Returns are mentioned, but there is no policy to read."))
    broken = tuple(link_evidence(*pl, site) for pl in broken_links_named(site, Role.RETURNS)[:2])
    if broken:
        return Outcome(Status.FAIL, facts, broken, near_misses=broken,
                       summary=msg("The return policy link leads to a page that does not exist."))
    return Outcome(Status.FAIL, facts, summary=msg("No return policy was found."))
