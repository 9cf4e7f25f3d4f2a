"""What rendering costs: a rendered page against a plain fetch, and a portfolio where 10 % of shops
need a browser against the same portfolio with rendering off. One run, one farm, 127.0.0.1.

`python benchmarks/bench_render.py [--sites 40] [--pages 10] [--spa-every 10] [--browser PATH]`
builds the synthetic farm (farm.py); every `--spa-every`-th site is turned into a single-page app
(the server sends an empty shell, a script writes the same page), as a React storefront would be.
(1) One server-rendered site audited with `--render never` and with `--render always`: the
difference per page is what rendering one page costs. (2) `touchaudit portfolio` over the whole
farm with `--render auto` and with `--render never`. CPU counts every process of the run
(touchaudit, its page workers, Playwright's driver and Chromium's processes); peak memory is the
largest sum of PSS over the process tree, sampled twice a second. Nothing is asserted (not a timed test).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from bench_portfolio import measure  # noqa: E402
from farm import build_site  # noqa: E402

_BODY = re.compile(r"(<body[^>]*>)(.*)(</body>)", re.S)


def as_single_page_app(site: Path) -> None:
    """Every page of `site` becomes a shell whose script writes the page's body once loaded."""
    for page in site.rglob("index.html"):
        html = page.read_text("utf-8")
        match = _BODY.search(html)
        if match is None:
            continue
        body = json.dumps(match.group(2)).replace("</", "<\\/")
        shell = (f"{match.group(1)}<div id='root'></div><script>"
                 f"document.getElementById('root').innerHTML = {body};</script>{match.group(3)}")
        page.write_text(html[:match.start()] + shell + html[match.end():], "utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sites", type=int, default=40)
    ap.add_argument("--pages", type=int, default=10, help="page budget per site")
    ap.add_argument("--products", type=int, default=24, help="product pages per synthetic site")
    ap.add_argument("--spa-every", type=int, default=10, help="every N-th site is a single-page app (10: 10 %%)")
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--browser", help="the Chromium to render with (default: chromium on PATH)")
    args = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    browser = ["--browser", args.browser] if args.browser else []
    cli = [sys.executable, "-m", "touchaudit.cli"]
    with tempfile.TemporaryDirectory() as tmp:
        farm = Path(tmp) / "farm"
        spas = 0
        for i in range(args.sites):
            site = build_site(farm, i, args.products)
            if (i + 1) % args.spa_every == 0:
                as_single_page_app(site)
                spas += 1
        server = subprocess.Popen([sys.executable, str(HERE / "farm_server.py"), str(farm)],
                                  stdout=subprocess.PIPE, text=True, env=env)
        urls = []
        for line in server.stdout:  # type: ignore[union-attr]
            if line.strip() == "ready":
                break
            urls.append(f"http://127.0.0.1:{line.split()[0]}/")
        try:
            single: dict[str, tuple[float, float, int, int]] = {}
            for mode in ("never", "always"):
                out = Path(tmp) / f"single-{mode}.json"
                wall, cpu, peaks, _ = measure([*cli, "audit", urls[0], "--budget", str(args.pages), "--render", mode,
                                             "--render-budget", str(args.pages), *browser, "--json", str(out),
                                             "-o", str(Path(tmp) / "single.html"), "--no-progress"], env)
                rss = peaks["tree"]
                scan = json.loads(out.read_text())["scan"]
                single[mode] = (wall, cpu, rss, scan["pages_fetched"])
                rendered = scan["render"]["pages"]
            listing = Path(tmp) / "sites.txt"
            listing.write_text("\n".join(urls) + "\n")
            runs: dict[str, tuple[float, float, int, int, int, int]] = {}
            for mode in ("never", "auto"):
                out = Path(tmp) / f"out-{mode}"
                wall, cpu, peaks, _ = measure([*cli, "portfolio", str(listing), "--db", f"{tmp}/{mode}.db", "--out", str(out),
                                             "--no-progress", "--budget", str(args.pages), "--concurrency",
                                             str(args.concurrency), "--render", mode, *browser], env)
                rss = peaks["tree"]
                scans = [json.loads(p.read_text())["scan"] for p in (out / "sites").glob("*.json")]
                audited = sum(1 for s in scans if s["status"] in ("ok", "partial"))
                runs[mode] = (wall, cpu, rss, sum(s["pages_fetched"] for s in scans), audited,
                              sum((s.get("render") or {}).get("pages", 0) for s in scans))
        finally:
            server.terminate()
    (nw, nc, nr, np), (aw, ac, ar, ap_) = single["never"], single["always"]
    print(f"(1) one site, {args.pages}-page budget: --render never {np} pages in {nw:.1f} s, {nc:.1f} CPU s, "
          f"peak {nr} MB; --render always {ap_} pages ({rendered} rendered) in {aw:.1f} s, {ac:.1f} CPU s, peak {ar} MB")
    print(f"    per page: plain fetch {nw / np * 1000:.0f} ms wall, {nc / np * 1000:.0f} CPU ms; rendered "
          f"{aw / ap_ * 1000:.0f} ms wall, {ac / ap_ * 1000:.0f} CPU ms; rendering adds "
          f"{(ac - nc) / max(rendered, 1) * 1000:.0f} CPU ms and {(aw - nw) / max(rendered, 1) * 1000:.0f} ms wall per "
          f"rendered page, {ar - nr} MB peak memory")
    print(f"(2) portfolio, {args.sites} sites ({spas} single-page apps), {args.pages}-page budget, "
          f"{args.concurrency} sites at a time:")
    for mode in ("never", "auto"):
        wall, cpu, rss, pages, audited, rendered_pages = runs[mode]
        print(f"    --render {mode:6} {audited:4} sites audited, {pages:5} pages, {rendered_pages:3} rendered  {wall:6.1f} s  "
              f"{args.sites / wall * 60:6.1f} sites/min  {cpu:6.1f} CPU s  {cpu * 1000 / max(pages, 1):5.1f} CPU ms/page  "
              f"peak {rss} MB")


if __name__ == "__main__":
    main()
