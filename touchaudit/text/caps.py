"""Measure how much of a page's body prose is written in capitals ("never shout", article 002).

Menus, buttons and badges are often in capitals by design and acronyms ("IVA", "DHL", "FAQ")
are not shouting, so only prose lines count: five or more words, two or more of them common
function words ("de", "the", "que", "und"…; product titles have at most one), no line that is
just a list of labels. Inside
mostly-lower-case prose, capitalised words of four letters or fewer are taken as acronyms and
ignored; words with digits ("USB3", "X200") and numbers never count.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from touchaudit.text import lexicon

__all__ = ["CapsReport", "long_words", "shouting"]


@dataclass(frozen=True)
class CapsReport:
    """Share of counted prose words in capitals, and up to three shouting sentences."""

    ratio: float
    words: int
    caps_words: int
    examples: tuple[str, ...]


# A word: letters only, not glued to digits or underscores (so "USB3", "X-200" stay out).
_WORD = re.compile(r"(?<![\w])[^\W\d_]+(?:['’][^\W\d_]+)?(?![\w])")
# Navigation and badge separators: a line made of short pieces between these is a menu.
_SEGMENT_SPLIT = re.compile(r"\s*(?:[|·•»›>/]|\s{3,}|\t)\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# Common function words of every language read ("de", "the", "que", "com", "und", "les"…; vocab/<lang>.toml)
_FUNCTION_WORDS = frozenset(w.lower() for w in lexicon.union("language.function_words"))
_MIN_WORDS = 5
_MIN_FUNCTION_WORDS = 2
_ACRONYM_MAX = 4
_MOSTLY_CAPS = 0.6
_EXAMPLE_SHARE = 0.7
_EXAMPLE_MAX = 160
_EXAMPLES = 3


def _is_prose(line: str, words: list[str]) -> bool:
    """Five or more words, a function word among them, and not a row of short labels."""
    if len(words) < _MIN_WORDS:
        return False
    if sum(w.lower() in _FUNCTION_WORDS for w in words) < _MIN_FUNCTION_WORDS:
        return False  # product titles: "TARJETA DE VIDEO GAMING 4GB", "SILLA DE ESCRITORIO NEGRA"
    if not _SEGMENT_SPLIT.search(line):
        return True
    return max(len(_WORD.findall(s)) for s in _SEGMENT_SPLIT.split(line)) >= _MIN_WORDS


def _counted(line: str) -> tuple[int, int]:
    """(counted words, words in capitals) for one prose line, judged sentence by sentence:
    in a shouted sentence "NO", "LOS" shout too; in a quiet one they are acronyms."""
    total = caps = 0
    for sentence in _SENTENCE_END.split(line):
        # "a", "I", "y" say nothing about case
        words = [w for w in _WORD.findall(sentence) if len(w) >= 2]
        if not words:
            continue
        long_words = [w for w in words if len(w) > _ACRONYM_MAX] or words
        if sum(w.isupper() for w in long_words) >= _MOSTLY_CAPS * len(long_words):
            kept = words
        else:
            kept = [w for w in words if not (w.isupper() and len(w) <= _ACRONYM_MAX)]
        total += len(kept)
        caps += sum(w.isupper() for w in kept)
    return total, caps


def _shouting_sentence(line: str) -> str | None:
    """The first sentence of `line` that is mostly capitals, cut to 160 characters."""
    for part in _SENTENCE_END.split(line):
        sentence = " ".join(part.split())
        words = [w for w in _WORD.findall(sentence) if len(w) >= 2]
        if len(words) < _MIN_WORDS:
            continue
        if sum(w.isupper() for w in words) >= _EXAMPLE_SHARE * len(words):
            if len(sentence) > _EXAMPLE_MAX:
                cut = sentence.rfind(" ", 0, _EXAMPLE_MAX - 1)
                sentence = sentence[:cut if cut > 0 else _EXAMPLE_MAX - 1].rstrip(" ,;:") + "…"
            return sentence
    return None


def shouting(lines: Iterable[str]) -> CapsReport:
    """How much of the body prose in `lines` (one visible block per line) is in capitals."""
    total = caps = 0
    examples: list[str] = []
    for line in lines:
        if line.count(" ") < _MIN_WORDS - 1:
            continue  # cheap exit for labels, badges and buttons, most lines of a page
        words = _WORD.findall(line)
        if not _is_prose(line, words):
            continue
        counted, in_caps = _counted(line)
        total += counted
        caps += in_caps
        if len(examples) < _EXAMPLES and counted and in_caps >= _EXAMPLE_SHARE * counted:
            example = _shouting_sentence(line)
            if example is not None and example not in examples:
                examples.append(example)
    ratio = round(caps / total, 4) if total else 0.0
    return CapsReport(ratio, total, caps, tuple(examples))


def long_words(lines: Iterable[str]) -> tuple[int, int]:
    """(words of five letters or more, those in capitals) over every line, labels included: the
    case of a page's text as a whole, for pages with too little prose to measure it there."""
    total = caps = 0
    for line in lines:
        for word in _WORD.findall(line):
            if len(word) > _ACRONYM_MAX:
                total += 1
                caps += word.isupper()
    return total, caps
