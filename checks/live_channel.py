"""Live channel: a way to reach a person right now, while the customer is still on the site.

Principle (003, 004): immediacy — answer while the customer is there; video and live help bring the
personal touch back. Pass: at least one real-time human channel: a live-chat widget (Tawk.to,
Tidio, Zendesk, Intercom, Crisp, LiveChat, Drift, Freshchat, HubSpot, Jivochat, Zoho SalesIQ,
Smartsupp, Olark, Gorgias, ...), WhatsApp or Messenger, a video call, a call-back request, or a
click-to-call tel: link. Fail: none. WhatsApp share buttons and chat loaders without an account id
do not count.
Good: a wa.me/34... button on the contact page. Bad: only an e-mail address and a form.
"""
from __future__ import annotations

from touchaudit.checks._common import evidence_of
from touchaudit.message import N_, msg, words
from touchaudit.model import Outcome, SiteSnapshot, Status
from touchaudit.pages.channels import find_channels
from touchaudit.pages.contacts import Sighting
from touchaudit.registry import CheckMeta, CheckOptions

META = CheckMeta(
    id="live_channel",
    category="contact",
    weight=7,
    source="003_9b5bbfa49f5f2804.txt",
    title=N_("Immediate, live contact"),
    recommendation=N_("Offer a real-time channel answered by people: live chat, WhatsApp or a tap-to-call button, "
                      "and say when it is staffed."),
)
LIVE = ("live_chat", "whatsapp", "messenger", "telegram", "video_call", "callback")
def raw_tel_links(site: SiteSnapshot) -> list[Sighting]:
    """tel: links the phone check could not read (unknown region) still call with one tap."""
    return [
        Sighting(link.url[4:], page.final_url, f"{link.text or link.url} → {link.url}"[:200], link.zone.value, "link")
        for page in site.pages for link in page.links
        if link.url.lower().startswith("tel:") and sum(ch.isdigit() for ch in link.url) >= 6
    ][:3]


def check(site: SiteSnapshot, opts: CheckOptions) -> Outcome:
    found = find_channels(site)
    channels = [c for c in LIVE if c in found]
    tel_links = [s for s in found.get("phone", []) if s.source == "link"] or raw_tel_links(site)
    shown = channels + (["click_to_call"] if tel_links else [])
    providers = sorted({s.value for c in channels for s in found[c] if s.source in ("script", "markup", "link")} - {"chat link"})
    facts = {"channels": channels + (["phone"] if tel_links else []), "providers": providers, "click_to_call": bool(tel_links)}
    if not shown:
        return Outcome(Status.FAIL, facts, summary=msg("There is no chat, WhatsApp, video call or tap-to-call link."))
    evidence = tuple(ev for c in channels for ev in evidence_of(found[c], limit=1)) + evidence_of(tel_links, limit=1)
    return Outcome(Status.PASS, facts, evidence[:5], summary=msg("Live channels: %(channels)s.", channels=words(shown)))
