"""Terminal progress while crawling (rich, on stderr): pages fetched so far and pages that failed.

The budget is a ceiling, not a plan (a shop may have 12 pages worth reading out of 40 allowed), so
the bar fills against it while crawling and ends at the real count: "12 pages", never "12/40".
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from touchaudit.crawl import ProgressHook


def pages_text(pages: int, failed: int) -> str:
    text = f"{pages} page" + ("" if pages == 1 else "s")
    return text + (f", {failed} failed" if failed else "")


@contextmanager
def crawl_progress(label: str, budget: int, enabled: bool) -> Iterator[ProgressHook | None]:
    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield None
        return
    columns = (SpinnerColumn(finished_text="✓"), TextColumn("{task.description}"), BarColumn(),
               TextColumn("{task.fields[count]}"), TimeElapsedColumn())
    with Progress(*columns, console=console) as progress:
        counts = {"page": 0, "failure": 0}
        task = progress.add_task(label, total=budget, count=pages_text(0, 0))

        def hook(kind: str, item: Any) -> None:
            if kind in counts:
                counts[kind] += 1
                progress.update(task, advance=1, count=pages_text(counts["page"], counts["failure"]))

        try:
            yield hook
        finally:  # the last frame stays on screen: full bar, the real count
            done = counts["page"] + counts["failure"]
            progress.update(task, total=max(done, 1), completed=max(done, 1))
