"""The Markdown summary: score, fixes, each check and its evidence, for an e-mail or a ticket.

It is read raw as often as rendered (pasted into an e-mail), so crawled text is escaped only where
it would change the Markdown: every ``{{ }}`` the template prints goes through :func:`escape`
(Jinja ``finalize``), which backslash-escapes what could start a link, image, HTML tag, code span,
emphasis or strikethrough or, at the start of a value, a heading, list, quote, rule or table, and leaves
ordinary words, numbers and addresses as they are ("return_policy", "+34 91 456 72 38", "1.5",
"https://tienda.example/envios"). A bare address may become a link in viewers that autolink, but
only to itself: shop text can never make a link whose text hides where it goes. Only
:func:`autolink` output (a safe http(s) URL the view already vetted) is printed as Markdown.
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
_INLINE = re.compile(
    r"[`*\[\]~]"  # code spans, emphasis, links and images, strikethrough: always
    r"|(?<![^\W_])_|_(?![^\W_])"  # an underscore that is not inside a word (snake_case stays)
    r"|<(?=[A-Za-z/!?])"  # an HTML tag or an autolink
    r"|&(?=#?\w+;)"  # an entity
    r"|\\(?=[!-/:-@\[-`{-~]|$)"  # a backslash that would escape what follows it
)
# What makes a line a block at its start: heading, quote, list item, ordered item, rule, setext
# line, or a table's delimiter row (a "|" elsewhere is text: no template puts shop text in a table).
_BLOCK_START = re.compile(r"^(?:#{1,6}(?=\s|$)|>|[-+](?=\s|$)|\d{1,9}(?=[.)](?:\s|$))|[-=]+\s*$"
                          r"|\|?\s*:?-+:?\s*(?:\|\s*:?-*:?\s*)+$)")


class Raw(str):
    """Markdown the renderer wrote itself (an autolink); printed without escaping."""


def escape(value: Any) -> str:
    """Shop text as inert Markdown on one line (newlines become spaces, so no value starts a line
    of its own); ``None`` prints as ""."""
    if isinstance(value, Raw):
        return str(value)
    if value is None:
        return ""
    text = re.sub(r"\s+", " ", str(value))  # one line; single spaces kept around a highlight
    text = _INLINE.sub(lambda m: "\\" + m.group(0), text)
    start = _BLOCK_START.match(text.lstrip(" "))
    if start:
        cut = len(text) - len(text.lstrip(" ")) + (start.end() if start.group(0)[0].isdigit() else 0)
        text = text[:cut] + "\\" + text[cut:]
    return text


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


def render_markdown(result: Mapping[str, Any], lang: str, branding: Any = None) -> str:
    """Render ``result`` (the canonical result dict) as a Markdown summary in ``lang``."""
    view = build_view(result, resolve_language(lang), branding)
    text = _environment(view.lang).get_template(TEMPLATE).render(v=view)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
