"""touchaudit: audit whether an online shop still feels like a person is behind it."""
from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"

# In an installed wheel, checks/ spiders/ reports/ live inside this package (pyproject's
# package-dir mapping).  In a source checkout they are siblings of this folder; adding the
# checkout root to __path__ makes ``touchaudit.checks`` resolve to the same files there, so
# ``scrapy crawl`` from the repository root and the tests see one copy of every module.
_root = Path(__path__[0]).resolve().parent  # type: ignore[name-defined]
if (_root / "pyproject.toml").is_file() and (_root / "checks").is_dir():
    __path__.append(str(_root))  # type: ignore[name-defined]


def __getattr__(name: str) -> object:
    """`from touchaudit import audit, audit_async`: the Python API, imported on first use so the
    command line does not pay for it."""
    if name in ("audit", "audit_async", "AuditError"):
        from touchaudit import api

        return getattr(api, name)
    raise AttributeError(f"module 'touchaudit' has no attribute {name!r}")
