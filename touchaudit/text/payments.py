"""Find the payment methods a shop offers: in visible text, in badge images and in icon markup.

A payment list is the evidence for "offer alternatives" (article 000), and a method invented from
an unrelated word ("vale la pena", "visado", "pixel", "Discover our range") makes the audit lie,
so precision beats recall. Every text rule starts with a literal, which lets `re` jump straight to
candidate positions (about 0.03 ms per rule over 50 KB, far cheaper than one big alternation), and
ambiguous brand names (Maestro, Discover, Naranja, Cabal, Elo…) count only inside a list of cards.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from touchaudit.caches import URL_CACHE
from touchaudit.text import lexicon
from touchaudit.text.normalize import fold, lower_same_length, word_start

__all__ = [
    "CARD_BRANDS",
    "PAYMENTS",
    "PaymentHit",
    "in_market",
    "offered",
    "payments_in_image",
    "payments_in_markup",
    "payments_in_text",
]

PAYMENTS: tuple[str, ...] = (
    "card", "paypal", "bank_transfer", "cash_on_delivery", "cash", "installments",
    "apple_pay", "google_pay", "bizum", "mercado_pago", "pix", "boleto", "oxxo", "klarna",
    "cheque", "crypto", "store_credit",
)

CARD_BRANDS: tuple[str, ...] = (
    "visa", "mastercard", "amex", "maestro", "diners", "discover", "jcb", "unionpay", "elo",
    "hipercard", "naranja", "cabal", "carnet", "argencard", "redcompra",
)


@dataclass(frozen=True)
class PaymentHit:
    """One payment method; `evidence` is text[start:end] for text, else the alt or file name."""

    method: str
    brand: str | None
    evidence: str
    start: int
    end: int


Check = Callable[[str, str, int, int], bool]  # (original text, lowered text, start, end)


@dataclass(frozen=True)
class _Rule:
    method: str
    brand: str | None
    pattern: str
    check: Check | None = None
    ambiguous: bool = False  # a brand that only counts inside a list of cards
    lead: re.Pattern[str] | None = None  # words just before that join the evidence…
    bare: str | None = None  # …and are required when the match is only this word
    also: str | None = None  # a second method the same words prove (Klarna: installments)
    trigger: str = ""  # opening letters every match starts with; rules sharing it share a scan


def _before(pattern: str) -> Check:
    """Accept when the lowered text just before the hit ends with `pattern`."""
    regex = re.compile(r"(?:^|[^\w])(?:" + pattern + r")[ \u00a0]*$")

    def check(text: str, low: str, start: int, end: int) -> bool:
        return regex.search(low, max(0, start - 16), start) is not None
    return check


def _capitalised(text: str, low: str, start: int, end: int) -> bool:
    """Brand written as a name ("Visa", "VISA"), not as a common word ("visa")."""
    return text[start].isupper()


def _any(*checks: Check) -> Check:
    def check(text: str, low: str, start: int, end: int) -> bool:
        return any(c(text, low, start, end) for c in checks)
    return check


def _not_sentence_start(text: str, low: str, start: int, end: int) -> bool:
    """"Pay with Affirm" is the lender; "Affirm your order" opening a sentence is the verb."""
    head = text[max(0, start - 12):start].rstrip()
    return bool(head) and head[-1] not in ".!?:\n" and text[start].isupper()


def _all_words_capitalised(text: str, low: str, start: int, end: int) -> bool:
    """"Pago Fácil" (the Argentine cash network) versus "pago fácil y seguro"."""
    return all(w[0].isupper() for w in text[start:end].split())


_PIX_CONTEXT = _before(r"com|via|pelo|por|no|em|aceitamos|pague|pagar|pagamento")
_BOLETO_CONTEXT = _before(r"via|com|no|pelo|pagamento|pague|pagar|aceitamos|ou")
_CUOTAS_BEFORE = r"(?:(?:hasta|en) )?(?:\d{1,2}|tres|seis|doce)|en|hasta"
_PLAZOS_BEFORE = r"(?:(?:hasta|en) )?(?:\d{1,2}|dos|tres|cuatro|seis|doce)|a|en"


def _trigger(pattern: str) -> str:
    """The literal letters (at most 4) every match of `pattern` opens with, or ""."""
    literal = re.match(r"[a-z0-9]*", pattern).group()  # type: ignore[union-attr]
    if pattern[len(literal):len(literal) + 1] in ("?", "*", "{"):
        literal = literal[:-1]  # "tarjetas?" guarantees only "tarjeta"
    return literal[:4] if len(literal) >= 3 else ""


def _rule(method: str, pattern: str, brand: str | None = None, check: Check | None = None,
          ambiguous: bool = False, lead: str | None = None, bare: str | None = None,
          also: str | None = None) -> _Rule:
    """One rule; it must open with a literal so `re` can skip ahead cheaply."""
    if not re.match(r"[a-z0-9áéíóúñäöüàèç ]{2}", pattern):
        raise ValueError(f"rule must start with a literal: {pattern!r}")
    lead_regex = re.compile(r"(?<!\w)(?:" + lead + r")[ \u00a0]+$") if lead else None
    return _Rule(method, brand, pattern, check, ambiguous, lead_regex, bare, also,
                 _trigger(pattern))


def _grouped(rules: tuple[_Rule, ...]) -> tuple[tuple[re.Pattern[str], tuple[_Rule, ...]], ...]:
    """One regex per shared opening ("tarj", "pay", "cont"…): its literal prefix still lets
    `re` skip ahead, and the text is scanned once per opening instead of once per rule."""
    by_trigger: dict[str, list[_Rule]] = {}
    for rule in rules:
        by_trigger.setdefault(rule.trigger or rule.pattern, []).append(rule)
    groups = []
    for trigger, members in by_trigger.items():
        head = trigger if members[0].trigger else ""
        branches = "|".join(f"(?P<r{i}>{m.pattern[len(head):]}(?!\\w))"
                            for i, m in enumerate(members))
        groups.append((re.compile(re.escape(head) + "(?:" + branches + ")"), tuple(members)))
    return tuple(groups)


_RULES: tuple[_Rule, ...] = (
    # Every language's words per method (vocab/<lang>.toml, payments.<method>), first: in a group
    # sharing an opening, the longer phrase must be tried before a context rule ("transferencia").
    # Gift cards are sold in most shops' footers; they pay only when the page says so ("pay with…").
    *(_rule(method, pattern) for method in PAYMENTS if method in lexicon.merged("payments")
      for pattern in lexicon.union(f"payments.{method}")),
    # cards, in words
    _rule("card", r"tarjetas?(?! (?:de )?(?:regalo|fidelidad|cliente|embarque|puntos|socio|video"
                  r"|gr[aá]fica|memoria|red|sd|felicitaci[oó]n|visita))",
          check=_before(r"aceptamos|admitimos|acepta|aceptan|pago|pagos|pagar|paga|pague"
                        r"|mediante|por|con")),
    _rule("card", r"webpay(?: plus)?"),
    # "Débito, Crédito, Cheque": the two kinds of card named together are cards
    *(_rule("card", first + r"(?: ?[,/y] ?| e | o | ou | or | and )" + second)
      for first, second in (("débito", "cr[eé]dito"), ("debito", "cr[eé]dito"), ("crédito", "d[eé]bito"),
                            ("credito", "d[eé]bito"))),
    # card brands: unambiguous names
    _rule("card", r"visa(?: electron)?", "visa", _capitalised),
    _rule("card", r"master ?card", "mastercard"),
    _rule("card", r"amex", "amex"),
    _rule("card", r"american express", "amex"),
    _rule("card", r"union ?pay", "unionpay"),
    _rule("card", r"hipercard", "hipercard"),
    _rule("card", r"diners club", "diners"),
    _rule("card", r"argencard", "argencard"),
    _rule("card", r"redcompra", "redcompra"),
    # card brands that are also words: only inside a list of cards
    _rule("card", r"master", "mastercard", _capitalised, True),
    _rule("card", r"maestro", "maestro", _capitalised, True),
    _rule("card", r"discover", "discover", _capitalised, True),
    _rule("card", r"diners", "diners", _capitalised, True),
    _rule("card", r"jcb", "jcb", _capitalised, True),
    _rule("card", r"elo", "elo", _capitalised, True),
    _rule("card", r"naranja", "naranja", _capitalised, True),
    _rule("card", r"cabal", "cabal", _capitalised, True),
    _rule("card", r"carnet", "carnet", _capitalised, True),
    # wallets and local schemes
    _rule("paypal", r"pay ?pal"),
    _rule("apple_pay", r"apple ?pay"),
    _rule("google_pay", r"google ?pay"),
    _rule("google_pay", r"android pay"),
    _rule("bizum", r"bizum"),
    _rule("mercado_pago", r"mercado ?pago"),
    _rule("pix", r"pix", check=_any(_capitalised, _PIX_CONTEXT)),
    _rule("boleto", r"boletos? banc[aá]rios?"),
    _rule("boleto", r"boletos?", check=_BOLETO_CONTEXT),
    _rule("oxxo", r"oxxo(?: pay)?", check=_any(
        lambda t, lo, s, e: t[s:s + 4] == "OXXO" or lo[s:e] == "oxxo pay",
        _before(r"en|pago|paga|pagar|pagos|tiendas?|efectivo|v[ií]a|con"))),
    _rule("klarna", r"klarna", also="installments"),
    # bank transfer
    _rule("bank_transfer", r"transferencia",
          check=_before(r"pago|pagos|pagar|paga|pague|por|mediante|con|v[ií]a")),
    _rule("bank_transfer", r"spei", check=lambda t, lo, s, e: t[s:e] == "SPEI"),
    _rule("bank_transfer", r"pse", check=lambda t, lo, s, e: t[s:e] == "PSE"),
    _rule("bank_transfer", r"sofort"),
    _rule("bank_transfer", r"multibanco"),
    # cash on delivery and cash
    _rule("cash", r"rapipago"),
    _rule("cash", r"pago f[aá]cil", check=_all_words_capitalised),
    _rule("cash", r"efecty"),
    _rule("cash", r"baloto"),
    # instalments and buy-now-pay-later
    _rule("installments",
          r"cuotas(?: sin inter[eé]s(?:es)?| s/ ?inter[eé]s| fijas| mensuales)?",
          lead=_CUOTAS_BEFORE, bare="cuotas"),
    _rule("installments", r"plazos(?! de (?:entrega|env[ií]o|devoluci[oó]n|pago))"
                          r"(?: sin intereses)?", lead=_PLAZOS_BEFORE, bare="plazos"),
    _rule("installments", r"mensualidades(?: sin intereses)?",
          lead=r"(?:(?:hasta|en) )?\d{1,2}|en|hasta", bare="mensualidades"),
    _rule("installments", r"parcelas(?: sem juros)?", lead=r"(?:em |at[eé] )*\d{1,2}",
          bare="parcelas"),
    _rule("installments", r"aplazame"),
    _rule("installments", r"sequra"),
    _rule("installments", r"afterpay"),
    _rule("installments", r"clearpay"),
    _rule("installments", r"scalapay"),
    _rule("installments", r"sezzle"),
    _rule("installments", r"pagantis"),
    _rule("installments", r"kueski"),
    _rule("installments", r"cofidis"),
    _rule("installments", r"affirm", check=_not_sentence_start),
    # paper and others
    _rule("cheque", r"cheques?(?! ?-?(?:de )?(?:regalo|descuento|ahorro|bienvenida|presente"
                    r"|gourmet|compra|comida|restaurante|cadeau|libro|bebé|beb[eé]))"),
    _rule("crypto", r"bitcoins?"),
)

_Hit = tuple[int, int, str, _Rule]  # start, end, method, the rule that found it
_GROUPS = _grouped(_RULES)
_CARD_WINDOW = 60

# What may sit between two names of one list of cards: "Visa, Mastercard y Maestro".
_LIST_GAP = re.compile(r"[\s,;:/|·•\-–+&()]*(?:(?:y|e|o|u|and|or|ou)[\s,;:/|·•\-–+&()]+)?",
                       re.IGNORECASE)
_CARD_WORD = re.compile(r"(?<!\w)(?:tarjetas?|cards?|cart(?:ão|ao|ões|oes)|cr[eé]dito"
                        r"|d[eé]bito|credit|debit)(?!\w)")
# A brand followed by a lower-case word is prose ("Discover our range", "Maestro pastelero").
_PROSE_AFTER = re.compile(
    r"[ \u00a0]+(?!(?:y|e|o|u|and|or|ou|club|en|hasta|con|sin|em|at[eé])\b)[a-záéíóúñçãõ]"
)






def payments_in_text(text: str) -> list[PaymentHit]:
    """Payment methods named in visible text, in order of position."""
    low = lower_same_length(text)
    hits: list[tuple[int, int, str, _Rule]] = []
    for regex, rules in _GROUPS:
        for m in regex.finditer(low):
            start, end = m.span()
            rule = rules[int(m.lastgroup[1:])]  # type: ignore[index]
            if not word_start(low, start):
                continue
            if rule.check is not None and not rule.check(text, low, start, end):
                continue
            if rule.lead is not None:
                lead = rule.lead.search(low, max(0, start - 16), start)
                if lead is not None:
                    start = lead.start()
                elif low[start:end] == rule.bare:
                    continue
            hits.append((start, end, rule.method, rule))
            if rule.also:
                hits.append((start, end, rule.also, rule))
    hits = _keep_listed_brands(text, low, hits)
    hits.sort(key=lambda h: (h[0], -h[1], PAYMENTS.index(h[2])))
    merged: list[_Hit] = []
    last: dict[tuple[str, str | None], int] = {}
    for hit in hits:
        start, end, method, rule = hit
        key = (method, rule.brand)
        index = last.get(key)
        if index is not None and merged[index][1] > start:  # one mention, two rules
            first = merged[index]
            merged[index] = (first[0], max(first[1], end), first[2], first[3])
            continue
        last[key] = len(merged)
        merged.append(hit)
    return [PaymentHit(m, r.brand, text[s:e], s, e) for s, e, m, r in merged]


def _keep_listed_brands(text: str, low: str, hits: list[_Hit]) -> list[_Hit]:
    """Drop ambiguous brands unless they sit in a list with a sure brand or a card word."""
    if not any(h[3].ambiguous for h in hits):
        return hits
    sure = [h for h in hits if not h[3].ambiguous]
    # "Mastercard" also matches the looser "master": keep the longer, sure one.
    loose = [h for h in hits if h[3].ambiguous
             and not any(s[0] <= h[0] < s[1] for s in sure)
             and not _PROSE_AFTER.match(text, h[1])]
    members: set[tuple[int, int, bool]] = {(h[0], h[1], True) for h in sure if h[3].brand}
    for h in loose:  # card words matter only next to a doubtful name: look there only
        window = _CARD_WORD.finditer(low, max(0, h[0] - _CARD_WINDOW), h[1] + _CARD_WINDOW)
        members.update((m.start(), m.end(), True) for m in window)
        members.add((h[0], h[1], False))
    kept: set[int] = set()
    chain: list[tuple[int, int, bool]] = []

    def close() -> None:
        if any(anchor for _, _, anchor in chain):
            kept.update(s for s, _, anchor in chain if not anchor)

    for member in sorted(members):
        if chain:
            gap_start, gap_end = chain[-1][1], member[0]
            gap = _LIST_GAP.match(text, gap_start, gap_end) if gap_end >= gap_start else None
            if gap is None or gap.end() != gap_end:
                close()
                chain = []
        chain.append(member)
    close()
    return sure + [h for h in loose if h[0] in kept]


# ---- is it a way to pay this shop? ----------------------------------------------------------

# Methods that exist only in some markets: an "oxxo" logo on a British tyre shop is the tyre brand.
_MARKETS: dict[str, tuple[frozenset[str], frozenset[str]]] = {  # method -> (countries, languages)
    "oxxo": (frozenset({"MX"}), frozenset({"es"})),
    "pix": (frozenset({"BR"}), frozenset({"pt"})),
    "boleto": (frozenset({"BR"}), frozenset({"pt"})),
    "bizum": (frozenset({"ES", "AD"}), frozenset({"es", "ca"})),
    "mercado_pago": (frozenset({"AR", "BR", "CL", "CO", "MX", "PE", "UY", "VE", "EC", "BO", "PY"}),
                     frozenset({"es", "pt"})),
}


def in_market(method: str, country: str | None, language: str | None) -> bool:
    """Can a shop in `country` (else one written in `language`) take this method at all?"""
    market = _MARKETS.get(method)
    if market is None:
        return True
    countries, languages = market
    return country in countries if country else language in languages


# A card offered by the shop's own credit programme ("Apply for a Boscov's Credit Card",
# "Solicita tu Tarjeta"), or a card a product works with ("compatible with credit cards",
# "lector de tarjetas"), is not a way to pay the shop.
_NOT_OFFER_BEFORE = re.compile(
    r"(?:\b(?:apply(?: now)?(?: for)?|sign up for|get (?:a|an|the|your)|open (?:a|an)|solicita(?:r)?|pide|pedir|obt[eé]n"
    r"|saca|hazte con|tramita|compatible (?:with|con|com)|works with|funciona con|lector(?:es)? de|readers?|reader for"
    r"|nfc|features?|caracter[ií]sticas|especificaciones|specifications"
    r"|rewards?|loyalty|store|club|fidelidad|puntos)"
    r"(?: (?:a|an|the|your|tu|una|la|el|su|de))?(?: (?-i:[A-Z])[\w&.-]*){0,2}|\b(?-i:[A-Z])[\w&.-]*['’]s)[ \u00a0]*$",
    re.IGNORECASE)
_NOT_OFFER_AFTER = re.compile(r"^[ \u00a0]*(?:application|rewards|benefits|beneficios|holders?|titulares|reader|lector)\b",
                              re.IGNORECASE)
# Words that say a product page's sentence is about paying for it ("3 cuotas sin interés", "Pay with PayPal").
_PAYING = re.compile(r"\b(?:" + "|".join(lexicon.union("payments.paying")) + r")\b", re.IGNORECASE)


def offered(text: str, hit: PaymentHit, product_copy: bool = False) -> bool:
    """Is this mention a way to pay the shop? `product_copy`: it sits in a product page's
    description, where "Apple Pay" and "NFC payments" are features, unless payment words are near."""
    before = text[max(0, hit.start - 40):hit.start]
    if _NOT_OFFER_BEFORE.search(before) or _NOT_OFFER_AFTER.match(text, hit.end, hit.end + 20):
        return False
    if product_copy:  # payment words around the mention, not inside it ("Apple Pay")
        return bool(_PAYING.search(text, max(0, hit.start - 60), hit.start)
                    or _PAYING.search(text, hit.end, min(len(text), hit.end + 60)))
    return True


# ---- badges and icon markup -------------------------------------------------------------

_STRONG, _PLAIN, _AMBIGUOUS = 0, 1, 2

# Compact names (lower-case, no separators) of badges: (method, brand, how sure the name is).
_NAME_TABLE: dict[str, tuple[int, tuple[tuple[str, str | None], ...]]] = {
    "visa": (_PLAIN, (("card", "visa"),)),
    "visaelectron": (_STRONG, (("card", "visa"),)),
    "mastercard": (_STRONG, (("card", "mastercard"),)),
    "master": (_AMBIGUOUS, (("card", "mastercard"),)),
    "amex": (_STRONG, (("card", "amex"),)),
    "americanexpress": (_STRONG, (("card", "amex"),)),
    "maestro": (_AMBIGUOUS, (("card", "maestro"),)),
    "discover": (_AMBIGUOUS, (("card", "discover"),)),
    "jcb": (_AMBIGUOUS, (("card", "jcb"),)),
    "elo": (_AMBIGUOUS, (("card", "elo"),)),
    "naranja": (_AMBIGUOUS, (("card", "naranja"),)),
    "cabal": (_AMBIGUOUS, (("card", "cabal"),)),
    "carnet": (_AMBIGUOUS, (("card", "carnet"),)),
    "diners": (_AMBIGUOUS, (("card", "diners"),)),
    "dinersclub": (_STRONG, (("card", "diners"),)),
    "unionpay": (_STRONG, (("card", "unionpay"),)),
    "hipercard": (_STRONG, (("card", "hipercard"),)),
    "argencard": (_STRONG, (("card", "argencard"),)),
    "redcompra": (_STRONG, (("card", "redcompra"),)),
    "webpay": (_STRONG, (("card", None),)),
    "paypal": (_STRONG, (("paypal", None),)),
    "bizum": (_STRONG, (("bizum", None),)),
    "mercadopago": (_STRONG, (("mercado_pago", None),)),
    "applepay": (_STRONG, (("apple_pay", None),)),
    "googlepay": (_STRONG, (("google_pay", None),)),
    "gpay": (_PLAIN, (("google_pay", None),)),
    "pix": (_PLAIN, (("pix", None),)),
    "boleto": (_PLAIN, (("boleto", None),)),
    "oxxo": (_PLAIN, (("oxxo", None),)),  # also a tyre brand
    "oxxopay": (_STRONG, (("oxxo", None),)),
    "klarna": (_STRONG, (("klarna", None), ("installments", None))),
    "aplazame": (_STRONG, (("installments", None),)),
    "sequra": (_STRONG, (("installments", None),)),
    "afterpay": (_STRONG, (("installments", None),)),
    "clearpay": (_STRONG, (("installments", None),)),
    "scalapay": (_STRONG, (("installments", None),)),
    "affirm": (_PLAIN, (("installments", None),)),
    "bitcoin": (_STRONG, (("crypto", None),)),
    "sofort": (_STRONG, (("bank_transfer", None),)),
    "multibanco": (_STRONG, (("bank_transfer", None),)),
    "spei": (_PLAIN, (("bank_transfer", None),)),
    "pse": (_PLAIN, (("bank_transfer", None),)),
    "transferencia": (_PLAIN, (("bank_transfer", None),)),
    "contrareembolso": (_STRONG, (("cash_on_delivery", None),)),
    "rapipago": (_STRONG, (("cash", None),)),
    "pagofacil": (_STRONG, (("cash", None),)),
    "efectivo": (_PLAIN, (("cash", None),)),
    "postepay": (_STRONG, (("card", None),)),
    "cartebancaire": (_STRONG, (("card", None),)),
    "cartesbancaires": (_STRONG, (("card", None),)),
    "bancontact": (_STRONG, (("card", None),)),
    "giropay": (_STRONG, (("bank_transfer", None),)),
    "sofortuberweisung": (_STRONG, (("bank_transfer", None),)),
    "satispay": (_STRONG, (("bank_transfer", None),)),
    "mbway": (_STRONG, (("bank_transfer", None),)),
    "vorkasse": (_PLAIN, (("bank_transfer", None),)),
    "lastschrift": (_PLAIN, (("bank_transfer", None),)),
    "bonifico": (_PLAIN, (("bank_transfer", None),)),
    "nachnahme": (_PLAIN, (("cash_on_delivery", None),)),
    "contrassegno": (_PLAIN, (("cash_on_delivery", None),)),
}
_MAX_NAME_WORDS = 3

# Words that say "this picture is about paying".
_CONTEXT = frozenset(
    (
        "pago", "pagos", "payment", "payments", "pay", "tarjeta", "tarjetas", "card", "cards",
        "cartao", "cartoes", "bandeira", "bandeiras", "checkout", "medios", "metodos", "methods",
        "formas", "pagamento", "pagamentos", "paymenticons", "paymentmethods", "mediosdepago",
        "creditcards", "credit", "debit", "credito", "debito", "zahlungsarten", "zahlungsmethoden", "zahlung",
        "paiement", "carte", "pagamento", "pagamenti", "carta", "carte"
    )
)
# Words that may surround a badge name without making it a picture of something else.
_FILLER = _CONTEXT | frozenset(
    (
        "logo", "logotipo", "logos", "icon", "icons", "icono", "iconos", "icone", "badge", "img",
        "image", "imagen", "with", "con", "com", "y", "and", "e", "de", "del", "da", "do", "the",
        "secure", "seguro", "segura", "accepted", "aceptamos", "aceptada", "aceptadas", "we",
        "accept", "acepta", "metodo", "method", "medio", "forma", "via", "por", "mediante",
        "online", "svg", "png", "jpg", "jpeg", "webp", "gif", "avif", "color", "colour", "mono",
        "white", "black", "dark", "light", "gray", "grey", "small", "large", "big", "retina",
        "footer", "flat", "min", "full", "horizontal", "vertical", "new", "nuevo"
    )
)
_NOISE = re.compile(r"\d+x?\d*|\d*x|v\d+|[0-9a-f]{6,}")
_ASCII_TOKEN = re.compile(r"[a-z0-9]+")


_Badge = tuple[int, tuple[tuple[str, str | None], ...]]  # sureness, (method, brand) pairs


def _names_in_tokens(tokens: list[str]) -> tuple[list[_Badge], bool]:
    """(found names, whether every other token is filler) for one alt text or file path."""
    found: list[_Badge] = []
    only_filler = True
    i = 0
    while i < len(tokens):
        for size in range(min(_MAX_NAME_WORDS, len(tokens) - i), 0, -1):
            entry = _NAME_TABLE.get("".join(tokens[i:i + size]))
            if entry is not None:
                found.append(entry)
                i += size
                break
        else:
            token = tokens[i]
            if token not in _FILLER and not _NOISE.fullmatch(token):
                only_filler = False
            i += 1
    return found, only_filler


def _accepted(found: list[_Badge], only_filler: bool, context: bool) -> list[tuple[str, str | None]]:
    """Apply the sureness rules: strong always; plain when nothing else is pictured; ambiguous
    only where the picture is clearly about payment (context word or a sure brand beside it)."""
    sure_neighbour = any(level != _AMBIGUOUS for level, _ in found)
    out: list[tuple[str, str | None]] = []
    for level, pairs in found:
        if (level == _STRONG
                or (level == _PLAIN and (only_filler or context))
                or (level == _AMBIGUOUS and (context or (sure_neighbour and only_filler)))):
            out.extend(p for p in pairs if p not in out)
    return out


def payments_in_image(src: str, alt: str) -> list[PaymentHit]:
    """Payment badges recognised by alt/title text or by the image's file name."""
    return list(_image_hits(src, alt))


@lru_cache(maxsize=URL_CACHE)  # logos, badges and product images repeat on every page of a site
def _image_hits(src: str, alt: str) -> tuple[PaymentHit, ...]:
    results: list[PaymentHit] = []
    seen: set[tuple[str, str | None]] = set()
    path = "" if src.strip().lower().startswith("data:") else unquote(urlsplit(src.strip()).path)
    folders, _, file_name = path.rpartition("/")
    folder_tokens = _ASCII_TOKEN.findall(fold(folders.replace("_", " ")))
    file_tokens = _ASCII_TOKEN.findall(fold(file_name.replace("_", " ")))
    alt_tokens = _ASCII_TOKEN.findall(fold(alt))
    context = any(t in _CONTEXT for t in folder_tokens + file_tokens + alt_tokens)
    alt_text = " ".join(alt.split())

    for hit in payments_in_text(alt_text):  # "Pago con tarjeta de crédito" as alt text
        if (hit.method, hit.brand) not in seen and offered(alt_text, hit):
            seen.add((hit.method, hit.brand))
            results.append(PaymentHit(hit.method, hit.brand, alt_text, 0, 0))
    for tokens, evidence in ((alt_tokens, alt_text), (file_tokens, file_name)):
        found, only_filler = _names_in_tokens(tokens)
        for method, brand in _accepted(found, only_filler, context):
            if (method, brand) in seen or (method == "card" and brand is None
                                           and any(m == "card" for m, _ in seen)):
                continue
            seen.add((method, brand))
            results.append(PaymentHit(method, brand, evidence, 0, 0))
    return tuple(results)


_MARKUP = re.compile(
    r"(?P<prefix>payment-icons?-{1,2}|payment-methods?-{1,2}|payments?-|pi-|fa-cc-|cc-|card-"
    r"|icon-payment-|icon-{1,2}|icons-|svg-icon-|ico-|fa-|logo-|pay-)?"
    r"(?P<name>[a-z]+(?:-[a-z]+)??(?:-[a-z]+)??)"
    r"(?P<suffix>(?:-{1,2}(?:icon|logo|color|colour|dark|light|mono|white|black|badge|svg"
    r"|small|large|dims|\d+))*)"
)
_STRICT_PREFIXES = ("payment", "pi-", "fa-cc-", "cc-", "card-", "icon-payment-")


def payments_in_markup(token: str) -> list[PaymentHit]:
    """Payment methods from one class or id token of well-known payment-icon markup.

    Payment-specific prefixes ("payment-icon--", "pi-", "fa-cc-") admit any badge name; generic
    ones ("icon-", "fa-", "logo-") or none admit only unmistakable names (PayPal, Bizum…), and
    "visa" when some prefix or suffix marks it as an icon.
    """
    cleaned = token.strip().lower().replace("_", "-")
    m = _MARKUP.fullmatch(cleaned)
    if m is None:
        return []
    prefix, suffix = m.group("prefix") or "", m.group("suffix")
    entry = _NAME_TABLE.get(m.group("name").replace("-", ""))
    if entry is None:
        return []
    level, pairs = entry
    strict = prefix.startswith(_STRICT_PREFIXES)
    if not (strict or level == _STRONG or (m.group("name") == "visa" and (prefix or suffix))):
        return []
    return [PaymentHit(method, brand, token.strip(), 0, 0) for method, brand in pairs]
