"""A fleet of real `touchaudit worker` processes on a real Redis and PostgreSQL, through the real CLI:
a message the broker lost, a worker killed mid-run, the broker and the database restarted: nothing
lost, nothing stored twice, the same findings as a local run; a site that kills its worker ends as
`error`; Ctrl-C gives a worker's sites back; a run's cap holds across workers; only JSON messages
naming touchaudit's tasks are run; the web app hands its audits to the fleet."""
from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import threading
import time
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import psycopg
import pytest
import redis
from conftest import child_env
from fleet import BROKER_SECRET, DB_SECRET, broker_state, cli, copy_shop, wait_for, with_password
from fleet import redis_server, workers  # noqa: F401  (fixtures: a Redis per test, worker processes)
from kombu import Connection
from pg import postgres  # noqa: F401  (the session's PostgreSQL server fixture)
from webapp import WebApp

from touchaudit.demo.server import ShopHandler

SHOPS = ("es_shopify", "en_custom", "es_bare", "es_woocommerce")


def stored_counts(db: str) -> dict[str, int]:
    with psycopg.connect(db, connect_timeout=5) as conn:
        try:
            return dict(conn.execute("SELECT sites.url, COUNT(*) FROM scans JOIN sites ON sites.id = scans.site_id"
                                     " GROUP BY sites.url").fetchall())  # type: ignore[arg-type]
        except psycopg.errors.UndefinedTable:  # no run started yet
            return {}


def findings(out: Path) -> dict[str, Any]:
    """What a person reads in each site's JSON report: score, scan status, pages, every check's verdict."""
    found = {}
    for path in out.glob("*_run*/sites/*.json"):
        result = json.loads(path.read_text("utf-8"))
        found[result["site"]["url"]] = (result["score"], result["scan"]["status"], result["scan"]["pages_fetched"],
                                        [(c["id"], c["status"], c["score"], c["facts"]) for c in result["checks"]])
    return found


def portfolio(*args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "touchaudit.cli", "portfolio", *args, "--no-progress"],
                            cwd=cwd, env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_killed_worker_a_broker_and_a_database_restart_lose_nothing_and_store_nothing_twice(
        tmp_path: Path, serve_dir: Any, postgres: Any, redis_server: Any, workers: Any) -> None:
    urls = [serve_dir(copy_shop(tmp_path, name, i), "--delay", "0.15").url("/") for i, name in enumerate(SHOPS * 2)]
    listing = tmp_path / "sites.csv"
    listing.write_text("url,name\n" + "".join(f"{u},Shop {i}\n" for i, u in enumerate(urls)), "utf-8")
    db, broker = with_password(postgres.new_database()), redis_server.url()
    follower = portfolio(str(listing), "--broker", broker, "--db", db, "--out", str(tmp_path / "fleet"),
                         "--budget", "3", cwd=tmp_path)
    queue = redis.Redis.from_url(broker)
    wait_for(lambda: queue.llen("touchaudit.sites") == len(urls), 30, "the run queued", alive=follower)
    queue.rpop("touchaudit.sites")  # the broker loses a message (as a crash between two commands can)
    fleet = workers("w1 w2 w3", broker, db)
    wait_for(lambda: stored_counts(db) and b"celery@w1" in in_flight(queue), 90,
             "a stored site and one in flight on w1", alive=follower)
    fleet[0].proc.kill()  # kill -9 mid-site: its sites come back after the visibility timeout
    redis_server.restart()  # the broker crashes once; the queue survives in its append-only file
    postgres.halt()  # and the database restarts
    try:
        time.sleep(1)
    finally:
        postgres.resume()
    try:
        out, err = follower.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        raise AssertionError((broker_state(broker), stored_counts(db), fleet[1].text[-3000:])) from None
    assert follower.returncode == 0, (out, err[-3000:], fleet[1].text[-3000:])
    assert f"portfolio: {len(urls)} of {len(urls)} sites scanned" in out
    assert "celery@w2:" in out and "celery@w3:" in out  # per worker
    assert "the broker lost" in err and "queued again" in err
    assert stored_counts(db) == {u: 1 for u in urls}  # every site exactly once
    assert (tmp_path / "fleet" / "dashboard.html").is_file() and (tmp_path / "fleet" / "portfolio.csv").is_file()

    local = cli("portfolio", str(listing), "--db", str(tmp_path / "local.db"), "--out", str(tmp_path / "local"),
                "--budget", "3", "--no-progress", "--concurrency", "6", cwd=tmp_path)
    assert local.returncode == 0, local.stderr[-2000:]
    assert findings(tmp_path / "fleet") == findings(tmp_path / "local") and len(findings(tmp_path / "local")) == len(urls)

    runs = cli("runs", "--db", db, cwd=tmp_path)
    assert runs.returncode == 0 and f"done  {len(urls)}/{len(urls)}".replace("  ", " ") in " ".join(runs.stdout.split())
    with psycopg.connect(db) as conn:
        options = str(conn.execute("SELECT options::text FROM runs").fetchall())
    written = [p.read_text("utf-8", errors="replace") for p in (tmp_path / "fleet").rglob("*") if p.is_file()]
    for secret in (BROKER_SECRET, DB_SECRET):  # passwords are never printed, logged or stored
        for text in (out, err, runs.stdout, options, *[w.text for w in fleet], *written):
            assert secret not in text


def in_flight_on(queue: redis.Redis, worker: str) -> bool:
    return f"celery@{worker}".encode() in in_flight(queue)


def in_flight(queue: redis.Redis) -> list[bytes]:
    """The workers scanning a site right now, one entry per site."""
    return [w for key in queue.scan_iter("touchaudit:*:run:*:inflight") for w in queue.hvals(key)]


def test_ctrl_c_gives_sites_back_and_a_site_that_kills_its_worker_twice_ends_as_error(
        tmp_path: Path, postgres: Any, redis_server: Any, workers: Any) -> None:
    silent = socket.socket()  # a shop that accepts and never answers: its site stays in flight
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)
    listing = tmp_path / "sites.txt"
    listing.write_text(f"http://127.0.0.1:{silent.getsockname()[1]}/\n", "utf-8")
    db, broker = with_password(postgres.new_database()), redis_server.url()
    fast = ("--site-timeout", "4", "--visibility-timeout", "6", "--max-deaths", "2", "--grace", "1")
    queue = redis.Redis.from_url(broker)
    try:
        first = workers("a", broker, db, *fast)
        queued = cli("portfolio", str(listing), "--broker", broker, "--db", db, "--out", str(tmp_path / "out"),
                     "--detach", "--no-progress", cwd=tmp_path)
        assert queued.returncode == 0 and "run 1: 1 sites queued" in queued.stdout, queued.stderr
        wait_for(lambda: in_flight_on(queue, "a"), 30, "the site in flight on a")
        first.proc.send_signal(signal.SIGINT)  # Ctrl-C: the grace period passes, the site goes back at once
        assert first.proc.wait(30) == 0
        assert queue.llen("touchaudit.sites") == 1 and "go back to the queue" in first.text
        cold = workers("a2", broker, db, *fast)  # a cold stop (SIGQUIT, or a second Ctrl-C) is no death either
        wait_for(lambda: in_flight_on(queue, "a2"), 30, "the site in flight on a2")
        stopped = time.monotonic()
        cold.proc.send_signal(signal.SIGQUIT)
        cold.proc.wait(30)
        assert time.monotonic() - stopped < 3  # at once: the site's 4 s crawl is not waited for
        assert not in_flight(queue) and queue.llen("touchaudit.sites") == 1 and not stored_counts(db), cold.text[-3000:]
        assert "Unrecoverable" not in cold.text and "go back to the queue" in cold.text, cold.text[-3000:]
        for name in ("b", "c"):  # then the site kills two workers (kill -9, as the OOM killer would)
            victim = workers(name, broker, db, *fast)
            wait_for(lambda: in_flight_on(queue, name), 30, f"the site in flight on {name}")
            victim.proc.kill()
        workers("d", broker, db, *fast)
        wait_for(lambda: stored_counts(db), 30, "the site stored")
    finally:
        silent.close()
    with psycopg.connect(db) as conn:
        scan = conn.execute("SELECT result -> 'scan' FROM scans").fetchone()[0]  # type: ignore[index]
    assert scan["status"] == "error"  # not crawled a third time; neither stop was a death
    assert "ended its worker 2 times" in scan["reason"], scan


class Recorder(ShopHandler):
    """A shop that remembers when each request started and ended, and on which port."""

    log: list[tuple[int, float, float]] = []

    def respond(self, head: bool) -> None:
        start = time.monotonic()
        super().respond(head)
        self.log.append((self.server.server_address[1], start, time.monotonic()))


def most_at_once(log: list[tuple[int, float, float]]) -> int:
    """The most sites being crawled at the same moment, each site from its first request to its last."""
    windows: dict[int, tuple[float, float]] = {}
    for port, start, end in log:
        first, last = windows.get(port, (start, end))
        windows[port] = (min(first, start), max(last, end))
    edges = sorted([(s, 1) for s, _ in windows.values()] + [(e, -1) for _, e in windows.values()])
    current = peak = 0
    for _, step in edges:
        current += step
        peak = max(peak, current)
    return peak


def test_a_capped_detached_run_reported_later_and_messages_a_worker_refuses(
        tmp_path: Path, postgres: Any, redis_server: Any, workers: Any) -> None:
    servers = []
    for i in range(6):
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Recorder, root=copy_shop(tmp_path, "es_bare", i).resolve(),
                                                               delay=0.2))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    listing = tmp_path / "sites.txt"
    listing.write_text("".join(f"http://127.0.0.1:{s.server_address[1]}/\n" for s in servers), "utf-8")
    db, broker = with_password(postgres.new_database()), redis_server.url()
    fleet = workers("a b", broker, db, "--concurrency", "3")
    marker = tmp_path / "unpickled"
    with Connection(broker) as conn:  # what someone with access to the broker might send
        producer = conn.Producer()
        producer.publish(Unpickler(str(marker)), serializer="pickle", exchange="touchaudit.sites",
                         routing_key="touchaudit.sites", headers={"task": "touchaudit.fleet.scan_sites", "id": "evil-1"})
        producer.publish([[], {}, {}], serializer="json", exchange="touchaudit.sites", routing_key="touchaudit.sites",
                         headers={"task": "celery.backend_cleanup", "id": "evil-2"})
    try:
        queued = cli("portfolio", str(listing), "--broker", broker, "--db", db, "--out", str(tmp_path / "out"),
                     "--detach", "--concurrency", "2", "--budget", "3", "--no-progress", cwd=tmp_path)
        assert queued.returncode == 0, queued.stderr
        assert "6 sites queued" in queued.stdout and "at most 2 at a time" in queued.stdout
        assert f"touchaudit report 1 --out {tmp_path / 'out'} --db postgresql://postgres:***@" in queued.stdout

        def runs() -> dict[str, Any]:
            listed = cli("runs", "--db", db, "--json", cwd=tmp_path)
            assert listed.returncode == 0, listed.stderr
            return dict(json.loads(listed.stdout)[0])

        assert wait_for(lambda: runs()["stored"] == 6 and runs(), 90, "six stored sites")["status"] == "running"
        assert not (tmp_path / "out" / "dashboard.html").exists()  # nobody followed the run: no reports yet
        report = cli("report", "1", "--out", str(tmp_path / "out"), "--db", db, cwd=tmp_path)
        assert report.returncode == 0, report.stderr
        assert "run 1 (done): 6 sites" in report.stdout and runs()["status"] == "done"
        assert len((tmp_path / "out" / "portfolio.csv").read_text("utf-8").splitlines()) == 7
        assert len(list((tmp_path / "out").glob("*_run1/sites/*.html"))) == 6
    finally:
        for server in servers:
            server.shutdown()
    assert most_at_once(Recorder.log) == 2  # sites crawled in parallel across the fleet, never more than the cap
    assert not marker.exists()  # the pickled message was never unpickled
    logs = fleet[0].text + fleet[1].text
    assert "ContentDisallowed" in logs and "unregistered task" in logs and "celery.backend_cleanup" in logs


class Unpickler:
    """Unpickling it creates a file: proof that a worker decoded a pickle."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Any, ...]:
        return (open, (self.path, "w"))


def test_one_worker_per_site_a_dead_holder_lets_go_and_a_run_cap(redis_server: Any) -> None:
    from touchaudit.fleet.leases import Leases, connect

    leases = Leases(connect(redis_server.url()), ttl=1.0)
    first = leases.take("https://shop.example/", 1, None)
    assert first is not None
    assert leases.take("https://shop.example/", 2, None) is None  # another worker, even for another run, waits
    time.sleep(1.5)  # a live holder keeps it: its process renews it, whatever its task is doing
    assert leases.take("https://shop.example/", 2, None) is None
    leases.forget(first)  # the holder's process died: nothing renews it any more
    time.sleep(1.3)
    assert leases.take("https://shop.example/", 2, None) is not None
    capped = [leases.take(f"https://{name}.example/", 3, 2) for name in ("a", "b", "c")]
    assert capped[0] and capped[1] and capped[2] is None  # two of run 3's sites at a time
    capped[0].release()
    assert leases.take("https://c.example/", 3, 2) is not None


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_redelivered_site_replaces_its_scan_never_duplicates(tmp_path: Path, backend: str, request: Any) -> None:
    from touchaudit.history.rows import SiteEntry
    from touchaudit.history.store import open_store

    db = str(tmp_path / "t.db") if backend == "sqlite" else request.getfixturevalue("postgres").new_database()
    with open_store(db) as store:
        run = store.start_run("portfolio", {"fleet": True})
    site = SiteEntry("https://shop.example/")
    barrier = threading.Barrier(2)

    def deliver(score: int) -> None:  # two workers store the same site of the run at the same moment
        with open_store(db) as store:
            barrier.wait()
            store.save(run, site, {"score": score, "scan": {"status": "ok"}}, replace=True)

    threads = [threading.Thread(target=deliver, args=(score,)) for score in (70, 80)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    with open_store(db) as store:
        store.save(run, site, {"score": 90, "scan": {"status": "ok"}}, replace=True)  # a late re-delivery
        scans = store.scans("https://shop.example/")
        assert [(s.run_id, s.score) for s in scans] == [(run, 90)] and store.has_scan(run, "https://shop.example")


def test_the_web_app_hands_audits_to_the_fleet(tmp_path: Path, shop: Any, postgres: Any, redis_server: Any) -> None:
    db, broker = with_password(postgres.new_database()), redis_server.url()
    app = WebApp(tmp_path / "web", "--allow-private", "--broker", broker, db=db)
    try:
        token = {"Authorization": f"Bearer {app.api_token()}"}
        client = app.client()
        started = client.post("/api/audits", json={"url": shop("es_shopify").url("/"), "budget": 4}, headers=token)
        assert started.status_code == 202, started.text
        audit_id = started.json()["id"]
        assert client.get(f"/api/audits/{audit_id}", headers=token).json()["ahead"] == 0  # no worker yet: queued first
        log = tmp_path / "celery.log"
        with log.open("w") as out:  # Celery's own command line runs the same worker
            worker = subprocess.Popen([sys.executable, "-m", "celery", "-A", "touchaudit.fleet", "worker", "-n", "w@test",
                                       "--loglevel", "INFO"], env={**child_env(), "TOUCHAUDIT_BROKER": broker,
                                                                   "TOUCHAUDIT_DB": db}, stdout=out, stderr=subprocess.STDOUT)
        status = app.wait(client, audit_id, **token)
        worker.terminate()
        assert worker.wait(60) == 0 and "w@test ready." in log.read_text()
        assert status["status"] == "done" and status["error"] is None, status
        result = client.get(f"/api/audits/{audit_id}/result", headers=token).json()
        assert result["score"] > 50 and result["scan"]["pages_fetched"] <= 4
        tally = redis.Redis.from_url(broker)
        assert [tally.hget(key, "w@test|sites") for key in tally.scan_iter("touchaudit:*:run:1:workers")] == [b"1"]
        for text in (app.log.read_text(), log.read_text()):
            assert DB_SECRET not in text and BROKER_SECRET not in text
    finally:
        app.stop()


def test_the_follower_writes_a_report_whose_scan_committed_after_a_newer_one(tmp_path: Path, postgres: Any) -> None:
    """PostgreSQL hands out scan ids when a row is inserted, and two workers' transactions commit in
    any order: a follower that read id N+1 first must still write the report of id N."""
    from touchaudit.history.rows import SiteEntry
    from touchaudit.history.store import open_store
    from touchaudit.portfolio.report import RunReports

    db = postgres.new_database()
    result = {"score": 80, "scan": {"status": "ok", "pages_fetched": 1}, "checks": [], "site": {}}
    with open_store(db) as store:
        run, other = store.start_run("portfolio", {"fleet": True}), store.start_run("portfolio", {})
        store.save(other, SiteEntry("https://late.example/"), result)  # the late site's row exists
    reports = RunReports(run, tmp_path / "out", db, [], "en", None, {})
    with psycopg.connect(db) as slow:  # worker A: inserted, not committed
        columns = [r[0] for r in slow.execute("SELECT column_name FROM information_schema.columns WHERE "
                                              "table_name = 'scans' AND column_name NOT IN ('id', 'run_id')")]
        listed = ", ".join(columns)
        slow.execute(f"INSERT INTO scans (run_id, {listed}) SELECT %s, {listed} FROM scans WHERE run_id = %s", (run, other))
        with open_store(db) as store:  # worker B commits a newer id; the follower reads it
            store.save(run, SiteEntry("https://early.example/"), result)
            assert reports.write_new(store) == 1
        slow.commit()
    with open_store(db) as store:
        assert reports.write_new(store) == 0  # past the id already read: the bug this guards against
        assert reports.write_missed(store) == 1
    assert sorted(p.name.split("-")[0] for p in (reports.run.folder / "sites").glob("*.json")) == ["early.example", "late.example"]


@pytest.mark.parametrize("url,shown_as", [
    ("redis://:s3cret@broker:6379/0", "redis://:***@broker:6379/0"),
    ("redis://:pa/ss@broker:6379/0", "redis://:***@broker:6379/0"),  # "/" unencoded: a parser reads a path
    ("postgresql://audit:p#w?d@db/touchaudit", "postgresql://audit:***@db/touchaudit"),
    ("redis://broker:6379/0?password=s3cret&db=1", "redis://broker:6379/0?password=***&db=1"),
    ("postgresql://audit@db/t?sslmode=require&sslpassword=s3cret", "postgresql://audit@db/t?sslmode=require&sslpassword=***"),
    ("redis://broker:6379/0", "redis://broker:6379/0"),
])
def test_a_url_is_shown_without_its_password(url: str, shown_as: str) -> None:
    from touchaudit.fleet.settings import shown

    assert shown(url) == shown_as
