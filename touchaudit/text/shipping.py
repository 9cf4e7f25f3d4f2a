"""Find the shipping options a shop offers, the carriers it names, and its free-shipping threshold.

"A shipping policy with several options" (article 000) is judged from phrases like "envío
urgente" or "click & collect"; a shipping word alone ("envío de newsletter", "regalo gratis") is
not an option, so every rule names the option itself and precision beats recall. Rules open with a
literal so `re` skips ahead cheaply (a 50 KB page stays in the low milliseconds).

Carriers are reported apart, by `carriers_in_text`, and do not imply an option: "envío express
con DHL" names a carrier but offers no standard shipping, so whether a named carrier counts as
`standard` is the check's call, made with the other options in view.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

from touchaudit.text import lexicon
from touchaudit.text.normalize import lower_same_length, word_start

__all__ = [
    "SHIPPING",
    "ShippingHit",
    "carriers_in_text",
    "free_shipping_threshold",
    "shipping_in_text",
]

SHIPPING: tuple[str, ...] = (
    "standard", "express", "same_day", "store_pickup", "pickup_point", "international",
    "free_shipping", "scheduled",
)


@dataclass(frozen=True)
class ShippingHit:
    """One shipping option named in text; `evidence` is text[start:end]."""

    option: str
    evidence: str
    start: int
    end: int


def _trigger(pattern: str) -> str:
    """The literal letters (at most 4) every match of `pattern` opens with, or ""."""
    literal = re.match(r"[a-z0-9]*", pattern).group()  # type: ignore[union-attr]
    if pattern[len(literal):len(literal) + 1] in ("?", "*", "{"):
        literal = literal[:-1]  # "envios?" guarantees only "envio"
    return literal[:4] if len(literal) >= 3 else ""


T = TypeVar("T")


def _grouped(rules: list[tuple[str, T]]) -> tuple[tuple[re.Pattern[str], tuple[T, ...]], ...]:
    """One regex per shared opening ("env", "entr", "free"…): its literal prefix still lets
    `re` skip ahead, and the text is scanned once per opening instead of once per rule.
    The branch that matched is named r<index> in the group's tuple of payloads."""
    by_trigger: dict[str, list[tuple[str, T]]] = {}
    for pattern, payload in rules:
        if not re.match(r"[a-z0-9]", pattern):
            raise ValueError(f"rule must start with a literal: {pattern!r}")
        by_trigger.setdefault(_trigger(pattern) or pattern, []).append((pattern, payload))
    groups = []
    for key, members in by_trigger.items():
        head = key if _trigger(members[0][0]) else ""
        branches = "|".join(f"(?P<r{i}>{pattern[len(head):]}(?!\\w))"
                            for i, (pattern, _) in enumerate(members))
        groups.append((re.compile(re.escape(head) + "(?:" + branches + ")"),
                       tuple(payload for _, payload in members)))
    return tuple(groups)


def _payload(m: re.Match[str], payloads: tuple[T, ...]) -> T:
    return payloads[int((m.lastgroup or "r0")[1:])]


# A price of zero after a shipping word: "Envío: 0,00 €", "Shipping cost $0", "Versand 0,00 €".
_ZERO = (r"(?: (?:cost|costo|coste|price|precio|fee|kosten|frais|costi))?:? ?(?:us\$|r\$|s/\.?|\$|€|£)? ?0(?:[.,]00?)?"
         r"(?: ?(?:€|£|eur|usd|clp|mxn|ars|cop|pen|brl|gbp|chf))?(?![\d.,])")
# Every language's phrases per option (vocab/<lang>.toml, shipping.<option>).
_RULES = _grouped([(pattern.replace("{zero}", _ZERO), option) for option in SHIPPING
                   for pattern in lexicon.union(f"shipping.{option}")])

# Shipping words that make a carrier name a carrier ("Correos" alone is also "e-mails").
_SHIPPING_WORD = re.compile(r"(?<!\w)(?:" + "|".join(lexicon.union("shipping.words")) + r")(?!\w)")
_NEAR = 60

# (canonical name, pattern over lowered text, required case in the original or None)
_CARRIERS = _grouped([
    (pattern, (name, re.compile(case) if case else None))
    for name, pattern, case in (
        ("Correos Express", r"correos express", None),
        ("Correos", r"correos(?! express| electr[oó]nicos| y | de (?:contacto|correo))", r"C"),
        ("SEUR", r"seur", None),
        ("MRW", r"mrw", None),
        ("GLS", r"gls", r"GLS"),
        ("DHL", r"dhl", None),
        ("UPS", r"ups", r"UPS"),
        ("FedEx", r"fed ?ex", None),
        ("Nacex", r"nacex", None),
        ("Zeleris", r"zeleris", None),
        ("Envialia", r"envialia", None),
        ("TIPSA", r"tipsa", r"TIPSA"),
        ("CTT", r"ctt(?: express[oa]?)?", r"CTT"),
        ("DPD", r"dpd", r"DPD"),
        ("TNT", r"tnt", r"TNT"),
        ("Estafeta", r"estafeta", r"E"),
        ("Redpack", r"redpack", None),
        ("Paquetexpress", r"paquete ?express", r"P"),
        ("99 Minutos", r"99 ?minutos", None),
        ("Chilexpress", r"chilexpress", None),
        ("Starken", r"starken", None),
        ("Blue Express", r"blue ?express", None),
        ("Andreani", r"andreani", None),
        ("OCA", r"oca", r"OCA"),
        ("Correo Argentino", r"correo argentino", None),
        ("Servientrega", r"servientrega", None),
        ("Coordinadora", r"coordinadora", r"C"),
        ("Interrapidísimo", r"inter ?rap[ií]d[ií]simo", None),
        ("Deprisa", r"deprisa", r"D"),
        ("Olva", r"olva(?: courier)?", r"O"),
        ("Serpost", r"serpost", None),
        ("Correios", r"correios", r"C"),
        ("Jadlog", r"jadlog", None),
        ("Loggi", r"loggi", None),
        ("USPS", r"usps", None),
        ("Royal Mail", r"royal mail", None),
        ("Parcelforce", r"parcelforce", None),
        ("Evri", r"evri", None),
        ("Yodel", r"yodel", r"Y"),
        ("Canada Post", r"canada post", None),
        ("Purolator", r"purolator", None),
        ("Colissimo", r"colissimo", None),
        ("Chronopost", r"chronopost", None),
        ("Mondial Relay", r"mondial relay", None),
        ("Relais Colis", r"relais colis", None),
        ("La Poste", r"la poste", r"L"),
        ("Hermes", r"hermes", r"H"),
        ("Deutsche Post", r"deutsche post", None),
        ("Die Post", r"die post", r"D"),
        ("Poste Italiane", r"poste italiane", None),
        ("BRT", r"brt|bartolini", r"BRT|B"),
        ("SDA", r"sda", r"SDA"),
    )
])

_AMOUNT = (
    r"(?:(?:US\$|U\$S|R\$|S/\.?|CLP\s?\$|MXN\s?\$|\$|€|£|(?:EUR|USD|MXN|CLP|COP|ARS|PEN|BRL|GBP)\s?)"
    r"\s?\d[\d.,]*\d?(?:\s?(?:MXN|USD|CLP|COP|ARS|PEN|EUR|BRL|GBP|pesos|euros))?"
    r"|\d[\d.,]*\s?(?:€|£|\$|euros?|EUR|USD|MXN|CLP|COP|ARS|PEN|BRL|pesos|soles|reais|d[oó]lares)"
    r"(?![\w]))"
    r"(?:\s?\+|\s(?:or more|o m[aá]s|ou mais|y m[aá]s))?"
)
_KEYWORD = "(?:" + "|".join(lexicon.union("shipping.threshold")) + ")"
_NOUN = "(?:" + "|".join(lexicon.union("shipping.order_nouns")) + ")"
_CONDITION = re.compile(
    rf"(?P<cond>(?:{_NOUN}\s)?{_KEYWORD}\s{_AMOUNT}|{_NOUN}\s{_AMOUNT}|{_AMOUNT})",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?;\n](?!\d)")
# What may join a condition to the offer after it: "Por compras de 50 €, el envío es gratis",
# "Spend $50 and get free shipping" — a few linking words, nothing that changes the subject.
_BRIDGE = re.compile(
    r"[\s,:\-–]*(?:(?:" + "|".join(lexicon.union("shipping.bridge")) + r")[\s,:\-–]+){0,4}",
    re.IGNORECASE,
)
_CONDITION_WORD = re.compile(rf"(?:{_KEYWORD}|{_NOUN})\s", re.IGNORECASE)


def _has_condition_word(condition: str) -> bool:
    """A bare amount before an offer is often a price or a fee, not its condition."""
    return _CONDITION_WORD.match(condition) is not None






def _scan(low: str, only: str | None = None) -> list[tuple[int, int, str]]:
    """(start, end, option) of every rule match, in order; `only` limits it to one option."""
    found: list[tuple[int, int, str]] = []
    for regex, options in _RULES:
        if only and only not in options:
            continue
        for m in regex.finditer(low):
            option = _payload(m, options)
            if word_start(low, m.start()) and (only is None or option == only):
                found.append((m.start(), m.end(), option))
    found.sort(key=lambda h: (h[0], -h[1], SHIPPING.index(h[2])))
    return found


def shipping_in_text(text: str) -> list[ShippingHit]:
    """Shipping options named in visible text, in order of position; one hit per mention."""
    low = lower_same_length(text)
    results: list[ShippingHit] = []
    last_end: dict[str, int] = {}
    for start, end, option in _scan(low):
        if last_end.get(option, -1) > start:
            continue
        last_end[option] = end
        results.append(ShippingHit(option, text[start:end], start, end))
    return results


def carriers_in_text(text: str) -> list[str]:
    """Carriers named near a shipping word, each once, in order of first mention."""
    low = lower_same_length(text)
    found: list[tuple[int, str]] = []
    seen: set[str] = set()
    for regex, carriers in _CARRIERS:
        for m in regex.finditer(low):
            name, case = _payload(m, carriers)
            start, end = m.span()
            if name in seen:
                continue
            if not word_start(low, start):
                continue
            if case is not None and not case.match(text, start):
                continue
            if _SHIPPING_WORD.search(low, max(0, start - _NEAR), end + _NEAR) is None:
                continue
            found.append((start, name))
            seen.add(name)
    names: list[str] = []
    for _, name in sorted(found):
        if name not in names and not (name == "Correos" and "Correos Express" in names):
            names.append(name)
    return names


def free_shipping_threshold(text: str) -> str | None:
    """The condition of the first free-shipping offer that has one ("a partir de 50 €").

    The condition is looked for right after the offer, then just before it ("Por compras
    superiores a 50 €, envío gratis"), never across a sentence end; it must name an amount with
    a currency, so "envío gratis en 24 h" or "3 unidades" give nothing.
    """
    low = lower_same_length(text)
    for start, end, _ in _scan(low, only="free_shipping"):
        stop = _SENTENCE_END.search(text, end, end + 90)
        after = _CONDITION.search(text, end, stop.start() if stop else min(len(text), end + 90))
        if after is not None and word_start(low, after.start()):
            gap = text[end:after.start()]
            if len(gap.split()) <= 6:
                return " ".join(after.group("cond").split())
        window_start = max(0, start - 90)
        for stop in _SENTENCE_END.finditer(text, window_start, start):
            window_start = stop.end()
        before = None
        for before in _CONDITION.finditer(text, window_start, start):
            pass
        if (before is not None and _has_condition_word(before.group("cond"))
                and _BRIDGE.fullmatch(text, before.end(), start)):
            return " ".join(before.group("cond").split())
    return None
