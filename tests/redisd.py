"""A real, throwaway Redis server for the fleet tests (and benchmarks/bench_fleet.py).

Found on PATH or installed from Debian's `redis-server` package when missing and we are root (as
tests/pg.py does for PostgreSQL); started on a free 127.0.0.1 port with its data in a temporary
folder, an append-only file synced on every write (a restart keeps the queue, as a production
broker must) and, when asked, a password. `restart()` kills it as a crash would and starts it
again on the same port and data.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from pg import _free_port as free_port  # the same free 127.0.0.1 port PostgreSQL's tests pick

INSTALL_TIMEOUT = 900


class ServiceError(RuntimeError):
    """The server could not be found, installed or started: the message says what to do."""


def find_or_install() -> str:
    """redis-server's path; installs it once when missing (a lock file: pytest-xdist's workers all ask)."""
    import fcntl

    found = shutil.which("redis-server")
    if found:
        return found
    with open(Path(tempfile.gettempdir()) / "touchaudit-redis-install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return shutil.which("redis-server") or _install()


def _install() -> str:
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise ServiceError("redis-server not found: install Debian's `redis-server` package "
                           "(the tests do it themselves when run as root)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    wait = ["-o", "DPkg::Lock::Timeout=600"]  # another install (chromium, postgresql) may hold the lock
    for cmd in (["apt-get", *wait, "update"], ["apt-get", *wait, "install", "-y", "--no-install-recommends", "redis-server"]):
        try:
            proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ServiceError(f"redis-server is not installed and `{' '.join(cmd)}` failed: {exc}") from None
        if proc.returncode != 0:
            raise ServiceError(f"`{' '.join(cmd)}` exited {proc.returncode}: {proc.stderr.strip()[-500:]}")
    found = shutil.which("redis-server")
    if not found:
        raise ServiceError("apt-get installed redis-server but it is not on PATH")
    return found


class RedisServer:
    def __init__(self, binary: str, password: str | None = None) -> None:
        self.binary = binary
        self.password = password
        self.root = Path(tempfile.mkdtemp(prefix="touchaudit-redis-"))
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    def url(self, db: int = 0) -> str:
        auth = f":{self.password}@" if self.password else ""
        return f"redis://{auth}127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        args = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.root),
                "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--logfile", str(self.root / "log")]
        if self.password:
            args += ["--requirepass", self.password]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(64):
                        return
            except OSError:
                time.sleep(0.05)
        raise ServiceError(f"redis-server did not start on port {self.port}")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def restart(self) -> None:
        """A crash and a restart: the queue comes back from the append-only file."""
        self.kill()
        self.start()

    def stop(self) -> None:
        self.kill()
        shutil.rmtree(self.root, ignore_errors=True)
