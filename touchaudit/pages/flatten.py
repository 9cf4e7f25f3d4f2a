"""A second parse for markup nested past libxml2's depth limit, so its text is not silently lost.

libxml2 stops building the tree at 256 levels (2,048 with lxml's huge_tree, which parsel uses) and
drops everything after that point, closing tags included: 5,000 nested <div>s or unclosed <font>s
around a footer lose the footer. The builder notices a tree that reached the limit and parses
the page again with the layout-only tags removed (their text stays; block tags become line
breaks), then, if that is still too deep, with only links, images, forms and the page's sections
kept, and last with the sections gone too. Only such pages pay for it.
"""
from __future__ import annotations

import re
from typing import Any

import lxml.html

DEPTH_LIMITS = (256, 2048)  # libxml2's maximum depth without and with XML_PARSE_HUGE
_PARSER = lxml.html.HTMLParser(huge_tree=True, recover=True)
_LAYOUT = re.compile(
    r"<(/?)(div|span|font|b|i|u|s|em|strong|small|big|center|section|article|table|tbody|thead|tfoot|tr|td|th|"
    r"ul|ol|li|dl|dt|dd|blockquote|p|label|abbr|cite|code|mark|sub|sup|tt|q|nobr|ins|del|h[1-6])\b[^>]*>",
    re.I,
)
_BARE = "a|img|form|input|textarea|select|option|button|script|style|title|meta|html|head|body|br"
_SECTIONS = re.compile(rf"<(?!/?(?:{_BARE}|header|footer|nav|main)\b)/?[A-Za-z][^>]*>")
_ONLY_BARE = re.compile(rf"<(?!/?(?:{_BARE})\b)/?[A-Za-z][^>]*>")
_INLINE = frozenset("span font b i u s em strong small big label abbr cite code mark sub sup tt q nobr ins del".split())


def truncated(max_depth: int) -> bool:
    """Whether a tree this deep may have been cut by the parser."""
    return any(limit - 2 <= max_depth <= limit + 1 for limit in DEPTH_LIMITS) or max_depth > DEPTH_LIMITS[-1]


def _layout_tag(match: re.Match[str]) -> str:
    return "" if match.group(2).lower() in _INLINE else "\n"


def flattened_trees(html: str) -> list[Any]:
    """The page parsed again without layout tags, then with only meaningful tags (least to most lossy)."""
    trees = []
    for pattern, repl in ((_LAYOUT, _layout_tag), (_SECTIONS, "\n"), (_ONLY_BARE, "\n")):
        html = pattern.sub(repl, html)  # the second pass works on the first pass's output
        try:
            trees.append(lxml.html.document_fromstring(html, parser=_PARSER))
        except (ValueError, lxml.etree.ParserError):
            continue
    return trees
