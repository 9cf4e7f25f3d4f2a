"""The fleet's two tasks (the only ones a worker accepts): a batch of a portfolio run's sites, and
one web app audit. Each is acknowledged only when its sites are stored (acks_late): a message the
worker gives back (Ctrl-C) is put back on the queue at once, one whose sites are held elsewhere
is sent round again a little later."""
from __future__ import annotations

import logging
import random
import threading
from typing import Any

from celery import Task, signals
from celery.exceptions import Reject

from touchaudit.fleet.application import app
from touchaudit.fleet.settings import FleetSettings
from touchaudit.fleet.wire import entry_from_wire, entry_to_wire, options_from_wire
from touchaudit.fleet.work import FleetWorker
from touchaudit.history.rows import SiteEntry, StoreError, site_key

log = logging.getLogger(__name__)
STORE_TRIES = 10  # times a batch whose results the database refused goes round before its sites are lost
_worker: FleetWorker | None = None
_lock = threading.Lock()


def fleet_worker() -> FleetWorker:
    global _worker
    with _lock:
        if _worker is None:
            settings: FleetSettings = app.conf.touchaudit
            _worker = FleetWorker(settings.check())
        return _worker


def _later() -> float:
    return 2.0 + random.random() * 2  # a few seconds, spread so waiting messages do not come back in step


@app.task(name="touchaudit.fleet.scan_sites", bind=True, max_retries=None)  # waits as long as it must
def scan_sites(self: Task, run: int, sites: list[dict[str, Any]], options: dict[str, Any], cap: int | None = None,
               results: dict[str, dict[str, Any]] | None = None, tries: int = 0) -> dict[str, int]:
    worker = fleet_worker()
    entries = [entry_from_wire(s) for s in sites]
    try:
        out = worker.scan_batch(run, entries, options_from_wire(options), cap, results or {},
                                self.request.hostname or "worker")
    except StoreError as exc:  # the database stayed away for a minute: the whole batch goes round again
        log.warning("run %s: the history database is away (%s); the batch goes round again", run, exc)
        raise self.retry(countdown=15.0) from exc
    except Exception as exc:  # a fault of touchaudit's: the follower must hear of it, not wait forever
        worker.lose_unstored(run, entries, f"the worker failed: {type(exc).__name__}: {exc}")
        raise
    if out.returned:
        raise Reject("this worker is stopping: its sites go back to the queue", requeue=True)
    if out.unstored and tries + 1 >= STORE_TRIES:
        for url in out.unstored:
            worker.tally.lose(run, site_key(url), "the history database refused the result "
                              f"{STORE_TRIES} times")
        out.later = [e for e in out.later if e.url not in out.unstored]
        out.unstored = {}
    if out.later:
        raise self.retry(kwargs={"run": run, "sites": [entry_to_wire(e) for e in out.later], "options": options,
                                 "cap": cap, "results": out.unstored, "tries": tries + 1 if out.unstored else 0},
                         countdown=15.0 if out.unstored else _later())
    return {"stored": out.stored}


@app.task(name="touchaudit.fleet.audit", bind=True, max_retries=None)
def audit(self: Task, public_id: str, url: str, name: str | None, options: dict[str, Any]) -> str:
    try:
        outcome = fleet_worker().audit(public_id, SiteEntry(url, name), options_from_wire(options, url),
                                       self.request.hostname or "worker")
    except StoreError as exc:  # the database stayed away: the audit goes round again, never left "crawling"
        log.warning("audit %s: the database is away (%s); it goes round again", public_id, exc)
        raise self.retry(countdown=15.0) from exc
    if outcome == "returned":
        raise Reject("this worker is stopping: the audit goes back to the queue", requeue=True)
    if outcome == "later":
        raise self.retry(countdown=_later())
    return outcome


@signals.worker_shutting_down.connect
def _stop_engine(how: str = "Warm", **_: Any) -> None:
    """First Ctrl-C (warm): the sites in flight get the grace period, then go back; a second one
    (cold): they go back now. Runs in a signal handler: the waiting happens in a thread."""
    if _worker is None:
        return
    if how != "Warm":
        return stop_now()
    threading.Thread(target=_worker.engine.drain, args=(_worker.settings.grace,), name="touchaudit-stop",
                     daemon=True).start()


def stop_now() -> None:
    """A cold stop: every site in flight goes back now (Celery cancelling the tasks, touchaudit/fleet/threads.py)."""
    if _worker is not None:
        threading.Thread(target=_worker.engine.stop, name="touchaudit-stop", daemon=True).start()
