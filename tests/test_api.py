"""The Python API: `touchaudit.audit()` called again and again in one process, and its async form.

Each call crawls a real loopback shop in a child process; the test process never runs a reactor,
so the third call works like the first (no ReactorNotRestartable), results are typed and their
`to_dict()` is the canonical JSON the schema describes.
"""
from __future__ import annotations

import asyncio
import json
from typing import Any

import jsonschema
import pytest
from conftest import GUARD, ROOT

import touchaudit
from touchaudit import audit, audit_async
from touchaudit.api import Progress
from touchaudit.model import AuditResult
from touchaudit.sites import UrlError


@pytest.fixture(autouse=True)
def guarded_children(monkeypatch: pytest.MonkeyPatch) -> None:
    """The audit's child process loads the loopback guard too (it reads PYTHONPATH)."""
    monkeypatch.setenv("PYTHONPATH", f"{GUARD}:{ROOT}")


def schema() -> dict[str, Any]:
    return json.loads((ROOT / "reports" / "schema" / "result-v1.json").read_text("utf-8"))


def test_audit_three_times_in_one_process_with_progress(shop: Any) -> None:
    urls = [shop("es_shopify").url("/"), shop("en_custom").url("/"), shop("es_shopify").url("/")]
    results: list[AuditResult] = []
    for url in urls:
        events: list[Progress] = []
        result = audit(url, budget=6, on_progress=events.append)
        results.append(result)
        assert isinstance(result, AuditResult) and result.scan["status"] == "ok"
        stages = [e.stage for e in events]
        assert stages[0] == "starting" and "crawling" in stages and stages[-1] == "auditing"
        pages = [e.pages for e in events]
        assert pages == sorted(pages) and pages[-1] == result.scan["pages_fetched"] > 1
        assert any(e.current and e.current.startswith(url.rstrip("/")) for e in events)
        jsonschema.validate(result.to_dict(), schema())
    assert results[0].site["language"] == "es" and results[1].site["language"] == "en"
    # the same shop twice gives the same findings
    assert [(c.id, c.status) for c in results[0].checks] == [(c.id, c.status) for c in results[2].checks]
    assert results[0].score == results[2].score is not None
    phone = next(c for c in results[1].checks if c.id == "phone")
    assert phone.status == "pass" and "+14155550132" in phone.facts["numbers"]


def test_audit_async_runs_audits_side_by_side(shop: Any) -> None:
    async def both() -> list[AuditResult]:
        return await asyncio.gather(audit_async(shop("es_bare").url("/"), budget=3),
                                    audit_async(shop("en_custom").url("/"), budget=3))

    bare, custom = asyncio.run(both())
    assert bare.site["url"].startswith(shop("es_bare").origin) and custom.site["url"].startswith(shop("en_custom").origin)
    assert bare.to_dict()["scan"]["pages_fetched"] >= 1 and custom.to_dict()["score"] is not None


def test_bad_input_is_refused_before_any_crawl() -> None:
    with pytest.raises(UrlError, match="unsupported scheme"):
        audit("ftp://shop.example/")
    with pytest.raises(ValueError, match="budget"):
        audit("https://shop.example/", budget=0)
    assert touchaudit.audit is audit


def test_an_unreachable_shop_is_a_result_not_an_exception() -> None:
    result = audit("http://shop.invalid/", budget=3, timeout=5)
    assert result.scan["status"] == "unreachable" and result.score is None
