"""The published JSON Schema: strict on the spec's fields and vocabularies, open to additions."""
from __future__ import annotations

import copy
import json
from collections.abc import Callable
from importlib import resources
from typing import Any

import pytest
from jsonschema import Draft202012Validator


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    text = resources.files("touchaudit.reports").joinpath("schema", "result-v1.json").read_text(
        encoding="utf-8")
    schema = json.loads(text)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    return Draft202012Validator(schema)


def texts(es: str, en: str) -> dict[str, str]:
    return {"es": es, "en": en}


def spec_only(lang: str = "es") -> dict[str, Any]:
    """Exactly the fields the spec names, none of our extensions."""
    return {
        "tool": "touchaudit", "version": "0.1.0", "schema_version": 1,
        "site": {"url": "https://shop.example/", "final_url": "https://shop.example/",
                 "language": lang, "country": "MX", "platform": None},
        "scan": {"started_at": "2026-11-22T18:00:00Z", "finished_at": "2026-11-22T18:01:00Z",
                 "pages_fetched": 37, "pages_failed": 2, "status": "ok",
                 "errors": [{"url": "https://shop.example/x", "kind": "http_404", "detail": "404"}]},
        "score": 80,
        "categories": [{"id": "contact", "score": 80}],
        "checks": [{
            "id": "phone", "category": "contact", "status": "pass", "score": 1.0, "weight": 10,
            "facts": {"numbers": ["+525512345678"], "click_to_call": True, "toll_free": False,
                      "in_header_or_footer": True},
            "evidence": [{"url": "https://shop.example/", "snippet": "Llámanos 55 1234 5678",
                          "selector": None}],
            "recommendation": texts("Muestra un teléfono.", "Show a phone number."),
            "source": "000_9a930db029dc3ab1.txt",
        }],
    }


def with_extensions(lang: str = "en") -> dict[str, Any]:
    """Our extension fields plus more checks, as the runner writes them."""
    result = spec_only(lang)
    result["scan"].update(reason=None, robots_ignored=False, budget=40, status="partial",
                          pages=[{"url": "https://shop.example/", "status": 200, "role": "home",
                                  "title": "Shop"}])
    result["checks"][0].update(title=texts("Teléfono", "Phone"), error=None,
                               summary=texts("Hay teléfono.", "A phone is shown."))
    result["checks"][0]["evidence"][0]["zone"] = "footer"
    result["checks"] += [
        {"id": "payment_options", "category": "alternatives", "status": "partial", "score": 0.5,
         "weight": 6, "facts": {"methods": ["card", "bizum"], "installments": False,
                                "card_brands": ["visa"]},
         "evidence": [{"url": "https://shop.example/pago", "snippet": "Visa, Bizum",
                       "selector": "main p", "zone": "main"}],
         "recommendation": texts("Añade PayPal.", "Add PayPal."), "source": "000_x.txt"},
        {"id": "guarantee", "category": "trust", "status": "error", "score": 0.0, "weight": 5,
         "facts": {}, "evidence": [], "recommendation": texts("…", "…"), "source": "002_x.txt",
         "error": "no pages fetched"},
    ]
    result["categories"].append({"id": "trust", "score": None})
    return result


def unreachable() -> dict[str, Any]:
    result = spec_only()
    result["scan"].update(status="unreachable", pages_fetched=0, pages_failed=1, reason="dns",
                          errors=[{"url": "https://shop.example/", "kind": "dns", "detail": "x"}])
    result.update(score=None, categories=[], checks=[])
    return result


@pytest.mark.parametrize("build", [spec_only, with_extensions, unreachable,
                                   lambda: spec_only("pt"), lambda: with_extensions("es")])
def test_valid_results_pass(validator: Draft202012Validator, build: Callable[[], Any]) -> None:
    errors = list(validator.iter_errors(build()))
    assert not errors, [e.message for e in errors]


def test_unknown_additional_properties_are_allowed(validator: Draft202012Validator) -> None:
    result = with_extensions()
    result["future"] = {"anything": 1}
    result["site"]["ip"] = "192.0.2.1"
    result["scan"]["user_agent"] = "touchaudit"
    result["checks"][0]["duration_ms"] = 3
    result["checks"][0]["recommendation"]["pt"] = "Mostre um telefone."
    result["checks"].append({**copy.deepcopy(result["checks"][1]), "id": "team_page",
                             "category": "personal"})
    assert validator.is_valid(result)


DELETE = object()


def mutate(path: str, value: Any) -> dict[str, Any]:
    result = with_extensions()
    *parents, last = path.split(".")
    node: Any = result
    for key in parents:
        node = node[int(key)] if key.isdigit() else node[key]
    if value is DELETE:
        del node[int(last) if last.isdigit() else last]
    else:
        node[int(last) if last.isdigit() else last] = value
    return result


@pytest.mark.parametrize(("path", "value"), [
    ("checks.0.status", "passed"),
    ("checks.0.status", "PASS"),
    ("scan.status", "done"),
    ("score", 101),
    ("score", 61.5),
    ("checks.0.score", 1.5),
    ("checks.0.weight", -1),
    ("checks.0.recommendation", {"es": "solo español"}),
    ("checks.0.source", DELETE),
    ("checks.0.facts", DELETE),
    ("checks.0.evidence", []),  # a pass must point at its evidence
    ("checks.0.evidence.0.selector", DELETE),
    ("checks.0.evidence.0.zone", "sidebar"),
    ("checks.0.facts.numbers", ["55 1234 5678"]),  # not E.164
    ("checks.1.facts.methods", ["card", "visa"]),  # brands are not PAYMENTS
    ("checks.1.status", None),
    ("categories.0.score", "80"),
    ("scan.pages_fetched", -1),
    ("scan.finished_at", "22/11/2026"),
    ("scan.errors", DELETE),
    ("site.country", "mx"),
    ("site.final_url", DELETE),
    ("schema_version", 2),
    ("tool", "other"),
])
def test_contract_violations_are_rejected(validator: Draft202012Validator, path: str,
                                          value: Any) -> None:
    assert validator.is_valid(with_extensions())
    assert not validator.is_valid(mutate(path, value))


def test_channel_vocabulary_is_enforced(validator: Draft202012Validator) -> None:
    result = with_extensions()
    result["checks"].append({
        "id": "contact_channels", "category": "contact", "status": "fail", "score": 0.0,
        "weight": 8, "facts": {"channels": ["phone", "pigeon"]}, "evidence": [],
        "recommendation": texts("a", "b"), "source": "000_x.txt"})
    assert not validator.is_valid(result)
    result["checks"][-1]["facts"]["channels"] = ["phone", "whatsapp"]
    assert validator.is_valid(result)
