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


def test_no_child_of_a_test_session_outlives_it(tmp_path: Path) -> None:
    """A pytest session running the tests that kill a portfolio and a page worker leaves nothing."""
    mark, env = marked_env()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--basetemp", str(tmp_path / "inner"),
         "tests/test_portfolio.py::test_resume_after_a_killed_run_scans_only_the_rest",
         "tests/test_page_reader.py::test_a_killed_worker_costs_no_page"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert survivors(mark) == {}
