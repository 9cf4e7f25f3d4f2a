"""One key for the spellings of a page, so a replay finds it whichever spelling a link uses.

Capture tools record the URL the browser showed (``http://www.shop.es/index.html``) while the
shop's links say ``https://shop.es/``: scheme, a ``www.`` prefix, a default port, a trailing slash,
an index file and a fragment do not make another page. The rest of the URL is compared as
``touchaudit.sites.canonical`` compares it (sorted query, no tracking parameters or session ids).
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from touchaudit.sites import canonical

_INDEX_FILE = re.compile(r"/(?:index|default)\.(?:html?|php|aspx?|jsp)$", re.I)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def page_key(url: str) -> str:
    """``shop.es/contacto?a=1`` for every spelling of that page; the URL itself if it cannot be parsed."""
    parts = urlsplit(canonical(url))
    try:
        port = parts.port
    except ValueError:
        return url
    host = (parts.hostname or "").removeprefix("www.")
    if port and port != _DEFAULT_PORTS.get(parts.scheme):
        host = f"{host}:{port}"
    path = _INDEX_FILE.sub("/", parts.path).rstrip("/")
    return f"{host}{path}?{parts.query}" if parts.query else f"{host}{path}"
