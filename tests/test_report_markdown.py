"""The Markdown summary: what it says, and that shop text stays inert text in any Markdown viewer.

Rendered Markdown is checked with a real CommonMark parser (markdown-it-py, HTML passthrough on,
as in most viewers), so an escaping gap shows up as a live tag, link or heading.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from test_report_html import BREAKOUT, JS_URL, SCRIPT, hostile_result, sample_result
from touchaudit.reports.markdown import escape, render_markdown

from touchaudit.cli import parser


def to_html(text: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(text)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_summary_has_score_categories_fixes_checks_and_evidence(lang: str) -> None:
    text = render_markdown(sample_result(), lang)
    score = {"es": "Puntuación global: 61 de 100", "en": "Overall score: 61 out of 100"}[lang]
    assert f"## {score}" in text
    assert {"es": "| Contacto | 70 |", "en": "| Contact | 70 |"}[lang] in text
    fixes = text.split({"es": "## Arregla esto primero", "en": "## Fix these first"}[lang])[1]
    assert fixes.index("delivery_time") < fixes.index("live_channel") < fixes.index("payment_options")
    assert {"es": "Recomendación delivery_time.", "en": "Recommendation delivery_time."}[lang] in fixes
    for check in sample_result()["checks"]:
        assert escape(check["summary"][lang]) in text, check["id"]
    assert "<https://tienda.example/contacto>" in text
    rendered = to_html(text)
    assert rendered.count("<h1>") == 1 and "<table>" in rendered
    assert '<a href="https://tienda.example/contacto">' in rendered


def test_fix_says_why_with_the_article_principle_and_citation() -> None:
    text = render_markdown(sample_result(), "en")  # delivery_time cites 000, a fix
    assert "**Why it matters:** Speed matters, but promise honestly: under-promise and over-deliver" in text
    assert "*An essay on bringing the personal touch back to doing business online, by Karon Thackston*" in text


def test_hostile_strings_are_inert_markdown() -> None:
    text = render_markdown(hostile_result(), "en")
    rendered = to_html(text)
    assert not re.search(r"<(script|img|svg|iframe)\b", rendered)
    assert "javascript:" not in " ".join(re.findall(r'href="([^"]*)"', rendered))
    assert all(h.startswith("https://") for h in re.findall(r'href="([^"]*)"', rendered))
    visible = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    assert SCRIPT in visible and BREAKOUT in visible and JS_URL in visible  # shown, as text


@pytest.mark.parametrize("dangerous", [
    "[click](javascript:alert(1))", "![x](https://evil.example/x.png)", "<img src=x onerror=alert(1)>",
    "# Heading", "## not a heading either", "> quote", "- item", "+ item", "1. item", "12. item",
    "| a | b |", "`code`", "*em* _em_ **strong**", "~~gone~~", "&lt;b&gt; &amp;", "a\\*b",
    "line one\n# two\n- three", "<https://evil.example>", "https://evil.example www.evil.example",
    "===", "---",
])
def test_escape_makes_any_text_render_as_itself(dangerous: str) -> None:
    """Round trip: whatever the shop wrote, a Markdown viewer shows exactly that text."""
    flat = re.sub(r"\s+", " ", dangerous)
    for line in (escape(dangerous), f"Found: {escape(dangerous)}"):
        rendered = to_html(line).strip()
        assert rendered.startswith("<p>") and rendered.endswith("</p>"), rendered
        assert html.unescape(rendered[3:-4]) == line.replace(escape(dangerous), flat)


def test_md_flag_is_offered_by_audit_and_demo() -> None:
    assert parser().parse_args(["audit", "https://x.example/", "--md", "s.md"]).md == Path("s.md")
    assert parser().parse_args(["demo", "--md", "s.md"]).md == Path("s.md")
    assert parser().parse_args(["demo"]).md is None
