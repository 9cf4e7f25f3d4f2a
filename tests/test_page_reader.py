"""Reading pages off the crawl thread: a worker's packed record is the record an inline read builds,
a killed worker costs no page (its pool is replaced), and a crawl's outcome survives pickling to
the audit worker."""
from __future__ import annotations

import asyncio
import multiprocessing
import os
import pickle
import signal
from concurrent.futures import ProcessPoolExecutor
from typing import Iterator

import pytest
from conftest import SITES

from touchaudit.model import FailedPage, PageRecord
from touchaudit.pages.reader import PageJob, PageReader, PooledReader, link_triples, read_for_crawl, read_page
from touchaudit.portfolio.pool import RenewingPool
from touchaudit.snapshot import CrawlOutcome, PackedPage

ORIGIN = "http://127.0.0.1:8123"


def job(site: str, path: str, url_path: str, *, home: bool = False, encoding: str = "utf-8") -> PageJob:
    body = (SITES / site / path).read_bytes().replace(b"__ORIGIN__", ORIGIN.encode())
    url = ORIGIN + url_path
    return PageJob(url, url, 200, body, encoding, None, 0 if home else 1, home, None)


JOBS = [
    ("es_shopify", "index.html", "/", True),
    ("es_shopify", "pages/contacto.html", "/pages/contacto", False),
    ("es_woocommerce", "index.html", "/", True),
    ("en_custom", "index.html", "/", True),
]


@pytest.fixture(scope="module")
def pool() -> Iterator[ProcessPoolExecutor]:
    executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    yield executor
    executor.shutdown(wait=True, cancel_futures=True)


@pytest.mark.parametrize(("site", "path", "url_path", "home"), JOBS)
def test_packed_read_is_the_inline_record(site: str, path: str, url_path: str, home: bool) -> None:
    page_job = job(site, path, url_path, home=home)
    inline = read_page(page_job)
    packed = read_for_crawl(page_job, packed=True)
    assert isinstance(inline, PageRecord) and isinstance(packed.item, PackedPage)
    assert packed.item.unpack() == inline
    assert packed.links == link_triples(inline) and packed.links  # the crawl follows the same links
    assert all(isinstance(zone, str) for _, _, zone in packed.links)


def test_pooled_reader_reads_in_the_worker_and_home_inline(pool: ProcessPoolExecutor) -> None:
    reader = PooledReader(RenewingPool(lambda: pool))
    contact = job("es_shopify", "pages/contacto.html", "/pages/contacto")
    home = job("es_shopify", "index.html", "/", home=True)

    async def both() -> tuple:  # type: ignore[type-arg]
        return await reader.read(contact), await reader.read(home)

    remote, local = asyncio.run(both())
    assert isinstance(remote.item, PackedPage)  # came back from the worker, still pickled
    assert remote.item.unpack() == read_page(contact)
    assert isinstance(local.item, PageRecord)  # the home page is read at once, in this process
    assert reader.remote and not PageReader().remote


def test_a_killed_worker_costs_no_page_and_its_pool_is_replaced() -> None:
    pools = RenewingPool(lambda: ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")))
    try:
        worker_pid = asyncio.run(pools.run(os.getpid))
        os.kill(worker_pid, signal.SIGKILL)
        reader = PooledReader(pools)
        contact = job("es_shopify", "pages/contacto.html", "/pages/contacto")
        read = asyncio.run(reader.read(contact))
        assert isinstance(read.item, PackedPage) and read.item.unpack() == read_page(contact)  # from a new worker
        assert pools.renewals == 1 and asyncio.run(pools.run(os.getpid)) != worker_pid
    finally:
        pools.shutdown()


def test_an_empty_javascript_shell_is_a_failure_either_way() -> None:
    body = b"<html><head><script src='/app.js'></script></head><body><div id='root'></div></body></html>"
    page_job = PageJob(ORIGIN + "/", ORIGIN + "/", 200, body, "utf-8", None, 0, True, None)
    inline, packed = read_page(page_job), read_for_crawl(page_job, packed=True)
    assert isinstance(inline, FailedPage) and inline.kind == "needs_rendering"
    assert packed.item == inline and packed.links == ()


def test_a_misdeclared_encoding_is_repaired_in_the_worker_too() -> None:
    body = "<html lang='es'><body><main><p>Teléfono de atención: 910 000 000</p></main></body></html>".encode("utf-8")
    page_job = PageJob(ORIGIN + "/", ORIGIN + "/", 200, body, "iso-8859-1", None, 0, True, None)
    packed = read_for_crawl(page_job, packed=True).item
    assert isinstance(packed, PackedPage) and "Teléfono" in packed.unpack().text["main"]


def test_crawl_outcome_pickles_cheaply_and_assembles_the_same_snapshot() -> None:
    records = [read_page(job(site, path, url_path, home=home)) for site, path, url_path, home in JOBS[:2]]
    assert all(isinstance(r, PageRecord) for r in records)
    packed = [records[0]] + [read_for_crawl(job(*JOBS[1][:3]), packed=True).item]  # the home inline, the other from a worker
    common = dict(url=ORIGIN + "/", final_url=ORIGIN + "/", failures=(), home_failure=None, platform="shopify",
                  budget=40, robots_ignored=False, country=None, started_at="2026-11-22T10:00:00Z",
                  finished_at="2026-11-22T10:00:09Z")
    outcome = CrawlOutcome(pages=tuple(packed), **common)  # type: ignore[arg-type]
    again = pickle.loads(pickle.dumps(outcome))
    expected = CrawlOutcome(pages=tuple(records), **common).snapshot()  # type: ignore[arg-type]
    assert again.snapshot() == expected
    assert again.snapshot().country == "ES" and len(again.snapshot().pages) == 2
