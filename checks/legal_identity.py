"""Legal identity: who is behind the shop — a company name with a registration or tax id.

Principle (000): customers can't tell whether a web shop is legitimate. Pass: a company name with
a legal form plus a valid tax/registration id (checksums verified with python-stdnum: NIF/CIF/NIE,
RFC, CUIT, RUT, CNPJ, EU VAT...), or a legal-notice page ("Aviso legal", "Impressum", "Legal
notice"). Partial: a company name alone, or only terms and conditions, without an id (never a
pass). Fail: none, or only a legal-notice link whose page answered 404/410. A random number is
never a company id.
Good: "Cocina Alba S.L. — CIF B86527413". Bad: "© 2026 Mi Tienda".
"""
from __future__ import annotations

from touchaudit.message import N_, Message, msg, nmsg
from touchaudit.model import Evidence, Outcome, Role, SiteSnapshot, Status
from touchaudit.pages.contacts import site_region
from touchaudit.pages.policies import broken_links_named, link_evidence, links_named, page_evidence, pages_with_role
from touchaudit.pages.scan import scan_zones, text_evidence
from touchaudit.registry import CheckMeta, CheckOptions
from touchaudit.text import taxids

META = CheckMeta(
    id="legal_identity",
    reads_words=True,
    category="trust",
    weight=7,
    source="000_9a930db029dc3ab1.txt",
    title=N_("Legal identity"),
    recommendation=N_("Identify the business in a legal notice linked from the footer: registered name, tax or "
                      "company id, registered address and registration details."),
)


def check(site: SiteSnapshot, opts: CheckOptions) -> Outcome:
    region = site_region(site)
    ids: dict[str, dict[str, str]] = {}
    companies: list[str] = []
    evidence: list[Evidence] = []
    for page, zone, text, t in scan_zones(site, f"taxids:{region}", lambda s: taxids.find_tax_ids(s, region)):
        if t.value not in ids:
            ids[t.value] = {"scheme": t.scheme, "value": t.value}
            evidence.append(text_evidence(page, zone, text, t.start, t.end, 50))
    for page, zone, text, c in scan_zones(site, "companies", taxids.find_company_names):
        if c.name not in companies:
            companies.append(c.name)
            if len(evidence) < 3:
                evidence.append(text_evidence(page, zone, text, c.start, c.end, 40))
    legal_pages = pages_with_role(site, Role.LEGAL)
    legal_links = links_named(site, Role.LEGAL)
    terms = pages_with_role(site, Role.TERMS) + [p for p, _ in links_named(site, Role.TERMS)]
    urls = list(dict.fromkeys([p.final_url for p in legal_pages] + [l.url for _, l in legal_links]))
    evidence += [page_evidence(p) for p in legal_pages[:1]] + [link_evidence(*pl, site) for pl in legal_links[:1]]
    facts = {"company": companies[0] if companies else None, "tax_ids": list(ids.values()), "legal_pages": urls}
    if (companies and ids) or urls:
        return Outcome(Status.PASS, facts, tuple(evidence[:4]), summary=_identified(companies, ids, urls))
    if companies or ids or terms:
        if terms and not evidence:
            evidence.append(page_evidence(terms[0]))
        return Outcome(Status.PARTIAL, facts, tuple(evidence[:4]),
                       summary=msg("Some details (a name or terms), but no legal notice with a tax or company id."))
    broken = tuple(link_evidence(*pl, site) for pl in broken_links_named(site, Role.LEGAL)[:2])
    if broken:
        return Outcome(Status.FAIL, facts, broken, near_misses=broken,
                       summary=msg("The legal notice link leads to a page that does not exist."))
    return Outcome(Status.FAIL, facts, summary=msg("The business behind the shop is not identified."))


def _identified(companies: list[str], ids: dict[str, dict[str, str]], urls: list[str]) -> Message:
    if companies and ids:
        return nmsg("Company: %(company)s, with %(n)s tax or company id.",
                    "Company: %(company)s, with %(n)s tax or company ids.", len(ids), company=companies[0])
    if companies:
        return nmsg("Company: %(company)s; %(n)s legal page.", "Company: %(company)s; %(n)s legal pages.",
                    len(urls), company=companies[0])
    return nmsg("%(n)s legal page, without a company name.", "%(n)s legal pages, without a company name.",
                len(urls))
