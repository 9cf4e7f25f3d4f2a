"""What changed between two scans, told in the same sentences everywhere: `touchaudit history`,
the per-site reports ("Since the last scan"), the dashboard, the portfolio CSV and the regression
alerts all read these lines, so a client sees one wording in every place.

Works on the plain form of a diff (`Diff.as_dict()`), which is also what a result stores under
`since_last_scan`, so a report can tell the story without the history database.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from touchaudit.history import phrases as P
from touchaudit.history.diff import fact_text
from touchaudit.reports.formatting import pick


@dataclass(frozen=True)
class StoryLine:
    text: str
    kind: str  # "score", "check", "fact" (under the check above it) or "nothing"
    worse: bool  # the score went down or the check got worse

    @property
    def depth(self) -> int:
        return 1 if self.kind == "fact" else 0


def story(changes: Mapping[str, Any], titles: Mapping[str, str], lang: str) -> list[StoryLine]:
    """The lines of a diff in `lang`: the score, then each check with its facts; "nothing changed"
    when nothing did. `titles`: check id -> title in `lang` (the id when unknown)."""
    before, after = changes.get("score_before"), changes.get("score_after")
    out: list[StoryLine] = []
    if before != after:
        worse = before is not None and (after is None or after < before)
        out.append(StoryLine(P.say(lang, P.SCORE, before=_score(before), after=_score(after)), "score", worse))
    checks = {c["id"]: c for c in changes.get("checks") or ()}
    facts = list(changes.get("facts") or ())
    for cid in dict.fromkeys([*checks, *(f["check"] for f in facts)]):
        title, change = titles.get(cid, cid), checks.get(cid)
        if change is None:
            out.append(StoryLine(P.say(lang, P.CHECK_FACTS, title=title), "check", False))
        else:
            kind = "added" if change.get("status_before") is None else "removed" if change.get("status_after") is None else ""
            template = {"added": P.CHECK_ADDED, "removed": P.CHECK_REMOVED}.get(kind, P.CHECK)
            text = P.say(lang, template, title=title, before=status_word(change.get("status_before"), lang),
                         after=status_word(change.get("status_after"), lang))
            out.append(StoryLine(text, "check", bool(change.get("worse"))))
        out.extend(StoryLine(_fact_text(f, lang), "fact", False) for f in facts if f["check"] == cid)
    return out or [StoryLine(P.say(lang, P.NOTHING), "nothing", False)]


def status_word(status: Any, lang: str) -> str:
    """A check's status as history lines tell it ("pass", "no cumple"); an unknown one as it is."""
    return P.say(lang, P.STATUS[status]) if status in P.STATUS else str(status)


def first_reason(lines: Iterable[StoryLine]) -> str:
    """The line that best says why a shop got worse: the first worse check with its first fact,
    else the first check that changed, else the score."""
    lines = list(lines)
    checks = [i for i, line in enumerate(lines) if line.kind == "check"]
    for i in [i for i in checks if lines[i].worse] + checks:
        fact = lines[i + 1].text if i + 1 < len(lines) and lines[i + 1].kind == "fact" else ""
        return f"{lines[i].text} ({fact})" if fact else lines[i].text
    return lines[0].text if lines else ""


def when(stamp: str) -> str:
    """A scan's time as history tells it: "2026-11-21 02:30" (UTC)."""
    return stamp.replace("T", " ")[:16]


def terminal_lines(lines: Iterable[StoryLine]) -> list[str]:
    """As `touchaudit history` prints them: indented, facts as bullets."""
    return ["    · " + line.text if line.depth else "  " + line.text for line in lines]


def titles_of(*results: Mapping[str, Any] | None, lang: str) -> dict[str, str]:
    """Check titles as the results carry them (the newest wording wins: pass results oldest first)."""
    titles: dict[str, str] = {}
    for result in results:
        for check in (result or {}).get("checks") or ():
            title = pick(check.get("title"), lang)
            if title:
                titles[check["id"]] = str(title)
    return titles


def _score(value: Any) -> str:
    return P.NO_SCORE if value is None else str(value)


def _fact_text(fact: Mapping[str, Any], lang: str) -> str:
    """Said again from the fact's values, so a change stored before a language existed reads in it."""
    try:
        return fact_text(str(fact["check"]), str(fact["fact"]), str(fact["kind"]), fact.get("before"),
                         fact.get("after"), lang)
    except (KeyError, TypeError, ValueError):  # a record from an older version: its stored words
        text = fact.get("text") or {}
        return str(text.get(lang) or text.get("en") or "")
