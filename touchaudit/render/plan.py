"""What rendering a crawl may do: the mode asked for, the browser found, the budget.

``auto`` without a browser behaves as ``never`` (the report says how to enable rendering); a
replay renders from the archive and needs no browser at all.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from typing import Any

MODES = ("auto", "always", "never")
# Looked up on PATH in this order; `--browser PATH` (TOUCHAUDIT_BROWSER) wins over all of them.
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


@dataclass(frozen=True)
class RenderPlan:
    mode: str  # as asked: auto | always | never
    browser: str | None  # the Chromium executable to launch (None: none found, or not needed)
    budget: int  # rendered pages per site at most
    replay: bool = False  # rendered pages come from the replayed archive, not a browser

    @property
    def active(self) -> bool:
        """True when pages may be rendered in this crawl."""
        return self.mode != "never" and self.budget > 0 and (self.replay or self.browser is not None)

    def summary(self) -> dict[str, Any]:
        return {"mode": self.mode, "active": self.active, "browser": self.browser, "budget": self.budget}


def find_browser(explicit: str | None = None) -> str | None:
    """The Chromium to launch: `explicit` when it is an executable file, else the first on PATH."""
    if explicit:
        return explicit if os.path.isfile(explicit) and os.access(explicit, os.X_OK) else None
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def plan_for(settings: Any) -> RenderPlan:
    """The plan a crawl's Scrapy settings describe (TOUCHAUDIT_RENDER, _BROWSER, _RENDER_BUDGET)."""
    mode = str(settings.get("TOUCHAUDIT_RENDER") or "auto").lower()
    if mode not in MODES:
        mode = "auto"
    replay = bool(settings.get("TOUCHAUDIT_REPLAY"))
    budget = max(0, settings.getint("TOUCHAUDIT_RENDER_BUDGET", 6))
    browser = None if mode == "never" or replay else find_browser(settings.get("TOUCHAUDIT_BROWSER"))
    return RenderPlan(mode=mode, browser=browser, budget=budget, replay=replay)
