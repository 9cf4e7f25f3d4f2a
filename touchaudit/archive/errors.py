"""The one error of the archive package, kept apart so importing it costs no warcio import."""
from __future__ import annotations


class ArchiveError(ValueError):
    """An archive that cannot be written or replayed; the message names the file and the problem."""
