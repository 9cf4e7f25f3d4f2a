"""Say a `touchaudit.message.Message` in one language, or in every language with a catalogue.

The runner writes each check's title, summary and recommendation into the JSON result in every
available language (the result's contract: an object of language -> text, es and en among
them), so the web app, the dashboard and any JSON consumer read ready text, and a result saved
today reads the same tomorrow. Vocabulary values are translated and joined the way the language
joins a list (Babel's CLDR data); numbers are written in the language's notation.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from babel.lists import format_list
from babel.numbers import format_decimal
from babel.support import Translations
from touchaudit.reports import i18n as L
from touchaudit.reports.formatting import humane

from touchaudit.message import Duration, Message, N_plural, Words


def say(message: Message, lang: str) -> str:
    """The sentence in ``lang`` (unknown languages: English)."""
    t = L.get_translations(lang)
    if message.plural is not None:
        template = str(t.ngettext(message.msgid, message.plural, message.n or 0))
    else:
        template = str(t.gettext(message.msgid))
    if not message.params:
        return template
    return template % {name: value_in(value, t, lang) for name, value in message.params.items()}


def in_every_language(message: Message) -> dict[str, str]:
    """{language: sentence} for every language that has a catalogue (what the JSON result holds)."""
    return {lang: say(message, lang) for lang in L.available_languages()}


@cache
def translated(msgid: str, lang: str) -> str:
    """A fixed msgid (a check's title or recommendation) in ``lang``; cached, as they repeat per site."""
    return str(L.get_translations(lang).gettext(msgid))


def msgid_in_every_language(msgid: str) -> dict[str, str]:
    return {lang: translated(msgid, lang) for lang in L.available_languages()}


def vocabulary_word(value: str, t: Translations) -> str:
    """A vocabulary id (spec's CHANNELS, PAYMENTS, SHIPPING, guarantee kinds) in words."""
    return str(t.gettext(L.VOCAB_LABELS[value])) if value in L.VOCAB_LABELS else humane(value)


def value_in(value: Any, t: Translations, lang: str) -> str:
    """A placeholder's value as the sentence shows it in ``lang``."""
    if isinstance(value, Words):
        return joined([vocabulary_word(v, t) for v in value.ids], lang)
    if isinstance(value, Duration):
        return duration_in_words(value, t, lang)
    if isinstance(value, tuple):
        return joined([value_in(v, t, lang) for v in value], lang)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number(value, lang)
    return str(value)


def joined(items: list[str], lang: str) -> str:
    """Items joined as ``lang`` joins a list: "a, b and c", "a, b y c", "a, b e c"."""
    return str(format_list(items, locale=L.babel_locale(lang)))


def number(value: float, lang: str) -> str:
    return str(format_decimal(round(value, 2), locale=L.babel_locale(lang)))


# A promised time in each unit of the spec's `promises` facts: one amount, a range, or "up to".
DURATIONS = {
    "hours": N_plural("%(n)s hour", "%(n)s hours"),
    "days": N_plural("%(n)s day", "%(n)s days"),
    "business_days": N_plural("%(n)s business day", "%(n)s business days"),
    "weeks": N_plural("%(n)s week", "%(n)s weeks"),
}
RANGES = {
    "hours": N_plural("%(min)s–%(n)s hour", "%(min)s–%(n)s hours"),
    "days": N_plural("%(min)s–%(n)s day", "%(min)s–%(n)s days"),
    "business_days": N_plural("%(min)s–%(n)s business day", "%(min)s–%(n)s business days"),
    "weeks": N_plural("%(min)s–%(n)s week", "%(min)s–%(n)s weeks"),
}
UP_TO = {
    "hours": N_plural("up to %(n)s hour", "up to %(n)s hours"),
    "days": N_plural("up to %(n)s day", "up to %(n)s days"),
    "business_days": N_plural("up to %(n)s business day", "up to %(n)s business days"),
    "weeks": N_plural("up to %(n)s week", "up to %(n)s weeks"),
}


def duration_in_words(d: Duration, t: Translations, lang: str) -> str:
    """"2–4 business days", "hasta 5 días", "48 horas" (an unknown unit reads as days)."""
    unit = d.unit if d.unit in DURATIONS else "days"
    table = UP_TO if d.min is None else DURATIONS if d.min == d.max else RANGES
    singular, plural = table[unit]
    count = int(d.max) if float(d.max).is_integer() else 2  # a fraction takes the plural
    return str(t.ngettext(singular, plural, count)) % {"n": number(d.max, lang), "min": number(d.min or 0, lang)}


def fact_item_in_words(value: Mapping[str, Any], t: Translations, lang: str) -> str | None:
    """A fact item that is a promise ({min, max, unit} or {hours}) or a tax id ({scheme, value})
    in words; None for any other mapping."""
    if {"min", "max", "unit"} <= value.keys():
        low, high = value.get("min"), value.get("max")
        high = low if high is None else high  # "at least n": say n
        return duration_in_words(Duration(low, high, str(value["unit"])), t, lang) if high is not None else None
    if isinstance(value.get("hours"), (int, float)):
        return duration_in_words(Duration(value["hours"], value["hours"], "hours"), t, lang)
    if "scheme" in value and "value" in value:
        return f"{value['scheme']} {value['value']}"
    return None
