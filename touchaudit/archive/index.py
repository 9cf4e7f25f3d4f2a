"""Read a WARC file once: validate it, and index where each URL's response lives.

The index keeps record offsets, not payloads, so a large archive (a Common Crawl file) costs
memory per URL, not per byte; a response is read from disk when the crawl asks for it. Loading
reads every record to the end, so a truncated, empty or foreign file is refused before crawling.
"""
from __future__ import annotations

import contextlib
import io
import logging
import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from w3lib.url import canonicalize_url
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParser, StatusAndHeadersParserException

from touchaudit.archive.decode import Headers, decode_payload
from touchaudit.archive.errors import ArchiveError
from touchaudit.archive.spelling import page_key
from touchaudit.render.requests import Recorded, parse_fields

log = logging.getLogger(__name__)
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})")
_GZIP_MAGIC = b"\x1f\x8b"
_BLOCK = 1 << 16
_HTTP = StatusAndHeadersParser(["HTTP/1.0", "HTTP/1.1"], verify=False)


@dataclass(frozen=True)
class ArchivedResponse:
    """One HTTP response as Scrapy should see it: status, headers (encodings undone) and body."""

    status: int
    headers: Headers
    body: bytes


@dataclass
class _Record:
    kind: str  # response or revisit
    uri: str
    date: str
    offset: int
    record_id: str
    concurrent: tuple[str, ...]
    refers_uri: str = ""
    refers_date: str = ""
    refers_id: str = ""
    digest: str = ""
    status: int = 0  # a response record's HTTP status
    html: bool = False  # ... and whether it is an HTML page


@dataclass
class ArchiveIndex:
    """Where each URL's responses are in one WARC file, in capture order."""

    path: Path
    captured_at: str | None = None  # the first record's date, YYYY-MM-DDTHH:MM:SSZ
    tool: str | None = None  # the writer's software as named in its warcinfo record
    by_url: dict[str, list[int]] = field(default_factory=dict)
    by_canonical: dict[str, list[int]] = field(default_factory=dict)
    by_page: dict[str, list[int]] = field(default_factory=dict)  # spelling.page_key -> non-redirects
    pages: dict[int, str] = field(default_factory=dict)  # offset of each 200 HTML response -> its URL
    records: int = 0
    rendered: dict[str, tuple[int, Recorded]] = field(default_factory=dict)  # URL -> its rendered DOM

    def rendered_copy(self, url: str) -> tuple[bytes, Recorded] | None:
        """The rendered DOM stored for ``url`` (a conversion record) and what rendering recorded."""
        url = url.split("#", 1)[0]
        found = self.rendered.get(url) or self.rendered.get(_canonical(url))
        if found is None:
            return None
        offset, recorded = found
        with self.path.open("rb") as fh:
            fh.seek(offset)
            return next(iter(ArchiveIterator(fh))).content_stream().read(), recorded

    def lookup(self, url: str) -> list[int]:
        """Offsets of the responses for ``url``: its exact spelling, its canonical form, then any
        spelling of the same page (redirects left out of that last one: an archived http -> https
        redirect must not answer the https spelling with itself)."""
        url = url.split("#", 1)[0]
        return (self.by_url.get(url) or self.by_canonical.get(_canonical(url))
                or self.by_page.get(page_key(url)) or [])

    def response_at(self, offset: int) -> ArchivedResponse:
        """Read the response record at ``offset`` and undo its transfer and content encodings."""
        with self.path.open("rb") as fh:
            fh.seek(offset)
            record = next(iter(ArchiveIterator(fh)))
            http = record.http_headers
            if http is None:
                raise ArchiveError(f"archive {self.path}: record at offset {offset} has no HTTP response")
            raw = record.raw_stream.read()
            status = int(http.get_statuscode() or 200)
            headers, body = decode_payload([(str(k), str(v)) for k, v in http.headers], raw)
        return ArchivedResponse(status, headers, body)


def load_index(path: Path) -> ArchiveIndex:
    """The index of ``path``; raises ArchiveError naming the problem (missing, empty, truncated...)."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise ArchiveError(f"cannot read archive {path}: {exc.strerror or exc}") from exc
    if path.is_dir():
        raise ArchiveError(f"cannot read archive {path}: it is a folder")
    if stat.st_size == 0:
        raise ArchiveError(f"archive {path} is empty")
    return _cached(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _cached(path: Path, mtime_ns: int, size: int) -> ArchiveIndex:
    """The CLI validates and the crawl then replays: one read of the file serves both."""
    try:
        with path.open("rb") as fh:
            if fh.read(2) == _GZIP_MAGIC:
                _check_gzip_members(fh, path)
            fh.seek(0)
            with contextlib.redirect_stderr(io.StringIO()) as noise:  # warcio prints its warnings
                index = _build(fh, path)
    except OSError as exc:
        raise ArchiveError(f"cannot read archive {path}: {exc.strerror or exc}") from exc
    if noise.getvalue().strip():
        log.warning("archive %s: %s", path, " ".join(noise.getvalue().split())[:300])
    return index


def _check_gzip_members(fh: BinaryIO, path: Path) -> None:
    """Every gzip member must end: warcio reads a member cut short without complaint."""
    fh.seek(0)
    inflater, fed = zlib.decompressobj(16 + zlib.MAX_WBITS), False
    try:
        while chunk := fh.read(_BLOCK):
            while chunk:
                inflater.decompress(chunk)
                fed = True
                if not inflater.eof:
                    break
                chunk = inflater.unused_data
                inflater, fed = zlib.decompressobj(16 + zlib.MAX_WBITS), False
    except zlib.error as exc:
        raise ArchiveError(f"archive {path} is damaged: {exc}") from exc
    if fed and not inflater.eof:
        raise ArchiveError(f"archive {path} is truncated: its last gzip member is cut short")


def _build(fh: BinaryIO, path: Path) -> ArchiveIndex:
    index = ArchiveIndex(path=path)
    found: list[_Record] = []
    not_get: set[str] = set()  # ids of non-GET requests and of what they were concurrent to
    conversions: dict[str, tuple[str, int]] = {}  # record id -> (URI, offset) of rendered DOMs
    recorded: dict[str, Recorded] = {}  # conversion record id -> its metadata record's requests
    try:
        iterator = ArchiveIterator(fh, no_record_parse=True)
        for record in iterator:
            if not str(record.format).startswith("warc"):
                raise ArchiveError(f"{path} is not a WARC archive")
            block, head = _read_block(record)
            if record.length is not None and block != int(record.length):
                raise ArchiveError(f"archive {path} is truncated: a {record.rec_type} record is cut short")
            headers = record.rec_headers
            offset = iterator.get_record_offset()
            index.records += 1
            date = iso_second(headers.get_header("WARC-Date") or "")
            index.captured_at = index.captured_at or date or None
            if record.rec_type == "warcinfo" and index.tool is None:
                index.tool = _software(head)
            elif record.rec_type == "request" and not head.upper().startswith((b"GET ", b"HEAD ")):
                not_get.update(_ids(headers.get_header("WARC-Record-ID")))
                not_get.update(_ids(headers.get_header("WARC-Concurrent-To")))
            elif record.rec_type == "conversion":
                conversions[headers.get_header("WARC-Record-ID") or ""] = (_uri(headers.get_header("WARC-Target-URI")), offset)
            elif record.rec_type == "metadata" and headers.get_header("WARC-Refers-To"):
                recorded[headers.get_header("WARC-Refers-To").strip()] = Recorded.from_fields(parse_fields(head))
            elif record.rec_type in ("response", "revisit"):
                status, html = _http_kind(head) if record.rec_type == "response" else (0, False)
                found.append(_Record(
                    kind=record.rec_type, uri=_uri(headers.get_header("WARC-Target-URI")), date=date,
                    offset=offset, record_id=headers.get_header("WARC-Record-ID") or "",
                    concurrent=_ids(headers.get_header("WARC-Concurrent-To")),
                    refers_uri=_uri(headers.get_header("WARC-Refers-To-Target-URI")),
                    refers_date=iso_second(headers.get_header("WARC-Refers-To-Date") or ""),
                    refers_id=(headers.get_header("WARC-Refers-To") or "").strip(),
                    digest=headers.get_header("WARC-Payload-Digest") or "", status=status, html=html,
                ))
    except ArchiveLoadFailed as exc:
        raise ArchiveError(f"{path} is not a readable WARC archive: {_brief(exc)}") from exc
    except (EOFError, zlib.error, ValueError) as exc:
        if isinstance(exc, ArchiveError):
            raise
        raise ArchiveError(f"archive {path} is truncated or damaged: {exc}") from exc
    if index.records == 0:
        raise ArchiveError(f"archive {path} holds no WARC records")
    _fill(index, [r for r in found if r.record_id not in not_get and not set(r.concurrent) & not_get])
    for record_id, (uri, offset) in conversions.items():
        if uri:
            index.rendered[uri] = index.rendered[_canonical(uri)] = (offset, recorded.get(record_id, Recorded()))
    if not index.by_url:
        raise ArchiveError(f"archive {path} holds no HTTP responses to replay")
    return index


def _fill(index: ArchiveIndex, records: list[_Record]) -> None:
    """URL -> offsets of its responses; a revisit points at the response it repeats."""
    responses = [r for r in records if r.kind == "response"]
    originals = {r.record_id: r for r in responses if r.record_id}
    by_uri_date = {(r.uri, r.date): r.offset for r in reversed(responses)}  # the first one wins
    by_uri = {r.uri: r.offset for r in reversed(responses)}
    by_digest = {r.digest: r.offset for r in reversed(responses) if r.digest}
    redirects = {r.offset for r in responses if 300 <= r.status < 400}
    index.pages = {r.offset: r.uri for r in responses if r.status == 200 and r.html and r.uri}
    for r in records:
        offset: int | None = r.offset
        if r.kind == "revisit":
            offset = _original(r, originals, by_uri_date, by_uri, by_digest)
        if offset is None or not r.uri:
            continue  # a revisit of something this file does not hold
        index.by_url.setdefault(r.uri, []).append(offset)
        index.by_canonical.setdefault(_canonical(r.uri), []).append(offset)
        if offset not in redirects:
            index.by_page.setdefault(page_key(r.uri), []).append(offset)


def _original(r: _Record, originals: dict[str, _Record], by_uri_date: dict[tuple[str, str], int],
              by_uri: dict[str, int], by_digest: dict[str, int]) -> int | None:
    """The response a revisit repeats: by record id, by URI and date, by payload digest, by URI."""
    if r.refers_id in originals:
        return originals[r.refers_id].offset
    refers_uri = r.refers_uri or r.uri
    if r.refers_date and (refers_uri, r.refers_date) in by_uri_date:
        return by_uri_date[(refers_uri, r.refers_date)]
    if r.digest and r.digest in by_digest:
        return by_digest[r.digest]
    return by_uri.get(refers_uri)


def _read_block(record: Any) -> tuple[int, bytes]:
    """(bytes in the record block, its first 64 KiB): reading to the end is what finds truncation."""
    head = record.raw_stream.read(_BLOCK)
    size = len(head)
    while chunk := record.raw_stream.read(_BLOCK):
        size += len(chunk)
    return size, head


def _http_kind(head: bytes) -> tuple[int, bool]:
    """(HTTP status, is an HTML page) from the start of a response block; (0, False) if unreadable."""
    stream = io.BytesIO(head)
    try:
        http = _HTTP.parse(stream)
        status = int(http.get_statuscode() or 0)
    except (ValueError, EOFError, StatusAndHeadersParserException):
        return 0, False
    ctype = (http.get_header("Content-Type") or "").lower()
    if ctype:
        return status, "html" in ctype  # text/html, application/xhtml+xml
    start = stream.read(1024).lstrip().lower()  # no type given: what a browser would sniff
    return status, start.startswith((b"<!doctype html", b"<html"))


def _software(head: bytes) -> str | None:
    """The ``software:`` field of a warcinfo block (application/warc-fields)."""
    for line in head.decode("utf-8", "replace").splitlines():
        name, _, value = line.partition(":")
        if name.strip().lower() == "software" and value.strip():
            return value.strip()
    return None


def _uri(value: str | None) -> str:
    """WARC 1.0 examples wrap URIs in <...>; some writers copied that."""
    return (value or "").strip().strip("<>").split("#", 1)[0]


def _ids(value: str | None) -> tuple[str, ...]:
    return tuple(v for v in (value or "").split() if v)


def iso_second(value: str) -> str:
    """A WARC-Date at second precision, as touchaudit shows dates: YYYY-MM-DDTHH:MM:SSZ."""
    match = _DATE.match(value.strip())
    return match.group(1) + "Z" if match else ""


def _canonical(url: str) -> str:
    try:
        return canonicalize_url(url)
    except ValueError:
        return url


def _brief(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text[:160] or type(exc).__name__
