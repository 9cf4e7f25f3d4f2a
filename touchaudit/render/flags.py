"""The rendering flags, the same for `audit`, `demo` and `portfolio`."""
from __future__ import annotations

import argparse
from typing import Any

from touchaudit.render.plan import MODES


def add_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--render", choices=MODES,
                   help="render pages in Chromium: auto (only pages whose HTML is built by scripts; default), "
                        "always, never")
    p.add_argument("--browser", metavar="PATH", help="the Chromium to render with (default: chromium on PATH)")
    p.add_argument("--render-budget", type=int, metavar="N", help="rendered pages per site at most (default 6)")


def flag_values(args: argparse.Namespace) -> dict[str, Any]:
    """The AuditOptions fields the flags set (None: not given, the config file or default holds)."""
    return {"render": args.render, "browser": args.browser, "render_budget": args.render_budget}
