"""The portfolio dashboard in headless Chromium: visible, sortable by a click, quiet, self-contained,
and a shop's name cannot inject anything into it."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser
from test_report_browser import assert_quiet, browser, open_report, screenshot  # noqa: F401 (fixture)

from conftest import child_env

HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">Tienda'


def test_dashboard_sorts_and_shows_every_site(tmp_path: Path, shop: Any, browser: Browser) -> None:  # noqa: F811
    listing = tmp_path / "sites.csv"
    listing.write_text(
        "url,name\n"
        f"{shop('es_shopify').url('/')},Cocina Alba\n"
        f"{shop('es_bare').url('/')},\"{HOSTILE_NAME.replace(chr(34), chr(34) * 2)}\"\n"
        f"{shop('en_custom').url('/')},Fogline\n", "utf-8")
    proc = subprocess.run([sys.executable, "-m", "touchaudit.cli", "portfolio", str(listing), "--db", str(tmp_path / "t.db"),
                           "--out", str(tmp_path / "out"), "--no-progress", "--lang", "es"],
                          cwd=tmp_path, env=child_env(), capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr[-2000:]
    page, watch = open_report(browser, tmp_path / "out" / "dashboard.html")
    body = page.inner_text("body")
    assert "Panel de la cartera de tiendas" in body and "Cocina Alba" in body and HOSTILE_NAME in body
    assert page.evaluate("window.__pwned") is None
    first = lambda: page.locator("table").first.locator("tbody tr").first.inner_text()  # noqa: E731
    assert HOSTILE_NAME in first()  # sorted by score, lowest first
    page.locator("th[data-col='3']").first.click()
    page.locator("th[data-col='3']").first.click()  # descending: the best shop first
    assert "Cocina Alba" in first() or "Fogline" in first()
    assert page.locator("th[data-col='3']").first.get_attribute("aria-sort") == "descending"
    assert page.locator("svg rect").count() == 10  # the score distribution
    screenshot(page, "dashboard-desktop.png")
    assert_quiet(watch)
