"""Celery's threads pool with the cold stop it lacks.

A second Ctrl-C (or SIGQUIT) asks Celery to cancel the tasks running; its threads pool cannot kill
a thread and raised instead, so the worker waited for every site in flight to end (up to the site
timeout) behind a traceback. Here cancelling stops the worker's crawl engine at once: each site in
flight ends as "returned" (not a death), its task puts the message back on the queue, and the
threads end on their own.
"""
from __future__ import annotations

from typing import Any

from celery.concurrency.thread import ApplyResult
from celery.concurrency.thread import TaskPool as ThreadsPool


class Stoppable(ApplyResult):
    def terminate(self, signal: Any = None) -> None:
        """Nothing to do per task: the engine's stop (terminate_job) ends them all."""


class TaskPool(ThreadsPool):
    def terminate_job(self, pid: Any, signal: Any = None) -> None:
        from touchaudit.fleet.tasks import stop_now

        stop_now()

    def on_apply(self, *args: Any, **kwargs: Any) -> ApplyResult:
        return Stoppable(super().on_apply(*args, **kwargs).f)
