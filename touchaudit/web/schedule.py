"""Portfolio schedules: when a nightly or weekly portfolio runs next, and the thread that starts them.

Nightly runs at 02:00 UTC and weekly on Mondays at 02:00 UTC (the quiet hours of the shops' own
visitors in Europe and the Americas); times are ISO-8601 UTC text, as in the history store.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

log = logging.getLogger(__name__)
HOUR = 2
FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def next_run(schedule: str, now: str) -> str | None:
    """The first run time strictly after `now` for "nightly" or "weekly"; None for "none"."""
    if schedule == "none":
        return None
    current = datetime.strptime(now, FORMAT).replace(tzinfo=UTC)
    candidate = current.replace(hour=HOUR, minute=0, second=0, microsecond=0)
    if candidate <= current:
        candidate += timedelta(days=1)
    if schedule == "weekly":
        candidate += timedelta(days=(7 - candidate.weekday()) % 7)  # Monday is 0
    return candidate.strftime(FORMAT)


class Scheduler:
    """Calls `tick()` every `interval` seconds until stopped (a daemon thread)."""

    def __init__(self, tick: Callable[[], object], interval: float) -> None:
        self._tick = tick
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="touchaudit-schedule", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self._tick()
            except Exception:  # a failing tick must not end the schedule
                log.exception("scheduled portfolio runs failed")
