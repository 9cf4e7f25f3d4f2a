"""Run a text finder over every page zone of a site once, and cut snippets for evidence.

Header and footer text repeats on every page; each distinct zone text is scanned once per finder
and the matches are reused (memoized on the snapshot). Text hidden in the HTML until scripts show
it (accordions, tabs, responsive footers) is scanned after the visible text: its facts count, and
their evidence says how they are seen.
"""
from __future__ import annotations

from typing import Callable, Iterator, TypeVar

from touchaudit.model import Evidence, PageRecord, SiteSnapshot, Zone

T = TypeVar("T")
SNIPPET_WIDTH = 70


def snippet(text: str, start: int, end: int, width: int = SNIPPET_WIDTH) -> str:
    """The match with some words around it, cut at word boundaries, on one line."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    piece = text[left:right].replace("\n", " · ")
    return ("… " if left > 0 else "") + piece.strip() + (" …" if right < len(text) else "")


def scan_zones(
    site: SiteSnapshot, key: str, find: Callable[[str], list[T]], zones: tuple[Zone, ...] = tuple(Zone)
) -> Iterator[tuple[PageRecord, Zone, str, T]]:
    """(page, zone, zone text, match) for every match of `find`; `key` names the finder's cache."""
    cache: dict[str, list[T]] = site.memo.setdefault(f"scan:{key}", {})
    for page in site.pages:
        for texts in (page.text, page.hidden_text):
            for zone in zones:
                text = texts.get(zone.value)
                if not text:
                    continue
                if text not in cache:
                    cache[text] = find(text)
                for match in cache[text]:
                    yield page, zone, text, match


def seen_of(page: PageRecord, zone: Zone | str | None = None, text: str | None = None, hidden: bool = False) -> str | None:
    """How a finding on `page` is seen when not plainly: "hidden" when it sits in a block hidden
    until scripts show it (the zone's hidden text, or a hidden link), "rendered" on a page built
    by a browser; None for what the server's HTML shows."""
    key = zone.value if isinstance(zone, Zone) else zone
    if hidden or text is not None and key is not None and text is page.hidden_text.get(key):
        return "hidden"
    return "rendered" if page.rendered else None


def text_evidence(page: PageRecord, zone: Zone, text: str, start: int, end: int, width: int = 50) -> Evidence:
    """Evidence for a match in a zone's text: the page, a snippet around it, the match itself."""
    return Evidence(page.final_url, snippet(text, start, end, width), None, zone.value,
                    " ".join(text[start:end].split()), seen_of(page, zone, text))
