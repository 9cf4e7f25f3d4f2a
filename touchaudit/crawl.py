"""The only place that turns AuditOptions into Scrapy settings and runs a crawl in-process."""
from __future__ import annotations

import contextlib
import logging
import threading
from typing import Any, Callable, Iterable

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from touchaudit import signals as ta_signals
from touchaudit.config import AuditOptions
from touchaudit.model import FailedPage, PageRecord, SiteSnapshot
from touchaudit.pages.reader import PageReader
from touchaudit.snapshot import CrawlOutcome, PackedPage
from touchaudit.spiders.shop import ShopSpider

log = logging.getLogger(__name__)
PAGE_ITEMS = (PageRecord, PackedPage)
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
            "TOUCHAUDIT_RENDER": opts.render,
            "TOUCHAUDIT_BROWSER": opts.browser,
            "TOUCHAUDIT_RENDER_BUDGET": opts.render_budget,
            "TOUCHAUDIT_ALLOW_PRIVATE": opts.allow_private,
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

    def keep(outcome: CrawlOutcome) -> None:
        box["snapshot"] = outcome.snapshot()

    def scraped(item: Any, **_: Any) -> None:
        if progress is not None:
            progress("page" if isinstance(item, PAGE_ITEMS) else "failure" if isinstance(item, FailedPage) else "other", item)

    crawler.signals.connect(keep, signal=ta_signals.crawl_finished, weak=False)
    crawler.signals.connect(scraped, signal=signals.item_scraped, weak=False)
    process.crawl(crawler, url=opts.url)
    process.start()
    if "snapshot" not in box:
        raise RuntimeError("the crawl ended without a snapshot")
    return box["snapshot"]


# (key, crawl outcome or None, close reason) -> None, or a Deferred for follow-up work still running
SiteDone = Callable[[Any, "CrawlOutcome | None", str], Any]
# What a live feed's iterator yields when it has no site to start now (touchaudit.fleet.engine): the
# crawl keeps running; the feed calls the `wake` it was bound to when a site arrives.
LATER = object()


def crawl_many(
    jobs: Iterable[tuple[Any, AuditOptions]],
    concurrency: int,
    on_done: SiteDone,
    progress: ProgressHook | None = None,
    reader: PageReader | None = None,
    halted: Callable[[], bool] = lambda: False,
) -> bool:
    """Crawl many shops in one reactor, `concurrency` at a time, each politely (its own settings).

    `on_done` receives each site's CrawlOutcome as soon as that site ends, so the caller can audit,
    store and drop it: memory grows with concurrency, not with the number of sites. Returns True
    only when every job ran to its end: False when the run was interrupted (Ctrl-C / SIGTERM:
    Scrapy closes the open crawls with reason "shutdown", and a second signal stops the reactor at
    once), or when `halted()` said to start no more sites (a store that cannot be written). Sites
    cut short reach `on_done` with outcome None and must not be taken as done.

    `jobs` may be a live feed (a fleet worker's): one with a `bind(wake, stop)` method, called once
    the reactor runs with two thread-safe callables (start waiting jobs; close every open crawl as
    a Ctrl-C would), whose iterator yields LATER while it has nothing to start.
    """
    from scrapy.crawler import Crawler

    from scrapy.utils.reactor import install_reactor

    queue = iter(jobs)
    # The runner's settings are merged into every crawler at their own priority and win ties, so
    # they hold only the project defaults: each site's options (budget, timeouts...) must win.
    base = Settings()
    base.setmodule("touchaudit.settings", priority="project")
    base.set("LOG_INSTALL_ROOT_HANDLER", False, priority="project")
    base.set("LOG_LEVEL", "WARNING", priority="project")
    process = CrawlerProcess(base)
    # Our crawlers are built here, each with its own settings, so the reactor Scrapy wants is
    # installed here too (CrawlerProcess would do it when creating its first crawler).
    install_reactor(base["TWISTED_REACTOR"], base["ASYNCIO_EVENT_LOOP"])
    from twisted.internet import reactor

    # "active": crawls running; "pending": finished crawls whose follow-up work (an audit in a
    # worker) still runs. A site's crawl slot frees when its crawl ends, so the next site starts
    # at once; at most `concurrency` follow-ups wait, so memory still grows with concurrency only.
    state = {"active": 0, "pending": 0, "stopping": False, "finished": False, "exhausted": False}

    def stop_reactor() -> None:
        with contextlib.suppress(RuntimeError):  # ReactorNotRunning: a second Ctrl-C stopped it already
            reactor.stop()

    def stop_when_idle() -> None:
        idle = state["active"] == 0 and state["pending"] == 0
        if idle and not state["finished"] and (state["exhausted"] or state["stopping"] or halted()):
            state["finished"] = True
            reactor.callLater(0, stop_reactor)

    def launch_next() -> None:
        while not state["stopping"] and not halted() and state["active"] < concurrency and state["pending"] < concurrency:
            job = next(queue, None)
            if job is None:
                state["exhausted"] = True
                break
            if job is LATER:
                break
            key, opts = job
            crawler = Crawler(ShopSpider, scrapy_settings(opts))
            box: dict[str, Any] = {}
            crawler.signals.connect(lambda outcome, box=box: box.update(outcome=outcome),
                                    signal=ta_signals.crawl_finished, weak=False)
            crawler.signals.connect(lambda spider, reason, box=box: box.update(reason=reason),
                                    signal=signals.spider_closed, weak=False)
            if progress is not None:
                crawler.signals.connect(
                    lambda item, **_: progress("page" if isinstance(item, PAGE_ITEMS) else "failure", item),
                    signal=signals.item_scraped, weak=False)
            try:
                deferred = process.crawl(crawler, url=opts.url, reader=reader)
            except Exception as exc:  # a site whose crawl cannot even start must not stop the run
                on_done(key, None, f"error: {exc}")
                continue
            state["active"] += 1
            deferred.addBoth(lambda outcome, key=key, box=box: finish(key, box, outcome))
        stop_when_idle()

    def finish(key: Any, box: dict[str, Any], outcome: Any = None) -> None:
        state["active"] -= 1
        if outcome is not None and hasattr(outcome, "getErrorMessage"):
            log.error("crawl of %s failed: %s", getattr(key, "url", key), outcome.getErrorMessage())
            box.setdefault("reason", f"error: {outcome.getErrorMessage()}")
        reason = box.get("reason", "error")
        if reason == "shutdown":
            state["stopping"] = True
        if state["stopping"]:
            on_done(key, None, "shutdown")
            launch_next()
            return
        state["pending"] += 1
        try:
            pending = on_done(key, box.get("outcome"), reason)
        except Exception:
            log.exception("finishing %s failed", getattr(key, "url", key))
            pending = None

        def settled(_: Any = None) -> None:
            state["pending"] -= 1
            launch_next()

        if pending is None:
            settled()
        else:
            pending.addErrback(lambda f: log.error("finishing %s failed: %s", getattr(key, "url", key), f.getErrorMessage()))
            pending.addBoth(settled)
            launch_next()  # the crawl slot is free while the follow-up runs

    bind = getattr(jobs, "bind", None)
    if bind is not None:
        reactor.callWhenRunning(bind, lambda: reactor.callFromThread(launch_next),
                                lambda: reactor.callFromThread(process.stop))
    reactor.callWhenRunning(launch_next)
    # signal handlers only where there are signals: a fleet worker runs its crawls in a thread
    process.start(stop_after_crawl=False, install_signal_handlers=threading.current_thread() is threading.main_thread())
    return bool(state["finished"] and state["exhausted"] and not state["stopping"] and not halted())
