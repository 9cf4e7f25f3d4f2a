"""Pick the ISO 3166 region used to read national phone numbers and postcodes.

A national number such as "91 234 56 78" only means something once we know the country, so the
order of trust is: an explicit setting, the shop's own schema.org country, its ccTLD, and last
its page language (the weakest hint: Spanish is spoken in twenty countries).
"""
from __future__ import annotations

import ipaddress
import re
import unicodedata

__all__ = ["country_code", "region_for", "tld_region"]

# Country-code TLDs that differ from the ISO code, or that must not be read as a country.
_TLD_ALIASES: dict[str, str | None] = {
    "uk": "GB",
    "el": None,  # not a TLD; guard against "el" languages mistaken for Greece
    "su": None,
    "eu": None,
    "ac": None,
    "io": None,  # used as a generic tech TLD
    "ai": None,
    "tv": None,
    "me": None,
    "cc": None,
    "fm": None,
    "ws": None,
    "ly": None,
    "gg": None,
    "to": None,
    "la": None,
    "nu": None,
    "tk": None,
}

# Country names (normalised: lower case, no accents) seen in schema.org addressCountry.
_COUNTRY_NAMES: dict[str, str] = {
    "espana": "ES", "spain": "ES", "mexico": "MX", "argentina": "AR", "chile": "CL",
    "colombia": "CO", "peru": "PE", "uruguay": "UY", "paraguay": "PY", "bolivia": "BO",
    "ecuador": "EC", "venezuela": "VE", "costa rica": "CR", "guatemala": "GT",
    "honduras": "HN", "nicaragua": "NI", "el salvador": "SV", "panama": "PA", "cuba": "CU",
    "republica dominicana": "DO", "dominican republic": "DO", "puerto rico": "PR",
    "brasil": "BR", "brazil": "BR", "portugal": "PT", "united states": "US",
    "united states of america": "US", "estados unidos": "US", "usa": "US", "u.s.a.": "US",
    "united kingdom": "GB", "reino unido": "GB", "great britain": "GB", "england": "GB",
    "uk": "GB", "ireland": "IE", "irlanda": "IE", "canada": "CA", "australia": "AU",
    "germany": "DE", "alemania": "DE", "deutschland": "DE", "france": "FR", "francia": "FR",
    "italy": "IT", "italia": "IT", "andorra": "AD", "new zealand": "NZ",
}

_LANGUAGE_DEFAULTS: dict[str, str] = {"es": "ES", "en": "US", "pt": "BR", "fr": "FR",
                                      "de": "DE", "it": "IT"}

_CODE = re.compile(r"[A-Za-z]{2}")
_LANG = re.compile(r"([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}|\d{3}))?(?:[-_].*)?")


def _normalise(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.strip().lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def country_code(value: str | None) -> str | None:
    """ISO alpha-2 code for a country code or name ("es", "España", "Mexico"), else None."""
    if not value:
        return None
    text = value.strip()
    if _CODE.fullmatch(text):
        code = text.upper()
        return "GB" if code == "UK" else code
    return _COUNTRY_NAMES.get(_normalise(text))


def _from_host(host: str) -> str | None:
    """Region from the host's country-code TLD; generic TLDs and IP addresses say nothing."""
    name = host.strip().lower()
    if "://" in name:
        name = name.split("://", 1)[1]
    name = name.split("/", 1)[0].split("@")[-1]
    if name.startswith("["):  # IPv6 literal
        return None
    name = name.rsplit(":", 1)[0] if name.count(":") == 1 else name
    name = name.rstrip(".")
    try:
        ipaddress.ip_address(name)
        return None
    except ValueError:
        pass
    labels = name.split(".")
    if len(labels) < 2:
        return None
    tld = labels[-1]
    if len(tld) != 2 or not tld.isalpha():
        return None
    if tld in _TLD_ALIASES:
        return _TLD_ALIASES[tld]
    return tld.upper()


def tld_region(host: str) -> str | None:
    """The country a host's (or an e-mail domain's) ccTLD names; None for .com, .io, IPs."""
    return _from_host(host)


def _from_language(language: str) -> str | None:
    """Region from a language tag: "es-MX" names the country, bare "es" falls back to Spain."""
    match = _LANG.fullmatch(language.strip())
    if not match:
        return None
    lang, region = match.group(1).lower(), match.group(2)
    if region and region.isalpha():
        return "GB" if region.upper() == "UK" else region.upper()
    return _LANGUAGE_DEFAULTS.get(lang)


def region_for(host: str, language: str | None = None, schema_country: str | None = None,
               explicit: str | None = None) -> str | None:
    """Region to parse national numbers: explicit > schema.org country > ccTLD > language."""
    for candidate in (explicit, schema_country):
        code = country_code(candidate)
        if code:
            return code
    from_host = _from_host(host) if host else None
    if from_host:
        return from_host
    if language:
        return _from_language(language)
    return None
