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
    title={"es": "Identidad legal", "en": "Legal identity"},
    recommendation={
        "es": "Identifica a la empresa en un «Aviso legal» enlazado desde el pie: razón social, NIF/CIF (o RFC, CUIT, "
        "RUT...), domicilio y datos de registro.",
        "en": "Identify the business in a legal notice linked from the footer: registered name, tax or company id, "
        "registered address and registration details.",
    },
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
        who = facts["company"] or "—"
        return Outcome(Status.PASS, facts, tuple(evidence[:4]), summary={
            "es": f"Empresa: {who}; {len(ids)} identificador(es) fiscal(es); {len(urls)} página(s) legal(es).",
            "en": f"Company: {who}; {len(ids)} tax id(s); {len(urls)} legal page(s)."})
    if companies or ids or terms:
        if terms and not evidence:
            evidence.append(page_evidence(terms[0], "terms and conditions"))
        return Outcome(Status.PARTIAL, facts, tuple(evidence[:4]), summary={
            "es": "Hay datos parciales (nombre o condiciones), pero falta un aviso legal con el identificador fiscal.",
            "en": "Some details (a name or terms), but no legal notice with a tax or company id."})
    broken = tuple(link_evidence(*pl, site) for pl in broken_links_named(site, Role.LEGAL)[:2])
    if broken:
        return Outcome(Status.FAIL, facts, broken, near_misses=broken, summary={
            "es": "El enlace al aviso legal lleva a una página que no existe.",
            "en": "The legal notice link leads to a page that does not exist."})
    return Outcome(Status.FAIL, facts, summary={"es": "No se identifica a la empresa responsable de la tienda.",
                                                "en": "The business behind the shop is not identified."})
