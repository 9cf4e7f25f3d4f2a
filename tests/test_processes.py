"""No process a test or the CLI starts outlives it: page-reader workers and the multiprocessing
resource tracker end with the process that started them, even when that process is SIGKILLed.

Processes are found by a marker in their environment (children inherit it, and an orphan keeps
it after it is re-parented to PID 1), read from /proc.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, child_env

pytestmark = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
MARK = "TOUCHAUDIT_TEST_MARK"


def marked(mark: str) -> dict[int, str]:
    """pid -> command line of every live process whose environment carries the marker."""
    found = {}
    needle = f"{MARK}={mark}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # gone meanwhile, or a zombie: it has ended
            continue
    return found


def survivors(mark: str, timeout: float = 15) -> dict[int, str]:
    """What is still alive after `timeout` s; those are killed so a failure leaves no orphans."""
    deadline = time.monotonic() + timeout
    while (left := marked(mark)) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return left


def marked_env() -> tuple[str, dict[str, str]]:
    mark = uuid.uuid4().hex
    return mark, {**child_env(), MARK: mark}


POOL_OWNER = """
import os, sys
from touchaudit.workers import worker_pool
pool = worker_pool(2)
pids = {pool.submit(os.getpid).result(timeout=60) for _ in range(6)}
print(" ".join(map(str, sorted(pids))), flush=True)
sys.stdin.read()  # alive until killed, never shutting the pool down
"""


def test_page_readers_and_resource_tracker_end_when_their_owner_is_killed() -> None:
    mark, env = marked_env()
    owner = subprocess.Popen([sys.executable, "-c", POOL_OWNER], env=env, cwd=ROOT,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert owner.stdout is not None
        workers = {int(pid) for pid in owner.stdout.readline().split()}
        running = marked(mark)
        assert workers and workers <= set(running)
        assert any("resource_tracker" in cmd for cmd in running.values()), running
        owner.send_signal(signal.SIGKILL)  # no shutdown, no atexit: the workers are on their own
        owner.wait(timeout=30)
        assert survivors(mark) == {}
    finally:
        if owner.poll() is None:
            owner.kill()


def test_nothing_a_killed_portfolio_started_outlives_it(tmp_path: Path, shop: Any) -> None:
    """What test_portfolio's resume test does to a run, and what left orphans after `pytest -n 2`."""
    mark, env = marked_env()
    listing = tmp_path / "sites.txt"
    listing.write_text("".join(shop(name).url("/") + "\n" for name in ("es_bare", "es_shopify", "en_custom")), "utf-8")
    portfolio = subprocess.Popen([sys.executable, "-m", "touchaudit.cli", "portfolio", str(listing), "--db", str(tmp_path / "t.db"),
                                  "--out", str(tmp_path / "out"), "--no-progress", "--concurrency", "1"],
                                 cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not any("spawn_main" in cmd for cmd in marked(mark).values()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert any("resource_tracker" in cmd for cmd in marked(mark).values())  # its page readers are up
        portfolio.send_signal(signal.SIGKILL)
        portfolio.wait(timeout=30)
        assert survivors(mark) == {}
    finally:
        if portfolio.poll() is None:
            portfolio.kill()
