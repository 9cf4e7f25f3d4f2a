"""The gate a hosted server's renders connect through (touchaudit/render/gate.py): real sockets, a
real Chromium. A name is resolved once and its checked address is the one connected to, so a
name that rebinds to the server's own network between the page's check and the connection (the
case the route check alone cannot see) reaches nothing."""
from __future__ import annotations

import asyncio
import http.server
import os
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from touchaudit.render.gate import GuardedProxy


class Canary(http.server.BaseHTTPRequestHandler):
    """Records each request's line and headers; answers a line of script."""

    hits: list[tuple[str, dict[str, str]]] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        type(self).hits.append((self.requestline, {k.lower(): v for k, v in self.headers.items()}))
        body = b"document.body.dataset.canary = 'reached';"
        self.send_response(200)
        self.send_header("Content-Type", "application/javascript")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def canary() -> Iterator[int]:
    Canary.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Canary)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_port
    finally:
        server.shutdown()


async def exchange(proxy: str, request: bytes) -> bytes:
    host, port = proxy.rsplit("/", 1)[-1].split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(request)
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(), 10)
    writer.close()
    return answer


def allow_all(ip: str) -> None:
    return None


def test_the_gate_refuses_private_names_forwards_public_ones_and_never_asks_dns_twice(canary: int) -> None:
    asked: list[str] = []

    def resolve(host: str, port: int) -> list[str]:  # a name that answers 127.0.0.1 to whoever asks
        asked.append(host)
        return ["127.0.0.1"]

    async def scenario() -> None:
        refusing = GuardedProxy()  # netguard's own rule: loopback is not public
        address = await refusing.start()
        answer = await exchange(address, f"CONNECT canary.localhost:{canary} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        assert answer.startswith(b"HTTP/1.1 403")
        answer = await exchange(address, f"GET http://127.0.0.1:{canary}/meta-data HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        assert answer.startswith(b"HTTP/1.1 403") and refusing.refused == [f"canary.localhost:{canary}", f"127.0.0.1:{canary}"]
        assert (await exchange(address, b"GET /relative HTTP/1.1\r\n\r\n")).startswith(b"HTTP/1.1 400")
        assert (await exchange(address, b"NONSENSE\r\n\r\n")).startswith(b"HTTP/1.1 400")
        assert (await exchange(address, b"GET http://a/ HTTP/1.1\r\nX: " + b"y" * 70_000 + b"\r\n\r\n")).startswith(b"HTTP/1.1 400")
        await refusing.close()

        forwarding = GuardedProxy(resolve, allow_all)  # as if 127.0.0.1 were a public address
        address = await forwarding.start()
        answer = await exchange(address, (f"GET http://shop.test:{canary}/app.js?v=2 HTTP/1.1\r\nHost: shop.test:{canary}\r\n"
                                          "Proxy-Connection: keep-alive\r\nConnection: keep-alive\r\nAccept: */*\r\n\r\n").encode())
        assert answer.startswith(b"HTTP/1.0 200") and answer.endswith(b"'reached';")
        line, headers = Canary.hits[-1]
        assert line == "GET /app.js?v=2 HTTP/1.1" and headers["connection"] == "close" and "proxy-connection" not in headers
        assert headers["host"] == f"shop.test:{canary}" and asked == ["shop.test"]
        reader, writer = await asyncio.open_connection(*address.rsplit("/", 1)[-1].split(":"))
        writer.write(f"CONNECT shop.test:{canary} HTTP/1.1\r\n\r\n".encode())
        assert (await reader.readuntil(b"\r\n\r\n")).startswith(b"HTTP/1.1 200")
        writer.write(b"GET /tunnelled HTTP/1.0\r\n\r\n")  # what a TLS or WebSocket tunnel would carry
        assert (await asyncio.wait_for(reader.read(), 10)).endswith(b"'reached';")
        writer.close()
        assert Canary.hits[-1][0] == "GET /tunnelled HTTP/1.0" and asked == ["shop.test", "shop.test"]
        await forwarding.close()

    asyncio.run(scenario())


def test_chromium_connects_only_through_the_gate(chromium: str, canary: int) -> None:
    """A hosted render's context sends every request through the gate, loopback included: with the
    route check told to allow everything (as a rebinding name would fool it), a gate that refuses
    loopback is what keeps the page's script from the canary (it saw and refused the request), and
    the same render through a gate that allows it reaches the canary through the gate.
    (Chromium 156's own Private Network Access also refuses a rendered page's requests to loopback
    in most shapes, measured; the gate makes that touchaudit's rule, not a browser's default.)"""
    from playwright.async_api import async_playwright

    from touchaudit.render.browser import LAUNCH_ARGS
    from touchaudit.render.page import RawDocument, render_in

    page = (f"<html><body><p>Tienda</p><script src='http://canary.localhost:{canary}/meta-data'></script>"
            "</body></html>").encode()
    doc = RawDocument(f"http://127.0.0.1:{canary}/tienda", 200, "text/html", page)

    async def render(gate: GuardedProxy) -> str:
        async with async_playwright() as pw:
            args = [*LAUNCH_ARGS, *(["--no-sandbox"] if os.geteuid() == 0 else [])]
            browser = await pw.chromium.launch(executable_path=chromium, args=args, headless=True)
            try:
                context = await browser.new_context(proxy={"server": await gate.start(), "bypass": "<-loopback>"})
                return (await render_in(context, doc, 15.0, allow_private=True)).html
            finally:
                await browser.close()
                await gate.close()

    refusing = GuardedProxy()
    html = asyncio.run(render(refusing))
    assert Canary.hits == [] and "reached" not in html and refusing.refused == [f"canary.localhost:{canary}"]
    html = asyncio.run(render(GuardedProxy(reason=allow_all)))
    assert [line for line, _ in Canary.hits] == ["GET /meta-data HTTP/1.1"] and 'data-canary="reached"' in html


def test_a_hosted_site_renders_through_the_gate_and_a_command_line_site_does_not(
        chromium: str, canary: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the pool: the route check is made to say yes to everything (a name that fooled it);
    the hosted site's page still renders, and its script's request to loopback is stopped by the
    gate; the same page of a command-line site (allow_private) reaches the canary."""
    import touchaudit.render.page
    from touchaudit.render.browser import BrowserPool
    from touchaudit.render.page import RawDocument

    async def fooled(url: str, verdicts: dict[str, bool]) -> bool:
        return True

    monkeypatch.setattr(touchaudit.render.page, "_public", fooled)
    page = (b"<html><body><div id='app'></div><script>document.getElementById('app').textContent = 'Contacto';"
            b"</script><script src='/meta-data'></script></body></html>")
    doc = RawDocument(f"http://127.0.0.1:{canary}/", 200, "text/html", page)

    async def scenario() -> None:
        pool = BrowserPool(chromium, 1)
        for site, allow_private in (("hosted", False), ("local", True)):
            pool.join(site)
            rendered = await pool.render(site, "touchaudit-test", doc, 15.0, allow_private=allow_private)
            assert "Contacto" in rendered.html
            assert len(Canary.hits) == (0 if site == "hosted" else 1), (site, Canary.hits)
        gate = pool._gate
        assert gate is not None and gate.refused == [f"127.0.0.1:{canary}"]
        await pool.leave("hosted")
        await pool.leave("local")
        assert pool._gate is None and gate._server is None  # closed with the browser

    asyncio.run(scenario())
