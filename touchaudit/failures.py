"""Why a request failed, as a short machine kind plus a sentence a person understands."""
from __future__ import annotations

from typing import Any

# Kinds that are notes about the crawl, not failures of the shop's pages.
NOTE_KINDS = frozenset({"robots", "non_html", "offsite_redirect"})
# Kinds that mean the server could not be talked to at all.
UNREACHABLE_KINDS = frozenset({"dns", "refused", "timeout", "tls", "connection"})
BLOCKED_STATUSES = frozenset({401, 403, 429, 451})


def classify(failure: Any) -> tuple[str, str]:
    """(kind, detail) for a Twisted Failure from a Scrapy errback."""
    exc = failure.value
    name = type(exc).__name__
    text = str(exc) or name
    response = getattr(exc, "response", None)
    if response is not None and name == "HttpError":
        return f"http_{response.status}", f"HTTP {response.status}"
    if name == "NotInArchiveError":  # replay (touchaudit.archive.replay): the archive lacks the URL
        return "not_in_archive", "not in archive"
    inner = " ".join(f"{type(r.value).__name__}: {r.value}" for r in getattr(exc, "reasons", []) or [])
    blob = f"{name} {text} {inner}".lower()
    if name == "IgnoreRequest" or "ignorerequest" in blob:
        if "robots.txt" in blob:
            return "robots", "disallowed by robots.txt"
        if "redirect" in blob:
            return "redirect_loop", "too many redirects"
        return "ignored", text
    if "dnslookup" in blob or "dns lookup failed" in blob:
        return "dns", "the domain name does not resolve"
    if "connectionrefused" in blob:
        return "refused", "the server refused the connection"
    if "maxsize" in blob or "max size" in blob or "download max size" in blob:
        return "too_large", "the response is larger than the maximum page size"
    if "timeout" in blob or "timed out" in blob:
        return "timeout", "the server did not answer in time"
    if "ssl" in blob or "tls" in blob or "certificate" in blob:
        return "tls", "the secure connection (TLS) failed"
    if "connection" in blob or "responsenever" in blob or "responsefailed" in blob:
        return "connection", text[:300]
    return "error", f"{name}: {text}"[:300]
