"""Scan history: every audit saved (SQLite file or PostgreSQL), and what changed since last time.

Import from here: `open_store`, `Store`, `SiteEntry`, `ScanRow`, `StoreError`, `diff`, `Diff`.
"""
from __future__ import annotations

from touchaudit.history.diff import CheckChange, Diff, FactChange, diff
from touchaudit.history.rows import ScanRow, SiteEntry, StoreError, site_key
from touchaudit.history.store import Store, open_store

__all__ = [
    "CheckChange", "Diff", "FactChange", "ScanRow", "SiteEntry", "Store", "StoreError",
    "diff", "open_store", "site_key",
]
