"""One dated folder per portfolio run, so a nightly scan never overwrites last night's reports.

`--out scans/` holds `scans/2026-11-22_0230_run7/sites/<site>.html|.json|.md` for each run, and
`scans/dashboard.html` and `scans/portfolio.csv` for the latest run, linking into its folder. A
resumed run writes into the folder of the run it continues; `--keep-runs N` deletes the folders of
older runs (the history database keeps their scans; `touchaudit history --prune` trims those).
"""
from __future__ import annotations

import logging
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger(__name__)
_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}_\d{4}_run(\d+)$")


def run_folder(out: Path, run_id: int, now: datetime | None = None) -> Path:
    """The run's folder under `out`: the existing one for a resumed run, else a new dated name."""
    for existing in _run_folders(out):
        if existing[0] == run_id:
            return existing[1]
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%d_%H%M")
    return out / f"{stamp}_run{run_id}"


def prune_run_folders(out: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest run folders; returns what was deleted."""
    doomed = [path for _, path in sorted(_run_folders(out), reverse=True)[max(keep, 1):]]
    for path in doomed:
        log.info("removing old run folder %s", path)
        shutil.rmtree(path)
    return doomed


def _run_folders(out: Path) -> list[tuple[int, Path]]:
    if not out.is_dir():
        return []
    return [(int(m.group(1)), p) for p in out.iterdir() if p.is_dir() and (m := _NAME.match(p.name))]
