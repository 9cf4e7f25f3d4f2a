"""The Python API: `from touchaudit import audit; result = audit("https://shop.example/", budget=20)`.

Each call crawls in its own child process (touchaudit.audit_process), so it can be called any
number of times in one program, from threads or from asyncio, and Twisted's one-reactor-per-process
rule never reaches the caller. Options are validated exactly as the command line validates them.
"""
from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from touchaudit.audit_process import AuditError, AuditProcess, Progress, ProgressCallback
from touchaudit.config import AuditOptions, build, load_file
from touchaudit.model import AuditResult
from touchaudit.sites import check_start_url

__all__ = ["AuditError", "AuditResult", "Progress", "audit", "audit_async", "options"]


def options(url: str, *, budget: int | None = None, country: str | None = None, timeout: float | None = None,
            site_timeout: float | None = None, ignore_robots: bool | None = None, allow_private: bool | None = None,
            archive: str | Path | None = None, weights: Mapping[str, float] | None = None,
            config: str | Path | None = None) -> AuditOptions:
    """The AuditOptions for one audit: defaults < `config` (touchaudit.toml) < these arguments.

    Raises UrlError or ConfigError (both ValueError) for what the CLI would refuse with exit 2.
    """
    file_values = load_file(Path(config)) if config else {}
    return build(file_values, {
        "url": check_start_url(url), "budget": budget, "country": country, "timeout": timeout,
        "site_timeout": site_timeout, "ignore_robots": ignore_robots, "allow_private": allow_private,
        "archive": str(archive) if archive else None, "weights": dict(weights) if weights else None,
        "progress": False,
    })


def audit(url: str, *, on_progress: ProgressCallback | None = None, **kwargs: Any) -> AuditResult:
    """Crawl and audit one shop; returns the typed result (`.score`, `.checks`, `.to_dict()`).

    A site that cannot be audited still returns a result (`scan["status"]` says why); AuditError
    means the audit itself failed. `on_progress` receives a Progress for each stage and page.
    Keyword arguments are those of `options`.
    """
    return AuditProcess(options(url, **kwargs)).run(on_progress)


async def audit_async(url: str, *, on_progress: ProgressCallback | None = None, **kwargs: Any) -> AuditResult:
    """`audit` for asyncio: the event loop keeps running; cancelling the task stops the crawl.

    `on_progress` is called from a helper thread: hand its values to the loop with
    `loop.call_soon_threadsafe` if it touches loop state.
    """
    process = AuditProcess(options(url, **kwargs))
    try:
        return await asyncio.to_thread(process.run, on_progress)
    except asyncio.CancelledError:
        process.stop()
        raise
