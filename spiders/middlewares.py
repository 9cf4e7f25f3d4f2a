"""Downloader middlewares that keep a hostile site from wasting the crawl (registered in touchaudit.settings).

(Redirects to another site, redirect loops and forbidden addresses: touchaudit.spiders.guard.)
- SiteDeadline: no request outlives the site time budget (CLOSESPIDER_TIMEOUT). Scrapy closes a
  spider by waiting for the downloads in flight (and robots.txt, and their retries), so a silent
  server could keep a 2 s budget busy for a minute; each request's timeout is cut to the time
  left, and none starts after it.
- RetryAfter: a 429 or 503 with a short Retry-After is asked again once, after waiting; a wait
  longer than TOUCHAUDIT_RETRY_AFTER_MAX or than the site's time budget left ends the page with
  the server's own number in the reason.
- OversizeMarker: notes on the request when its body outgrew DOWNLOAD_MAXSIZE, because Scrapy
  reports an aborted chunked download only as a bare cancellation (touchaudit.failures reads it).
- QuietRobotsErrors: Scrapy logs a robots.txt that cannot be fetched as an ERROR with a full
  traceback; on an unreachable site that reads like a crash, and the home page's own failure is
  in the report already. It becomes one INFO line (shown with -v).
"""
from __future__ import annotations

import logging
import time
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

from touchaudit.failures import DEADLINE_META, OVERSIZE_META, GiveUpError

class _Clock:
    """Seconds left of the site time budget, counted from spider_opened as CLOSESPIDER_TIMEOUT is."""

    def __init__(self, crawler: Any) -> None:
        self.budget = crawler.settings.getfloat("CLOSESPIDER_TIMEOUT", 0.0)
        self.started = time.monotonic()
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    def spider_opened(self, spider: Any) -> None:
        self.started = time.monotonic()

    def left(self) -> float:
        return self.budget - (time.monotonic() - self.started) if self.budget else float("inf")


class SiteDeadline:
    """After DownloadTimeoutMiddleware (350): shortens download_timeout to the budget left."""

    def __init__(self, crawler: Any) -> None:
        self.clock = _Clock(crawler)
        self.timeout = crawler.settings.getfloat("DOWNLOAD_TIMEOUT", 180.0)

    @classmethod
    def from_crawler(cls, crawler: Any) -> SiteDeadline:
        if not crawler.settings.getfloat("CLOSESPIDER_TIMEOUT", 0.0):
            raise NotConfigured
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        left = self.clock.left()
        if left <= 0.05:
            raise GiveUpError("site_timeout", "not fetched: the site time budget ran out")
        if left < request.meta.get("download_timeout", self.timeout):
            request.meta["download_timeout"] = left
            request.meta[DEADLINE_META] = True


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class RetryAfter:
    """Before RetryMiddleware (560 > 550 in process_response order): honours Retry-After once."""

    def __init__(self, crawler: Any) -> None:
        self.max_wait = crawler.settings.getfloat("TOUCHAUDIT_RETRY_AFTER_MAX", 10.0)
        self.clock = _Clock(crawler)

    @classmethod
    def from_crawler(cls, crawler: Any) -> RetryAfter:
        return cls(crawler)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in (429, 503) or request.meta.get("dont_retry"):
            return response
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is None:
            return response  # no Retry-After: RetryMiddleware's one quick retry
        kind, what = f"http_{response.status}", "rate limited" if response.status == 429 else "unavailable"
        waited = request.meta.get("ta_waited")
        if waited is not None:
            raise GiveUpError(kind, f"HTTP {response.status}: {what} again after waiting {waited:g} s as asked")
        allowed = min(self.max_wait, self.clock.left() - 1.0)
        if wait > allowed:
            raise GiveUpError(kind, f"HTTP {response.status}: {what}; the server asks to wait {wait:g} s, more than "
                                    f"this audit waits ({max(0.0, allowed):g} s)")
        if wait > 0:
            from twisted.internet import (
                reactor,  # the one Scrapy installed; importing it earlier would install another
            )

            await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        again = request.replace(dont_filter=True)
        again.meta["ta_waited"] = wait
        return again


class OversizeMarker:
    """Counts each download's bytes (bytes_received) and marks the request once over DOWNLOAD_MAXSIZE."""

    def __init__(self, crawler: Any, maxsize: int) -> None:
        self.maxsize = maxsize
        crawler.signals.connect(self.bytes_received, signal=signals.bytes_received)

    @classmethod
    def from_crawler(cls, crawler: Any) -> OversizeMarker:
        maxsize = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        if not maxsize:
            raise NotConfigured
        return cls(crawler, maxsize)

    def process_request(self, request: Request) -> None:
        request.meta["ta_bytes"] = 0  # a retry or a redirect starts counting again
        request.meta.pop(OVERSIZE_META, None)

    def bytes_received(self, data: bytes, request: Request, **_: Any) -> None:
        got = request.meta.get("ta_bytes", 0) + len(data)
        request.meta["ta_bytes"] = got
        if got > self.maxsize:
            request.meta[OVERSIZE_META] = self.maxsize


class _OneInfoLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info, record.exc_text = None, None
        if record.levelno > logging.INFO:
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


class QuietRobotsErrors:
    """Not a middleware at all: installs the log filter once, then switches itself off."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> QuietRobotsErrors:
        robots_log = logging.getLogger("scrapy.downloadermiddlewares.robotstxt")
        if not any(isinstance(f, _OneInfoLine) for f in robots_log.filters):
            robots_log.addFilter(_OneInfoLine())
        raise NotConfigured
