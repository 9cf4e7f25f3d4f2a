"""The fleet's Celery app: JSON only, touchaudit's own tasks only, nothing acknowledged before it is stored.

- `accept_content=["json"]`: a message in pickle (or anything but JSON) is refused, never decoded;
  Celery's built-in tasks (chains, chords, backend clean-up) are unregistered, so a message can
  only name a touchaudit task.
- `acks_late` with the threads pool and a prefetch of one per thread: a site's message is
  acknowledged after its result is stored; a worker that dies leaves it unacknowledged, and Redis
  hands it out again after the visibility timeout, which is longer than a site may take.
- No result backend: results live in the history database (PostgreSQL), where the follower reads them.
"""
from __future__ import annotations

from typing import Any

from celery import Celery, signals
from kombu import Exchange, Queue

from touchaudit.fleet.settings import FleetSettings

SITES_QUEUE = "touchaudit.sites"  # portfolio runs' sites
AUDITS_QUEUE = "touchaudit.audits"  # the web app's audits (a short queue, so a position in it can be shown)
TASK_PREFIX = "touchaudit."


def configure(app: Celery, settings: FleetSettings) -> None:
    """Apply a worker's (or a sender's) settings; the broker URL never reaches a log unmasked."""
    app.conf.update(
        broker_url=settings.broker,
        broker_transport_options={
            "visibility_timeout": settings.visibility,
            "unacked_restore_interval": min(10.0, max(1.0, settings.visibility / 4)),
            "unacked_restore_throttle": 1,  # look for abandoned sites at every interval
            # the restorers' mutex, left behind by a worker or a broker killed mid-restore, would
            # stop every restore for its expiry (kombu's default 300 s)
            "unacked_mutex_expire": 20,
        },
        worker_concurrency=settings.concurrency,
    )
    app.conf.touchaudit = settings


def make_app(settings: FleetSettings) -> Celery:
    app = Celery("touchaudit", set_as_current=False, include=["touchaudit.fleet.tasks"])
    app.conf.update(
        accept_content=["json"], task_serializer="json", result_serializer="json",
        event_serializer="json", result_accept_content=["json"],
        task_acks_late=True, task_reject_on_worker_lost=True, worker_prefetch_multiplier=1,
        worker_pool="touchaudit.fleet.threads:TaskPool",  # threads: the crawl runs in one reactor thread; task threads wait for it
        task_ignore_result=True, result_backend=None,
        task_default_queue=SITES_QUEUE, task_routes={"touchaudit.fleet.audit": {"queue": AUDITS_QUEUE}},
        task_queues=[Queue(name, Exchange(name), routing_key=name) for name in (SITES_QUEUE, AUDITS_QUEUE)],
        broker_connection_retry_on_startup=True, broker_connection_max_retries=None,
        worker_cancel_long_running_tasks_on_connection_loss=False,  # a broker restart does not stop crawls
        worker_send_task_events=True, task_send_sent_event=True,  # Flower shows every task
        worker_hijack_root_logger=False, worker_redirect_stdouts=False,
    )
    configure(app, settings)
    return app


@signals.import_modules.connect
def _only_our_tasks(sender: Any = None, **_: Any) -> None:
    """Before a worker consumes anything: forget every task that is not touchaudit's."""
    tasks = getattr(sender, "tasks", None)
    if tasks is None:
        return
    for name in [n for n in tasks if not n.startswith(TASK_PREFIX)]:
        tasks.unregister(name)


app = make_app(FleetSettings.from_env())
