"""`touchaudit portfolio LIST --broker …`: a run queued for the fleet, then followed to its end.

The run is an ordinary history run (its options say `fleet`); each message carries a batch of its
sites and the audit options a worker needs, in JSON. Without --detach this process then follows
the run, writes each site's reports as it is stored and, when the last one is, the dashboard and
CSV: only then is the run done, as a local run is. Ctrl-C stops the following, not the run.
"""
from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

from touchaudit.config import AuditOptions, ConfigError
from touchaudit.fleet.settings import FleetSettings, check_broker, check_db, shown
from touchaudit.history.rows import site_key
from touchaudit.portfolio.sitelist import Entry

log = logging.getLogger(__name__)
INTERRUPTED = 130  # cli.Exit.INTERRUPTED


def run_on_fleet(args: argparse.Namespace, entries: list[Entry], base: AuditOptions, brand: Any, say: Any) -> int:
    from touchaudit.history.store import open_store
    from touchaudit.portfolio.command import run_to_continue

    check_broker(args.broker)
    check_db(args.db)
    if args.batch < 1:
        raise ConfigError("--batch must be at least 1")
    try:
        from touchaudit.fleet.application import app, configure
    except ImportError as exc:
        raise ConfigError(f"the fleet needs its extra ({exc.name} is missing): pip install 'touchaudit[fleet]'") from None
    configure(app, FleetSettings(broker=args.broker, db=args.db))
    from redis import RedisError

    from touchaudit.fleet.leases import connect, scope
    from touchaudit.fleet.tally import Tally
    from touchaudit.fleet.tasks import scan_sites
    from touchaudit.fleet.wire import entry_to_wire, options_to_wire

    valid = [e for e in entries if not e.error]
    tally = Tally(connect(args.broker), scope(args.db))
    try:
        tally.client.ping()  # before a run is started that could not be queued
    except RedisError as exc:
        raise ConfigError(f"cannot reach the broker {shown(args.broker)}: {exc}") from None
    with open_store(args.db) as store:
        run_id, done = run_to_continue(store, args, entries, base.budget, say, extra={
            "fleet": True, "queued": len(valid), "cap": args.concurrency, "batch": args.batch,
            "weights": dict(base.weights)})
    tally.forget_lost(run_id)  # a resumed run queues its lost sites again
    todo = [e for e in valid if site_key(e.url) not in done]

    def enqueue(entries: list[Entry]) -> None:
        options = options_to_wire(base)
        with app.producer_or_acquire() as producer:
            for first in range(0, len(entries), args.batch):
                scan_sites.apply_async(kwargs={"run": run_id, "options": options, "cap": args.concurrency,
                                               "sites": [entry_to_wire(e) for e in entries[first:first + args.batch]]},
                                       producer=producer)

    enqueue(todo)
    cap = f", at most {args.concurrency} at a time" if args.concurrency else ""
    say(f"run {run_id}: {len(todo)} sites queued on {shown(args.broker)}{cap}")
    where = f" --db {shown(args.db)}"
    later = (f"`touchaudit runs{where}` shows its progress; `touchaudit report {run_id} --out {args.out}{where}` "
             "writes its reports once its sites are stored")
    if args.detach:
        say(later)
        return 0
    return _follow(args, entries, base, brand, say, run_id, len(done), tally, later, enqueue)


def _follow(args: argparse.Namespace, entries: list[Entry], base: AuditOptions, brand: Any, say: Any, run_id: int,
            skipped: int, tally: Any, later: str, enqueue: Any) -> int:
    from touchaudit.fleet.follow import follow, live_display, worker_lines
    from touchaudit.fleet.keeper import StoreKeeper
    from touchaudit.fleet.sweep import queued_sites
    from touchaudit.portfolio.command import conclude
    from touchaudit.portfolio.report import RunReports

    keeper: StoreKeeper[Any] = StoreKeeper(args.db)
    reports = RunReports(run_id, args.out, keeper.call(lambda s: s.where), entries, args.lang, brand or None, dict(base.weights))
    reports.run.skipped = skipped
    valid = {site_key(e.url): e for e in entries if not e.error}

    def requeue_lost() -> None:
        queued = queued_sites(tally.client, run_id)
        if queued is None:
            return
        missing = set(valid) - queued - keeper.call(lambda s: s.done_urls(run_id))
        if missing:
            log.warning("run %s: the broker lost %d site(s); queued again", run_id, len(missing))
            enqueue([valid[key] for key in sorted(missing)])

    unwritten: list[tuple[str, str]] = []  # a report that could not be written: the run is not done

    def write_new() -> None:
        try:
            keeper.call(reports.write_new)
        except OSError as exc:
            if not unwritten:
                log.error("cannot write %s: %s", exc.filename, exc.strerror or exc)
            unwritten[:] = [(str(exc.filename or args.out), f"cannot write {exc.filename}: {exc.strerror or exc}")]

    def counters() -> Any:
        """The run's counters, without a site given up as lost that is stored after all (a worker
        whose database reply was lost marks it lost; counted twice, the run would end early)."""
        now = tally.read(run_id)
        if now.lost:
            done = keeper.call(lambda s: s.done_urls(run_id))
            now.lost = {site: why for site, why in now.lost.items() if site not in done}
        return now

    try:
        with live_display(len(valid), not (args.no_progress or args.quiet)) as display:
            stored, last, seconds = follow(lambda: keeper.call(lambda s: s.runs(1, only=run_id)[0].stored),
                                           counters, write_new, len(valid), display, requeue_lost)
    except KeyboardInterrupt:
        print(f"stopped following run {run_id}; its sites go on in the fleet: {later}")
        return INTERRUPTED
    run = reports.run
    run.completed = True
    run.lost = sorted(last.lost.items()) + unwritten
    results: list[tuple[Any, dict[str, Any]]] = []
    try:
        results = keeper.call(lambda s: reports.finish(s, args))
        keeper.call(lambda s: s.finish_run(run_id, "failed" if run.lost else "done"))
    except Exception as exc:  # noqa: BLE001 (StoreError after the keeper's waits: the run stays unfinished)
        run.lost.append((shown(args.db), str(exc)))
    finally:
        keeper.close()
    say(f"{stored} sites stored, {last.pages} pages in {seconds:.0f} s ({last.pages / max(seconds, 0.001):.1f} pages/s); "
        "by worker:")
    for line in worker_lines(last):
        say(line)
    if run.lost:
        print(f"touchaudit: run {run_id}: {len(run.lost)} site(s) could not be stored; {later}", file=sys.stderr)
    return conclude(args, entries, run, results, say)
