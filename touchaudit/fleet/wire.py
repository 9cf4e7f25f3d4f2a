"""What a fleet message carries, as plain JSON (the only content the workers accept): a site of the
list, and the run's audit options that matter to a crawl and its scoring."""
from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

from touchaudit.config import AuditOptions
from touchaudit.portfolio.sitelist import Entry

# Report-only options (branding, CI gates) stay with the follower; `browser` is a path on the
# sender's machine: workers render with their own Chromium.
CRAWL_FIELDS = ("budget", "lang", "country", "ignore_robots", "timeout", "site_timeout", "max_page_bytes", "parallel",
                "user_agent", "weights", "render", "render_budget", "allow_private", "archive")


def options_to_wire(opts: AuditOptions) -> dict[str, Any]:
    return {name: (dict(value) if name == "weights" else value)
            for name in CRAWL_FIELDS if (value := getattr(opts, name)) is not None}


def options_from_wire(data: dict[str, Any], url: str = "") -> AuditOptions:
    known = {k: v for k, v in data.items() if k in CRAWL_FIELDS}
    return replace(AuditOptions(), url=url, progress=False, **known)


def entry_to_wire(entry: Entry) -> dict[str, Any]:
    return {k: v for k, v in asdict(entry).items() if v not in (None, ()) and k != "error"}


def entry_from_wire(data: dict[str, Any]) -> Entry:
    return Entry(str(data["url"]), data.get("name"), tuple(data.get("tags") or ()), data.get("lang"), data.get("country"))
