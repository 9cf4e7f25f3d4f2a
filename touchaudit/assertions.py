"""CI gates in Lighthouse CI's style: `phone=pass`, `return_policy!=fail`, `category:contact>=80`.

An assertion names a check id, `category:<id>` or `score`, an operator and a value. Checks compare
statuses (`=`/`!=` any status; `>=`, `>`, `<=`, `<` on fail < partial < pass, where a check that does
not apply satisfies an ordering, as in LHCI); categories and the overall score compare numbers 0-100.
Assertions come from `--assert` flags and a config file's `[assert]` table; a flag replaces the
table's assertion about the same target. A failed assertion makes `audit` exit 1.
"""
from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Callable

from touchaudit.config import ConfigError

STATUSES = ("pass", "partial", "fail", "not_applicable", "error")
RANK = {"fail": 0, "partial": 1, "pass": 2}
OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq, "==": operator.eq, "!=": operator.ne,
    ">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt,
}
_SYNTAX = re.compile(r"^\s*(?P<target>[A-Za-z_][\w-]*(?::[A-Za-z_][\w-]*)?)\s*(?P<op>!=|>=|<=|==|=|>|<)\s*(?P<value>\S+)\s*$")
_TABLE_VALUE = re.compile(r"^\s*(?P<op>!=|>=|<=|==|=|>|<)?\s*(?P<value>\S+)\s*$")
EXAMPLES = "e.g. phone=pass, return_policy!=fail, category:contact>=80, score>=70"


@dataclass(frozen=True)
class Assertion:
    target: str  # a check id, "category:<id>" or "score"
    op: str
    value: str

    def __str__(self) -> str:
        return f"{self.target}{self.op}{self.value}"

    @property
    def numeric(self) -> bool:
        return self.target == "score" or self.target.startswith("category:")


@dataclass(frozen=True)
class Verdict:
    assertion: Assertion
    ok: bool
    actual: str  # what the audit found: a status, a score, or "absent"

    @property
    def message(self) -> str:
        return f"{self.assertion}: {self.assertion.target} is {self.actual}"


def parse(text: str) -> Assertion:
    """One `--assert` value; a usage error names it and shows the syntax."""
    found = _SYNTAX.match(text)
    if not found:
        raise ConfigError(f"cannot read assertion {text!r} ({EXAMPLES})")
    return _checked(Assertion(found["target"].lower(), found["op"], found["value"].lower()), repr(text))


def from_table(table: Any, where: str) -> tuple[Assertion, ...]:
    """A config file's `[assert]` table: `phone = "pass"`, `return_policy = "!=fail"`,
    `"category:contact" = ">=80"` (a bare number means at least that number)."""
    if not isinstance(table, Mapping):
        raise ConfigError(f"[assert] in {where} must be a table of target = \"condition\" ({EXAMPLES})")
    found = []
    for target, condition in table.items():
        name = f"[assert] {target} in {where}"
        if isinstance(condition, bool) or not isinstance(condition, (str, int)):
            raise ConfigError(f"{name} must be a string such as \"pass\" or \">=80\", not {condition!r}")
        if isinstance(condition, int):
            condition = f">={condition}"
        parts = _TABLE_VALUE.match(condition)
        if not parts:
            raise ConfigError(f"{name}: cannot read condition {condition!r} ({EXAMPLES})")
        found.append(_checked(Assertion(str(target).lower(), parts["op"] or "=", parts["value"].lower()), name))
    return tuple(found)


def _checked(a: Assertion, name: str) -> Assertion:
    if a.numeric:
        if not a.value.isdigit() or int(a.value) > 100:
            raise ConfigError(f"assertion {name}: {a.target} is a score, compare it with a number 0-100")
    elif a.value not in STATUSES:
        raise ConfigError(f"assertion {name}: {a.value!r} is not a status ({', '.join(STATUSES)})")
    elif a.op not in ("=", "==", "!=") and a.value not in RANK:
        raise ConfigError(f"assertion {name}: only fail, partial and pass are ordered")
    return a


def combine(configured: Iterable[Assertion], flags: Iterable[Assertion]) -> tuple[Assertion, ...]:
    """The config's assertions, each replaced by the flags' ones about the same target."""
    flags = tuple(flags)
    overridden = {a.target for a in flags}
    return tuple(a for a in configured if a.target not in overridden) + flags


def validate(assertions: Iterable[Assertion], check_ids: Iterable[str], categories: Iterable[str]) -> None:
    """Before any crawl: every target names a known check or category (a typo is a usage error)."""
    checks, cats = set(check_ids), set(categories)
    for a in assertions:
        if a.target == "score":
            continue
        if a.target.startswith("category:"):
            if a.target.split(":", 1)[1] not in cats:
                raise ConfigError(f"assertion {a}: unknown category {a.target.split(':', 1)[1]!r} ({', '.join(sorted(cats))})")
        elif a.target not in checks:
            raise ConfigError(f"assertion {a}: unknown check {a.target!r} (touchaudit checks lists them)")


def evaluate(assertions: Iterable[Assertion], result: Mapping[str, Any], aliases: Mapping[str, str] | None = None) -> list[Verdict]:
    """Each assertion against a result dict; `aliases` maps old check ids to current ones."""
    statuses = {c.get("id"): c.get("status") for c in result.get("checks") or ()}
    cats = {c.get("id"): c.get("score") for c in result.get("categories") or ()}
    verdicts = []
    for a in assertions:
        if a.numeric:
            score = result.get("score") if a.target == "score" else cats.get(a.target.split(":", 1)[1])
            ok = isinstance(score, (int, float)) and OPERATORS[a.op](score, int(a.value))
            verdicts.append(Verdict(a, ok, "absent" if score is None else f"{score:g}"))
            continue
        status = statuses.get((aliases or {}).get(a.target, a.target))
        if status is None:
            verdicts.append(Verdict(a, False, "absent"))
        elif a.op in ("=", "==", "!="):
            verdicts.append(Verdict(a, OPERATORS[a.op](status, a.value), str(status)))
        elif status == "not_applicable":
            verdicts.append(Verdict(a, True, str(status)))
        else:
            ok = status in RANK and OPERATORS[a.op](RANK[status], RANK[a.value])
            verdicts.append(Verdict(a, ok, str(status)))
    return verdicts
