"""`touchaudit worker`: a Celery worker with the fleet's options (`celery -A touchaudit.fleet worker`
with TOUCHAUDIT_BROKER and TOUCHAUDIT_DB set works the same)."""
from __future__ import annotations

import argparse
import socket
import sys
from typing import Any

USAGE = 2  # cli.Exit.USAGE (not imported: cli imports this module)


def add_parser(sub: Any) -> None:
    p = sub.add_parser("worker", help="scan sites for portfolio runs and web audits queued on a broker (a fleet)")
    p.add_argument("--broker", help="the queue: redis://[:password@]host:6379/0 (default $TOUCHAUDIT_BROKER)")
    p.add_argument("--db", help="the shared history database: postgresql://… (default $TOUCHAUDIT_DB)")
    p.add_argument("--concurrency", type=int, help="sites crawled at once by this worker (default 8)")
    p.add_argument("--site-timeout", type=float, help="the longest any run may give one site, in seconds (default 300)")
    p.add_argument("--visibility-timeout", type=float, metavar="S",
                   help="seconds before a site whose worker went silent is handed out again (default: site timeout + 300)")
    p.add_argument("--max-deaths", type=int, metavar="N",
                   help="a site whose scan ended its worker N times is stored as error, not tried again (default 3)")
    p.add_argument("--grace", type=float, metavar="S", help="after Ctrl-C, seconds to finish the sites in flight "
                   "before they go back to the queue (default 30; a second Ctrl-C: at once)")
    p.add_argument("--name", help="this worker's name in progress reports and Flower (default touchaudit@HOST)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from touchaudit.config import ConfigError
    from touchaudit.fleet.settings import FleetSettings, shown
    from touchaudit.history.dialect import describe_postgres

    given = {"broker": args.broker, "db": args.db, "concurrency": args.concurrency, "site_timeout": args.site_timeout,
             "visibility_timeout": args.visibility_timeout, "max_deaths": args.max_deaths, "grace": args.grace}
    try:
        settings = replace(FleetSettings.from_env(), **{k: v for k, v in given.items() if v is not None}).check()
    except ConfigError as exc:
        print(f"touchaudit: {exc}", file=sys.stderr)
        return USAGE
    try:
        from touchaudit.fleet.application import app, configure
        from touchaudit.fleet.application import AUDITS_QUEUE, SITES_QUEUE
    except ImportError as exc:
        print(f"touchaudit: the fleet needs its extra ({exc.name} is missing): pip install 'touchaudit[fleet]'",
              file=sys.stderr)
        return USAGE
    configure(app, settings)
    name = args.name or f"touchaudit@{socket.gethostname()}"
    assert settings.db
    if not args.quiet:
        print(f"touchaudit worker {name}: broker {shown(settings.broker)}, database {describe_postgres(settings.db)}, "
              f"{settings.concurrency} sites at a time, visibility timeout {settings.visibility:g} s", flush=True)
    import touchaudit.fleet.tasks  # noqa: F401  (registers the tasks)
    from celery import signals

    asked: list[str] = []  # the signal that asked this worker to stop

    @signals.worker_ready.connect(weak=False)
    def ready(**_: Any) -> None:
        if not args.quiet:
            print(f"touchaudit worker {name}: ready", flush=True)

    @signals.worker_shutting_down.connect(weak=False)
    def stopping(sig: str = "", **_: Any) -> None:
        asked.append(sig)

    worker = app.Worker(hostname=name, pool_cls="touchaudit.fleet.threads:TaskPool", concurrency=settings.concurrency,
                        queues=[SITES_QUEUE, AUDITS_QUEUE], loglevel="INFO" if args.verbose else "WARNING",
                        quiet=bool(args.quiet), without_mingle=True)
    worker.start()
    # Ctrl-C or SIGTERM is how a worker is stopped: its sites were finished or given back (Celery
    # itself exits 1 after a SIGINT)
    return 0 if asked else int(worker.exitcode or 0)
