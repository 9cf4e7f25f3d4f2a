"""Verdicts a client cannot refute, through a real crawl of a fixture shop (issue 11).

The shop (tests/sites/es_broken_links) closes </html> early, links its return policy to a page
that does not exist, keeps its legal notice behind robots.txt and has a contact form with
generated field names. Each fail must say where touchaudit looked, in JSON, HTML and Markdown.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import CliRun, check_of, run_cli


@pytest.fixture(scope="module")
def audit_run(shop: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[CliRun, Path]:
    out = tmp_path_factory.mktemp("verdicts")
    run = run_cli("audit", shop("es_broken_links").url("/"), "--md", str(out / "report.md"), cwd=out)
    assert run.code == 0, run.stderr
    return run, out


def test_content_after_a_stray_closing_tag_is_read(audit_run: tuple[CliRun, Path]) -> None:
    data = audit_run[0].json
    assert data is not None
    phone = check_of(data, "phone")
    assert phone["status"] == "pass" and phone["facts"]["numbers"] == ["+34925814402"]
    assert any(e["zone"] == "footer" for e in phone["evidence"])
    assert check_of(data, "address")["status"] == "pass"


def test_a_return_policy_link_to_a_missing_page_is_a_fail_that_names_the_link(audit_run: tuple[CliRun, Path]) -> None:
    data = audit_run[0].json
    assert data is not None
    returns = check_of(data, "return_policy")
    assert returns["status"] == "fail"
    assert returns["evidence"] and all(e["note"] == "link_broken" for e in returns["evidence"])
    assert "/devoluciones" in returns["evidence"][0]["snippet"]
    searched = returns["facts"]["searched"]
    assert searched["pages"] == len(data["scan"]["pages"]) >= 3
    assert {"home", "contact", "shipping"} <= {p["role"] for p in searched["key_pages"]}
    assert searched["near_misses"][0]["note"] == "link_broken"


def test_a_legal_link_whose_page_was_not_read_passes_and_says_so(audit_run: tuple[CliRun, Path]) -> None:
    data = audit_run[0].json
    assert data is not None
    legal = check_of(data, "legal_identity")
    assert legal["status"] == "pass"
    assert any(e["note"] == "link_not_read" and "/legal/aviso-legal" in e["snippet"] for e in legal["evidence"])
    assert "searched" not in legal["facts"]  # only a fail carries where it looked


def test_a_contact_form_is_recognised_by_the_page_it_is_on(audit_run: tuple[CliRun, Path]) -> None:
    data = audit_run[0].json
    assert data is not None
    assert "contact_form" in check_of(data, "contact_channels")["facts"]["channels"]


def test_every_fail_says_where_it_looked_in_the_reports(audit_run: tuple[CliRun, Path]) -> None:
    run, out = audit_run
    assert run.json is not None and run.html is not None
    fails = [c for c in run.json["checks"] if c["status"] == "fail"]
    assert fails and all(c["facts"]["searched"]["pages"] >= 3 for c in fails)
    assert "Buscado en" in run.html and "Contacto" in run.html
    assert "el enlace está roto" in run.html
    assert "la página a la que enlaza no se leyó en este análisis" in run.html
    markdown = (out / "report.md").read_text("utf-8")
    assert "Buscado en" in markdown and "el enlace está roto" in markdown


def test_the_english_report_says_the_same(audit_run: tuple[CliRun, Path]) -> None:
    from touchaudit.reports.html import render_html

    html = render_html(audit_run[0].json, "en")
    assert "Searched" in html and "the link is broken" in html
    assert "the page it links to was not read in this scan" in html
