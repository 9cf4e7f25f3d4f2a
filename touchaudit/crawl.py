"""The only place that turns AuditOptions into Scrapy settings and runs a crawl in-process."""
from __future__ import annotations

from typing import Any, Callable

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from touchaudit import signals as ta_signals
from touchaudit.config import AuditOptions
from touchaudit.model import FailedPage, PageRecord, SiteSnapshot
from touchaudit.spiders.shop import ShopSpider

ProgressHook = Callable[[str, Any], None]  # ("page" | "failure", record)


def scrapy_settings(opts: AuditOptions, extra: dict[str, Any] | None = None) -> Settings:
    settings = Settings()
    settings.setmodule("touchaudit.settings", priority="project")
    settings.update(
        {
            "TOUCHAUDIT_PAGE_BUDGET": opts.budget,
            "TOUCHAUDIT_PARALLEL": opts.parallel,
            "TOUCHAUDIT_COUNTRY": opts.country,
            "ROBOTSTXT_OBEY": not opts.ignore_robots,
            "DOWNLOAD_TIMEOUT": opts.timeout,
            "CLOSESPIDER_TIMEOUT": opts.site_timeout,
            "DOWNLOAD_MAXSIZE": opts.max_page_bytes,
            "USER_AGENT": opts.user_agent,
            "CONCURRENT_REQUESTS_PER_DOMAIN": opts.parallel,
            "TOUCHAUDIT_ARCHIVE": opts.archive,
            "TOUCHAUDIT_REPLAY": opts.replay,
            "LOG_LEVEL": "WARNING",
            "EXTENSIONS": {"touchaudit.spiders.pipelines.ReportOnClose": None},
            **(extra or {}),
        },
        priority="cmdline",
    )
    return settings


def crawl_site(opts: AuditOptions, progress: ProgressHook | None = None) -> SiteSnapshot:
    """Crawl one shop and return its snapshot (runs and stops the Twisted reactor)."""
    process = CrawlerProcess(scrapy_settings(opts, {"LOG_INSTALL_ROOT_HANDLER": False}))
    crawler = process.create_crawler(ShopSpider)
    box: dict[str, SiteSnapshot] = {}

    def keep(snapshot: SiteSnapshot) -> None:
        box["snapshot"] = snapshot

    def scraped(item: Any, **_: Any) -> None:
        if progress is not None:
            progress("page" if isinstance(item, PageRecord) else "failure" if isinstance(item, FailedPage) else "other", item)

    crawler.signals.connect(keep, signal=ta_signals.snapshot_ready, weak=False)
    crawler.signals.connect(scraped, signal=signals.item_scraped, weak=False)
    process.crawl(crawler, url=opts.url)
    process.start()
    if "snapshot" not in box:
        raise RuntimeError("the crawl ended without a snapshot")
    return box["snapshot"]
