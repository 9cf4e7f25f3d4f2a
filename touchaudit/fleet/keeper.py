"""A worker's (or the follower's) history database, opened again after it went away.

A PostgreSQL restart breaks the open connection for good; a fleet must ride it out rather than
lose the sites it scanned meanwhile. Every call is tried with waits growing to half a minute (about
a minute in all), on a connection opened anew after a failure; the caller decides what a final
failure means (a worker sends the result round again through the queue).
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from touchaudit.history.rows import StoreError
from touchaudit.history.store import Store, open_store

log = logging.getLogger(__name__)
S = TypeVar("S", bound=Store)
T = TypeVar("T")
WAITS = (0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0)


class StoreKeeper(Generic[S]):
    def __init__(self, target: str, store_class: type[S] | None = None, waits: tuple[float, ...] = WAITS) -> None:
        self._target = target
        self._class = store_class
        self._waits = waits
        self._store: Any = None
        self._lock = threading.Lock()

    def _current(self) -> S:
        with self._lock:
            if self._store is None:
                self._store = open_store(self._target, store_class=self._class)
            return self._store  # type: ignore[no-any-return]

    def _drop(self, broken: Any) -> None:
        with self._lock:
            if self._store is broken and broken is not None:
                self._store = None
                try:
                    broken.close()
                except Exception:  # noqa: BLE001 (a dead connection may fail to close too)
                    pass

    def call(self, work: Callable[[S], T]) -> T:
        """work(store), tried again on a new connection while the database is away."""
        for wait in (*self._waits, None):
            store = None
            try:
                store = self._current()
                return work(store)
            except StoreError as exc:
                if wait is None:
                    raise
                log.warning("history database unavailable (%s); trying again in %g s", exc, wait)
                self._drop(store)
                time.sleep(wait)
        raise AssertionError("unreachable")

    def close(self) -> None:
        self._drop(self._store)
