"""The web app as a person uses it, in Chromium (Playwright) against a real `touchaudit serve`:
sign in, audit a shop and watch it reach the scorecard, build a portfolio from a CSV, run it twice
with a change in between and find the change in the site's history, in English and Spanish, on a
desktop and a 390 px phone, with the XSS shop inert on every page. Screenshots of every page are
written to test-artifacts/web/ (printed with -s)."""
from __future__ import annotations

import re
import shutil
import threading
import time
from collections.abc import Iterator
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SITES
from playwright.sync_api import Browser, Page, expect
from test_report_browser import browser  # noqa: F401 (fixture: the report tests' Chromium)
from webapp import PASSWORD, WebApp, web  # noqa: F401 (fixture)

from touchaudit.demo.server import ShopHandler

ARTIFACTS = ROOT / "test-artifacts" / "web"
PHONE = {"width": 390, "height": 844}
NAME = "Fogline <img src=x onerror=window.__pwned=1;alert(1)>"


@pytest.fixture(scope="module")
def app(web: WebApp) -> WebApp:  # noqa: F811
    return web


class SlowShop(ShopHandler):
    """A shop whose pages take 0.4 s each: slow enough to watch its audit's progress move."""

    def do_GET(self) -> None:
        time.sleep(0.4)
        super().do_GET()


@pytest.fixture(scope="module")
def slow_shop() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SlowShop, root=(SITES / "es_woocommerce").resolve()))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class Visit:
    """One signed-in browser tab that records dialogs and script errors, and refuses to leave 127.0.0.1."""

    def __init__(self, chromium: Browser, app: WebApp) -> None:
        self.context = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        self.context.route(re.compile(r"^(?!http://127\.0\.0\.1)"), lambda route: route.abort())
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.app = app

    def sign_in(self, name: str = "eva") -> Page:
        page = self.page
        page.goto(self.app.origin + "/")
        expect(page).to_have_url(re.compile(r"/login\?next="))
        page.fill("input[name=name]", name)
        page.fill("input[name=password]", PASSWORD)
        page.click("form[action='/login'] button[type=submit]")
        expect(page.locator("form[action='/logout']")).to_be_visible()
        return page

    def inert(self) -> None:
        """Nothing a shop wrote ran on this page."""
        assert self.page.evaluate("typeof window.__pwned") == "undefined"
        assert self.dialogs == [] and self.errors == []

    def shots(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for suffix, size in (("desktop", {"width": 1280, "height": 900}), ("phone", PHONE)):
            self.page.set_viewport_size(size)
            path = ARTIFACTS / f"{name}-{suffix}.png"
            self.page.screenshot(path=str(path), full_page=True)
            print(f"screenshot: {path}")
            if suffix == "phone":  # nothing wider than the phone: no sideways scrolling
                assert self.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1, name
        self.page.set_viewport_size({"width": 1280, "height": 900})
        self.inert()


def audit_through_the_form(visit: Visit, url: str) -> Page:
    page = visit.page
    page.goto(visit.app.origin + "/")
    page.fill("input[name=url]", url)
    page.click("form[action='/audits'] button[type=submit]")
    expect(page).to_have_url(re.compile(r"/audits/[\w-]+$"))
    return page


def test_audit_a_shop_watch_progress_and_read_the_scorecard(browser: Browser, app: WebApp, slow_shop: str) -> None:  # noqa: F811
    visit = Visit(browser, app)
    page = visit.sign_in()
    visit.shots("home")
    page = audit_through_the_form(visit, slow_shop)
    expect(page.locator("[data-progress-url], [data-refresh]")).to_be_visible()  # the progress view comes first
    expect(page.locator("[data-progress-url]")).to_be_visible(timeout=30_000)  # running
    page.evaluate("window.__same_page = true")
    expect(page.locator("[data-stage=crawling]")).to_be_visible(timeout=30_000)
    expect(page.locator("[data-field=pages]")).to_have_text(re.compile(r"^([2-9]|\d\d+)$"), timeout=30_000)
    assert page.evaluate("window.__same_page") is True  # the numbers moved without reloading the page
    expect(page.locator("[data-field=current]")).to_contain_text(slow_shop.rstrip("/"))
    visit.shots("progress")
    expect(page.locator(".score")).to_be_visible(timeout=60_000)  # ...and turns into the result by itself
    assert int(page.locator(".score").inner_text().split("/")[0]) > 0
    expect(page.locator("a[href$='report.warc']")).to_be_visible()
    visit.shots("audit-result")
    page.click("text=Open the full scorecard")
    expect(page.locator("h1")).to_have_text("Personal touch report")
    expect(page.locator("body")).to_contain_text(slow_shop.split("//")[1].rstrip("/"))
    visit.shots("scorecard")
    page.goto(app.origin + "/docs")
    expect(page.locator(".swagger-ui")).to_be_visible()
    expect(page.get_by_text("/api/audits", exact=True).first).to_be_visible()
    visit.context.close()


def test_portfolio_from_csv_run_twice_change_in_history_and_xss_inert(
        browser: Browser, app: WebApp, shop: Any, serve_dir: Any, tmp_path: Path) -> None:  # noqa: F811
    site = tmp_path / "fogline"
    shutil.copytree(SITES / "en_custom", site)
    changing = serve_dir(site)
    hostile = shop("hostile").url("/")
    csv = tmp_path / "clients.csv"
    csv.write_text(f"url,name\n{changing.url('/')},\"{NAME}\"\n", "utf-8")  # a name that tries to run
    visit = Visit(browser, app)
    page = visit.sign_in()
    page.goto(app.origin + "/portfolios")
    page.fill("input[name=name]", "Clients <b>bold</b>")
    page.set_input_files("input[name=csv]", str(csv))
    page.click("form[action='/portfolios'] button[type=submit]")
    expect(page.locator("h1")).to_have_text("Clients <b>bold</b>")  # shown as text
    expect(page.locator("ul.sites li")).to_have_count(1)
    expect(page.locator("ul.sites li a")).to_have_text(NAME)
    visit.shots("portfolio-new")

    def run(count: int) -> None:
        page.click("text=Run now")
        expect(page.locator("ul.runs li.run-running")).to_have_count(1)  # watched while it runs...
        expect(page.locator("ul.runs li.run-done")).to_have_count(count, timeout=90_000)  # ...until it is done
        expect(page.locator("text=Portfolio dashboard")).to_be_visible()

    run(1)
    contact = site / "contact-us.html"
    contact.write_text(contact.read_text("utf-8").replace("555-0132", "555-0177").replace("5550132", "5550177"), "utf-8")
    run(2)
    expect(page.locator(".dashboard table").first.locator("tbody tr")).to_have_count(1)
    visit.shots("portfolio-dashboard")
    page.locator("table a", has_text=NAME).click()
    expect(page.locator("svg.chart circle")).to_have_count(2)
    changes = page.locator("ul.changes").first
    expect(changes).to_contain_text("555-0177")
    visit.shots("site-history")
    # the XSS shop: its audit page, scorecard and history, and the lists that name it
    hostile_audit = audit_through_the_form(visit, hostile)
    expect(hostile_audit.locator(".score")).to_be_visible(timeout=60_000)
    visit.shots("hostile-audit")
    hostile_audit.click("text=Open the full scorecard")
    expect(hostile_audit.locator("body")).to_contain_text("window.__pwned")  # the payloads show as text...
    visit.inert()  # ...and never run
    for path in ("/", "/portfolios", "/sites?url=" + hostile):
        page.goto(app.origin + path)
        visit.inert()
    visit.context.close()


def test_spanish_ui_and_a_viewer_who_cannot_start_audits(browser: Browser, app: WebApp) -> None:  # noqa: F811
    visit = Visit(browser, app)
    page = visit.sign_in("vic")
    page.click("text=Español")
    expect(page.locator("nav")).to_contain_text("Auditar una tienda")
    expect(page.locator("h1")).to_have_text("¿Se nota todavía que hay una persona detrás de esta tienda?")
    assert page.locator("form[action='/audits']").count() == 0
    expect(page.locator("text=Tu cuenta puede leer auditorías, pero no iniciarlas.")).to_be_visible()
    visit.shots("home-es-viewer")
    page.goto(app.origin + "/account")
    visit.shots("account-es")
    page.click("form[action='/logout'] button")
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.locator("h1")).to_have_text("Iniciar sesión")
    visit.shots("login-es")
    visit.context.close()
