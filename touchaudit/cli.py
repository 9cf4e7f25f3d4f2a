"""Command line: the only code that prints results or decides the exit code."""
from __future__ import annotations

import argparse
import logging
import sys
from enum import IntEnum
from importlib import resources
from pathlib import Path
from typing import Any, Sequence, TextIO
from urllib.parse import urlsplit

from touchaudit import __version__
from touchaudit.archive.errors import ArchiveError
from touchaudit.history.store import StoreError
from touchaudit.portfolio.sitelist import SiteListError
from touchaudit.config import AuditOptions, ConfigError, build, config_path, load_file
from touchaudit.render import flags as render_flags
from touchaudit.reports.i18n import available_languages
from touchaudit.sites import UrlError, check_start_url

log = logging.getLogger("touchaudit")
NOT_AUDITABLE = ("unreachable", "blocked", "error")


class Exit(IntEnum):
    DONE = 0
    UNDER_THRESHOLD = 1
    ASSERTION_FAILED = 1  # a --assert / [assert] condition does not hold (the same code, as in LHCI)
    USAGE = 2
    NOT_AUDITABLE = 3
    RUN_FAILED = 4  # a portfolio run that could not store or write everything: --resume finishes it
    INTERRUPTED = 130


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line on stderr, exit 2
        self.exit(Exit.USAGE, f"touchaudit: {message}\n")


def _audit_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", action="append", metavar="FORMAT|PATH",
                   help="a report format to write (json, html, md, csv, junit; repeatable), or the HTML scorecard's path")
    p.add_argument("--output-path", metavar="PATH",
                   help="where the --output formats go (- = stdout; with several formats, PATH.html, PATH.json...)")
    p.add_argument("--json", type=Path, help="write the JSON result here (- = stdout)")
    p.add_argument("--md", type=Path, metavar="PATH", help="also write a Markdown summary here (for e-mail or tickets)")
    p.add_argument("--view", action="store_true", help="open the HTML report in the browser when done")
    p.add_argument("--assert", dest="assertions", action="append", metavar="CONDITION",
                   help="exit 1 unless CONDITION holds: phone=pass, return_policy!=fail, category:contact>=80, score>=70")
    p.add_argument("--brand", metavar="NAME", help="your agency's name on the report")
    p.add_argument("--logo", metavar="IMAGE", help="your logo on the report (PNG, JPEG, GIF, WebP or SVG; embedded)")
    p.add_argument("--client", metavar="NAME", help="the client the report is for")
    p.add_argument("--lang", choices=available_languages(),
                   help="report language (default: the site's when it has a catalogue, else en)")
    p.add_argument("--country", help="two-letter country for national phone numbers (default: guessed)")
    p.add_argument("--budget", type=int, help="pages to fetch at most (default 40)")
    p.add_argument("--timeout", type=float, help="seconds per request (default 20)")
    p.add_argument("--site-timeout", type=float, help="seconds for the whole site (default 300)")
    p.add_argument("--ignore-robots", action="store_true", default=None, help="do not obey robots.txt (noted in the report)")
    p.add_argument("--fail-under", type=int, metavar="N", help="exit 1 when the score is under N")
    p.add_argument("--config", type=Path, help="touchaudit.toml with [audit], [weights] and [assert] tables")
    p.add_argument("--no-progress", action="store_true", help="no progress display")
    render_flags.add_flags(p)


def _global_flags(p: argparse.ArgumentParser, default: Any) -> None:
    """Flags that work before or after the subcommand; a subcommand's copy only sets what it is given."""
    p.add_argument("--traceback", action="store_true", default=default, help="show the full story of an error")
    p.add_argument("-v", "--verbose", action="store_true", default=default, help="log the crawl as it happens")
    p.add_argument("-q", "--quiet", action="store_true", default=default, help="print nothing but errors")


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="touchaudit", description="Audit the personal touch of an online shop.")
    p.add_argument("--version", action="version", version=f"touchaudit {__version__}")
    _global_flags(p, False)
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
    from touchaudit.fleet import command as worker_command
    from touchaudit.history import command as history_command
    from touchaudit.history import runs as runs_command
    from touchaudit.portfolio import command as portfolio_command
    from touchaudit.portfolio import report as report_command
    from touchaudit.web import command as web_command

    portfolio_command.add_parser(sub)
    history_command.add_parser(sub)
    web_command.add_parser(sub)
    for command in (worker_command, runs_command, report_command):  # each sets its own handler
        command.add_parser(sub)
    for command in sub.choices.values():
        _global_flags(command, argparse.SUPPRESS)
    return p


def _options(args: argparse.Namespace, url: str) -> AuditOptions:
    from touchaudit.assertions import combine, parse

    path = config_path(args.config)
    file_values = load_file(path) if path else {}
    flags = tuple(parse(text) for text in args.assertions or ())
    return build(file_values, {
        "url": url, "budget": args.budget, "lang": args.lang, "country": args.country,
        "ignore_robots": args.ignore_robots, "timeout": args.timeout, "site_timeout": args.site_timeout,
        "progress": False if args.no_progress or args.quiet else None,
        "archive": str(args.archive) if getattr(args, "archive", None) else None,
        "replay": str(args.replay) if getattr(args, "replay", None) else None,
        "assertions": combine(file_values.get("assertions", ()), flags) if flags else None,
        "brand": args.brand, "logo": args.logo, "client": args.client,
        **render_flags.flag_values(args),
    })


def _run_audit(opts: AuditOptions, args: argparse.Namespace, default_dir: Path) -> int:
    from touchaudit import assertions, targets
    from touchaudit.crawl import crawl_site
    from touchaudit.output import report_language, result_dict, safe_stem
    from touchaudit.progress import crawl_progress
    from touchaudit.registry import CATEGORIES, CheckOptions, all_checks
    from touchaudit.reports.branding import branding
    from touchaudit.runner import audit

    if opts.replay or opts.archive:
        from touchaudit.archive import check_replayable, check_writable

        if opts.replay:
            check_replayable(Path(opts.replay))
        if opts.archive:
            check_writable(Path(opts.archive))
    aliases = {alias: c.meta.id for c in all_checks() for alias in c.meta.aliases}
    assertions.validate(opts.assertions, [c.meta.id for c in all_checks()] + list(aliases), CATEGORIES)
    stem = default_dir / f"touchaudit-{safe_stem(urlsplit(opts.url).netloc)}"
    plan = targets.plan(args.output, args.output_path, {"json": args.json, "md": args.md}, stem)
    if args.view and not any(t.format == "html" and t.path for t in plan):
        if any(t.format == "html" for t in plan):
            raise ConfigError("--view opens the HTML report from a file, not from stdout")
        plan.append(targets.Target("html", stem.with_name(stem.name + ".html")))
    brand = branding(opts.brand, opts.client, opts.logo)  # a bad logo stops here, before the crawl
    _check_before_crawl(opts, {_flag_of(t, args): t.path for t in plan if t.path is not None})
    say = _messages(args)
    with crawl_progress(f"crawling {urlsplit(opts.url).netloc}", opts.budget, opts.progress) as hook:
        snapshot = crawl_site(opts, hook)
    data = result_dict(audit(snapshot, CheckOptions(country=snapshot.country), opts.weights))
    verdicts = assertions.evaluate(opts.assertions, data, aliases)
    lang = report_language(data, opts.lang)
    targets.write(plan, data, lang, branding=brand, verdicts=verdicts)
    if not args.quiet:
        from touchaudit.reports.terminal import summary_lines, written_lines

        written = [(t.label, t.path) for t in plan if t.path is not None]
        print("\n".join(summary_lines(data, lang) + written_lines(lang, written, opts.archive)), file=say)
    for verdict in verdicts:
        if not verdict.ok:
            print(f"touchaudit: assertion failed: {verdict.message}", file=sys.stderr)
    if args.view:
        _view(next(t.path for t in plan if t.format == "html" and t.path), say)
    if data["scan"]["status"] in NOT_AUDITABLE:
        return Exit.NOT_AUDITABLE
    if args.fail_under is not None and (data["score"] or 0) < args.fail_under:
        return Exit.UNDER_THRESHOLD
    if not all(v.ok for v in verdicts):
        return Exit.ASSERTION_FAILED
    return Exit.DONE


def _messages(args: argparse.Namespace) -> TextIO:
    """stderr when a report goes to stdout (`-`), so `... --output-path - | jq` reads only the report."""
    asked = [*(args.output or ()), args.output_path, args.json, args.md]
    return sys.stderr if any(str(value) == "-" for value in asked if value is not None) else sys.stdout


def _view(path: Path, say: TextIO) -> None:
    import webbrowser

    if not webbrowser.open(path.resolve().as_uri()):
        print(f"touchaudit: no browser found to open {path}", file=say)


def _flag_of(target: targets.Target, args: argparse.Namespace) -> str:
    """The flag that asked for a report's path, to name it in an error."""
    for flag, value in (("--json", args.json), ("--md", args.md)):
        if value is not None and str(value) == str(target.path):
            return flag
    return "--output-path" if args.output_path else "-o"


def _check_before_crawl(opts: AuditOptions, outputs: dict[str, Path]) -> None:
    """What would fail after the crawl fails before it: unwritable outputs, a forbidden address."""
    from touchaudit.netguard import check_url
    from touchaudit.writable import check_file

    for flag, path in outputs.items():
        check_file(path, flag)
    if not opts.replay:
        check_url(opts.url, opts.allow_private)


def _cmd_checks(args: argparse.Namespace) -> int:
    from touchaudit.registry import UnknownCheckError, all_checks, get

    if args.explain:
        try:
            check = get(args.explain)
        except UnknownCheckError:
            print(f"touchaudit: unknown check {args.explain!r}", file=sys.stderr)
            return Exit.USAGE
        from touchaudit.reports.articles import article_for, citation
        from touchaudit.reports.i18n import get_translations

        m = check.meta
        source = citation(article_for(m.source, m.id), get_translations("en"), "en")
        print(f"{m.id} ({m.category}, weight {m.weight:g})\nsource: {source}\n\n{check.doc}")
        return Exit.DONE
    for check in all_checks():
        print(f"{check.meta.id:20} {check.meta.category:13} {check.meta.weight:>4g}  {check.meta.title}")
    return Exit.DONE


def _cmd_demo(args: argparse.Namespace) -> int:
    from touchaudit.demo.server import serve_in_thread

    site = resources.files("touchaudit.demo").joinpath("site")
    with resources.as_file(site) as root:
        server, origin = serve_in_thread(Path(root))
        try:
            if not args.quiet:
                print(f"demo shop served at {origin}/", file=_messages(args))
            out = Path("touchaudit-demo")
            if not args.output and args.json is None and args.md is None:
                args.output, args.json = [str(out / "report.html")], out / "result.json"
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
        if args.command == "serve":
            from touchaudit.web import command as web_command

            return web_command.run(args)
        if hasattr(args, "handler"):
            return int(args.handler(args))
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
