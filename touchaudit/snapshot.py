"""What a crawl hands over (CrawlOutcome), assembled into a SiteSnapshot that says how the scan went."""
from __future__ import annotations

import pickle
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Mapping
from urllib.parse import urlsplit

from touchaudit.failures import BLOCKED_STATUSES, NOTE_KINDS, UNREACHABLE_KINDS
from touchaudit.message import Message, msg, nmsg
from touchaudit.model import FailedPage, PageRecord, ScanStatus, SiteSnapshot
from touchaudit.pages import structured
from touchaudit.pages.country import country_from_pages
from touchaudit.reports.i18n import failure_message
from touchaudit.text.regions import region_for


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class PackedPage:
    """A PageRecord still pickled. Pages read in a worker process stay packed in the crawl process
    (which only needs their links, sent apart) and are unpacked where the site is audited."""

    url: str
    final_url: str
    blob: bytes

    def unpack(self) -> PageRecord:
        record = pickle.loads(self.blob)
        assert isinstance(record, PageRecord)
        return record


@dataclass(frozen=True)
class CrawlOutcome:
    """Everything one site's crawl produced, not yet assembled: picklable and cheap to pickle, so
    the snapshot can be assembled where it is audited (a worker process, in a portfolio)."""

    url: str
    final_url: str
    pages: tuple[PageRecord | PackedPage, ...]
    failures: tuple[FailedPage, ...]
    home_failure: FailedPage | None
    platform: str | None
    budget: int
    robots_ignored: bool
    country: str | None
    started_at: str
    finished_at: str
    close_reason: str = "finished"
    capture: Mapping[str, Any] | None = None
    site_timeout: float | None = None
    render: Mapping[str, Any] | None = None

    def snapshot(self) -> SiteSnapshot:
        """The pages sorted (live and replay agree), unpacked, and how the scan went."""
        pages = sorted((p.unpack() if isinstance(p, PackedPage) else p for p in self.pages),
                       key=lambda p: (p.depth, p.role != "home", p.final_url))
        status, reason, why = scan_status(pages, list(self.failures), self.home_failure, self.close_reason,
                                          self.site_timeout, self.render)
        host = urlsplit(self.final_url).hostname or ""
        return SiteSnapshot(
            url=self.url,
            final_url=self.final_url,
            pages=tuple(pages),
            failures=self.failures,
            language=(language := site_language(pages)),
            country=region_for(host, None, schema_country_of(pages), self.country) or country_from_pages(pages, language),
            platform=self.platform,
            robots_ignored=self.robots_ignored,
            budget=self.budget,
            started_at=self.started_at,
            finished_at=self.finished_at,
            status=status,
            reason=reason,
            reason_message=why,
            capture=self.capture,
            render=self.render,
        )


TIME_BUDGET_CLOSE = "closespider_timeout"  # Scrapy's close reason when CLOSESPIDER_TIMEOUT fires


def scan_status(
    pages: list[PageRecord], failures: list[FailedPage], home_failure: FailedPage | None, close_reason: str,
    site_timeout: float | None = None, render: Mapping[str, Any] | None = None,
) -> tuple[ScanStatus, str | None, Message | None]:
    """ok / partial / unreachable / blocked / error, with the reason a person needs: as stable
    English for the JSON's `scan.reason`, and as a sentence for reports in every language."""
    out_of_time = close_reason == TIME_BUDGET_CLOSE
    budget = f"site time budget exhausted ({site_timeout:g} s)" if site_timeout else "site time budget exhausted"
    seconds = site_timeout or 0
    if not pages:
        failure = home_failure or (failures[0] if failures else None)
        if out_of_time and (failure is None or failure.kind not in UNREACHABLE_KINDS):
            return ScanStatus.ERROR, f"{budget} before any page could be audited", msg(
                "The site's time budget (%(seconds)s s) ran out before any page could be audited.", seconds=seconds)
        if failure is None:
            return ScanStatus.ERROR, f"no page could be fetched ({close_reason})", msg("No page could be fetched.")
        why = failure_message(failure.kind, render)
        if failure.kind in UNREACHABLE_KINDS:
            return ScanStatus.UNREACHABLE, f"{failure.kind}: {failure.detail}", why
        status_code = int(failure.kind[5:]) if failure.kind.startswith("http_") and failure.kind[5:].isdigit() else 0
        if failure.kind == "robots" or status_code in BLOCKED_STATUSES:
            return ScanStatus.BLOCKED, f"{failure.kind}: {failure.detail}", why
        return ScanStatus.ERROR, f"{failure.kind}: {failure.detail}", why
    real = [f for f in failures if f.kind not in NOTE_KINDS]
    if out_of_time:
        failed = f", {len(real)} failed" if real else ""
        return ScanStatus.PARTIAL, f"{budget}: {len(pages)} page(s) audited{failed}", nmsg(
            "The site's time budget (%(seconds)s s) ran out: %(n)s page was audited, %(failed)s failed.",
            "The site's time budget (%(seconds)s s) ran out: %(n)s pages were audited, %(failed)s failed.",
            len(pages), seconds=seconds, failed=len(real))
    if home_failure is not None:
        return ScanStatus.PARTIAL, f"home page failed ({home_failure.kind}); other pages were audited", msg(
            "The home page could not be fetched; the other pages were audited.")
    if real:
        return ScanStatus.PARTIAL, f"{len(real)} page(s) failed", nmsg(
            "%(n)s page could not be fetched.", "%(n)s pages could not be fetched.", len(real))
    if close_reason not in ("finished", "shutdown"):
        return ScanStatus.PARTIAL, f"crawl stopped early: {close_reason}", msg("The crawl stopped early.")
    return ScanStatus.OK, None, None


def site_language(pages: list[PageRecord]) -> str | None:
    """The home page's language, else the most common one among pages."""
    for page in pages:
        if page.role == "home" and page.language:
            return page.language
    counts = Counter(p.language for p in pages if p.language)
    return counts.most_common(1)[0][0] if counts else None


def schema_country_of(pages: list[PageRecord]) -> str | None:
    for page in pages:
        for value in structured.values_of(page.structured, "addressCountry"):
            if isinstance(value, dict):
                value = value.get("name") or value.get("@id")
            if isinstance(value, str) and value.strip():
                return value.strip()
    return None
