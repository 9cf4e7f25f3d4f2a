"""A portfolio site's change since its previous scan, as the CSV cells and the regression alert
show it; the sentences are `touchaudit history`'s (history/story.py)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from touchaudit.history import phrases as P
from touchaudit.history.since import KEY
from touchaudit.history.story import first_reason, story, titles_of
from touchaudit.message import N_

CSV_COLUMNS = ("scan_date", "previous_score", "change", "regressed", "what_changed")


def _record(result: Mapping[str, Any]) -> Mapping[str, Any]:
    record = result.get(KEY)
    return record if isinstance(record, Mapping) and record.get("previous_scan") else {}


def score_change(record: Mapping[str, Any]) -> int | None:
    before, after = record.get("score_before"), record.get("score_after")
    return None if before is None or after is None else int(after) - int(before)


def change_cells(result: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """The CSV's change columns for one site; empty cells for a first scan."""
    record = _record(result)
    cells: dict[str, Any] = {"scan_date": (result.get("scan") or {}).get("finished_at") or ""}
    if not record:
        return {**cells, "previous_score": "", "change": "", "regressed": "", "what_changed": ""}
    lines = story(record, titles_of(result, lang=lang), lang) if record.get("changed") else []
    change = score_change(record)
    return {**cells, "previous_score": record.get("score_before"), "change": "" if change is None else change,
            "regressed": "yes" if record.get("regressed") else "no", "what_changed": "; ".join(line.text for line in lines)}


def regressed(result: Mapping[str, Any]) -> bool:
    return bool(_record(result).get("regressed"))


REGRESSION = N_("regressed: %(site)s: score %(before)s → %(after)s (%(change)s): %(reason)s")
REGRESSION_NO_CHANGE = N_("regressed: %(site)s: score %(before)s → %(after)s: %(reason)s")


def regression_line(url: str, name: str | None, result: Mapping[str, Any], lang: str) -> str:
    """`regressed: https://shop/ (Shop): score 72 → 65 (-7): Phone: pass → fail (phone … removed)`"""
    record = _record(result)
    change = score_change(record)
    before, after = record.get("score_before"), record.get("score_after")
    return P.say(lang, REGRESSION if change is not None else REGRESSION_NO_CHANGE,
                 site=url + (f" ({name})" if name else ""), change=f"{change:+d}" if change is not None else "",
                 before=P.NO_SCORE if before is None else before, after=P.NO_SCORE if after is None else after,
                 reason=first_reason(story(record, titles_of(result, lang=lang), lang)))
