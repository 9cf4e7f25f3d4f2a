"""Rendering in Chromium, only for the pages whose raw HTML cannot be judged (``--render``).

The crawl fetches every page as before; ``decision`` says from the raw HTML whether a page needs a
browser; the spider then asks for it again as a render request, which ``middleware`` answers from
one shared browser (``browser``, ``page``) or, in a replay, the archive answers from its stored
rendered copy. The rendered DOM goes through the same page builder, with the requests the page
made while rendering (``requests``), so widgets loaded by tag managers are recognised too.
"""
from __future__ import annotations

from touchaudit.render.plan import RenderPlan, find_browser, plan_for

__all__ = ["RenderPlan", "find_browser", "plan_for"]
