"""The requests a page made while it rendered, and the widgets they show.

A chat widget injected by a tag manager, or loaded on the first scroll, leaves no trace in the raw
HTML; its loader's request does. The recorded script, frame and XHR addresses join the page
record's scripts and iframes, and the page's own global names are read like inline loaders
(touchaudit.pages.widgets), so the providers table the checks already use recognises them, with
the request itself as evidence.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from touchaudit.model import PageRecord
from touchaudit.pages import widgets
from touchaudit.pages.builder import MAX_SCRIPTS

# Resource types (Playwright's names) whose URLs can name a widget's provider.
SCRIPT_TYPES = frozenset({"script", "xhr", "fetch", "websocket", "eventsource"})
FRAME_TYPES = frozenset({"document"})  # a document other than the page itself: an iframe
MAX_RECORDED = 300
MAX_GLOBALS = 500


@dataclass(frozen=True)
class Recorded:
    """What rendering saw besides the DOM: (resource type, URL) per request, and window globals."""

    requests: tuple[tuple[str, str], ...] = ()
    globals: tuple[str, ...] = ()

    def fields(self) -> list[tuple[str, str]]:
        """As WARC metadata fields (application/warc-fields), for the archive."""
        return [("request", f"{kind} {url}") for kind, url in self.requests] + [
            ("global", name) for name in self.globals]

    @classmethod
    def from_fields(cls, pairs: list[tuple[str, str]]) -> Recorded:
        requests: list[tuple[str, str]] = []
        names: list[str] = []
        for name, value in pairs:
            if name == "request" and " " in value:
                kind, url = value.split(" ", 1)
                requests.append((kind, url))
            elif name == "global":
                names.append(value)
        return cls(tuple(requests[:MAX_RECORDED]), tuple(names[:MAX_GLOBALS]))


def parse_fields(block: bytes) -> list[tuple[str, str]]:
    """`name: value` lines of an application/warc-fields block."""
    pairs = []
    for line in block.decode("utf-8", "replace").splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip():
            pairs.append((name.strip().lower(), value.strip()))
    return pairs


def with_recorded(record: PageRecord, recorded: Recorded) -> PageRecord:
    """The rendered page's record plus the loaders its requests and globals show."""
    page_url = record.final_url.split("#", 1)[0]
    scripts = list(record.scripts)
    iframes = list(record.iframes)
    for kind, url in recorded.requests:
        if url.split("#", 1)[0] == page_url or not url.startswith(("http://", "https://", "ws://", "wss://")):
            continue
        if kind in FRAME_TYPES:
            iframes.append(url)
        elif kind in SCRIPT_TYPES and len(scripts) < MAX_SCRIPTS:
            scripts.append(url)
    if recorded.globals:
        scripts.extend(widgets.inline_tokens(" ".join(recorded.globals)))
    return replace(record, rendered=True, scripts=tuple(dict.fromkeys(scripts)),
                   iframes=tuple(dict.fromkeys(iframes)))
