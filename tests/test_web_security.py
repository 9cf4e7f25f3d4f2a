"""`touchaudit serve` is safe to put on a network: sign-in required, CSRF tokens, sign-in rate
limit, no SSRF (addresses checked after DNS resolution, redirects to the metadata address never
followed), strict CSP, body-size limit, revocable share links, and a crashed audit that leaves the
server running. Real servers on 127.0.0.1; nothing leaves the machine."""
from __future__ import annotations

import os
import re
import signal
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from webapp import PASSWORD, WebApp, form_token, web, web_public  # noqa: F401 (fixtures)

from touchaudit.web.accounts import create_account
from touchaudit.web.store import open_web_store

METADATA = "http://169.254.169.254/latest/meta-data/"
PAGE = "<!doctype html><html lang=en><head><title>Shop</title></head><body><header><a href='{link}'>Contact</a></header>" \
       "<main><p>Handmade candles. Call us.</p></main></body></html>"


class Tricks(BaseHTTPRequestHandler):
    """/meta/ redirects to the metadata address; /inner/'s contact page does; /slow/ takes its time."""

    def log_message(self, *_: Any) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            return self._send(404, "")
        if self.path.startswith("/meta/") or self.path == "/inner/contact":
            self.send_response(302)
            self.send_header("Location", METADATA)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if self.path.startswith("/slow/"):
            time.sleep(1.0)
            return self._send(200, PAGE.format(link=f"/slow/{int(time.time() * 1000)}"))
        return self._send(200, PAGE.format(link="/inner/contact"))

    def _send(self, status: int, body: str) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture(scope="module")
def tricks() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Tricks)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def public(web_public: WebApp) -> WebApp:  # noqa: F811
    """A server as it runs on a network: no --allow-private."""
    return web_public


@pytest.fixture(scope="module")
def private(web: WebApp) -> WebApp:  # noqa: F811
    """--allow-private, as the tests need for their 127.0.0.1 shops."""
    return web


def test_anonymous_visitors_are_sent_to_sign_in(public: WebApp) -> None:
    client = public.client()
    for path in ("/", "/portfolios", "/account", "/audits/whatever", "/sites?url=https://a.example/",
                 "/audits/whatever/report.json"):
        answer = client.get(path)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/login?next="), path
    assert client.post("/audits", data={"url": "https://a.example/"}).status_code == 303
    assert client.post("/api/audits", json={"url": "https://a.example/"}).status_code == 401


def test_forms_without_their_csrf_token_are_refused(public: WebApp) -> None:
    client, csrf = public.signed_in("eva")
    before = client.get("/").text.count("/audits/")
    for data in ({"url": "https://a.example/"}, {"url": "https://a.example/", "csrf": "forged"}):
        refused = client.post("/audits", data=data)
        assert refused.status_code == 403 and "did not come from this site" in refused.text
    assert client.post("/portfolios", data={"name": "x"}).status_code == 403
    assert client.get("/").text.count("/audits/") == before
    # the sign-in form has its own token (a double-submit cookie)
    fresh = public.client()
    assert fresh.post("/login", data={"name": "ana", "password": PASSWORD}).status_code == 403
    assert csrf


def test_session_cookie_is_httponly_and_samesite_and_ends_on_sign_out(public: WebApp) -> None:
    client = public.client()
    token = form_token(client.get("/login").text)
    answer = client.post("/login", data={"name": "ana", "password": PASSWORD, "csrf": token})
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    csrf = form_token(client.get("/").text)
    stolen = dict(client.cookies)
    assert client.post("/logout", data={"csrf": csrf}).status_code == 303
    replay = public.client()
    replay.cookies.update(stolen)
    assert replay.get("/").status_code == 303  # the session ended on the server, not only in the browser


def test_sign_in_attempts_are_rate_limited(public: WebApp) -> None:
    with open_web_store(str(public.db)) as store:  # an account of its own: it stays locked for a minute
        create_account(store, "rita", PASSWORD, "viewer")
    client = public.client()
    token = form_token(client.get("/login").text)
    codes = [client.post("/login", data={"name": "rita", "password": f"wrong-{i}", "csrf": token}).status_code
             for i in range(6)]
    assert codes[:5] == [401] * 5 and codes[5] == 429  # 5 failures per account name a minute
    # even the right password waits now
    assert client.post("/login", data={"name": "rita", "password": PASSWORD, "csrf": token}).status_code == 429


@pytest.mark.parametrize(("url", "words"), [
    ("http://127.0.0.1:9/", "127.0.0.1, this machine's own (loopback) address"),
    ("http://localhost:8080/", "127.0.0.1, this machine's own (loopback) address"),
    ("http://tienda.localhost/", "127.0.0.1, this machine's own (loopback) address"),
    ("http://169.254.169.254/latest/meta-data/", "link-local address, where cloud metadata services live"),
    ("http://10.20.30.40/", "an address of a private network"),
    ("http://127.1.2.3/", "127.1.2.3, this machine's own (loopback) address"),
    ("http://224.0.0.1/", "a multicast address"),
])
def test_private_addresses_are_refused_with_a_clear_message(public: WebApp, url: str, words: str) -> None:
    client, csrf = public.signed_in("ana")
    page = client.post("/audits", data={"url": url, "csrf": csrf})
    assert page.status_code == 400
    assert words in page.text.replace("&#39;", "'") and "only audits shops on the public internet" in page.text
    api = client.post("/api/audits", json={"url": url}, headers={"Authorization": f"Bearer {public.api_token()}"})
    assert api.status_code == 400 and "only public web sites are audited here" in api.json()["detail"]


def test_refusal_speaks_spanish_too(public: WebApp) -> None:
    client, csrf = public.signed_in("ana")
    client.get("/lang/es")
    page = client.post("/audits", data={"url": "http://169.254.169.254/", "csrf": csrf})
    assert "una dirección de enlace local, donde viven los servicios de metadatos" in page.text
    assert "Auditorías recientes" in page.text


def test_redirects_to_the_metadata_address_are_never_followed(private: WebApp, tricks: str) -> None:
    """The home page and an inner page redirect to 169.254.169.254: the audit says so and no request
    goes there: the crawl's guard (touchaudit.netguard, spiders/guard.py) refuses the hop before any
    connection, so the failure is the guard's, never a timeout or a refused connection."""
    token = private.api_token()
    client = private.client()
    headers = {"Authorization": f"Bearer {token}"}
    home = client.post("/api/audits", json={"url": tricks + "/meta/", "budget": 3}, headers=headers).json()["id"]
    inner = client.post("/api/audits", json={"url": tricks + "/inner/", "budget": 3}, headers=headers).json()["id"]
    for audit_id in (home, inner):
        assert private.wait(client, audit_id, **headers)["status"] == "done"
    home_result = client.get(f"/api/audits/{home}/result", headers=headers).json()
    assert home_result["scan"]["status"] == "error" and "169.254.169.254" in home_result["scan"]["reason"]
    inner_result = client.get(f"/api/audits/{inner}/result", headers=headers).json()
    for result in (home_result, inner_result):  # never asked: a refusal by the guard, not a failed connection
        kinds = {e["kind"] for e in result["scan"]["errors"]}
        assert kinds & {"offsite_redirect", "blocked_address"} and not kinds & {"refused", "timeout", "connection"}
        assert any("169.254.169.254" in e["detail"] for e in result["scan"]["errors"])
    assert inner_result["scan"]["pages_fetched"] == 1


def test_pages_send_a_strict_csp_and_bodies_are_capped(public: WebApp) -> None:
    client = public.client()
    headers = client.get("/login").headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp and headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    big = client.post("/login", content=b"x" * 1_100_000, headers={"content-type": "application/x-www-form-urlencoded"})
    assert big.status_code == 413


def test_share_links_are_unguessable_and_revocable(private: WebApp, shop: Any) -> None:
    client, csrf = private.signed_in("eva")
    started = client.post("/audits", data={"url": shop("es_bare").url("/"), "csrf": csrf})  # one page: --budget 12 caps it
    audit_id = started.headers["location"].rsplit("/", 1)[1]
    private.wait(client, audit_id, Authorization=f"Bearer {private.api_token('eva')}")
    client.post(f"/audits/{audit_id}/share", data={"csrf": csrf, "action": "share"})
    link = re.search(r'value="(http[^"]+/s/([^"]+))"', client.get(f"/audits/{audit_id}").text)
    assert link and len(link.group(2)) >= 40
    anonymous = private.client()
    shared = anonymous.get(link.group(1).replace(private.origin, ""))
    assert shared.status_code == 200 and "<html" in shared.text
    assert anonymous.get("/s/" + "A" * 43).status_code == 404
    client.post(f"/audits/{audit_id}/share", data={"csrf": csrf, "action": "revoke"})
    assert anonymous.get(link.group(1).replace(private.origin, "")).status_code == 404
    viewer, viewer_csrf = private.signed_in("vic")
    refused = viewer.post(f"/audits/{audit_id}/share", data={"csrf": viewer_csrf, "action": "share"})
    assert refused.status_code == 403


def _audit_processes(server_pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat[1]) == server_pid and b"touchaudit.audit_process" in cmdline:
            found.append(int(entry.name))
    return found


def test_a_crashed_audit_fails_alone_and_the_server_goes_on(private: WebApp, tricks: str, shop: Any) -> None:
    token = private.api_token()
    client = private.client()
    headers = {"Authorization": f"Bearer {token}"}
    slow = client.post("/api/audits", json={"url": tricks + "/slow/", "budget": 3}, headers=headers).json()["id"]
    deadline = time.monotonic() + 30
    while not (children := _audit_processes(private.proc.pid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert children
    for pid in children:
        os.kill(pid, signal.SIGKILL)
    failed = private.wait(client, slow, **headers)
    assert failed["status"] == "failed" and "ended unexpectedly" in failed["error"]
    after = client.post("/api/audits", json={"url": shop("es_bare").url("/"), "budget": 1}, headers=headers).json()["id"]
    assert private.wait(client, after, **headers)["status"] == "done"
