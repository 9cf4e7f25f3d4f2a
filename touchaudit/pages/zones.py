"""Where on the page an element sits: header, nav, main or footer.

Themes mark their zones with semantic tags (<header>, <footer>, role=contentinfo) or with ids and
classes (#masthead, .site-footer, #colophon, .pie-pagina). A zone, once entered, holds for the
whole subtree; the footer wins over everything inside it.
"""
from __future__ import annotations

import re
from functools import lru_cache

from touchaudit.model import Zone

_SPLIT = re.compile(r"[-_]+")
_FOOTER_WORDS = frozenset({"footer", "colophon", "pie", "piedepagina", "rodape", "pagefooter", "sitefooter"})
_HEADER_WORDS = frozenset({"header", "masthead", "cabecera", "cabecalho", "topbar", "siteheader"})
_NAV_WORDS = frozenset({"nav", "navbar", "navigation", "menu", "megamenu", "mainmenu"})
# Blocks that have their own little header or footer inside the content.
_LOCAL = frozenset({"card", "modal", "entry", "post", "article", "product", "panel", "dialog", "drawer", "table",
                    "widget", "comment", "comments", "blog", "popup", "cart", "dropdown", "accordion", "tab", "tabs",
                    "collapsible", "review", "reviews", "item", "box", "media", "form", "checkout", "quickview",
                    "mini", "minicart", "sidebar", "slide", "slider", "banner", "promo", "newsletter", "cookie"})
_LOCAL_HEADER = _LOCAL | {"page", "section", "collection", "hero", "title", "content", "main", "sub", "category"}


@lru_cache(maxsize=32768)
def _token_is(token: str, names: frozenset[str], local: frozenset[str]) -> bool:
    """BEM- and hyphen-aware: "st-global-footer__wrapper" is a footer, "card__footer" is not."""
    block = token.split("__")[0]
    parts = [p for p in _SPLIT.split(block) if p]
    return any(p in names for p in parts) and not any(p in local for p in parts)


_ROLE_ZONE = {"banner": Zone.HEADER, "contentinfo": Zone.FOOTER, "navigation": Zone.NAV}
_PAGE_TAGS = frozenset({"html", "body", "main"})
# A <header>/<footer> inside an article or section is that block's own, not the site's.
_SECTIONING = frozenset({"article", "aside", "section", "main"})


def zone_of(tag: str, attrib: dict[str, str] | object, parent: Zone, in_section: bool) -> Zone:
    """The zone of an element given its parent's zone; footer and header are sticky."""
    if parent is Zone.FOOTER:
        return parent
    get = attrib.get  # type: ignore[attr-defined]
    role = (get("role") or "").strip().lower()
    if role in _ROLE_ZONE and not (in_section and role != "navigation"):
        return _ROLE_ZONE[role] if parent is not Zone.HEADER or role == "contentinfo" else parent
    if tag == "footer" and not in_section:
        return Zone.FOOTER
    if tag == "header" and not in_section and parent is not Zone.HEADER:
        return Zone.HEADER
    if tag in _PAGE_TAGS:  # <body class="header-default keep-header">: page-wide theme flags
        return parent
    tokens = ((get("id") or "") + " " + (get("class") or "")).lower().split()
    if tokens and not in_section:
        if any(_token_is(t, _FOOTER_WORDS, _LOCAL) for t in tokens):
            return Zone.FOOTER
        if parent is Zone.MAIN and any(_token_is(t, _HEADER_WORDS, _LOCAL_HEADER) for t in tokens):
            return Zone.HEADER
    if parent is Zone.MAIN and (tag == "nav" or any(_token_is(t, _NAV_WORDS, _LOCAL) for t in tokens)):
        return Zone.NAV
    return parent


def opens_section(tag: str) -> bool:
    return tag in _SECTIONING


# A header or footer holds the shop's menus and details; one that holds the whole page is a
# theme's wrapper (<header class="st-global-header"> around 48 KB of product page).
_MAX_PLAIN_TEXT = {Zone.HEADER: 6000, Zone.FOOTER: 20000}
_MIN_LINK_SHARE = 0.6


def plausible(zone: Zone, el: object) -> bool:
    """Is this element, which opens `zone`, the site's header or footer rather than a wrapper
    around the page? Large blocks must be mostly link text (mega menus are)."""
    limit = _MAX_PLAIN_TEXT.get(zone)
    if limit is None:
        return True
    chars = len(el.text_content())  # type: ignore[attr-defined]
    if chars <= limit:
        return True
    links = sum(len(a.text_content()) for a in el.iter("a"))  # type: ignore[attr-defined]
    return links >= _MIN_LINK_SHARE * chars
