"""The shop's country when its domain does not say (.com, .net, .shop): from what its pages show.

A national number ("22 688 97 54", "239 436 266") only means something in a country, and the page
language is a weak hint (Spanish is spoken in twenty). The pages say more: a locale with a region
(`es-CL`, og:locale `pt_PT`, a self-referencing hreflang), international numbers on the site,
prices in a national currency, e-mail addresses on a country's domain, postcodes of a distinctive
shape, and country or city names in the header, footer or the contact and legal pages. Each
distinct signal votes once, by its strength; a country wins only with a clear lead.
"""
from __future__ import annotations

import re
from typing import Iterable

import phonenumbers

from touchaudit.model import PageRecord, Role
from touchaudit.pages import structured
from touchaudit.text.emails import find_emails, parse_mailto
from touchaudit.text.places import currency_index, find_places
from touchaudit.text.regions import country_code, tld_region

_INTERNATIONAL = re.compile(r"\+\d{1,3}[\s().-]*\d[\d\s().-]{5,16}\d")
_EUROPEAN_LANGUAGE_COUNTRY = {"es": "ES", "pt": "PT", "fr": "FR", "de": "DE", "it": "IT", "en": "IE"}
# Postcode shapes that name one country (the city after a Portuguese code keeps "1234-567" from
# being an order number).
_POSTCODES = (
    ("PT", re.compile(r"(?<![\w-])\d{4}-\d{3}\s+[A-ZÁÉÍÓÚÂÊÔÃÕÇ][a-záéíóúâêôãõç]{2,}")),
    ("BR", re.compile(r"(?:\bCEP:?\s*)?(?<![\w-])\d{5}-\d{3}(?![\w-])")),
    ("AR", re.compile(r"(?<![\w-])[A-HJ-NP-Z]\d{4}[A-Z]{3}(?![\w-])")),
    ("CA", re.compile(r"\b(?:AB|BC|MB|NB|NL|NS|ON|PE|QC|SK)\s+[ABCEGHJ-NPRSTVXY]\d[A-Z] ?\d[A-Z]\d\b")),
    ("GB", re.compile(r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?) \d[ABD-HJLNP-UW-Z]{2}\b")),
)
_MONEY_CODE = re.compile(r"(?<![A-Za-z])([A-Z]{3})\s?\$?\s?\d|\d[\d.,]*\s?([A-Z]{3})(?![A-Za-z])")
STRENGTH = {"locale": 3, "currency": 3, "tel_link": 2, "email": 2, "phone_text": 1, "postcode": 1,
            "place": 1, "euro": 1}
MIN_VOTES = 2


def _region_of_number(raw: str) -> str | None:
    try:
        number = phonenumbers.parse(raw, None)
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.region_code_for_number(number) if phonenumbers.is_valid_number(number) else None


def locale_region(tag: str | None) -> str | None:
    """"es-CL", "pt_PT" -> the region; "es", "es-419" -> None."""
    if not tag:
        return None
    parts = tag.replace("_", "-").split("-")
    return country_code(parts[1]) if len(parts) > 1 and len(parts[1]) == 2 and parts[1].isalpha() else None


def _currency_codes(text: str) -> Iterable[str]:
    for m in _MONEY_CODE.finditer(text):
        yield m.group(1) or m.group(2)


def _signals(pages: Iterable[PageRecord], language: str | None) -> set[tuple[str, str, str]]:
    """Distinct (kind, value, country) signals of the site's pages."""
    currencies, symbols = currency_index()
    found: set[tuple[str, str, str]] = set()
    euro_country = _EUROPEAN_LANGUAGE_COUNTRY.get(language or "")
    for page in pages:
        if (region := locale_region(page.locale)) is not None:
            found.add(("locale", page.locale or "", region))
        for link in page.links:
            low = link.url.lower()
            if low.startswith("tel:"):
                raw = re.sub(r"[^\d+]", "", link.url[4:])
                raw = "+" + raw[2:] if raw.startswith("00") else raw
                if raw.startswith("+") and (region := _region_of_number(raw)):
                    found.add(("tel_link", raw, region))
            elif low.startswith("mailto:") and (address := parse_mailto(link.url)):
                if region := tld_region(address.rsplit("@", 1)[-1]):
                    found.add(("email", address, region))
        for value in structured.values_of(page.structured, "priceCurrency"):
            code = str(value).strip().upper()
            if code in currencies:
                found.add(("currency", code, currencies[code]))
            elif code == "EUR" and euro_country:
                found.add(("euro", "EUR", euro_country))  # one vote for the euro, however it shows
        core = page.role in (Role.CONTACT, Role.LEGAL, Role.ABOUT, Role.TERMS, Role.HOME)
        for zone, text in page.text.items():
            if not text:
                continue
            if "+" in text:
                for match in _INTERNATIONAL.finditer(text[:100_000]):
                    if region := _region_of_number(match.group(0)):
                        found.add(("phone_text", re.sub(r"\D", "", match.group(0)), region))
            if "@" in text:
                for m in find_emails(text[:100_000]):
                    if region := tld_region(m.address.rsplit("@", 1)[-1]):
                        found.add(("email", m.address, region))
            for code in _currency_codes(text[:50_000]):
                if code in currencies:
                    found.add(("currency", code, currencies[code]))
            for symbol, country in symbols.items():
                if symbol in text:
                    found.add(("currency", symbol, country))
            if euro_country and "€" in text:
                found.add(("euro", "EUR", euro_country))
            for country, pattern in _POSTCODES:
                for m in pattern.finditer(text[:100_000]):
                    found.add(("postcode", m.group(0), country))
            if zone in ("header", "footer") or core and page.role is not Role.HOME:
                for place in find_places(text[:50_000]):
                    found.add(("place", place.name.lower(), place.country))
    return found


def country_from_pages(pages: Iterable[PageRecord], language: str | None = None) -> str | None:
    """The country the site's own signals point to, or None when they are too few or split."""
    votes: dict[str, int] = {}
    for kind, _, country in _signals(pages, language):
        votes[country] = votes.get(country, 0) + STRENGTH[kind]
    if not votes:
        return None
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    best, count = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    return best if count >= MIN_VOTES and count > runner_up else None
