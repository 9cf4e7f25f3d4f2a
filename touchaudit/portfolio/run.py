"""Scan a list of shops in one process: crawl concurrently, audit each site as it ends, store it,
write its reports, drop it. Finished sites are committed one by one, so a killed run loses
nothing finished and `--resume` continues with the rest."""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from touchaudit.config import AuditOptions
from touchaudit.crawl import ProgressHook, crawl_many
from touchaudit.history import site_key
from touchaudit.history.since import KEY as SINCE
from touchaudit.history.since import for_diff, since_last_scan
from touchaudit.history.store import SiteEntry, Store
from touchaudit.model import FailedPage, ScanStatus, SiteSnapshot
from touchaudit.pages.reader import PooledReader
from touchaudit.output import report_stem, result_dict, write_outputs
from touchaudit.portfolio.folders import run_folder
from touchaudit.portfolio.sitelist import Entry
from touchaudit.registry import CheckOptions
from touchaudit.runner import audit
from touchaudit.snapshot import CrawlOutcome, utc_now

log = logging.getLogger(__name__)


@dataclass
class SiteOutcome:
    entry: Entry
    result: dict[str, Any]
    report: Path | None


@dataclass
class PortfolioRun:
    run_id: int
    skipped: int = 0  # already done in the run being resumed
    interrupted: bool = False
    invalid: list[tuple[SiteEntry, dict[str, Any]]] = field(default_factory=list)  # rows that are not web addresses
    folder: Path = Path()  # this run's dated folder of site reports (portfolio/folders.py)


def site_options(base: AuditOptions, entry: Entry) -> AuditOptions:
    return replace(base, url=entry.url, country=entry.country or base.country, lang=entry.lang or base.lang)


def unauditable(entry: Entry, reason: str) -> SiteSnapshot:
    """A snapshot for a row that could not even be crawled (bad URL): it still gets a report row."""
    now = utc_now()
    return SiteSnapshot(url=entry.url, final_url=entry.url, pages=(), failures=(FailedPage(entry.url, "error", reason),),
                        status=ScanStatus.ERROR, reason=reason, started_at=now, finished_at=now)


def run_portfolio(
    entries: list[Entry],
    base: AuditOptions,
    store: Store,
    out_dir: Path,
    *,
    concurrency: int = 8,
    resume_run: int | None = None,
    progress: ProgressHook | None = None,
    on_site: Callable[[SiteOutcome], None] | None = None,
    use_workers: bool = True,
    branding: Any = None,
) -> PortfolioRun:
    run_id = resume_run if resume_run is not None else store.start_run("portfolio", {"sites": len(entries), "budget": base.budget})
    done = store.done_urls(run_id) if resume_run is not None else set()
    run = PortfolioRun(run_id, skipped=sum(1 for e in entries if not e.error and site_key(e.url) in done),
                       folder=run_folder(out_dir, run_id))
    todo = [e for e in entries if e.error or site_key(e.url) not in done]
    sites_dir = run.folder / "sites"

    def record(entry: Entry, result: dict[str, Any]) -> None:
        """In the reactor thread: the scan is committed before anything else happens."""
        if entry.error:
            run.invalid.append((SiteEntry(entry.url, entry.name, entry.tags), result))  # no site identity to store
        else:
            store.save(run_id, SiteEntry(entry.url, entry.name, entry.tags), result)
        outcome = SiteOutcome(entry, result, sites_dir / f"{report_stem(entry.url, entry.name)}.html")
        if on_site is not None:
            on_site(outcome)

    def job(entry: Entry, snapshot: SiteSnapshot | CrawlOutcome) -> tuple[Any, ...]:
        stem = report_stem(entry.url, entry.name)  # has dots (hosts): no with_suffix
        previous = None if entry.error else store.scans(entry.url, 1)
        brand = replace(branding, client=branding.client or entry.name or "") if branding else None
        return (snapshot, dict(base.weights), sites_dir / f"{stem}.json", sites_dir / f"{stem}.html", entry.lang or base.lang,
                for_diff(store.result(previous[0].id)) if previous else None, sites_dir / f"{stem}.md", brand)

    for entry in todo:
        if entry.error:
            record(entry, audit_site(*job(entry, unauditable(entry, entry.error))))

    def on_done(entry: Entry, crawled: CrawlOutcome | None, reason: str) -> Any:
        if crawled is None and reason == "shutdown":
            return None  # cut short: not done, --resume will scan it again
        snapshot = crawled or unauditable(entry, f"the crawl could not run ({reason})")
        if workers is None:
            record(entry, audit_site(*job(entry, snapshot)))
            return None
        import asyncio

        from twisted.internet.defer import Deferred

        # the audit and the reports run in a worker process; the reactor keeps crawling meanwhile
        future = asyncio.wrap_future(workers.submit(audit_site, *job(entry, snapshot)))
        return Deferred.fromFuture(future).addCallback(lambda result: record(entry, result))

    # One pool for page reads and audits: a separate audit process measured slower (three busy
    # processes and the reactor on two cores starve the reactor, whose delays AutoThrottle reads).
    workers = _pool(max(1, os.cpu_count() or 1)) if use_workers else None
    reader = PooledReader(workers) if workers is not None else None
    try:
        completed = crawl_many(((e, site_options(base, e)) for e in todo if not e.error), concurrency, on_done,
                               progress, reader)
    finally:
        if workers is not None:
            workers.shutdown(wait=True, cancel_futures=True)
    run.interrupted = not completed
    store.finish_run(run_id, "interrupted" if run.interrupted else "done")
    return run


def audit_site(crawled: SiteSnapshot | CrawlOutcome, weights: dict[str, float], json_path: Path, html_path: Path,
               lang: str | None, previous: dict[str, Any] | None = None, md_path: Path | None = None,
               branding: Any = None) -> dict[str, Any]:
    """Assemble, audit one site, compare it with its previous scan and write its reports; runs in a
    worker process (picklable in, JSON out)."""
    snapshot = crawled.snapshot() if isinstance(crawled, CrawlOutcome) else crawled
    result = result_dict(audit(snapshot, CheckOptions(country=snapshot.country), weights))
    since = since_last_scan(previous, result)
    if since is not None:
        result[SINCE] = since
    write_outputs(result, json_path=json_path, html_path=html_path, lang=lang, md_path=md_path, branding=branding)
    return result


def _pool(size: int) -> Any:
    from touchaudit.workers import worker_pool

    # Page readers: one per core; the reactor thread itself needs only a fraction of one (it
    # downloads and ranks links, workers parse pages, build records, audit and render).
    return worker_pool(size, initializer=fewer_collections)


def fewer_collections() -> None:
    """A long scan allocates millions of short-lived, acyclic objects (records, links, Scrapy's
    requests); the default collector thresholds walk the whole heap over and over for nothing."""
    import gc

    gc.freeze()  # what is alive now (modules, caches) lives for the whole run
    gc.set_threshold(10_000, 10, 10)
