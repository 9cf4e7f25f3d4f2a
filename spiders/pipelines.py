"""Collect the crawl's page records and hand them over, with how the crawl went, when it ends."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from touchaudit import signals as ta_signals
from touchaudit.model import FailedPage, PageRecord
from touchaudit.render.middleware import render_summary
from touchaudit.sites import readable
from touchaudit.snapshot import CrawlOutcome, PackedPage, utc_now

log = logging.getLogger(__name__)


class SnapshotPipeline:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.pages: list[PageRecord | PackedPage] = []
        self.failures: list[FailedPage] = []
        self.started_at = utc_now()
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> "SnapshotPipeline":
        return cls(crawler)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if isinstance(item, (PageRecord, PackedPage)):
            self.pages.append(item)
        elif isinstance(item, FailedPage):
            self.failures.append(item)
        return item

    def spider_closed(self, spider: Any, reason: str) -> None:
        settings = self.crawler.settings
        outcome = CrawlOutcome(
            url=spider.start_url,
            final_url=readable(spider.final_url),
            pages=tuple(self.pages),
            failures=tuple(self.failures),
            home_failure=spider.home_failure,
            platform=spider.platform,
            budget=spider.budget,
            robots_ignored=not settings.getbool("ROBOTSTXT_OBEY"),
            country=settings.get("TOUCHAUDIT_COUNTRY"),
            started_at=self.started_at,
            finished_at=utc_now(),
            close_reason=reason,
            capture=self.crawler.stats.get_value("touchaudit/capture"),
            site_timeout=settings.getfloat("CLOSESPIDER_TIMEOUT") or None,
            render=render_summary(self.crawler),
        )
        self.pages, self.failures = [], []  # the outcome owns them now
        self.crawler.signals.send_catch_log(signal=ta_signals.crawl_finished, outcome=outcome)


class ReportOnClose:
    """For `scrapy crawl shop -s TOUCHAUDIT_JSON=… -s TOUCHAUDIT_HTML=…`: audit and write reports."""

    def __init__(self, json_path: str | None, html_path: str | None, lang: str | None) -> None:
        self.json_path, self.html_path, self.lang = json_path, html_path, lang

    @classmethod
    def from_crawler(cls, crawler: Any) -> "ReportOnClose":
        s = crawler.settings
        if not (s.get("TOUCHAUDIT_JSON") or s.get("TOUCHAUDIT_HTML")):
            raise NotConfigured("no TOUCHAUDIT_JSON or TOUCHAUDIT_HTML")
        ext = cls(s.get("TOUCHAUDIT_JSON"), s.get("TOUCHAUDIT_HTML"), s.get("TOUCHAUDIT_LANG"))
        crawler.signals.connect(ext.write, signal=ta_signals.crawl_finished)
        return ext

    def write(self, outcome: CrawlOutcome) -> None:
        from touchaudit.output import write_outputs
        from touchaudit.runner import audit

        snapshot = outcome.snapshot()
        result = audit(snapshot)
        write_outputs(result, json_path=Path(self.json_path) if self.json_path else None,
                      html_path=Path(self.html_path) if self.html_path else None, lang=self.lang)
        log.info("touchaudit score %s (%s)", result.score, snapshot.status)
