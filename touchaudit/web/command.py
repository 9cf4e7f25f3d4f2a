"""`touchaudit serve`: the web app on uvicorn, and `--create-admin NAME` to make its first account."""
from __future__ import annotations

import argparse
import getpass
import logging
import sys
from pathlib import Path
from typing import Any

from touchaudit.reports.i18n import available_languages

log = logging.getLogger(__name__)
USAGE = 2


def add_parser(sub: Any) -> None:
    p = sub.add_parser("serve", help="run the web app (audits, portfolios, JSON API) on this machine")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--db", help="accounts, audits and history: a SQLite file (default ./touchaudit.db) or postgresql://...")
    p.add_argument("--data", type=Path, default=Path("touchaudit-data"), help="folder for the audits' WARC captures")
    p.add_argument("--broker", help="hand audits and portfolio runs to a fleet of `touchaudit worker`s (redis://…; "
                   "needs --db postgresql://…)")
    p.add_argument("--workers", type=int, default=2, help="audits running at once on this machine (default 2)")
    p.add_argument("--max-queue", type=int, default=50, help="audits waiting at most, in total (default 50)")
    p.add_argument("--per-user", type=int, default=5, help="audits queued or running per account (default 5)")
    p.add_argument("--budget", type=int, default=40, help="pages per audit at most (default 40)")
    p.add_argument("--lang", choices=available_languages(), default="en",
                   help="pages' language when the visitor's browser asks for none of these (default en)")
    p.add_argument("--allow-private", action="store_true",
                   help="also audit private, loopback and link-local addresses (tests, intranets; never on a public host)")
    p.add_argument("--secure-cookies", action="store_true", help="mark cookies Secure (behind HTTPS)")
    p.add_argument("--create-admin", metavar="NAME", help="create an administrator account and exit "
                   "(password from TOUCHAUDIT_ADMIN_PASSWORD, else asked for)")
    p.add_argument("--create-user", metavar="NAME", help="create an account with --role and exit")
    p.add_argument("--role", choices=("viewer", "editor", "admin"), default="viewer", help="role for --create-user")


def _password(name: str) -> str:
    from touchaudit.web.accounts import password_from_environment

    found = password_from_environment()
    if found:
        return found
    if not sys.stdin.isatty():
        raise ValueError("no password: set TOUCHAUDIT_ADMIN_PASSWORD or run in a terminal to be asked")
    first = getpass.getpass(f"password for {name}: ")
    if first != getpass.getpass("again: "):
        raise ValueError("the two passwords differ")
    return first


def run(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from touchaudit.web.accounts import AccountError, create_account
        from touchaudit.web.store import open_web_store
    except ImportError as exc:
        print(f"touchaudit: the web app needs its extra ({exc.name} is missing): pip install 'touchaudit[web]'", file=sys.stderr)
        return USAGE
    if args.broker:
        from touchaudit.config import ConfigError
        from touchaudit.fleet.settings import check_broker, check_db

        try:
            check_broker(args.broker)
            check_db(args.db)
            import celery  # noqa: F401
        except ConfigError as exc:
            print(f"touchaudit: {exc}", file=sys.stderr)
            return USAGE
        except ImportError:
            print("touchaudit: --broker needs the fleet's extra: pip install 'touchaudit[fleet]'", file=sys.stderr)
            return USAGE
    from touchaudit.fleet.settings import shown
    from touchaudit.history.rows import StoreError

    try:
        store = open_web_store(args.db)
    except StoreError as exc:
        print(f"touchaudit: {exc}", file=sys.stderr)
        return USAGE
    name, role = (args.create_admin, "admin") if args.create_admin else (args.create_user, args.role)
    if name:
        try:
            user = create_account(store, name, _password(name), role)
        except (AccountError, ValueError) as exc:
            print(f"touchaudit: {exc}", file=sys.stderr)
            return USAGE
        finally:
            store.close()
        print(f"account {user.name} created ({user.role}) in {store.where}")
        return 0
    if store.count_users() == 0:
        print("touchaudit: no account yet: create one with `touchaudit serve --create-admin NAME"
              + (f" --db {shown(args.db)}" if args.db else "") + "` (password from TOUCHAUDIT_ADMIN_PASSWORD)", file=sys.stderr)
    from touchaudit.web.app import create_app
    from touchaudit.web.settings import ServerSettings

    settings = ServerSettings(db=args.db, data_dir=args.data, allow_private=args.allow_private, workers=args.workers,
                              max_queue=args.max_queue, per_user=args.per_user, budget=args.budget,
                              secure_cookies=args.secure_cookies, broker=args.broker, lang=args.lang)
    if args.allow_private:
        print("touchaudit: --allow-private: this server will crawl private and loopback addresses", file=sys.stderr)
    print(f"touchaudit: serving on http://{args.host}:{args.port}/ (API docs at /docs)", flush=True)
    uvicorn.run(create_app(settings, store), host=args.host, port=args.port, log_level="warning",
                proxy_headers=False, timeout_graceful_shutdown=5)
    return 0
