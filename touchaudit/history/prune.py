"""`touchaudit history --prune --keep 90d`: drop old scans so a nightly portfolio's database does not
grow forever.

`--keep 90d` (or `12w`) removes scans that finished before that age, except each site's newest scan,
so the next scan still has something to compare with; `--keep 5` keeps each site's five newest
scans. Finished runs left without scans go too; sites always keep at least one scan.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from touchaudit.history.rows import StoreError
from touchaudit.history.store import Store

_AGE = re.compile(r"^\s*(\d+)\s*([dw])\s*$", re.I)
_RANKED = ("SELECT id FROM (SELECT id, finished_at, ROW_NUMBER() OVER"
           " (PARTITION BY site_id ORDER BY finished_at DESC, id DESC) AS n FROM scans) ranked WHERE n > ?")


@dataclass(frozen=True)
class Keep:
    age: timedelta | None = None  # keep scans younger than this (and each site's newest)
    count: int | None = None  # or: keep each site's newest `count` scans

    def __str__(self) -> str:
        if self.age is not None:
            return f"scans older than {self.age.days} days (each site keeps its newest)"
        return f"all but each site's newest {self.count} scan" + ("" if self.count == 1 else "s")


@dataclass(frozen=True)
class Pruned:
    scans: int
    runs: int


def parse_keep(text: str) -> Keep:
    """`90d`, `12w` or a number of scans per site; a usage error otherwise."""
    age = _AGE.match(text)
    if age:
        days = int(age[1]) * (7 if age[2].lower() == "w" else 1)
        if days < 1:
            raise StoreError("--keep needs at least 1 day")
        return Keep(age=timedelta(days=days))
    if text.strip().isdigit() and int(text) >= 1:
        return Keep(count=int(text))
    raise StoreError(f"--keep takes an age such as 90d or 12w, or a number of scans per site, not {text!r}")


def prune(store: Store, keep: Keep, now: datetime | None = None) -> Pruned:
    """Delete what `keep` does not keep, in one transaction."""
    params: tuple[object, ...]
    doomed, params = _RANKED, (keep.count or 1,)
    if keep.age is not None:
        cutoff = ((now or datetime.now(UTC)) - keep.age).strftime("%Y-%m-%dT%H:%M:%SZ")
        doomed, params = _RANKED + " AND finished_at < ?", (1, cutoff)
    sql = store._dialect.sql
    with store._write() as conn:
        scans = conn.execute(sql(f"DELETE FROM scans WHERE id IN ({doomed})"), params).rowcount
        runs = conn.execute(sql("DELETE FROM runs WHERE status = 'done'"
                                " AND NOT EXISTS (SELECT 1 FROM scans WHERE scans.run_id = runs.id)")).rowcount
    return Pruned(int(scans), int(runs))
