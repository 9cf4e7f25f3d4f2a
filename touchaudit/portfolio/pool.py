"""The portfolio's worker processes, replaced when one dies.

A ProcessPoolExecutor whose worker is killed (the OOM killer, kill -9) is broken for good: every
later submission fails at once. Left as it was, a portfolio handed every later audit to the broken
pool and lost those sites. `RenewingPool` starts a new pool the first time a caller meets the
broken one, and `run` submits a job again once on the new pool, so a killed worker costs a retry.

CPython's pool notices a dead worker by itself except in one case, met in the tests: a worker
killed while sending its result leaves half a message in the result pipe, and the pool's manager
thread waits forever for the rest (every job with it, and the interpreter's exit after it). So
`run` also checks every WATCH_SECONDS whether a worker of its pool has died, and a replaced pool's
leftover workers are ended and its result pipe closed, which frees that thread.
"""
from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")
WATCH_SECONDS = 2.0


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
                return await _watch(pool, pool.submit(fn, *args))
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
            _release(broken)
            self._pool = self._factory()
            self.renewals += 1

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


async def _watch(pool: Executor, future: Future[T]) -> T:
    """The job's result, or BrokenProcessPool as soon as a worker of `pool` is seen dead."""
    waiting = asyncio.wrap_future(future)
    while True:
        done, _ = await asyncio.wait({waiting}, timeout=WATCH_SECONDS)
        if done:
            return waiting.result()
        if any(p.exitcode is not None for p in _processes(pool)):
            waiting.cancel()
            raise BrokenProcessPool("a worker process died")


def _release(pool: Executor) -> None:
    """End a broken pool's remaining workers and close its result pipe in this process: its manager
    thread, if stuck reading a dead worker's half-sent result, then sees end-of-file and exits."""
    for process in _processes(pool):
        if process.exitcode is None:
            process.kill()
            process.join(5)
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)  # CPython's own attribute names
    if writer is not None:
        writer.close()


def _processes(pool: Executor) -> list[Any]:
    return list((getattr(pool, "_processes", None) or {}).values())
