"""Find stated guarantees: warranty, money back, satisfaction, price match, protected purchase.

The word "garantía" alone is a menu label, a verb ("garantizamos la privacidad") or a denial
("sin garantía"), so a match needs a whole guarantee phrase: a warranty with its length or kind
("garantía de 2 años", "lifetime warranty", "garantía legal"), a promise to return the money,
a guaranteed satisfaction, a price match or a named purchase protection. "Pago seguro" alone is
about the payment page, not a guarantee, and is not reported. Phrases are searched only near a
few anchor stems ("garant", "warrant", "dinero", "refund"...), each found by a one-literal scan,
so 50 KB of shop text costs about a millisecond.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from touchaudit.text.durations import accent_tolerant, lower_same_length
from touchaudit.text.normalize import squash

__all__ = ["KINDS", "GuaranteeMatch", "find_guarantees"]

KINDS = ("warranty", "money_back", "satisfaction", "price_match", "secure_purchase")


@dataclass(frozen=True)
class GuaranteeMatch:
    """One guarantee phrase; `kind` is one of KINDS, `text` is text[start:end] squashed."""

    kind: str
    text: str
    start: int
    end: int


_NUM = (r"(?:\d{1,2}|un|una|uno|dos|tres|cuatro|cinco|diez|one|two|three|four|five|ten|um|dois"
        r"|quatro)")
_PERIOD = r"(?:anos?|meses|mes|years?|yrs?|months?)(?!\w)"
_PCT = r"(?:100 ?% )"
_APOS = "['’]"

_KIND_PATTERN = re.compile(accent_tolerant(
    r"(?<!\w)(?:"
    r"(?P<money_back>satisfech\w* o (?:te |le )?(?:devolvemos|reembolsamos) (?:(?:el|tu|su) )?"
    r"(?:dinero|importe)|devoluci(?:on|ones) (?:de|del) (?:tu |su )?dinero|(?:te |le |les )?"
    r"devolvemos (?:(?:el|tu|su) )?(?:dinero|importe)|reembolso (?:garantizado|garantido|total"
    r"|completo|integro|del 100 ?%)|" + _PCT + r"(?:de )?reembols\w*|money[- ]back(?: guarantee)?"
    r"|(?:full|100 ?%) refund|(?:get )?your money back|dinheiro de volta|devolucao do (?:seu )?"
    r"dinheiro|devolvemos (?:o )?(?:seu )?dinheiro|garantia de (?:devolucion|reembolso)(?: del"
    r" dinero)?)"
    r"|(?P<satisfaction>" + _PCT + r"?satisfaccion (?:100 ?% )?garantizada|garantia de"
    r" satisfaccion|" + _PCT + r"?satisfaction guarantee(?:d)?|satisfaction guaranteed"
    r"|guaranteed satisfaction|happiness guarantee(?:d)?|satisfacao garantida|garantia de"
    r" satisfacao)"
    r"|(?P<price_match>igualamos (?:(?:el|los|cualquier|tu) )?(?:precios?|ofertas?)"
    r"|price[- ]match(?:ing)?(?: guarantee| promise| policy)?|we(?:" + _APOS + r"ll| will)? match"
    r" (?:any |our competitors" + _APOS + r"? |competitors" + _APOS + r"? |a lower |the lower"
    r" |lower )?prices?|(?:mejor|menor) precio garantizado|garantia (?:de|del) (?:mejor|menor)"
    r" precio|(?:lowest|best) price guarantee(?:d)?|cobrimos (?:qualquer )?(?:oferta|preco)"
    r"|garantia de menor preco|menor preco garantido|we(?:" + _APOS + r"ll| will)? refund the"
    r" difference|te devolvemos la diferencia)"
    r"|(?P<secure_purchase>compra " + _PCT + r"?(?:protegida|garantizada|garantida)|compra "
    + _PCT + r"?segura (?:y )?garantizada|(?:buyer|purchase|shopping) protection|proteccion (?:al"
    r" |del |de )?(?:comprador|compras?)|protecao (?:ao |do )?(?:comprador|compras?)|safe"
    r" (?:shopping|purchase|checkout) guarantee|garantia de compra (?:segura|protegida))"
    r"|(?P<warranty>garantias?(?: \w+){0,2}? ?:? ?" + _NUM + r" ?[-" + "\u2010-\u2015" + r"]? ?"
    + _PERIOD + r"|" + _NUM + r" ?[-" + "\u2010-\u2015" + r"]? ?" + _PERIOD + r"(?: (?:de|of))?"
    r"(?: (?:la|the))?(?: (?:limited|manufacturer" + _APOS + r"?s?|full|extended|legal))?"
    r" (?:garantia|warranty|guarantee)|(?:warranty|guarantee)(?: period)? ?:? ?(?:of )?" + _NUM
    + r" ?[-]? ?" + _PERIOD + r"|garantia (?:legal|oficial|vitalicia|de por vida|para toda la"
    r" vida|del fabricante|de fabrica|do fabricante|extendida|estendida|comercial)(?!\w)"
    r"|(?:(?:limited|full|extended) )?(?:manufacturer" + _APOS + r"?s?|lifetime|limited|extended"
    r"|factory)(?: limited| lifetime)? (?:warranty|guarantee)"
    r"|" + _NUM + r" ?[-]? ?" + _PERIOD + r" \w+ (?:warranty|guarantee)"
    r"|(?:garantia|warranty|guarantee|guaranteed|garantizad[oa]s?) ?:? ?(?:(?:por|contra|against|for"
    r"|cubre|covers?) )(?:(?:todo|todos|los|any|all) )?(?:defectos?|fallas?|fallos?|defects?|faults?)"
    r" (?:de|in|of)? ?(?:fabrica(?:cion)?|manufactur\w*|materials?|workmanship|origen)))(?!\w)"
))
# Every phrase above contains one of these stems; each is found by a fast one-literal scan.
_ANCHORS = tuple(re.compile(p) for p in (
    r"garant", r"warrant", r"guarant", r"dinero", r"dinheiro", r"money", r"refund", r"reembols",
    r"satisf", r"igual", r"price", r"match", r"prote", r"cobrimos", r"happiness", r"devolvemos",
))
_NEGATION = re.compile(accent_tolerant(
    r"(?<!\w)(?:sin|no|not|without|sem|nao|no incluye|excluye|excluding|void|ninguna|nenhuma)"
    r"(?: \w+)? ?$"
))


def _windows(low: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for at in sorted(m.start() for anchor in _ANCHORS for m in anchor.finditer(low)):
        lo, hi = max(0, at - 60), min(len(low), at + 90)
        while lo and low[lo - 1].isalnum():
            lo -= 1
        while hi < len(low) and low[hi].isalnum():
            hi += 1
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(hi, spans[-1][1]))
        else:
            spans.append((lo, hi))
    return spans


def find_guarantees(text: str) -> list[GuaranteeMatch]:
    """Guarantee phrases in visible text, in order; denied ones ("sin garantía") are skipped."""
    low = lower_same_length(text)
    found: list[GuaranteeMatch] = []
    for lo, hi in _windows(low):
        for m in _KIND_PATTERN.finditer(low, lo, hi):
            if _NEGATION.search(low, max(0, m.start() - 24), m.start()):
                continue
            kind = m.lastgroup or ""
            found.append(GuaranteeMatch(kind, squash(text[m.start():m.end()]), m.start(),
                                        m.end()))
    return found
