"""One page rendered in a browser context: the raw document in, the rendered DOM and requests out.

The document is answered from the bytes the crawl already fetched (no second request for it, and
the rendered copy is provably a rendering of the archived response); the page's own scripts,
styles and XHR go to the network; images, media and fonts are never downloaded. After `load` the
page gets a scroll and a mouse move (many chat loaders wait for the first interaction), then a
short quiet period (no request for 500 ms: late scripts and their timers run), within the render
timeout.
"""
from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Any

from touchaudit.render.requests import MAX_GLOBALS, MAX_RECORDED, Recorded

log = logging.getLogger(__name__)
BLOCKED_TYPES = frozenset({"image", "media", "font"})
SETTLE = 2.0  # seconds of waiting for the network to go quiet after load and a first interaction
# Window properties every page has: not the page's own globals.
_OWN_GLOBALS = """() => {
  const frame = document.createElement('iframe');
  frame.style.display = 'none';
  document.documentElement.appendChild(frame);
  const blank = new Set(Object.keys(frame.contentWindow));
  frame.remove();
  return Object.keys(window).filter(k => !blank.has(k) && !/^\\d+$/.test(k)).slice(0, %d);
}""" % MAX_GLOBALS


@dataclass(frozen=True)
class RawDocument:
    """The page as the crawl fetched it, to be rendered."""

    url: str
    status: int
    content_type: str
    body: bytes


@dataclass(frozen=True)
class Rendered:
    html: str
    recorded: Recorded


async def render_in(context: Any, doc: RawDocument, timeout: float, allow_private: bool = True) -> Rendered:
    """Render `doc` in a new page of `context`; the page is always closed, even when the caller
    cancels (asyncio.wait_for: a page whose scripts never stop blocks input and content()).
    Without `allow_private` (a hosted server) the page's own requests to private, loopback or
    link-local addresses are refused, as the crawl's are (touchaudit.netguard)."""
    deadline = time.monotonic() + timeout
    requests: list[tuple[str, str]] = []
    page = await context.new_page()
    served = False
    verdicts: dict[str, bool] = {}  # host -> may be requested

    async def route(route: Any) -> None:
        nonlocal served
        request = route.request
        if request.is_navigation_request() and request.frame == page.main_frame:
            if not served and request.url.split("#", 1)[0] == doc.url.split("#", 1)[0]:
                served = True
                await route.fulfill(status=doc.status, body=doc.body,
                                    headers={"content-type": doc.content_type or "text/html"})
            else:  # the page navigating away (a script redirect): keep the page the crawl read
                await route.abort()
        elif request.resource_type in BLOCKED_TYPES:
            await route.abort()
        elif not allow_private and not await _public(request.url, verdicts):
            log.info("not requested while rendering %s: %s is not a public address", doc.url, request.url)
            await route.abort("addressunreachable")
        else:
            await route.continue_()

    def record(request: Any) -> None:
        if len(requests) < MAX_RECORDED and not (request.is_navigation_request() and request.frame == page.main_frame):
            requests.append((request.resource_type, request.url))

    # page.route sees no WebSockets: they get the same check. (Measured with Chromium 156: a page
    # whose document is answered from the crawl's bytes opens no WebSocket at all; this is the guard
    # for a browser that would.)
    async def web_socket(ws: Any) -> None:
        if await _public(ws.url, verdicts):
            ws.connect_to_server()
        else:
            log.info("no WebSocket while rendering %s: %s is not a public address", doc.url, ws.url)
            await ws.close()

    try:
        page.on("request", record)
        await page.route("**/*", route)
        if not allow_private:
            await page.route_web_socket("**/*", web_socket)
        await page.goto(doc.url, wait_until="load", timeout=_ms(deadline))
        await page.mouse.move(200, 200)
        await page.mouse.wheel(0, 3000)
        await _quiet(page, deadline)
        html = await page.content()
        names = await page.evaluate(_OWN_GLOBALS)
    finally:
        await _close(page)
    return Rendered(html, Recorded(tuple(requests), tuple(str(n) for n in names if isinstance(n, str))))


async def _public(url: str, verdicts: dict[str, bool]) -> bool:
    """Does the URL's host resolve to public addresses only? (touchaudit.netguard; cached per page)"""
    from urllib.parse import urlsplit

    from touchaudit.netguard import public_host

    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    if host not in verdicts:
        port = parts.port or (443 if parts.scheme in ("https", "wss") else 80)
        verdicts[host] = await asyncio.get_running_loop().run_in_executor(None, public_host, host, port)
    return verdicts[host]


async def _quiet(page: Any, deadline: float) -> None:
    """Wait until the network is idle (no request for 500 ms), at most SETTLE seconds."""
    wait = min(SETTLE, _left(deadline) - 0.5)
    if wait <= 0:
        return
    try:
        await page.wait_for_load_state("networkidle", timeout=wait * 1000)
    except Exception:  # a page that keeps polling is never idle: what it has shown is what we read
        pass


async def _close(page: Any) -> None:
    try:
        await asyncio.wait_for(page.close(run_before_unload=False), 5)
    except Exception as exc:  # a hung or dead browser: the pool notices on its next use
        log.debug("closing a rendered page failed: %s", exc)


def _left(deadline: float) -> float:
    return max(0.001, deadline - time.monotonic())


def _ms(deadline: float) -> float:
    return _left(deadline) * 1000
