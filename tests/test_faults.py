"""A portfolio run that says "done" has lost nothing: real faults during real runs through the CLI.

Killed worker processes, a SQLite file locked by another process, a full file system (a real
tmpfs), a PostgreSQL server stopped mid-run, a dashboard that cannot be written, two quick Ctrl-Cs.
Each run either finishes with every site stored, or ends not done, with a non-zero exit and a
message saying why, and `--resume` then finishes it without scanning anything twice.
"""
from __future__ import annotations

import calendar
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SITES, child_env
from pg import PgServer, find_or_install



_started: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def no_run_left_behind() -> Iterator[None]:
    """A failed test must not leave a portfolio (and its workers) running."""
    yield
    while _started:
        proc = _started.pop()
        if proc.poll() is None:
            proc.kill()
            proc.wait(30)


def portfolio(listing: Path, db: str, cwd: Path, *extra: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "touchaudit.cli", "portfolio", str(listing), "--db", db, "--out", str(cwd / "out"),
         "--no-progress", "--budget", "3", *extra],
        cwd=cwd, env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _started.append(proc)
    return proc


def finish(proc: subprocess.Popen[str], timeout: float = 180) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def wait_for(condition: Callable[[], bool], timeout: float = 120, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.fixture
def shops(tmp_path: Path, serve_dir: Any) -> Callable[[int], tuple[Path, list[str]]]:
    """shops(n): n small shops, each its own server, and the list that names them."""
    def start(count: int) -> tuple[Path, list[str]]:
        urls = []
        for i in range(count):
            root = tmp_path / f"shop{i}"
            shutil.copytree(SITES / "es_bare", root)
            urls.append(serve_dir(root).url("/"))
        listing = tmp_path / "sites.txt"
        listing.write_text("\n".join(urls) + "\n", "utf-8")
        return listing, urls

    return start


def sqlite_counts(db: Path) -> dict[str, int]:
    """site URL -> number of scans stored, read without taking any lock the run needs."""
    if not db.exists():
        return {}
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
        try:
            rows = conn.execute("SELECT sites.url, COUNT(*) FROM scans JOIN sites ON sites.id = scans.site_id"
                                " GROUP BY sites.url").fetchall()
        except sqlite3.OperationalError:  # tables not created yet
            return {}
    return {url: count for url, count in rows}


def run_status(db: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT id, status FROM runs ORDER BY id").fetchall()


def workers_of(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(c) for c in children if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]


def test_killed_workers_are_replaced_and_done_waits_for_the_dashboard(tmp_path: Path, shops: Any) -> None:
    listing, urls = shops(4)
    db = tmp_path / "t.db"
    (tmp_path / "out" / "dashboard.html").mkdir(parents=True)  # the last file of the run cannot be written
    proc = portfolio(listing, str(db), tmp_path, "--concurrency", "2")
    wait_for(lambda: len(sqlite_counts(db)) >= 1 and len(workers_of(proc.pid)) > 0, what="a first stored site")
    for pid in workers_of(proc.pid):  # as the OOM killer would: every worker at once
        os.kill(pid, signal.SIGKILL)
    code, out, err = finish(proc)
    assert code == 4, (out, err[-3000:])
    assert "starting new workers" in err and "dashboard.html" in err
    assert sqlite_counts(db) == {url: 1 for url in urls}  # no site lost to the dead pool
    assert len(list((tmp_path / "out").glob("*_run*/sites/*.json"))) == len(urls)
    assert run_status(db) == [(1, "failed")]  # not done: the dashboard is missing

    (tmp_path / "out" / "dashboard.html").rmdir()
    code, out, err = finish(portfolio(listing, str(db), tmp_path, "--resume"))
    assert code == 0, err[-3000:]
    assert f"{len(urls)} of {len(urls)} sites scanned ({len(urls)} done before the resume)" in out
    assert (tmp_path / "out" / "dashboard.html").is_file() and run_status(db) == [(1, "done")]
    assert sqlite_counts(db) == {url: 1 for url in urls}  # the resume only wrote the files


def test_a_locked_database_stalls_no_crawl_and_loses_no_site(tmp_path: Path, shops: Any) -> None:
    listing, urls = shops(5)
    db = tmp_path / "t.db"
    proc = portfolio(listing, str(db), tmp_path, "--concurrency", "3")
    wait_for(lambda: len(sqlite_counts(db)) >= 1, what="a first stored site")
    locker = subprocess.Popen(  # another program holds the database for 6 s
        [sys.executable, "-c", "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None);"
         "c.execute('BEGIN EXCLUSIVE'); print(time.time(), flush=True); time.sleep(6); print(time.time(), flush=True);"
         "c.execute('COMMIT')", str(db)], stdout=subprocess.PIPE, text=True)
    assert locker.stdout is not None
    locked_at = float(locker.stdout.readline())
    released_at = float(locker.stdout.readline())
    locker.wait(timeout=30)
    code, out, err = finish(proc)
    assert code == 0, (out, err[-3000:])
    assert sqlite_counts(db) == {url: 1 for url in urls} and run_status(db) == [(1, "done")]
    finished = []
    for report in (tmp_path / "out").glob("*_run*/sites/*.json"):
        stamp = json.loads(report.read_text("utf-8"))["scan"]["finished_at"]
        finished.append(calendar.timegm(time.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")))
    during = [t for t in finished if int(locked_at) <= t <= released_at]
    assert len(during) >= 2, (locked_at, released_at, sorted(finished))  # crawls went on while writes waited


def test_a_full_disk_fails_the_run_and_resume_finishes_it(tmp_path: Path, shops: Any, tmpfs: Any) -> None:
    listing, urls = shops(3)
    disk = tmpfs(tmp_path / "disk", "8m")
    db = disk / "t.db"
    proc = portfolio(listing, str(db), tmp_path, "--concurrency", "1")
    wait_for(lambda: len(sqlite_counts(db)) >= 1, what="a first stored site")
    with (disk / "filler").open("wb") as filler:  # the disk fills up mid-run
        with pytest.raises(OSError):
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
    code, out, err = finish(proc)
    stored = sqlite_counts(db)
    assert code == 4, (out, err[-3000:])
    assert "database or disk is full" in err and "the run is not done" in err
    assert f"--db {db} --out {tmp_path / 'out'} --resume" in out
    assert 1 <= len(stored) < len(urls) and run_status(db)[-1][1] != "done"
    reports = {p.name for p in (tmp_path / "out").glob("*_run*/sites/*.json")}
    assert len(reports) == len(stored)  # no report for a scan the store does not have

    (disk / "filler").unlink()
    code, out, err = finish(portfolio(listing, str(db), tmp_path, "--resume"))
    assert code == 0, err[-3000:]
    assert sqlite_counts(db) == {url: 1 for url in urls} and run_status(db) == [(1, "done")]


def test_postgresql_stopped_mid_run(tmp_path: Path, shops: Any) -> None:
    import psycopg

    listing, urls = shops(3)
    server = PgServer(find_or_install())
    try:
        server.start()
        db = server.url()
        proc = portfolio(listing, db, tmp_path, "--concurrency", "1")

        def stored() -> int:
            try:
                with psycopg.connect(db, connect_timeout=5) as conn:
                    return int(conn.execute("SELECT COUNT(*) FROM scans").fetchone()[0])  # type: ignore[index]
            except psycopg.Error:
                return 0

        wait_for(lambda: stored() >= 1, what="a first stored site")
        server.halt()
        code, out, err = finish(proc)
        assert code == 4, (out, err[-3000:])
        assert "the run is not done" in err and "--resume" in out
        server.resume()
        code, out, err = finish(portfolio(listing, db, tmp_path, "--resume"))
        assert code == 0, err[-3000:]
        with psycopg.connect(db) as conn:
            counts = dict(conn.execute("SELECT sites.url, COUNT(*) FROM scans JOIN sites ON sites.id = scans.site_id"
                                       " GROUP BY sites.url").fetchall())
            statuses = [r[0] for r in conn.execute("SELECT status FROM runs ORDER BY id")]
        assert counts == {url: 1 for url in urls} and statuses == ["done"]
    finally:
        server.stop()


def test_two_quick_ctrl_c_stay_interrupted_and_resume_keeps_its_list(tmp_path: Path, shops: Any) -> None:
    listing, urls = shops(2)
    silent = [socket.socket() for _ in range(3)]  # shops that accept and never answer
    for sock in silent:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
    slow_list = tmp_path / "slow.txt"
    slow_list.write_text("\n".join(urls) + "\n" + "".join(f"http://127.0.0.1:{s.getsockname()[1]}/\n" for s in silent))
    db = tmp_path / "t.db"
    try:
        proc = portfolio(slow_list, str(db), tmp_path, "--concurrency", "3", "--timeout", "60")
        wait_for(lambda: len(sqlite_counts(db)) >= 1, what="a first stored site")
        time.sleep(1.5)  # the silent shops are being crawled
        proc.send_signal(signal.SIGINT)
        time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        code, out, err = finish(proc, timeout=60)
    finally:
        for sock in silent:
            sock.close()
    assert code == 130, (out, err[-3000:])
    assert "Traceback" not in err and "ReactorNotRunning" not in err, err[-3000:]
    assert f"`touchaudit portfolio {slow_list} --db {db} --out {tmp_path / 'out'} --resume`" in out
    assert run_status(db) == [(1, "interrupted")]

    code, out, err = finish(portfolio(listing, str(db), tmp_path, "--resume"))
    assert code == 2 and "the unfinished run 1 scanned another list" in err and str(slow_list) in err, err
    assert run_status(db) == [(1, "interrupted")] and not sqlite_counts(db).keys() - {u for u in urls}
