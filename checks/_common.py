"""Small helpers the check modules share: evidence from sightings, sentences in both languages."""
from __future__ import annotations

from typing import Callable, Iterable

from touchaudit.model import Evidence
from touchaudit.pages.contacts import Sighting

MAX_EVIDENCE = 5


def evidence_of(
    sightings: Iterable[Sighting], limit: int = MAX_EVIDENCE, key: Callable[[str], str] = str
) -> tuple[Evidence, ...]:
    """One evidence item per distinct value: visible before schema-only, header/footer first.

    A footer repeated on every page is one fact, not forty pieces of evidence."""
    out: dict[str, Evidence] = {}
    for s in sorted(sightings, key=lambda s: (s.source == "schema", s.seen == "hidden", s.zone not in ("header", "footer"))):
        k = key(s.value)
        if k not in out:
            out[k] = Evidence(url=s.url, snippet=s.snippet[:300], selector=None, zone=s.zone, highlight=s.highlight, seen=s.seen)
        if len(out) >= limit:
            break
    return tuple(out.values())


def listing(values: Iterable[str], limit: int = 3) -> str:
    items = list(values)
    shown = ", ".join(items[:limit])
    return shown + (f" (+{len(items) - limit})" if len(items) > limit else "")


# Vocabulary values in plain words for the summaries (the facts keep the spec's ids).
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "card": "card", "paypal": "PayPal", "bank_transfer": "bank transfer", "cash_on_delivery": "cash on delivery",
        "cash": "cash", "installments": "instalments", "apple_pay": "Apple Pay", "google_pay": "Google Pay",
        "bizum": "Bizum", "mercado_pago": "Mercado Pago", "pix": "Pix", "boleto": "boleto", "oxxo": "OXXO",
        "klarna": "Klarna", "cheque": "cheque", "crypto": "cryptocurrency", "store_credit": "gift card",
        "standard": "standard", "express": "express", "same_day": "same-day", "store_pickup": "store pickup",
        "pickup_point": "pickup point", "international": "international", "free_shipping": "free shipping",
        "scheduled": "scheduled delivery", "warranty": "warranty", "money_back": "money back",
        "satisfaction": "satisfaction", "price_match": "price match", "secure_purchase": "purchase protection",
        "phone": "phone", "email": "e-mail", "contact_form": "contact form", "live_chat": "live chat",
        "whatsapp": "WhatsApp", "messenger": "Messenger", "telegram": "Telegram", "sms": "SMS",
        "video_call": "video call", "callback": "call-back", "social": "social media", "click_to_call": "tap-to-call",
    },
    "es": {
        "card": "tarjeta", "paypal": "PayPal", "bank_transfer": "transferencia", "cash_on_delivery": "contra reembolso",
        "cash": "efectivo", "installments": "pago a plazos", "apple_pay": "Apple Pay", "google_pay": "Google Pay",
        "bizum": "Bizum", "mercado_pago": "Mercado Pago", "pix": "Pix", "boleto": "boleto", "oxxo": "OXXO",
        "klarna": "Klarna", "cheque": "cheque", "crypto": "criptomonedas", "store_credit": "tarjeta regalo",
        "standard": "estándar", "express": "urgente", "same_day": "en el día", "store_pickup": "recogida en tienda",
        "pickup_point": "punto de recogida", "international": "internacional", "free_shipping": "envío gratis",
        "scheduled": "entrega programada", "warranty": "garantía del producto", "money_back": "devolución del dinero",
        "satisfaction": "satisfacción", "price_match": "igualamos precios", "secure_purchase": "compra protegida",
        "phone": "teléfono", "email": "correo", "contact_form": "formulario", "live_chat": "chat en vivo",
        "whatsapp": "WhatsApp", "messenger": "Messenger", "telegram": "Telegram", "sms": "SMS",
        "video_call": "videollamada", "callback": "te llamamos", "social": "redes sociales",
        "click_to_call": "llamada con un toque",
    },
}


def in_words(values: Iterable[str], lang: str, empty: str) -> str:
    shown = [WORDS[lang].get(v, v.replace("_", " ")) for v in values]
    return ", ".join(shown) or empty
