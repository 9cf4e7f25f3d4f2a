"""A small static web server for a shop folder on 127.0.0.1: the demo shop and the test shops.

Pretty URLs as shop platforms serve them (/a/b -> a/b, a/b/index.html or a/b.html), a 404 page,
and `__ORIGIN__` in .html/.xml/.txt files replaced by this server's origin (sitemaps need absolute
URLs). `python -m touchaudit.demo.server DIR [--delay S]` prints the port and serves until killed.
"""
from __future__ import annotations

import sys
import threading
import time
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

_TYPES = {".html": "text/html; charset=utf-8", ".xml": "application/xml; charset=utf-8",
          ".txt": "text/plain; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png",
          ".jpg": "image/jpeg", ".css": "text/css; charset=utf-8", ".js": "application/javascript",
          ".pdf": "application/pdf", ".json": "application/json", ".md": "text/plain; charset=utf-8"}
_TEMPLATED = (".html", ".xml", ".txt", "")


class ShopHandler(BaseHTTPRequestHandler):
    server_version = "touchaudit-shop/1"

    def __init__(self, *args: Any, root: Path, delay: float = 0.0, **kwargs: Any) -> None:
        self.root = root
        self.delay = delay  # seconds before each answer: the latency of a real shop far away
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read their own output
        pass

    def resolve(self) -> Path | None:
        path = unquote(urlsplit(self.path).path)
        rel = path.lstrip("/")
        candidates = [self.root / rel, self.root / rel / "index.html", self.root / (rel.rstrip("/") + ".html")]
        for candidate in candidates:
            try:
                resolved = candidate.resolve()
            except OSError:
                continue
            if resolved.is_file() and resolved.is_relative_to(self.root):
                return resolved
        return None

    def do_GET(self) -> None:
        self.respond(head=False)

    def do_HEAD(self) -> None:
        self.respond(head=True)

    def respond(self, head: bool) -> None:
        if self.delay:
            time.sleep(self.delay)
        target = self.resolve()
        status = 200
        if target is None:
            status, target = 404, self.root / "404.html"
        body = target.read_bytes() if target.is_file() else b"not found"
        if target.suffix in _TEMPLATED:
            host, port = self.server.server_address[:2]
            body = body.replace(b"__ORIGIN__", f"http://{host}:{port}".encode())
        self.send_response(status)
        self.send_header("Content-Type", _TYPES.get(target.suffix, "text/html; charset=utf-8"))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)


def make_server(root: Path, port: int = 0, delay: float = 0.0) -> ThreadingHTTPServer:
    handler = partial(ShopHandler, root=root.resolve(), delay=delay)
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    return server


def serve_in_thread(root: Path, port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """Start serving in a daemon thread; returns the server and its origin URL."""
    server = make_server(root, port)
    threading.Thread(target=server.serve_forever, name="shop-server", daemon=True).start()
    host, bound = server.server_address[:2]
    return server, f"http://{host}:{bound}"


def main(argv: list[str] | None = None) -> None:
    args = list(argv if argv is not None else sys.argv[1:])
    delay = 0.0
    if "--delay" in args:  # DIR [PORT] [--delay SECONDS]
        at = args.index("--delay")
        delay = float(args[at + 1])
        del args[at:at + 2]
    server = make_server(Path(args[0]), int(args[1]) if len(args) > 1 else 0, delay)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
