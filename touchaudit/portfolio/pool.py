"""The portfolio's worker processes, replaced when one dies.

A ProcessPoolExecutor whose worker is killed (the OOM killer, kill -9) is broken for good: every
later submission fails at once. Left as it was, a portfolio handed every later audit to the broken
pool and lost those sites. `RenewingPool` starts a new pool the first time a caller meets the
broken one, and `run` submits a job again once on the new pool, so a killed worker costs a retry.
"""
from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


class RenewingPool:
    def __init__(self, factory: Callable[[], Executor]) -> None:
        self._factory = factory
        self._pool = factory()
        self._lock = threading.Lock()
        self.renewals = 0

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """fn(*args) in a worker; if the pool is or becomes broken, once more on a new pool
        (BrokenProcessPool when that one breaks too: the job itself may be what kills workers)."""
        for attempt in (1, 2):
            pool = self._pool
            try:
                return await asyncio.wrap_future(pool.submit(fn, *args))
            except BrokenProcessPool:
                if attempt == 2:
                    raise
                self._renew(pool)
        raise AssertionError("unreachable")

    def _renew(self, broken: Executor) -> None:
        with self._lock:
            if self._pool is not broken:  # another caller renewed it already
                return
            log.warning("a worker process died; starting new workers")
            broken.shutdown(wait=False, cancel_futures=True)
            self._pool = self._factory()
            self.renewals += 1

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
