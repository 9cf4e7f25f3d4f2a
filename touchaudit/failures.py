"""Why a request failed, as a short machine kind plus a sentence a person understands."""
from __future__ import annotations

from typing import Any

from scrapy.exceptions import IgnoreRequest

# Kinds that are notes about the crawl, not failures of the shop's pages.
NOTE_KINDS = frozenset({"robots", "non_html", "offsite_redirect", "site_timeout", "blocked_address"})
# Kinds that mean the server could not be talked to at all.
UNREACHABLE_KINDS = frozenset({"dns", "refused", "timeout", "tls", "connection"})
BLOCKED_STATUSES = frozenset({401, 403, 429, 451})
TOO_LARGE = "the response is larger than the maximum page size"
HEADERS_TOO_LARGE = "the response headers are too large (over 500 lines or 256 KB)"  # touchaudit.spiders.handler
OVERSIZE_META = "ta_oversize"  # set on a request whose body outgrew DOWNLOAD_MAXSIZE (spiders.middlewares)
DEADLINE_META = "ta_deadline"  # set on a request whose timeout was cut to the site time budget left


class GiveUpError(IgnoreRequest):
    """A request the crawl gives up on deliberately, already classified (kind, detail)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind, self.detail = kind, detail


def classify(failure: Any) -> tuple[str, str]:
    """(kind, detail) for a Twisted Failure from a Scrapy errback."""
    exc = failure.value
    if isinstance(exc, GiveUpError):
        return exc.kind, exc.detail
    name = type(exc).__name__
    text = str(exc) or name
    response = getattr(exc, "response", None)
    if response is not None and name == "HttpError":
        return f"http_{response.status}", f"HTTP {response.status}"
    if name == "NotInArchiveError":  # replay (touchaudit.archive.replay): the archive lacks the URL
        return "not_in_archive", "not in archive"
    inner = " ".join(f"{type(r.value).__name__}: {r.value}" for r in getattr(exc, "reasons", []) or [])
    blob = f"{name} {text} {inner}".lower()
    request = getattr(failure, "request", None)
    oversize = getattr(request, "meta", {}).get(OVERSIZE_META)
    if "headerstoolargeerror" in blob:  # touchaudit.spiders.handler: endless response headers
        return "too_large", HEADERS_TOO_LARGE
    if "responsedataloss" in blob:
        return "truncated", "the page arrived incomplete: the server closed the connection before sending all of it"
    # Before IgnoreRequest: a gzip bomb is an IgnoreRequest from the decompression middleware.
    if oversize or "maxsize" in blob or "max size" in blob:
        return "too_large", TOO_LARGE + (f" (over {oversize // (1024 * 1024)} MB)" if oversize else "")
    if name == "IgnoreRequest" or "ignorerequest" in blob:
        if "robots.txt" in blob:
            return "robots", "disallowed by robots.txt (--ignore-robots audits it anyway)"
        if "redirect" in blob:
            return "redirect_loop", "redirects in a loop (too many redirects)"
        return "ignored", text[:300]
    if "dnslookup" in blob or "dns lookup failed" in blob:
        return "dns", "the domain name does not resolve"
    if "connectionrefused" in blob:
        return "refused", "the server refused the connection"
    if "timeout" in blob or "timed out" in blob:
        if getattr(request, "meta", {}).get(DEADLINE_META):
            return "site_timeout", "not finished: the site time budget ran out"
        return "timeout", "the server did not answer in time"
    if "ssl" in blob or "tls" in blob or "certificate" in blob:
        return "tls", "the secure connection (TLS) failed"
    if "connection" in blob or "responsenever" in blob or "responsefailed" in blob:
        return "connection", text[:300]
    return "error", (f"{name}: {text}" if text != name else f"the download failed ({name})")[:300]
