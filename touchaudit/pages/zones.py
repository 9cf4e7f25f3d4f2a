"""Where on the page an element sits: header, nav, main or footer.

Themes mark their zones with semantic tags (<header>, <footer>, role=contentinfo) or with ids and
classes (#masthead, .site-footer, #colophon, .pie-pagina). A zone, once entered, holds for the
whole subtree; the footer wins over everything inside it.
"""
from __future__ import annotations

import re

from touchaudit.model import Zone

_FOOTER_TOKEN = re.compile(
    r"^(?:(?:site|page|main|global|shopify-section|section|main-|theme)[-_]?)?"
    r"(?:footer|colophon|pie|pie-pagina|pie-de-pagina|piedepagina|rodape|bottom-bar)(?:[-_](?:wrapper|wrap|container|inner|main|area|group|section))?$"
)
_HEADER_TOKEN = re.compile(
    r"^(?:(?:site|page|main|global|shopify-section|section|theme)[-_]?)?"
    r"(?:header|masthead|cabecera|cabecalho|top-?bar|announcement-bar|topbar)(?:[-_](?:wrapper|wrap|container|inner|main|area|group|section))?$"
)
_NAV_TOKEN = re.compile(r"^(?:main[-_]?|primary[-_]?|site[-_]?)?(?:nav|navbar|navigation|menu|main-menu|megamenu|mega-menu)$")
_ROLE_ZONE = {"banner": Zone.HEADER, "contentinfo": Zone.FOOTER, "navigation": Zone.NAV}
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
    tokens = ((get("id") or "") + " " + (get("class") or "")).lower().split()
    if tokens:
        if any(_FOOTER_TOKEN.match(t) for t in tokens):
            return Zone.FOOTER
        if parent is Zone.MAIN and any(_HEADER_TOKEN.match(t) for t in tokens):
            return Zone.HEADER
    if parent is Zone.MAIN and (tag == "nav" or any(_NAV_TOKEN.match(t) for t in tokens)):
        return Zone.NAV
    return parent


def opens_section(tag: str) -> bool:
    return tag in _SECTIONING
