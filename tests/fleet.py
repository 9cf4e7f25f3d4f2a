"""Fleet test machinery: a real Redis per test (tests/redisd.py), PostgreSQL from tests/pg.py, and
`touchaudit worker` processes started through the real CLI, each logging to its own file."""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SITES, child_env
from redisd import RedisServer, ServiceError, find_or_install

BROKER_SECRET = "broker-pass-7Qx"  # Redis requires it (requirepass): no test passes without it
DB_SECRET = "db-pass-9Kw"  # in the database URL (the test server trusts local connections)
SITE_TIMEOUT, VISIBILITY = "8", "12"  # a killed worker's sites come back within ~15 s


def with_password(pg_url: str) -> str:
    return pg_url.replace("postgres@", f"postgres:{DB_SECRET}@", 1)


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    try:
        server = RedisServer(find_or_install(), password=BROKER_SECRET)
        server.start()
    except ServiceError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield server
    server.stop()


class Worker:
    def __init__(self, name: str, broker: str, db: str, log: Path, *extra: str) -> None:
        self.name, self.log = name, log
        with log.open("a") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "touchaudit.cli", "worker", "--broker", broker, "--db", db, "--name", name,
                 "--concurrency", "2", "--site-timeout", SITE_TIMEOUT, "--visibility-timeout", VISIBILITY, *extra],
                cwd=ROOT, env=child_env(), stdout=out, stderr=subprocess.STDOUT)

    def ready(self) -> Worker:
        wait_for(lambda: f"touchaudit worker {self.name}: ready" in self.text, 60, f"worker {self.name} to start",
                 alive=self.proc)
        return self

    @property
    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(30)


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Callable[..., Worker]]:
    """workers("a b", broker, db, *flags): running `touchaudit worker`s, started together (one: a
    Worker, several: a list); all killed after the test."""
    started: list[Worker] = []

    def start(names: str, broker: str, db: str, *extra: str) -> Any:
        group = [Worker(name, broker, db, tmp_path / f"{name}.log", *extra) for name in names.split()]
        started.extend(group)
        for worker in group:
            worker.ready()
        return group if len(group) > 1 else group[0]

    yield start
    for worker in started:
        worker.stop()


def wait_for(condition: Callable[[], Any], timeout: float, what: str, alive: subprocess.Popen[Any] | None = None) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        found = condition()
        if found:
            return found
        assert alive is None or alive.poll() is None, f"exited while waiting for {what}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def copy_shop(tmp_path: Path, name: str, index: int) -> Path:
    root = tmp_path / f"{name}-{index}"
    shutil.copytree(SITES / name, root)
    return root


def cli(*args: str, cwd: Path, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "touchaudit.cli", *args], cwd=cwd, env=child_env(),
                          capture_output=True, text=True, timeout=timeout)


def broker_state(url: str, run: int = 1) -> dict[str, Any]:
    """What the broker holds, for a failure message."""
    import redis

    client = redis.Redis.from_url(url, socket_timeout=5)
    return {"queued": client.llen("touchaudit.sites"), "unacked": client.hlen("unacked"),
            "restore mutex ttl": client.ttl("unacked_mutex"),
            "counters": {key: client.hgetall(key) for key in client.scan_iter(f"touchaudit:*:run:{run}:*")
                         if client.type(key) == b"hash"}}
