"""The web app's audits handed to the fleet: `touchaudit serve --broker … --db postgresql://…`.

The same three methods as the local pool (touchaudit/web/dispatch.py): `submit` sends a
`touchaudit.fleet.audit` message to the audits queue (refused when it already holds `max_queue`),
`ahead` finds the audit's place in that queue, and the workers record progress and the result in
the shared database, where the app reads them as it reads its own.
"""
from __future__ import annotations

import json

from touchaudit.fleet.application import AUDITS_QUEUE, app, configure
from touchaudit.fleet.leases import connect
from touchaudit.fleet.settings import FleetSettings
from touchaudit.fleet.wire import options_to_wire
from touchaudit.web.dispatch import AuditJob, QueueFullError


def _task_id(public_id: str) -> str:
    return f"audit-{public_id}"


class FleetDispatcher:
    def __init__(self, broker: str, max_queue: int) -> None:
        configure(app, FleetSettings(broker=broker))
        self.redis = connect(broker)
        self.max_queue = max_queue

    def submit(self, job: AuditJob) -> None:
        from touchaudit.fleet.tasks import audit

        waiting = int(self.redis.llen(AUDITS_QUEUE))
        if waiting >= self.max_queue:
            raise QueueFullError(f"{waiting} audits are waiting, the most this server queues")
        audit.apply_async(kwargs={"public_id": job.public_id, "url": job.site.url, "name": job.site.name,
                                  "options": options_to_wire(job.options)}, task_id=_task_id(job.public_id))

    def ahead(self, public_id: str) -> int | None:
        """Messages are pushed on the left and taken from the right: the ones to its right go first."""
        items = self.redis.lrange(AUDITS_QUEUE, 0, -1)
        wanted = _task_id(public_id)
        for index, raw in enumerate(items):
            if json.loads(raw).get("headers", {}).get("id") == wanted:
                return len(items) - index - 1
        return None

    def close(self) -> None:
        self.redis.close()
