"""Terminal progress while crawling: pages fetched against the budget, and errors (rich, on stderr)."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from touchaudit.crawl import ProgressHook


@contextmanager
def crawl_progress(label: str, budget: int, enabled: bool) -> Iterator[ProgressHook | None]:
    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield None
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("errors: {task.fields[errors]}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(label, total=budget, errors=0)
        errors = 0

        def hook(kind: str, item: Any) -> None:
            nonlocal errors
            if kind == "page":
                progress.advance(task)
            elif kind == "failure":
                errors += 1
                progress.update(task, advance=1, errors=errors)

        yield hook
