"""Countries and the places that name them (vocab/places.toml): where a shop is, and where an
address ends.

A country name or an unambiguous city written as a place name ("Providencia", "Santiago de
Chile", "Dublin") tells which country a .com shop is in, and closes an address line that has no
street word ("Los Leones 1540, Providencia"). Matching walks the capitalised words only and tries
the longest name first, so a footer costs microseconds.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from touchaudit.text.normalize import fold

__all__ = ["Place", "PlaceMatch", "countries_speaking", "currency_index", "find_places", "places"]


@dataclass(frozen=True)
class Place:
    country: str
    names: frozenset[str]  # folded
    cities: frozenset[str]  # folded
    languages: tuple[str, ...]
    currencies: frozenset[str]
    symbols: tuple[str, ...]


@dataclass(frozen=True)
class PlaceMatch:
    """A place name in text: text[start:end], the country it names, and whether it is a city."""

    name: str
    country: str
    city: bool
    start: int
    end: int


@lru_cache(maxsize=1)
def places() -> tuple[Place, ...]:
    raw = tomllib.loads(resources.files("touchaudit.text").joinpath("vocab/places.toml").read_text("utf-8"))
    return tuple(Place(code, frozenset(map(fold, v.get("names", ()))), frozenset(map(fold, v.get("cities", ()))),
                       tuple(v.get("languages", ())), frozenset(v.get("currencies", ())), tuple(v.get("symbols", ())))
                 for code, v in raw.items())


def countries_speaking(language: str | None) -> tuple[str, ...]:
    """Countries whose shops write in `language`, in the vocabulary's order."""
    return tuple(p.country for p in places() if language in p.languages) if language else ()


@lru_cache(maxsize=1)
def currency_index() -> tuple[dict[str, str], dict[str, str]]:
    """(ISO code -> country, price symbol -> country) for currencies that name one country (not
    EUR or USD)."""
    codes: dict[str, str] = {}
    symbols: dict[str, str] = {}
    for place in places():
        for code in place.currencies - {"EUR", "USD"}:
            codes[code] = place.country
        for symbol in place.symbols:
            symbols[symbol] = place.country
    return codes, symbols


@lru_cache(maxsize=1)
def _name_index() -> tuple[dict[str, tuple[str, bool]], int, frozenset[str]]:
    """folded name -> (country, is a city), the longest name in words, and every name's first word."""
    names: dict[str, tuple[str, bool]] = {}
    for place in places():
        for name in place.names:
            names.setdefault(name, (place.country, False))
        for name in place.cities:
            names.setdefault(name, (place.country, True))
    return names, max(len(n.split()) for n in names), frozenset(n.split()[0] for n in names)


_CAPITALISED = re.compile(r"(?<![\w'’.-])[A-ZÁÉÍÓÚÑÇÂÊÔÃÕÜÀÈÌÒÙ][\w'’.-]*")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def find_places(text: str) -> list[PlaceMatch]:
    """Country and city names written capitalised, as place names are ("Lima", not "lima").
    Only capitalised words that open some name are looked at, then the longest name wins."""
    names, longest, first_words = _name_index()
    found: list[PlaceMatch] = []
    taken = 0
    for m in _CAPITALISED.finditer(text):
        if m.start() < taken or fold(m.group()).rstrip(".") not in first_words:
            continue
        line_end = text.find("\n", m.start())
        words = list(_WORD.finditer(text, m.start(), min(m.start() + 80, len(text) if line_end < 0 else line_end)))
        for size in range(min(longest, len(words)), 0, -1):
            last = words[size - 1]
            end = last.end() - last.group().endswith(".")
            hit = names.get(fold(text[m.start():end]))
            if hit is not None:
                found.append(PlaceMatch(text[m.start():end], hit[0], hit[1], m.start(), end))
                taken = end
                break
    return found
