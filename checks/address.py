"""Address: a physical or postal address, so customers know a real business is behind the shop.

Principle (000): give an address; it tells customers the shop is real. Pass: a street address with
number and postal code in visible text, or a schema.org PostalAddress with a street. Partial: only
a map link. Fail: none. A bare postal code or "en la calle" in prose is not an address.
Good: "Calle Mayor 12, 28013 Madrid". Bad: "Envíos a toda la península".
"""
from __future__ import annotations

import re

from touchaudit.checks._common import evidence_of, listing
from touchaudit.message import N_, msg
from touchaudit.model import Evidence, Outcome, SiteSnapshot, Status
from touchaudit.pages.contacts import distinct, find_addresses
from touchaudit.registry import CheckMeta, CheckOptions
from touchaudit.text.normalize import fold

META = CheckMeta(
    id="address",
    reads_words=True,
    category="contact",
    weight=8,
    source="000_9a930db029dc3ab1.txt",
    title=N_("Visible physical address"),
    recommendation=N_("Publish the business's full postal address (street, number, postal code and city) in the "
                      "footer and on the contact page; a map helps."),
)
_MAP_LINK = re.compile(r"https?://(?:www\.)?(?:google\.[a-z.]+/maps|maps\.google\.|goo\.gl/maps|maps\.app\.goo\.gl|maps\.apple\.com|bing\.com/maps|openstreetmap\.org|waze\.com)", re.I)


def address_key(text: str) -> str:
    """The same address written three ways is one address: key on its first two numbers."""
    numbers = re.findall(r"\d+", text)
    return " ".join(numbers[:2]) if len(numbers) >= 2 else fold(text)


def check(site: SiteSnapshot, opts: CheckOptions) -> Outcome:
    sightings = find_addresses(site)
    found = list({address_key(a): a for a in reversed(distinct(sightings))}.values())[::-1]
    maps = [(p.final_url, l) for p in site.pages for l in p.links if _MAP_LINK.match(l.url)]
    facts = {
        "addresses": found,
        "structured": any(s.source == "schema" for s in sightings),
        "map_link": bool(maps),
    }
    if found:
        return Outcome(
            Status.PASS,
            facts,
            evidence_of(sightings, key=address_key),
            summary=msg("Address: %(addresses)s.", addresses=listing(found, 2)),
        )
    if maps:
        url, link = maps[0]
        return Outcome(
            Status.PARTIAL,
            facts,
            (Evidence(url, f"{link.text} → {link.url}" if link.text else link.url, None, link.zone.value),),
            summary=msg("There is only a map link; the address itself is not written out."),
        )
    return Outcome(
        Status.FAIL,
        facts,
        summary=msg("No physical address was found."),
    )
