"""Small helpers the check modules share: evidence from sightings, values listed for a summary."""
from __future__ import annotations

from typing import Callable, Iterable

from touchaudit.model import Evidence
from touchaudit.pages.contacts import Sighting

MAX_EVIDENCE = 5
VIA = frozenset({"schema", "script", "markup", "form"})  # sighting sources that are not the page's text


def evidence_of(
    sightings: Iterable[Sighting], limit: int = MAX_EVIDENCE, key: Callable[[str], str] = str
) -> tuple[Evidence, ...]:
    """One evidence item per distinct value: visible before schema-only, header/footer first.

    A footer repeated on every page is one fact, not forty pieces of evidence."""
    out: dict[str, Evidence] = {}
    for s in sorted(sightings, key=lambda s: (s.source == "schema", s.seen == "hidden", s.zone not in ("header", "footer"))):
        k = key(s.value)
        if k not in out:
            out[k] = Evidence(url=s.url, snippet=s.snippet[:300], selector=None, zone=s.zone, highlight=s.highlight, seen=s.seen,
                              via=s.source if s.source in VIA else None)
        if len(out) >= limit:
            break
    return tuple(out.values())


def listing(values: Iterable[str], limit: int = 3) -> str:
    """Crawled values for a summary, the first few and how many more: "a, b, c (+2)"."""
    items = list(values)
    shown = ", ".join(items[:limit])
    return shown + (f" (+{len(items) - limit})" if len(items) > limit else "")
