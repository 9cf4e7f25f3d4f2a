"""JavaScript storefronts through the real CLI and a real Chromium, rendered only where needed.

Every child process finds tests/guard/bin/chromium first on PATH: the real Chromium with every
address but loopback sent to a dead proxy (a widget loader asking for a provider's host is
recorded, never sent), which writes each launch's process id to the file a test names.
The shops are built by scripts: tests/sites/js_spa (a single-page app: the server sends an empty
shell) and tests/sites/js_widgets (a footer filled after load, a tag manager adding a chat widget on
the first interaction, a contact form injected by a script, a page whose script never ends).
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import SITES, check_of, child_env, run_cli


@pytest.fixture
def launches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The file the test Chromium appends each launch's process id to (read with `pids`)."""
    log = tmp_path / "browser-launches.txt"
    monkeypatch.setenv("TOUCHAUDIT_TEST_BROWSER_LOG", str(log))
    return log


def pids(log: Path) -> list[int]:
    return [int(line) for line in log.read_text().split()] if log.exists() else []


def busy_renderer(browser: int) -> bool:
    """True once a process under the browser has used half a second of CPU: a page's script is busy."""
    procs: dict[int, tuple[int, int]] = {}  # pid -> (parent, CPU ticks)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            procs[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))

    def under_browser(pid: int) -> bool:
        while pid in procs and pid != browser:
            pid = procs[pid][0]
        return pid == browser

    busy = 0.5 * os.sysconf("SC_CLK_TCK")
    return any(ticks >= busy and pid != browser and under_browser(pid) for pid, (_, ticks) in procs.items())


def paths(scan: dict[str, Any], rendered: bool | None = None) -> set[str]:
    return {urlsplit(p["url"]).path for p in scan["pages"] if rendered is None or bool(p.get("rendered")) == rendered}


def statuses(result: dict[str, Any]) -> dict[str, str]:
    return {c["id"]: c["status"] for c in result["checks"]}


def test_single_page_app_is_audited_rendered_archived_and_replayed_without_a_browser(
        shop: Any, chromium: str, tmp_path: Path, launches: Path) -> None:
    spa = shop("js_spa")
    live = tmp_path / "live"
    live.mkdir()
    run = run_cli("audit", spa.url("/"), "--archive", str(live / "spa.warc.gz"), "--md", str(live / "report.md"), cwd=live)
    assert run.code == 0 and run.json and run.html, run.stderr[-2000:]
    scan = run.json["scan"]
    assert scan["status"] == "ok", scan
    # the shell links nowhere: every page below was found in the rendered DOM
    assert paths(scan, rendered=True) == {"/", "/contacto", "/envios", "/devoluciones", "/aviso-legal"}
    assert scan["render"] | {"browser": None} == {"mode": "auto", "active": True, "browser": None, "budget": 6,
                                                "pages": 5, "failed": 0, "browser_launches": 1}
    assert len(pids(launches)) == 1
    phone = check_of(run.json, "phone")
    assert phone["status"] == "pass" and all(e["seen"] == "rendered" for e in phone["evidence"])
    assert statuses(run.json)["contact_channels"] == "pass" and run.json["score"] >= 80
    assert '<span class="zone seen">renderizado</span>' in run.html  # the report's lang is the site's: es
    assert "(renderizado)" in (live / "report.md").read_text("utf-8")

    never = tmp_path / "never"
    never.mkdir()
    off = run_cli("audit", spa.url("/"), "--render", "never", "--lang", "en", cwd=never)
    assert off.code == 3 and off.json and off.html, off.stderr[-2000:]
    assert off.json["scan"]["status"] == "error" and off.json["scan"]["reason"].startswith("needs_rendering: ")
    assert off.json["score"] is None and off.json["scan"]["render"]["active"] is False
    assert "audit again with --render auto to render it in Chromium" in off.html

    replay = tmp_path / "replay"
    replay.mkdir()
    again = run_cli("audit", spa.url("/"), "--replay", str(live / "spa.warc.gz"), cwd=replay)
    assert again.code == 0 and again.json, again.stderr[-2000:]
    assert len(pids(launches)) == 1  # the replay started no browser: the archive holds the rendered pages
    assert statuses(again.json) == statuses(run.json) and again.json["score"] == run.json["score"]
    assert paths(again.json["scan"], rendered=True) == paths(scan, rendered=True)
    assert again.json["scan"]["render"]["browser_launches"] == 0


def test_server_rendered_shop_starts_no_browser(shop: Any, chromium: str, tmp_path: Path, launches: Path) -> None:
    run = run_cli("audit", shop("es_shopify").url("/"), cwd=tmp_path)
    assert run.code == 0 and run.json, run.stderr[-2000:]
    render = run.json["scan"]["render"]
    assert render["mode"] == "auto" and render["active"] is True  # a browser was there to use...
    assert render["pages"] == 0 and render["browser_launches"] == 0  # ...and no page needed it
    assert pids(launches) == [] and not paths(run.json["scan"], rendered=True)


def test_footer_chat_and_form_added_by_scripts_are_found_and_a_hung_page_fails_alone(
        shop: Any, chromium: str, tmp_path: Path, launches: Path) -> None:
    site = shop("js_widgets")
    run = run_cli("audit", site.url("/"), "--timeout", "6", "--lang", "en", cwd=tmp_path)
    assert run.code == 0 and run.json and run.html, run.stderr[-2000:]
    scan = run.json["scan"]
    # the help page's script never ends: that page fails, the audit goes on with what its HTML showed
    assert scan["status"] == "partial" and [(urlsplit(e["url"]).path, e["kind"]) for e in scan["errors"]] == [
        ("/ayuda", "render_timeout")]
    assert "/ayuda" in paths(scan, rendered=False) and "did not finish rendering" in run.html
    # rendered: the home page (its footer is an empty placeholder) and the contact page (its form is
    # injected); complete pages were read as the server sent them
    assert paths(scan, rendered=True) == {"/", "/contacto"}
    assert {"/envios", "/devoluciones", "/aviso-legal"} <= paths(scan, rendered=False)
    phone = check_of(run.json, "phone")  # only in the footer a script writes after load
    assert phone["status"] == "pass" and phone["evidence"][0]["seen"] == "rendered"
    assert "911 234 567" in phone["evidence"][0]["snippet"]
    live = check_of(run.json, "live_channel")  # added by the tag manager on the first interaction
    assert live["status"] == "pass"
    chat = [e for e in live["evidence"] if "embed.tawk.to/" in e["snippet"]]
    assert chat and chat[0]["seen"] == "rendered" and chat[0]["snippet"].startswith("tawk.to: https://embed.tawk.to/")
    assert "contact_form" in check_of(run.json, "contact_channels")["facts"]["channels"]

    raw = tmp_path / "raw"
    raw.mkdir()
    unrendered = run_cli("audit", site.url("/"), "--render", "never", cwd=raw)
    assert unrendered.json and check_of(unrendered.json, "phone")["status"] == "fail"
    assert not any("tawk" in e["snippet"] for e in check_of(unrendered.json, "live_channel")["evidence"])


def test_a_browser_killed_mid_crawl_is_restarted_and_only_its_page_fails(
        shop: Any, chromium: str, tmp_path: Path, launches: Path) -> None:
    # /lento keeps the browser busy for 2.5 s: it is rendered first (the crawl starts there)
    proc = subprocess.Popen(
        [sys.executable, "-m", "touchaudit.cli", "audit", shop("js_widgets").url("/lento"), "--render", "always",
         "--render-budget", "10", "--timeout", "8", "--json", str(tmp_path / "result.json"), "-o", str(tmp_path / "report.html"),
         "--no-progress"], cwd=tmp_path, env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (pids(launches) and busy_renderer(pids(launches)[0])) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert pids(launches), "no browser was started"
        os.kill(pids(launches)[0], signal.SIGKILL)  # while /lento's script runs
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err[-3000:]
    result = json.loads((tmp_path / "result.json").read_text("utf-8"))
    scan = result["scan"]
    failed = {urlsplit(e["url"]).path: e["kind"] for e in scan["errors"]}
    assert failed.pop("/lento") == "render_failed"  # the page being rendered when the browser died
    # pages rendering beside it died with it; the help page's script never ends
    assert set(failed.values()) <= {"render_failed", "render_timeout"}
    assert failed.keys() <= paths(scan, rendered=False) and "/lento" in paths(scan, rendered=False)  # HTML audited
    assert paths(scan, rendered=True)  # the pages after the crash, by the new browser
    assert len(pids(launches)) == 2 and scan["render"]["browser_launches"] == 2


def test_portfolio_renders_its_shops_with_one_browser(tmp_path: Path, chromium: str, serve_dir: Any, shop: Any,
                                                       launches: Path) -> None:
    second = serve_dir(SITES / "js_spa")  # a second site running the same app
    listing = tmp_path / "sites.txt"
    listing.write_text(f"{shop('js_spa').url('/')}\n{second.url('/')}\n{shop('es_bare').url('/')}\n", "utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "touchaudit.cli", "portfolio", str(listing), "--db", str(tmp_path / "ta.db"),
         "--out", str(tmp_path / "out"), "--no-progress", "--concurrency", "3", "--render-budget", "2"],
        cwd=tmp_path, env=child_env(), capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = [json.loads(p.read_text("utf-8")) for p in (tmp_path / "out").glob("*/sites/*.json")]
    spas = [r for r in results if r["scan"]["render"]["pages"]]
    assert len(results) == 3 and len(spas) == 2
    for result in spas:  # the budget: 2 pages rendered, the other shells reported as such
        assert len(paths(result["scan"], rendered=True)) == 2 and result["scan"]["status"] == "partial"
        assert {e["kind"] for e in result["scan"]["errors"]} == {"needs_rendering"}
    assert len(pids(launches)) == 1  # one browser for the process, a context per site


def test_a_hosted_render_never_requests_private_addresses(chromium: str, tmp_path: Path) -> None:
    """A page's script that asks for an address on the server's own network: the browser of a hosted
    server (allow_private False) never sends it; on the command line it does. (Chromium's own Private
    Network Access already stops a public page's requests to loopback; the page here is served as a
    loopback page, so only touchaudit's guard stands between it and the canary.)"""
    import asyncio
    import http.server
    import threading

    from playwright.async_api import async_playwright

    from touchaudit.render.browser import LAUNCH_ARGS
    from touchaudit.render.page import RawDocument, render_in

    hits: list[str] = []

    class Canary(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    canary = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Canary)
    threading.Thread(target=canary.serve_forever, daemon=True).start()
    page = (f"<html><body><p>Tienda</p><script src='http://127.0.0.1:{canary.server_port}/meta-data'>"
            "</script></body></html>").encode()
    doc = RawDocument(f"http://127.0.0.1:{canary.server_port}/tienda", 200, "text/html", page)

    async def render(allow_private: bool) -> None:
        async with async_playwright() as pw:
            args = [*LAUNCH_ARGS, *(["--no-sandbox"] if os.geteuid() == 0 else [])]
            browser = await pw.chromium.launch(executable_path=chromium, args=args, headless=True)
            try:
                await render_in(await browser.new_context(), doc, 15.0, allow_private)
            finally:
                await browser.close()

    try:
        asyncio.run(render(allow_private=False))
        assert hits == []
        asyncio.run(render(allow_private=True))
        assert hits == ["/meta-data"]  # the canary works: only the guard kept the first render away
    finally:
        canary.shutdown()
