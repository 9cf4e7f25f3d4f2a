"""A portfolio run's reports written from the history database: each site's report as its result
arrives (a fleet's follower), then the dashboard and CSV; `touchaudit report RUN --out DIR` does
the same for a run followed elsewhere, detached, or whose folder was deleted.

The list the run was started with (its path is in the run's options) gives each site's name,
report language and file name exactly as a local run would, and its rows that are not web
addresses; without the list, the stored names and each site's own language are used.
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

from touchaudit.history.rows import SiteEntry, StoreError, site_key
from touchaudit.history.store import Store
from touchaudit.output import render_outputs, write_atomic
from touchaudit.portfolio.folders import run_folder
from touchaudit.portfolio.run import PortfolioRun, audit_site, client_branding, report_paths, unauditable
from touchaudit.portfolio.sitelist import Entry

log = logging.getLogger(__name__)
USAGE, RUN_FAILED = 2, 4  # cli.Exit values (not imported: cli imports this module)


class RunReports:
    def __init__(self, run_id: int, out: Path, database: str, entries: list[Entry], lang: str | None, branding: Any,
                 weights: dict[str, float]) -> None:
        self.run = PortfolioRun(run_id, folder=run_folder(out, run_id, database))
        self.lang, self.branding, self.weights = lang, branding, weights
        self.entries = {site_key(e.url): e for e in entries if not e.error}
        self.invalid = [e for e in entries if e.error]
        self.after = 0  # the newest scan id written
        self.written: set[int] = set()  # every scan id written (ids are not committed in their order)

    def write_new(self, store: Store) -> int:
        """Write the reports of the sites stored since the last call; returns how many."""
        written = 0
        while rows := store.run_results_after(self.run.run_id, self.after):
            written += self._write_rows(rows)
            self.after = rows[-1][0]
        return written

    def write_missed(self, store: Store) -> int:
        """Write what `write_new` passed by: a scan committed after a newer id was read (two
        workers' transactions end in any order in PostgreSQL)."""
        missed = [i for i in store.run_scan_ids(self.run.run_id) if i not in self.written]
        return self._write_rows(store.run_results_in(self.run.run_id, missed)) if missed else 0

    def _write_rows(self, rows: list[tuple[int, SiteEntry, dict[str, Any]]]) -> int:
        for scan_id, site, result in rows:
            entry = self.entries.get(site_key(site.url)) or Entry(site.url, site.name, site.tags)
            self._write(entry, result)
            self.written.add(scan_id)
        return len(rows)

    def _write(self, entry: Entry, result: dict[str, Any]) -> None:
        json_path, html_path, md_path = report_paths(self.run.folder / "sites", entry)
        _, files = render_outputs(result, json_path=json_path, html_path=html_path, md_path=md_path,
                                  lang=entry.lang or self.lang, branding=client_branding(self.branding, entry))
        for path, text in files.items():
            write_atomic(path, text)

    def finish(self, store: Store, args: argparse.Namespace) -> list[tuple[Any, dict[str, Any]]]:
        """The rows that are no web address (reports only, as in a local run), then the dashboard and
        CSV; a failure to write them is in `run.lost`."""
        from touchaudit.portfolio.command import write_views

        self.write_new(store)
        self.write_missed(store)
        self.run.invalid = []  # (called again when the database was away)
        for entry in self.invalid:
            json_path, html_path, md_path = report_paths(self.run.folder / "sites", entry)
            result, files = audit_site(unauditable(entry, entry.error or ""), self.weights, json_path, html_path,
                                       entry.lang or self.lang, None, md_path, client_branding(self.branding, entry))
            for path, text in files.items():
                write_atomic(path, text)
            self.run.invalid.append((SiteEntry(entry.url, entry.name, entry.tags), result))
        return write_views(store, self.run, args)


def listed_entries(options: dict[str, Any]) -> list[Entry]:
    """The run's list, when it is still where it was and still lists the same shops."""
    from touchaudit.portfolio.sitelist import SiteListError, fingerprint, read_sites

    path = options.get("path")
    if not path:
        return []
    try:
        entries = read_sites(Path(path))
    except SiteListError as exc:
        log.warning("site names and languages from the database only: %s", exc)
        return []
    if fingerprint(entries) != options.get("list"):
        log.warning("%s lists other shops now: site names and languages from the database only", path)
        return []
    return entries


def add_parser(sub: Any) -> None:
    p = sub.add_parser("report", help="write a portfolio run's site reports, dashboard and CSV from the database")
    p.add_argument("run", type=int, help="the run's number (touchaudit runs lists them)")
    p.add_argument("--db", help="history database: a SQLite file (default ./touchaudit.db) or postgresql://...")
    p.add_argument("--out", type=Path, default=Path("touchaudit-portfolio"), help="folder for reports, dashboard and CSV")
    p.add_argument("--lang", choices=("es", "en"), help="report language (default: each site's)")
    p.add_argument("--brand", metavar="NAME", help="your agency's name on every site's report")
    p.add_argument("--logo", metavar="IMAGE", help="your logo on every site's report")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from touchaudit.history.store import open_store
    from touchaudit.reports.branding import branding
    from touchaudit.writable import check_folder

    check_folder(args.out, "--out")
    brand = branding(args.brand, None, args.logo) or None
    try:
        with open_store(args.db) as store:
            rows = store.runs(1, only=args.run)
            if not rows or rows[0].kind != "portfolio":
                print(f"touchaudit: no portfolio run {args.run} in {store.where}", file=sys.stderr)
                return USAGE
            row = rows[0]
            reports = RunReports(row.id, args.out, store.where, listed_entries(row.options), args.lang, brand,
                                 dict(row.options.get("weights") or {}))
            results = reports.finish(store, argparse.Namespace(out=args.out, lang=args.lang))
            if reports.run.lost:
                where, why = reports.run.lost[0]
                print(f"touchaudit: {where}: {why}", file=sys.stderr)
                return RUN_FAILED
            status = row.status
            if row.options.get("fleet") and status != "done" and row.stored >= int(row.options.get("queued", 0)):
                store.finish_run(row.id, status := "done")  # a detached fleet run: every site is stored
    except StoreError as exc:
        print(f"touchaudit: {exc}", file=sys.stderr)
        return USAGE
    if not args.quiet:
        print(f"run {row.id} ({status}): {len(results)} sites\nreports: {reports.run.folder}\n"
              f"dashboard: {args.out / 'dashboard.html'}\nCSV: {args.out / 'portfolio.csv'}")
    return 0
