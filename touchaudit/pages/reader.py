"""A downloaded page's bytes -> its PageRecord (or why it cannot be read), anywhere.

The crawl hands each page over as a picklable `PageJob`, so the same reading runs inline (one
audit) or in a worker process (a portfolio: the reactor thread only downloads and ranks links
while the other cores parse and build records; perf-notes: CPU in callbacks stalls every download).
The tree is the one Scrapy's own selector would build from the same response, so both ways give
identical records.
"""
from __future__ import annotations

import logging
import pickle
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scrapy.http import HtmlResponse

from touchaudit.model import FailedPage, PageRecord
from touchaudit.pages import decode, shell
from touchaudit.pages.builder import build_page
from touchaudit.render.decision import render_reason, scripts_in
from touchaudit.render.requests import Recorded, with_recorded
from touchaudit.snapshot import PackedPage

if TYPE_CHECKING:
    from touchaudit.portfolio.pool import RenewingPool

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageJob:
    url: str  # as requested
    final_url: str  # after redirects
    status: int
    body: bytes
    encoding: str  # what Scrapy decoded the body with (headers, <meta>, or its guess)
    content_language: str | None
    depth: int
    is_home: bool
    platform: str | None
    render: str = "never"  # "auto" / "always": say whether this raw page needs a browser
    recorded: Recorded | None = None  # set for a rendered DOM: the requests made while rendering


def read_page(job: PageJob) -> PageRecord | FailedPage:
    """The page's record, or a `needs_rendering` failure for an empty JavaScript shell."""
    return _read(job)[0]


def _read(job: PageJob) -> tuple[PageRecord | FailedPage, str | None]:
    """The page's record (or failure), and why it needs a browser when the job asks."""
    response = decode.repaired(HtmlResponse(job.final_url, status=job.status, body=job.body, encoding=job.encoding))
    root = response.selector.root
    record = build_page(
        url=job.url,
        final_url=job.final_url,
        status=job.status,
        root=root,
        body=job.body,
        content_language=job.content_language,
        depth=job.depth,
        is_home=job.is_home,
        platform=job.platform,
        html=response.text,
    )
    scripts = scripts_in(root)  # scripts that run: a page with only JSON-LD is no application shell
    if job.recorded is not None:
        record = with_recorded(record, job.recorded)
    reason = None
    if job.recorded is None and job.render != "never":
        reason = "always" if job.render == "always" else render_reason(record, root, scripts)
    if shell.needs_rendering(record, scripts):
        detail = shell.DETAIL_RENDERED if job.recorded is not None else shell.DETAIL
        return FailedPage(job.final_url, "needs_rendering", ("the home page is " if job.is_home else "") + detail), reason
    return record, reason


LinkTriple = tuple[str, str, str]  # (url, text, zone): all the crawl needs of a page's links


@dataclass(frozen=True)
class PageRead:
    item: PageRecord | PackedPage | FailedPage  # what the crawl yields for the page
    links: tuple[LinkTriple, ...] = ()  # to follow
    render: str | None = None  # why the page needs a browser (touchaudit.render.decision)


def link_triples(record: PageRecord) -> tuple[LinkTriple, ...]:
    return tuple((link.url, link.text, link.zone.value) for link in record.links)


def read_for_crawl(job: PageJob, packed: bool = False) -> PageRead:
    """What the crawl yields for a page and the links it follows. `packed` (in a worker): the
    record goes back pickled, so the crawl process never unpacks it, and its links as plain
    tuples, which cost the crawl process next to nothing to receive."""
    read, reason = _read(job)
    if isinstance(read, FailedPage):
        return PageRead(read, render=reason)
    item = PackedPage(read.url, read.final_url, pickle.dumps(read, protocol=pickle.HIGHEST_PROTOCOL)) if packed else read
    return PageRead(item, link_triples(read), reason)


class PageReader:
    """Reads pages in the calling thread."""

    remote = False  # True when reading takes a while off-thread (the crawl keeps downloading meanwhile)

    async def read(self, job: PageJob) -> PageRead:
        return read_for_crawl(job)


class PooledReader(PageReader):
    """Reads pages in worker processes, except the home page, whose links the whole crawl waits for.
    A killed worker's pool is replaced (RenewingPool); a page whose read breaks it twice is a failed
    page (never read in the crawl process, which it could take down); one read after the pool shut
    down is read inline."""

    remote = True

    def __init__(self, pool: RenewingPool) -> None:
        self.pool = pool

    async def read(self, job: PageJob) -> PageRead:
        if not job.is_home:  # the home page is read at once: the crawl waits for its links
            try:
                return await self.pool.run(read_for_crawl, job, True)
            except BrokenProcessPool:  # the page killed a fresh pool too: reading it here could kill the crawl
                log.warning("reading %s killed the page workers twice; the page is not read", job.url)
                return PageRead(FailedPage(job.final_url, "read_crashed", CRASHED))
            except RuntimeError as exc:  # only a pool already shut down; a page's own error is no reason
                if not _after_shutdown(exc):
                    raise
                log.warning("page workers stopped; reading %s in the crawl thread", job.url)
        return await super().read(job)


CRASHED = "reading this page ended the process reading it (twice): it was left out"


def _after_shutdown(exc: RuntimeError) -> bool:
    """concurrent.futures' "cannot schedule new futures after shutdown"."""
    return "shutdown" in str(exc)
