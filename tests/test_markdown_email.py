"""Markdown meant for e-mail reads clean raw: no backslashes in ordinary words, numbers and
addresses, escapes only where the text would otherwise change the Markdown. Read raw, and
rendered with a CommonMark parser (tables and strikethrough on, as GitHub and most viewers)."""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from touchaudit.reports.markdown import escape

from conftest import run_cli

ORDINARY = [
    "return_policy", "+34 91 456 72 38", "1.5 kg", "12,90 €", "30 % de descuento!", "24/7", "Envío en 24/48 h (península)",
    "https://tienda.example/envios?id=3&orden=precio", "www.tienda.es/ayuda", "hola@tienda.es", "Pérez & Hijos S.L.",
    "C/ Mayor, 5 - 2º izq.", "¿Dudas? Llámanos.", "a < b", "#1 en ventas", "Devoluciones | Tienda Koi", "(MX) 55 1234 5678",
    "mi_tienda_online", "-10 % en la segunda unidad", "1.000 clientes", "Lunes-Viernes 9:00-14:00",
]


def to_html(text: str) -> str:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_is_not_escaped_and_renders_as_itself(text: str) -> None:
    assert escape(text) == text
    line = f"- Evidence: {escape(text)}"
    rendered = to_html(line)
    assert html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip() == line[2:]
    assert "<em>" not in rendered and "<del>" not in rendered and "<a " not in rendered


@pytest.mark.parametrize(("text", "escaped"), [
    ("*oferta* de _verano_", "\\*oferta\\* de \\_verano\\_"), ("[haz clic](https://x.example)", "\\[haz clic\\](https://x.example)"),
    ("<b>gratis</b>", "\\<b>gratis\\</b>"), ("~~antes~~ ahora", "\\~\\~antes\\~\\~ ahora"), ("`código`", "\\`código\\`"),
    ("&copy; 2026", "\\&copy; 2026"), ("# Envíos", "\\# Envíos"), ("1. paso", "1\\. paso"), ("- nota", "\\- nota"),
    ("> cita", "\\> cita"), ("---", "\\---"), ("--- | ---", "\\--- | ---"),
])
def test_only_what_would_change_the_markdown_is_escaped(text: str, escaped: str) -> None:
    assert escape(text) == escaped
    rendered = to_html(escape(text)).strip()
    assert rendered.startswith("<p>") and html.unescape(rendered[3:-4]) == text


def test_a_real_report_reads_clean_raw_and_renders_as_a_document(tmp_path: Path, shop: Any) -> None:
    run = run_cli("audit", shop("es_shopify").url("/"), "--md", str(tmp_path / "report.md"), "--lang", "es", cwd=tmp_path)
    assert run.code == 0 and run.json, run.stderr
    raw = (tmp_path / "report.md").read_text("utf-8")
    assert "\\" not in raw  # nothing in this shop's text needs escaping
    phone = next(c for c in run.json["checks"] if c["id"] == "phone")
    assert phone["evidence"][0]["highlight"] in raw  # the number as the shop wrote it
    assert f"<{phone['evidence'][0]['url']}>" in raw
    assert not re.search(r"(?m)^\s*$\n^\s*$", raw)  # no runs of blank lines
    assert all(len(line) <= 600 for line in raw.splitlines())
    rendered = to_html(raw)
    assert rendered.count("<h1>") == 1 and rendered.count("<h2>") >= 3 and "<table>" in rendered
    assert f'<a href="{phone["evidence"][0]["url"]}">' in rendered
    assert "<em>" not in re.sub(r"<em>(Un ensayo|«|Una entrada)[^<]*</em>", "", rendered)  # only the citations
