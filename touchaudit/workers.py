"""Worker processes that end with the process that started them.

A spawn worker of a ProcessPoolExecutor blocks on its call queue, and it holds that queue's write
end itself, so when its parent dies without shutting the pool down (SIGKILL, the OOM killer) it
never sees end-of-file and lives on, orphaned, keeping the multiprocessing resource tracker alive
too (every worker holds the tracker's pipe). So each worker watches its parent's sentinel, a pipe
only the parent can close, and exits when the parent is gone.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

log = logging.getLogger(__name__)
ORPHANED = 70  # exit status of a worker whose parent died (EX_SOFTWARE: nobody reads it anyway)


def worker_pool(size: int, initializer: Callable[[], None] | None = None) -> ProcessPoolExecutor:
    """A pool of `size` spawned workers that never outlive this process.

    spawn, not fork: the parent runs an event loop and threads that a fork would copy mid-flight.
    """
    return ProcessPoolExecutor(max_workers=size, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start_worker, initargs=(initializer,))


def _start_worker(initializer: Callable[[], None] | None) -> None:
    exit_with_parent()
    if initializer is not None:
        initializer()


def exit_with_parent() -> None:
    """In a spawned child: end this process as soon as the parent process ends."""
    parent = multiprocessing.parent_process()
    if parent is None:  # not a multiprocessing child
        return

    def watch() -> None:
        parent.join()  # returns when the parent's end of the sentinel pipe closes: it has exited
        log.debug("parent %s is gone; worker %s exits", parent.pid, os.getpid())
        os._exit(ORPHANED)  # no cleanup to run: the parent that would read our results is dead

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
