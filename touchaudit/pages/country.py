"""The shop's country when its domain does not say (.com, .net, .shop): from what its pages show.

International numbers are unambiguous: a tel:+56 link or "+52 55 ..." in the footer says which
country answers the phone. Used only when the ccTLD and schema.org are silent.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

import phonenumbers

from touchaudit.model import PageRecord

_INTERNATIONAL = re.compile(r"\+\d{1,3}[\s().-]*\d[\d\s().-]{5,16}\d")


def _region(raw: str) -> str | None:
    try:
        number = phonenumbers.parse(raw, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.region_code_for_number(number)


def country_from_pages(pages: Iterable[PageRecord]) -> str | None:
    """The region most international phone numbers on the site belong to, or None."""
    votes: Counter[str] = Counter()
    for page in pages:
        for link in page.links:
            if link.url.lower().startswith("tel:"):
                raw = re.sub(r"[^\d+]", "", link.url[4:])
                if raw.startswith("00"):
                    raw = "+" + raw[2:]
                region = _region(raw) if raw.startswith("+") else None
                if region:
                    votes[region] += 2
        for zone in ("header", "footer", "main"):
            text = page.text.get(zone, "")
            if "+" in text:
                for match in _INTERNATIONAL.finditer(text[:100_000]):
                    region = _region(match.group(0))
                    if region:
                        votes[region] += 1
    if not votes:
        return None
    (best, count), *rest = votes.most_common(2) + [("", 0)]
    return best if count > rest[0][1] else None
