"""Policy pages and the links that name them (returns, legal notice, warranty, shipping...).

A link named as the policy counts even when the crawl did not fetch its target: the customer can
see and follow it. Magento's "Orders and returns" order-lookup link is not a returns policy.
"""
from __future__ import annotations

import re
from functools import lru_cache

from touchaudit.model import Evidence, Link, PageRecord, Role, SiteSnapshot
from touchaudit.pages import roles
from touchaudit.text.normalize import fold

_ORDER_LOOKUP = re.compile(r"\b(?:pedidos y devoluciones|orders and returns|bestellungen und rucksendungen|commandes et retours)\b")


def pages_with_role(site: SiteSnapshot, *wanted: Role) -> list[PageRecord]:
    return [p for p in site.pages if p.role in wanted and p.status < 400]


def links_named(site: SiteSnapshot, *wanted: Role) -> list[tuple[PageRecord, Link]]:
    """(page, link) for links whose text names one of the roles, once per target URL."""
    want = frozenset(wanted)
    found: dict[str, tuple[PageRecord, Link]] = {}
    for page, link, named in _named_links(site):
        if link.url not in found and want & named:
            found[link.url] = (page, link)
    return list(found.values())


def _named_links(site: SiteSnapshot) -> list[tuple[PageRecord, Link, frozenset[Role]]]:
    """Every link that names some role, in page order; one pass over the site's links for all checks."""

    def compute(site: SiteSnapshot) -> list[tuple[PageRecord, Link, frozenset[Role]]]:
        return [(page, link, named) for page in site.pages for link in page.links
                if link.url.startswith("http") and (named := _named_roles(link.text))]

    return site.memoized("named_links", compute)  # type: ignore[no-any-return]


@lru_cache(maxsize=65536)
def _named_roles(text: str) -> frozenset[Role]:
    """The roles a link text names (cached: menus and footers repeat on every page)."""
    if _ORDER_LOOKUP.search(fold(text)):
        return frozenset()
    return frozenset(rw.role for rw in roles.roles_of_text(text))


def link_evidence(page: PageRecord, link: Link) -> Evidence:
    return Evidence(page.final_url, f"{link.text} → {link.url}"[:300], None, link.zone.value)


def page_evidence(page: PageRecord, what: str = "") -> Evidence:
    return Evidence(page.final_url, (what or page.title or page.final_url)[:300], None, None)
