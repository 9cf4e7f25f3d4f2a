"""Find time promises in shop text: delivery times, reply times and return windows.

A number of days means nothing alone ("30 días" is a return window, a warranty, an offer or a
delivery time), so every quantity is judged by the nearest context word in its sentence: a
keyword bound right after it ("14 días para devolver", "30-day returns") wins, else the last
keyword before it, else one shortly after. Precision beats recall: an unclear context yields
nothing. Matching runs on `text.lower()` (same length as the text, so offsets are the
original's) with accent-tolerant patterns; quantities are only parsed around unit words, each
found by a one-literal scan, which keeps 50 KB of text at a few milliseconds; the quantities of
the last few texts are cached, as the three finders usually read the same page.

Choices the checks rely on:
- Delivery: units are reported as written ("24 horas" stays 24-24 hours; "same day" is 0-0
  days, "next day" 1-1 days, "next business day" 1-1 business_days); "up to"/"within N" gives
  min = max = N because the shop promised N, not a range; minutes become fractional hours.
- Reply: `hours` is the upper bound; a day or business day counts 24 h, a week 168 h, and "the
  same day" or "the next business day" 24 h. A number needs a preposition of time ("en", "within",
  "em até"...) so "Atención 24 horas" (opening hours) is not a reply time.
- Return window: days as written (business days are not converted), weeks x7, months x30,
  years x365; refund processing times ("te reembolsaremos en 14 días") are not windows.
- Free returns: a statement that the customer pays return shipping beats "free returns",
  because that claim is usually scoped (in store, exchanges, over a threshold) while the
  cost clause is the policy itself.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from touchaudit.text import lexicon
from touchaudit.text.normalize import fold, lower_same_length, squash

__all__ = [
    "DeliveryPromise", "ResponsePromise", "ReturnWindow", "accent_tolerant",
    "find_delivery_promises", "find_response_promises", "find_return_windows", "free_returns",
    "lower_same_length",
]

_ACCENTS = {"a": "[aáàâãä]", "e": "[eéèêë]", "i": "[iíìîï]", "o": "[oóòôõö]", "u": "[uúùûü]",
            "n": "[nñ]", "c": "[cç]"}


def accent_tolerant(pattern: str) -> str:
    """Let plain letters of a lower-case pattern match accented ones, and spaces any spacing.

    Patterns stay readable ("dias habiles") yet match "días  hábiles": a space becomes `\\s+`
    and " ?" becomes `\\s*`; escapes, character classes and group names are copied as they are.
    """
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif pattern.startswith("(?P<", i):
            close = pattern.index(">", i)
            out.append(pattern[i:close + 1])
            i = close + 1
            continue
        elif pattern.startswith(" ?", i):
            out.append(r"\s*")
            i += 2
            continue
        elif ch == " ":
            ch = r"\s+"
        else:
            ch = _ACCENTS.get(ch, ch)
        out.append(ch)
        i += 1
    return "".join(out)


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(accent_tolerant(pattern))


@dataclass(frozen=True)
class DeliveryPromise:
    """A delivery time; `text` is text[start:end] with spacing collapsed."""

    min: float
    max: float
    unit: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class ResponsePromise:
    """A promised reply time, in hours (upper bound)."""

    hours: float
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class ReturnWindow:
    """How many days a customer has to return or exchange a purchase."""

    days: int
    text: str
    start: int
    end: int


_NUMBER_WORDS: dict[str, int] = {fold(k): int(v) for k, v in lexicon.merged("durations.numbers").items()}
_ENGLISH_SINGULAR = frozenset({"hour", "day", "week", "month", "year"})
_DASH = "\\-\u2010-\u2015\u2212"
UNITS = ("hours", "minutes", "days", "business_days", "weeks", "months", "years")


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    """Patterns of the vocabulary as one alternation, longest first (a prefix never shadows)."""
    return "|".join(sorted(dict.fromkeys(words), key=len, reverse=True))


def _words(key: str) -> str:
    return _alternation(lexicon.union(f"durations.{key}"))


_UNIT_WORDS = {unit: lexicon.union(f"durations.units.{unit}") for unit in UNITS}
_UNIT_CLASS = tuple((unit, re.compile(accent_tolerant("(?:" + _alternation(words) + ")")))
                    for unit, words in _UNIT_WORDS.items())
_NUM = ("(?:" + "|".join(w.replace(" ", "[- ]") for w in sorted(_NUMBER_WORDS, key=len, reverse=True))
        + r")(?![\w-])|\d{1,3}(?![\d.,:])")
_UNIT = "(?P<unit>" + _alternation([w for words in _UNIT_WORDS.values() for w in words]) + r")(?!\w)"
_QUALIFIER = _words("business") + "|" + _words("calendar")
_BUSINESS = frozenset(fold(w) for w in lexicon.union("durations.business"))
_SPECIAL = ("(?P<same>" + _words("same_day") + ")|(?P<nextb>" + _words("next_business_day") + ")|(?P<next>"
            + _words("next_day") + r")(?!\w)")
_QUANTITY = _rx(
    r"(?<![\w.,:/€$£+#" + _DASH + r"])(?:" + _SPECIAL + r"|(?P<n1>" + _NUM + r")(?:(?: ?(?:h|hs"
    r"|hrs|horas|dias|days|std|ore|heures))? ?[/" + _DASH + r"] ?(?P<n2>" + _NUM + r")| (?:" + _words("range_words")
    + r") (?P<n3>" + _NUM + r"))? ?[" + _DASH + r"]? ?(?:(?P<pre>" + _QUALIFIER + r") )?" + _UNIT
    + r"(?: (?P<post>" + _QUALIFIER + r"))?(?!\w))"
)

# Context words, one class each (vocab/<lang>.toml, durations.keywords); the neutral phrases are
# consumed so that "30 días desde la entrega" is not read as a delivery time.
KEYWORD_CLASSES = ("neutral", "refund", "returns", "response", "details", "delivery", "warranty", "payment",
                   "past", "other")
_KEYWORDS = re.compile(r"\b(?=[^\W\d_])(?:" + lexicon.by_first_letter(
    [(f"{name}_{i}", pattern) for name in KEYWORD_CLASSES
     for i, pattern in enumerate(lexicon.union(f"durations.keywords.{name}"))], accent_tolerant) + r")(?!\w)")
# What may sit between a quantity and a keyword bound to it ("30 días para devolver").
_GLUE = re.compile(accent_tolerant(
    r"[^\S\n]*(?:(?:para|de|of|to|for|para la|de la|free|gratis|gratuitas?|pour|per|zur|zum|fur)[^\S\n]+)?"
).replace(r"\s+", r"[^\S\n]+"))
_CLAUSE = re.compile(r"[,;:.!?()|\n•·]")
_SENTENCE_END = re.compile(r"[!?\n|•;]|\.\s+[A-ZÁÉÍÓÚÑ¿¡]")
_PER = _rx(r" ?(?:" + _words("per") + r")\b")
_CLOCK_BEFORE = _rx(r"\b(?:" + _words("clock_before") + ") $")
_FROM_BEFORE = _rx(r"\b(?:" + _words("from_before") + ") $")
_TIME_PREP = _rx(r"\b(?:" + _words("prepositions") + r")\b")


def _anchor(pattern: str) -> re.Pattern[str]:
    """A one-literal scan for where a unit or a same/next-day phrase may be: its first letters
    (accent-tolerant after the first). Short words must start a word ("ore", not "more"), "h" must follow a digit."""
    literal = re.match(r"[a-z]*", pattern).group()  # type: ignore[union-attr]
    if pattern[len(literal):len(literal) + 1] in ("?", "*", "{"):
        literal = literal[:-1]
    if not literal:
        raise ValueError(f"duration word must start with a letter: {pattern!r}")
    head = literal[0] + accent_tolerant(literal[1:])  # a literal first character: a fast scan
    if len(literal) == 1:
        return re.compile(head + r"(?:(?<=[0-9]" + head + r")|(?<=[0-9][ \xa0]" + head + r"))")
    if len(literal) < 4:
        return re.compile(head + r"(?<![^\W\d_]" + head + ")")
    return re.compile(head)


# Each stem in its own pattern: a pattern that starts with one literal character is scanned at
# C speed (about 0.03 ms per 50 KB), an alternation of them is 50 times slower.
_ANCHORS = tuple({a.pattern: a for a in map(_anchor, (
    *(w for words in _UNIT_WORDS.values() for w in words),
    *lexicon.union("durations.same_day"), *lexicon.union("durations.next_day"),
    *lexicon.union("durations.next_business_day")))}.values())
_LEFT_WORDS = re.compile(r"(?:[^\s|•.!?;]+[^\S\n]+){0,3}$")
_RIGHT_WORDS = re.compile(r"(?:[^\S\n]+[^\s|•.!?;]+){0,3}")
_BEFORE_LIMIT = 80  # a keyword may precede its quantity by this many characters
_AFTER_LIMIT = 60  # or follow it by this many, in the same clause
_SNIPPET_MAX = 160

_FACTOR_HOURS = {"hours": 1.0, "minutes": 1 / 60, "days": 24.0, "business_days": 24.0,
                 "weeks": 168.0, "months": 720.0, "years": 8760.0}
_FACTOR_DAYS = {"days": 1, "business_days": 1, "weeks": 7, "months": 30, "years": 365}
_DELIVERY_LIMIT = {"hours": 168, "days": 60, "business_days": 60, "weeks": 12}

_Keyword = tuple[int, int, str]


@dataclass(frozen=True)
class _Quantity:
    start: int
    end: int
    min: float
    max: float
    unit: str  # hours, minutes, days, business_days, weeks, months, years
    special: bool  # "same day" / "next day" words rather than a number
    context: str
    keyword_start: int
    clock_like: bool  # "antes de las 14 h", "de 9 a 14 h": a time of day
    prep: bool  # a preposition of time right before ("en", "within", "em até")


def _number(word: str) -> int:
    word = fold(word).replace("-", " ")
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _unit(m: re.Match[str]) -> str:
    word = m.group("unit")
    unit = next(u for u, regex in _UNIT_CLASS if regex.fullmatch(word))
    if unit == "days" and {fold(m.group("pre") or ""), fold(m.group("post") or "")} & _BUSINESS:
        return "business_days"
    return unit


def _anchor_windows(low: str) -> list[tuple[int, int]]:
    """Merged spans around unit words, the only places a quantity can end.

    One cheap scan for unit stems replaces scanning the whole text for numbers and for the
    hundred context words, which is several times slower in Python's regex engine.
    """
    spans: list[tuple[int, int]] = []
    for at in sorted(m.start() for anchor in _ANCHORS for m in anchor.finditer(low)):
        lo, hi = max(0, at - 45), min(len(low), at + 40)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return [_whole_words(low, lo, hi) for lo, hi in spans]


def _whole_words(low: str, lo: int, hi: int) -> tuple[int, int]:
    while lo and low[lo - 1].isalnum():
        lo -= 1
    while hi < len(low) and low[hi].isalnum():
        hi += 1
    return lo, hi


def _kind(m: re.Match[str]) -> str:
    """The class of a keyword match (its branch is named "<class>_<n>")."""
    return (m.lastgroup or "").rsplit("_", 1)[0]


def _same_sentence(text: str, start: int, end: int) -> bool:
    """No sentence break between, except after a label that ends its line ("Plazo de entrega:")."""
    gap = text[start:end]
    if not _SENTENCE_END.search(gap):
        return True
    if gap.count("\n") != 1:
        return False  # "Lieferzeit:\nab Bestellung innerhalb von 15 - 20 Werktagen": a label, then its value
    return gap.strip() in ("", ":") or gap.lstrip().startswith(":\n") and not _SENTENCE_END.search(gap.replace("\n", " "))


def _context_span(low: str, qs: int, qe: int) -> tuple[int, int]:
    """Where a quantity's context words may be."""
    return _whole_words(low, max(0, qs - _BEFORE_LIMIT - 40), min(len(low), qe + _AFTER_LIMIT + 30))


def _keywords(low: str, quantities: list[re.Match[str]]) -> list[_Keyword]:
    """Every context word around the quantities, in order, found in one pass over their merged
    spans: scanning each quantity's own span again cost twice the whole text."""
    spans: list[tuple[int, int]] = []
    for m in quantities:
        lo, hi = _context_span(low, m.start(), m.end())
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(hi, spans[-1][1]))
        else:
            spans.append((lo, hi))
    return [(k.start(), k.end(), _kind(k)) for lo, hi in spans for k in _KEYWORDS.finditer(low, lo, hi)]


def _context(text: str, low: str, qs: int, qe: int, keywords: list[_Keyword]) -> tuple[str, int] | None:
    """Class of the keyword a quantity belongs to, and where that keyword starts."""
    lo, hi = _context_span(low, qs, qe)
    before: list[_Keyword] = []
    following: _Keyword | None = None
    for keyword in keywords[bisect_left(keywords, (lo, -1, "")):]:
        start, end, kind = keyword
        if end > hi:
            break
        if kind == "neutral":
            continue
        if end <= qs:
            before.append(keyword)
        elif start >= qe:
            following = keyword
            break
    if following and _GLUE.fullmatch(low, qe, following[0]):
        return following[2], following[0]
    if before:
        s, e, k = before[-1]
        if qs - e <= _BEFORE_LIMIT and _same_sentence(text, e, qs):
            return k, s
    if following and following[0] - qe <= _AFTER_LIMIT and not _CLAUSE.search(
            low, qe, following[0]):
        return following[2], following[0]
    return _label_line(low, qs, qe)


_LINE_LABEL_MAX = 40  # a value alone on its line, its label alone on the next: "2-4 días\nEnvío exprés"


def _label_line(low: str, qs: int, qe: int) -> tuple[str, int] | None:
    """Product pages lay out delivery as two short blocks, value and label, one above the other:
    the line right after (or before) a line holding only the quantity may name its context."""
    start = low.rfind("\n", 0, qs) + 1
    end = low.find("\n", qe)
    end = len(low) if end == -1 else end
    if end - start > _LINE_LABEL_MAX or low[start:end].strip() == "":
        return None
    following_end = low.find("\n", end + 1)
    lines = [(end + 1, len(low) if following_end == -1 else following_end)] if end < len(low) else []
    if start > 0:
        lines.append((low.rfind("\n", 0, start - 1) + 1, start - 1))
    for lo, hi in lines:
        if lo < hi and hi - lo <= _LINE_LABEL_MAX:
            for m in _KEYWORDS.finditer(low, lo, hi):
                if _kind(m) != "neutral":
                    return _kind(m), m.start()
    return None


@lru_cache(maxsize=256)
def _quantities(text: str) -> tuple[_Quantity, ...]:
    """Every time quantity next to a context word, with the class of that context.

    Cached for a site's worth of zone texts: the delivery, reply and return finders each read every
    page of the site in turn (with 8 entries every text was computed three times).
    """
    low = lower_same_length(text)
    found: list[_Quantity] = []
    candidates = [m for lo, hi in _anchor_windows(low) for m in _QUANTITY.finditer(low, lo, hi)]
    keywords = _keywords(low, candidates)
    for m in candidates:
        context = _context(text, low, m.start(), m.end(), keywords)
        if context is not None:
            quantity = _parse(low, m, *context)
            if quantity is not None:
                found.append(quantity)
    return tuple(found)


def _parse(low: str, m: re.Match[str], context: str, kw_start: int) -> _Quantity | None:
    qs, qe = m.start(), m.end()
    before = low[max(0, qs - 30):qs]
    prep = bool(_TIME_PREP.search(before[-20:]))
    if m.group("same"):
        return _Quantity(qs, qe, 0, 0, "days", True, context, kw_start, False, True)
    if m.group("next") or m.group("nextb"):
        unit = "business_days" if m.group("nextb") else "days"
        return _Quantity(qs, qe, 1, 1, unit, True, context, kw_start, False, True)
    first, second = m.group("n1"), m.group("n2") or m.group("n3")
    if fold(first) in ("a", "an") and (second or fold(m.group("unit")) not in _ENGLISH_SINGULAR):
        return None  # "a"/"an" are numbers only before an English singular unit ("a week")
    if second and fold(second) in ("a", "an"):
        return None
    low_n = _number(first)
    high_n = _number(second) if second else low_n
    if high_n < low_n or high_n == 0 or _PER.match(low, qe):
        return None  # "5-3 días", or "7 días a la semana" (a schedule, not a duration)
    unit = _unit(m)
    clock = unit in ("hours", "minutes") and (bool(_CLOCK_BEFORE.search(before)) or (
        bool(_FROM_BEFORE.search(before)) and second is not None and 6 <= low_n
        and high_n <= 23))
    return _Quantity(qs, qe, low_n, high_n, unit, False, context, kw_start, clock, prep)


def _snippet(text: str, q: _Quantity) -> tuple[int, int, str]:
    """The promise with its keyword and up to three words either side, within the sentence."""
    start, end = min(q.start, q.keyword_start), q.end
    if q.keyword_start >= q.end:
        end = q.keyword_start
        while end < len(text) and (text[end].isalnum() or text[end] in "-'’"):
            end += 1
    left = _LEFT_WORDS.search(text, max(0, start - 60), start)
    start = left.start() if left else start
    right = _RIGHT_WORDS.match(text, end, min(len(text), end + 60))
    end = right.end() if right else end
    if end - start > _SNIPPET_MAX:
        end = start + _SNIPPET_MAX
        while end > q.end and not text[end - 1].isspace():
            end -= 1
    while end > start and text[end - 1] in " \t\n,;:(-–":
        end -= 1
    while start < end and text[start] in " \t\n,;:)-–":
        start += 1
    return start, end, squash(text[start:end])


# "Recíbelo mañana", "retira hoy", "get it today": the day itself, bound to the verb that receives.
_DAY_WORD = re.compile(r"(?<!\w)(?:hoy|today|hoje|ma[nñ]ana|tomorrow|amanh[aã])(?!\w)")
_RECEIVING_VERB = _rx(
    r"(?<!\w)(?:recib\w*|rec[ií]bel[oa]s?|llega(?:n|ra|ran)?|entregamos|retira(?:lo|la|s)?|ret[ií]ral[oa]"
    r"|get it|arrives?|delivered|receive it|chega|receba|receb[ae]-?o) $")


_DAY_STEMS = ("hoy", "today", "hoje", "mañana", "manana", "tomorrow", "amanh")


def _day_promises(text: str, low: str) -> list[DeliveryPromise]:
    found: list[DeliveryPromise] = []
    if not any(stem in low for stem in _DAY_STEMS):
        return found
    for m in _DAY_WORD.finditer(low):
        verb = _RECEIVING_VERB.search(low, max(0, m.start() - 20), m.start())
        if verb is not None:
            days = 0.0 if m.group() in ("hoy", "today", "hoje") else 1.0
            found.append(DeliveryPromise(days, days, "days", squash(text[verb.start():m.end()]), verb.start(), m.end()))
    return found


def find_delivery_promises(text: str) -> list[DeliveryPromise]:
    """Concrete delivery or shipping times, each next to a delivery word; and "recíbelo mañana"."""
    found: list[DeliveryPromise] = []
    for q in _quantities(text):
        if q.context != "delivery" or q.clock_like or q.unit in ("months", "years"):
            continue
        lo, hi, unit = q.min, q.max, q.unit
        if unit == "minutes":
            lo, hi, unit = lo / 60, hi / 60, "hours"
        if hi > _DELIVERY_LIMIT[unit]:
            continue
        start, end, snippet = _snippet(text, q)
        found.append(DeliveryPromise(float(lo), float(hi), unit, snippet, start, end))
    found += [p for p in _day_promises(text, lower_same_length(text))
              if not any(f.start < p.end and p.start < f.end for f in found)]
    return found


def find_response_promises(text: str) -> list[ResponsePromise]:
    """Promised reply times to customers' questions ("respondemos en menos de 24 horas")."""
    found: list[ResponsePromise] = []
    for q in _quantities(text):
        if q.context != "response" or q.clock_like or not q.prep:
            continue
        hours = 24.0 if q.special else q.max * _FACTOR_HOURS[q.unit]
        if not 0 < hours <= 720:
            continue
        start, end, snippet = _snippet(text, q)
        found.append(ResponsePromise(hours, snippet, start, end))
    return found


def find_return_windows(text: str) -> list[ReturnWindow]:
    """Return, exchange or withdrawal windows, in days."""
    found: list[ReturnWindow] = []
    for q in _quantities(text):
        if q.context != "returns" or q.special or q.unit not in _FACTOR_DAYS:
            continue
        days = int(q.max * _FACTOR_DAYS[q.unit])
        if not 1 <= days <= 730:
            continue
        start, end, snippet = _snippet(text, q)
        found.append(ReturnWindow(days, snippet, start, end))
    return found


_RETURN_WORD = r"(?:devoluci\w+|devolu[cç]\w+|trocas?|returns?)"
_FREE_WORD = (r"(?:gratis|gratuit\w+|free|sin (?:coste|costo|cargo)(?: alguno| adicional)?"
              r"|sem custos?|on us)")
_FILLER = r"(?:(?:son|es|sao|e|is|are|siempre|sempre|always|totalmente|100 ?%) ){0,2}"
_FREE_RETURNS = _rx(
    r"\b(?:(?:cambios? y |trocas? e |envios? y |exchanges? (?:and|&) )?" + _RETURN_WORD
    + r" (?:(?:y|e|and|&) (?:cambios?|trocas?|exchanges?) )?" + _FILLER + _FREE_WORD
    + r"|free (?:and easy |& easy |shipping (?:and|&) |delivery (?:and|&) )?(?:return shipping"
    + r"|returns?|exchanges? (?:and|&) returns?)|(?:gratis|free) (?:returns?|devoluci\w+)"
    + r"|return (?:it )?for free|prepaid return label|primeira troca gratis)(?!\w)"
)
_NEGATED = _rx(r"\b(?:no|not|sin|sem|nao|without|excepto|except)\s+(?:\w+\s+)?$")
_COST_OF_RETURN = _rx(
    r"\b(?:(?:gastos|costes?|costos?|cargos?|importe|portes|custos?|despesas?)(?: del?| do| dos)?"
    r"(?: (?:la|el|los|a|o))?(?: envios? de(?: la)?| envio da| frete de)? (?:devoluci\w+|devolu[cç]"
    r"\w+|trocas?)|return (?:shipping|postage|delivery)(?: costs?| fees?| charges?| labels?)?"
    r"|costs? of (?:the )?returns?(?: shipping| postage)?)(?!\w)"
)
_CUSTOMER_PAYS = _rx(
    r"(?:a|por) (?:cargo|cuenta) del? (?:cliente|comprador|consumidor|usuario)|a (?:tu|su) cargo"
    r"|por (?:tu|su) cuenta|(?:por conta|a cargo|de responsabilidade) do (?:cliente|comprador"
    r"|consumidor)|pagos? pelo cliente|(?:customer|buyer)(?:['’]?s['’]?)? (?:responsibility"
    r"|expense)|your (?:own )?(?:responsibility|expense|cost)|(?:paid|covered|borne) by (?:the )?"
    r"(?:customer|buyer|you)|deducted|descontad\w+|se descontar\w+|se deducir\w+|non-?refundable"
)
_SHOP_PAYS = _rx(r"(?:a|por) (?:nuestro cargo|nuestra cuenta)|on us|paid by us|por nossa conta"
                 r"|(?:son|sera|seran|is|are|sao) (?:gratis|gratuit\w+|free)")
_CUSTOMER_FIRST = _rx(
    r"\b(?:(?:el|la|los) (?:cliente|comprador|consumidor)\w*|customers?|buyers?|you|o cliente)"
    r" (?P<adverbs>(?:\w+ ){0,2}?)(?:asume\w*|paga\w*|abona\w*|se hace cargo de|corre con|are"
    r" responsible for|is responsible for|will be responsible for|pay for|must pay|cover|arca\w*"
    r" com) (?:\w+ ){0,3}?(?:devoluci\w+|devolu[cç]\w+|return (?:shipping|postage))"
)
_RETURN_STEM = re.compile(r"devol|return|troca")
_NEVER = _rx(r"\b(?:never|not|no|nunca|nao|don't|won't)\b")


def _return_windows(low: str) -> list[tuple[int, int]]:
    """Spans around each return word; every free-returns phrase contains one."""
    spans: list[tuple[int, int]] = []
    for m in _RETURN_STEM.finditer(low):
        lo, hi = _whole_words(low, max(0, m.start() - 80), min(len(low), m.end() + 110))
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return spans


def free_returns(text: str) -> bool | None:
    """True when returns are said to be free, False when the customer pays, else None.

    A customer-pays clause wins over a "free returns" claim (see the module docstring).
    """
    low = lower_same_length(text)
    spans = _return_windows(low)
    positive = False
    for lo, hi in spans:
        for m in _COST_OF_RETURN.finditer(low, lo, hi):
            end = min(len(low), m.end() + 70)
            cut = _SENTENCE_END.search(text, m.end(), end)
            tail = low[m.end():cut.start() if cut else end]
            pays = _CUSTOMER_PAYS.search(tail)
            free = _SHOP_PAYS.search(tail)
            if pays and not (free and free.start() < pays.start()):
                return False
            positive = positive or bool(free)
        for m in _CUSTOMER_FIRST.finditer(low, lo, hi):
            if not _NEVER.search(m.group("adverbs")):
                return False
    for lo, hi in spans:
        for m in _FREE_RETURNS.finditer(low, lo, hi):
            if not _NEGATED.search(low, max(0, m.start() - 16), m.start()):
                return True
    return True if positive else None


# Returns offered as a selling point, with no window to read ("Devolución gratuita", "Free
# returns", "Devolução prolongada até 30/01"): the shop takes returns, the terms are elsewhere.
_RETURN_OFFER = _rx(
    r"(?<!\w)(?:(?:cambios y )?devoluci(?:on|ones) (?:gratis|gratuitas?|sin (?:coste|costo|cargo)|faciles?|ampliadas?"
    r"|extendidas?|prolongadas?|garantizadas?)|devolu(?:cao|coes) (?:gratis|gratuitas?|prolongadas?|estendidas?|faceis?)"
    r"|trocas (?:gratis|gratuitas)|(?:free|easy|extended|hassle[- ]free|no[- ]quibble) (?:returns?|exchanges?)"
    r"|returns? (?:are|is) (?:always )?free)(?!\w)")


def return_offers(text: str) -> list[tuple[int, int]]:
    """(start, end) of every returns-as-an-offer phrase."""
    low = lower_same_length(text)
    if not _RETURN_STEM.search(low):
        return []
    return [(m.start(), m.end()) for m in _RETURN_OFFER.finditer(low)]
