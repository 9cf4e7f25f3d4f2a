"""The HTML report: one self-contained file (inline CSS and SVG, nothing the browser fetches).

The view model decides what to show; this module only adds drawing geometry for the gauges and
renders the template, escaping everything that came from the crawl.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2
from touchaudit.reports.i18n import make_environment, resolve_language
from touchaudit.reports.view import build_view

TEMPLATE = "report.html.j2"
GAUGE_RADIUS = 52
SMALL_RADIUS = 26


@dataclass(frozen=True)
class Gauge:
    """SVG geometry of a score ring: an arc ``dash`` long on a ring ``circumference`` long."""

    radius: int
    circumference: float
    dash: float


def gauge(score: int | None, radius: int = GAUGE_RADIUS) -> Gauge:
    circumference = round(2 * math.pi * radius, 2)
    share = 0 if score is None else max(0, min(100, score)) / 100
    return Gauge(radius, circumference, round(circumference * share, 2))


@cache
def _environment(lang: str) -> jinja2.Environment:
    return make_environment(lang)


def render_html(result: Mapping[str, Any], lang: str, branding: Any = None) -> str:
    """Render ``result`` (the canonical result dict) as an HTML report in ``lang``."""
    view = build_view(result, resolve_language(lang), branding)
    template = _environment(view.lang).get_template(TEMPLATE)
    small = {cat.id: gauge(cat.score, SMALL_RADIUS) for cat in view.categories}
    return template.render(v=view, gauge=gauge(view.score), small=small)
