"""Policy pages and the links that name them (returns, legal notice, warranty, shipping...).

A link named as the policy counts even when the crawl did not fetch its target: the customer can
see and follow it (its evidence says the page was not read). A link whose target answered 404 or
410 is no policy at all: the customer finds nothing there, which is a finding of its own. Magento's
"Orders and returns" order-lookup link is not a returns policy.
"""
from __future__ import annotations

import re
from functools import lru_cache

from touchaudit.model import Evidence, Link, PageRecord, Role, SiteSnapshot
from touchaudit.pages import roles
from touchaudit.pages.scan import seen_of
from touchaudit.sites import canonical
from touchaudit.text.normalize import fold

_ORDER_LOOKUP = re.compile(r"\b(?:pedidos y devoluciones|orders and returns|bestellungen und rucksendungen|commandes et retours)\b")


def pages_with_role(site: SiteSnapshot, *wanted: Role) -> list[PageRecord]:
    return [p for p in site.pages if p.role in wanted and p.status < 400]


GONE = frozenset({"http_404", "http_410"})  # the target does not exist


def links_named(site: SiteSnapshot, *wanted: Role) -> list[tuple[PageRecord, Link]]:
    """(page, link) for links whose text names one of the roles, once per target URL; links to a
    page that answered 404/410 are left out (see broken_links_named)."""
    return [pl for pl in _links_named(site, wanted) if target_state(site, pl[1].url) not in GONE]


def broken_links_named(site: SiteSnapshot, *wanted: Role) -> list[tuple[PageRecord, Link]]:
    """Links named as one of the roles whose target answered 404 or 410."""
    return [pl for pl in _links_named(site, wanted) if target_state(site, pl[1].url) in GONE]


def _links_named(site: SiteSnapshot, wanted: tuple[Role, ...]) -> list[tuple[PageRecord, Link]]:
    want = frozenset(wanted)
    found: dict[str, tuple[PageRecord, Link]] = {}
    for page, link, named in _named_links(site):
        if link.url not in found and want & named:
            found[link.url] = (page, link)
    return list(found.values())


def target_state(site: SiteSnapshot, url: str) -> str:
    """"read" when the crawl read the page, the failure kind when fetching it failed
    ("http_404", "robots", "timeout"...), "unread" when it was not asked for (page budget)."""
    states: dict[str, str] = site.memoized("link_targets", _target_states)
    return states.get(canonical(url), "unread")


def _target_states(site: SiteSnapshot) -> dict[str, str]:
    states = {canonical(f.url): f.kind for f in site.failures}
    for page in site.pages:
        for url in (page.url, page.final_url):
            states[canonical(url)] = "read" if page.status < 400 else f"http_{page.status}"
    return states


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


def link_evidence(page: PageRecord, link: Link, site: SiteSnapshot | None = None) -> Evidence:
    """The link as the page shows it; with `site`, a note when its target was not read
    ("link_not_read") or does not exist ("link_broken")."""
    note = None
    if site is not None:
        state = target_state(site, link.url)
        note = "link_broken" if state in GONE else None if state == "read" else "link_not_read"
    return Evidence(page.final_url, f"{link.text} → {link.url}"[:300], None, link.zone.value,
                    seen=seen_of(page, hidden=link.hidden), note=note)


def page_evidence(page: PageRecord, what: str = "") -> Evidence:
    return Evidence(page.final_url, (what or page.title or page.final_url)[:300], None, None, seen=seen_of(page))
