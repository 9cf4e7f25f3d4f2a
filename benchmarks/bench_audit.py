"""Measure one audit of a synthetic shop: wall time, pages/s, CPU ms per page, peak RSS.

`python benchmarks/bench_audit.py [--budget 40] [--products 120]` builds a farm site in a temp folder,
serves it on 127.0.0.1 in a subprocess and runs `touchaudit audit` in another, measured with
resource.getrusage of the child. Numbers go to stdout; nothing is asserted (not a timed test).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from farm import build_site  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--budget", type=int, default=40)
    ap.add_argument("--products", type=int, default=120)
    ap.add_argument("--site", type=int, default=0, help="farm site index (even: Spanish, odd: English)")
    args = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=str(HERE.parent))
    with tempfile.TemporaryDirectory() as tmp:
        root = build_site(Path(tmp), args.site, args.products)
        sizes = [p.stat().st_size for p in root.rglob("*.html")]
        server = subprocess.Popen([sys.executable, "-m", "touchaudit.demo.server", str(root)], stdout=subprocess.PIPE, text=True, env=env)
        port = int(server.stdout.readline())  # type: ignore[union-attr]
        try:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "touchaudit.cli", "audit", f"http://127.0.0.1:{port}/",
                                   "--budget", str(args.budget), "--json", f"{tmp}/r.json", "-o", f"{tmp}/r.html", "--no-progress"],
                                  env=env, capture_output=True, text=True)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
        finally:
            server.terminate()
        if proc.returncode != 0:
            sys.exit(proc.stderr)
        pages = json.loads(Path(tmp, "r.json").read_text())["scan"]["pages_fetched"]
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        print(f"site pages: {len(sizes)}, mean page size {sum(sizes) / len(sizes) / 1024:.0f} KB")
        print(f"pages fetched: {pages} (budget {args.budget})")
        print(f"wall: {wall:.2f} s  pages/s: {pages / wall:.1f}")
        print(f"CPU of the audit process: {cpu:.2f} s ({cpu * 1000 / max(pages, 1):.1f} ms per page, incl. start-up)")
        print(f"peak RSS of the audit process: {after.ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
