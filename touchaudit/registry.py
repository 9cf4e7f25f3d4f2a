"""Discover the checks: every module in touchaudit.checks with a META and a check() is one.

Adding a check is adding one module; ids are public, so renamed ones keep their old id as an alias.
"""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from functools import lru_cache
from types import ModuleType
from typing import Any, Callable, Mapping

from touchaudit.model import Outcome, SiteSnapshot

CATEGORIES = ("contact", "alternatives", "promises", "trust", "etiquette")


class UnknownCheckError(KeyError):
    """A check id that no module declares."""


@dataclass(frozen=True)
class CheckOptions:
    """What a check may know besides the site: the user's country hint and its own parameters."""

    country: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CheckMeta:
    id: str
    category: str
    weight: float
    source: str  # the article in shared/seeds the principle comes from
    title: str  # catalogue msgids (English); the runner writes them in every report language
    recommendation: str
    aliases: tuple[str, ...] = ()
    # Judges from the page's words (street words, "Versand", day names): on a page in a language
    # touchaudit does not read, only a pass stands; anything else is not_applicable (runner).
    reads_words: bool = False


@dataclass(frozen=True)
class Check:
    meta: CheckMeta
    run: Callable[[SiteSnapshot, CheckOptions], Outcome]
    doc: str


def _load(module: ModuleType) -> Check | None:
    meta = getattr(module, "META", None)
    run = getattr(module, "check", None)
    if not isinstance(meta, CheckMeta) or not callable(run):
        return None
    if meta.category not in CATEGORIES:
        raise ValueError(f"check {meta.id}: unknown category {meta.category}")
    return Check(meta=meta, run=run, doc=(module.__doc__ or "").strip())


@lru_cache(maxsize=1)
def all_checks() -> tuple[Check, ...]:
    package = importlib.import_module("touchaudit.checks")
    found = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        check = _load(importlib.import_module(f"touchaudit.checks.{info.name}"))
        if check is not None:
            if check.meta.id != info.name:
                raise ValueError(f"check module {info.name} declares id {check.meta.id}")
            found.append(check)
    return tuple(found)


def get(check_id: str) -> Check:
    for check in all_checks():
        if check_id == check.meta.id or check_id in check.meta.aliases:
            return check
    raise UnknownCheckError(check_id)
