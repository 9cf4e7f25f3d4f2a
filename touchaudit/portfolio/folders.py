"""One dated folder per portfolio run, so a nightly scan never overwrites last night's reports.

`--out scans/` holds `scans/2026-11-22_0230_run7/sites/<site>.html|.json|.md` for each run, and
`scans/dashboard.html` and `scans/portfolio.csv` for the latest run, linking into its folder. A
resumed run writes into the folder of the run it continues; `--keep-runs N` deletes the folders of
older runs (the history database keeps their scans; `touchaudit history --prune` trims those).

Run ids are per database, and two databases may share one `--out` (a test database beside the
nightly one, a fleet's PostgreSQL beside a laptop's SQLite): each folder holds a small marker
naming its run and its database (a hash, never the address), so a run only continues its own
database's folder and `--keep-runs` only deletes folders of the same database. A folder without a
marker (written by an older version) is never reused nor deleted.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger(__name__)
_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2}_\d{4})_run(\d+)(?:-\d+)?$")
MARKER = ".touchaudit-run.json"


def database_tag(where: str) -> str:
    """A database's identity as a short hash: a SQLite file by its absolute path, a server by its
    password-free address (the store's `where`)."""
    ident = where if "://" in where else str(Path(where).expanduser().resolve())
    return hashlib.sha256(ident.encode("utf-8")).hexdigest()[:16]


def run_folder(out: Path, run_id: int, database: str, now: datetime | None = None) -> Path:
    """The run's folder under `out`, made and marked: the existing one of a resumed run of the same
    database, else a new dated name."""
    tag = database_tag(database)
    for stamp, number, path in _run_folders(out):
        if number == run_id and _marker(path) == {"run": run_id, "database": tag}:
            return path
    name = f"{(now or datetime.now(UTC)).strftime('%Y-%m-%d_%H%M')}_run{run_id}"
    folder, n = out / name, 1
    while folder.exists():  # another database's run of the same id, started the same minute
        n += 1
        folder = out / f"{name}-{n}"
    folder.mkdir(parents=True)
    (folder / MARKER).write_text(json.dumps({"run": run_id, "database": tag}), "utf-8")
    return folder


def prune_run_folders(out: Path, keep: int, current: Path) -> list[Path]:
    """Delete all but the `keep` newest run folders of `current`'s database; returns what was deleted."""
    mine = _marker(current).get("database")
    if not mine:
        return []
    same = [(stamp, number, path) for stamp, number, path in _run_folders(out)
            if path == current or _marker(path).get("database") == mine]
    doomed = [path for _, _, path in sorted(same, reverse=True)[max(keep, 1):] if path != current]
    for path in doomed:
        log.info("removing old run folder %s", path)
        shutil.rmtree(path)
    return doomed


def _marker(folder: Path) -> dict[str, object]:
    try:
        data = json.loads((folder / MARKER).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _run_folders(out: Path) -> list[tuple[str, int, Path]]:
    """(date stamp, run id, path) of each run folder under `out`."""
    if not out.is_dir():
        return []
    return [(m.group(1), int(m.group(2)), p) for p in out.iterdir() if p.is_dir() and (m := _NAME.match(p.name))]
