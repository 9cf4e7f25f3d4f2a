"""Site-wide contact sightings (phones, e-mails, addresses) with the evidence a person can click.

Computed once per snapshot and shared by the phone, email, address and channel checks. Header and
footer text repeats on every page, so each distinct text is scanned once.
"""
from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from urllib.parse import urlsplit

from touchaudit.model import SiteSnapshot
from touchaudit.pages import structured
from touchaudit.text.places import countries_speaking
from touchaudit.pages.scan import scan_zones, seen_of, snippet
from touchaudit.text import addresses, emails, phones
from touchaudit.text.regions import region_for



@dataclass(frozen=True)
class Sighting:
    """One thing seen on one page: its normalised value and where a person can see it."""

    value: str
    url: str
    snippet: str
    zone: str | None
    source: str  # "text", "link", "schema", "script", "markup" or "form": where it was read (Evidence.via)
    toll_free: bool = False
    highlight: str | None = None  # the words as the page shows them
    seen: str | None = None  # "hidden" or "rendered" (touchaudit.pages.scan.seen_of)
    whatsapp: bool = False  # a number labelled as WhatsApp: a channel to message, too


def site_region(site: SiteSnapshot) -> str | None:
    host = urlsplit(site.final_url or site.url).hostname or ""
    return region_for(host, site.language, site.country, None)


def phone_regions(site: SiteSnapshot) -> tuple[str | None, tuple[str, ...]]:
    """The region to read national numbers in, and, when it is only the language's default
    (no setting, ccTLD or page signal), the other countries where the language is spoken."""
    host = urlsplit(site.final_url or site.url).hostname or ""
    if region_for(host, None, site.country, None):
        return site_region(site), ()
    region = site_region(site)
    return region, tuple(c for c in countries_speaking(site.language) if c != region)


def find_phones(site: SiteSnapshot) -> list[Sighting]:
    def compute(site: SiteSnapshot) -> list[Sighting]:
        region, alternatives = phone_regions(site)
        found: list[Sighting] = []
        for page, zone, text, m in scan_zones(site, "phones", lambda t: phones.find_phones(t, region, alternatives)):
            if not m.fax:
                found.append(Sighting(m.e164, page.final_url, snippet(text, m.start, m.end), zone.value, "text", m.toll_free,
                                      m.raw, seen_of(page, zone, text), phones.whatsapp_label(text, m.start)))
        for page in site.pages:
            for link in page.links:
                if link.url.lower().startswith(("tel:", "callto:")) and not phones.is_fax_label(link.text):
                    e164 = phones.parse_tel_href(link.url, region, alternatives)
                    if e164:
                        found.append(Sighting(e164, page.final_url, link.text or link.url, link.zone.value, "link",
                                              phones.is_toll_free(e164), seen=seen_of(page, hidden=link.hidden)))
            for value in structured.values_of(page.structured, "telephone"):
                e164 = phones.parse_phone(str(value), region, alternatives) if isinstance(value, (str, int)) else None
                if e164:
                    found.append(Sighting(e164, page.final_url, str(value), None, "schema", phones.is_toll_free(e164)))
        return found

    return site.memoized("phones", compute)  # type: ignore[no-any-return]


def find_emails(site: SiteSnapshot) -> list[Sighting]:
    def compute(site: SiteSnapshot) -> list[Sighting]:
        found = [
            Sighting(m.address, page.final_url, snippet(text, m.start, m.end), zone.value, "text", highlight=text[m.start:m.end],
                     seen=seen_of(page, zone, text))
            for page, zone, text, m in scan_zones(site, "emails", emails.find_emails)
        ]
        for page in site.pages:
            for link in page.links:
                if link.url.lower().startswith("mailto:"):
                    address = emails.parse_mailto(link.url)
                    if address:
                        found.append(Sighting(address, page.final_url, link.text or address, link.zone.value, "link",
                                              seen=seen_of(page, hidden=link.hidden)))
            for value in structured.values_of(page.structured, "email"):
                address = emails.parse_mailto(str(value)) if isinstance(value, str) else None
                if address:
                    found.append(Sighting(address, page.final_url, str(value), None, "schema"))
        return found

    return site.memoized("emails", compute)  # type: ignore[no-any-return]


def find_addresses(site: SiteSnapshot) -> list[Sighting]:
    def compute(site: SiteSnapshot) -> list[Sighting]:
        region = site_region(site)
        found = [
            Sighting(m.text, page.final_url, snippet(text, m.start, m.end, 30), zone.value, "text",
                     highlight=" ".join(text[m.start:m.end].split()), seen=seen_of(page, zone, text))
            for page, zone, text, m in scan_zones(site, "addresses", lambda t: addresses.find_addresses(t, region))
            if (m.has_street or m.has_postcode and len(m.text) > 12) and not addresses.of_manufacturer(text, m.start)
        ]
        for page in site.pages:
            for node in structured.find_typed(page.structured, "PostalAddress"):
                parts = [node.get(k) for k in ("streetAddress", "postalCode", "addressLocality", "addressRegion")]
                text = ", ".join(str(p) for p in parts if isinstance(p, (str, int)) and str(p).strip())
                if node.get("streetAddress") and text:
                    found.append(Sighting(text, page.final_url, text, None, "schema"))
        return found

    return site.memoized("addresses", compute)  # type: ignore[no-any-return]


def distinct(sightings: list[Sighting]) -> list[str]:
    """Values in first-seen order, once each."""
    return list(dict.fromkeys(s.value for s in sightings))


def pretty_phone(e164: str) -> str:
    """+34914567238 -> "+34 914 56 72 38", the way people read numbers."""
    try:
        return phonenumbers.format_number(phonenumbers.parse(e164, None), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    except phonenumbers.NumberParseException:
        return e164
