"""Does a page need a browser? Decided from the raw HTML alone, so server-rendered shops never start one.

A page is rendered (with ``--render auto``) when what the server sent cannot be judged:
- an application shell: scripts and (almost) no text or links (touchaudit.pages.shell);
- a header, footer or main part left as an empty placeholder for scripts to fill: the zone has no
  text at all (for a header, no navigation either), and an element of that name (``<footer>``,
  ``id="footer"``...) is empty;
- a contact page with scripts but no contact form, no phone or e-mail link and no e-mail or
  phone number in its text: its form or details are injected.
Each rule needs scripts on the page and an empty zone, so a complete page is never rendered.
"""
from __future__ import annotations

import re
from typing import Any

from lxml import etree

from touchaudit.model import PageRecord, Role, Zone
from touchaudit.pages import shell

# Mount points a script fills in: elements named for a zone, with nothing inside.
_PLACEHOLDERS = etree.XPath(
    "//body//*[self::header or self::footer or self::main"
    " or @id[contains(translate(., 'FOTERHADMIN', 'foterhadmin'), 'footer')"
    " or contains(translate(., 'FOTERHADMIN', 'foterhadmin'), 'header')]"
    " or @class[contains(translate(., 'FOTERHADMIN', 'foterhadmin'), 'footer')"
    " or contains(translate(., 'FOTERHADMIN', 'foterhadmin'), 'header')]]"
    "[not(*)][normalize-space(.) = '']"
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
    for el in _PLACEHOLDERS(root):
        marker = f"{el.tag} {el.get('id') or ''} {el.get('class') or ''}".lower()
        for zone in missing:
            if zone in marker:
                found.add(zone)
    return found


def _no_contact_details(record: PageRecord) -> bool:
    if record.forms or any(link.url.lower().startswith(("tel:", "mailto:")) for link in record.links):
        return False
    return not _CONTACT_DETAIL.search(record.zone_text(Zone.MAIN))
