"""Scrapy signals of our own: the crawl hands its finished SiteSnapshot to whoever audits it."""
from __future__ import annotations

snapshot_ready = object()
