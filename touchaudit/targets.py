"""Which reports an audit writes, and where: Lighthouse's `--output FORMAT` / `--output-path PATH`.

`--output` takes a format (json, html, md, csv, junit; repeatable) or, as before, a path for the
HTML scorecard; `--json PATH` and `--md PATH` name those files directly. `-` as a path is stdout
(at most one report can go there; messages then go to stderr only). With no report asked for,
the HTML and JSON go to `touchaudit-<host>.html/.json` in the current folder.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from touchaudit.config import ConfigError

FORMATS = ("html", "json", "md", "csv", "junit")
EXTENSIONS = {"html": ".html", "json": ".json", "md": ".md", "csv": ".csv", "junit": ".xml"}
STDOUT = "-"


@dataclass(frozen=True)
class Target:
    format: str
    path: Path | None  # None: stdout

    @property
    def label(self) -> str:
        return {"html": "HTML", "json": "JSON", "md": "Markdown", "csv": "CSV", "junit": "JUnit"}[self.format]


def _path(value: str | Path) -> Path | None:
    return None if str(value) == STDOUT else Path(value)


def plan(outputs: Sequence[str] | None, output_path: str | None, named: Mapping[str, str | Path | None],
         default_stem: Path) -> list[Target]:
    """The reports to write. `named`: {"json": --json, "md": --md}; `default_stem`: folder/touchaudit-host."""
    formats: list[str] = []
    targets: list[Target] = []
    for value in outputs or ():
        if value.lower() in FORMATS:
            formats.append(value.lower())
        else:  # -o report.html: the HTML scorecard's path, as before
            targets.append(Target("html", _path(value)))
    targets += [Target(fmt, _path(path)) for fmt, path in named.items() if path is not None]
    formats = [f for f in dict.fromkeys(formats) if f not in {t.format for t in targets}]
    if output_path is not None and not formats:
        raise ConfigError("--output-path needs a format: --output json|html|md|csv|junit")
    if formats:
        targets += _formats_at(formats, output_path, default_stem)
    if not targets:
        targets = [Target("html", default_stem.with_name(default_stem.name + ".html")),
                   Target("json", default_stem.with_name(default_stem.name + ".json"))]
    _check(targets)
    return targets


def _formats_at(formats: list[str], output_path: str | None, default_stem: Path) -> list[Target]:
    if output_path == STDOUT:
        if len(formats) > 1:
            raise ConfigError(f"--output-path - sends one report to stdout, not {len(formats)} ({', '.join(formats)})")
        return [Target(formats[0], None)]
    if output_path is None:
        stem = default_stem
    elif output_path.endswith(("/", "\\")) or Path(output_path).is_dir():
        stem = Path(output_path) / default_stem.name
    elif len(formats) == 1:
        return [Target(formats[0], Path(output_path))]
    else:  # reports/run -> reports/run.html, reports/run.json ...
        stem = Path(output_path)
        stem = stem.with_suffix("") if stem.suffix.lower() in EXTENSIONS.values() else stem
    return [Target(f, stem.with_name(stem.name + EXTENSIONS[f])) for f in formats]


def _check(targets: list[Target]) -> None:
    to_stdout = [t.format for t in targets if t.path is None]
    if len(to_stdout) > 1:
        raise ConfigError(f"only one report can go to stdout (-), not {' and '.join(to_stdout)}")
    seen: dict[Path, str] = {}
    for t in targets:
        if t.path is None:
            continue
        key = t.path.resolve()
        if key in seen and seen[key] != t.format:
            raise ConfigError(f"{t.path} is asked for twice ({seen[key]} and {t.format})")
        seen[key] = t.format


def render(fmt: str, data: Mapping[str, Any], lang: str, *, branding: Any = None, verdicts: Iterable[Any] = ()) -> str:
    """One report as text; `lang` already resolved (report_language)."""
    if fmt == "json":
        import json

        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        from touchaudit.reports.html import render_html

        return str(render_html(data, lang, branding=branding))
    if fmt == "md":
        from touchaudit.reports.markdown import render_markdown

        return str(render_markdown(data, lang, branding=branding))
    if fmt == "csv":
        from touchaudit.portfolio.export import portfolio_csv
        from touchaudit.registry import all_checks

        site = {"url": (data.get("site") or {}).get("url"), "name": None, "tags": ()}
        return portfolio_csv([(site, data)], [c.meta.id for c in all_checks()], lang)
    if fmt == "junit":
        from touchaudit.reports.junit import render_junit

        return str(render_junit(data, lang, verdicts))
    raise ValueError(f"unknown report format {fmt!r}")


def write(targets: Iterable[Target], data: Mapping[str, Any], lang: str, *, branding: Any = None,
          verdicts: Iterable[Any] = (), stdout: TextIO | None = None) -> None:
    from touchaudit.output import write_atomic

    verdicts = tuple(verdicts)
    for t in targets:
        text = render(t.format, data, lang, branding=branding, verdicts=verdicts)
        if t.path is None:
            out = stdout or sys.stdout
            out.write(text)
            out.flush()
        else:
            write_atomic(t.path, text)
