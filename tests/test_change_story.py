"""The change story everywhere, through three real portfolio runs of two shops, one of which drops its
e-mail address after the first run: dated report folders, "Since the last scan" in each site's
report and Markdown (worded as `touchaudit history`), the CSV's change columns and order, the
regression alert, the dashboard's badge, filter and layout in Chromium, and pruning the store."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from playwright.sync_api import Browser
from test_report_browser import assert_quiet, browser, open_report, screenshot  # noqa: F401 (fixture)

from conftest import ROOT, SITES, ShopServer, child_env


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "touchaudit.cli", *args], cwd=cwd, env=child_env(),
                          capture_output=True, text=True, timeout=240)


def site_report(folder: Path, name: str, suffix: str) -> str:
    return next(folder.glob(f"sites/{name}-*{suffix}")).read_text("utf-8")


@dataclass
class Runs:
    root: Path
    out: Path
    db: Path
    koi: str  # the shop that changes
    second: subprocess.CompletedProcess[str]
    third: subprocess.CompletedProcess[str]
    folders: list[str]  # run folders after the second run
    first_report: str  # the shop's HTML report from the first run, read after the second run


def three_runs(root: Path, fogline: str) -> Runs:
    site = root / "koi"
    shutil.copytree(SITES / "es_bare", site)
    server = ShopServer(site)
    try:
        listing = root / "sites.csv"  # listed out of order: the CSV sorts by name
        listing.write_text(f"url,name\n{server.url('/')},Fundas Koi\n{fogline},Fogline\n", "utf-8")
        out, db = root / "out", root / "ta.db"
        args = ["portfolio", str(listing), "--db", str(db), "--out", str(out), "--no-progress", "--budget", "6", "--lang", "es"]
        first = cli(*args, cwd=root)
        assert first.returncode == 0, first.stderr[-2000:]
        for page in (p for p in site.rglob("*") if p.is_file() and p.suffix in ("", ".html")):  # the shop drops its e-mail
            text = page.read_text("utf-8")
            page.write_text(text.replace("mailto:", "https://example.invalid/").replace("@fundaskoi", " en fundaskoi"), "utf-8")
        second = cli(*args, "--fail-on-regression", cwd=root)
        folders = sorted(p.name for p in out.iterdir() if p.is_dir())
        first_report = site_report(out / folders[0], "Fundas-Koi", ".html")
        third = cli(*args, "--fail-on-regression", "--keep-runs", "2", cwd=root)
    finally:
        server.stop()
    return Runs(root, out, db, server.url("/"), second, third, folders, first_report)


def each_run_writes_its_own_dated_folder_and_old_ones_can_be_dropped(runs: Runs) -> None:
    assert len(runs.folders) == 2 and all(re.fullmatch(r"\d{4}-\d\d-\d\d_\d{4}_run\d+", f) for f in runs.folders)
    assert "Desde el último análisis" not in runs.first_report  # not overwritten by the second run
    assert "Desde el último análisis" in site_report(runs.out / runs.folders[1], "Fundas-Koi", ".html")
    now = sorted(p.name for p in runs.out.iterdir() if p.is_dir())
    assert len(now) == 2 and runs.folders[0] not in now  # --keep-runs 2 dropped the oldest
    assert "informes: " in runs.third.stdout  # --lang es


def site_reports_say_what_changed_in_the_words_of_history(runs: Runs) -> None:
    second = runs.out / runs.folders[1]
    history = cli("history", runs.koi, "--db", str(runs.db), "--lang", "es", "--limit", "3", cwd=runs.root)
    told = history.stdout.split("Qué ha cambiado desde")[1].splitlines()[1:]
    # the history command now compares the 3rd run with the 2nd; the 2nd run's report told the 2nd vs the 1st
    markdown = site_report(second, "Fundas-Koi", ".md")
    section = markdown.split("## Desde el último análisis")[1].split("\n## ")[0]
    assert "- Correo electrónico visible: cumple → no cumple" in section or "cumple → no cumple" in section
    assert re.search(r"  - dirección de correo hola@fundaskoi\.es eliminada", section), section
    assert "**La tienda ha empeorado desde el análisis anterior.**" in section
    assert "\\" not in section
    data = json.loads(site_report(second, "Fundas-Koi", ".json"))  # the record the reports are told from
    Draft202012Validator(json.loads((ROOT / "reports" / "schema" / "result-v1.json").read_text("utf-8"))).validate(data)
    assert data["since_last_scan"]["regressed"] is True and data["since_last_scan"]["last_change"]["at"]
    html = site_report(second, "Fundas-Koi", ".html")
    assert "dirección de correo hola@fundaskoi.es eliminada" in html and 'class="card since worse"' in html
    third = runs.out / sorted(p.name for p in runs.out.iterdir() if p.is_dir())[-1]
    unchanged = site_report(third, "Fundas-Koi", ".md").split("## Desde el último análisis")[1]
    assert "- no ha cambiado nada" in unchanged
    assert [line.strip() for line in told if line.strip()] == ["no ha cambiado nada"]  # same sentence as the report


def fail_on_regression_names_the_site_its_score_change_and_first_reason(runs: Runs) -> None:
    assert runs.second.returncode == 1, runs.second.stdout + runs.second.stderr[-2000:]
    line, = [line for line in runs.second.stdout.splitlines() if line.startswith("empeoró:")]  # --lang es
    section = site_report(runs.out / runs.folders[1], "Fundas-Koi", ".md").split("## Desde el último análisis")[1]
    check, fact = re.search(r"\n- (.*: cumple → .*)\n  - (.*)\n", section).groups()  # its first worse check
    score = re.search(r"- puntuación (\d+) → (\d+)", section).groups()
    change = int(score[1]) - int(score[0])
    assert line == f"empeoró: {runs.koi} (Fundas Koi): puntuación {score[0]} → {score[1]} ({change:+d}): {check} ({fact})"
    assert runs.third.returncode == 0  # nothing got worse in the third run


def portfolio_csv_has_the_change_columns_in_a_stable_order(runs: Runs) -> None:
    rows = list(csv.DictReader(io.StringIO((runs.out / "portfolio.csv").read_text("utf-8"))))  # the third run's
    assert [r["name"] for r in rows] == ["Fogline", "Fundas Koi"]
    fogline, koi = rows
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", koi["scan_date"])
    assert koi["previous_score"] == koi["score"] and koi["change"] == "0" and koi["regressed"] == "no"
    assert koi["what_changed"] == "" and fogline["regressed"] == "no"
    for row in rows:
        assert (runs.out / row["report"]).is_file() and row["report"].endswith(".html")


def dashboard_keeps_the_regression_visible_with_a_badge_and_a_filter(runs: Runs, browser: Browser) -> None:  # noqa: F811
    page, watch = open_report(browser, runs.out / "dashboard.html")
    koi = page.locator("tbody tr", has_text="Fundas Koi")
    assert koi.locator(".worse-badge").is_visible()  # the third run changed nothing: the last change stays
    assert "Correo electrónico visible: cumple → no cumple" in koi.inner_text()
    assert page.locator(".card.alert b").inner_text() == "1"
    fogline = page.locator("tbody tr", has_text="Fogline")
    assert fogline.is_visible() and fogline.locator(".worse-badge").count() == 0
    page.locator("label[for='only-worse']").click()
    assert koi.is_visible() and not fogline.is_visible()
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        chart = page.locator("svg.histogram").bounding_box()
        assert chart and chart["x"] + chart["width"] <= width
        for box in page.locator("svg.histogram text").evaluate_all("els => els.map(e => e.getBoundingClientRect().toJSON())"):
            assert chart["y"] <= box["y"] and box["y"] + box["height"] <= chart["y"] + chart["height"] + 0.5, (width, box)
            assert chart["x"] <= box["x"] and box["x"] + box["width"] <= chart["x"] + chart["width"] + 0.5, (width, box)
    page.locator("label[for='only-worse']").click()
    screenshot(page, "dashboard-mobile-390.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the page itself never scrolls sideways
    for header in ("Puntuación", "Cambio"):
        box = page.locator(".scroll").first.locator("th", has_text=re.compile(f"^{header}$")).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, (header, box)
    assert_quiet(watch)


def history_prune_keeps_each_sites_newest_scan(runs: Runs, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(runs.db, db)
    with sqlite3.connect(db) as conn:  # the first run happened long ago
        first_run = conn.execute("SELECT MIN(run_id) FROM scans").fetchone()[0]
        conn.execute("UPDATE scans SET finished_at = '2020-01-01T00:00:00Z' WHERE run_id = ?", (first_run,))
    pruned = cli("history", "--prune", "--keep", "90d", "--db", str(db), cwd=tmp_path)
    assert pruned.returncode == 0, pruned.stderr
    assert "2 scan(s) removed" in pruned.stdout and "1 empty run(s) removed" in pruned.stdout
    shown = cli("history", runs.koi, "--db", str(db), "--json", cwd=tmp_path)
    assert len(json.loads(shown.stdout)["scans"]) == 2
    fewer = cli("history", "--prune", "--keep", "1", "--db", str(db), cwd=tmp_path)
    assert "2 scan(s) removed" in fewer.stdout
    bad = cli("history", "--prune", "--keep", "soon", "--db", str(db), cwd=tmp_path)
    assert bad.returncode == 2 and "--keep takes an age such as 90d" in bad.stderr


def test_the_change_story_across_three_runs(tmp_path: Path, shop: Any, browser: Browser) -> None:  # noqa: F811
    """One test, so the three portfolio runs happen once (a fixture would run them on each xdist worker)."""
    runs = three_runs(tmp_path, shop("en_custom").url("/"))
    each_run_writes_its_own_dated_folder_and_old_ones_can_be_dropped(runs)
    site_reports_say_what_changed_in_the_words_of_history(runs)
    fail_on_regression_names_the_site_its_score_change_and_first_reason(runs)
    portfolio_csv_has_the_change_columns_in_a_stable_order(runs)
    dashboard_keeps_the_regression_visible_with_a_badge_and_a_filter(runs, browser)
    (tmp_path / "prune").mkdir()
    history_prune_keeps_each_sites_newest_scan(runs, tmp_path / "prune")
