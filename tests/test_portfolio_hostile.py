"""One portfolio run over the whole hostile farm plus healthy shops: it completes, every broken site
gets its row, and every healthy shop's result is the same as its solo audit."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest
from hostile import HostileFarm, cases

from conftest import child_env, run_cli

FLAGS = ("--timeout", "2", "--site-timeout", "30")
HEALTHY = ("es_shopify", "es_woocommerce", "en_custom")


@pytest.fixture(scope="module")
def farm() -> Iterator[HostileFarm]:
    server = HostileFarm(env=child_env())
    yield server
    server.stop()


def findings(result: dict[str, Any]) -> dict[str, Any]:
    return {"score": result["score"], "checks": [(c["id"], c["status"], c["facts"]) for c in result["checks"]],
            "pages": sorted(p["url"] for p in result["scan"]["pages"])}


def test_portfolio_over_the_hostile_farm(tmp_path: Path, farm: HostileFarm, shop: Any) -> None:
    bad, seen = [], set()
    for case in cases():  # stateful cases are crawled once, by their own test; one row per address
        if case.name not in ("flaky-500", "rate-limited") and case.url(farm) not in seen:
            seen.add(case.url(farm))
            bad.append(case)
    healthy = {name: shop(name).url("/") for name in HEALTHY}
    listing = tmp_path / "sites.csv"
    listing.write_text("url,name\n" + "".join(f"{c.url(farm)},{c.name}\n" for c in bad)
                       + "".join(f"{url},{name}\n" for name, url in healthy.items()), "utf-8")
    proc = subprocess.run([sys.executable, "-m", "touchaudit.cli", "portfolio", str(listing), "--db", str(tmp_path / "t.db"),
                           "--out", str(tmp_path / "out"), "--no-progress", "--concurrency", "8", *FLAGS],
                          cwd=tmp_path, env=child_env(), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    total = len(bad) + len(healthy)
    assert f"{total} of {total} sites scanned" in proc.stdout
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO((tmp_path / "out" / "portfolio.csv").read_text("utf-8")))}
    for case in bad:  # every broken site has its verdict, with a reason when it is not ok
        assert rows[case.name]["scan_status"] in ("ok", "partial", "unreachable", "blocked", "error"), case.name
        if case.status in ("unreachable", "blocked", "error") and case.name not in ("out-of-time", "slow-pages"):
            assert rows[case.name]["scan_status"] == case.status and rows[case.name]["reason"], case.name
    for name, url in healthy.items():
        stored = json.loads(next((tmp_path / "out").glob(f"*_run*/sites/{name}-*.json")).read_text("utf-8"))
        (tmp_path / name).mkdir()
        solo = run_cli("audit", url, *FLAGS, cwd=tmp_path / name)
        assert findings(stored) == findings(solo.json), name


NEIGHBOURS = ("status-500", "home-404", "redirect-loop", "redirect-away", "binary", "pdf", "js-shell",
              "robots-disallow", "gzip-bomb", "truncated", "endless-headers", "huge")


def test_a_healthy_shop_is_judged_alone_whatever_its_neighbours(tmp_path: Path, farm: HostileFarm, shop: Any) -> None:
    """Issue 14, case 18: a healthy shop among hostile ones and a refused port, all on 127.0.0.1, run
    after run, gets the result of its solo audit and every neighbour keeps its own verdict."""
    healthy = shop("es_bare").url("/")
    expected = {c.name: c.status for c in cases() if c.name in NEIGHBOURS}
    listing = tmp_path / "sites.csv"
    listing.write_text("url,name\n" + "".join(f"{farm.url(n)},{n}\n" for n in NEIGHBOURS[:6])
                       + f"{healthy},healthy\nhttp://127.0.0.1:9/,port-9\n"
                       + "".join(f"{farm.url(n)},{n}\n" for n in NEIGHBOURS[6:]), "utf-8")
    flags = ("--timeout", "2", "--site-timeout", "15", "--budget", "5")
    solo = run_cli("audit", healthy, *flags, cwd=tmp_path)
    for attempt in range(2):
        out = tmp_path / f"out{attempt}"
        proc = subprocess.run([sys.executable, "-m", "touchaudit.cli", "portfolio", str(listing), "--db", str(tmp_path / "t.db"),
                               "--out", str(out), "--no-progress", *flags], cwd=tmp_path, env=child_env(),
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr[-3000:]
        rows = {r["name"]: r for r in csv.DictReader(io.StringIO((out / "portfolio.csv").read_text("utf-8")))}
        assert {n: rows[n]["scan_status"] for n in expected} == expected, attempt
        assert rows["port-9"]["scan_status"] == "unreachable" and "refused" in rows["port-9"]["reason"]
        stored = json.loads(next(out.glob("*_run*/sites/healthy-*.json")).read_text("utf-8"))
        assert findings(stored) == findings(solo.json), attempt
