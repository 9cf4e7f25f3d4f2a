"""The report a consultant hands over: their name, logo and client on it (embedded, still one
self-contained file, checked in Chromium), and sources cited by title and author, never by file."""
from __future__ import annotations

import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser
from test_report_browser import assert_quiet, browser, open_report, screenshot  # noqa: F401 (fixture)

from touchaudit.reports.html import render_html
from touchaudit.reports.markdown import render_markdown

from conftest import child_env, run_cli

SEED_FILE = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A solid-colour PNG, written by hand so the test needs no imaging library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def test_brand_logo_and_client_are_on_the_report(tmp_path: Path, shop: Any, browser: Browser) -> None:  # noqa: F811
    logo = tmp_path / "logo.png"
    logo.write_bytes(png(120, 40, (200, 30, 90)))
    run = run_cli("audit", shop("es_bare").url("/"), "--brand", "Agencia Ñandú", "--logo", str(logo),
                  "--client", "Fundas <Koi> & Co", "--md", str(tmp_path / "report.md"), cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert run.html and "data:image/png;base64," in run.html and "<Koi>" not in run.html  # escaped
    page, watch = open_report(browser, tmp_path / "report.html")
    prepared = page.locator(".prepared")
    assert prepared.locator("p").inner_text() == "Preparado por Agencia Ñandú para Fundas <Koi> & Co"
    image = prepared.locator("img.logo")
    assert image.is_visible() and image.get_attribute("alt") == "Agencia Ñandú"
    assert image.evaluate("img => img.complete && img.naturalWidth") == 120  # decoded from the file itself
    screenshot(page, "report-branded-desktop.png")
    assert_quiet(watch)
    markdown = (tmp_path / "report.md").read_text("utf-8")
    assert "*Preparado por Agencia Ñandú para Fundas \\<Koi> & Co*" in markdown


def test_a_logo_that_is_not_an_image_is_a_usage_error_before_the_crawl(tmp_path: Path) -> None:
    fake = tmp_path / "logo.png"
    fake.write_text("<html>not an image</html>", "utf-8")
    proc = subprocess.run([sys.executable, "-m", "touchaudit.cli", "audit", "https://tienda.example/", "--logo", str(fake)],
                          cwd=tmp_path, env=child_env(), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [f"touchaudit: --logo {fake} is not a PNG, JPEG, GIF, WebP or SVG image"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["logo.png"]


def test_sources_are_cited_by_title_and_author_never_by_file(tmp_path: Path, shop: Any) -> None:
    run = run_cli("audit", shop("es_bare").url("/"), "--lang", "es", "--md", str(tmp_path / "report.md"), cwd=tmp_path)
    assert run.code == 0 and run.html and run.json, run.stderr
    reports = {"es": (run.html, (tmp_path / "report.md").read_text("utf-8")),  # and the same result in English:
               "en": (render_html(run.json, "en"), render_markdown(run.json, "en"))}
    for lang, expected in (
        ("en", ("An essay on bringing the personal touch back to doing business online, by Karon Thackston",
                "“Correo Electrónico y Servicio al Cliente”, by Alvaro Mendoza",
                "A blog post on immediacy in customer service")),
        ("es", ("Un ensayo sobre cómo devolver el trato personal a los negocios en internet, de Karon Thackston",
                "«Correo Electrónico y Servicio al Cliente», de Alvaro Mendoza",
                "Una entrada de blog sobre la inmediatez en la atención al cliente")),
    ):
        html, markdown = reports[lang]
        articles = html[html.index('id="h-articles"'):]
        for cited in expected:
            assert f"<cite>{cited}</cite>" in articles, cited
            assert f"- *{cited}*" in markdown, cited
        for text in (html, markdown):
            assert not SEED_FILE.search(text)
            assert not re.search(r"untitled|sin título|unsigned|sin firma", text, re.I)
