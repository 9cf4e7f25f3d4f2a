"""`touchaudit serve` for the tests: a real uvicorn on 127.0.0.1 in a subprocess, its own SQLite
database with an admin, an editor and a viewer, and helpers to sign in and read forms.

Two servers per test session (per xdist worker), shared by the web test modules: `web`, started
with --allow-private as the tests' 127.0.0.1 shops need, and `web_public`, as a server on a network
runs (private addresses refused)."""
from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import ROOT, child_env

from touchaudit.web.accounts import create_account
from touchaudit.web.store import open_web_store

PASSWORD = "correct horse battery staple"
ADMIN, EDITOR, VIEWER = "ana", "eva", "vic"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class WebApp:
    """One server; `stop()` ends it (and the audits it runs)."""

    def __init__(self, folder: Path, *flags: str, db: str | None = None) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.db = db or str(folder / "web.db")
        self.env = {**child_env(), "TOUCHAUDIT_ADMIN_PASSWORD": PASSWORD}
        self.cli("--create-admin", ADMIN)  # the documented way; the other accounts directly, it is quicker
        with open_web_store(self.db) as store:
            create_account(store, EDITOR, PASSWORD, "editor")
            create_account(store, VIEWER, PASSWORD, "viewer")
        self.port = free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        self.log = folder / "serve.log"
        with self.log.open("w") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "touchaudit.cli", "serve", "--db", self.db, "--port", str(self.port),
                 "--data", str(folder / "data"), *flags], env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.origin + "/login", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"touchaudit serve did not start: {self.log.read_text()[-2000:]}")

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "touchaudit.cli", "serve", "--db", self.db, *args],
                              env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.origin, follow_redirects=False, timeout=30)

    def signed_in(self, name: str = "ana") -> tuple[httpx.Client, str]:
        """A client with a session, and the CSRF token its forms carry."""
        client = self.client()
        token = form_token(client.get("/login").text)
        answer = client.post("/login", data={"name": name, "password": PASSWORD, "csrf": token, "next": "/"})
        assert answer.status_code == 303, answer.text
        return client, form_token(client.get("/").text)

    def api_token(self, name: str = "ana") -> str:
        client, csrf = self.signed_in(name)
        page = client.post("/account/tokens", data={"name": "tests", "csrf": csrf}).text
        found = re.search(r'id="new-token"[^>]*value="([^"]+)"', page)
        assert found, page
        return found.group(1)

    def wait(self, client: httpx.Client, audit_id: str, timeout: float = 90, **headers: str) -> dict[str, Any]:
        """Poll an audit's status through the API until it ends."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = client.get(f"/api/audits/{audit_id}", headers=headers).json()
            if status["finished"]:
                return dict(status)
            time.sleep(0.3)
        raise AssertionError(f"audit {audit_id} did not finish in {timeout} s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def form_token(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html[:2000]
    return found.group(1)


@pytest.fixture(scope="session")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebApp]:
    server = WebApp(tmp_path_factory.mktemp("web"), "--allow-private", "--per-user", "4", "--budget", "12")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def web_public(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebApp]:
    server = WebApp(tmp_path_factory.mktemp("web-public"), "--workers", "1")
    yield server
    server.stop()
