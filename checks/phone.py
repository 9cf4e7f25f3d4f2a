"""Phone: a visible phone number, ideally one tap away and on every page.

Principle (000, 001): give contact information; a phone number on a shop's site is obligatory,
answered by people. Pass: a valid number (phonenumbers, national numbers read in the shop's
country) in visible text, a tel: link or schema.org `telephone`. Fail: none; prices, dates, SKUs,
order numbers and tax ids never count, nor do fax numbers.
Good: footer "Atención al cliente: 912 345 678" with a tel: link. Bad: "Ref. 912345678".
"""
from __future__ import annotations

from touchaudit.checks._common import evidence_of, listing
from touchaudit.message import N_, msg
from touchaudit.model import Outcome, SiteSnapshot, Status
from touchaudit.pages.contacts import distinct, find_phones, pretty_phone
from touchaudit.registry import CheckMeta, CheckOptions

META = CheckMeta(
    id="phone",
    category="contact",
    weight=10,
    source="000_9a930db029dc3ab1.txt",
    title=N_("Visible phone number"),
    recommendation=N_("Show a phone number answered by people in the header or footer of every page, "
                      "with a tel: link so mobile visitors can call with one tap."),
)
# Whole sentences for each case (tap-to-call link or not, header/footer or not): never glued.
FOUND = {
    (True, True): N_("Phone %(numbers)s, with a tap-to-call link, in the header or footer."),
    (False, True): N_("Phone %(numbers)s, without a tap-to-call link, in the header or footer."),
    (True, False): N_("Phone %(numbers)s, with a tap-to-call link, only in the content of some pages."),
    (False, False): N_("Phone %(numbers)s, without a tap-to-call link, only in the content of some pages."),
}


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
        return Outcome(Status.FAIL, facts, summary=msg("No phone number was found on the pages visited."))
    sentence = FOUND[bool(facts["click_to_call"]), bool(facts["in_header_or_footer"])]
    shown = listing(pretty_phone(n) for n in numbers)
    return Outcome(Status.PASS, facts, evidence_of(sightings), summary=msg(sentence, numbers=shown))
