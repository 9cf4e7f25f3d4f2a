"""The replayed archive as the focused crawl sees it: which pages it holds, under which key.

A capture made by another tool (a Webrecorder session of a shop's contact and policy pages) need
not link its pages to each other, so a replay offers every archived HTML page of the site to the
spider as a candidate, with its title for ranking. Pages are told apart by the archived response
they resolve to, so every spelling of a page (``touchaudit.archive.spelling``), and a revisit that
repeats another URL's capture, is fetched once.
"""
from __future__ import annotations

import contextlib
import html
import io
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from w3lib.encoding import html_to_unicode
from warcio.archiveiterator import ArchiveIterator

from touchaudit.archive.index import ArchiveIndex, load_index
from touchaudit.archive.spelling import page_key
from touchaudit.sites import SiteScope, canonical

log = logging.getLogger(__name__)
TITLE_BYTES = 32 * 1024  # a page's <title> is in its <head>
_TITLE = re.compile(r"<title[^>]*>(.*?)</title", re.I | re.S)


class ArchivedSite:
    """What a replayed crawl may ask for; built by the spider when TOUCHAUDIT_REPLAY is set."""

    def __init__(self, index: ArchiveIndex) -> None:
        self.index = index

    @classmethod
    def from_settings(cls, settings: Any) -> ArchivedSite | None:
        path = settings.get("TOUCHAUDIT_REPLAY")
        return cls(load_index(Path(path))) if path else None  # the replay middleware's cached index

    def holds(self, url: str) -> bool:
        return bool(self.index.lookup(url))

    def key(self, url: str) -> str:
        """The spider's identity of a page: the archived response its spellings resolve to."""
        offsets = self.index.by_page.get(page_key(url)) or self.index.lookup(url)
        return f"warc@{offsets[0]}" if offsets else canonical(url)

    def pages(self, scope: SiteScope) -> Iterator[tuple[str, str]]:
        """(URL, title) of each archived HTML page within ``scope``, once per page, in capture order."""
        seen: set[str] = set()
        wanted: list[tuple[int, str]] = []
        for offset, url in sorted(self.index.pages.items()):  # several sites may share a file
            if scope.contains(url) and (key := self.key(url)) not in seen:
                seen.add(key)
                wanted.append((offset, url))
        with self.index.path.open("rb") as fh:
            for offset, url in wanted:
                yield url, _title_at(fh, offset)


def _title_at(fh: io.BufferedReader, offset: int) -> str:
    """The page's <title> from the first bytes of its payload (transfer and content encodings
    undone by warcio); "" when it has none or cannot be read: the URL still ranks it."""
    fh.seek(offset)
    try:
        with contextlib.redirect_stderr(io.StringIO()):  # warcio prints its warnings
            record = next(iter(ArchiveIterator(fh)))
            head = record.content_stream().read(TITLE_BYTES)
            ctype = record.http_headers.get_header("Content-Type") if record.http_headers else None
    except Exception as exc:  # a damaged or undecodable record: rank by URL only
        log.debug("archive %s: no title at offset %d: %s", fh.name, offset, exc)
        return ""
    match = _TITLE.search(html_to_unicode(ctype, head)[1])
    return " ".join(html.unescape(match.group(1)).split())[:300] if match else ""
