"""The way out for a hosted server's renders: a forward proxy on loopback that Chromium must use.

The route check in page.py asks DNS whether a page's request goes to a public address, then
Chromium asks DNS again to connect: a name that answers a public address to the first question
and 127.0.0.1 or 169.254.169.254 to the second (DNS rebinding) would reach the server's own
network. Through this proxy Chromium never resolves a name itself: the proxy resolves it once,
refuses it when any address is not public (touchaudit.netguard), and connects to the address it
checked. CONNECT carries HTTPS and WebSockets; a plain-HTTP request is sent on with its path only
and `Connection: close`, so each connection carries one request to one checked host.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from urllib.parse import urlsplit

from touchaudit import netguard

log = logging.getLogger(__name__)
HEAD_LIMIT = 64 * 1024  # a request head longer than this is refused
HEAD_TIMEOUT = 10.0
CONNECT_TIMEOUT = 10.0
_HOP_HEADERS = (b"proxy-connection", b"proxy-authorization", b"connection", b"keep-alive")


class Refused(Exception):
    """Not a public address (or not an address at all): the proxy answers 403."""


class GuardedProxy:
    """`await start()` -> its address for Chromium's `proxy` option; `await close()` when done."""

    def __init__(self, resolve: Callable[[str, int], list[str]] = netguard.resolve,
                 reason: Callable[[str], str | None] = netguard.reason_for) -> None:
        self._resolve, self._reason = resolve, reason
        self._server: asyncio.AbstractServer | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.refused: list[str] = []  # "host:port" asked for and refused (kept short: for logs and tests)

    async def start(self) -> str:
        if self._server is None:
            self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0, limit=HEAD_LIMIT)
        port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    async def close(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()
        for task in list(self._tasks):
            task.cancel()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            await self._one(reader, writer)
        except (Refused, ValueError, asyncio.LimitOverrunError, asyncio.IncompleteReadError) as exc:
            status = b"403 Forbidden" if isinstance(exc, Refused) else b"400 Bad Request"
            await _answer(writer, status)
        except (OSError, TimeoutError):
            await _answer(writer, b"502 Bad Gateway")
        except asyncio.CancelledError:
            pass
        finally:
            writer.close()
            if task is not None:
                self._tasks.discard(task)

    async def _one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), HEAD_TIMEOUT)
        line, _, fields = head.partition(b"\r\n")
        method, target, version = line.decode("latin-1").split(" ")
        if method == "CONNECT":
            host, port = _host_port(target)
            up_reader, up_writer = await self._open(host, port)
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        else:
            parts = urlsplit(target)
            if parts.scheme != "http" or not parts.hostname:
                raise ValueError(f"not a proxy request: {target[:80]}")
            up_reader, up_writer = await self._open(parts.hostname, parts.port or 80)
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            up_writer.write(f"{method} {path} {version}\r\n".encode("latin-1") + _forwarded(fields))
        pipes = [asyncio.ensure_future(_pipe(reader, up_writer)), asyncio.ensure_future(_pipe(up_reader, writer))]
        try:  # either side ending ends both: a response read to its close, a page closed, a tunnel dropped
            await asyncio.wait(pipes, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for pipe in pipes:
                pipe.cancel()
            up_writer.close()

    async def _open(self, host: str, port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        """A connection to the one address that was checked: no second lookup."""
        addresses = await asyncio.get_running_loop().run_in_executor(None, self._resolve, host, port)
        if not addresses or any(self._reason(a) for a in addresses):
            if len(self.refused) < 100:
                self.refused.append(f"{host}:{port}")
            log.info("not connected while rendering: %s:%s is not a public address", host, port)
            raise Refused(host)
        return await asyncio.wait_for(asyncio.open_connection(addresses[0], port), CONNECT_TIMEOUT)


def _host_port(target: str) -> tuple[str, int]:
    host, _, port = target.rpartition(":")
    return host.strip("[]"), int(port)


def _forwarded(fields: bytes) -> bytes:
    """The request's header lines without the proxy's own, one request per connection (an upgrade
    to a WebSocket keeps its `Connection: upgrade`)."""
    lines = [ln for ln in fields.split(b"\r\n") if ln]
    upgrade = any(ln.split(b":", 1)[0].strip().lower() == b"upgrade" for ln in lines)
    kept = [ln for ln in lines if ln.split(b":", 1)[0].strip().lower() not in _HOP_HEADERS]
    kept.append(b"Connection: upgrade" if upgrade else b"Connection: close")
    return b"\r\n".join(kept) + b"\r\n\r\n"


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while chunk := await reader.read(65536):
            writer.write(chunk)
            await writer.drain()
        await writer.drain()
    except OSError:
        pass


async def _answer(writer: asyncio.StreamWriter, status: bytes) -> None:
    try:
        writer.write(b"HTTP/1.1 " + status + b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        await writer.drain()
    except OSError:
        pass
