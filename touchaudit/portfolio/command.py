"""`touchaudit portfolio LIST`: scan every shop of a list, store the scans, write the dashboard."""
from __future__ import annotations

import argparse
import shlex
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from touchaudit.config import AuditOptions, ConfigError, build, config_path, load_file
from touchaudit.crawl import ProgressHook
from touchaudit.portfolio.sitelist import SiteListError
from touchaudit.render import flags as render_flags
from touchaudit.reports.i18n import available_languages


def add_parser(sub: Any) -> None:
    p = sub.add_parser("portfolio", help="scan a list of shops (CSV or one URL per line) with history")
    p.add_argument("sites", type=Path, help="CSV with a url column (name, tags, lang, country optional) or a plain list")
    p.add_argument("--db", help="where scans are stored: a SQLite file (default ./touchaudit.db) or postgresql://...")
    p.add_argument("--out", type=Path, default=Path("touchaudit-portfolio"), help="folder for reports, dashboard and CSV")
    p.add_argument("--concurrency", type=int, help="sites crawled at the same time (default 8; with --broker: "
                   "across the whole fleet, default no cap)")
    p.add_argument("--budget", type=int, help="pages per site (default 40)")
    p.add_argument("--timeout", type=float, help="seconds per request (default 20)")
    p.add_argument("--site-timeout", type=float, help="seconds per site (default 300)")
    p.add_argument("--lang", choices=available_languages(), help="report language (default: each site's)")
    p.add_argument("--ignore-robots", action="store_true", default=None)
    p.add_argument("--resume", action="store_true", help="continue the last interrupted run with the sites not yet done")
    p.add_argument("--fail-under", type=int, metavar="N", help="exit 1 when any site scores under N")
    p.add_argument("--fail-on-regression", action="store_true", help="exit 1 when any site got worse since its previous scan")
    p.add_argument("--keep-runs", type=int, metavar="N", help="keep the report folders of the last N runs only (default: all)")
    p.add_argument("--brand", metavar="NAME", help="your agency's name on every site's report")
    p.add_argument("--logo", metavar="IMAGE", help="your logo on every site's report (PNG, JPEG, GIF, WebP or SVG)")
    p.add_argument("--config", type=Path)
    p.add_argument("--no-progress", action="store_true")
    p.add_argument("--broker", help="queue the run for a fleet of `touchaudit worker`s: redis://… (needs --db postgresql://…)")
    p.add_argument("--detach", action="store_true", help="with --broker: return once the run is queued")
    p.add_argument("--batch", type=int, default=1, help="with --broker: sites per queued task (default 1)")
    render_flags.add_flags(p)


@contextmanager
def _progress(total: int, enabled: bool) -> Iterator[tuple[ProgressHook | None, Any]]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield None, lambda: None
        return
    start = time.monotonic()
    counts = {"pages": 0, "errors": 0}
    with Progress(TextColumn("sites"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]} pages/s"),
                  TextColumn("errors: {task.fields[errors]}"), TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("sites", total=total, rate="0.0", errors=0)

        def hook(kind: str, item: Any) -> None:
            counts["pages" if kind == "page" else "errors"] += 1
            rate = counts["pages"] / max(time.monotonic() - start, 0.001)
            bar.update(task, rate=f"{rate:.1f}", errors=counts["errors"])

        yield hook, lambda: bar.advance(task)


RUN_FAILED, INTERRUPTED = 4, 130  # cli.Exit values (not imported: cli imports this module)


def run(args: argparse.Namespace) -> int:
    from touchaudit.history import StoreError, open_store
    from touchaudit.portfolio.run import fewer_collections, run_portfolio
    from touchaudit.portfolio.sitelist import read_sites
    from touchaudit.reports.branding import branding
    from touchaudit.writable import check_folder

    entries = read_sites(args.sites)
    config = config_path(args.config)
    base: AuditOptions = build(load_file(config) if config else {}, {
        "budget": args.budget, "timeout": args.timeout, "site_timeout": args.site_timeout,
        "lang": args.lang, "ignore_robots": args.ignore_robots, **render_flags.flag_values(args)})
    if args.concurrency is not None and args.concurrency < 1:
        raise ConfigError("--concurrency must be at least 1")
    if args.keep_runs is not None and args.keep_runs < 1:
        raise ConfigError("--keep-runs must be at least 1")
    check_folder(args.out, "--out")
    brand = branding(args.brand, None, args.logo)

    def say(text: str) -> None:
        if not args.quiet:
            print(text)

    if (args.detach or args.batch != 1) and not args.broker:
        raise ConfigError("--detach and --batch queue a run for a fleet: they need --broker")
    if args.broker:
        from touchaudit.fleet.submit import run_on_fleet

        return run_on_fleet(args, entries, base, brand, say)
    with open_store(args.db) as store:
        run_id, done = run_to_continue(store, args, entries, base.budget, say)
        with _progress(len(entries), not (args.no_progress or args.quiet)) as (hook, advance):
            fewer_collections()  # this process runs the reactor for the whole scan
            run = run_portfolio(entries, base, store, args.out, run_id=run_id, done=done, concurrency=args.concurrency or 8,
                                progress=hook, on_site=lambda _: advance(), branding=brand or None)
        results: list[tuple[Any, dict[str, Any]]] = []
        try:
            results = write_views(store, run, args)
            status = "failed" if run.lost else "interrupted" if run.interrupted else "done"
            store.finish_run(run.run_id, status)  # "done" only once the dashboard and CSV are written
        except StoreError as exc:  # the database went away during the run: it stays unfinished
            run.lost.append((store.where, str(exc)))
    return conclude(args, entries, run, results, say)


def conclude(args: argparse.Namespace, entries: list[Any], run: Any, results: list[tuple[Any, dict[str, Any]]],
             say: Any) -> int:
    """The run's summary, its resume hint when not done, and the exit code (a local run or a fleet's)."""
    from touchaudit.portfolio.changes import regressed, regression_line
    from touchaudit.portfolio.folders import prune_run_folders
    from touchaudit.reports.terminal import portfolio_lines, under_line

    if args.keep_runs is not None and not run.interrupted and not run.lost:
        prune_run_folders(args.out, args.keep_runs, run.folder)
    statuses = [r["scan"]["status"] for _, r in results]
    bad = sum(1 for s in statuses if s in ("unreachable", "blocked", "error"))
    say(portfolio_lines(args.lang or "en", len(results), len(entries), run.skipped, bad, run.run_id,
                        (run.folder, args.out / "dashboard.html", args.out / "portfolio.csv")))
    hint = resume_command(args)
    if run.lost:
        url, why = run.lost[0]
        others = f" (and {len(run.lost) - 1} more)" if len(run.lost) > 1 else ""
        print(f"touchaudit: the run is not done: {url}{others}: {why}", file=sys.stderr)
        print(f"once that is fixed, run `{hint}` to finish it")
        return RUN_FAILED
    if run.interrupted:
        print(f"interrupted: run `{hint}` to scan the rest")
        return INTERRUPTED
    low = [e.url for e, r in results if args.fail_under is not None and r.get("score") is not None and r["score"] < args.fail_under]
    for url in low:
        print(under_line(args.lang or "en", args.fail_under, url))
    worse = [(e, r) for e, r in results if regressed(r)]
    for entry, result in worse:
        print(regression_line(entry.url, entry.name, result, args.lang or "en"))
    return 1 if low or (args.fail_on_regression and worse) else 0


def run_to_continue(store: Any, args: argparse.Namespace, entries: list[Any], budget: int,
                    say: Any, extra: dict[str, Any] | None = None) -> tuple[int, set[str]]:
    """(run id, site keys already stored in it): the interrupted run with --resume, else a new run.
    A run is only continued with the list it was started with: two lists never mix in one run."""
    from touchaudit.portfolio.sitelist import fingerprint

    listed = fingerprint(entries)
    if args.resume:
        resume = store.last_unfinished_run("portfolio")
        if resume is None:
            say("touchaudit: nothing to resume; starting a new run")
        else:
            options = store.run_options(resume)
            if options.get("list", listed) != listed:
                raise SiteListError(f"--resume: the unfinished run {resume} scanned another list "
                                    f"({options.get('path') or 'unknown file'}, {options.get('sites')} sites), "
                                    f"not {args.sites}; give that list, or leave out --resume to start a new run")
            done = store.done_urls(resume)
            say(f"resuming run {resume}: {len(done)} of {options.get('sites', len(entries))} sites already done")
            return resume, done
    return store.start_run("portfolio", {"sites": len(entries), "budget": budget,
                                         "list": listed, "path": str(args.sites), **(extra or {})}), set()


def write_views(store: Any, run: Any, args: argparse.Namespace) -> list[tuple[Any, dict[str, Any]]]:
    """The CSV and the dashboard from what the store holds for the run; a failure to write them is
    the run's failure too (recorded in run.lost, so the run is not marked done)."""
    from itertools import chain

    from touchaudit.output import report_stem, write_atomic
    from touchaudit.portfolio.export import portfolio_csv
    from touchaudit.portfolio.summary import summary
    from touchaudit.registry import all_checks
    from touchaudit.reports.dashboard import render_dashboard

    results = [(entry, summary(result)) for entry, result in chain(store.run_results(run.run_id), run.invalid)]
    reports = run.folder.relative_to(args.out).as_posix() + "/sites"
    rows = [({"url": e.url, "name": e.name, "tags": e.tags, "report": f"{reports}/{report_stem(e.url, e.name)}.html"}, r)
            for e, r in results]
    try:
        write_atomic(args.out / "portfolio.csv", portfolio_csv(rows, [c.meta.id for c in all_checks()], args.lang or "en"))
        write_atomic(args.out / "dashboard.html", render_dashboard(results, store, args.lang or "en", reports))
    except OSError as exc:
        run.lost.append((str(args.out), f"cannot write {exc.filename}: {exc.strerror or exc}"))
    return results


def resume_command(args: argparse.Namespace) -> str:
    """The command that continues this run, with the flags that say where it lives (a password in a
    URL shown as ***: never printed)."""
    from touchaudit.fleet.settings import shown

    words = ["touchaudit", "portfolio", str(args.sites)]
    if args.db:
        words += ["--db", shown(args.db)]
    if args.broker:
        words += ["--broker", shown(args.broker)]
    words += ["--out", str(args.out)]
    if args.config:
        words += ["--config", str(args.config)]
    return shlex.join([*words, "--resume"])
