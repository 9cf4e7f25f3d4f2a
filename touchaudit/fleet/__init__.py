"""A fleet: portfolio runs and web audits spread over many machines on Celery with a Redis broker.

`touchaudit worker` (or `celery -A touchaudit.fleet worker`) runs the portfolio engine inside a
Celery worker; `touchaudit portfolio LIST --broker …` queues a run's sites for it. The Celery app
is built on first use, so the command line works without the `[fleet]` extra installed.
"""
from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name in ("app", "celery"):  # what `celery -A touchaudit.fleet` looks for
        from touchaudit.fleet.application import app

        return app
    raise AttributeError(name)
