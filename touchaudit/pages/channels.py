"""Which ways of reaching a person the site offers (the spec's CHANNELS), each with evidence.

Shared by contact_channels and live_channel: links (tel:, wa.me, m.me, t.me, sms:), chat and
messaging widgets (scripts, inline loaders, markup), contact forms, social profiles and plain-text
offers of video calls or call-backs.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from urllib.parse import urlsplit

from touchaudit.caches import URL_CACHE
from touchaudit.model import Form, Role, SiteSnapshot
from touchaudit.pages.contacts import Sighting, find_emails, find_phones
from touchaudit.pages.scan import seen_of
from touchaudit.text import lexicon, providers
from touchaudit.text.normalize import fold

CHANNELS = ("phone", "email", "contact_form", "live_chat", "whatsapp", "messenger", "telegram", "sms", "video_call", "callback", "social")

_SOCIAL_HOSTS = ("facebook.com", "instagram.com", "twitter.com", "x.com", "tiktok.com", "youtube.com", "linkedin.com", "pinterest.", "threads.net")
_SHARE = re.compile(r"share|sharer|intent/|/dialog/|pin/create|/plugins/|/tr\?|/hashtag/|/watch\?|/embed/|/p/|/status/|/reel/|home\?status|[?&](?:status|text|url|u)=", re.I)
# A chat link or button: "Chat en vivo", "Live chat", "Live-Chat", "Chat" alone (vocab/<lang>.toml).
_CHAT_TEXT = re.compile(r"^(?:" + "|".join(lexicon.union("channels.chat_links")) + ")$")
_CALLBACK_FIELDS = re.compile(r"callback|call-back|rueckruf|r\u00fcckruf|devolucion de llamada|te llamamos|llamada|call me|rappel|richiamata", re.I)
_REVIEW_FIELDS = re.compile(r"rating|review|stars|criterion|valoraci|puntuaci|calificaci|avalia|resena|opinion", re.I)
_NOT_CONTACT_FIELDS = re.compile(r"rating|review|stars|nickname|price|precio|valoraci|opini|coupon|cupon|quantity|cantidad|qty", re.I)
_MESSAGE_FIELD = re.compile(r"mensaje|message|comentario|comment|consulta|pregunta|question|inquiry|enquiry|mensagem|asunto|subject|motivo", re.I)
_NOT_CONTACT_FORM = re.compile(r"search|buscar|busca|newsletter|suscri|subscri|login|signin|password|contrase|cart|carrito|coupon|cupon|review|resena|opinion", re.I)
# Chat offered in a sentence rather than by a widget: "Habla con un asesor por chat", "You can also
# contact us by email or chat", "fale conosco pelo chat". A chatbot is not a person.
_CHAT_SENTENCE = re.compile(r"\b(?:" + "|".join(lexicon.union("channels.chat_sentences")) + r")\b(?! ?bot)")
_VIDEO = re.compile(r"\b(?:" + "|".join(lexicon.union("channels.video")) + r")\b")
_VIDEO_HOSTS = ("zoom.us/", "meet.google.com/", "whereby.com/", "calendly.com/", "teams.microsoft.com/")
_CALLBACK = re.compile(r"\b(?:" + "|".join(lexicon.union("channels.callback")) + r")\b")
# Cheap test before the sentence patterns: a stem each of them contains.
_STEMS = ("llam", "call", "video", "liga", "chat", "visio", "ckruf", "rappel", "richiam", "rufen")


def is_callback_form(form: Form) -> bool:
    blob = " ".join(f"{f.name} {f.label}" for f in form.fields) + " " + form.action
    return bool(_CALLBACK_FIELDS.search(blob)) and any(f.kind == "tel" or re.search(r"tel|phone|fono", f.name, re.I) for f in form.fields)


def is_contact_form(form: Form, on_contact_page: bool = False) -> bool:
    """A form to write to the shop: a free-text message plus a way to answer (not search or newsletter).

    On the contact page a message box is enough, whatever the fields are called (generated
    ASP.NET names, "custom_form_input-13"): that is what the page is for. Review and star-rating
    forms are never contact forms, and off the contact page blog comments aren't either."""
    blob = " ".join(f"{f.name} {f.label}" for f in form.fields) + " " + form.action
    if _rating(form) or _REVIEW_FIELDS.search(blob):
        return False
    has_textarea = any(f.kind == "textarea" for f in form.fields)
    if on_contact_page and has_textarea and len(form.fields) >= 2:
        return True
    if not on_contact_page and (_NOT_CONTACT_FIELDS.search(blob) or re.search(r"comment|review|opinion", form.action, re.I)):
        return False
    has_message = has_textarea or bool(_MESSAGE_FIELD.search(blob))
    has_reply = any(f.kind in ("email", "tel") or re.search(r"mail|correo|phone|tel|nombre|name", f.name + f.label, re.I) for f in form.fields)
    if not (has_message and has_reply) or len(form.fields) < 2:
        return False
    return not (_NOT_CONTACT_FORM.search(form.action) and not has_textarea)


def _rating(form: Form) -> bool:
    """A row of radio buttons sharing a name: stars to rate a product."""
    radios = [f.name for f in form.fields if f.kind == "radio"]
    return any(radios.count(name) >= 3 for name in set(radios))


def social_profile(url: str) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not any(host == h or host.endswith("." + h) or h.endswith(".") and h in host for h in _SOCIAL_HOSTS):
        return False
    path = parts.path.strip("/")
    return bool(path) and not _SHARE.search(url)


@lru_cache(maxsize=URL_CACHE)
def link_channel(url: str, text: str) -> tuple[str, str] | None:
    """(channel, name) a link offers, or None. Cached: menus and footers repeat on every page."""
    low = url.lower()
    provider = providers.match_url(low)
    if _CHAT_TEXT.match(fold(text)) and not low.startswith(("mailto:", "tel:")):
        return "live_chat", "chat link"
    if provider and provider.channel in ("whatsapp", "messenger"):
        return provider.channel, provider.name
    if low.startswith("whatsapp:"):
        return "whatsapp", "whatsapp"
    if re.match(r"https?://(?:www\.)?(?:m\.me|messenger\.com/t)/", low):
        return "messenger", "messenger"
    if re.match(r"https?://(?:www\.)?(?:t\.me|telegram\.me)/(?!share)", low):
        return "telegram", "telegram"
    if low.startswith("sms:"):
        return "sms", "sms"
    if any(h in low for h in _VIDEO_HOSTS):
        return "video_call", "video_call"
    if social_profile(url):
        return "social", urlsplit(url).hostname or "social"
    return None


def form_fields(form: Form) -> str:
    """A form as evidence: its fields' labels (or names), as the page writes them."""
    return ", ".join(f.label or f.name for f in form.fields if f.name or f.label)[:160]


def find_channels(site: SiteSnapshot) -> dict[str, list[Sighting]]:
    """channel -> sightings, for every channel seen anywhere on the site."""

    def compute(site: SiteSnapshot) -> dict[str, list[Sighting]]:
        found: dict[str, list[Sighting]] = {c: [] for c in CHANNELS}
        found["phone"] = list(find_phones(site))
        found["whatsapp"] = [replace(s, value="whatsapp") for s in found["phone"] if s.whatsapp]
        found["email"] = list(find_emails(site))
        for page in site.pages:
            url = page.final_url
            for link in page.links:
                kind = link_channel(link.url, link.text)
                if kind is None:
                    continue
                channel, name = kind
                label = link.text or link.url
                shown = f"{label} → {link.url}" if channel in ("live_chat", "social") else label
                if channel == "live_chat":
                    shown = shown[:200]
                found[channel].append(Sighting(name, url, shown, link.zone.value, "link", seen=seen_of(page, hidden=link.hidden)))
            for src in page.scripts + page.iframes:
                provider = providers.match_url(src)
                if provider:
                    shown = provider.name if src.startswith("inline:") else f"{provider.name}: {src}"
                    found[provider.channel].append(Sighting(provider.name, url, shown, None, "script"))
            for token in page.classes:
                provider = providers.match_class(token)
                if provider:
                    found[provider.channel].append(Sighting(provider.name, url, f"{provider.name}: {token}", None, "markup"))
            for form in page.forms:
                if is_callback_form(form):
                    found["callback"].append(Sighting("callback", url, form_fields(form), form.zone.value, "form",
                                                      seen=seen_of(page, hidden=form.hidden)))
                elif is_contact_form(form, on_contact_page=page.role is Role.CONTACT):
                    found["contact_form"].append(Sighting("contact_form", url, form_fields(form), form.zone.value, "form",
                                                          seen=seen_of(page, hidden=form.hidden)))
            text = page.fact_text
            low = text.lower()
            folded = fold(text) if any(stem in low for stem in _STEMS) else ""
            for channel, pattern in (("video_call", _VIDEO), ("callback", _CALLBACK), ("live_chat", _CHAT_SENTENCE)):
                hit = pattern.search(folded) if folded else None
                if hit:
                    found[channel].append(Sighting(channel, url, folded[max(0, hit.start() - 50): hit.end() + 50], None, "text"))
        return {c: s for c, s in found.items() if s}

    return site.memoized("channels", compute)  # type: ignore[no-any-return]
