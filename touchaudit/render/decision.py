"""Does a page need a browser? Decided from the raw HTML alone, so server-rendered shops never start one.

A page is rendered (with ``--render auto``) when what the server sent cannot be judged:
- an application shell: scripts and (almost) no text or links (touchaudit.pages.shell);
- a header, footer or main part left as an empty placeholder for scripts to fill: the zone has no
  text at all (for a header, no navigation either), and an element of that name (``<footer>``,
  ``id="footer"``, ``class="site-header"``) is empty;
- a contact page with scripts but no contact form, no phone or e-mail link and no e-mail or
  phone number in its text: its form or details are injected;
- a home page that loads a tag manager and shows no chat or messaging widget: the widget a
  customer sees may be one the tag manager injects (one page per site at most).
Every rule needs scripts on the page, so a page without scripts is never rendered.
"""
from __future__ import annotations

import re
from typing import Any

from lxml import etree

from touchaudit.model import PageRecord, Role, Zone
from touchaudit.pages import shell
from touchaudit.text import providers

# Mount points a script fills in: <header>/<footer>/<main>, or an element whose id or class is the
# zone's name ("footer", "site-header", "app_footer"), with nothing inside. Decorative empty
# elements ("modal-footer", "navFooterColSpacer") are not placeholders.
_CANDIDATES = etree.XPath(
    "//body//*[self::header or self::footer or self::main"
    " or @id[contains(translate(., 'FOTERHAD', 'foterhad'), 'footer') or contains(translate(., 'FOTERHAD', 'foterhad'), 'header')]"
    " or @class[contains(translate(., 'FOTERHAD', 'foterhad'), 'footer') or contains(translate(., 'FOTERHAD', 'foterhad'), 'header')]]"
    "[not(*)][normalize-space(.) = '']"
)
_ZONE_NAME = re.compile(r"^(?:(?:site|page|app|main|global|shop|store)[-_]?)?(header|footer)$", re.I)
# Tag managers load other scripts (chat widgets among them) after the page: GTM, Tealium, Adobe
# Launch, Segment, Matomo Tag Manager.
_TAG_MANAGER = etree.XPath(
    "//script[contains(@src, '/gtm.js') or contains(@src, 'tiqcdn.com/utag') or contains(@src, 'assets.adobedtm.com')"
    " or contains(@src, 'cdn.segment.com/analytics') or contains(., '/gtm.js') or contains(., 'container_')"
    " and contains(., '_mtm')]"
)
_SCRIPTS = etree.XPath("count(//script[not(@type) or not(contains(@type, 'json'))])")
_CONTACT_DETAIL = re.compile(r"@[\w-]+\.\w|\d[\d ().-]{6,}\d")


def scripts_in(root: Any) -> int:
    """Scripts that run (JSON data blocks are not code)."""
    return int(_SCRIPTS(root)) if root is not None else 0


def render_reason(record: PageRecord, root: Any, scripts: int) -> str | None:
    """Why the page must be rendered to be judged ("shell", "placeholder", "contact"), or None."""
    if scripts <= 0 or root is None:
        return None
    if shell.needs_rendering(record, scripts):
        return "shell"
    empty = _empty_zones(record, root)
    if empty:
        return "placeholder"
    if record.role is Role.CONTACT and _no_contact_details(record):
        return "contact"
    if record.role is Role.HOME and _TAG_MANAGER(root) and not _live_channel_seen(record):
        return "tag_manager"
    return None


def _empty_zones(record: PageRecord, root: Any) -> set[str]:
    """Zones with no text whose placeholder element is on the page, waiting for a script."""
    text = record.text
    missing = set() if text.get(Zone.FOOTER.value) else {Zone.FOOTER.value}
    if not text.get(Zone.HEADER.value) and not text.get(Zone.NAV.value):
        missing.add(Zone.HEADER.value)
    if len(text.get(Zone.MAIN.value, "")) < 100:
        missing.add(Zone.MAIN.value)
    if not missing:
        return set()
    found: set[str] = set()
    for el in _CANDIDATES(root):
        if el.tag in ("header", "footer", "main"):
            names = [el.tag]
        else:
            tokens = [el.get("id") or "", *(el.get("class") or "").split()]
            names = [m.group(1).lower() for t in tokens if (m := _ZONE_NAME.match(t))]
        found.update(name for name in names if name in missing)
    return found


def _live_channel_seen(record: PageRecord) -> bool:
    """A chat or messaging widget the raw page already shows (the providers table checks use)."""
    return any(providers.match_url(src) for src in record.scripts + record.iframes) or any(
        providers.match_class(token) for token in record.classes)


def _no_contact_details(record: PageRecord) -> bool:
    if record.forms or any(link.url.lower().startswith(("tel:", "mailto:")) for link in record.links):
        return False
    return not _CONTACT_DETAIL.search(record.zone_text(Zone.MAIN))
