"""The report's "Since the last scan" section: the result's `since_last_scan` record told in the
sentences `touchaudit history` prints (touchaudit/history/story.py), for HTML and Markdown alike."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from touchaudit.history import phrases as P
from touchaudit.history.since import KEY
from touchaudit.history.story import story, titles_of, when


@dataclass(frozen=True)
class ChangeLine:
    text: str
    depth: int  # 1: a fact under the check line above it
    worse: bool


@dataclass(frozen=True)
class SinceView:
    intro: str  # "What changed since 2026-11-21 02:30:", as `touchaudit history` says it
    lines: tuple[ChangeLine, ...]
    regressed: str  # "The shop got worse since the previous scan.", or ""


def since_view(result: Mapping[str, Any], lang: str) -> SinceView | None:
    """None for a first scan (or a result audited without history)."""
    record = result.get(KEY)
    if not isinstance(record, Mapping) or not record.get("previous_scan"):
        return None
    lines = story(record, titles_of(result, lang=lang), lang)
    return SinceView(
        intro=P.say(lang, P.CHANGES, when=when(str(record["previous_scan"]))),
        lines=tuple(ChangeLine(line.text, line.depth, line.worse) for line in lines),
        regressed=P.say(lang, P.REGRESSED) if record.get("regressed") else "",
    )
