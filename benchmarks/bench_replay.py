"""Measure what a replay costs on a big capture: indexing, listing the site's pages, one audit.

`python benchmarks/bench_replay.py [--products 1000] [--budget 40]` writes every page of a farm site
(dense markup, ~60-90 KB a page) into one gzip WARC as a browser-session recorder would (request
and response pairs), then measures: reading and indexing the file (best of 3), listing the site's
archived pages with their titles (what `--replay` ranks, best of 3), and one `touchaudit audit
--replay` in a subprocess (wall, CPU, peak RSS). Numbers go to stdout; nothing is asserted.
"""
from __future__ import annotations

import argparse
import io
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
sys.path.insert(0, str(HERE.parent))
from farm import build_site  # noqa: E402
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from touchaudit.archive import index as archive_index  # noqa: E402
from touchaudit.archive.site import ArchivedSite  # noqa: E402
from touchaudit.sites import SiteScope  # noqa: E402

ORIGIN = "https://www.tienda-farm.es"


def write_capture(root: Path, path: Path) -> int:
    """Every .html page of the farm site, at the URL the demo server would serve it from."""
    count = 0
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "bench_replay"}))
        for page in sorted(root.rglob("*.html")):
            rel = page.relative_to(root).as_posix()
            url = ORIGIN + "/" + (rel[:-len("index.html")] if rel.endswith("index.html") else rel[:-len(".html")])
            body = page.read_text("utf-8").replace("__ORIGIN__", ORIGIN).encode()
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            resp = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
            req_http = StatusAndHeaders(f"GET /{rel} HTTP/1.1", [("Host", ORIGIN[8:])], is_http_request=True)
            req = writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=req_http)
            writer.write_request_response_pair(req, resp)
            count += 1
    return count


def best_of(n: int, fn: object) -> tuple[float, object]:
    times, result = [], None
    for _ in range(n):
        start = time.perf_counter()
        result = fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--products", type=int, default=1000)
    ap.add_argument("--budget", type=int, default=40)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = build_site(Path(tmp), 0, args.products)
        warc = Path(tmp, "capture.warc.gz")
        pages = write_capture(root, warc)
        print(f"capture: {pages} pages, {warc.stat().st_size / 1e6:.1f} MB gzip WARC")
        load = archive_index._cached.__wrapped__  # bypass the per-process cache
        seconds, index = best_of(3, lambda: load(warc, 0, 0))
        print(f"index: {seconds:.2f} s ({seconds * 1e3 / pages:.2f} ms per page)")
        site, scope = ArchivedSite(index), SiteScope(ORIGIN + "/")  # type: ignore[arg-type]
        seconds, listed = best_of(3, lambda: list(site.pages(scope)))
        print(f"archived pages listed with titles: {len(listed)} in {seconds:.2f} s"  # type: ignore[arg-type]
              f" ({seconds * 1e3 / max(len(listed), 1):.2f} ms per page)")  # type: ignore[arg-type]
        env = dict(os.environ, PYTHONPATH=str(HERE.parent))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "touchaudit.cli", "audit", ORIGIN + "/", "--replay", str(warc),
                               "--budget", str(args.budget), "--json", f"{tmp}/r.json", "-o", f"{tmp}/r.html",
                               "--no-progress"], env=env, capture_output=True, text=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            sys.exit(proc.stderr)
        fetched = json.loads(Path(tmp, "r.json").read_text())["scan"]["pages_fetched"]
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        print(f"replay audit: {fetched} pages (budget {args.budget}), wall {wall:.2f} s, CPU {cpu:.2f} s,"
              f" peak RSS {after.ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
