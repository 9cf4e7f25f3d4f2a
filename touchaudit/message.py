"""A sentence to be said later, in every report language: a catalogue msgid and its values.

Checks and the crawl decide *what* to say while they still know why (a count, a vocabulary, a
page's words); which language to say it in is only known when a result is written or a report
rendered. So they return a `Message` (whole-sentence msgid, named placeholders, plural forms),
and `touchaudit.reports.sentences` says it in every language that has a catalogue.

`msg`, `nmsg` and `N_plural` are also keywords `pybabel extract` looks for (babel.cfg), like `N_`.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# What `pybabel extract` must be told besides its defaults (babel.cfg says how to call it).
EXTRACT_KEYWORDS = {"msg": None, "nmsg": (1, 2), "N_plural": (1, 2)}


@dataclass(frozen=True)
class Words:
    """Vocabulary ids (the spec's CHANNELS, PAYMENTS, SHIPPING, guarantee kinds) to be shown as
    words of the report language and joined as that language joins a list ("a, b y c")."""

    ids: tuple[str, ...]


@dataclass(frozen=True)
class Duration:
    """A promised time as the spec's facts give it (`min` None: "up to `max`"), shown in words
    of the report language: "2–4 días hábiles", "48 hours"."""

    min: float | None
    max: float
    unit: str  # "hours", "days", "business_days" or "weeks"


@dataclass(frozen=True)
class Message:
    """A catalogue msgid (English), its plural msgid and count when it has one, and its values.

    Values are shown as they are (crawled text; numbers in the language's notation), except
    `Words` and `Duration`, which are said in the language, and tuples of values, joined as a list."""

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)
    plural: str | None = None
    n: int | None = None


def N_(message: str) -> str:
    """Marks a msgid for extraction; it is translated later, once the language is known."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Marks a msgid with its plural form, for a table; ``ngettext`` picks one later."""
    return singular, plural


def msg(msgid: str, **params: Any) -> Message:
    """A sentence without plural forms; placeholders are `%(name)s`."""
    return Message(msgid, params)


def nmsg(singular: str, plural: str, n: int, **params: Any) -> Message:
    """A sentence whose form depends on the count `n` (also available as `%(n)s`)."""
    return Message(singular, {"n": n, **params}, plural, n)


def words(ids: Any) -> Words:
    return Words(tuple(str(i) for i in ids))
