"""WARC evidence for an audit: record the crawl as it happens, or answer a crawl from a recording.

Both directions are Scrapy downloader middlewares (``writer.ArchiveWriter`` and
``replay.ArchiveReplay``) registered in ``touchaudit.settings`` and switched on by the settings
``TOUCHAUDIT_ARCHIVE`` and ``TOUCHAUDIT_REPLAY``, so the crawl logic is the same in live and replay
modes; in replay the spider also asks ``site.ArchivedSite`` which pages the archive holds. This
module holds what the command line needs before a crawl starts: the checks that turn a bad path
into one usage error.
"""
from __future__ import annotations

import os
from pathlib import Path

from touchaudit.archive.errors import ArchiveError

__all__ = ["ArchiveError", "check_replayable", "check_writable"]


def check_writable(path: Path) -> None:
    """Fail before crawling when ``path`` cannot take the archive (an hour of crawl lost otherwise)."""
    if path.is_dir():
        raise ArchiveError(f"cannot write archive {path}: it is a folder")
    existed = path.exists()
    try:
        with path.open("ab"):
            pass
    except OSError as exc:
        raise ArchiveError(f"cannot write archive {path}: {exc.strerror or exc}") from exc
    if not existed:
        os.unlink(path)  # leave no empty file behind if the crawl never starts


def check_replayable(path: Path) -> None:
    """Read and index ``path`` once, so a bad archive is a usage error and not a failed audit."""
    from touchaudit.archive.index import load_index

    load_index(path)
