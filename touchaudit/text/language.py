"""Page language: the declared one when plausible, else a vote of the text.

The vote counts stop words of the languages touchaudit reads (vocab/<lang>.toml) and of others it
only recognises (vocab/others.toml): knowing only its six, a Slovak page looked Portuguese ("a",
"o", "do"). Text mostly in another script (Cyrillic, Greek, Arabic, CJK…) is named by its
script. A library (py3langid) was measured and left: 2 s to load and 100 MB per process, in every
portfolio worker, for a decision stop words make at no cost.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from touchaudit.text import lexicon
from touchaudit.text.normalize import fold

_TOKEN = re.compile(r"[a-záéíóúñçãõâêôàèìòùäöüßčšžřěýůľĺŕťďňąćęłńśźżőűăâîșțåæøõ]+")
# Scripts that name a language by themselves (or a family we do not read either way).
_SCRIPTS = (("CYRILLIC", "ru"), ("GREEK", "el"), ("ARABIC", "ar"), ("HEBREW", "he"), ("HIRAGANA", "ja"),
            ("KATAKANA", "ja"), ("HANGUL", "ko"), ("CJK", "zh"), ("THAI", "th"), ("DEVANAGARI", "hi"))


@lru_cache(maxsize=1)
def _vocabularies() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]], frozenset[str]]:
    """(stop words of the languages read, the others' distinctive ones, every other one).

    An other language's distinctive words are none of ours and two letters or more: "de", "a",
    "je" alone would make Spanish Croatian."""
    read = {lang: frozenset(str(v).split()) for lang, v in lexicon.entries("language.stopwords").items()}
    ours = frozenset().union(*read.values())
    raw = {lang: frozenset(str(v).split()) for lang, v in lexicon.table("others")["stopwords"].items()}
    others = {lang: frozenset(w for w in words if len(w) > 1 and w not in ours) for lang, words in raw.items()}
    return read, others, frozenset().union(*raw.values())


def primary(tag: str | None) -> str | None:
    """"es-MX" -> "es"; empty or junk -> None."""
    if not tag:
        return None
    code = tag.strip().replace("_", "-").split("-")[0].lower()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def _script(text: str) -> str | None:
    """The language a non-Latin script names, when most letters are in it."""
    latin = other = 0
    names: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        if ch.isascii():
            latin += 1
            continue
        name = unicodedata.name(ch, "")
        for script, code in _SCRIPTS:
            if name.startswith(script):
                names[code] = names.get(code, 0) + 1
                other += 1
                break
        else:
            latin += 1
    if other <= latin or not names:
        return None
    best = max(names, key=lambda k: names[k])
    return "ja" if best == "zh" and names.get("ja") else best


def scores(text: str, sample: int = 6000) -> dict[str, int]:
    """Stop words of each language in a text's head. Another language shows only when its
    distinctive words are 1.5 times our best language's own (of two letters or more, and that no
    other language has): a
    Slovak page says "a", "o", "na" as Portuguese does, but "sa", "je", "pre" only in Slovak."""
    head = text[:sample]
    if (script := _script(head)) is not None:
        return {script: len(head)}
    tokens = [fold(t) for t in _TOKEN.findall(head.lower())]
    if len(tokens) < 8:
        return {}
    read, others, shared = _vocabularies()
    counts = {lang: sum(t in words for t in tokens) for lang, words in read.items()}
    best = max(counts, key=lambda k: counts[k])
    own = sum(len(t) > 1 and t in read[best] and t not in shared for t in tokens)
    for lang, words in others.items():
        score = sum(t in words for t in tokens)
        if score >= 3 and score * 2 >= own * 3:
            counts[lang] = counts[best] + score
    return counts


def guess(text: str) -> str | None:
    """Most likely language of a text, None when too little evidence."""
    counts = scores(text)
    best = max(counts, key=lambda k: counts[k], default=None)
    return best if best is not None and counts[best] >= 3 else None


_OVERRULE = 10  # stop words it takes to overrule a page that declares a language we do not read


def decide(declared: str | None, text: str) -> str | None:
    """Trust the declared language unless the text clearly says otherwise. Templates lie with
    lang="en", rarely with lang="pl": English words on a page declared in another language
    (menus, product copy) do not overrule it, and a few Portuguese-looking "a", "do", "na" on a
    Polish page do not either."""
    declared_code = primary(declared)
    counts = scores(text)
    guessed = max(counts, key=lambda k: counts[k], default=None)
    if guessed is not None and counts[guessed] < 3:
        guessed = None
    if declared_code and (guessed in (None, declared_code) or guessed == "en"):
        return declared_code
    if declared_code and not lexicon.reads(declared_code) and counts.get(guessed or "", 0) < _OVERRULE:
        return declared_code
    return guessed or declared_code
