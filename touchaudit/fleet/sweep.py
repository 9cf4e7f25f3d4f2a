"""Sites a broker lost, found by the follower: a Redis that crashes between handing a message to a
worker and recording it as unacknowledged (two commands in kombu's transport) loses that message,
and the run would wait for it forever. When a run has nothing in flight and stops progressing, the
follower looks through the queue and the unacknowledged messages; a site of the run that is in
neither, and not stored, is queued again (a duplicate would only be skipped: saves are idempotent).
"""
from __future__ import annotations

import base64
import json
import logging
from typing import Any

import redis

from touchaudit.fleet.application import SITES_QUEUE
from touchaudit.history.rows import site_key

log = logging.getLogger(__name__)
LOOK_LIMIT = 20_000  # messages; a longer queue is still busy with other runs: nothing is lost yet


def queued_sites(client: redis.Redis, run: int) -> set[str] | None:
    """Site keys of `run` with a message in the queue or handed out unacknowledged; None when there
    are too many messages to look through (the run's are then surely still waiting)."""
    if client.llen(SITES_QUEUE) + client.hlen("unacked") > LOOK_LIMIT:
        return None
    found: set[str] = set()
    payloads = list(client.lrange(SITES_QUEUE, 0, -1))
    payloads += [json.loads(raw)[0] for raw in client.hvals("unacked")]
    for payload in payloads:
        kwargs = _kwargs(payload)
        if kwargs.get("run") == run:
            found.update(site_key(site["url"]) for site in kwargs.get("sites", ()))
    return found


def _kwargs(payload: Any) -> dict[str, Any]:
    message = json.loads(payload) if isinstance(payload, (bytes, str)) else payload
    if message.get("properties", {}).get("body_encoding") != "base64":
        return {}
    try:
        body = json.loads(base64.b64decode(message["body"]))
    except (ValueError, KeyError, TypeError):
        return {}  # not one of ours (a refused message): nothing to count
    return body[1] if isinstance(body, list) and len(body) > 1 and isinstance(body[1], dict) else {}
