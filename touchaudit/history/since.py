"""`since_last_scan`: what a result carries about the scan before it, so every report of a site
(HTML, Markdown, JSON, the dashboard, the CSV) can tell what changed without the database.

    {"previous_scan": "2026-11-21T02:30:12Z", "score_before": 72, "score_after": 65,
     "regressed": true, "changed": true, "checks": [...], "facts": [...],   # Diff.as_dict()
     "last_change": {"at": "…", "since": "…", "score_before": …, …}}

`last_change` is the newest scan pair in which something changed, carried forward from result to
result while nothing does: the dashboard keeps showing a change until a newer one replaces it.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from touchaudit.history.diff import diff

KEY = "since_last_scan"
_DIFF_FIELDS = ("score_before", "score_after", "regressed", "checks", "facts")


def since_last_scan(previous: Mapping[str, Any] | None, current: Mapping[str, Any]) -> dict[str, Any] | None:
    """The record for `current` given the site's previous result (None: a first scan)."""
    if previous is None:
        return None
    changes = diff(previous, current).as_dict()
    changed = bool(changes["checks"] or changes["facts"] or changes["score_before"] != changes["score_after"])
    when, since = _finished(current), _finished(previous)
    last: dict[str, Any] | None = (previous.get(KEY) or {}).get("last_change") or None  # carried forward
    if changed:
        last = {"at": when, "since": since, **{k: changes[k] for k in _DIFF_FIELDS}}
    return {"previous_scan": since, "changed": changed, **changes, "last_change": last}


def for_diff(result: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a stored result the next scan's comparison reads: small enough to send to a
    worker process (no evidence)."""
    return {
        "score": result.get("score"),
        "scan": {"finished_at": _finished(result)},
        "checks": [{k: c.get(k) for k in ("id", "status", "score", "facts", "title")} for c in result.get("checks") or ()],
        KEY: {"last_change": (result.get(KEY) or {}).get("last_change")},
    }


def _finished(result: Mapping[str, Any]) -> str | None:
    scan = result.get("scan") or {}
    return scan.get("finished_at") or scan.get("started_at")
