"""Contact channels: more than one way to reach a person, beyond e-mail.

Principle (000): customers want to reach you the way they prefer; e-mail alone is not enough.
Counts distinct channels of the spec's CHANNELS (phone, e-mail, contact form, live chat, WhatsApp,
Messenger, Telegram, SMS, video call, call-back, social profiles). Pass: 3 or more. Partial: 2.
Fail: 0 or 1. Share buttons are not social profiles; a newsletter box is not a contact form.
Good: phone + WhatsApp + contact form. Bad: only "info@shop.com".
"""
from __future__ import annotations

from touchaudit.checks._common import evidence_of
from touchaudit.message import N_, msg, nmsg, words
from touchaudit.model import Outcome, SiteSnapshot, Status
from touchaudit.pages.channels import CHANNELS, find_channels
from touchaudit.registry import CheckMeta, CheckOptions

META = CheckMeta(
    id="contact_channels",
    category="contact",
    weight=8,
    source="000_9a930db029dc3ab1.txt",
    title=N_("Several contact channels"),
    recommendation=N_("Offer at least three channels besides e-mail: phone, a contact form and an immediate one "
                      "such as WhatsApp or live chat, all linked from the contact page."),
)


def check(site: SiteSnapshot, opts: CheckOptions) -> Outcome:
    found = find_channels(site)
    channels = [c for c in CHANNELS if c in found]
    facts = {"channels": channels, "count": len(channels)}
    evidence = tuple(ev for c in channels for ev in evidence_of(found[c], limit=1))
    summary = nmsg("%(n)s contact channel: %(channels)s.", "%(n)s contact channels: %(channels)s.",
                   len(channels), channels=words(channels)) if channels else msg("No contact channel was found.")
    if len(channels) >= 3:
        return Outcome(Status.PASS, facts, evidence, summary=summary)
    if len(channels) == 2:
        return Outcome(Status.PARTIAL, facts, evidence, summary=summary)
    return Outcome(Status.FAIL, facts, evidence, summary=summary)
