"""`touchaudit history URL`: a shop's saved scans and what changed between the last two.

Kept out of cli.py so the history package owns its command; cli.py wires it with
`add_parser(sub)` and dispatches `args.command == "history"` to `run(args)`, which prints and
returns the exit code (0 done, 2 usage: unknown site or unusable database — cli.Exit's values).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Mapping
from typing import Any

from touchaudit.history import phrases as P
from touchaudit.history.diff import Diff, diff
from touchaudit.history.rows import ScanRow, StoreError, site_key
from touchaudit.history.store import Store, open_store
from touchaudit.history.story import story, terminal_lines, titles_of, when
from touchaudit.reports import i18n as L
from touchaudit.reports.i18n import available_languages, get_translations, resolve_language

DONE, USAGE = 0, 2  # cli.Exit.DONE, cli.Exit.USAGE (not imported: cli imports this module)


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser("history", help="a shop's saved scans and what changed since the previous one")
    p.add_argument("url", nargs="?", help="the shop's address, as it was audited")
    p.add_argument("--db", metavar="TARGET",
                   help="history database: a SQLite file (default ./touchaudit.db) or postgresql://…")
    p.add_argument("--json", action="store_true", help="print the scans and the changes as JSON")
    p.add_argument("--lang", choices=available_languages(), help="language of the changes (default: the site's)")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="scans to list (default 20)")
    p.add_argument("--prune", action="store_true", help="remove old scans from the database (with --keep)")
    p.add_argument("--keep", metavar="AGE|N", help="with --prune: keep 90d (days) or 12w (weeks) of scans, or N per site")


def run(args: argparse.Namespace) -> int:
    if args.prune or args.keep:
        return _prune(args)
    if not args.url:
        print("touchaudit: history needs the shop's address (or --prune --keep AGE)", file=sys.stderr)
        return USAGE
    try:
        with open_store(args.db, create=False) as store:
            found = _find(store, args.url, max(2, args.limit))
            if found is None:
                unknown = P.say(args.lang or "en", P.UNKNOWN_SITE, url=args.url, where=store.where)
                print(f"touchaudit: {unknown}", file=sys.stderr)
                return USAGE
            key, rows = found
            previous, latest = store.latest_pair(key)
    except StoreError as exc:
        print(f"touchaudit: {exc}", file=sys.stderr)
        return USAGE
    changes = diff(previous, latest) if previous is not None and latest is not None else None
    shown = rows[: max(1, args.limit)]
    if args.json:
        print(json.dumps({
            "url": key,
            "scans": [dataclasses.asdict(r) for r in shown],
            "diff": changes.as_dict() if changes else None,
        }, ensure_ascii=False, indent=2))
        return DONE
    lang = args.lang or resolve_language(((latest or {}).get("site") or {}).get("language"))
    print("\n".join(_lines(key, shown, rows, changes, previous, latest, lang)))
    return DONE


def _prune(args: argparse.Namespace) -> int:
    from touchaudit.history.prune import parse_keep, prune

    if not (args.prune and args.keep):
        print("touchaudit: --prune and --keep go together: touchaudit history --prune --keep 90d", file=sys.stderr)
        return USAGE
    if args.url:
        print("touchaudit: --prune works on the whole database; leave out the address", file=sys.stderr)
        return USAGE
    try:
        keep = parse_keep(args.keep)
        with open_store(args.db, create=False):  # an existing touchaudit database, read-only first
            pass
        with open_store(args.db) as store:  # then written: pruning deletes scans
            pruned = prune(store, keep)
    except StoreError as exc:
        print(f"touchaudit: {exc}", file=sys.stderr)
        return USAGE
    if not args.quiet:
        print(f"{store.where}: {pruned.scans} scan(s) removed, {keep}; {pruned.runs} empty run(s) removed")
    return DONE


def _find(store: Store, url: str, limit: int) -> tuple[str, list[ScanRow]] | None:
    """The site's key and scans; an address typed without scheme may have been audited over http."""
    keys = [site_key(url)]
    if "://" not in url:
        keys.append(site_key("http://" + url.strip()))
    for key in keys:
        rows = store.scans(key, limit)
        if rows:
            return key, rows
    return None


def _lines(key: str, shown: list[ScanRow], rows: list[ScanRow], changes: Diff | None,
           previous: Mapping[str, Any] | None, latest: Mapping[str, Any] | None, lang: str) -> list[str]:
    t = get_translations(lang)
    out = [str(t.ngettext(*P.HEADING, len(shown))) % {"url": key, "n": len(shown)}]
    for row in shown:
        score = P.NO_SCORE if row.score is None else str(row.score)
        status = t.gettext(L.SCAN_LABELS[row.status]) if row.status in L.SCAN_LABELS else row.status
        out.append("  " + P.say(lang, P.ROW, when=when(row.finished_at), score=f"{score:>5}", status=status))
    if changes is None:
        out.append(P.say(lang, P.ONLY_ONE))
        return out
    out.append(P.say(lang, P.CHANGES, when=when(rows[1].finished_at)))
    out.extend(terminal_lines(story(changes.as_dict(), titles_of(previous, latest, lang=lang), lang)))
    if changes.regressed:
        out.append(P.say(lang, P.REGRESSED))
    return out
