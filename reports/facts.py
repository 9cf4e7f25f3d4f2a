"""A check's machine-readable facts, shown generically as labelled values in the report language.

Facts are a public, growing contract: a fact nobody planned a layout for must still read well,
so known names get catalogue labels and vocabulary values get words; anything else is humanised.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from babel.numbers import format_decimal
from babel.support import Translations
from touchaudit.reports import i18n as L
from touchaudit.reports.formatting import clip, humane, label
from touchaudit.reports.i18n import babel_locale
from touchaudit.reports.sentences import fact_item_in_words

MAX_ITEMS = 20


@dataclass(frozen=True)
class FactView:
    label: str
    values: tuple[str, ...]
    is_list: bool


def fact_view(key: str, value: Any, t: Translations, lang: str) -> FactView:
    name = label(L.FACT_LABELS, key, t) or humane(key)
    if isinstance(value, Mapping):
        items = [f"{k}: {scalar(v, t, lang)}" for k, v in _flatten(value)]
    elif isinstance(value, (list, tuple)):
        items = [_item(key, v, t, lang) for v in value]
    else:
        return FactView(label=name, values=(scalar(value, t, lang),), is_list=False)
    if not items:
        return FactView(label=name, values=(t.gettext(L.NONE_FOUND),), is_list=False)
    if len(items) > MAX_ITEMS:
        rest = len(items) - MAX_ITEMS
        items = items[:MAX_ITEMS] + [t.ngettext("and %(n)s more", "and %(n)s more", rest) % {"n": rest}]
    return FactView(label=name, values=tuple(items), is_list=True)


def _item(key: str, value: Any, t: Translations, lang: str) -> str:
    if isinstance(value, Mapping):
        return fact_item_in_words(value, t, lang) or "; ".join(f"{k}: {scalar(v, t, lang)}" for k, v in _flatten(value))
    if key in L.VOCAB_FACTS and isinstance(value, str) and value in L.VOCAB_LABELS:
        return t.gettext(L.VOCAB_LABELS[value])
    return scalar(value, t, lang)


def _flatten(value: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Nested mappings become dotted keys; good enough for facts nobody planned a layout for."""
    pairs: list[tuple[str, Any]] = []
    for k, v in value.items():
        name = f"{prefix}{k}"
        pairs.extend(_flatten(v, name + ".") if isinstance(v, Mapping) else [(name, v)])
    return pairs


def scalar(value: Any, t: Translations, lang: str) -> str:
    if isinstance(value, bool):
        return t.gettext(L.YES if value else L.NO)
    if value is None:
        return t.gettext(L.NOT_STATED)
    if isinstance(value, (int, float)) and math.isfinite(value):
        return str(format_decimal(round(value, 2), locale=babel_locale(lang)))
    if isinstance(value, (list, tuple)):
        return ", ".join(scalar(v, t, lang) for v in value)
    return clip(str(value))
