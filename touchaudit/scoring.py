"""From check results to category and overall scores (0-100), Lighthouse-style weighted means.

Checks that could not run (error) or do not apply are left out of the mean, not counted as zero.
"""
from __future__ import annotations

from typing import Iterable

from touchaudit.model import CategoryScore, CheckResult, Status
from touchaudit.registry import CATEGORIES

SCORED = frozenset({Status.PASS, Status.PARTIAL, Status.FAIL})


def weighted(results: Iterable[CheckResult]) -> int | None:
    total = weight = 0.0
    for result in results:
        if result.status in SCORED and result.weight > 0:
            total += result.weight * result.score
            weight += result.weight
    return round(100 * total / weight) if weight else None


def categories(results: list[CheckResult]) -> tuple[CategoryScore, ...]:
    present = [c for c in CATEGORIES if any(r.category == c for r in results)]
    present += sorted({r.category for r in results} - set(CATEGORIES))
    return tuple(CategoryScore(c, weighted(r for r in results if r.category == c)) for c in present)
