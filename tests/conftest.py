"""Shared test machinery: loopback shop servers in subprocesses and a CLI runner.

Every process the tests start imports tests/guard/sitecustomize.py, which refuses any connection
that is not to a loopback address; the test process itself loads it here.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITES = ROOT / "tests" / "sites"
GUARD = ROOT / "tests" / "guard"
sys.path.insert(0, str(GUARD))
import sitecustomize  # noqa: E402,F401  (the guard, in this process too)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(GUARD), str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["PYTHONUNBUFFERED"] = "1"
    if _find_chromium():  # the loopback-only chromium, when there is a real one to run
        env["PATH"] = os.pathsep.join([str(GUARD / "bin"), env.get("PATH", "")])
    env.pop("http_proxy", None)
    env.pop("https_proxy", None)
    return env


class ShopServer:
    """A static shop folder served on 127.0.0.1:<free port> by a subprocess."""

    def __init__(self, root: Path, *flags: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "touchaudit.demo.server", str(root), *flags],
            stdout=subprocess.PIPE, env=child_env(), cwd=ROOT, text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        if not line.isdigit():
            self.stop()
            raise RuntimeError(f"shop server for {root} did not start: {line!r}")
        self.port = int(line)
        self.origin = f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.origin + path

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="session")
def shop() -> Iterator[Any]:
    """shop("es_shopify") -> a running ShopServer for tests/sites/es_shopify (one per session)."""
    servers: dict[str, ShopServer] = {}

    def get(name: str) -> ShopServer:
        if name not in servers:
            servers[name] = ShopServer(SITES / name)
        return servers[name]

    yield get
    for server in servers.values():
        server.stop()


@pytest.fixture
def serve_dir() -> Iterator[Any]:
    """serve_dir(path[, "--delay", "0.2"]) -> a ShopServer for a folder a test wrote itself."""
    started: list[ShopServer] = []

    def start(root: Path, *flags: str) -> ShopServer:
        server = ShopServer(root, *flags)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


class Tmpfs:
    """Small real file systems for fault tests: full disks and read-only mounts (root only)."""

    def __init__(self) -> None:
        self.mounts: list[Path] = []

    def __call__(self, where: Path, size: str) -> Path:
        where.mkdir(parents=True, exist_ok=True)
        proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here ({proc.stderr.strip() or proc.returncode})")
        self.mounts.append(where)
        return where

    def remount_read_only(self, where: Path) -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True, capture_output=True)

    def unmount_all(self) -> None:
        for where in reversed(self.mounts):
            subprocess.run(["umount", "-l", str(where)], capture_output=True)


@pytest.fixture
def tmpfs() -> Iterator[Tmpfs]:
    """tmpfs(path, "2m") mounts a small tmpfs there; unmounted after the test."""
    mounts = Tmpfs()
    yield mounts
    mounts.unmount_all()


@dataclass
class CliRun:
    code: int
    stdout: str
    stderr: str
    json: dict[str, Any] | None
    html: str | None


def run_cli(*args: str, cwd: Path, timeout: float = 180) -> CliRun:
    """Run `touchaudit ARGS --json result.json -o report.html` in a subprocess and read its outputs."""
    json_path, html_path = cwd / "result.json", cwd / "report.html"
    extra = [] if args and args[0] in ("checks",) else ["--json", str(json_path), "-o", str(html_path), "--no-progress"]
    proc = subprocess.run(
        [sys.executable, "-m", "touchaudit.cli", *args, *extra],
        cwd=cwd, env=child_env(), capture_output=True, text=True, timeout=timeout,
    )
    data = json.loads(json_path.read_text("utf-8")) if json_path.exists() else None
    html = html_path.read_text("utf-8") if html_path.exists() else None
    return CliRun(proc.returncode, proc.stdout, proc.stderr, data, html)


def check_of(result: dict[str, Any], check_id: str) -> dict[str, Any]:
    return next(c for c in result["checks"] if c["id"] == check_id)


# --- A real browser for the report tests -------------------------------------------------------
# Playwright drives the system Chromium (its own browser download is not available everywhere);
# on a fresh CI machine, where only `pip install -e '.[test]'` ran, the fixture installs Debian's
# chromium once per session when it runs as root, so the one-line test command stays as it is.
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM_INSTALL_TIMEOUT = 900


def _find_chromium() -> str | None:
    import shutil

    override = os.environ.get("TOUCHAUDIT_CHROMIUM")
    if override:
        return override if Path(override).is_file() else None
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _install_chromium() -> str:
    """apt-get install chromium (root only, time-bounded); the error says what to do instead."""
    import shutil

    how = "install it (Debian/Ubuntu: apt-get install chromium) or set TOUCHAUDIT_CHROMIUM=/path/to/chromium"
    if not shutil.which("apt-get"):
        raise RuntimeError(f"Chromium not found and apt-get is not available: {how}")
    if os.geteuid() != 0:
        raise RuntimeError(f"Chromium not found and the tests are not running as root: {how}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium"]):
        try:
            proc = subprocess.run(command, env=env, capture_output=True, text=True,
                                  timeout=CHROMIUM_INSTALL_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"{' '.join(command)} took over {CHROMIUM_INSTALL_TIMEOUT} s: {how}") from None
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({proc.returncode}): "
                               f"{(proc.stderr or proc.stdout)[-800:]}\n{how}")
    found = _find_chromium()
    if not found:
        raise RuntimeError(f"apt-get installed chromium but no executable was found: {how}")
    return found


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The path of a Chromium executable, installing Debian's package once if it is missing.

    With pytest-xdist every worker asks; a lock file makes the first one install and the others
    wait for it, so apt-get never runs twice at once.
    """
    import fcntl

    found = _find_chromium()
    if found:
        return found
    lock_path = tmp_path_factory.getbasetemp().parent / "chromium-install.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return _find_chromium() or _install_chromium()
        except RuntimeError as exc:
            pytest.fail(f"no Chromium for the browser tests: {exc}", pytrace=False)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    raise AssertionError("unreachable")
