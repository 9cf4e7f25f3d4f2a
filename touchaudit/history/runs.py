"""`touchaudit runs`: the runs a history database holds, newest first, with their state and how
many of their sites are stored (a fleet's run is followed from any machine this way)."""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from touchaudit.history.rows import RunRow, StoreError
from touchaudit.history.story import when

DONE, USAGE = 0, 2  # cli.Exit values (not imported: cli imports this module)


def add_parser(sub: Any) -> None:
    p = sub.add_parser("runs", help="list the runs of a history database and their state")
    p.add_argument("--db", help="history database: a SQLite file (default ./touchaudit.db) or postgresql://...")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="runs to list (default 20)")
    p.add_argument("--json", action="store_true", help="print the runs as JSON")
    p.set_defaults(handler=run)


def total(row: RunRow) -> int | None:
    """Sites the run set out to store: a fleet run's queued sites, a local run's valid list rows."""
    value = row.options.get("queued", row.options.get("sites"))
    return int(value) if value is not None else None


def run(args: argparse.Namespace) -> int:
    from touchaudit.history.store import open_store

    try:
        with open_store(args.db, create=False) as store:
            rows = store.runs(args.limit)
    except StoreError as exc:
        print(f"touchaudit: {exc}", file=sys.stderr)
        return USAGE
    if args.json:
        print(json.dumps([{"id": r.id, "kind": r.kind, "status": r.status, "started_at": r.started_at,
                           "finished_at": r.finished_at, "stored": r.stored, "total": total(r),
                           "fleet": bool(r.options.get("fleet"))} for r in rows], indent=2))
        return DONE
    if not rows:
        print("no runs yet")
        return DONE
    print(f"{'run':>5}  {'kind':17}  {'status':11}  {'sites':>11}  {'started':17}  finished")
    for r in rows:
        sites = f"{r.stored}/{total(r)}" if total(r) is not None else str(r.stored)
        kind = r.kind + (" (fleet)" if r.options.get("fleet") else "")
        print(f"{r.id:>5}  {kind:17}  {r.status:11}  {sites:>11}  {when(r.started_at):17}  "
              f"{when(r.finished_at) if r.finished_at else '-'}")
    return DONE
