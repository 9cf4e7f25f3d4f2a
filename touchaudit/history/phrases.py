"""Every sentence the history layer shows, in Spanish and English: one catalogue, whole sentences.

Fact names are public (spec/checks.md), so they get labels here; a fact added later still reads
acceptably through `label()`'s fallback. Spanish labels carry their gender so "añadido/añadida"
agrees ("teléfono … eliminado", "dirección … eliminada") instead of being glued from fragments.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LANGS = ("es", "en")


@dataclass(frozen=True)
class Label:
    en: str
    es: str
    feminine: bool = False  # Spanish gender of `es`
    unit: str | None = None  # "days" / "percent": how values are written
    yes_no: bool = False  # a boolean fact: always written "label: yes → no", even from "not stated"


# (check, fact) first, then fact alone: the same fact name can mean different things per check.
LABELS: dict[tuple[str, str] | str, Label] = {
    ("phone", "numbers"): Label("phone", "teléfono"),
    "click_to_call": Label("click-to-call link", "enlace para llamar con un clic", yes_no=True),
    "toll_free": Label("toll-free number", "número gratuito", yes_no=True),
    "in_header_or_footer": Label("phone in header or footer", "teléfono en cabecera o pie", yes_no=True),
    "addresses": Label("address", "dirección", feminine=True),
    ("address", "structured"): Label("structured address (schema.org)", "dirección estructurada (schema.org)", yes_no=True),
    "map_link": Label("map link", "enlace a un mapa", yes_no=True),
    "emails": Label("e-mail address", "dirección de correo", feminine=True),
    "mailto": Label("mailto link", "enlace mailto", yes_no=True),
    ("contact_channels", "channels"): Label("contact channel", "canal de contacto"),
    ("live_channel", "channels"): Label("live channel", "canal en directo"),
    "providers": Label("live help provider", "proveedor de ayuda en directo"),
    "contact_url": Label("contact page", "página de contacto", feminine=True),
    "share_of_pages_linking": Label("pages linking to contact", "páginas que enlazan al contacto", unit="percent"),
    "linked_from_home": Label("contact linked from the home page", "contacto enlazado desde la portada", yes_no=True),
    "methods": Label("payment method", "método de pago"),
    "card_brands": Label("card brand", "marca de tarjeta", feminine=True),
    "installments": Label("payment in instalments", "pago a plazos", yes_no=True),
    "options": Label("shipping option", "opción de envío", feminine=True),
    "free_shipping_threshold": Label("free shipping threshold", "umbral de envío gratis"),
    ("return_policy", "url"): Label("returns page", "página de devoluciones", feminine=True),
    "window_days": Label("return window", "plazo de devolución", unit="days"),
    "free_returns": Label("free returns", "devolución gratuita", feminine=True, yes_no=True),
    ("return_policy", "structured"): Label("structured return policy", "política de devolución estructurada", yes_no=True),
    ("delivery_time", "promises"): Label("delivery promise", "promesa de entrega", feminine=True),
    ("response_time", "promises"): Label("reply-time promise", "promesa de tiempo de respuesta", feminine=True),
    "hours_text": Label("service hours", "horario de atención"),
    "always_open": Label("24/7 service", "atención 24/7", feminine=True, yes_no=True),
    "kinds": Label("guarantee", "garantía", feminine=True),
    ("guarantee", "url"): Label("guarantee page", "página de garantía", feminine=True),
    "company": Label("company name", "razón social", feminine=True),
    "tax_ids": Label("tax id", "identificación fiscal", feminine=True),
    "legal_pages": Label("legal page", "página legal", feminine=True),
    "caps_ratio": Label("body text in capitals", "texto en mayúsculas", unit="percent"),
}

# Facts that move on every crawl without meaning anything changed for a customer.
QUIET: frozenset[tuple[str, str] | str] = frozenset({"words", "count", ("no_shouting", "examples")})

FACT_SENTENCES: dict[str, dict[str, str | tuple[str, str]]] = {
    "en": {"added": "{label} {value} added", "removed": "{label} {value} removed",
           "changed": "{label} {before} → {after}", "yes_no": "{label}: {before} → {after}"},
    "es": {"added": ("{label} {value} añadido", "{label} {value} añadida"),
           "removed": ("{label} {value} eliminado", "{label} {value} eliminada"),
           "changed": "{label} {before} → {after}", "yes_no": "{label}: {before} → {after}"},
}

WORDS = {
    "en": {True: "yes", False: "no", None: "not stated", "days": "days", "hours": "hours",
           "business_days": "business days", "weeks": "weeks", "up to": "up to {n}"},
    "es": {True: "sí", False: "no", None: "sin indicar", "days": "días", "hours": "horas",
           "business_days": "días hábiles", "weeks": "semanas", "up to": "hasta {n}"},
}

STATUS = {
    "en": {"pass": "pass", "partial": "partial", "fail": "fail", "not_applicable": "not applicable",
           "error": "error", None: "absent"},
    "es": {"pass": "cumple", "partial": "parcial", "fail": "no cumple", "not_applicable": "no aplica",
           "error": "error", None: "ausente"},
}

# The history command's own lines.
TEXT = {
    "en": {
        "heading": "{url}: {count} scans (newest first)",
        "heading_one": "{url}: 1 scan",
        "row": "  {when}  score {score:>5}  {status}",
        "no_score": "—",
        "changes": "What changed since {when}:",
        "score": "  score {before} → {after}",
        "check": "  {title}: {before} → {after}",
        "check_facts": "  {title}:",
        "check_added": "  new check {title}: {after}",
        "check_removed": "  check {title} no longer run (was {before})",
        "fact": "    · {text}",
        "nothing": "  nothing changed",
        "only_one": "Only one scan so far: nothing to compare yet.",
        "regressed": "The shop got worse since the previous scan.",
        "unknown_site": "no scans of {url} in {where}",
    },
    "es": {
        "heading": "{url}: {count} análisis (el más reciente primero)",
        "heading_one": "{url}: 1 análisis",
        "row": "  {when}  puntuación {score:>5}  {status}",
        "no_score": "—",
        "changes": "Qué ha cambiado desde {when}:",
        "score": "  puntuación {before} → {after}",
        "check": "  {title}: {before} → {after}",
        "check_facts": "  {title}:",
        "check_added": "  comprobación nueva {title}: {after}",
        "check_removed": "  la comprobación {title} ya no se ejecuta (antes: {before})",
        "fact": "    · {text}",
        "nothing": "  no ha cambiado nada",
        "only_one": "Solo hay un análisis: todavía no hay nada que comparar.",
        "regressed": "La tienda ha empeorado desde el análisis anterior.",
        "unknown_site": "no hay análisis de {url} en {where}",
    },
}


def label(check: str, fact: str) -> Label:
    """The catalogue label, or the fact name in words for a fact this catalogue does not know yet."""
    found = LABELS.get((check, fact)) or LABELS.get(fact)
    if found is not None:
        return found
    words = fact.replace("_", " ")
    return Label(words, words)


def is_quiet(check: str, fact: str) -> bool:
    return (check, fact) in QUIET or fact in QUIET


def fact_sentence(lang: str, kind: str, lab: Label, **values: Any) -> str:
    """One whole sentence for one fact change; the template, not string glue, decides word order."""
    table = FACT_SENTENCES[lang]
    template = table["yes_no"] if lab.yes_no else table[kind]
    if isinstance(template, tuple):
        template = template[1 if lab.feminine else 0]
    name = lab.es if lang == "es" else lab.en
    return str(template).format(label=name, **values)
