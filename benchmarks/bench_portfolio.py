"""Portfolio speed and memory against the framework's own ceiling, measured in the same run.

    python benchmarks/bench_portfolio.py --sites 200 --pages 40 [--concurrency 8]

Builds a farm of synthetic shops (benchmarks/farm.py: dense markup, Spanish and English), serves
it on 127.0.0.1 from one process, then measures, each in its own process:
  (a) a plain Scrapy spider that only follows same-site links within the same page budget and
      the same per-site concurrency, one crawler per site, N sites at a time — no parsing beyond
      link extraction: the ceiling of the framework on this machine;
  (b) `touchaudit portfolio` on the same farm (crawl, page records, 15 checks, reports, SQLite).
Prints pages/s, sites/min, CPU ms per page, peak RSS of each, and the ratio b/a.
Nothing is asserted: this is a measurement, not a test.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

PLAIN = r'''
import sys, json
from urllib.parse import urlsplit
import scrapy
from scrapy.crawler import CrawlerProcess, Crawler
from scrapy.utils.reactor import install_reactor

urls, budget, concurrency = json.loads(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
pages = [0]

class Plain(scrapy.Spider):
    name = "plain"
    def __init__(self, url, **kw):
        super().__init__(**kw)
        self.start_urls, self.netloc, self.seen, self.count = [url], urlsplit(url).netloc, {url}, 0
    def parse(self, response):
        self.count += 1
        pages[0] += 1
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href)
            if urlsplit(url).netloc == self.netloc and url not in self.seen and len(self.seen) < budget:
                self.seen.add(url)
                yield scrapy.Request(url)

# the same politeness as touchaudit's defaults: robots.txt, AutoThrottle, 4 per site; and the same
# engine trims as touchaudit/settings.py (CONCURRENT_ITEMS 8, no remote control, memory or log-stats
# extensions, no depth/URL-length/meta-copy middlewares), so the ceiling is the framework at its
# best here, not at its defaults
settings = {"LOG_LEVEL": "ERROR", "ROBOTSTXT_OBEY": True, "CONCURRENT_REQUESTS_PER_DOMAIN": 4, "CONCURRENT_ITEMS": 8,
            "REMOTE_CONTROL_ENABLED": False, "MEMUSAGE_ENABLED": False, "LOGSTATS_INTERVAL": 0,
            "SPIDER_MIDDLEWARES": {"scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
                                   "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
                                   "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None},
            "TELNETCONSOLE_ENABLED": False, "DOWNLOAD_TIMEOUT": 20, "AUTOTHROTTLE_ENABLED": True,
            "AUTOTHROTTLE_START_DELAY": 0.5, "AUTOTHROTTLE_MAX_DELAY": 10.0, "AUTOTHROTTLE_TARGET_CONCURRENCY": 2.0}
process = CrawlerProcess(settings)
install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
from twisted.internet import reactor
queue, active = iter(urls), [0]
def launch():
    while active[0] < concurrency:
        url = next(queue, None)
        if url is None:
            break
        active[0] += 1
        process.crawl(Crawler(Plain, settings), url=url).addBoth(done)
    if active[0] == 0:
        reactor.callLater(0, reactor.stop)
def done(_):
    active[0] -= 1
    launch()
reactor.callWhenRunning(launch)
process.start(stop_after_crawl=False)
print(json.dumps({"pages": pages[0]}))
'''


def _descendants(pid: int) -> list[int]:
    found = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            for child in Path(f"/proc/{pid}/task/{task}/children").read_text().split():
                found += _descendants(int(child))
    except OSError:
        pass
    return found


def _peak_mb(pid: int) -> int:
    try:
        line = next(l for l in Path(f"/proc/{pid}/status").read_text().splitlines() if l.startswith("VmHWM"))
    except (OSError, StopIteration):
        return 0
    return int(line.split()[1]) // 1024


def _pss_kb(pid: int) -> int:
    """Proportional set size: processes that share pages (Chromium's) are not counted twice."""
    try:
        line = next(l for l in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines() if l.startswith("Pss:"))
    except (OSError, StopIteration):
        return 0
    return int(line.split()[1])


def measure(cmd: list[str], env: dict[str, str]) -> tuple[float, float, dict[str, int], str]:
    """(wall s, CPU s, peak RSS MB by process, stdout) of a child process and its workers; peaks
    ["tree"] is the largest summed PSS of the whole process tree (a browser's processes too)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peaks: dict[str, int] = {}
    out: list[str] = []

    tree = [0]

    def sample() -> None:  # /proc, twice a second: the main process and each worker apart
        while proc.poll() is None:
            pids = _descendants(proc.pid)
            for pid in pids:
                role = "main" if pid == proc.pid else "worker"
                peaks[role] = max(peaks.get(role, 0), _peak_mb(pid))
            tree[0] = max(tree[0], sum(_pss_kb(pid) for pid in pids) // 1024)
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - start
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1, 3):
        sys.exit(f"{cmd[:4]} failed:\n{stderr[-3000:]}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    peaks["any"] = max(after.ru_maxrss // 1024, *peaks.values(), 0)
    peaks["tree"] = tree[0]
    return wall, cpu, peaks, stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sites", type=int, default=200)
    ap.add_argument("--pages", type=int, default=40, help="page budget per site")
    ap.add_argument("--products", type=int, default=60, help="product pages per synthetic site")
    ap.add_argument("--concurrency", type=int, default=8, help="sites crawled at once")
    args = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    sys.path.insert(0, str(HERE))
    from farm import build_site

    with tempfile.TemporaryDirectory() as tmp:
        farm = Path(tmp) / "farm"
        for i in range(args.sites):
            build_site(farm, i, args.products)
        server = subprocess.Popen([sys.executable, str(HERE / "farm_server.py"), str(farm)], stdout=subprocess.PIPE, text=True, env=env)
        urls = []
        for line in server.stdout:  # type: ignore[union-attr]
            if line.strip() == "ready":
                break
            urls.append(f"http://127.0.0.1:{line.split()[0]}/")
        try:
            a_wall, a_cpu, a_rss, a_out = measure(
                [sys.executable, "-c", PLAIN, json.dumps(urls), str(args.pages), str(args.concurrency)], env)
            a_pages = json.loads(a_out.strip().splitlines()[-1])["pages"]
            listing = Path(tmp) / "sites.txt"
            listing.write_text("\n".join(urls) + "\n")
            b_wall, b_cpu, b_rss, _ = measure(
                [sys.executable, "-m", "touchaudit.cli", "portfolio", str(listing), "--db", f"{tmp}/bench.db",
                 "--out", f"{tmp}/out", "--no-progress", "--budget", str(args.pages),
                 "--concurrency", str(args.concurrency)], env)
            b_pages = sum(json.loads(p.read_text())["scan"]["pages_fetched"] for p in Path(tmp, "out", "sites").glob("*.json"))
        finally:
            server.terminate()
    print(f"farm: {args.sites} sites x {args.pages}-page budget, {args.concurrency} sites at a time")
    for label, pages, wall, cpu, rss in (("(a) plain Scrapy", a_pages, a_wall, a_cpu, a_rss),
                                         ("(b) touchaudit portfolio", b_pages, b_wall, b_cpu, b_rss)):
        apart = f" (main {rss.get('main', 0)}, largest worker {rss['worker']})" if rss.get("worker") else ""
        print(f"{label:26} {pages:6} pages  {pages / wall:6.1f} pages/s  {args.sites / wall * 60:6.1f} sites/min  "
              f"{cpu * 1000 / max(pages, 1):6.1f} CPU ms/page  peak RSS {rss['any']:4} MB{apart}")
    print(f"ratio b/a (pages/s): {(b_pages / b_wall) / (a_pages / a_wall):.2f}")


if __name__ == "__main__":
    main()
