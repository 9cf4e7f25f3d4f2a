"""Run folders under one --out shared by two databases: a run continues only its own database's
folder, and --keep-runs deletes only its own database's old folders (never an unmarked one)."""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from touchaudit.portfolio.folders import MARKER, prune_run_folders, run_folder


def at(day: int) -> datetime:
    return datetime(2026, 11, day, 2, 30, tzinfo=UTC)


def test_two_databases_share_an_out_folder_without_touching_each_others_runs(tmp_path: Path, monkeypatch: Any) -> None:
    out = tmp_path / "scans"
    nightly, trial = str(tmp_path / "nightly.db"), "postgresql://audit@db.lan/touchaudit"
    first = run_folder(out, 1, nightly, at(1))
    theirs = run_folder(out, 1, trial, at(1))  # the same run id, the same minute, another database
    assert first.name == "2026-11-01_0230_run1" and theirs.name == "2026-11-01_0230_run1-2"
    assert run_folder(out, 1, nightly, at(9)) == first  # a resumed run continues its own folder
    monkeypatch.chdir(tmp_path)
    assert run_folder(out, 1, "nightly.db", at(9)) == first  # the same file named from its folder
    assert run_folder(out, 1, trial, at(9)) == theirs
    legacy = out / "2026-10-30_0230_run1"  # written by a version without markers
    legacy.mkdir()
    later = [run_folder(out, n, nightly, at(n)) for n in (2, 3, 4)]
    assert run_folder(out, 2, trial, at(5)).name == "2026-11-05_0230_run2"

    assert prune_run_folders(out, 2, later[-1]) == [later[0], first]  # the two oldest of this database
    assert sorted(p.name for p in out.iterdir()) == ["2026-10-30_0230_run1", "2026-11-01_0230_run1-2",
                                                     "2026-11-03_0230_run3", "2026-11-04_0230_run4",
                                                     "2026-11-05_0230_run2"]
    assert prune_run_folders(out, 1, legacy) == []  # a folder of unknown origin decides nothing
    assert "nightly" not in (later[-1] / MARKER).read_text("utf-8")  # a hash, never the address
