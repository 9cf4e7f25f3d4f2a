"""Who runs the app's audits: a small interface, and the local pool that implements it.

The routes and the service only `submit` jobs and ask how many are `ahead`; a fleet backend
(Celery + Redis, issue 15) implements the same three methods and runs `jobs.run_job` in its workers.
"""
from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from touchaudit.config import AuditOptions
from touchaudit.history.rows import SiteEntry

log = logging.getLogger(__name__)


class QueueFullError(RuntimeError):
    """The queue is at its limit: the caller should try again later."""


@dataclass(frozen=True)
class AuditJob:
    public_id: str
    site: SiteEntry
    options: AuditOptions  # carries allow_private and the WARC path


class Dispatcher(Protocol):
    def submit(self, job: AuditJob) -> None:
        """Queue a job or raise QueueFullError; never blocks."""

    def ahead(self, public_id: str) -> int | None:
        """Jobs that will start before this one; None once it started (or is unknown)."""

    def close(self) -> None:
        """Stop taking jobs; running audits are stopped."""


class LocalPool:
    """`workers` threads, each running one audit at a time (the audit itself in a child process)."""

    def __init__(self, run: Callable[[AuditJob], None], workers: int, max_queue: int) -> None:
        self._run = run
        self._max_queue = max_queue
        self._queue: deque[AuditJob] = deque()
        self._ready = threading.Condition()
        self._closed = False
        self._threads = [threading.Thread(target=self._work, name=f"touchaudit-audit-{i}", daemon=True)
                         for i in range(max(1, workers))]
        for thread in self._threads:
            thread.start()

    def submit(self, job: AuditJob) -> None:
        with self._ready:
            if self._closed or len(self._queue) >= self._max_queue:
                raise QueueFullError(f"{len(self._queue)} audits are waiting, the most this server queues")
            self._queue.append(job)
            self._ready.notify()

    def ahead(self, public_id: str) -> int | None:
        with self._ready:
            for position, job in enumerate(self._queue):
                if job.public_id == public_id:
                    return position
        return None

    def close(self) -> None:
        with self._ready:
            self._closed = True
            self._queue.clear()
            self._ready.notify_all()

    def _work(self) -> None:
        while True:
            with self._ready:
                while not self._queue and not self._closed:
                    self._ready.wait()
                if self._closed:
                    return
                job = self._queue.popleft()
            try:
                self._run(job)
            except Exception:  # one audit's crash never stops the pool
                log.exception("audit %s failed", job.public_id)
