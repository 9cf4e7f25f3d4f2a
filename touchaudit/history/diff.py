"""What changed between two results of one shop: check statuses and the facts behind them.

Agencies re-scan on a schedule; the question is "what did the shop change since last time", in
sentences a client understands ("phone +34 91 456 72 38 removed"), plus one flag for alerting.
Facts are compared only when both results carry them, so a tool upgrade that adds a fact, or a
check that errored, is not reported as the shop removing things.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import phonenumbers

from touchaudit.history import phrases
from touchaudit.history.phrases import Label
from touchaudit.message import Duration
from touchaudit.reports import i18n as L
from touchaudit.reports.sentences import (
    duration_in_words,
    fact_item_in_words,
    number,
    vocabulary_word,
)

NEUTRAL = frozenset({"not_applicable"})  # a check that stopped applying is neither better nor worse


@dataclass(frozen=True)
class CheckChange:
    id: str
    status_before: str | None  # None: the check was not in the previous result
    status_after: str | None  # None: the check is not in the latest result
    score_before: float | None
    score_after: float | None
    better: bool

    @property
    def worse(self) -> bool:
        if self.status_before is None or self.status_after is None:
            return False
        if self.status_before in NEUTRAL or self.status_after in NEUTRAL:
            return False
        return (self.score_after or 0.0) < (self.score_before or 0.0)

    @property
    def kind(self) -> str:
        return "added" if self.status_before is None else "removed" if self.status_after is None else "changed"


@dataclass(frozen=True)
class FactChange:
    check: str
    fact: str
    kind: str  # "added" | "removed" | "changed"
    before: Any
    after: Any
    text: Mapping[str, str]  # {language: sentence}, every language with a catalogue


@dataclass(frozen=True)
class Diff:
    score_before: int | None
    score_after: int | None
    checks: tuple[CheckChange, ...]
    facts: tuple[FactChange, ...]

    @property
    def regressed(self) -> bool:
        """Any check worse, the score lower, or a site that had a score and now has none."""
        if any(c.worse for c in self.checks):
            return True
        if self.score_before is None:
            return False
        return self.score_after is None or self.score_after < self.score_before

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON for `history --json` and the dashboard (properties included)."""
        return {
            "score_before": self.score_before,
            "score_after": self.score_after,
            "regressed": self.regressed,
            "checks": [{**vars(c), "kind": c.kind, "worse": c.worse} for c in self.checks],
            "facts": [{**vars(f), "text": dict(f.text)} for f in self.facts],
        }


def diff(previous: Mapping[str, Any], current: Mapping[str, Any]) -> Diff:
    before = {c["id"]: c for c in previous.get("checks") or ()}
    after = {c["id"]: c for c in current.get("checks") or ()}
    order = list(after) + [cid for cid in before if cid not in after]
    checks: list[CheckChange] = []
    facts: list[FactChange] = []
    for cid in order:
        old, new = before.get(cid), after.get(cid)
        change = _check_change(cid, old, new)
        if change is not None:
            checks.append(change)
        if old is not None and new is not None:
            facts.extend(_fact_changes(cid, old.get("facts") or {}, new.get("facts") or {}))
    return Diff(previous.get("score"), current.get("score"), tuple(checks), tuple(facts))


def _check_change(cid: str, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> CheckChange | None:
    s_old, s_new = (old or {}).get("status"), (new or {}).get("status")
    v_old, v_new = (old or {}).get("score"), (new or {}).get("score")
    if old is not None and new is not None and s_old == s_new and v_old == v_new:
        return None
    better = (
        old is not None and new is not None and s_old not in NEUTRAL and s_new not in NEUTRAL
        and (v_new or 0.0) > (v_old or 0.0)
    )
    return CheckChange(cid, s_old, s_new, v_old, v_new, better)


def _fact_changes(check: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterable[FactChange]:
    for fact in list(new) + [f for f in old if f not in new]:
        if fact not in old or fact not in new or phrases.is_quiet(check, fact):
            continue
        a, b = old[fact], new[fact]
        lab = phrases.label(check, fact)
        if isinstance(a, list) and isinstance(b, list):
            old_keys = {_key(check, fact, x): x for x in a}
            new_keys = {_key(check, fact, x): x for x in b}
            for k, item in old_keys.items():
                if k not in new_keys:
                    yield _change(check, fact, lab, "removed", item, None)
            for k, item in new_keys.items():
                if k not in old_keys:
                    yield _change(check, fact, lab, "added", None, item)
        elif _same(a, b):
            continue
        else:
            kind = "added" if a is None else "removed" if b is None else "changed"
            yield _change(check, fact, lab, kind, a, b)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        try:
            return round(float(a), 2) == round(float(b), 2)
        except (TypeError, ValueError):
            return False
    return bool(a == b)


def _change(check: str, fact: str, lab: Label, kind: str, before: Any, after: Any) -> FactChange:
    text = {lang: fact_text(check, fact, kind, before, after, lang) for lang in L.available_languages()}
    return FactChange(check, fact, kind, before, after, text)


def fact_text(check: str, fact: str, kind: str, before: Any, after: Any, lang: str) -> str:
    """The sentence for one fact change in `lang` ("phone +34 914 56 72 38 removed")."""
    lab = phrases.label(check, fact)
    return phrases.fact_sentence(
        lang, kind, lab,
        value=_show(check, fact, lab, after if kind == "added" else before, lang, unit=True),
        before=_show(check, fact, lab, before, lang, unit=lab.yes_no or kind != "changed"),
        after=_show(check, fact, lab, after, lang, unit=True),
    )


def _key(check: str, fact: str, item: Any) -> str:
    """What makes two list items the same item: a readable, crawl-stable key.

    Promises compare by their numbers (the quoted snippet varies with the page), tax ids by scheme
    and value, text by its words ignoring case and spacing.
    """
    if isinstance(item, Mapping):
        if {"min", "max", "unit"} <= item.keys():
            return f"{_num(item['min'])}-{_num(item['max'])} {item['unit']}"
        if "hours" in item:
            return f"{_num(item['hours'])} h"
        if "scheme" in item and "value" in item:
            return f"{item['scheme']} {re.sub(r'[^0-9A-Za-z]', '', str(item['value'])).upper()}"
        for name in ("value", "url", "name", "text"):
            if name in item:
                return _key(check, fact, item[name])
        return json.dumps(item, sort_keys=True, default=str)
    if isinstance(item, str):
        return " ".join(item.split()).casefold()
    return json.dumps(item, sort_keys=True, default=str)


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "?" if value is None else str(value)


def _show(check: str, fact: str, lab: Label, value: Any, lang: str, *, unit: bool) -> str:
    """A fact value as a person reads it, in one language; long crawled text is clipped."""
    t = L.get_translations(lang)
    if isinstance(value, bool) or value is None:
        return str(t.gettext(L.YES if value else L.NO if value is False else L.NOT_STATED))
    if isinstance(value, Mapping):
        said = fact_item_in_words(value, t, lang)
        if said:
            return said
        for name in ("text", "value", "url", "name"):
            if name in value:
                return _clip(str(value[name]))
        return _clip(json.dumps(value, ensure_ascii=False, sort_keys=True))
    if lab.unit == "percent" and isinstance(value, (int, float)):
        return phrases.say(lang, phrases.PERCENT, n=number(round(value * 100), lang))
    if lab.unit == "days" and unit and isinstance(value, (int, float)):
        return duration_in_words(Duration(value, value, "days"), t, lang)
    if isinstance(value, (int, float)):
        return number(value, lang)
    if lab.vocabulary and isinstance(value, str):
        return vocabulary_word(value, t)
    if check == "phone" and fact == "numbers" and isinstance(value, str):
        return _phone(value)
    return _clip(str(value))


def _phone(e164: str) -> str:
    try:
        return phonenumbers.format_number(phonenumbers.parse(e164, None), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    except phonenumbers.NumberParseException:
        return e164


def _clip(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
