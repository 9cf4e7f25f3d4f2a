"""Scrapy settings: polite defaults for auditing shops (`scrapy crawl shop` reads these too)."""
from __future__ import annotations

from touchaudit.config import USER_AGENT

BOT_NAME = "touchaudit"
SPIDER_MODULES = ["touchaudit.spiders"]
NEWSPIDER_MODULE = "touchaudit.spiders"

USER_AGENT = USER_AGENT
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 10.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_TIMEOUT = 20
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 0
RETRY_TIMES = 1
RETRY_GIVE_UP_LOG_LEVEL = "INFO"  # a page that failed is in the report's errors, with its reason
REDIRECT_MAX_TIMES = 10
CLOSESPIDER_TIMEOUT = 300
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
COOKIES_ENABLED = True
DNS_TIMEOUT = 15
# Special-use names (.invalid, .onion, *.localhost) are answered locally, never sent to DNS; every
# answer is pinned and checked by touchaudit.netguard before a connection is made.
TWISTED_DNS_RESOLVER = "touchaudit.resolver.GuardedResolver"
# Private, loopback and reserved addresses may be audited (command line: local test shops); a hosted
# server sets it false (AuditOptions.allow_private).
TOUCHAUDIT_ALLOW_PRIVATE = True

# touchaudit.spiders.guard: every request and redirect hop stays on the site, out of loops and off
# forbidden addresses (before robots.txt, 100, so another site's robots.txt is not fetched either).
# touchaudit.spiders.middlewares: no download outlives the site time
# budget (after DownloadTimeoutMiddleware, 350); Retry-After honoured once (before
# RetryMiddleware, 550); oversized bodies marked for the failure report.
# WARC evidence (touchaudit.archive): each switches itself off unless its setting names a file.
DOWNLOADER_MIDDLEWARES = {
    "touchaudit.spiders.guard.RequestGuard": 90,
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
    "touchaudit.spiders.cookies.BoundedCookies": 700,  # where Scrapy's sits: a bounded jar, no PSL download
    "touchaudit.spiders.middlewares.SiteDeadline": 360,
    "touchaudit.spiders.middlewares.RetryAfter": 560,
    "touchaudit.spiders.middlewares.OversizeMarker": 940,
    "touchaudit.spiders.middlewares.QuietRobotsErrors": 0,
    "touchaudit.archive.writer.ArchiveWriter": 950,
    "touchaudit.archive.replay.ArchiveReplay": 955,
    "touchaudit.render.middleware.RenderMiddleware": 960,  # off unless a browser may render pages
}

# Scrapy starts this many asyncio tasks for every callback's output (default 100); a page yields one
# record and a few requests, and the pipeline only appends, so 100 tasks per page were pure overhead.
CONCURRENT_ITEMS = 8

# Scrapy parts a shop audit has no use for, each a cost on every site (a portfolio starts hundreds
# of crawlers) or on every page: RemoteControl is an HTTP endpoint that runs Python code sent to it
# (on by default since Scrapy 2.19: never for a tool that reads untrusted sites); memory and
# progress are touchaudit's own business; the spider tracks depth and URL length itself, and the
# meta-copy middleware only warns developers.
REMOTE_CONTROL_ENABLED = False
MEMUSAGE_ENABLED = False
LOGSTATS_INTERVAL = 0
SPIDER_MIDDLEWARES = {
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
}

# Scrapy's HTTP/1.1 handler with response headers bounded (touchaudit.spiders.handler).
DOWNLOAD_HANDLERS = {
    "http": "touchaudit.spiders.handler.BoundedHTTP11DownloadHandler",
    "https": "touchaudit.spiders.handler.BoundedHTTP11DownloadHandler",
}

ITEM_PIPELINES = {"touchaudit.spiders.pipelines.SnapshotPipeline": 100}
EXTENSIONS = {"touchaudit.spiders.pipelines.ReportOnClose": 500}

TOUCHAUDIT_PAGE_BUDGET = 40
TOUCHAUDIT_PARALLEL = 4
TOUCHAUDIT_MAX_PRODUCTS = 4
TOUCHAUDIT_COUNTRY = None
# A 429/503 Retry-After up to this many seconds is waited for once; a longer one ends the page.
TOUCHAUDIT_RETRY_AFTER_MAX = 10.0
# For `scrapy crawl shop`: where ReportOnClose writes the audit (nothing is written when unset).
TOUCHAUDIT_JSON = None
TOUCHAUDIT_HTML = None
TOUCHAUDIT_LANG = None
# Write every request and response to this WARC file / answer every request from this one.
TOUCHAUDIT_ARCHIVE = None
TOUCHAUDIT_REPLAY = None
# Render pages in Chromium: "auto" (only the pages whose raw HTML cannot be judged), "always" or
# "never"; the browser's path (default: chromium on PATH); rendered pages per site at most; renders
# at the same time in one process.
TOUCHAUDIT_RENDER = "auto"
TOUCHAUDIT_BROWSER = None
TOUCHAUDIT_RENDER_BUDGET = 6
TOUCHAUDIT_RENDER_CONCURRENCY = 4
