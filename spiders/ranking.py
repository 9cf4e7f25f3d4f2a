"""How much the focused crawl wants a URL: policy and contact pages first, a few products, little else.

Signals: the link's words (multilingual role vocabulary), its URL words, and where the link sits
(site-wide header and footer links are how shops expose their policies).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from touchaudit.model import Role, Zone
from touchaudit.pages import roles

# Not pages worth a fetch: assets, documents, carts, accounts, searches, feeds.
_SKIP_EXT = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|ico|bmp|tiff?|avif|css|js|mjs|json|xml|rss|atom|txt|pdf|zip|rar|gz|tgz|7z|"
    r"mp3|mp4|m4a|webm|avi|mov|wav|ogg|woff2?|ttf|eot|otf|docx?|xlsx?|pptx?|csv|exe|dmg|apk)$",
    re.I,
)
_SKIP_PATH = re.compile(
    r"/(?:cart|carrito|cesta|basket|checkout|finalizar-compra|account|mi-cuenta|my-account|login|"
    r"signin|sign-in|register|registro|logout|wishlist|lista-de-deseos|compare|search|buscar|busqueda|"
    r"wp-admin|wp-login\.php|feed|cdn-cgi)(?:/|$)",
    re.I,
)
_SKIP_QUERY = re.compile(r"(?:^|&)(?:add-to-cart|add_to_cart|sort|orderby|order|filter|price|page|pagina|q|s|search|view|limit|currency|lang)=", re.I)
_DIGITS = re.compile(r"\d+")
_ZONE_BONUS = {Zone.FOOTER: 12, Zone.HEADER: 8, Zone.NAV: 4, Zone.MAIN: 0}
PRIORITY_HOME = 1000
PRIORITY_WELL_KNOWN = 70
PRIORITY_OTHER = 10
PRIORITY_PRODUCT = 30


@dataclass(frozen=True)
class Rank:
    priority: int
    role: Role


MAX_URL_LENGTH = 2000  # Scrapy's UrlLengthMiddleware drops longer ones silently (URLLENGTH_LIMIT 2083)


def worth_fetching(url: str) -> bool:
    if len(url) > MAX_URL_LENGTH:
        return False
    parts = urlsplit(url)
    if _SKIP_EXT.search(parts.path) or _SKIP_PATH.search(parts.path):
        return False
    return not (parts.query and _SKIP_QUERY.search(parts.query))


def family(url: str) -> str:
    """Pages that differ only in numbers or query values (calendar months, facet combinations) are one family.

    The spider fetches few pages of one family among the "other" pages, so an endless calendar or
    filter space cannot eat the page budget."""
    parts = urlsplit(url)
    keys = sorted({k.lower() for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return _DIGITS.sub("N", parts.path.lower().rstrip("/")) + ("?" + "&".join(keys) if keys else "")


def rank_link(url: str, text: str, zone: Zone, depth: int) -> Rank:
    """Priority of a link found on a page at `depth` (the start page is depth 0)."""
    candidates = roles.roles_of_text(text) + roles.roles_of_url(url)
    policy = [rw for rw in candidates if rw.role is not Role.PRODUCT]
    if policy:
        best = max(policy, key=lambda rw: rw.priority)
        return Rank(best.priority + _ZONE_BONUS[zone] - 3 * depth, best.role)
    if any(rw.role is Role.PRODUCT for rw in candidates):
        return Rank(PRIORITY_PRODUCT - 3 * depth, Role.PRODUCT)
    # Menu links lead to categories, and categories to products and more policy links.
    bonus = 8 if zone in (Zone.NAV, Zone.HEADER) else 0
    return Rank(PRIORITY_OTHER + bonus - 3 * depth, Role.OTHER)


def rank_archived(url: str, title: str) -> Rank:
    """An archived page offered by a replay, which no link may lead to: ranked as a main-zone link
    from the home page, by the role the page will be labelled with (URL words, then its title,
    which unlike a link text often carries the shop's name and slogans)."""
    role = roles.guess_role(url, title, "", is_home=False, has_product=False)
    if role is Role.PRODUCT:
        return Rank(PRIORITY_PRODUCT, role)
    if role is Role.OTHER:
        return Rank(PRIORITY_OTHER, role)
    return Rank(max(rw.priority for rw in roles.vocabulary() if rw.role is role), role)


def rank_sitemap_url(url: str) -> Rank:
    """Sitemap entries have no link text: URL words only, below an equal link from a page."""
    policy = [rw for rw in roles.roles_of_url(url) if rw.role is not Role.PRODUCT]
    if policy:
        best = max(policy, key=lambda rw: rw.priority)
        return Rank(best.priority - 5, best.role)
    if any(rw.role is Role.PRODUCT for rw in roles.roles_of_url(url)):
        return Rank(22, Role.PRODUCT)
    return Rank(PRIORITY_OTHER - 5, Role.OTHER)


def sitemap_priority(url: str) -> int:
    """Which child sitemaps of an index to read first: pages before products before the rest."""
    path = urlsplit(url).path.lower()
    if any(w in path for w in ("page", "pagina", "pages", "policies")):
        return 3
    if "product" in path or "producto" in path:
        return 2
    return 1
