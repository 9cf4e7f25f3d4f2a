"""A run's live counters in Redis, written by workers and read by the follower and `touchaudit runs`:
what each worker has done (sites, pages, errors), which sites are in flight where, how often each
site was started (a site whose worker dies every time is poison), and sites given up as lost."""
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import redis

from touchaudit.fleet.leases import PREFIX, keep

log = logging.getLogger(__name__)


@dataclass
class WorkerCount:
    sites: int = 0
    pages: int = 0
    errors: int = 0


@dataclass
class RunTally:
    workers: dict[str, WorkerCount] = field(default_factory=dict)
    in_flight: dict[str, str] = field(default_factory=dict)  # site -> worker
    lost: dict[str, str] = field(default_factory=dict)  # site -> why

    @property
    def pages(self) -> int:
        return sum(w.pages for w in self.workers.values())

    @property
    def errors(self) -> int:
        return sum(w.errors for w in self.workers.values())


class Tally:
    def __init__(self, client: redis.Redis, scope: str) -> None:
        self.client = client
        self.scope = scope  # leases.scope(database)
        self.mine: set[tuple[int, str]] = set()  # (run, site) this process started and has not ended

    def give_back_unfinished(self) -> None:
        """At this process's exit: the sites it started and did not end go back uncounted (a second
        Ctrl-C stops the worker without the engine's own stop; its messages come back after the
        visibility timeout, and that stop was no death). A process killed outright runs nothing:
        its starts count."""
        for run, site in list(self.mine):
            try:
                self.returned(run, site)
            except redis.RedisError as exc:
                log.warning("run %s: %s stays counted as started: %s", run, site, exc)

    def _keys(self, run: int) -> tuple[str, str, str, str]:
        base = f"{PREFIX}{self.scope}:run:{run}:"
        return base + "starts", base + "inflight", base + "workers", base + "lost"

    def started(self, run: int, site: str, worker: str) -> int:
        """Count a start of `site`; returns how many times it has been started without ending."""
        starts, in_flight, _, _ = self._keys(run)
        pipe = self.client.pipeline()
        pipe.hincrby(starts, site, 1)
        pipe.hset(in_flight, site, worker)
        keep(pipe, starts, in_flight)
        count = int(pipe.execute()[0])
        self.mine.add((run, site))
        return count

    def ended(self, run: int, site: str, worker: str, pages: int, error: bool) -> None:
        workers = self._keys(run)[2]
        pipe = self._cleared(run, site)
        pipe.hincrby(workers, f"{worker}|sites", 1)
        pipe.hincrby(workers, f"{worker}|pages", pages)
        pipe.hincrby(workers, f"{worker}|errors", int(error))
        keep(pipe, workers)
        pipe.execute()

    def settled(self, run: int, site: str) -> None:
        """A site found stored when its message came again (a worker killed between storing it and
        counting it): nothing is in flight or lost for it any more, and its starts are done."""
        self._cleared(run, site).execute()

    def _cleared(self, run: int, site: str) -> Any:
        """A pipeline that forgets the site's starts, its place in flight and its loss."""
        self.mine.discard((run, site))
        starts, in_flight, _, lost = self._keys(run)
        pipe = self.client.pipeline()
        pipe.hdel(starts, site)
        pipe.hdel(in_flight, site)
        pipe.hdel(lost, site)
        return pipe

    def returned(self, run: int, site: str) -> None:
        """A site given back unfinished by a worker that was asked to stop: that start does not count."""
        self.mine.discard((run, site))
        starts, in_flight, _, _ = self._keys(run)
        pipe = self.client.pipeline()
        pipe.hincrby(starts, site, -1)
        pipe.hdel(in_flight, site)
        pipe.execute()

    def lose(self, run: int, site: str, why: str) -> None:
        self.mine.discard((run, site))
        _, in_flight, _, lost = self._keys(run)
        pipe = self.client.pipeline()
        pipe.hset(lost, site, why)
        pipe.hdel(in_flight, site)
        keep(pipe, lost)
        pipe.execute()

    def forget_lost(self, run: int) -> None:
        """`--resume` queues the lost sites again."""
        self.client.delete(self._keys(run)[3])

    def read(self, run: int) -> RunTally:
        _, in_flight, workers, lost = self._keys(run)
        pipe = self.client.pipeline()
        pipe.hgetall(workers)
        pipe.hgetall(in_flight)
        pipe.hgetall(lost)
        counts, flying, gone = pipe.execute()
        tally = RunTally(in_flight={_text(k): _text(v) for k, v in flying.items()},
                         lost={_text(k): _text(v) for k, v in gone.items()})
        by_worker: dict[str, WorkerCount] = defaultdict(WorkerCount)
        for key, value in counts.items():
            worker, _, what = _text(key).rpartition("|")
            setattr(by_worker[worker], what, int(value))
        tally.workers = dict(sorted(by_worker.items()))
        return tally


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
