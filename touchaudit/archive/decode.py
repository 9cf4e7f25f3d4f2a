"""Turn an archived HTTP payload back into what Scrapy's own middlewares would have produced.

Archives store what the server sent; other tools (wget, Webrecorder, Common Crawl) keep chunked
transfer encoding and gzip/deflate/brotli content encoding in the payload. Replay undoes both and
drops the matching headers, so the page builder sees the same bytes as in a live crawl. Whatever
cannot be decoded is handed over unchanged, headers included, for Scrapy to try.
"""
from __future__ import annotations

import logging
import zlib
from collections.abc import Callable

log = logging.getLogger(__name__)

Headers = list[tuple[str, str]]


def decode_payload(headers: Headers, body: bytes) -> tuple[Headers, bytes]:
    """(headers, body) with Transfer-Encoding and Content-Encoding undone where possible."""
    changed = False
    if "chunked" in _header(headers, "transfer-encoding").lower():
        body, dechunked = dechunk(body)
        headers = _without(headers, "transfer-encoding")
        changed = changed or dechunked
    codings = [c.strip().lower() for c in _header(headers, "content-encoding").split(",") if c.strip()]
    if codings:
        decoded = body
        try:
            for coding in reversed(codings):  # applied in the listed order, undone backwards
                decoded = _DECODERS[coding](decoded)
        except (KeyError, OSError, ValueError, zlib.error) as exc:
            log.debug("cannot undo Content-Encoding %s (%s); Scrapy gets the raw payload", codings, exc)
        else:
            body, headers, changed = decoded, _without(headers, "content-encoding"), True
    if changed and _header(headers, "content-length"):
        headers = _without(headers, "content-length") + [("Content-Length", str(len(body)))]
    return headers, body


def dechunk(data: bytes) -> tuple[bytes, bool]:
    """Undo chunked transfer coding; (data, False) when it is not chunked after all.

    Several writers store the de-chunked body but keep the header, so a payload that does not
    start with a chunk-size line is returned as it is. A truncated last chunk keeps what arrived.
    """
    out: list[bytes] = []
    pos = 0
    while pos < len(data):
        end = data.find(b"\r\n", pos)
        if end < 0:
            break
        size_text = data[pos:end].split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            if not out:
                return data, False
            break
        if size == 0:
            break
        out.append(data[end + 2:end + 2 + size])
        pos = end + 2 + size + 2
    if not out and not data.startswith(b"0"):
        return data, False
    return b"".join(out), True


def _gunzip(data: bytes) -> bytes:
    """Every gzip member, tolerating a cut-off end (a browser shows what arrived, so do we)."""
    out: list[bytes] = []
    while data:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out.append(inflater.decompress(data))
        if not inflater.eof:
            break
        data = inflater.unused_data.lstrip(b"\x00")
    return b"".join(out)


def _inflate(data: bytes) -> bytes:
    """HTTP "deflate" is zlib-wrapped by the standard and raw deflate by some servers."""
    try:
        return zlib.decompressobj().decompress(data)
    except zlib.error:
        return zlib.decompressobj(-zlib.MAX_WBITS).decompress(data)


def _unbrotli(data: bytes) -> bytes:
    try:
        import brotli  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError as exc:
        raise ValueError("brotli is not installed") from exc
    result: bytes = brotli.decompress(data)
    return result


_DECODERS: dict[str, Callable[[bytes], bytes]] = {
    "gzip": _gunzip, "x-gzip": _gunzip, "deflate": _inflate, "br": _unbrotli,
    "identity": lambda data: data,
}


def _header(headers: Headers, name: str) -> str:
    return ", ".join(value for key, value in headers if key.lower() == name)


def _without(headers: Headers, name: str) -> Headers:
    return [(key, value) for key, value in headers if key.lower() != name]
