"""A downloaded page's bytes -> its PageRecord (or why it cannot be read), anywhere.

The crawl hands each page over as a picklable `PageJob`, so the same reading runs inline (one
audit) or in a worker process (a portfolio: the reactor thread only downloads and ranks links
while the other cores parse and build records; perf-notes: CPU in callbacks stalls every download).
The tree is the one Scrapy's own selector would build from the same response, so both ways give
identical records.
"""
from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from scrapy.http import HtmlResponse

from touchaudit.model import FailedPage, PageRecord
from touchaudit.pages import decode, shell
from touchaudit.pages.builder import build_page

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


def read_page(job: PageJob) -> PageRecord | FailedPage:
    """The page's record, or a `needs_rendering` failure for an empty JavaScript shell."""
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
    if shell.needs_rendering(record, len(root.xpath("//script")) if root is not None else 0):
        return FailedPage(job.final_url, "needs_rendering", ("the home page is " if job.is_home else "") + shell.DETAIL)
    return record


class PageReader:
    """Reads pages in the calling thread."""

    async def read(self, job: PageJob) -> PageRecord | FailedPage:
        return read_page(job)


class PooledReader(PageReader):
    """Reads pages in a process pool; if the pool breaks (a worker killed), reads inline instead."""

    def __init__(self, pool: Executor) -> None:
        self.pool = pool
        self.broken = False

    async def read(self, job: PageJob) -> PageRecord | FailedPage:
        if not self.broken:
            try:
                return await asyncio.wrap_future(self.pool.submit(read_page, job))
            except (BrokenProcessPool, RuntimeError) as exc:  # RuntimeError: submit after shutdown
                log.warning("page workers unavailable (%s); reading pages in the crawl thread", exc)
                self.broken = True
        return read_page(job)
