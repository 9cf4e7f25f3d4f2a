"""Fleet throughput on a latency farm: sites/min for the local portfolio and for 1, 2 and 3 workers.

    python benchmarks/bench_fleet.py --sites 120 --pages 10 [--delay 0.3] [--concurrency 4] [--batches 1,5]

Every answer of the farm (benchmarks/farm.py pages, served by farm_server.py) waits `--delay`
seconds, as the real web does; a crawl then mostly waits, so on this 2-core machine three workers
(each `--concurrency` sites at a time) are three times the sites in flight, not three times the
CPU. Measured in one run, each on a fresh database: (L) `touchaudit portfolio` locally with
`--concurrency` sites at a time (SQLite, the default); (Fn) a real Redis and PostgreSQL, n
`touchaudit worker`s started and ready, then `touchaudit portfolio --broker` timed from queueing
to the dashboard written. Prints wall time, sites/min, pages, CPU seconds per site (every process:
follower, workers and their page readers) and ratios to (L) and (F1). Nothing is asserted.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT / "tests")]


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd[:4])} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return time.perf_counter() - start, proc.stdout


def start_workers(count: int, broker: str, db: str, concurrency: int, logs: Path, env: dict[str, str]) -> list[subprocess.Popen[bytes]]:
    procs = []
    for i in range(count):
        log = (logs / f"worker{count}-{i}.log").open("w")
        procs.append(subprocess.Popen([sys.executable, "-m", "touchaudit.cli", "worker", "--broker", broker, "--db", db,
                                       "--name", f"w{i + 1}", "--concurrency", str(concurrency), "--site-timeout", "120"],
                                      env=env, stdout=log, stderr=subprocess.STDOUT))
    for i, proc in enumerate(procs):
        path = logs / f"worker{count}-{i}.log"
        deadline = time.monotonic() + 60
        while "ready" not in path.read_text():
            if proc.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"worker {i} did not start:\n{path.read_text()[-2000:]}")
            time.sleep(0.2)
    return procs


def stop_workers(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        proc.send_signal(signal.SIGTERM)
    for proc in procs:
        proc.wait(60)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sites", type=int, default=120)
    ap.add_argument("--distinct", type=int, default=20, help="site folders built; each served on sites/distinct ports")
    ap.add_argument("--pages", type=int, default=10, help="page budget per site")
    ap.add_argument("--products", type=int, default=8, help="product pages per synthetic site")
    ap.add_argument("--delay", type=float, default=0.3, help="seconds before every answer of the farm")
    ap.add_argument("--concurrency", type=int, default=4, help="sites at a time: the local run's and each worker's")
    ap.add_argument("--workers", default="1,2,3")
    ap.add_argument("--batches", default="1", help="sites per task to compare, e.g. 1,5 (the extra sizes run with the most workers)")
    args = ap.parse_args()
    from farm import build_site
    from pg import PgServer, find_or_install as find_pg
    from redisd import RedisServer, find_or_install as find_redis

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    rows: list[tuple[str, float, int, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        farm, logs = Path(tmp) / "farm", Path(tmp) / "logs"
        logs.mkdir()
        for i in range(args.distinct):
            build_site(farm, i, args.products)
        server = subprocess.Popen([sys.executable, str(HERE / "farm_server.py"), str(farm), "--delay", str(args.delay),
                                   "--copies", str(max(1, args.sites // args.distinct))], stdout=subprocess.PIPE, text=True, env=env)
        urls = []
        for line in server.stdout:  # type: ignore[union-attr]
            if line.strip() == "ready":
                break
            urls.append(f"http://127.0.0.1:{line.split()[0]}/")
        listing = Path(tmp) / "sites.txt"
        listing.write_text("\n".join(urls) + "\n")
        redis, pg = RedisServer(find_redis()), PgServer(find_pg())
        redis.start()
        pg.start()
        common = ["--budget", str(args.pages), "--no-progress"]
        try:
            before = cpu_of_children()
            wall, out = timed([sys.executable, "-m", "touchaudit.cli", "portfolio", str(listing), "--db", f"{tmp}/local.db",
                               "--out", f"{tmp}/local", "--concurrency", str(args.concurrency), *common], env)
            rows.append(("(L) local portfolio", wall, _pages_local(Path(tmp, "local")), cpu_of_children() - before))
            counts = [int(n) for n in args.workers.split(",")]
            plan = [(n, 1) for n in counts] + [(max(counts), int(b)) for b in args.batches.split(",") if int(b) != 1]
            for n, batch in plan:
                db = pg.new_database()
                procs = start_workers(n, redis.url(), db, args.concurrency, logs, env)
                before = cpu_of_children()
                wall, out = timed([sys.executable, "-m", "touchaudit.cli", "portfolio", str(listing), "--broker", redis.url(),
                                   "--db", db, "--out", f"{tmp}/fleet{n}-{batch}", "--batch", str(batch), *common], env)
                stop_workers(procs)
                found = re.search(r"(\d+) pages in", out)
                label = f"(F{n}) {n} worker{'s' if n > 1 else ''}" + (f", {batch} sites per task" if batch > 1 else "")
                rows.append((label, wall, int(found.group(1)) if found else 0, cpu_of_children() - before))
        finally:
            redis.stop()
            pg.stop()
            server.terminate()
    print(f"latency farm: {len(urls)} sites ({args.distinct} distinct), {args.pages}-page budget, {args.delay:g} s per answer, "
          f"{args.concurrency} sites at a time per process; {os.cpu_count()} cores")
    local, one = rows[0][1], next((r[1] for r in rows if r[0].startswith("(F1)")), None)
    for label, wall, pages, cpu in rows:
        ratios = f"x{local / wall:4.2f} local" + (f"  x{one / wall:4.2f} F1" if one and label[1] == "F" else "")
        print(f"{label:34} {wall:6.1f} s  {len(urls) / wall * 60:6.1f} sites/min  {pages:5} pages  "
              f"{cpu / len(urls):5.2f} CPU s/site  {ratios}")


def _pages_local(out: Path) -> int:
    import json

    return sum(json.loads(p.read_text())["scan"]["pages_fetched"] for p in out.glob("*_run*/sites/*.json"))


if __name__ == "__main__":
    main()
