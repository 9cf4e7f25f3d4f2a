"""One Chromium per process, shared by every site being crawled; a fresh context per site.

The browser starts with the first page that needs it, so a server-rendered shop never starts one.
Renders are capped process-wide (a portfolio's memory follows that cap, not the number of sites);
a browser that died or stopped answering is replaced, and the page it was rendering fails alone.
Playwright drives the system Chromium; nothing is downloaded at run time.
"""
from __future__ import annotations

import asyncio
import logging
import os
import time
from typing import Any

from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from touchaudit.failures import GiveUpError
from touchaudit.render.gate import GuardedProxy
from touchaudit.render.page import RawDocument, Rendered, render_in

log = logging.getLogger(__name__)
# Headless, quiet and cheap: no GPU, no background traffic of the browser's own, no sandbox as root
# (Chromium refuses to start otherwise).
LAUNCH_ARGS = ("--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--mute-audio")
CLOSE_TIMEOUT = 10.0


class BrowserPool:
    """The process's browser: launched lazily, restarted when gone, closed with its last site."""

    def __init__(self, executable: str, concurrency: int) -> None:
        self.executable = executable
        self.slots = asyncio.Semaphore(max(1, concurrency))
        self.launches: dict[object, int] = {}  # site -> browsers started for its pages
        self._playwright: Any = None
        self._browser: Any = None
        self._lock = asyncio.Lock()
        self._contexts: dict[object, Any] = {}
        self._sites: set[object] = set()
        self._gate: GuardedProxy | None = None  # a hosted server's renders connect only through it

    def join(self, site: object) -> None:
        self._sites.add(site)

    async def leave(self, site: object) -> None:
        """A site's crawl ended: close its context, and the browser when no site is left."""
        self._sites.discard(site)
        self.launches.pop(site, None)
        context = self._contexts.pop(site, None)
        if context is not None:
            await _quietly(context.close())
        if not self._sites:
            await self.close()

    async def render(self, site: object, user_agent: str, doc: RawDocument, timeout: float,
                     allow_private: bool = True) -> Rendered:
        """The rendered page, or GiveUpError(render_timeout | render_failed) saying why not."""
        async with self.slots:
            started = time.monotonic()
            browser = None
            try:
                context = await asyncio.wait_for(self._context(site, user_agent, allow_private), timeout)
                browser = context.browser
                rendered = await asyncio.wait_for(render_in(context, doc, timeout, allow_private), timeout)
                log.debug("rendered %s in %.2f s", doc.url, time.monotonic() - started)
                return rendered
            except (TimeoutError, PlaywrightTimeoutError):
                if browser is self._browser and not await self._responsive():
                    await self._restart("it stopped answering")
                raise GiveUpError("render_timeout", f"the page was not ready in the browser within {timeout:g} s") from None
            except Exception as exc:
                if browser is None or browser.is_connected():
                    raise GiveUpError("render_failed", f"rendering failed: {_brief(exc)}") from exc
                if browser is self._browser:  # not replaced yet by a render that failed with it
                    await self._restart("it stopped")
                raise GiveUpError("render_failed", "the browser stopped while rendering this page; "
                                                   "it was restarted for the next ones") from exc

    async def _context(self, site: object, user_agent: str, allow_private: bool) -> Any:
        context = self._contexts.get(site)
        if context is not None:
            return context
        browser = await self._launched(site)
        proxy = None
        if not allow_private:  # every connection through the gate, loopback included ("<-loopback>")
            self._gate = self._gate or GuardedProxy()
            proxy = {"server": await self._gate.start(), "bypass": "<-loopback>"}
        context = await browser.new_context(user_agent=user_agent, service_workers="block",
                                            viewport={"width": 1280, "height": 900}, proxy=proxy)
        self._contexts[site] = context
        return context

    async def _launched(self, site: object) -> Any:
        async with self._lock:
            if self._browser is not None and self._browser.is_connected():
                return self._browser
            self._contexts.clear()  # they died with their browser
            if self._playwright is None:
                from playwright.async_api import async_playwright

                self._playwright = await async_playwright().start()
            args = list(LAUNCH_ARGS) + (["--no-sandbox"] if os.geteuid() == 0 else [])
            log.info("starting the browser %s", self.executable)
            self._browser = await self._playwright.chromium.launch(
                executable_path=self.executable, args=args, headless=True,
                handle_sigint=False, handle_sigterm=False, handle_sighup=False)
            self.launches[site] = self.launches.get(site, 0) + 1
            return self._browser

    async def _responsive(self) -> bool:
        """After a timeout: does the browser still answer? (A hung page need not mean a hung browser.)"""
        browser = self._browser
        if browser is None or not browser.is_connected():
            return False
        try:
            context = await asyncio.wait_for(browser.new_context(), 5)
            await asyncio.wait_for(context.close(), 5)
        except Exception:
            return False
        return True

    async def _restart(self, why: str) -> None:
        """Drop a dead or hung browser, and the driver that launched it (stopping the driver ends a
        browser that no longer answers); the next render starts both again."""
        log.warning("the browser %s: %s; it will be restarted", self.executable, why)
        await self.close()

    async def close(self) -> None:
        async with self._lock:
            browser, self._browser = self._browser, None
            playwright, self._playwright = self._playwright, None
            gate, self._gate = self._gate, None
            self._contexts.clear()
            if gate is not None:
                await gate.close()
            if browser is not None:
                await _quietly(browser.close())
            if playwright is not None:
                await _quietly(playwright.stop())


_POOLS: dict[str, BrowserPool] = {}


def pool_for(executable: str, concurrency: int) -> BrowserPool:
    """The process's pool for `executable` (one browser per process, whatever the number of sites)."""
    pool = _POOLS.get(executable)
    if pool is None:
        pool = _POOLS[executable] = BrowserPool(executable, concurrency)
    return pool


async def _quietly(awaitable: Any) -> None:
    try:
        await asyncio.wait_for(awaitable, CLOSE_TIMEOUT)
    except Exception as exc:
        log.debug("browser cleanup: %s", _brief(exc))


def _brief(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text.split(" Call log:")[0][:200]
