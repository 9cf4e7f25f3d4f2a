"""Output paths checked before a crawl: an hour of crawling must not end in "cannot write".

The probe is real (a temporary file created and removed where the report will go), because
permission bits say nothing for root and nothing about read-only or full file systems.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from touchaudit.config import ConfigError


class OutputError(ConfigError):
    """An output path that cannot be written; the message names the flag and the path."""


def check_file(path: Path, flag: str) -> None:
    """`path` can be (re)written as a file: not a folder, and its folder exists or can be made."""
    if path.is_dir():
        raise OutputError(f"{flag} {path}: is a folder, not a file")
    _probe(path.parent, flag, path)


def check_folder(path: Path, flag: str) -> None:
    """`path` is, or can become, a folder that takes new files."""
    if path.exists() and not path.is_dir():
        raise OutputError(f"{flag} {path}: is a file, not a folder")
    _probe(path, flag, path)


def _probe(folder: Path, flag: str, shown: Path) -> None:
    existing = folder
    while not existing.exists():  # folders are created when the reports are written
        if existing.parent == existing:
            break
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(f"{flag} {shown}: {existing} is a file, not a folder")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".touchaudit-probe-", dir=existing)
    except OSError as exc:
        raise OutputError(f"{flag} {shown}: cannot write in {existing}: {exc.strerror or exc}") from None
    os.close(fd)
    os.unlink(tmp)
