"""Following a fleet's run from the machine that queued it: sites stored out of the total, pages/s,
errors and what each worker does, live in a terminal; each site's reports written as its result
arrives; the dashboard and CSV once the last site is stored (then the run is done)."""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Callable

from touchaudit.fleet.tally import RunTally

POLL_SECONDS = 1.0
STALL_SECONDS = 5.0  # nothing in flight and nothing stored for this long: look for lost sites


def worker_lines(tally: RunTally) -> list[str]:
    """One line per worker: what it stored and what it is scanning now."""
    flying: dict[str, int] = {}
    for worker in tally.in_flight.values():
        flying[worker] = flying.get(worker, 0) + 1
    names = sorted(set(tally.workers) | set(flying))
    lines = []
    for name in names:
        count = tally.workers.get(name)
        sites, pages, errors = (count.sites, count.pages, count.errors) if count else (0, 0, 0)
        lines.append(f"  {name}: {sites} sites, {pages} pages, {errors} not auditable, {flying.get(name, 0)} in flight")
    return lines


@contextmanager
def live_display(total: int, enabled: bool) -> Iterator[Callable[[int, RunTally, float], None]]:
    """update(stored, tally, elapsed seconds): a live panel in a terminal, nothing elsewhere."""
    from rich.console import Console
    from rich.live import Live
    from rich.text import Text

    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield lambda *_: None
        return
    with Live(Text(f"0 of {total} sites stored"), console=console, transient=True, refresh_per_second=2) as live:
        def update(stored: int, tally: RunTally, elapsed: float) -> None:
            head = (f"{stored} of {total} sites stored, {tally.pages / max(elapsed, 0.001):.1f} pages/s, "
                    f"{tally.errors} not auditable" + (f", {len(tally.lost)} lost" if tally.lost else ""))
            live.update(Text("\n".join([head, *worker_lines(tally)])))

        yield update


def follow(stored: Callable[[], int], tally: Callable[[], RunTally], write_new: Callable[[], Any], total: int,
           display: Callable[[int, RunTally, float], None], stalled: Callable[[], None]) -> tuple[int, RunTally, float]:
    """Until every site is stored or lost: (stored, the last tally, seconds taken). `stalled` is
    called when nothing is in flight and nothing was stored for STALL_SECONDS (sites a broker lost),
    then after twice as long each time it changes nothing (a run waiting behind other runs)."""
    start = last_change = time.monotonic()
    before, patience = -1, STALL_SECONDS
    while True:
        write_new()
        done, now = stored(), tally()
        display(done, now, time.monotonic() - start)
        if done + len(now.lost) >= total:
            return done, now, time.monotonic() - start
        if done != before or now.in_flight:
            before, last_change, patience = done, time.monotonic(), STALL_SECONDS
        elif time.monotonic() - last_change > patience:
            stalled()
            last_change, patience = time.monotonic(), min(patience * 2, 300.0)
        time.sleep(POLL_SECONDS)
