"""What the portfolio's dashboard and CSV read of each site's result, and nothing else.

A full result carries every check's evidence (~100 KB in memory for a 40-page site); the views
need its scan status, scores and check statuses. Results are read back from the store one batch at a
time and slimmed, so the end of a run of thousands of sites does not hold thousands of results.
"""
from __future__ import annotations

from typing import Any, Mapping

from touchaudit.history.since import KEY as SINCE

_SCAN_FIELDS = ("status", "reason", "reason_text", "pages_fetched", "finished_at")


def summary(result: Mapping[str, Any]) -> dict[str, Any]:
    scan = result.get("scan") or {}
    return {
        "score": result.get("score"),
        "scan": {k: scan.get(k) for k in _SCAN_FIELDS},
        "categories": [{"id": c.get("id"), "score": c.get("score")} for c in result.get("categories") or ()],
        "checks": [{"id": c.get("id"), "status": c.get("status"), "title": c.get("title")} for c in result.get("checks") or ()],
        **({SINCE: result[SINCE]} if SINCE in result else {}),  # a diff and the last change: small, no evidence
    }
