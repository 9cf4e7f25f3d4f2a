"""Every audit option checked before a crawl starts, whether it came from touchaudit.toml or a flag.

Types come from AuditOptions itself (one source of truth: a field someone adds is checked too) and
ranges are data (`LIMITS`); pydantic validates both and says what is wrong. It was chosen over a
hand-written checker because the options hold nested types (weights: a table of numbers) and
constraints (finite, positive, a pattern) whose messages it already words, and over msgspec
because the web app built on touchaudit speaks pydantic already. Values are validated strictly:
TOML gives typed values, so `budget = "40"` is a mistake to report, not to guess at.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import fields
from functools import cache
from typing import Annotated, Any, get_type_hints

from pydantic import Field, TypeAdapter, ValidationError

from touchaudit.config import AuditOptions, ConfigError

Positive = Field(gt=0, allow_inf_nan=False)
LIMITS: dict[str, Any] = {
    "budget": Annotated[int, Field(ge=1, le=10_000)],
    "timeout": Annotated[float, Positive],
    "site_timeout": Annotated[float, Positive],
    "max_page_bytes": Annotated[int, Field(ge=1024)],
    "parallel": Annotated[int, Field(ge=1, le=64)],
    "lang": Annotated[str, Field(pattern=r"^[a-z]{2,3}(_[A-Z]{2})?$")] | None,  # a catalogue's: config.build
    "country": Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")] | None,
    "user_agent": Annotated[str, Field(min_length=1, max_length=512, pattern=r"^[^\r\n]+$")],
    "weights": dict[str, Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)]],
    "categories": dict[str, str],
}


@cache
def _adapter(name: str) -> TypeAdapter[Any]:
    kind = LIMITS.get(name) or get_type_hints(AuditOptions)[name]
    return TypeAdapter(kind)


def check_value(name: str, value: Any, where: str = "") -> Any:
    """The value, validated for option `name`; ConfigError naming the option and the problem."""
    try:
        return _adapter(name).validate_python(value, strict=True)
    except ValidationError as exc:
        error = exc.errors()[0]
        inner = ".".join(str(p) for p in error["loc"])
        shown = f"{name}.{inner}" if inner else name
        got = error.get("input", value)
        raise ConfigError(f"{where}{shown} = {_show(got)}: {_words(error['msg'])}") from None


def check_options(opts: AuditOptions, where: str = "") -> None:
    """Every field of the merged options, and the check ids that weights and categories name."""
    for f in fields(AuditOptions):
        check_value(f.name, getattr(opts, f.name), where)
    _known_checks(opts.weights, "weights", where)
    _known_checks(opts.categories, "categories", where)
    if opts.categories:
        from touchaudit.registry import all_checks

        known = sorted({c.meta.category for c in all_checks()})
        for check_id, category in opts.categories.items():
            if category not in known:
                raise ConfigError(f"{where}categories.{check_id} = {category!r}: unknown category "
                                  f"(one of {', '.join(known)})")


def _known_checks(table: Mapping[str, Any], name: str, where: str) -> None:
    if not table:
        return
    from touchaudit.registry import all_checks

    ids = {c.meta.id for c in all_checks()}
    for check_id in table:
        if check_id not in ids:
            raise ConfigError(f"{where}{name}: unknown check {check_id!r} (`touchaudit checks` lists them)")


def _show(value: Any) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _words(message: str) -> str:
    return message.replace("Input should be", "should be").replace("String should", "should")
