"""What a fleet worker does with a batch of a run's sites: each site stored exactly once.

For each site: nothing to do when the run already has it (a re-delivered message); otherwise hold
the site (one worker per site) and a slot of the run (its cap), count the start (a site started
`max_deaths` times without ending killed its worker each time: it is stored as `error` instead of
crawled again), scan it in the engine, store it (`replace`: a race with a re-delivery replaces,
never duplicates), then let go. What cannot go on now is handed back to the task, which puts the
message back (a stopping worker) or sends the rest round again (sites held elsewhere, a database
that stayed away: its results travel with the message, so nothing is crawled twice for that).
"""
from __future__ import annotations

import atexit
import logging
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from touchaudit.config import AuditOptions
from touchaudit.fleet.engine import Engine, Returned
from touchaudit.fleet.keeper import StoreKeeper
from touchaudit.fleet.leases import Hold, Leases, connect, scope
from touchaudit.fleet.settings import FleetSettings
from touchaudit.fleet.tally import Tally
from touchaudit.history.rows import SiteEntry, StoreError, site_key
from touchaudit.history.since import for_diff
from touchaudit.history.store import Store
from touchaudit.portfolio.run import audit_result, site_options, unauditable
from touchaudit.portfolio.sitelist import Entry

log = logging.getLogger(__name__)
HOLD_WAIT = 5.0  # seconds a task waits for its site or a slot of its run before going round the queue again


def poison_reason(deaths: int) -> str:
    return (f"the scan of this site ended its worker {deaths} times (the process died or was killed); "
            "it is not tried again")


@dataclass
class BatchOutcome:
    stored: int = 0
    returned: bool = False  # the worker is stopping: the message goes back to the queue as it was
    later: list[Entry] = field(default_factory=list)  # held elsewhere, or not stored yet: send round again
    unstored: dict[str, dict[str, Any]] = field(default_factory=dict)  # site url -> result the store refused


class FleetWorker:
    """One per worker process: the engine, the database and Redis, shared by the task threads."""

    def __init__(self, settings: FleetSettings) -> None:
        assert settings.broker and settings.db
        self.settings = settings
        self.redis = connect(settings.broker)
        self.leases = Leases(self.redis, settings.lease, scope(settings.db))
        self.tally = Tally(self.redis, scope(settings.db))
        atexit.register(self.tally.give_back_unfinished)
        self.history: StoreKeeper[Store] = StoreKeeper(settings.db)
        self.engine = Engine(settings.concurrency)
        self._web: StoreKeeper[Any] | None = None

    def crawl_options(self, opts: AuditOptions) -> AuditOptions:
        if opts.site_timeout > self.settings.site_timeout:
            log.info("site timeout %g s held to this worker's %g s", opts.site_timeout, self.settings.site_timeout)
            return replace(opts, site_timeout=self.settings.site_timeout)
        return opts

    @staticmethod
    def wait(futures: dict[Future[dict[str, Any]], Any]) -> Iterator[tuple[Any, Future[dict[str, Any]]]]:
        """Yield (key, future) as each finishes (the holds are renewed meanwhile by the leases' own thread)."""
        pending = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield futures[future], future

    def scan_batch(self, run: int, entries: list[Entry], base: AuditOptions, cap: int | None,
                   carried: dict[str, dict[str, Any]], worker: str) -> BatchOutcome:
        out = BatchOutcome()
        holds: dict[str, Hold] = {}
        futures: dict[Future[dict[str, Any]], Entry] = {}
        try:
            for entry in entries:
                if out.returned:
                    break
                key = site_key(entry.url)
                if self.history.call(lambda s: s.has_scan(run, key)):
                    self.tally.settled(run, key)
                    out.stored += 1
                    continue
                if entry.url in carried:
                    self._store(run, entry, carried[entry.url], worker, out)
                    continue
                hold = self.leases.take(key, run, cap, wait=HOLD_WAIT)
                if hold is None:
                    out.later.append(entry)
                    continue
                holds[entry.url] = hold
                previous = self._previous(run, key)  # before the start is counted: a database error here is no death
                deaths = self.tally.started(run, key, worker) - 1
                if deaths >= self.settings.max_deaths:
                    log.error("%s: %s", entry.url, poison_reason(deaths))
                    self._store(run, entry, audit_result(unauditable(entry, poison_reason(deaths)), dict(base.weights)),
                                worker, out)
                    continue
                try:
                    futures[self.engine.scan(self.crawl_options(site_options(base, entry)), previous)] = entry
                except Returned:
                    self.tally.returned(run, key)
                    out.returned = True
            for entry, future in self.wait(futures):
                try:
                    result = future.result()
                except Returned:
                    self.tally.returned(run, site_key(entry.url))
                    out.returned = True
                    continue
                except Exception as exc:  # the audit broke its worker processes twice: the site is the cause
                    log.error("%s: the audit failed: %s", entry.url, exc)
                    result = audit_result(unauditable(entry, f"the audit failed: {exc}"), dict(base.weights))
                self._store(run, entry, result, worker, out)
        finally:
            for hold in holds.values():
                hold.release()
        return out

    def audit(self, public_id: str, site: SiteEntry, opts: AuditOptions, worker: str) -> str:
        """One web app audit: "done" (finished now or before), "later" (its site is held elsewhere,
        or the database is away) or "returned" (the worker is stopping)."""
        web = self.web()
        row = web.call(lambda s: s.audit(public_id))
        if row is None or row.finished:
            return "done"
        hold = self.leases.take(site_key(site.url), row.run_id, None, wait=HOLD_WAIT)
        if hold is None:
            return "later"
        result: dict[str, Any] | None = None
        error: str | None = None
        try:
            deaths = self.tally.started(row.run_id, public_id, worker) - 1
            if deaths >= self.settings.max_deaths:
                error = poison_reason(deaths)
            else:
                web.call(lambda s: s.progress(public_id, "crawling", 0, 0, None))
                future = self.engine.scan(self.crawl_options(_archivable(opts)))
                for _ in self.wait({future: public_id}):
                    pass
                try:
                    result = future.result()
                except Returned:
                    self.tally.returned(row.run_id, public_id)
                    return "returned"
                except Exception as exc:  # noqa: BLE001 (told to the user as the audit's failure)
                    error = f"{type(exc).__name__}: {exc}"
            try:
                web.call(lambda s: s.finish_audit(public_id, site, result, error))
            except StoreError as exc:
                log.error("audit %s is not stored yet: %s", public_id, exc)
                return "later"
            scan = (result or {}).get("scan") or {}
            self.tally.ended(row.run_id, public_id, worker, int(scan.get("pages_fetched") or 0), result is None)
            return "done"
        except Returned:
            self.tally.returned(row.run_id, public_id)
            return "returned"
        finally:
            hold.release()

    def web(self) -> StoreKeeper[Any]:
        if self._web is None:
            from touchaudit.web.store import WebStore

            assert self.settings.db
            self._web = StoreKeeper(self.settings.db, WebStore)
        return self._web

    def lose_unstored(self, run: int, entries: list[Entry], why: str) -> None:
        """Record the batch's sites that are not stored as lost (the run then ends `failed`, and
        --resume queues them again)."""
        for entry in entries:
            key = site_key(entry.url)
            try:
                if self.history.call(lambda s: s.has_scan(run, key)):
                    continue
            except StoreError:
                pass
            self.tally.lose(run, key, why)

    def _previous(self, run: int, key: str) -> dict[str, Any] | None:
        """The site's newest result from another run, for "since the last scan"."""
        def read(store: Store) -> dict[str, Any] | None:
            rows = [r for r in store.scans(key, 2) if r.run_id != run]
            return for_diff(store.result(rows[0].id)) if rows else None

        return self.history.call(read)

    def _store(self, run: int, entry: Entry, result: dict[str, Any], worker: str, out: BatchOutcome) -> None:
        site = SiteEntry(entry.url, entry.name, entry.tags)
        try:
            self.history.call(lambda s: s.save(run, site, result, replace=True))
        except StoreError as exc:
            log.error("%s is not stored yet: %s", entry.url, exc)
            out.unstored[entry.url] = result
            out.later.append(entry)
            return
        scan = result.get("scan") or {}
        self.tally.ended(run, site_key(entry.url), worker, int(scan.get("pages_fetched") or 0),
                         scan.get("status") in ("unreachable", "blocked", "error"))
        out.stored += 1


def _archivable(opts: AuditOptions) -> AuditOptions:
    """The web app's WARC capture where its folder can be made on this machine (a shared volume, or
    the server's own machine); elsewhere the audit runs without one."""
    if not opts.archive:
        return opts
    try:
        Path(opts.archive).parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.warning("no WARC capture for %s: %s", opts.url, exc)
        return replace(opts, archive=None)
    return opts
