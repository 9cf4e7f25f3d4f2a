"""The values the history store hands out, and the one spelling of a site's identity.

Rows are frozen dataclasses so a dashboard or CSV writer can pass them around without touching the
database again; `site_key` decides when two URLs are the same shop, which is what history is about.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from touchaudit.sites import canonical

RUN_KINDS = frozenset({"audit", "portfolio"})
RUN_STATUSES = frozenset({"done", "interrupted", "failed"})
RUNNING = "running"


class StoreError(ValueError):
    """A history database that cannot be opened or used; the one-line message says which and why."""


class ScanMissingError(StoreError):
    """A scan that is not (or no longer: `history --prune`) in the database."""


@dataclass(frozen=True)
class SiteEntry:
    """One shop as the caller names it (a portfolio line): URL, optional display name and tags."""

    url: str
    name: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScanRow:
    """One saved scan without its (large) result: enough for a history list or a trend line."""

    id: int
    run_id: int
    url: str
    name: str | None
    started_at: str
    finished_at: str
    score: int | None
    status: str


@dataclass(frozen=True)
class RunRow:
    """One run as `touchaudit runs` lists it: its state and how many sites it has stored."""

    id: int
    kind: str
    status: str
    started_at: str
    finished_at: str | None
    options: dict[str, Any]
    stored: int


def site_key(url: str) -> str:
    """Normalised URL that identifies a site: lower-case host, no fragment, "/" for a bare host.

    A URL typed without a scheme gets https://, as `touchaudit audit` does, so `history shop.example`
    finds what `audit shop.example` saved.
    """
    text = url.strip()
    if not text:
        raise StoreError("empty site URL")
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise StoreError(f"not a web site address: {url!r}")
    return canonical(text)
