"""Politeness and limits across machines, kept in Redis: one worker crawls a site at a time, a run
can cap how many of its sites are in flight, and a worker that dies lets go within a lease.

A hold is a redis-py `Lock` on the site (its key, with an expiry) and, for a capped run, a slot in
the run's sorted set (member: the hold's token, score: its expiry by the Redis server's clock, so
machines' clocks never matter). The task holding them refreshes both while it waits for its site;
a killed worker stops refreshing and its hold lapses after `ttl` seconds.
"""
from __future__ import annotations

import hashlib
import logging
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

import redis
from redis.backoff import ExponentialBackoff
from redis.exceptions import LockError
from redis.lock import Lock
from redis.retry import Retry

log = logging.getLogger(__name__)
PREFIX = "touchaudit:"
KEEP = 14 * 24 * 3600  # seconds a run's counters stay in Redis after their last change
POLL = 0.25  # seconds between tries for a held site or a full run

# KEYS[1] the run's slots; ARGV: cap, token, ttl. Takes (or renews) a slot if the run has one free.
_SLOT = """
local now = redis.call('TIME')
local t = tonumber(now[1]) + tonumber(now[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', t)
if redis.call('ZSCORE', KEYS[1], ARGV[2]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], t + tonumber(ARGV[3]), ARGV[2])
  redis.call('EXPIRE', KEYS[1], math.ceil(tonumber(ARGV[3])) + 60)
  return 1
end
return 0
"""


def scope(db: str) -> str:
    """A database's own corner of Redis: two fleets (or a benchmark's fresh databases) sharing one
    Redis never mix their runs' counters. Site locks are not scoped: politeness is per shop."""
    from touchaudit.history.dialect import describe_postgres

    return hashlib.sha1(describe_postgres(db).encode()).hexdigest()[:10]


def connect(url: str) -> redis.Redis:
    """A client that rides out a Redis restart: each command is tried again for about half a minute."""
    return redis.Redis.from_url(url, retry=Retry(ExponentialBackoff(cap=2.0, base=0.1), 20),
                                retry_on_error=[redis.ConnectionError, redis.TimeoutError],
                                socket_connect_timeout=5, socket_timeout=15, health_check_interval=5)


@dataclass(eq=False)
class Hold:
    """A task's hold on one site, and on a slot of its run when the run is capped."""

    lock: Lock
    slots: str | None
    token: str
    ttl: float
    leases: Leases

    def refresh(self) -> None:
        try:
            self.lock.reacquire()
        except LockError:  # lapsed (Redis was away longer than the lease): take it again if free
            log.warning("the lease on %s lapsed; taking it again", self.lock.name)
            self.lock.acquire(blocking=False, token=self.token)
        if self.slots is not None:
            self.leases.slot(self.slots, 1 << 30, self.token, self.ttl)  # renew: never refused for a holder

    def release(self) -> None:
        self.leases.forget(self)
        try:
            self.lock.release()
        except LockError:
            pass  # lapsed meanwhile: nothing to give back
        if self.slots is not None:
            self.leases.client.zrem(self.slots, self.token)


class Leases:
    def __init__(self, client: redis.Redis, ttl: float, scope: str = "") -> None:
        self.client = client
        self.ttl = ttl
        self.scope = scope
        self._slot = client.register_script(_SLOT)
        self._live: set[Hold] = set()  # refreshed by one thread, whatever the task holding them is doing
        self._live_lock = threading.Lock()
        self._refresher: threading.Thread | None = None

    def forget(self, hold: Hold) -> None:
        with self._live_lock:
            self._live.discard(hold)

    def _keep(self, hold: Hold) -> Hold:
        with self._live_lock:
            self._live.add(hold)
            if self._refresher is None:
                self._refresher = threading.Thread(target=self._refresh_forever, name="touchaudit-leases", daemon=True)
                self._refresher.start()
        return hold

    def _refresh_forever(self) -> None:
        """Every third of a lease, renew every hold of this process: a task waiting for another
        site, or for a database that is away, does not let its sites lapse meanwhile."""
        while True:
            time.sleep(self.ttl / 3)
            with self._live_lock:
                live = list(self._live)
            for hold in live:
                try:
                    hold.refresh()
                except redis.RedisError as exc:  # Redis away longer than the client's retries: next round
                    log.warning("cannot renew the lease on %s: %s", hold.lock.name, exc)

    def slot(self, key: str, cap: int, token: str, ttl: float) -> bool:
        return bool(self._slot(keys=[key], args=[cap, token, ttl]))

    def take(self, site: str, run: int, cap: int | None, wait: float = 0.0) -> Hold | None:
        """Hold `site` (and a slot of `run` when `cap` is set), or None when another worker has the
        site or the run has `cap` sites in flight for `wait` seconds: the caller tries again later."""
        deadline = time.monotonic() + wait
        while (hold := self._take(site, run, cap)) is None and time.monotonic() < deadline:
            time.sleep(POLL)
        return hold

    def _take(self, site: str, run: int, cap: int | None) -> Hold | None:
        token = uuid.uuid4().hex
        lock = Lock(self.client, f"{PREFIX}site:{site}", timeout=self.ttl, blocking=False, thread_local=False)
        if not lock.acquire(token=token):
            return None
        slots = f"{PREFIX}{self.scope}:run:{run}:slots" if cap else None
        if slots is not None and not self.slot(slots, cap or 0, token, self.ttl):
            lock.release()
            return None
        return self._keep(Hold(lock, slots, token, self.ttl, self))


def keep(pipe: Any, *keys: str) -> None:
    for key in keys:
        pipe.expire(key, KEEP)
