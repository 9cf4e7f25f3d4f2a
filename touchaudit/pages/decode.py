"""Which encoding a page's bytes are really in when the server says otherwise, and bytes that are no text.

Scrapy (w3lib) decodes by the Content-Type charset first, then the page's <meta>, then a guess.
Shops get the header wrong both ways: windows-1252 pages announced as UTF-8 ("Tel\ufffdfono") and
UTF-8 pages announced as ISO-8859-1 ("TelÃ©fono"). Two facts settle it cheaply:

- non-ASCII text that is valid UTF-8 is UTF-8 (Western single-byte text almost never is), so a
  single-byte header on such a page is wrong;
- a page announced as UTF-8 whose non-ASCII bytes are mostly invalid UTF-8 is single-byte: the
  page's own <meta> charset when it names one that decodes, else windows-1252 (a superset of
  ISO-8859-1, and what Spanish, Portuguese and English pages in the wild use).

Statistical detectors are not used for the fallback: on short Spanish text UnicodeDammit and
charset-normalizer both answer windows-1250 ("Espańa"); the two rules above are exact for the
languages touchaudit reads.
"""
from __future__ import annotations

import codecs
import logging

from scrapy.http import TextResponse
from w3lib.encoding import html_body_declared_encoding

log = logging.getLogger(__name__)
_HIGH = bytes(range(0x80, 0x100))
_CONTROL = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20)])
SAMPLE = 2 * 1024 * 1024
FALLBACK = "cp1252"
_SINGLE_BYTE = frozenset({"cp1252", "iso8859_1", "iso8859_15", "iso8859_2", "cp1250", "ascii", "mac_roman"})


def codec_name(encoding: str | None) -> str | None:
    try:
        return codecs.lookup(encoding).name.replace("-", "_") if encoding else None
    except LookupError:
        return None


def _utf8_stats(body: bytes) -> tuple[int, int]:
    """(valid non-ASCII characters, invalid bytes) if `body` is read as UTF-8."""
    high = len(body) - len(body.translate(None, _HIGH))
    if not high:
        return 0, 0
    text = body.decode("utf-8", "ignore")
    ascii_bytes = len(body) - high
    valid_chars = len(text) - ascii_bytes
    valid_bytes = len(text.encode("utf-8")) - ascii_bytes
    return valid_chars, high - valid_bytes


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def true_encoding(body: bytes, current: str, declared_in_page: str | None = None) -> str | None:
    """A better encoding than `current` for `body`, or None when `current` is right (or no better is known)."""
    if body.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None  # a byte-order mark outranks every declaration, in w3lib too
    name = codec_name(current)
    sample = body[:SAMPLE]
    valid, invalid = _utf8_stats(sample)
    if name == "utf_8":
        if invalid == 0 or valid >= 10 * invalid:  # a few broken bytes in a UTF-8 page stay UTF-8
            return None
        meta = codec_name(declared_in_page)
        if meta and meta != "utf_8" and _decodes(sample, meta):
            return meta
        return FALLBACK if _decodes(sample, FALLBACK) else "latin_1"
    if name in _SINGLE_BYTE and valid and invalid == 0:
        return "utf-8"
    return None


def repaired(response: TextResponse) -> TextResponse:
    """The response, decoded with the encoding its bytes are really in."""
    declared = html_body_declared_encoding(response.body[:4096])
    better = true_encoding(response.body, response.encoding, declared)
    if better is None or codec_name(better) == codec_name(response.encoding):
        return response
    log.debug("%s: decoded as %s, not %s as announced", response.url, better, response.encoding)
    return response.replace(encoding=better)


def looks_binary(body: bytes, encoding: str | None = None) -> bool:
    """Bytes that are no text at all (an image, an archive, random data) served as text/html."""
    if (codec_name(encoding) or "").startswith(("utf_16", "utf_32")) or body.startswith(
            (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    head = body[:8192]
    controls = len(head) - len(head.translate(None, _CONTROL))  # NUL included; a stray one is not enough
    return controls > len(head) // 20
