"""The HTML report as a person sees it: real audits through the CLI, opened in headless Chromium.

Checks what a parser cannot: text is *visible*, folded checks open with a click, nothing leaves
the file, nothing a shop wrote runs, the page fits a phone and prints. Screenshots are written to
test-artifacts/ (printed with -s or shown in the test log) for a human to look at.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, CliRun, run_cli
from markdown_it import MarkdownIt
from playwright.sync_api import Browser, Page, sync_playwright

ARTIFACTS = ROOT / "test-artifacts"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAYLOADS = ("<script>window.__pwned=1;alert(1)</script>",
            '"><img src=x onerror=window.__pwned=1;alert(1)>',
            "<svg onload=window.__pwned=1;alert(1)>")
AUDITS: dict[str, tuple[CliRun, Path]] = {}


@dataclass
class Watch:
    """Everything the page did that a report must never do: errors, requests, dialogs."""

    uri: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Browser]:
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def audited(shop: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """audited("es_shopify") -> (CliRun, folder with report.html and report.md); once per worker."""
    def get(name: str) -> tuple[CliRun, Path]:
        if name not in AUDITS:
            out = tmp_path_factory.mktemp(name)
            run = run_cli("audit", shop(name).url("/"), "--md", str(out / "report.md"), cwd=out)
            assert run.code == 0 and run.json and run.html, run.stderr
            AUDITS[name] = (run, out)
        return AUDITS[name]

    return get


def open_report(browser: Browser, path: Path, width: int = 1280) -> tuple[Page, Watch]:
    """Open ``path`` with every request recorded and anything but file:// aborted."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.route(re.compile(r"^(?!file:)"), lambda route: route.abort())
    page = context.new_page()
    watch = Watch(uri=path.as_uri())
    page.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: watch.errors.append(str(exc)))
    page.on("request", lambda r: watch.requests.append(r.url))
    page.on("dialog", lambda d: (watch.dialogs.append(d.message), d.dismiss()))
    page.goto(watch.uri, wait_until="load")
    return page, watch


def screenshot(page: Page, name: str, **options: Any) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True, **options)
    print(f"screenshot: {path}")
    assert path.stat().st_size > 10_000
    return path


def assert_quiet(watch: Watch) -> None:
    assert watch.errors == [], watch.errors
    assert watch.requests == [watch.uri], watch.requests  # the file itself, nothing else
    assert watch.dialogs == []


def test_score_and_every_check_title_are_visible(audited: Any, browser: Browser) -> None:
    run, out = audited("es_shopify")
    page, watch = open_report(browser, out / "report.html")
    assert page.locator("#score").text_content() == str(run.json["score"])  # SVG <text>
    assert page.locator("#score").is_visible()
    assert page.locator(".score-text", has_text=f"Puntuación global: {run.json['score']} de 100").is_visible()
    for check in run.json["checks"]:
        title = page.locator(".ctitle", has_text=re.compile(f"^{re.escape(check['title']['es'])}$"))
        assert title.count() == 1 and title.is_visible(), check["id"]
    for name in ("Contacto", "Alternativas", "Promesas", "Confianza", "Etiqueta"):
        assert page.locator(".cats .cname", has_text=name).is_visible()
    assert page.get_by_role("heading", name="Anexo del rastreo").is_visible()
    screenshot(page, "report-es_shopify-desktop.png")
    assert_quiet(watch)


def test_passed_checks_are_folded_and_open_with_a_click(audited: Any, browser: Browser) -> None:
    run, out = audited("es_shopify")
    page, watch = open_report(browser, out / "report.html")
    phone = next(c for c in run.json["checks"] if c["id"] == "phone")
    assert phone["status"] == "pass"
    details = page.locator("details#check-phone")
    evidence = details.locator(".evidence blockquote").first
    assert details.evaluate("d => d.open") is False and not evidence.is_visible()
    details.locator("> summary").click()
    assert details.evaluate("d => d.open") is True and evidence.is_visible()
    marked = details.locator("mark").first
    assert marked.is_visible()
    assert marked.inner_text() == phone["evidence"][0]["highlight"]
    assert_quiet(watch)


def test_report_fits_a_phone_and_prints_on_a4(audited: Any, browser: Browser) -> None:
    _, out = audited("es_shopify")
    page, watch = open_report(browser, out / "report.html", width=390)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    screenshot(page, "report-es_shopify-mobile-390.png")
    page.emulate_media(media="print")
    assert page.locator("details#check-phone .evidence blockquote").first.is_visible()
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert 2 <= pages <= 30, pages
    assert_quiet(watch)


def test_hostile_shop_text_shows_as_text_and_never_runs(audited: Any, browser: Browser,
                                                        tmp_path: Path) -> None:
    _, out = audited("hostile")
    report = out / "report.html"
    page, watch = open_report(browser, report)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    text = page.locator("body").inner_text()
    for payload in PAYLOADS:
        assert payload in text, payload  # visible, as the shop wrote it
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('script, img, iframe, object, embed').length") == 0
    assert page.evaluate("document.querySelectorAll('svg:not(.gauge)').length") == 0
    assert page.evaluate(
        "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes])"
        ".filter(a => a.name.startsWith('on')).length") == 0
    hrefs = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))")
    assert all(h.startswith(("#", "http://", "https://")) for h in hrefs), hrefs
    screenshot(page, "report-hostile-desktop.png")
    assert_quiet(watch)

    # Without the Content-Security-Policy the escaping alone must hold...
    bare = tmp_path / "no-csp.html"
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", report.read_text("utf-8"))
    bare.write_text(html, "utf-8")
    page, watch = open_report(browser, bare)
    assert page.evaluate("typeof window.__pwned") == "undefined" and watch.dialogs == []
    # ...and the detector is real: one unescaped payload in that copy is caught.
    broken = tmp_path / "broken.html"
    broken.write_text(html.replace("</main>", PAYLOADS[2] + "</svg></main>"), "utf-8")
    page, watch = open_report(browser, broken)
    page.wait_for_function("window.__pwned === 1", timeout=5000)
    assert watch.dialogs == ["1"]


def test_hostile_shop_markdown_carries_no_live_payload(audited: Any) -> None:
    _, out = audited("hostile")
    text = (out / "report.md").read_text("utf-8")
    assert "pwned" in text  # the payloads are reported...
    for needle in ("<script", "<img", "<svg", "](javascript", "](data:"):  # a tag's tail is text once its < is escaped
        unescaped = re.compile(r"(?<!\\)" + re.escape(needle))
        assert not unescaped.search(text), needle  # ...but never as live Markdown or HTML
    rendered = MarkdownIt("commonmark").enable("table").render(text)
    assert not re.search(r"<(script|img|svg|iframe)\b", rendered)
    hrefs = re.findall(r'href="([^"]*)"', rendered)
    assert hrefs and all(h.startswith("http://127.0.0.1:") for h in hrefs), hrefs
    headings = re.findall(r"<h[1-6]>(.*?)</h[1-6]>", rendered)
    assert not [h for h in headings if "pwned" in h or "&lt;" in h], headings
