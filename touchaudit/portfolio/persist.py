"""A finished site's scan stored, then its report files published: off the reactor thread, with retries.

The reactor thread crawls every site; a store write that waits for a lock (SQLite busy for 30 s,
PostgreSQL restarting) would freeze all of them. Writes go to one thread of their own (not the
reactor's pool, which resolves host names), one site at a time, each tried `len(RETRY_WAITS) + 1`
times. Report files are staged before the scan is stored and published after it: a report never
exists for a scan the store lost, and a full disk under --out fails the site before it counts as
done. A site that could not be stored is recorded in `failures`: the run is not done.
"""
from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from twisted.internet.defer import Deferred

from touchaudit.history.rows import SiteEntry, StoreError
from touchaudit.history.store import Store
from touchaudit.output import stage
from touchaudit.portfolio.sitelist import Entry

log = logging.getLogger(__name__)
RETRY_WAITS = (0.5, 2.0)  # seconds before the 2nd and 3rd attempt (each also waits SQLite's busy timeout)


@dataclass
class SiteOutcome:
    entry: Entry
    result: dict[str, Any]
    report: Path | None


class SiteWriter:
    def __init__(self, store: Store | None, run_id: int, on_saved: Callable[[SiteOutcome], None] | None = None) -> None:
        self.store, self.run_id, self.on_saved = store, run_id, on_saved
        self.failures: list[tuple[str, str]] = []  # (url, why): sites that are not done
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="touchaudit-store")

    async def read(self, fn: Callable[..., Any], *args: Any) -> Any:
        """A store read, in the store's own thread (serialised with the writes, never waiting for a
        lock on the reactor thread)."""
        return await asyncio.wrap_future(self._thread.submit(fn, *args))

    def write(self, outcome: SiteOutcome, files: Mapping[Path, str]) -> Deferred[None]:
        """From the reactor thread: store and publish in the writer thread; fires when done (or failed)."""
        return Deferred.fromFuture(asyncio.wrap_future(self._thread.submit(self.write_now, outcome, files)))

    def write_now(self, outcome: SiteOutcome, files: Mapping[Path, str]) -> None:
        """Store the scan (when there is a store) and publish its files; failures are recorded, not raised."""
        staged: dict[Path, Path] = {}
        try:
            for path, text in files.items():
                staged[path] = stage(path, text)
            if self.store is not None:
                self._save(outcome)
            for path, tmp in staged.items():
                os.replace(tmp, path)
            staged.clear()
        except (StoreError, OSError) as exc:
            why = str(exc) if isinstance(exc, StoreError) else f"cannot write {exc.filename}: {exc.strerror or exc}"
            log.error("%s is not done: %s", outcome.entry.url, why)
            self.failures.append((outcome.entry.url, why))
            return
        finally:
            for tmp in staged.values():
                tmp.unlink(missing_ok=True)
        if self.on_saved is not None:
            self.on_saved(outcome)

    def _save(self, outcome: SiteOutcome) -> None:
        assert self.store is not None
        entry = outcome.entry
        for wait in (*RETRY_WAITS, None):
            try:
                self.store.save(self.run_id, SiteEntry(entry.url, entry.name, entry.tags), outcome.result)
                return
            except StoreError as exc:
                if wait is None:
                    raise
                log.warning("storing %s failed (%s); trying again in %g s", entry.url, exc, wait)
                time.sleep(wait)

    def close(self) -> None:
        """Wait for the writes already queued (a site whose crawl finished is stored if it can be)."""
        self._thread.shutdown(wait=True)
