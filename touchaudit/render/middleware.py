"""Render requests: how the spider asks for a page's rendered DOM, and the middleware that answers.

The spider reads a page's raw HTML first; when it needs a browser (touchaudit.render.decision) it
asks again with a render request carrying the raw response. The request goes through the same
downloader middlewares as any other (the site time budget cuts its timeout, the archive writer
stores what it returns, a replay answers it from the archive), and RenderMiddleware, after all of
them (960), renders it in the process's browser. Like Scrapy's cache middleware it answers in
``process_request``: the page is not downloaded again.
"""
from __future__ import annotations

from typing import Any, Callable

import scrapy
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response

from touchaudit.failures import GiveUpError
from touchaudit.render.plan import plan_for
from touchaudit.render.requests import Recorded

RENDER_META = "ta_render"  # why the page is rendered (set on a render request)
RAW_META = "ta_raw"  # the raw page: (status, content type, body)
RAW_ITEM_META = "ta_raw_item"  # what the raw HTML gave, yielded if rendering fails
RECORDED_META = "ta_recorded"  # set on a rendered response: touchaudit.render.requests.Recorded
RENDERED_FLAG = "rendered"
STATS = "touchaudit/render/"


def render_request(response: Response, reason: str, raw_item: Any, callback: Callable[..., Any],
                   errback: Callable[..., Any]) -> scrapy.Request:
    """Ask for `response`'s page again, rendered; `raw_item` stands in for it if that fails."""
    meta = {key: value for key, value in response.meta.items() if key.startswith("ta_") and key != "ta_bytes"}
    ctype = (response.headers.get(b"Content-Type") or b"text/html").decode("latin-1")
    meta.update({RENDER_META: reason, RAW_META: (response.status, ctype, response.body), RAW_ITEM_META: raw_item,
                 "dont_redirect": True, "dont_retry": True})
    return scrapy.Request(response.url, callback=callback, errback=errback, dont_filter=True,
                          priority=response.request.priority if response.request else 0, meta=meta)


def rendered_response(request: scrapy.Request, html: str, recorded: Recorded, flags: list[str]) -> HtmlResponse:
    """The response a render request gets: the rendered DOM, with what rendering recorded."""
    request.meta[RECORDED_META] = recorded
    status = request.meta.get(RAW_META, (200,))[0]
    return HtmlResponse(request.url, status=status, body=html.encode("utf-8"), encoding="utf-8",
                        headers={"Content-Type": "text/html; charset=utf-8"}, request=request,
                        flags=[*flags, RENDERED_FLAG])


class RenderMiddleware:
    """Downloader middleware (960); off unless pages may be rendered live (a browser was found)."""

    def __init__(self, crawler: Any, browser: str) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.browser = browser
        self.concurrency = settings.getint("TOUCHAUDIT_RENDER_CONCURRENCY", 4)
        self.timeout = settings.getfloat("DOWNLOAD_TIMEOUT", 20.0)
        self.user_agent = str(settings.get("USER_AGENT") or "")
        self.allow_private = settings.getbool("TOUCHAUDIT_ALLOW_PRIVATE", True)
        self.site = object()  # this crawl's key for its browser context
        self.pool: Any = None  # the process's BrowserPool, from this crawl's first render on
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> RenderMiddleware:
        plan = plan_for(crawler.settings)
        if not plan.active or plan.browser is None:  # never, no browser, or a replay (the archive answers)
            raise NotConfigured  # silent: a message would be logged on every crawl
        return cls(crawler, plan.browser)

    async def process_request(self, request: scrapy.Request) -> Response | None:
        if not request.meta.get(RENDER_META):
            return None
        from touchaudit.render.browser import pool_for  # Playwright is imported when first needed
        from touchaudit.render.page import RawDocument

        if self.pool is None:
            self.pool = pool_for(self.browser, self.concurrency)
            self.pool.join(self.site)
        status, ctype, body = request.meta[RAW_META]
        timeout = min(self.timeout, float(request.meta.get("download_timeout") or self.timeout))
        stats = self.crawler.stats
        try:
            rendered = await self.pool.render(self.site, self.user_agent, RawDocument(request.url, status, ctype, body), timeout,
                                              self.allow_private)
        except GiveUpError:
            stats.inc_value(STATS + "failed")
            raise
        finally:
            stats.set_value(STATS + "browser_launches", self.pool.launches.get(self.site, 0))
        stats.inc_value(STATS + "pages")
        return rendered_response(request, rendered.html, rendered.recorded, [])

    async def spider_closed(self, spider: Any) -> None:
        if self.pool is not None:
            await self.pool.leave(self.site)


def render_summary(crawler: Any) -> dict[str, Any]:
    """How the crawl rendered, for the scan: the plan and what happened (touchaudit.snapshot)."""
    stats = crawler.stats
    summary = plan_for(crawler.settings).summary()
    for name in ("pages", "failed", "browser_launches"):
        summary[name] = int(stats.get_value(STATS + name, 0))
    return summary
