"""Text folding shared by every matcher: case, accents and spacing must not decide a match."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case, strip accents and collapse spaces ("Envíos  GRATIS" -> "envios gratis")."""
    if len(text) < 256:
        return _fold_short(text)
    return _fold(text)


@lru_cache(maxsize=65536)
def _fold_short(text: str) -> str:  # link labels and menu items repeat on every page
    return _fold(text)


def _fold(text: str) -> str:
    if text.isascii():
        return _SPACE.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE.sub(" ", stripped).strip()


def words(text: str) -> str:
    """Folded text with punctuation turned into single spaces, padded for whole-word search."""
    return " " + _NON_WORD.sub(" ", fold(text)).strip() + " "


def squash(text: str) -> str:
    """Collapse runs of white space (incl. no-break spaces) into one space."""
    return _SPACE.sub(" ", text.replace("\xa0", " ")).strip()


def lower_same_length(text: str) -> str:
    """`text.lower()` that keeps every offset: the rare characters whose lower case is longer ("İ")
    stay as they are, so a match in the copy is a match at the same place in `text`."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def word_start(low: str, start: int) -> bool:
    """True when `start` begins a word (the regexes start with literals, not with \\b)."""
    return start == 0 or not low[start - 1].isalnum()
