"""Scrapy's HTTP/1.1 download handler with response headers bounded in size and count.

DOWNLOAD_MAXSIZE counts body bytes only. Twisted's response parser caps one header line at 16 KB
but not how many lines come, nor folded continuation lines, so a server that never ends its
headers grew one audit to 687 MB. Here every header line counts against MAX_HEADER_BYTES and
MAX_HEADER_LINES; past either the response is abandoned with HeadersTooLargeError (failure kind
`too_large`). Scrapy itself swaps the parser's class after each request starts (its lenient
parser); this does the same with a subclass of it that only adds the two counters.
"""
from __future__ import annotations

from typing import Any

from scrapy.core.downloader.handlers.http11 import (
    HTTP11DownloadHandler,
    _LenientHTTP11ClientFactory,
    _LenientHTTP11ClientProtocol,
    _LenientHTTPClientParser,
)
from twisted.web._newclient import BODY

from touchaudit.failures import HEADERS_TOO_LARGE

MAX_HEADER_BYTES = 256 * 1024  # browsers accept about this much; real shops send a few KB
MAX_HEADER_LINES = 500  # both said in failures.HEADERS_TOO_LARGE


class HeadersTooLargeError(Exception):
    """The response's headers went past MAX_HEADER_BYTES or MAX_HEADER_LINES."""


class _BoundedParser(_LenientHTTPClientParser):
    def lineReceived(self, line: bytes) -> None:
        if self.state != BODY:
            counts = self.__dict__.setdefault("_ta_header_counts", [0, 0])
            counts[0] += 1
            counts[1] += len(line) + 2
            if counts[0] > MAX_HEADER_LINES or counts[1] > MAX_HEADER_BYTES:
                raise HeadersTooLargeError(HEADERS_TOO_LARGE)
        super().lineReceived(line)


class _BoundedProtocol(_LenientHTTP11ClientProtocol):
    def request(self, request: Any) -> Any:
        d = super().request(request)
        assert self._parser is not None
        self._parser.__class__ = _BoundedParser
        return d


class _BoundedFactory(_LenientHTTP11ClientFactory):
    def buildProtocol(self, addr: Any) -> _BoundedProtocol:
        return _BoundedProtocol(self._quiescentCallback)  # type: ignore[no-untyped-call]


class BoundedHTTP11DownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self._pool._factory = _BoundedFactory
