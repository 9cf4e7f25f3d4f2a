"""One frozen options object for an audit; defaults < touchaudit.toml < command-line flags."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping

from touchaudit import __version__

USER_AGENT = f"touchaudit/{__version__} (customer-service audit of online shops; obeys robots.txt)"


class ConfigError(ValueError):
    """A configuration value or file that cannot be used; the message names it."""


@dataclass(frozen=True)
class AuditOptions:
    url: str = ""
    budget: int = 40
    lang: str | None = None  # report language; None = the site's
    country: str | None = None  # region to read national phone numbers
    ignore_robots: bool = False
    timeout: float = 20.0  # seconds per request
    site_timeout: float = 300.0  # seconds for the whole site
    max_page_bytes: int = 10 * 1024 * 1024
    parallel: int = 4
    user_agent: str = USER_AGENT
    progress: bool = True
    weights: Mapping[str, float] = field(default_factory=dict)
    categories: Mapping[str, str] = field(default_factory=dict)
    archive: str | None = None  # WARC file to record the crawl into
    replay: str | None = None  # WARC file to answer the crawl from, instead of the network
    allow_private: bool = True  # crawl private/loopback addresses (command line yes; a hosted server no)
    assertions: tuple[Any, ...] = ()  # CI gates (touchaudit.assertions.Assertion), from [assert] and --assert
    brand: str | None = None  # the consultant's name on the report
    logo: str | None = None  # an image file put on the report, embedded
    client: str | None = None  # whom the report is for
    render: str = "auto"  # render pages in Chromium: auto (only where needed), always, never
    browser: str | None = None  # the Chromium to launch (default: found on PATH)
    render_budget: int = 6  # rendered pages per site at most


CONFIG_NAME = "touchaudit.toml"  # read from the current folder when --config is not given
TABLES = ("audit", "weights", "assert")  # the tables touchaudit.toml may hold


def config_path(given: Path | None) -> Path | None:
    """--config when given, else ./touchaudit.toml when there is one."""
    if given is not None:
        return given
    default = Path(CONFIG_NAME)
    return default if default.is_file() else None


def load_file(path: Path) -> dict[str, Any]:
    """Read touchaudit.toml's [audit], [weights] and [assert] tables; anything unknown, mistyped or out of
    range is an error naming the key (checked before any crawl, not found after one)."""
    from touchaudit.optioncheck import check_value

    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"cannot read config {path}: not UTF-8 text (byte {exc.object[exc.start]:#04x} "
                          f"at position {exc.start})") from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config {path}: {exc}") from exc
    for table in data:
        if table not in TABLES or not isinstance(data[table], dict):
            raise ConfigError(f"{path}: unknown table or key {table!r} (known tables: {', '.join(TABLES)})")
    audit = dict(data.get("audit", {}))
    known = {f.name for f in fields(AuditOptions)}
    unknown = sorted(set(audit) - known)
    if unknown:
        raise ConfigError(f"unknown option in {path}: {unknown[0]}")
    if "weights" in data:
        audit["weights"] = dict(data["weights"])
    values = {key: check_value(key, value, f"{path}: ") for key, value in audit.items()}
    if "assert" in data:
        from touchaudit.assertions import from_table

        values["assertions"] = from_table(data["assert"], str(path))
    return values


def build(file_values: Mapping[str, Any], cli_values: Mapping[str, Any]) -> AuditOptions:
    from touchaudit.optioncheck import check_options

    merged = {**file_values, **{k: v for k, v in cli_values.items() if v is not None}}
    opts = replace(AuditOptions(), **merged)
    if opts.budget < 1:
        raise ConfigError("the page budget must be at least 1")
    if opts.lang is not None:
        from touchaudit.reports.i18n import available_languages

        if opts.lang not in available_languages():
            raise ConfigError(f"lang = {opts.lang!r}: not a report language touchaudit has "
                              f"(one of {', '.join(available_languages())})")
    if opts.country is not None and not (len(opts.country) == 2 and opts.country.isalpha()):
        raise ConfigError(f"--country takes a two-letter code such as ES or MX, not {opts.country!r}")
    if opts.render not in ("auto", "always", "never"):
        raise ConfigError(f"--render takes auto, always or never, not {opts.render!r}")
    if opts.render_budget < 0:
        raise ConfigError("the render budget cannot be negative")
    if opts.browser and not Path(opts.browser).is_file():
        raise ConfigError(f"--browser: no such file: {opts.browser}")
    if opts.archive and opts.replay:
        raise ConfigError("--archive and --replay cannot be used together")
    check_options(opts)
    return replace(opts, country=opts.country.upper() if opts.country else None)
