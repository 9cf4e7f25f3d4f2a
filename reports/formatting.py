"""Small values every report part shares: status markers, safe URLs, dates, clipped text.

They live apart from view.py so the crawl appendix, facts and articles can use them without
importing the whole report view (and without an import cycle).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from babel.dates import format_date, format_time, get_datetime_format
from babel.support import Translations
from touchaudit.reports import i18n as L
from touchaudit.reports.i18n import babel_locale

MAX_TEXT = 400
# Only absolute http(s) URLs without whitespace or control characters become links; anything
# else (javascript:, data:, relative, "java\tscript:") is shown as plain text.
_SAFE_URL = re.compile(r"^https?://[^\s\x00-\x1f\x7f<>\"`]+$", re.IGNORECASE)


@dataclass(frozen=True)
class Marker:
    """A status shown as text plus a symbol, so it never depends on colour alone."""

    key: str
    label: str
    symbol: str


@dataclass(frozen=True)
class UrlView:
    text: str
    href: str | None  # None: not safe to link, show as text
    short: str = ""  # the path alone when the URL is on the audited site; else the full text

    @property
    def label(self) -> str:
        return self.short or self.text


def url_view(url: Any, site: Any = None) -> UrlView:
    """A URL to show; linked only when safe, shortened to its path when it is on ``site``."""
    text = "" if url is None else str(url)
    href = text if _SAFE_URL.match(text) else None
    return UrlView(text=text, href=href, short=_on_site_path(text, site) if href else "")


def _on_site_path(url: str, site: Any) -> str:
    if not site:
        return ""
    try:
        here, home = urlsplit(url), urlsplit(str(site))
    except ValueError:
        return ""
    if here.netloc.lower() != home.netloc.lower() or not here.netloc:
        return ""
    short = (here.path or "/") + (f"?{here.query}" if here.query else "")
    return "" if short == "/" else short  # a bare "/" is too small to read or click


def marker(status: Any, t: Translations) -> Marker:
    key = str(status)
    if key not in L.STATUS_LABELS:
        return Marker(key="unknown", label=key, symbol="?")
    return Marker(key=key, label=t.gettext(L.STATUS_LABELS[key]), symbol=L.STATUS_SYMBOLS[key])


def human_date(value: Any, lang: str) -> str:
    """A long, localised UTC date and time; the raw value when it is not ISO 8601."""
    if not value:
        return "—"
    try:
        moment = datetime.fromisoformat(str(value))  # 3.11+ reads a trailing "Z"
    except ValueError:
        return str(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    loc = babel_locale(lang)
    day = format_date(moment, "long", locale=loc)
    clock = format_time(moment, "short", tzinfo=UTC, locale=loc)
    pattern = str(get_datetime_format("long", locale=loc)).replace("'", "")
    return pattern.replace("{1}", day).replace("{0}", clock) + " UTC"


def pick(texts: Any, lang: str, default: str = "") -> str:
    """The text in ``lang``, else English, else Spanish, else any: never an empty report cell."""
    if isinstance(texts, str):
        return texts
    if not isinstance(texts, Mapping):
        return default
    for key in (lang, "en", "es", *texts):
        if texts.get(key):
            return str(texts[key])
    return default


def label(table: Mapping[str, str], key: Any, t: Translations) -> str | None:
    """The translated label for a vocabulary value, or None when the catalogue has none."""
    return t.gettext(table[key]) if isinstance(key, str) and key in table else None


def clip(text: str, limit: int = MAX_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def humane(identifier: str) -> str:
    words = identifier.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else identifier
