"""A fleet of real `touchaudit worker` processes on a real Redis and PostgreSQL, through the real CLI:
a worker killed mid-run and the broker restarted lose nothing and store nothing twice; a site that
kills its worker ends as `error`; Ctrl-C gives a worker's sites back; a run's cap holds across
workers; only JSON messages naming touchaudit's tasks are run."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import redis
from conftest import ROOT, child_env
from fleet import BROKER_SECRET, broker_state, DB_SECRET, cli, copy_shop, redis_server, wait_for, with_password, workers  # noqa: F401
from pg import postgres  # noqa: F401

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


def test_a_killed_worker_and_a_broker_restart_lose_nothing_and_store_nothing_twice(
        tmp_path: Path, serve_dir: Any, postgres: Any, redis_server: Any, workers: Any) -> None:
    urls = [serve_dir(copy_shop(tmp_path, name, i), "--delay", "0.15").url("/") for i, name in enumerate(SHOPS * 3)]
    listing = tmp_path / "sites.csv"
    listing.write_text("url,name\n" + "".join(f"{u},Shop {i}\n" for i, u in enumerate(urls)), "utf-8")
    db, broker = with_password(postgres.new_database()), redis_server.url()
    fleet = [workers(f"w{i}", broker, db) for i in (1, 2, 3)]
    follower = portfolio(str(listing), "--broker", broker, "--db", db, "--out", str(tmp_path / "fleet"),
                         "--budget", "3", cwd=tmp_path)
    queue = redis.Redis.from_url(broker)
    wait_for(lambda: stored_counts(db) and b"celery@w1" in queue.hvals("touchaudit:run:1:inflight"), 90,
             "a stored site and one in flight on w1", alive=follower)
    fleet[0].proc.kill()  # kill -9 mid-site: its sites come back after the visibility timeout
    redis_server.restart()  # the broker crashes once; the queue survives in its append-only file
    try:
        out, err = follower.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        raise AssertionError((broker_state(broker), stored_counts(db), fleet[1].text[-3000:])) from None
    assert follower.returncode == 0, (out, err[-3000:], fleet[1].text[-3000:])
    assert f"portfolio: {len(urls)} of {len(urls)} sites scanned" in out
    assert "celery@w2:" in out and "celery@w3:" in out  # per worker
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
