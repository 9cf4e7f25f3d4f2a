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

from touchaudit.text import lexicon
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


def _number_words() -> str:
    """Number words up to ten of every language, grouped by first letter: tried at every word start,
    one alternation of sixty words made this finder four times slower."""
    groups: dict[str, list[str]] = {}
    for word, n in lexicon.merged("durations.numbers").items():
        if int(n) <= 10 and len(word) > 1 and " " not in word and word != "an":
            groups.setdefault(word[0], []).append(word)
    return "|".join(f"{letter}(?:" + "|".join(sorted((w[1:] for w in words), key=len, reverse=True)) + ")"
                    for letter, words in groups.items())


# Macros of the vocabulary's patterns (vocab/<lang>.toml, guarantees.<kind>).
_MACROS = {
    "{num}": "(?:\\d{1,2}|" + _number_words() + ")",
    "{period}": "(?:" + "|".join(lexicon.union("durations.units.years") + lexicon.union("durations.units.months"))
                + "|yrs?)(?!\\w)",
    "{pct}": "(?:100 ?% )",
    "{apos}": "['’]",
    "{dash}": "[-\u2010-\u2015]",
}


def _expand(pattern: str) -> str:
    for macro, value in _MACROS.items():
        pattern = pattern.replace(macro, value)
    return pattern


# "2 Jahre Garantie", "24 mesi di garanzia": the phrases that open with a length share it, so the
# number words are tried once per word start, not once per phrase.
_LENGTH = "{num} ?{dash}? ?{period}"
_BRANCHES = [(f"{kind}_{i}", p) for kind in KINDS for i, p in enumerate(lexicon.union(f"guarantees.{kind}"))]
_KIND_PATTERN = re.compile(
    r"(?<!\w)(?:" + accent_tolerant(_expand(_LENGTH)) + "(?:" + "|".join(
        f"(?P<{name}>{accent_tolerant(_expand(p[len(_LENGTH):]))})" for name, p in _BRANCHES if p.startswith(_LENGTH))
    + ")|" + lexicon.by_first_letter([(name, _expand(p)) for name, p in _BRANCHES if not p.startswith(_LENGTH)],
                                     accent_tolerant) + r")(?!\w)")
# Every phrase above contains one of these stems; each is found by a fast one-literal scan.
_ANCHORS = tuple(re.compile(p) for p in lexicon.union("guarantees.anchors"))
_NEGATION = re.compile(accent_tolerant(
    r"(?<!\w)(?:" + "|".join(lexicon.union("guarantees.negation")) + r")(?: \w+)? ?$"
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
            kind = (m.lastgroup or "").rsplit("_", 1)[0]
            found.append(GuaranteeMatch(kind, squash(text[m.start():m.end()]), m.start(),
                                        m.end()))
    return found
