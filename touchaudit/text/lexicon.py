"""The words touchaudit reads, as data: one file per language (vocab/<lang>.toml, the same keys in
each), so reading a new language is adding its file.

A language is read when it has a file here; `reads()` is what the runner asks before letting a
word-based check say `fail`. Detectors build their patterns from the union of every language's
lists (a German shop's footer may say "Versand" and "Shipping"), so patterns keep opening with
literals and cost the same per page whatever the page's language. A key a language has no words
for is written as an empty list: a missing list is a visible choice, not an oversight.
`vocab/others.toml` holds stop words of languages touchaudit recognises but does not read.
"""
from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any, Callable

__all__ = ["by_first_letter", "entries", "languages", "merged", "reads", "table", "union"]

_NOT_A_LANGUAGE = frozenset({"roles", "places", "others"})


@lru_cache(maxsize=1)
def languages() -> tuple[str, ...]:
    """Languages with a vocabulary file, in a stable order (es, en first: the oldest)."""
    names = [e.name[:-5] for e in resources.files("touchaudit.text").joinpath("vocab").iterdir()
             if e.name.endswith(".toml") and e.name[:-5] not in _NOT_A_LANGUAGE]
    first = [n for n in ("es", "en", "pt") if n in names]
    return tuple(first + sorted(n for n in names if n not in first))


def reads(language: str | None) -> bool:
    """Does touchaudit read pages in `language`? Unknown (None) counts as read: no reason to doubt."""
    return language is None or language in languages()


@lru_cache(maxsize=None)
def table(name: str) -> dict[str, Any]:
    """One vocabulary file (a language code, or "others"/"roles"/"places") as parsed TOML."""
    raw = resources.files("touchaudit.text").joinpath(f"vocab/{name}.toml").read_text("utf-8")
    return tomllib.loads(raw)


def entries(key: str) -> dict[str, Any]:
    """language -> the value at a dotted `key` ("durations.units.days") in each language file."""
    found: dict[str, Any] = {}
    for lang in languages():
        node: Any = table(lang)
        for part in key.split("."):
            node = node[part]
        found[lang] = node
    return found


@lru_cache(maxsize=None)
def union(key: str) -> tuple[str, ...]:
    """Every language's list at `key`, concatenated, first occurrence kept."""
    return tuple(dict.fromkeys(w for words in entries(key).values() for w in words))


@lru_cache(maxsize=None)
def merged(key: str) -> dict[str, Any]:
    """Every language's table at `key` merged (number words, lists per option); lists concatenate."""
    out: dict[str, Any] = {}
    for value in entries(key).values():
        for k, v in value.items():
            if isinstance(v, list):
                out[k] = list(dict.fromkeys([*out.get(k, []), *v]))
            else:
                out.setdefault(k, v)
    return out


def by_first_letter(branches: list[tuple[str | None, str]], tolerant: Callable[[str], str] = str) -> str:
    """One alternation of branches (name or None, pattern), dispatched on each pattern's first letter.

    Python's `re` tries every branch of an alternation at every word start; a vocabulary of
    six languages makes that a few hundred tries per word. Grouping the branches behind a
    lookahead for their first letter keeps it to a handful. Branches that open with a group come
    first, then the letter groups; within a group the given order (the priority) is kept.
    `tolerant` turns a pattern into its accent-tolerant form."""
    groups: dict[str, list[str]] = {}
    for name, pattern in branches:
        first = pattern[0] if pattern[0].isalnum() else ""
        groups.setdefault(first, []).append(f"(?P<{name}>{tolerant(pattern)})" if name else tolerant(pattern))
    parts = ["|".join(groups.pop(""))] if "" in groups else []
    parts += [f"(?={tolerant(letter)})(?:" + "|".join(alts) + ")" for letter, alts in groups.items()]
    return "|".join(parts)
