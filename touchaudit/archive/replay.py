"""Answer every request of a crawl from a WARC file: the archive is the web, nothing goes out.

A downloader middleware next to the download handler (order 955, after every built-in one).
Like Scrapy's HttpCacheMiddleware it returns the response from ``process_request``, so the
download handler (and so the network, DNS included) is never reached, while every other
middleware (robots.txt, redirects, cookies, decompression, stats) and the spider run exactly as
in a live crawl. A URL the archive lacks fails with ``NotInArchiveError``; a missing robots.txt
is a 404, as a site without one would answer.
"""
from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Headers, Request, Response
from scrapy.responsetypes import responsetypes

from touchaudit.archive.index import ArchiveIndex, load_index
from touchaudit.render.middleware import RENDER_META, STATS, rendered_response

log = logging.getLogger(__name__)
REPLAYED_METHODS = frozenset({"GET", "HEAD"})


class NotInArchiveError(IgnoreRequest):
    """The replayed archive holds no response for this URL (touchaudit.failures: not_in_archive)."""


class ArchiveReplay:
    """Downloader middleware; on when the setting TOUCHAUDIT_REPLAY names the WARC file to read."""

    def __init__(self, crawler: Any, index: ArchiveIndex, path: Path) -> None:
        self.crawler = crawler
        self.index = index
        self.path = path
        self.served: Counter[int] = Counter()  # per URL: the n-th request gets the n-th capture
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler: Any) -> ArchiveReplay:
        path = crawler.settings.get("TOUCHAUDIT_REPLAY")
        if not path:
            raise NotConfigured  # silent: a message would be logged as a warning on every crawl
        return cls(crawler, load_index(Path(path)), Path(path))

    def spider_opened(self, spider: Any) -> None:
        self.crawler.stats.set_value("touchaudit/capture", {
            "mode": "replay", "path": str(self.path), "captured_at": self.index.captured_at,
            "tool": self.index.tool,
        })

    def process_request(self, request: Request) -> Response:
        if request.meta.get(RENDER_META):
            return self._rendered(request)
        offsets = self.index.lookup(request.url) if request.method in REPLAYED_METHODS else []
        if not offsets:
            if urlsplit(request.url).path == "/robots.txt":
                return Response(request.url, status=404, request=request, flags=["replay"])
            log.debug("not in archive: %s", request.url)
            raise NotInArchiveError(f"not in archive: {request.url}")
        # Repeated requests (robots.txt twice, retries) get the captures in the order they were
        # made, then the last one again: the live crawl's sequence, replayed.
        key = id(offsets)
        offset = offsets[min(self.served[key], len(offsets) - 1)]
        self.served[key] += 1
        archived = self.index.response_at(offset)
        grouped: dict[str, list[str]] = {}
        for name, value in archived.headers:  # Set-Cookie and friends come several times
            grouped.setdefault(name, []).append(value)
        headers = Headers(grouped)
        body = b"" if request.method == "HEAD" else archived.body
        cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
        self.crawler.stats.inc_value("touchaudit/replay/responses")
        return cls(url=request.url, status=archived.status, headers=headers, body=body,
                   request=request, flags=["replay"], protocol="HTTP/1.1")

    def _rendered(self, request: Request) -> Response:
        """A render request (touchaudit.render) is answered with the rendered copy the archive
        holds: a replay never starts a browser."""
        copy = self.index.rendered_copy(request.url)
        if copy is None:
            raise NotInArchiveError(f"no rendered copy in archive: {request.url}")
        html, recorded = copy
        self.crawler.stats.inc_value(STATS + "pages")
        return rendered_response(request, html.decode("utf-8", "replace"), recorded, ["replay"])
