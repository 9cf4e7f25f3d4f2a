"""Record every request and response of a crawl into a WARC file (ISO 28500), as evidence.

A downloader middleware placed next to the download handler (order 950, after every built-in
one), so it sees each response as the server sent it: still compressed, redirects (3xx) not yet
followed. Each request/response pair is serialised in memory and written with one write and a
flush; with gzip every record is its own member, so an interrupted crawl leaves a readable file.

A page rendered in a browser (touchaudit.render) is stored as a ``conversion`` record of its raw
response (WARC-Refers-To names that response's record), followed by a ``metadata`` record of
the requests the page made while rendering: a replay audits the rendered DOM without a browser.
"""
from __future__ import annotations

import io
import logging
from http import HTTPStatus
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from touchaudit import __version__
from touchaudit.archive.errors import ArchiveError
from touchaudit.archive.index import iso_second
from touchaudit.render.middleware import RECORDED_META, RENDERED_FLAG

log = logging.getLogger(__name__)
SOFTWARE = f"touchaudit {__version__}"
# Twisted has already undone the chunking when Scrapy hands over the body; saying otherwise
# would make every reader try to de-chunk it again.
_NOT_STORED = frozenset({"transfer-encoding"})


class ArchiveWriter:
    """Downloader middleware; on when the setting TOUCHAUDIT_ARCHIVE names the file to write."""

    def __init__(self, crawler: Any, path: Path) -> None:
        self.crawler = crawler
        self.path = path
        try:
            self.file: BinaryIO | None = path.open("wb")
        except OSError as exc:
            raise ArchiveError(f"cannot write archive {path}: {exc.strerror or exc}") from exc
        self.gzip = path.name.endswith(".gz")
        self.records = 0
        self.response_ids: dict[str, str] = {}  # URL -> record id of its last response (for conversions)
        self.captured_at = self._write_warcinfo(crawler.settings)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> ArchiveWriter:
        path = crawler.settings.get("TOUCHAUDIT_ARCHIVE")
        if not path:
            raise NotConfigured  # silent: a message would be logged as a warning on every crawl
        if crawler.settings.get("TOUCHAUDIT_REPLAY"):
            raise NotConfigured  # replaying: the archive being read is the evidence
        return cls(crawler, Path(path))

    def spider_opened(self, spider: Any) -> None:
        self.crawler.stats.set_value("touchaudit/capture", {
            "mode": "archive", "path": str(self.path), "captured_at": self.captured_at, "tool": SOFTWARE,
        })

    def spider_closed(self, spider: Any) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None
            log.info("archived %d records in %s", self.records, self.path)

    def process_response(self, request: Request, response: Response) -> Response:
        if self.file is not None:
            try:
                if RENDERED_FLAG in response.flags:
                    self._write_conversion(request, response)
                else:
                    self._write_pair(request, response)
            except OSError as exc:  # a full disk must not lose the audit itself
                log.error("cannot write archive %s: %s; archiving stopped", self.path, exc)
                self.file.close()
                self.file = None
        return response

    # -- records ----------------------------------------------------------------------------

    def _write_warcinfo(self, settings: Any) -> str:
        fields = {
            "software": SOFTWARE,
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "http-header-user-agent": str(settings.get("USER_AGENT") or ""),
        }
        buffer, writer = self._buffer()
        record = writer.create_warcinfo_record(self.path.name, fields)
        writer.write_record(record)
        self._commit(buffer)
        return iso_second(record.rec_headers.get_header("WARC-Date") or "")

    def _write_pair(self, request: Request, response: Response) -> None:
        buffer, writer = self._buffer()
        protocol = response.protocol if (response.protocol or "").startswith("HTTP/") else "HTTP/1.1"
        status = response.status
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = ""
        http_response = StatusAndHeaders(
            f"{status} {phrase}".strip(), _pairs(response.headers, skip=_NOT_STORED), protocol=protocol)
        resp = writer.create_warc_record(
            request.url, "response", payload=io.BytesIO(response.body), http_headers=http_response)
        parts = urlsplit(request.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = _pairs(request.headers)
        if not any(name.lower() == "host" for name, _ in headers):
            headers.insert(0, ("Host", parts.netloc))
        http_request = StatusAndHeaders(f"{request.method} {target} HTTP/1.1", headers,
                                        is_http_request=True)
        req = writer.create_warc_record(
            request.url, "request", payload=io.BytesIO(request.body), http_headers=http_request)
        writer.write_request_response_pair(req, resp)
        self._commit(buffer)
        self.records += 2
        self.response_ids[request.url] = resp.rec_headers.get_header("WARC-Record-ID")

    def _write_conversion(self, request: Request, response: Response) -> None:
        """The rendered DOM, as a conversion of the raw response, and what rendering recorded."""
        buffer, writer = self._buffer()
        refers_to = self.response_ids.get(request.url)
        headers = {"WARC-Refers-To": refers_to} if refers_to else {}
        conversion = writer.create_warc_record(
            request.url, "conversion", payload=io.BytesIO(response.body),
            warc_content_type="text/html; charset=utf-8", warc_headers_dict=headers)
        writer.write_record(conversion)
        recorded = request.meta.get(RECORDED_META)
        fields = "".join(f"{name}: {value}\r\n" for name, value in recorded.fields()) if recorded else ""
        metadata = writer.create_warc_record(
            request.url, "metadata", payload=io.BytesIO(fields.encode("utf-8")),
            warc_content_type="application/warc-fields",
            warc_headers_dict={"WARC-Refers-To": conversion.rec_headers.get_header("WARC-Record-ID")})
        writer.write_record(metadata)
        self._commit(buffer)
        self.records += 2

    def _buffer(self) -> tuple[io.BytesIO, WARCWriter]:
        buffer = io.BytesIO()
        return buffer, WARCWriter(buffer, gzip=self.gzip)

    def _commit(self, buffer: io.BytesIO) -> None:
        """One write of whole records, then a flush: a kill leaves complete records or none."""
        assert self.file is not None
        self.file.write(buffer.getvalue())
        self.file.flush()


def _pairs(headers: Any, skip: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for name, values in headers.items():
        key = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        if key.lower() in skip:
            continue
        for value in values:
            pairs.append((key, value.decode("latin-1") if isinstance(value, bytes) else str(value)))
    return pairs
