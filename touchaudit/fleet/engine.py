"""One worker process's portfolio engine, fed by Celery's task threads.

The same machinery as `touchaudit portfolio` (crawl_many: many sites in flight in one reactor,
pages read and sites audited in a pool of worker processes, bounded memory), started once per
worker process and kept running: a task thread hands its site over (`scan`) and waits for the
result, so no process is started per site or page. The reactor runs in a thread of its own: Celery
owns the main thread and its signals.
"""
from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from touchaudit.config import AuditOptions
from touchaudit.crawl import LATER, crawl_many
from touchaudit.pages.reader import PooledReader
from touchaudit.portfolio.pool import RenewingPool
from touchaudit.portfolio.run import audit_result, fewer_collections, unauditable
from touchaudit.portfolio.sitelist import Entry
from touchaudit.snapshot import CrawlOutcome
from touchaudit.workers import worker_pool

log = logging.getLogger(__name__)
HARD_STOP = 5.0  # seconds for closing crawls to end before the reactor is stopped outright


class Returned(Exception):
    """The worker is stopping: the site was not scanned, and goes back to the queue."""


@dataclass(frozen=True, eq=False)
class Ticket:
    opts: AuditOptions
    previous: dict[str, Any] | None  # the site's previous result (for_diff), for "since the last scan"
    future: Future[dict[str, Any]]


class Feed:
    """The sites waiting for a crawl slot, as crawl_many's live feed (see its docstring)."""

    def __init__(self) -> None:
        self._waiting: deque[Ticket] = deque()
        self._lock = threading.Lock()
        self._closed = False
        self._wake: Callable[[], None] = lambda: None
        self._stop: Callable[[], None] = lambda: None

    def bind(self, wake: Callable[[], None], stop: Callable[[], None]) -> None:
        self._wake, self._stop = wake, stop

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        with self._lock:
            if self._waiting:
                ticket = self._waiting.popleft()
                return ticket, ticket.opts
            if self._closed:
                raise StopIteration
            return LATER

    def put(self, ticket: Ticket) -> None:
        with self._lock:
            if self._closed:
                raise Returned("this worker is stopping")
            self._waiting.append(ticket)
        self._wake()

    def close(self, now: bool) -> None:
        """Start no more sites (the waiting ones go back); `now`: close the crawls in flight too."""
        with self._lock:
            self._closed = True
            waiting, self._waiting = list(self._waiting), deque()
        for ticket in waiting:
            ticket.future.set_exception(Returned("this worker is stopping"))
        self._wake()
        if now:
            self._stop()


class Engine:
    def __init__(self, concurrency: int) -> None:
        self.concurrency = concurrency
        self.feed = Feed()
        self.stopping = False
        self.ended = threading.Event()
        self._tickets: set[Ticket] = set()  # every site handed over and not answered yet
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="touchaudit-crawl", daemon=True)
        self._thread.start()

    def scan(self, opts: AuditOptions, previous: dict[str, Any] | None = None) -> Future[dict[str, Any]]:
        """Queue a site; the future gives its result, or raises Returned when the worker stops first."""
        if self.ended.is_set():
            raise Returned("this worker's crawl engine has ended")
        ticket = Ticket(opts, previous, Future())
        with self._lock:
            self._tickets.add(ticket)
        ticket.future.add_done_callback(lambda _: self._forget(ticket))
        self.feed.put(ticket)
        return ticket.future

    def _forget(self, ticket: Ticket) -> None:
        with self._lock:
            self._tickets.discard(ticket)

    def drain(self, grace: float) -> None:
        """A first Ctrl-C: no new sites; the ones in flight have `grace` seconds, then go back."""
        self.stopping = True
        self.feed.close(now=False)
        if not self.ended.wait(grace):
            log.warning("sites still in flight after %g s go back to the queue", grace)
            self.stop()

    def stop(self) -> None:
        """Every site in flight goes back: its crawl is closed (a download in progress may hold it
        up to its timeout, so after HARD_STOP seconds the reactor is stopped outright)."""
        self.stopping = True
        self.feed.close(now=True)
        if not self.ended.wait(HARD_STOP) and "twisted.internet.reactor" in sys.modules:
            from twisted.internet import reactor

            reactor.callFromThread(reactor.stop)

    def _run(self) -> None:
        fewer_collections()
        workers = RenewingPool(lambda: worker_pool(max(1, os.cpu_count() or 1), initializer=fewer_collections))

        def on_done(ticket: Ticket, crawled: CrawlOutcome | None, reason: str) -> Any:
            if crawled is None and reason == "shutdown":
                ticket.future.set_exception(Returned("this worker stopped before the site was scanned"))
                return None
            from twisted.internet.defer import Deferred

            snapshot = crawled or unauditable(Entry(ticket.opts.url), f"the crawl could not run ({reason})")
            audited: Deferred[dict[str, Any]] = Deferred.fromFuture(asyncio.ensure_future(
                workers.run(audit_result, snapshot, dict(ticket.opts.weights), ticket.previous)))
            audited.addCallbacks(ticket.future.set_result, lambda failure: ticket.future.set_exception(failure.value))
            return audited

        try:
            crawl_many(self.feed, self.concurrency, on_done, reader=PooledReader(workers))
        except Exception:
            log.exception("the crawl engine failed")
        finally:
            self.feed.close(now=False)
            with self._lock:
                unanswered, self._tickets = list(self._tickets), set()
            for ticket in unanswered:  # the reactor was stopped outright: those sites go back
                if not ticket.future.done():
                    ticket.future.set_exception(Returned("this worker stopped before the site was scanned"))
            workers.shutdown()
            self.ended.set()
            if not self.stopping:
                log.critical("the crawl engine ended unexpectedly; stopping this worker")
                os.kill(os.getpid(), signal.SIGTERM)  # Celery's warm shutdown; a supervisor starts a new worker
