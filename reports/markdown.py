"""The Markdown summary: score, fixes, each check and its evidence, for an e-mail or a ticket.

Crawled text is escaped the way autoescape protects the HTML: every ``{{ }}`` the template prints
goes through :func:`escape` (Jinja ``finalize``), so shop text can never become a link, image,
HTML, heading, list, table cell or emphasis. Only :func:`autolink` output (a safe http(s) URL the
view already vetted) is printed as Markdown.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

import jinja2
from touchaudit.reports.formatting import UrlView
from touchaudit.reports.i18n import make_environment, resolve_language
from touchaudit.reports.view import build_view

TEMPLATE = "report.md.j2"
# CommonMark's ASCII punctuation that can start or end a construct (backslash escapes work for
# all of them): \ ` * _ [ ] ( ) < > # | ! plus ~ (strikethrough), & (entities), {} and +-=.
_SPECIAL = re.compile(r"([\\`*_\[\]()<>#|!~&{}])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=\.))")
_AUTOLINK = re.compile(r"(?i)(://|www\.)")


class Raw(str):
    """Markdown the renderer wrote itself (an autolink); printed without escaping."""


def escape(value: Any) -> str:
    """Shop text as inert Markdown: one line, every special character backslash-escaped.

    Newlines become spaces (so no value can start a line of its own), a leading list or setext
    marker is escaped (``#`` and ``>`` always are), and ``://``/``www.`` are broken so
    GitHub-flavoured autolinking cannot turn crawled text into links. ``None`` prints as "".
    """
    if isinstance(value, Raw):
        return str(value)
    if value is None:
        return ""
    text = re.sub(r"\s+", " ", str(value))  # one line; single spaces kept around a highlight
    text = _SPECIAL.sub(r"\\\1", text)
    text = _LINE_START.sub(lambda m: m.group(1) + ("\\" + m.group(2) if not m.group(2).isdigit()
                                                   else m.group(2) + "\\"), text, count=1)
    return _AUTOLINK.sub(lambda m: ":\\/\\/" if m.group(1) == "://" else m.group(1)[:3] + "\\.", text)


def autolink(url: UrlView) -> str:
    """A clickable ``<https://…>`` for a URL the view marked safe; escaped text otherwise."""
    if url.href and not re.search(r"[\s<>]", url.href):
        return Raw(f"<{url.href}>")
    return Raw(escape(url.text))  # already escaped: finalize must not escape it twice


@cache
def _environment(lang: str) -> jinja2.Environment:
    env = make_environment(lang, autoescape=False, finalize=escape)
    env.filters["autolink"] = autolink
    return env


def render_markdown(result: Mapping[str, Any], lang: str) -> str:
    """Render ``result`` (the canonical result dict) as a Markdown summary in ``lang``."""
    view = build_view(result, resolve_language(lang))
    text = _environment(view.lang).get_template(TEMPLATE).render(v=view)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
