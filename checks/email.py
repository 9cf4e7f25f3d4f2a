"""E-mail: an address customers can write to (but not the only way to reach the shop).

Principle (000, 001): offer e-mail, answered quickly, as one of several channels. Pass: a valid
address visible as text or a mailto: link (schema.org `email` counts). Fail: none, or only
placeholders ("tu@email.com") and asset names ("logo@2x.png").
Good: "Escríbenos a hola@tienda.es". Bad: a newsletter box whose placeholder is "tu@email.com".
"""
from __future__ import annotations

from touchaudit.checks._common import evidence_of, listing
from touchaudit.message import N_, msg
from touchaudit.model import Outcome, SiteSnapshot, Status
from touchaudit.pages.contacts import distinct, find_emails
from touchaudit.registry import CheckMeta, CheckOptions

META = CheckMeta(
    id="email",
    category="contact",
    weight=5,
    source="000_9a930db029dc3ab1.txt",
    title=N_("Visible e-mail address"),
    recommendation=N_("Show a customer-service e-mail address (with a mailto: link) on the contact page and in the "
                      "footer, and answer within 24 hours."),
)


def check(site: SiteSnapshot, opts: CheckOptions) -> Outcome:
    sightings = find_emails(site)
    addresses = distinct(sightings)
    facts = {"emails": addresses, "mailto": any(s.source == "link" for s in sightings)}
    if not addresses:
        return Outcome(Status.FAIL, facts, summary=msg("No visible e-mail address was found."))
    return Outcome(Status.PASS, facts, evidence_of(sightings),
                   summary=msg("E-mail %(emails)s.", emails=listing(addresses)))
