"""One audit in a child process, with progress events: how the Python API and the web app run audits.

Twisted's reactor cannot be started twice in one process (ReactorNotRestartable), and a crash or a
runaway crawl must not take its caller down. So each audit gets a fresh interpreter
(`python -m touchaudit.audit_process FD`) that crawls, audits and sends back the typed
`AuditResult`, pickled on a pipe of its own (stdout stays free for whatever a library prints).
A plain subprocess rather than multiprocessing's spawn: spawn re-imports the caller's main
module, which breaks a script that calls `audit()` at top level without a `__main__` guard.
"""
from __future__ import annotations

import logging
import os
import pickle
import select
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from touchaudit.config import AuditOptions
from touchaudit.model import AuditResult

log = logging.getLogger(__name__)
GRACE_SECONDS = 60.0  # beyond site_timeout, for start-up and the audit itself


class AuditError(RuntimeError):
    """The audit process failed or was stopped; the message says why in one line."""


@dataclass(frozen=True)
class Progress:
    """Where an audit is: the stage ("starting", "crawling", "auditing"), pages fetched and failed so
    far, and the page just fetched."""

    stage: str
    pages: int = 0
    failures: int = 0
    budget: int = 0
    current: str | None = None


ProgressCallback = Callable[[Progress], None]


def _child(opts: AuditOptions, out: IO[bytes]) -> None:
    """The child's whole life: crawl, audit, send ("progress" | "result" | "error", payload)."""
    from touchaudit.crawl import crawl_site
    from touchaudit.registry import CheckOptions
    from touchaudit.runner import audit

    def send(kind: str, payload: Any) -> None:
        blob = pickle.dumps((kind, payload), protocol=pickle.HIGHEST_PROTOCOL)
        out.write(len(blob).to_bytes(8, "big") + blob)
        out.flush()

    counts = {"page": 0, "failure": 0}
    try:
        send("progress", Progress("crawling", budget=opts.budget))

        def hook(kind: str, item: Any) -> None:
            if kind in counts:
                counts[kind] += 1
            send("progress", Progress("crawling", counts["page"], counts["failure"], opts.budget, getattr(item, "url", None)))

        snapshot = crawl_site(replace(opts, progress=False), hook)
        send("progress", Progress("auditing", counts["page"], counts["failure"], opts.budget))
        send("result", audit(snapshot, CheckOptions(country=snapshot.country), opts.weights))
    except BaseException as exc:  # noqa: BLE001 (everything goes back to the parent, which decides what to tell)
        send("error", (f"{type(exc).__name__}: {exc}", traceback.format_exc()))


class AuditProcess:
    """A running audit: `run()` blocks until its result, `stop()` ends it from any thread."""

    def __init__(self, opts: AuditOptions) -> None:
        self.opts = opts
        self._proc: subprocess.Popen[bytes] | None = None
        self._stopped = False

    def run(self, on_progress: ProgressCallback | None = None, deadline: float | None = None) -> AuditResult:
        """Start the child and wait for its result; raises AuditError when it fails or is stopped.

        `deadline` (seconds) defaults to the site timeout plus a grace period: a child that outlives
        it is killed, so no audit can hold its caller forever.
        """
        limit = deadline if deadline is not None else self.opts.site_timeout + GRACE_SECONDS
        notify = on_progress or (lambda _: None)
        self._notify(notify, Progress("starting", budget=self.opts.budget))
        read_fd, write_fd = os.pipe()
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "touchaudit.audit_process", str(write_fd)], stdin=subprocess.PIPE,
                pass_fds=(write_fd,), env=_child_env(), close_fds=True)
        finally:
            os.close(write_fd)  # the child holds the only writer: EOF means it is gone
        assert self._proc.stdin is not None
        with os.fdopen(read_fd, "rb", buffering=0) as messages:
            try:
                self._proc.stdin.write(pickle.dumps(self.opts))
                self._proc.stdin.close()
            except OSError:
                pass  # a child that died at once: reported below as its exit
            try:
                return self._receive(messages, notify, limit)
            finally:
                self._reap()

    def _receive(self, messages: IO[bytes], notify: ProgressCallback, limit: float) -> AuditResult:
        ends = time.monotonic() + limit
        while True:
            left = ends - time.monotonic()
            if left <= 0:
                raise AuditError(f"the audit took longer than {limit:g} s and was stopped")
            ready, _, _ = select.select([messages], [], [], min(left, 1.0))
            if not ready:
                continue
            try:
                kind, payload = pickle.loads(_read(messages, int.from_bytes(_read(messages, 8), "big")))
            except EOFError:
                raise self._died() from None
            if kind == "progress":
                self._notify(notify, payload)
            elif kind == "result":
                return payload  # type: ignore[no-any-return]
            else:
                message, story = payload
                log.debug("audit of %s failed in its process:\n%s", self.opts.url, story)
                raise AuditError(message)

    def _notify(self, notify: ProgressCallback, progress: Progress) -> None:
        try:
            notify(progress)
        except Exception:  # a broken progress display must not lose the audit
            log.exception("progress callback failed")

    def _died(self) -> AuditError:
        assert self._proc is not None
        code = self._proc.wait(5)
        if self._stopped:
            return AuditError("the audit was stopped")
        return AuditError(f"the audit process ended unexpectedly (exit code {code})")

    def stop(self) -> None:
        self._stopped = True
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()

    def _reap(self) -> None:
        assert self._proc is not None
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait(5)


def _read(stream: IO[bytes], size: int) -> bytes:
    """Exactly `size` bytes from a pipe (a read may return less); EOFError when the writer is gone."""
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _child_env() -> dict[str, str]:
    """The caller's environment, with this touchaudit importable even from a source checkout."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (env.get("PYTHONPATH"), root) if p)
    return env


def main(argv: list[str]) -> None:
    logging.basicConfig(format="touchaudit: %(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:  # Scrapy sets its loggers to DEBUG: filter here
        handler.setLevel(logging.WARNING)
    opts = pickle.load(sys.stdin.buffer)
    with os.fdopen(int(argv[0]), "wb") as out:
        _child(opts, out)


if __name__ == "__main__":
    # run the importable module's code, so what is pickled names touchaudit.audit_process, not __main__
    from touchaudit.audit_process import main as module_main

    module_main(sys.argv[1:])
