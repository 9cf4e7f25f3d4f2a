"""The web app's JSON API against a real `touchaudit serve`: tokens, audits, results, downloads,
portfolios run twice with a change in between, history, limits and roles."""
from __future__ import annotations

import json
import sqlite3
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import ROOT, SITES
from webapp import WebApp, web  # noqa: F401 (fixture)


@pytest.fixture(scope="module")
def app(web: WebApp) -> WebApp:  # noqa: F811
    return web


@pytest.fixture(scope="module")
def token(app: WebApp) -> str:
    return app.api_token("ana")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_audit_through_the_api_from_start_to_downloads(app: WebApp, token: str, shop: Any) -> None:
    client = app.client()
    started = client.post("/api/audits", json={"url": shop("es_shopify").url("/"), "lang": "es"}, headers=bearer(token))
    assert started.status_code == 202, started.text
    audit_id = started.json()["id"]
    assert started.json()["status"] in ("queued", "running")
    status = app.wait(client, audit_id, **bearer(token))
    assert status["status"] == "done" and status["pages"] > 1 and status["error"] is None
    result = client.get(f"/api/audits/{audit_id}/result", headers=bearer(token)).json()
    jsonschema.validate(result, json.loads((ROOT / "reports/schema/result-v1.json").read_text("utf-8")))
    assert result["scan"]["status"] == "ok" and result["score"] is not None
    history = client.get("/api/history", params={"url": shop("es_shopify").url("/")}, headers=bearer(token)).json()
    assert result["scan"]["finished_at"] in [scan["finished_at"] for scan in history["scans"]]
    # downloads are for signed-in people: the same audit through the pages
    browser, _ = app.signed_in("vic")
    warc = browser.get(f"/audits/{audit_id}/report.warc")
    assert warc.status_code == 200 and warc.content[:2] == b"\x1f\x8b"  # a gzipped WARC of the crawl
    markdown = browser.get(f"/audits/{audit_id}/report.md").text
    assert str(result["score"]) in markdown
    html = browser.get(f"/audits/{audit_id}/report.html")
    assert "script-src" not in html.headers["content-security-policy"] and "<html" in html.text
    with sqlite3.connect(app.db) as conn:  # the scan removed, as `touchaudit history --prune` removes old ones
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DELETE FROM scans WHERE id = (SELECT scan_id FROM web_audits WHERE public_id = ?)", (audit_id,))
    assert client.get(f"/api/audits/{audit_id}/result", headers=bearer(token)).status_code == 404
    assert browser.get(f"/audits/{audit_id}/report.html").status_code == 404  # not a server error


def test_api_refuses_without_a_token_and_viewers_cannot_start(app: WebApp, shop: Any) -> None:
    client = app.client()
    assert client.post("/api/audits", json={"url": shop("es_bare").url("/")}).status_code == 401
    assert client.get("/api/history", params={"url": "https://shop.example/"},
                      headers=bearer("not-a-token")).status_code == 401
    viewer = app.api_token("vic")
    refused = client.post("/api/audits", json={"url": shop("es_bare").url("/")}, headers=bearer(viewer))
    assert refused.status_code == 403
    assert client.get("/api/history", params={"url": "https://shop.example/"}, headers=bearer(viewer)).status_code == 200


def test_revoked_token_stops_working(app: WebApp) -> None:
    browser, csrf = app.signed_in("eva")
    page = browser.post("/account/tokens", data={"name": "short-lived", "csrf": csrf}).text
    value = re.search(r'id="new-token"[^>]*value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    token_id = re.search(r'/account/tokens/(\d+)/revoke', page).group(1)  # type: ignore[union-attr]
    client = app.client()
    assert client.get("/api/history", params={"url": "https://a.example/"}, headers=bearer(value)).status_code == 200
    browser.post(f"/account/tokens/{token_id}/revoke", data={"csrf": csrf})
    assert client.get("/api/history", params={"url": "https://a.example/"}, headers=bearer(value)).status_code == 401


def test_portfolio_from_csv_run_twice_shows_what_changed(app: WebApp, token: str, serve_dir: Any, tmp_path: Path) -> None:
    site = tmp_path / "fogline"
    shutil.copytree(SITES / "en_custom", site)
    changing = serve_dir(site)
    client = app.client()
    csv = f"url,name\n{changing.url('/')},Fogline\n"
    created = client.post("/api/portfolios", json={"name": "Clients", "csv": csv}, headers=bearer(token))
    assert created.status_code == 201, created.text
    portfolio = created.json()
    assert [s["name"] for s in portfolio["sites"]] == ["Fogline"]

    def run() -> dict[str, Any]:
        started = client.post(f"/api/portfolios/{portfolio['id']}/runs", headers=bearer(token))
        assert started.status_code == 202, started.text
        for audit in started.json()["runs"][0]["audits"]:
            assert app.wait(client, audit["id"], **bearer(token))["status"] == "done"
        return client.get(f"/api/portfolios/{portfolio['id']}", headers=bearer(token)).json()

    first = run()
    assert first["runs"][0]["status"] == "done"
    contact = site / "contact-us.html"
    contact.write_text(contact.read_text("utf-8").replace("555-0132", "555-0177").replace("5550132", "5550177"), "utf-8")
    second = run()
    assert len(second["runs"]) == 2
    history = client.get("/api/history", params={"url": changing.url("/")}, headers=bearer(token)).json()
    assert len(history["scans"]) == 2
    phone_changes = [f for f in history["changes"]["facts"] if f["check"] == "phone"]
    assert any("555-0177" in f["text"]["en"] and f["kind"] == "added" for f in phone_changes), phone_changes
    assert any("555-0132" in f["text"]["en"] and f["kind"] == "removed" for f in phone_changes), phone_changes
    schedule = client.put(f"/api/portfolios/{portfolio['id']}/schedule", json={"schedule": "weekly"}, headers=bearer(token))
    assert schedule.json()["schedule"] == "weekly" and schedule.json()["next_run_at"].endswith("T02:00:00Z")


def test_per_user_limit_and_queue_position(app: WebApp, shop: Any) -> None:
    """2 workers, --per-user 4: the fourth audit waits behind another and says so; a fifth while four
    are queued or running is refused with 429; once they end, audits start again."""
    editor = app.api_token("eva")
    client = app.client()
    started = [client.post("/api/audits", json={"url": shop(name).url("/"), "budget": 2}, headers=bearer(editor))
               for name in ("es_bare", "es_woocommerce", "en_custom", "es_shopify")]
    assert [s.status_code for s in started] == [202] * 4
    last = started[3].json()
    assert last["status"] == "queued" and last["ahead"] >= 1
    browser, _ = app.signed_in("eva")
    waiting = browser.get(f"/audits/{last['id']}").text
    assert re.search(r"\d+ audits? ahead of you", waiting) or "/progress" in waiting  # unless it started meanwhile
    fifth = client.post("/api/audits", json={"url": shop("es_bare").url("/")}, headers=bearer(editor))
    assert fifth.status_code == 429 and "queued or running" in fifth.json()["detail"]
    for s in started:
        assert app.wait(client, s.json()["id"], **bearer(editor))["status"] == "done"
    again = client.post("/api/audits", json={"url": shop("es_bare").url("/"), "budget": 1}, headers=bearer(editor))
    assert again.status_code == 202
    app.wait(client, again.json()["id"], **bearer(editor))


def test_openapi_docs_are_served_without_a_cdn(app: WebApp) -> None:
    client = app.client()
    spec = client.get("/openapi.json").json()
    assert {"/api/audits", "/api/audits/{public_id}", "/api/audits/{public_id}/result", "/api/history",
            "/api/portfolios", "/api/portfolios/{portfolio_id}/runs"} <= set(spec["paths"])
    assert "HTTPBearer" in spec["components"]["securitySchemes"]
    docs = client.get("/docs").text
    assert "swagger-ui-bundle.js" in docs and "cdn." not in docs and "http://" not in docs.replace(app.origin, "")
    assert client.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200
