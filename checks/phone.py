"""Phone: a visible phone number, ideally one tap away and on every page.

Principle (000, 001): give contact information; a phone number on a shop's site is obligatory,
answered by people. Pass: a valid number (phonenumbers, national numbers read in the shop's
country) in visible text, a tel: link or schema.org `telephone`. Fail: none; prices, dates, SKUs,
order numbers and tax ids never count, nor do fax numbers.
Good: footer "Atención al cliente: 912 345 678" with a tel: link. Bad: "Ref. 912345678".
"""
from __future__ import annotations

from touchaudit.checks._common import evidence_of, listing
from touchaudit.model import Outcome, SiteSnapshot, Status
from touchaudit.pages.contacts import distinct, find_phones, pretty_phone
from touchaudit.registry import CheckMeta, CheckOptions

META = CheckMeta(
    id="phone",
    category="contact",
    weight=10,
    source="000_9a930db029dc3ab1.txt",
    title={"es": "Teléfono visible", "en": "Visible phone number"},
    recommendation={
        "es": "Publica un teléfono atendido por personas en la cabecera o el pie de todas las páginas, "
        "con un enlace tel: para llamar con un toque desde el móvil.",
        "en": "Show a phone number answered by people in the header or footer of every page, "
        "with a tel: link so mobile visitors can call with one tap.",
    },
)


def check(site: SiteSnapshot, opts: CheckOptions) -> Outcome:
    sightings = find_phones(site)
    numbers = distinct(sightings)
    facts = {
        "numbers": numbers,
        "click_to_call": any(s.source == "link" for s in sightings),
        "toll_free": any(s.toll_free for s in sightings),
        "in_header_or_footer": any(s.zone in ("header", "footer") for s in sightings),
    }
    if not numbers:
        return Outcome(
            Status.FAIL,
            facts,
            summary={"es": "No se ha encontrado ningún teléfono en las páginas visitadas.",
                     "en": "No phone number was found on the pages visited."},
        )
    where_es = "en la cabecera o el pie" if facts["in_header_or_footer"] else "solo en el contenido de algunas páginas"
    where_en = "in the header or footer" if facts["in_header_or_footer"] else "only in the content of some pages"
    call_es = "con enlace para llamar" if facts["click_to_call"] else "sin enlace para llamar"
    call_en = "with a tap-to-call link" if facts["click_to_call"] else "without a tap-to-call link"
    shown = listing(pretty_phone(n) for n in numbers)
    return Outcome(
        Status.PASS,
        facts,
        evidence_of(sightings),
        summary={"es": f"Teléfono {shown}, {call_es}, {where_es}.", "en": f"Phone {shown}, {call_en}, {where_en}."},
    )
