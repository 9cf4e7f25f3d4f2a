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


_RULES = _grouped([
    (pattern, option) for option, pattern in (
        # standard
        ("standard", (r"env[ií]os? (?:est[aá]ndar|normal|ordinario|econ[oó]mico|regular"
                      r"|a domicilio|nacional(?:es)?|peninsular(?:es)?)")),
        ("standard", r"entregas? (?:est[aá]ndar|normal|a domicilio)"),
        ("standard", r"env[ií]os? a domicilio"),
        ("standard", r"despachos? (?:a domicilio|est[aá]ndar|normal|a todo)"),
        ("standard", (r"env[ií](?:o|amos|os) a tod[oa] (?:el pa[ií]s|espa[ñn]a|m[eé]xico|chile"
                      r"|colombia|argentina|per[uú]|la pen[ií]nsula|la rep[uú]blica|portugal)")),
        ("standard", r"standard (?:shipping|delivery|post)"),
        ("standard", r"regular (?:shipping|delivery)"),
        ("standard", r"economy (?:shipping|delivery)"),
        ("standard", r"ground (?:shipping|delivery)"),
        ("standard", r"home delivery"),
        ("standard", r"tiempos? de (?:despachos?|env[ií]os?)(?! internacional)"),
        ("standard", r"plazos? de (?:despachos?|env[ií]os?)(?! internacional)"),
        ("standard", r"costos? de (?:despachos?|env[ií]os?)(?! internacional)"),
        ("standard", r"costes? de (?:despachos?|env[ií]os?)(?! internacional)"),
        ("standard", r"tarifas? de (?:despachos?|env[ií]os?)(?! internacional)"),
        ("standard", r"valor(?:es)? de (?:despachos?|env[ií]os?)(?! internacional)"),
        ("standard", r"despachamos(?! (?:en|el mismo))"),
        ("standard", r"hacemos (?:env[ií]os|despachos|entregas)(?! (?:internacional|al extranjero|a todo el mundo))"),
        ("standard", r"realizamos (?:env[ií]os|despachos|entregas)(?! (?:internacional|al extranjero|a todo el mundo))"),
        ("standard", r"we (?:ship|deliver) (?:nationwide|across|throughout|to (?:all|every|your door|the whole))"),
        ("standard", r"shipping (?:rates|charges|costs)"),
        ("standard", r"delivery (?:rates|charges|costs)"),
        ("standard", r"enviamos para todo o (?:brasil|pa[ií]s)"),
        ("standard", r"envio (?:padr[aã]o|normal|econ[oô]mico|ao domic[ií]lio)"),
        ("standard", r"entrega (?:em casa|ao domic[ií]lio)"),
        ("standard", r"entrega (?:padr[aã]o|econ[oô]mica)"),
        # express
        ("express", (r"env[ií]os? (?:urgentes?|expr[eé]s+|express|premium|r[aá]pidos?"
                     r"|prioritarios?|(?:en )?24 ?h(?:oras)?)")),
        ("express", r"entregas? (?:urgentes?|expr[eé]s+|express|r[aá]pidas?|en 24 ?h(?:oras)?)"),
        ("express", r"despachos? (?:express|expr[eé]s|r[aá]pidos?|prioritarios?)"),
        ("express", r"express (?:shipping|delivery)"),
        ("express", r"expedited (?:shipping|delivery)"),
        ("express", r"next[- ]day (?:delivery|shipping|air)"),
        ("express", r"next-day"),
        ("express", r"next (?:working|business) day (?:delivery|shipping|dispatch)"),
        ("express", r"overnight (?:shipping|delivery)"),
        ("express", r"priority (?:shipping|delivery|mail)"),
        ("express", r"two[- ]day (?:shipping|delivery)"),
        ("express", r"2[- ]day (?:shipping|delivery)"),
        ("express", r"entrega expressa"),
        ("express", r"envio expresso"),
        ("express", r"sedex"),
        # same day
        ("same_day", r"entregas? (?:en )?el mismo d[ií]a"),
        ("same_day", r"despachos? (?:en )?el mismo d[ií]a"),
        ("same_day", r"same[- ]day (?:delivery|courier)"),
        ("same_day", r"entrega no mesmo dia"),
        ("same_day", r"rec[ií]belo hoy"),
        # store pickup
        ("store_pickup", r"recogida en (?:la |nuestra |nuestras )?tiendas?"),
        ("store_pickup", r"recoger en (?:la |nuestra |nuestras )?tiendas?"),
        ("store_pickup", r"recoge(?: tu pedido)? en (?:la |nuestra |nuestras )?tiendas?"),
        ("store_pickup", r"retiro en (?:la |nuestra |nuestras )?(?:tiendas?|sucursal(?:es)?|local)"),
        ("store_pickup", (r"retira(?:r)? en (?:la |nuestra |nuestras )?(?:tiendas?|sucursal(?:es)?"
                          r"|local)")),
        ("store_pickup", r"recolecci[oó]n en tiendas?"),
        ("store_pickup", r"click ?(?:&|and|y|\+|n|'n') ?collect"),
        ("store_pickup", r"store pick ?-?up"),
        ("store_pickup", r"in-? ?store pick ?-?up"),
        ("store_pickup", r"pick ?-?up in(?:-| )store"),
        ("store_pickup", r"local pick ?-?up"),
        ("store_pickup", r"curbside pick ?-?up"),
        ("store_pickup", r"collect (?:it |your order )?(?:in|at|from) (?:a |your |our )?(?:local |nearest )?(?:store|shop)"),
        ("store_pickup", r"retira (?:hoy|ma[ñn]ana|gratis)"),
        ("store_pickup", (r"retira(?:n|r|s)? (?:tu pedido |su pedido |los pedidos |el pedido )?en "
                          r"(?:la |el |nuestra |nuestras |nuestro |nuestros )?(?:bodegas?|oficinas?|showroom"
                          r"|almac[eé]n|dep[oó]sito|punto de venta)")),
        ("store_pickup", r"retiro en (?:la |nuestra |nuestras )?(?:bodegas?|oficinas?|showroom|almac[eé]n)"),
        ("store_pickup", r"retiros?(?: en (?:tienda|local|bodega))? ?:"),
        ("store_pickup", (r"collect (?:it |your order |your parcel )?(?:in person )?from (?:a |your |our )?"
                          r"(?:local |nearest )?(?:store|shop|warehouse|showroom|office|branch)")),
        ("store_pickup", (r"pick ?up (?:it |your order |your parcel )?(?:in person )?from (?:a |your |our )?"
                          r"(?:local |nearest )?(?:store|shop|warehouse|showroom|office|branch)")),
        ("store_pickup", r"retirada na loja"),
        ("store_pickup", r"retir(?:e|ar) na loja"),
        ("store_pickup", r"recolha (?:em|na) loja"),
        ("store_pickup", r"levantamento (?:em|na) loja"),
        # pickup points
        ("pickup_point", r"puntos? de (?:recogida|entrega|retiro|conveniencia)"),
        ("pickup_point", r"retiro en (?:un )?punto"),
        ("pickup_point", r"pick ?-?up points?"),
        ("pickup_point", r"collection points?"),
        ("pickup_point", r"parcel (?:shops?|lockers?)"),
        ("pickup_point", r"correos citypaq"),
        ("pickup_point", r"citypaq"),
        ("pickup_point", r"puntos? pack"),
        ("pickup_point", r"ups access points?"),
        ("pickup_point", r"packstation"),
        ("pickup_point", r"inpost"),
        ("pickup_point", r"mondial relay"),
        ("pickup_point", r"pontos? de (?:retirada|coleta)"),
        # international
        ("international", r"env[ií]os? internacionales"),
        ("international", r"env[ií]os? (?:al|a el) extranjero"),
        ("international", r"env[ií](?:o|os|amos) a (?:todo el mundo|m[aá]s de \d+ pa[ií]ses)"),
        ("international", r"international (?:shipping|delivery|orders)"),
        ("international", r"ship(?:s|ping)? (?:worldwide|internationally|to over \d+ countries)"),
        ("international", r"worldwide (?:shipping|delivery)"),
        ("international", r"we ship to (?:\d+|over \d+|most) countries"),
        ("international", r"envios? internacion(?:al|ais)"),
        ("international", r"entregas? internacion(?:al|ais)"),
        ("international", r"despachos? internacionales"),
        # free shipping
        ("free_shipping", (r"env[ií]os? (?:es |será |sera )?(?:gratis|gratuitos?|sin costo|sin cargo"
                           r"|libre de costo|free)")),
        ("free_shipping", r"despachos? (?:gratis|gratuitos?|sin costo)"),
        ("free_shipping", r"entregas? (?:gratis|gratuitas?|sin costo)"),
        ("free_shipping", r"sin gastos de env[ií]o"),
        ("free_shipping", r"gastos de env[ií]o gratis"),
        ("free_shipping", r"portes gr[aá]tis"),
        ("free_shipping", r"portes gratuitos"),
        ("free_shipping", r"envios? gratuitos?"),
        ("free_shipping", r"free (?:standard |express |uk |us |\w+ )?(?:shipping|delivery)"),
        ("free_shipping", r"ships free"),
        ("free_shipping", (r"env[ií]o(?: (?:cost|costo|coste|price|precio|fee))?:? ?(?:us\$|r\$|s/\.?|\$|€|£)? ?0(?:[.,]00?)?"
                           r"(?: ?(?:€|£|eur|usd|clp|mxn|ars|cop|pen|brl|gbp))?(?![\d.,])")),
        ("free_shipping", (r"despacho(?: (?:cost|costo|coste|price|precio|fee))?:? ?(?:us\$|r\$|s/\.?|\$|€|£)? ?0(?:[.,]00?)?"
                           r"(?: ?(?:€|£|eur|usd|clp|mxn|ars|cop|pen|brl|gbp))?(?![\d.,])")),
        ("free_shipping", (r"shipping(?: (?:cost|costo|coste|price|precio|fee))?:? ?(?:us\$|r\$|s/\.?|\$|€|£)? ?0(?:[.,]00?)?"
                           r"(?: ?(?:€|£|eur|usd|clp|mxn|ars|cop|pen|brl|gbp))?(?![\d.,])")),
        ("free_shipping", (r"delivery(?: (?:cost|costo|coste|price|precio|fee))?:? ?(?:us\$|r\$|s/\.?|\$|€|£)? ?0(?:[.,]00?)?"
                           r"(?: ?(?:€|£|eur|usd|clp|mxn|ars|cop|pen|brl|gbp))?(?![\d.,])")),
        ("free_shipping", (r"postage(?: (?:cost|costo|coste|price|precio|fee))?:? ?(?:us\$|r\$|s/\.?|\$|€|£)? ?0(?:[.,]00?)?"
                           r"(?: ?(?:€|£|eur|usd|clp|mxn|ars|cop|pen|brl|gbp))?(?![\d.,])")),
        ("free_shipping", (r"frete(?: (?:cost|costo|coste|price|precio|fee))?:? ?(?:us\$|r\$|s/\.?|\$|€|£)? ?0(?:[.,]00?)?"
                           r"(?: ?(?:€|£|eur|usd|clp|mxn|ars|cop|pen|brl|gbp))?(?![\d.,])")),
        ("free_shipping", (r"entrega(?: (?:cost|costo|coste|price|precio|fee))?:? ?(?:us\$|r\$|s/\.?|\$|€|£)? ?0(?:[.,]00?)?"
                           r"(?: ?(?:€|£|eur|usd|clp|mxn|ars|cop|pen|brl|gbp))?(?![\d.,])")),        ("free_shipping", r"frete gr[aá]tis"),
        ("free_shipping", r"entrega gr[aá]tis"),
        ("free_shipping", r"envios? gr[aá]tis"),
        # scheduled
        ("scheduled", r"entregas? programadas?"),
        ("scheduled", r"env[ií]os? programados?"),
        ("scheduled", r"entrega agendada"),
        ("scheduled", r"entrega a programada"),
        ("scheduled", r"agend(?:e|ar) (?:a |sua )?entrega"),
        ("scheduled", r"elige (?:el |tu )?(?:d[ií]a|fecha|hora|horario|franja) de entrega"),
        ("scheduled", r"escoge (?:el |tu )?(?:d[ií]a|fecha|hora|horario|franja) de entrega"),
        ("scheduled", r"selecciona (?:el |tu )?(?:d[ií]a|fecha|hora|horario|franja) de entrega"),
        ("scheduled", r"scheduled delivery"),
        ("scheduled", r"choose (?:your |a )?(?:delivery )?(?:day|date|time slot)"),
        ("scheduled", r"pick (?:your |a )?delivery (?:day|date|slot|time)"),
        ("scheduled", r"delivery (?:time )?slots?"),
        ("scheduled", r"nominated day delivery"),
    )
])

# Shipping words that make a carrier name a carrier ("Correos" alone is also "e-mails").
_SHIPPING_WORD = re.compile(
    r"(?<!\w)(?:env[ií]os?|env[ií]a(?:mos|r)|enviado|entregas?|entregamos|despachos?|despachamos"
    r"|paqueter[ií]a|mensajer[ií]a|transportistas?|agencia de transporte|courier|shipping|ships?"
    r"|shipped|delivery|deliver(?:ed|ies)?|carriers?|dispatch(?:ed)?|postage|frete|envios?"
    r"|remessa|seguimiento|rastreo|tracking|rastreio|log[ií]stica|encomendas?)(?!\w)"
)
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
        ("CTT", r"ctt(?: express)?", r"CTT"),
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
    )
])

_AMOUNT = (
    r"(?:(?:US\$|U\$S|R\$|S/\.?|CLP\s?\$|MXN\s?\$|\$|€|£|(?:EUR|USD|MXN|CLP|COP|ARS|PEN|BRL|GBP)\s?)"
    r"\s?\d[\d.,]*\d?(?:\s?(?:MXN|USD|CLP|COP|ARS|PEN|EUR|BRL|GBP|pesos|euros))?"
    r"|\d[\d.,]*\s?(?:€|£|\$|euros?|EUR|USD|MXN|CLP|COP|ARS|PEN|BRL|pesos|soles|reais|d[oó]lares)"
    r"(?![\w]))"
    r"(?:\s?\+|\s(?:or more|o m[aá]s|ou mais|y m[aá]s))?"
)
_KEYWORD = (
    r"(?:a partir de|desde|superiores? a|mayores? (?:a|de)|por encima de|de m[aá]s de|m[aá]s de"
    r"|sobre|m[ií]nim[oa] de|iguales? o superiores? a|over|above|of|from|min(?:imum)?\.?(?: of)?"
    r"|spend(?:ing)?|when you spend|acima de|superior a|maiores? que|de)"
)
_NOUN = (
    r"(?:(?:all|your|tu|tus|todos? (?:los|tus)|todas? (?:las|tus)|eligible)\s)?"
    r"(?:orders?|purchases?|pedidos?|compras?|encomendas?|items)"
)
_CONDITION = re.compile(
    rf"(?P<cond>(?:{_NOUN}\s)?{_KEYWORD}\s{_AMOUNT}|{_NOUN}\s{_AMOUNT}|{_AMOUNT})",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?;\n](?!\d)")
# What may join a condition to the offer after it: "Por compras de 50 €, el envío es gratis",
# "Spend $50 and get free shipping" — a few linking words, nothing that changes the subject.
_BRIDGE = re.compile(
    r"[\s,:\-–]*(?:(?:y|e|and|get|enjoy|obt[eé]n|recibe|recibes|tienes|tendr[aá]s|disfruta|el|la"
    r"|los|o|ganhe|tem|receive|have|to|for|con|with|te|llevas|your)[\s,:\-–]+){0,4}",
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
