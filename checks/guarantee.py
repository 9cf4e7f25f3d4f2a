"""Guarantee: the shop stands behind what it sells.

Principle (002, law 4): guarantee that the product works and make sure customers are happy.
Pass: a warranty, money-back or satisfaction guarantee stated in visible text, or a page or link
named as the guarantee ("Garantía", "Warranty"). Fail: none. "Garantizamos la privacidad de tus
datos" and "pago seguro" are not product guarantees.
Good: "Garantía de 3 años en todos los electrodomésticos". Bad: no word about guarantees.
"""
from __future__ import annotations

from touchaudit.message import N_, msg, words
from touchaudit.model import Evidence, Outcome, Role, SiteSnapshot, Status
from touchaudit.pages.policies import broken_links_named, link_evidence, links_named, page_evidence, pages_with_role
from touchaudit.pages.scan import scan_zones, text_evidence
from touchaudit.registry import CheckMeta, CheckOptions
from touchaudit.text import guarantees

META = CheckMeta(
    id="guarantee",
    reads_words=True,
    category="trust",
    weight=5,
    source="002_caf0b9448fcd49bb.txt",
    title=N_("Guarantee"),
    recommendation=N_("Explain your products' warranty (legal and any commercial one) and offer a satisfaction or "
                      "money-back guarantee; link it from product pages."),
)


def check(site: SiteSnapshot, opts: CheckOptions) -> Outcome:
    kinds: list[str] = []
    evidence: list[Evidence] = []
    for page, zone, text, m in scan_zones(site, "guarantees", guarantees.find_guarantees):
        if m.kind not in kinds:
            kinds.append(m.kind)
            evidence.append(text_evidence(page, zone, text, m.start, m.end, 50))
    pages = pages_with_role(site, Role.WARRANTY)
    links = links_named(site, Role.WARRANTY)
    evidence += [page_evidence(p) for p in pages[:1]] + [link_evidence(*pl, site) for pl in links[:1]]
    facts = {"kinds": kinds, "url": pages[0].final_url if pages else links[0][1].url if links else None}
    if not evidence:
        broken = tuple(link_evidence(*pl, site) for pl in broken_links_named(site, Role.WARRANTY)[:2])
        return Outcome(Status.FAIL, facts, broken, near_misses=broken, summary=msg("No guarantee is mentioned."))
    summary = msg("Guarantees: %(kinds)s.", kinds=words(kinds)) if kinds else msg("There is a guarantee page.")
    return Outcome(Status.PASS, facts, tuple(evidence[:4]), summary=summary)
