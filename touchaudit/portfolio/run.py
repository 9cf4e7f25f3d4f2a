"""Scan a list of shops in one process: crawl concurrently, audit each site as it ends, store it,
write its reports, drop it. Finished sites are committed one by one, so a killed run loses
nothing finished and `--resume` continues with the rest; a site that could not be audited or
stored is listed in `PortfolioRun.lost`, and such a run is never "done"."""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Collection

from touchaudit.config import AuditOptions
from touchaudit.crawl import ProgressHook, crawl_many
from touchaudit.history import site_key
from touchaudit.history.since import KEY as SINCE
from touchaudit.history.since import for_diff, since_last_scan
from touchaudit.history.store import SiteEntry, Store
from touchaudit.model import FailedPage, ScanStatus, SiteSnapshot
from touchaudit.output import render_outputs, report_stem, result_dict
from touchaudit.pages.reader import PooledReader
from touchaudit.portfolio.folders import run_folder
from touchaudit.portfolio.persist import SiteOutcome, SiteWriter
from touchaudit.portfolio.pool import RenewingPool
from touchaudit.portfolio.sitelist import Entry
from touchaudit.registry import CheckOptions
from touchaudit.runner import audit
from touchaudit.snapshot import CrawlOutcome, utc_now

log = logging.getLogger(__name__)
Rendered = tuple[dict[str, Any], dict[Path, str]]  # a site's result and its report files' texts


@dataclass
class PortfolioRun:
    run_id: int
    skipped: int = 0  # already done in the run being resumed
    completed: bool = False  # every site of the list reached its end (not interrupted, not halted)
    lost: list[tuple[str, str]] = field(default_factory=list)  # (url, why) of sites not audited or not stored
    invalid: list[tuple[SiteEntry, dict[str, Any]]] = field(default_factory=list)  # rows that are not web addresses
    folder: Path = Path()  # this run's dated folder of site reports (portfolio/folders.py)

    @property
    def interrupted(self) -> bool:
        return not self.completed and not self.lost


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
    run_id: int,
    done: Collection[str] = (),
    concurrency: int = 8,
    progress: ProgressHook | None = None,
    on_site: Callable[[SiteOutcome], None] | None = None,
    use_workers: bool = True,
    branding: Any = None,
) -> PortfolioRun:
    """Scan the entries not in `done` (site keys already stored in this run) into run `run_id`."""
    run = PortfolioRun(run_id, skipped=sum(1 for e in entries if not e.error and site_key(e.url) in done),
                       folder=run_folder(out_dir, run_id, store.where))
    todo = [e for e in entries if e.error or site_key(e.url) not in done]
    sites_dir = run.folder / "sites"
    writer = SiteWriter(store, run_id, on_site)

    def previous_of(entry: Entry) -> dict[str, Any] | None:
        """The site's latest stored scan, slimmed for the comparison (a store read)."""
        scans = [] if entry.error else store.scans(entry.url, 1)
        return for_diff(store.result(scans[0].id)) if scans else None

    def job(entry: Entry, snapshot: SiteSnapshot | CrawlOutcome, previous: dict[str, Any] | None) -> tuple[Any, ...]:
        json_path, html_path, md_path = report_paths(sites_dir, entry)
        return (snapshot, dict(base.weights), json_path, html_path, entry.lang or base.lang,
                previous, md_path, client_branding(branding, entry))

    def outcome(entry: Entry, result: dict[str, Any]) -> SiteOutcome:
        return SiteOutcome(entry, result, report_paths(sites_dir, entry)[1])

    rows = SiteWriter(None, run_id, on_site)  # rows that are no web address: reports, no store
    for entry in todo:
        if entry.error:
            result, files = audit_site(*job(entry, unauditable(entry, entry.error), None))
            run.invalid.append((SiteEntry(entry.url, entry.name, entry.tags), result))
            rows.write_now(outcome(entry, result), files)
    run.lost.extend(rows.failures)

    def lose(entry: Entry, why: str) -> None:
        log.error("%s is not done: %s", entry.url, why)
        run.lost.append((entry.url, why))

    def on_done(entry: Entry, crawled: CrawlOutcome | None, reason: str) -> Any:
        if crawled is None and reason == "shutdown":
            return None  # cut short: not done, --resume will scan it again
        snapshot = crawled or unauditable(entry, f"the crawl could not run ({reason})")
        if workers is None:
            try:
                result, files = audit_site(*job(entry, snapshot, previous_of(entry)))
            except Exception as exc:
                return lose(entry, f"the audit failed: {exc}")
            return writer.write(outcome(entry, result), files)
        import asyncio

        from twisted.internet.defer import Deferred

        async def audited_in_worker() -> Rendered:
            previous = await writer.read(previous_of, entry)  # the store thread: the reactor keeps crawling
            return await workers.run(audit_site, *job(entry, snapshot, previous))  # type: ignore[no-any-return]

        # the audit and the reports run in a worker process; the reactor keeps crawling meanwhile
        audited: Deferred[Rendered] = Deferred.fromFuture(asyncio.ensure_future(audited_in_worker()))
        audited.addCallbacks(lambda rendered: writer.write(outcome(entry, rendered[0]), rendered[1]),
                             lambda failure: lose(entry, f"the audit failed: {failure.getErrorMessage() or failure.type.__name__}"))
        return audited

    # One pool for page reads and audits: a separate audit process measured slower (three busy
    # processes and the reactor on two cores starve the reactor, whose delays AutoThrottle reads).
    workers = RenewingPool(lambda: _pool(max(1, os.cpu_count() or 1))) if use_workers else None
    reader = PooledReader(workers) if workers is not None else None
    try:
        run.completed = crawl_many(((e, site_options(base, e)) for e in todo if not e.error), concurrency, on_done,
                                   progress, reader, halted=lambda: bool(writer.failures))
    finally:
        writer.close()  # what finished crawling is stored if it can be
        if workers is not None:
            workers.shutdown()
    run.lost.extend(writer.failures)
    return run


def report_paths(sites_dir: Path, entry: Entry) -> tuple[Path, Path, Path]:
    """A site's JSON, HTML and Markdown report files in its run's folder."""
    stem = report_stem(entry.url, entry.name)  # has dots (hosts): no with_suffix
    return sites_dir / f"{stem}.json", sites_dir / f"{stem}.html", sites_dir / f"{stem}.md"


def client_branding(branding: Any, entry: Entry) -> Any:
    """The agency's branding with the site's name as the client."""
    return replace(branding, client=branding.client or entry.name or "") if branding else None


def audit_site(crawled: SiteSnapshot | CrawlOutcome, weights: dict[str, float], json_path: Path, html_path: Path,
               lang: str | None, previous: dict[str, Any] | None = None, md_path: Path | None = None,
               branding: Any = None) -> Rendered:
    """Assemble and audit one site, compare it with its previous scan and render its reports; runs
    in a worker process (picklable in, JSON and report texts out: the crawl process stores the scan,
    then writes the files)."""
    return render_outputs(audit_result(crawled, weights, previous), json_path=json_path, html_path=html_path,
                          lang=lang, md_path=md_path, branding=branding)


def audit_result(crawled: SiteSnapshot | CrawlOutcome, weights: dict[str, float],
                 previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """One site's result with what changed since its previous scan (a fleet worker stores just this:
    its reports are written where the run is followed)."""
    snapshot = crawled.snapshot() if isinstance(crawled, CrawlOutcome) else crawled
    result = result_dict(audit(snapshot, CheckOptions(country=snapshot.country), weights))
    since = since_last_scan(previous, result)
    if since is not None:
        result[SINCE] = since
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
