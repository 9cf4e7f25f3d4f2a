"""Command line: the only code that prints results or decides the exit code."""
from __future__ import annotations

import argparse
import logging
import sys
from enum import IntEnum
from importlib import resources
from pathlib import Path
from typing import Any, Sequence
from urllib.parse import urlsplit

from touchaudit import __version__
from touchaudit.archive.errors import ArchiveError
from touchaudit.history.store import StoreError
from touchaudit.portfolio.sitelist import SiteListError
from touchaudit.config import AuditOptions, ConfigError, build, config_path, load_file
from touchaudit.sites import UrlError, check_start_url

log = logging.getLogger("touchaudit")
NOT_AUDITABLE = ("unreachable", "blocked", "error")


class Exit(IntEnum):
    DONE = 0
    UNDER_THRESHOLD = 1
    USAGE = 2
    NOT_AUDITABLE = 3
    RUN_FAILED = 4  # a portfolio run that could not store or write everything: --resume finishes it
    INTERRUPTED = 130


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line on stderr, exit 2
        self.exit(Exit.USAGE, f"touchaudit: {message}\n")


def _audit_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", type=Path, help="write the HTML scorecard here")
    p.add_argument("--json", type=Path, help="write the JSON result here")
    p.add_argument("--md", type=Path, metavar="PATH", help="also write a Markdown summary here (for e-mail or tickets)")
    p.add_argument("--lang", choices=("es", "en"), help="report language (default: the site's)")
    p.add_argument("--country", help="two-letter country for national phone numbers (default: guessed)")
    p.add_argument("--budget", type=int, help="pages to fetch at most (default 40)")
    p.add_argument("--timeout", type=float, help="seconds per request (default 20)")
    p.add_argument("--site-timeout", type=float, help="seconds for the whole site (default 300)")
    p.add_argument("--ignore-robots", action="store_true", default=None, help="do not obey robots.txt (noted in the report)")
    p.add_argument("--fail-under", type=int, metavar="N", help="exit 1 when the score is under N")
    p.add_argument("--config", type=Path, help="touchaudit.toml with an [audit] table")
    p.add_argument("--no-progress", action="store_true", help="no progress display")


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="touchaudit", description="Audit the personal touch of an online shop.")
    p.add_argument("--version", action="version", version=f"touchaudit {__version__}")
    p.add_argument("--traceback", action="store_true", help="show the full story of an error")
    p.add_argument("-v", "--verbose", action="store_true", help="log the crawl as it happens")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    audit = sub.add_parser("audit", help="crawl a shop and write its scorecard")
    audit.add_argument("url", help="the shop's address, e.g. https://shop.example/")
    _audit_flags(audit)
    audit.add_argument("--archive", type=Path, metavar="PATH",
                       help="also record every request and response into this WARC file (.warc.gz)")
    audit.add_argument("--replay", type=Path, metavar="PATH",
                       help="crawl this WARC file instead of the network (an earlier --archive)")
    demo = sub.add_parser("demo", help="serve the built-in demo shop on 127.0.0.1 and audit it")
    _audit_flags(demo)
    checks = sub.add_parser("checks", help="list the checks, or explain one")
    checks.add_argument("--explain", metavar="ID", help="print one check's catalogue entry")
    from touchaudit.history import command as history_command
    from touchaudit.portfolio import command as portfolio_command

    portfolio_command.add_parser(sub)
    history_command.add_parser(sub)
    return p


def _options(args: argparse.Namespace, url: str) -> AuditOptions:
    path = config_path(args.config)
    file_values = load_file(path) if path else {}
    return build(file_values, {
        "url": url, "budget": args.budget, "lang": args.lang, "country": args.country,
        "ignore_robots": args.ignore_robots, "timeout": args.timeout, "site_timeout": args.site_timeout,
        "progress": False if args.no_progress else None,
        "archive": str(args.archive) if getattr(args, "archive", None) else None,
        "replay": str(args.replay) if getattr(args, "replay", None) else None,
    })


def _run_audit(opts: AuditOptions, args: argparse.Namespace, default_dir: Path) -> int:
    from touchaudit.crawl import crawl_site
    from touchaudit.output import safe_stem, write_outputs
    from touchaudit.progress import crawl_progress
    from touchaudit.registry import CheckOptions
    from touchaudit.runner import audit

    if opts.replay or opts.archive:
        from touchaudit.archive import check_replayable, check_writable

        if opts.replay:
            check_replayable(Path(opts.replay))
        if opts.archive:
            check_writable(Path(opts.archive))
    html_path, json_path = args.output, args.json
    if html_path is None and json_path is None:
        stem = safe_stem(urlsplit(opts.url).netloc)
        html_path, json_path = default_dir / f"touchaudit-{stem}.html", default_dir / f"touchaudit-{stem}.json"
    md_path = getattr(args, "md", None)
    _check_before_crawl(opts, {"-o": html_path, "--json": json_path, "--md": md_path})
    with crawl_progress(f"crawling {urlsplit(opts.url).netloc}", opts.budget, opts.progress) as hook:
        snapshot = crawl_site(opts, hook)
    result = audit(snapshot, CheckOptions(country=snapshot.country), opts.weights)
    data = write_outputs(result, json_path=json_path, html_path=html_path, lang=opts.lang, md_path=md_path)
    _print_summary(data, opts.lang)
    if opts.archive:
        print(f"WARC archive: {opts.archive}")
    for label, path in (("HTML", html_path), ("JSON", json_path), ("Markdown", md_path)):
        if path is not None:
            print(f"{label} report: {path}")
    if data["scan"]["status"] in NOT_AUDITABLE:
        return Exit.NOT_AUDITABLE
    if args.fail_under is not None and (data["score"] or 0) < args.fail_under:
        return Exit.UNDER_THRESHOLD
    return Exit.DONE


def _check_before_crawl(opts: AuditOptions, outputs: dict[str, Path | None]) -> None:
    """What would fail after the crawl fails before it: unwritable outputs, a forbidden address."""
    from touchaudit.netguard import check_url
    from touchaudit.writable import check_file

    for flag, path in outputs.items():
        if path is not None:
            check_file(path, flag)
    if not opts.replay:
        check_url(opts.url, opts.allow_private)


def _print_summary(data: dict[str, Any], lang: str | None) -> None:
    from touchaudit.output import report_language
    from touchaudit.reports.view import top_fixes

    scan = data["scan"]
    print(f"{data['site']['url']}: scan {scan['status']}"
          + (f" ({scan['reason']})" if scan.get("reason") else "")
          + f", {scan['pages_fetched']} pages fetched, {scan['pages_failed']} failed")
    capture = scan.get("capture") or {}
    if capture.get("mode") == "replay":
        print(f"replay of {capture.get('path')}, captured {capture.get('captured_at') or 'on an unknown date'}")
    if data["score"] is None:
        print("score: not available (nothing could be audited)")
        return
    print(f"score: {data['score']}/100  " + "  ".join(f"{c['id']} {c['score']}" for c in data["categories"]))
    fixes = top_fixes(data, report_language(data, lang))
    if fixes:
        print("fix these first:")
        for i, fix in enumerate(fixes, 1):
            print(f"  {i}. {fix.title} (+{fix.points_lost:g} pts): {fix.recommendation}")


def _cmd_checks(args: argparse.Namespace) -> int:
    from touchaudit.registry import UnknownCheckError, all_checks, get

    if args.explain:
        try:
            check = get(args.explain)
        except UnknownCheckError:
            print(f"touchaudit: unknown check {args.explain!r}", file=sys.stderr)
            return Exit.USAGE
        m = check.meta
        print(f"{m.id} ({m.category}, weight {m.weight:g}, source {m.source})\n\n{check.doc}")
        return Exit.DONE
    for check in all_checks():
        print(f"{check.meta.id:20} {check.meta.category:13} {check.meta.weight:>4g}  {check.meta.title['en']}")
    return Exit.DONE


def _cmd_demo(args: argparse.Namespace) -> int:
    from touchaudit.demo.server import serve_in_thread

    site = resources.files("touchaudit.demo").joinpath("site")
    with resources.as_file(site) as root:
        server, origin = serve_in_thread(Path(root))
        try:
            print(f"demo shop served at {origin}/")
            out = Path("touchaudit-demo")
            if args.output is None and args.json is None:
                args.output, args.json = out / "report.html", out / "result.json"
            if args.lang is None:
                args.lang = "es"
            return _run_audit(_options(args, origin + "/"), args, out)
        finally:
            server.shutdown()


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(format="touchaudit: %(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.setLevel(logging.DEBUG if args.verbose else logging.WARNING)
    try:
        if args.command == "checks":
            return _cmd_checks(args)
        if args.command == "demo":
            return _cmd_demo(args)
        if args.command == "portfolio":
            from touchaudit.portfolio import command as portfolio_command

            return portfolio_command.run(args)
        if args.command == "history":
            from touchaudit.history import command as history_command

            return history_command.run(args)
        return _run_audit(_options(args, check_start_url(args.url)), args, Path.cwd())
    except (UrlError, ConfigError, ArchiveError, SiteListError, StoreError) as exc:
        print(f"touchaudit: {exc}", file=sys.stderr)
        return Exit.USAGE
    except KeyboardInterrupt:
        print("touchaudit: interrupted", file=sys.stderr)
        return Exit.INTERRUPTED
    except Exception as exc:
        if args.traceback:
            raise
        print(f"touchaudit: {type(exc).__name__}: {exc} (use --traceback for details)", file=sys.stderr)
        return Exit.NOT_AUDITABLE


if __name__ == "__main__":
    sys.exit(main())
