"""A page that is only a JavaScript application's empty shell: nothing to audit without a browser.

Single-page apps (React, Vue, Angular without server rendering) send `<div id="root"></div>` and a
script; the shop appears only once a browser runs it. touchaudit reads the HTML the server sends,
so such a page is reported as `needs_rendering` instead of being scored as a shop with no phone,
no address and no policies. The test is conservative: almost no text, no link to any web page,
and at least one script.
"""
from __future__ import annotations

from touchaudit.model import PageRecord

MIN_TEXT = 200  # visible characters, whitespace aside
DETAIL = "an empty JavaScript shell: the site needs a browser to render it (touchaudit reads the HTML the server sends)"
DETAIL_RENDERED = "an empty JavaScript shell, even after rendering it in a browser: its scripts showed nothing"


def needs_rendering(record: PageRecord, scripts: int) -> bool:
    """True for a page with scripts but (almost) no visible text and no links to follow."""
    if scripts <= 0 or any(link.url.startswith(("http://", "https://")) for link in record.links):
        return False
    return len("".join(record.all_text.split())) < MIN_TEXT
