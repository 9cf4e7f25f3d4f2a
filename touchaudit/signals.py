"""Scrapy signals of our own: the crawl hands what it found (a CrawlOutcome) to whoever audits it."""
from __future__ import annotations

crawl_finished = object()
