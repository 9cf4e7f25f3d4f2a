"""Whole audits of the fixture shops: real server, real Scrapy crawl, through the CLI.

Each shop is audited once per session; the tests read the JSON result and the HTML report.
"""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import CliRun, check_of, run_cli

AUDITS: dict[str, CliRun] = {}


@pytest.fixture(scope="session")
def audited(shop: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    def get(name: str, *flags: str) -> CliRun:
        key = name + " ".join(flags)
        if key not in AUDITS:
            out = tmp_path_factory.mktemp(name)
            AUDITS[key] = run_cli("audit", shop(name).url("/"), *flags, cwd=out)
        return AUDITS[key]

    return get


def paths_of(result: dict[str, Any]) -> set[str]:
    from urllib.parse import urlsplit

    return {urlsplit(p["url"]).path for p in result["scan"]["pages"]}


def test_es_shopify_contact_checks(audited: Any) -> None:
    run = audited("es_shopify")
    assert run.code == 0, run.stderr
    data = run.json
    assert data["site"]["platform"] == "shopify" and data["site"]["language"] == "es"
    assert data["scan"]["status"] == "ok"
    phone = check_of(data, "phone")
    assert phone["status"] == "pass"
    assert set(phone["facts"]["numbers"]) == {"+34914567238", "+34900834217"}
    assert phone["facts"]["click_to_call"] and phone["facts"]["toll_free"] and phone["facts"]["in_header_or_footer"]
    assert any(e["zone"] == "footer" and "91 456 72 38" in e["snippet"] for e in phone["evidence"])
    assert check_of(data, "email")["facts"]["emails"][0] == "hola@cocinaalba.es"
    address = check_of(data, "address")
    assert address["status"] == "pass" and any("28005" in a for a in address["facts"]["addresses"])
    channels = check_of(data, "contact_channels")["facts"]["channels"]
    assert {"phone", "email", "contact_form", "whatsapp", "social"} <= set(channels)
    reach = check_of(data, "contact_reachable")
    assert reach["status"] == "pass" and reach["facts"]["contact_url"].endswith("/pages/contacto")


def test_es_shopify_crawl_finds_unlinked_policy_by_platform_path(audited: Any) -> None:
    data = audited("es_shopify").json
    assert "/policies/shipping-policy" in paths_of(data)  # linked nowhere, not in the sitemap
    roles = {p["role"] for p in data["scan"]["pages"]}
    assert {"home", "contact", "shipping", "returns", "legal", "faq"} <= roles
    assert sum(1 for p in data["scan"]["pages"] if p["role"] == "product") <= 4


def test_es_woocommerce_mexico_with_country_flag(audited: Any) -> None:
    run = audited("es_woocommerce", "--country", "MX")
    assert run.code == 0, run.stderr
    data = run.json
    assert data["site"]["platform"] == "woocommerce" and data["site"]["country"] == "MX"
    phone = check_of(data, "phone")
    assert phone["facts"]["numbers"] == ["+525512345678"]
    assert any(e["zone"] == "header" for e in phone["evidence"])
    email = check_of(data, "email")
    assert email["facts"] == {"emails": ["ventas@casaocote.mx"], "mailto": False}
    channels = set(check_of(data, "contact_channels")["facts"]["channels"])
    assert {"phone", "email", "whatsapp", "live_chat", "contact_form"} <= channels
    assert check_of(data, "address")["status"] == "pass"


def test_es_woocommerce_reads_sitemap_index_and_obeys_robots(audited: Any) -> None:
    data = audited("es_woocommerce", "--country", "MX").json
    visited = paths_of(data)
    assert "/garantia/" in visited  # only in page-sitemap.xml, behind sitemap_index.xml
    assert not {"/carrito/", "/mi-cuenta/"} & visited
    robots = [e for e in data["scan"]["errors"] if e["kind"] == "robots"]
    assert {e["url"].rsplit("/", 2)[-2] for e in robots} <= {"carrito", "mi-cuenta"}
    assert data["scan"]["status"] == "ok"  # robots exclusions are notes, not failures


def test_en_custom_has_no_email_and_phones_only_on_contact_page(audited: Any) -> None:
    run = audited("en_custom")
    assert run.code == 0, run.stderr
    data = run.json
    assert data["site"]["language"] == "en" and data["site"]["country"] == "US"
    email = check_of(data, "email")
    assert email["status"] == "fail" and email["evidence"] == []
    phone = check_of(data, "phone")
    assert phone["status"] == "pass" and not phone["facts"]["in_header_or_footer"]
    assert set(phone["facts"]["numbers"]) == {"+14155550132", "+18885550143"}
    assert all(e["url"].endswith("/contact-us.html") for e in phone["evidence"])
    address = check_of(data, "address")
    assert address["facts"]["structured"] and len(address["facts"]["addresses"]) == 1
    channels = set(check_of(data, "contact_channels")["facts"]["channels"])
    assert channels == {"phone", "contact_form", "live_chat", "social"}
    assert check_of(data, "contact_reachable")["facts"]["contact_url"].endswith("/contact-us.html")
    assert data["score"] < 100


def test_es_bare_fails_contact_checks(audited: Any) -> None:
    run = audited("es_bare")
    data = run.json
    statuses = {c["id"]: c["status"] for c in data["checks"]}
    assert statuses["phone"] == "fail" and statuses["address"] == "fail"
    assert statuses["email"] == "pass"
    assert statuses["contact_channels"] == "fail"
    reach = check_of(data, "contact_reachable")  # no contact page; the footer mailto is the contact block
    assert reach["facts"]["contact_url"] is None
    assert all(e["snippet"].endswith("mailto:" + e["snippet"].split("mailto:")[-1]) for e in reach["evidence"])
    assert check_of(data, "phone")["facts"]["numbers"] == []
    assert data["score"] < 50


@pytest.mark.parametrize("name", ["es_shopify", "en_custom", "es_bare"])
def test_result_matches_schema_and_html_is_written(audited: Any, name: str) -> None:
    run = audited(name)
    schema = json.loads(resources.files("touchaudit.reports").joinpath("schema/result-v1.json").read_text("utf-8"))
    jsonschema.validate(run.json, schema)
    assert run.json["schema_version"] == 1
    for check in run.json["checks"]:
        if check["status"] in ("pass", "partial"):
            assert check["evidence"], check["id"]
    assert run.html and "<script" not in run.html.lower()
    assert str(run.json["score"]) in run.html


def test_summary_printed_with_score_and_fixes(audited: Any) -> None:
    out = audited("en_custom").stdout
    assert "score:" in out and "fix these first:" in out
    assert "E-mail" in out or "e-mail" in out


# The whole catalogue on the fixture shops: status and the facts a person would check by hand.
CATALOGUE = {
    "es_shopify": {
        "payment_options": ("pass", "methods", {"card", "paypal", "bizum", "cash_on_delivery", "apple_pay"}),
        "shipping_options": ("pass", "options", {"standard", "express", "store_pickup", "free_shipping"}),
        "return_policy": ("pass", "window_days", 30),
        "delivery_time": ("pass", None, None),
        "response_time": ("pass", None, None),
        "support_hours": ("pass", "hours_text", ["L-V 9:00-18:00"]),
        "guarantee": ("pass", "kinds", {"warranty", "money_back"}),
        "legal_identity": ("pass", "tax_ids", [{"scheme": "CIF", "value": "B86527413"}]),
        "live_channel": ("pass", "providers", ["whatsapp"]),
        "no_shouting": ("pass", None, None),
    },
    "es_woocommerce": {
        "payment_options": ("pass", "methods", {"card", "paypal", "oxxo", "mercado_pago", "installments"}),
        "shipping_options": ("pass", "options", {"standard", "express", "same_day", "free_shipping"}),
        "return_policy": ("pass", "window_days", 15),
        "delivery_time": ("pass", None, None),
        "response_time": ("fail", "promises", []),
        "support_hours": ("pass", None, None),
        "guarantee": ("pass", "url", "/garantia/"),
        "legal_identity": ("pass", "tax_ids", [{"scheme": "RFC", "value": "COD1503124K4"}]),
        "live_channel": ("pass", "providers", ["tawk.to", "whatsapp"]),
        "no_shouting": ("pass", None, None),
    },
    "en_custom": {
        "payment_options": ("pass", "methods", {"card", "paypal", "apple_pay", "klarna"}),
        "shipping_options": ("pass", "options", {"standard", "international", "free_shipping"}),
        "return_policy": ("pass", "window_days", 30),
        "delivery_time": ("pass", "promises", None),
        "response_time": ("pass", "promises", [{"hours": 24.0, "text": "We reply within one business day"}]),
        "support_hours": ("pass", None, None),
        "guarantee": ("pass", "kinds", {"warranty", "money_back"}),
        "legal_identity": ("pass", "company", "Fogline Supply, Inc."),
        "live_channel": ("pass", "providers", ["intercom"]),
        "no_shouting": ("pass", "examples", None),
    },
}


@pytest.mark.parametrize("site", sorted(CATALOGUE))
def test_fixture_shops_exercise_every_check(audited: Any, site: str) -> None:
    data = audited(site, "--country", "MX") if site == "es_woocommerce" else audited(site)
    for check_id, (status, fact, expected) in CATALOGUE[site].items():
        check = check_of(data.json, check_id)
        assert check["status"] == status, (check_id, check["status"], check["facts"])
        if fact is None or expected is None:
            continue
        value = check["facts"][fact]
        if isinstance(expected, set):
            assert expected <= set(value), (check_id, value)
        elif isinstance(expected, str) and expected.startswith("/"):
            assert value.endswith(expected), (check_id, value)
        else:
            assert value == expected, (check_id, value)


def test_delivery_promises_are_machine_readable(audited: Any) -> None:
    promises = check_of(audited("en_custom").json, "delivery_time")["facts"]["promises"]
    assert {"min": 5.0, "max": 7.0, "unit": "business_days"}.items() <= promises[0].items()
    assert any(p["min"] == 2 and p["max"] == 4 and p["unit"] == "business_days" for p in promises)
    shouted = check_of(audited("en_custom").json, "no_shouting")["facts"]
    assert shouted["examples"] and shouted["examples"][0].startswith("THIS IS THE WARMEST JACKET")
