"""A real, throwaway PostgreSQL server for the tests: no mocks, no server left behind.

The session fixture finds the server binaries (Debian's /usr/lib/postgresql/<v>/bin, PATH, or
pg_config), installs Debian's `postgresql` package when they are missing and we are root, runs
initdb in a temporary folder (as the unprivileged `postgres` user when we are root: the server
refuses to run as root), starts it on a free 127.0.0.1 port with its unix socket in that folder,
and stops it at the end. Each test gets its own database (`new_database()`), so tests don't share rows.
"""
from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

INSTALL_TIMEOUT = 900  # seconds for apt-get update + install
START_TIMEOUT = 60


def _bindir() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]), reverse=True)
    for found in [*candidates, shutil.which("initdb")]:
        if found and Path(found).is_file() and (Path(found).resolve().parent / "pg_ctl").is_file():
            return Path(found).resolve().parent
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], check=False, capture_output=True, text=True).stdout.strip()
        if out and (Path(out) / "initdb").is_file():
            return Path(out)
    return None


def _install() -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends", "postgresql"]):
        try:
            proc = subprocess.run(cmd, check=False, env=env, capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as exc:
            pytest.fail(f"PostgreSQL is not installed and `{' '.join(cmd)}` failed: {exc}", pytrace=False)
        if proc.returncode != 0:
            pytest.fail(f"PostgreSQL is not installed and `{' '.join(cmd)}` exited {proc.returncode}: "
                        f"{proc.stderr.strip()[-500:]}", pytrace=False)


def find_or_install() -> Path:
    bindir = _bindir()
    if bindir is None and os.geteuid() == 0 and shutil.which("apt-get"):
        _install()
        bindir = _bindir()
    if bindir is None:
        pytest.fail("PostgreSQL server binaries (initdb, pg_ctl) not found; install Debian's `postgresql` "
                    "package (the tests do it themselves when run as root)", pytrace=False)
    return bindir


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    """One cluster in a temporary folder, owned by an unprivileged user."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="touchaudit-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            import pwd

            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                pytest.fail("running as root but there is no `postgres` user to run the server as", pytrace=False)
            os.chown(self.root, user.pw_uid, user.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self._names = itertools.count(1)

    def _run(self, *cmd: str, timeout: float = START_TIMEOUT) -> None:
        proc = subprocess.run([*self.as_user, *cmd], check=False, capture_output=True, text=True, timeout=timeout, cwd=self.root)
        if proc.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-800:] if log.exists() else ""
            pytest.fail(f"`{' '.join(cmd)}` exited {proc.returncode}: {proc.stderr.strip()[-800:]}\n{tail}", pytrace=False)

    def start(self) -> None:
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--locale=C", "--no-sync")
        self.resume()

    def halt(self) -> None:
        """Stop the server at once, as a crash or a restart would, keeping its data."""
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def resume(self) -> None:
        """Start the server on its data folder (again, after `halt`)."""
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c shared_buffers=16MB -c max_connections=40")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "server.log"),
                  "-o", options, "-w", "-t", str(START_TIMEOUT), "start")

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def new_database(self) -> str:
        """A fresh, empty database on this server: its URL."""
        import psycopg

        name = f"t{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run([*self.as_user, str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                            "-w", "stop"], check=False, capture_output=True, timeout=START_TIMEOUT, cwd=self.root)
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PgServer]:
    """A running PostgreSQL server for this test session (one per xdist worker)."""
    server = PgServer(find_or_install())
    try:
        server.start()
        yield server
    finally:
        server.stop()
