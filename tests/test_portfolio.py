"""Portfolio scans through the real CLI: many fixture shops in one process, an unreachable one
among them, history across two scans of a shop that changed, resume after a killed run, CSV."""
from __future__ import annotations

import csv
import io
import json
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from conftest import ROOT, SITES, child_env


def cli(*args: str, cwd: Path, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "touchaudit.cli", *args], cwd=cwd, env=child_env(),
                          capture_output=True, text=True, timeout=timeout)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_portfolio_with_an_unreachable_shop_and_a_bad_row(tmp_path: Path, shop: Any) -> None:
    listing = tmp_path / "sites.csv"
    listing.write_text(
        "url,name,tags,lang,country\n"
        f"{shop('es_shopify').url('/')},Cocina Alba,cocina;es,es,ES\n"
        f"{shop('en_custom').url('/')},\"=HYPERLINK(\"\"http://x\"\")\",outdoor,en,US\n"
        f"{shop('es_bare').url('/')},Fundas Koi,,,\n"
        f"http://127.0.0.1:{closed_port()}/,Cerrada,,,\n"
        "ftp://not-a-shop.example/,Mala fila,,,\n", "utf-8")
    proc = cli("portfolio", str(listing), "--db", str(tmp_path / "ta.db"), "--out", str(tmp_path / "out"),
               "--no-progress", "--concurrency", "3", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "5 of 5 sites scanned" in proc.stdout and "2 not auditable" in proc.stdout
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "portfolio.csv").read_text("utf-8"))))
    by_name = {r["name"]: r for r in rows}
    assert by_name["Cerrada"]["scan_status"] == "unreachable" and "refused" in by_name["Cerrada"]["reason"]
    assert by_name["Mala fila"]["scan_status"] == "error" and "scheme" in by_name["Mala fila"]["reason"]
    assert by_name["Cocina Alba"]["scan_status"] == "ok" and by_name["Cocina Alba"]["phone"] == "pass"
    assert by_name["'=HYPERLINK(\"http://x\")"]["email"] == "fail"  # formula neutralised, row complete
    assert all(not r["name"].startswith(("=", "+", "-", "@")) for r in rows)
    reports = sorted(p.name for p in (tmp_path / "out").glob("*_run*/sites/*.json"))
    assert len(reports) == 5
    solo = json.loads(next((tmp_path / "out").glob("*_run*/sites/Cocina-Alba-*.json")).read_text("utf-8"))
    assert {c["id"]: c["status"] for c in solo["checks"]}["contact_channels"] == "pass"
    dashboard = (tmp_path / "out" / "dashboard.html").read_text("utf-8")
    assert "Cocina Alba" in dashboard and "=HYPERLINK" in dashboard and "<script src" not in dashboard


def test_history_shows_what_changed_and_regressions_fail_the_run(tmp_path: Path, serve_dir: Any) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITES / "es_bare", site)
    server = serve_dir(site)
    listing = tmp_path / "sites.txt"
    listing.write_text(f"# one shop\n{server.url('/')}\n", "utf-8")
    db = str(tmp_path / "ta.db")
    first = cli("portfolio", str(listing), "--db", db, "--out", str(tmp_path / "out"), "--no-progress", cwd=tmp_path)
    assert first.returncode == 0, first.stderr[-3000:]
    for page in (p for p in site.rglob("*") if p.is_file() and p.suffix in ("", ".html")):
        text = page.read_text("utf-8")  # the shop drops its e-mail address everywhere
        page.write_text(text.replace("mailto:", "https://example.invalid/").replace("@fundaskoi", " en fundaskoi"), "utf-8")
    second = cli("portfolio", str(listing), "--db", db, "--out", str(tmp_path / "out"), "--no-progress",
                 "--fail-on-regression", cwd=tmp_path)
    assert second.returncode == 1, second.stdout + second.stderr[-2000:]
    assert f"regressed: {server.url('/')}" in second.stdout
    history = cli("history", server.url("/"), "--db", db, "--lang", "en", cwd=tmp_path)
    assert history.returncode == 0, history.stderr
    assert "removed" in history.stdout and "e-mail" in history.stdout.lower()
    as_json = json.loads(cli("history", server.url("/"), "--db", db, "--json", cwd=tmp_path).stdout)
    assert len(as_json["scans"]) == 2


def test_resume_after_a_killed_run_scans_only_the_rest(tmp_path: Path, shop: Any) -> None:
    urls = [shop(name).url("/") for name in ("es_bare", "es_shopify", "es_woocommerce", "en_custom")]
    listing = tmp_path / "sites.txt"
    listing.write_text("\n".join(urls) + "\n", "utf-8")
    db = tmp_path / "ta.db"
    args = [sys.executable, "-m", "touchaudit.cli", "portfolio", str(listing), "--db", str(db),
            "--out", str(tmp_path / "out"), "--no-progress", "--concurrency", "1"]
    proc = subprocess.Popen(args, cwd=tmp_path, env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    from touchaudit.history.store import open_store

    def committed() -> int:
        if not db.exists():
            return 0
        with open_store(str(db)) as store:
            return sum(len(store.scans(u)) for u in urls)

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and committed() == 0:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)  # no chance to clean up: only committed scans survive
    proc.wait(timeout=30)
    done_before = committed()
    assert 1 <= done_before < len(urls)
    resumed = cli("portfolio", str(listing), "--db", str(db), "--out", str(tmp_path / "out"), "--no-progress",
                  "--resume", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert f"{len(urls)} of {len(urls)} sites scanned ({done_before} done before the resume)" in resumed.stdout
    with open_store(str(db)) as store:
        assert all(len(store.scans(u)) == 1 for u in urls)  # nothing finished was scanned twice


def test_portfolio_options_reach_every_site(tmp_path: Path, shop: Any) -> None:
    """Each site's crawl gets the run's options (Scrapy merges runner settings into crawlers)."""
    listing = tmp_path / "sites.txt"
    listing.write_text(f"{shop('es_shopify').url('/')}\n{shop('en_custom').url('/')}\n", "utf-8")
    proc = cli("portfolio", str(listing), "--db", str(tmp_path / "t.db"), "--out", str(tmp_path / "out"),
               "--no-progress", "--budget", "3", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    for report in (tmp_path / "out").glob("*_run*/sites/*.json"):
        scan = json.loads(report.read_text("utf-8"))["scan"]
        assert scan["budget"] == 3 and scan["pages_fetched"] <= 3, (report.name, scan["pages_fetched"])
