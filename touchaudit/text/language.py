"""Page language: the declared one when plausible, else a stop-word vote (es, en, pt, fr, de, it)."""
from __future__ import annotations

import re

_STOPWORDS = {
    "es": "de la que el en los del se las por un para con una su al lo como mas pero sus le ya o este si porque esta entre cuando muy sin sobre tambien me hasta hay donde envio compra nuestro nuestra gratis",
    "en": "the and to of a in is you that it for on are with as your be at this have from or by our we can will not all shipping free more",
    "pt": "de a o que e do da em um para com nao uma os no se na por mais as dos como mas ao ele das seu sua ou quando muito nos ja voce frete compra",
    "fr": "de la le et les des en un une du est que pour qui dans pas plus par sur au vous nous avec livraison",
    "de": "der die und in den von zu das mit sich des auf fur ist im dem nicht ein eine als auch es an werden aus er hat dass sie nach wird bei versand",
    "it": "di e il la che in a per un del non sono con le si da una gli al come piu alla dei spedizione",
}
_WORDS = {lang: frozenset(ws.split()) for lang, ws in _STOPWORDS.items()}
_TOKEN = re.compile(r"[a-záéíóúñçãõâêôàèìòùäöüß]+")
_ACCENTS = str.maketrans("áéíóúâêôãõàèìòùç", "aeiouaeoaoaeiouc")


def primary(tag: str | None) -> str | None:
    """"es-MX" -> "es"; empty or junk -> None."""
    if not tag:
        return None
    code = tag.strip().replace("_", "-").split("-")[0].lower()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def guess(text: str, sample: int = 6000) -> str | None:
    """Most likely language of a text by stop-word counts, None when too little evidence."""
    tokens = _TOKEN.findall(text[:sample].lower())
    if len(tokens) < 8:
        return None
    counts = {lang: 0 for lang in _WORDS}
    for tok in tokens:
        plain = tok.translate(_ACCENTS)
        for lang, vocab in _WORDS.items():
            if plain in vocab:
                counts[lang] += 1
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] >= 3 else None


def decide(declared: str | None, text: str) -> str | None:
    """Trust the declared language unless the text clearly says otherwise (templates often lie: lang="en")."""
    declared_code = primary(declared)
    guessed = guess(text)
    if declared_code and (guessed is None or guessed == declared_code):
        return declared_code
    return guessed or declared_code
