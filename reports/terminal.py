"""What `touchaudit audit` prints when it is done, in the report's language: how the scan went,
the score by category and the fixes worth most points (the same as the report's "fix these first").

cli.py only prints these lines; the wording lives in the catalogue like every report's.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from touchaudit.reports import i18n as L
from touchaudit.reports.crawl_view import reason_in_words, scan_marker
from touchaudit.reports.formatting import human_date
from touchaudit.reports.i18n import get_translations, resolve_language
from touchaudit.reports.view import top_fixes

from touchaudit.message import N_, N_plural

# The scan's status stands alone ("Incomplete"), so no sentence has to agree with it.
SCAN = N_plural("%(site)s: %(status)s, %(n)s page fetched, %(failed)s failed",
                "%(site)s: %(status)s, %(n)s pages fetched, %(failed)s failed")
SCAN_WHY = N_plural("%(site)s: %(status)s, %(n)s page fetched, %(failed)s failed. %(reason)s",
                    "%(site)s: %(status)s, %(n)s pages fetched, %(failed)s failed. %(reason)s")
REPLAY = N_("replay of %(file)s, captured %(date)s")
REPLAY_UNDATED = N_("replay of %(file)s, captured on an unknown date")
NO_SCORE = N_("score: not available (nothing could be audited)")
SCORE = N_("score: %(score)s/100  %(categories)s")
FIXES = N_("fix these first:")
FIX = N_("%(title)s (+%(points)s pts): %(recommendation)s")
WRITTEN = N_("%(format)s report: %(path)s")  # format: HTML, JSON, Markdown, CSV, JUnit
ARCHIVE = N_("WARC archive: %(path)s")
SCANNED = N_plural("portfolio: %(done)s of %(n)s site scanned, %(bad)s not auditable; run %(run)s",
                   "portfolio: %(done)s of %(n)s sites scanned, %(bad)s not auditable; run %(run)s")
RESUMED = N_plural("portfolio: %(done)s of %(n)s site scanned (%(before)s done before the resume), %(bad)s not "
                   "auditable; run %(run)s",
                   "portfolio: %(done)s of %(n)s sites scanned (%(before)s done before the resume), %(bad)s not "
                   "auditable; run %(run)s")
FILES = N_("reports: %(folder)s\ndashboard: %(dashboard)s\nCSV: %(csv)s")
UNDER = N_("under %(threshold)s: %(url)s")


def summary_lines(result: Mapping[str, Any], lang: str) -> list[str]:
    lang = resolve_language(lang)
    t = get_translations(lang)
    scan = result.get("scan") or {}
    reason = reason_in_words(scan, lang)
    fetched = int(scan.get("pages_fetched") or 0)
    values = {"site": (result.get("site") or {}).get("url"), "reason": reason, "n": fetched,
              "status": scan_marker(str(scan.get("status") or "error"), t).label, "failed": scan.get("pages_failed")}
    lines = [t.ngettext(*(SCAN_WHY if reason else SCAN), fetched) % values]
    capture = scan.get("capture") or {}
    if capture.get("mode") == "replay":
        when = capture.get("captured_at")
        lines.append(t.gettext(REPLAY if when else REPLAY_UNDATED) % {
            "file": capture.get("path"), "date": human_date(when, lang)})
    if result.get("score") is None:
        return lines + [t.gettext(NO_SCORE)]
    categories = "  ".join(f"{t.gettext(L.CATEGORY_NAMES.get(c['id'], c['id']))} {c['score']}"
                           for c in result.get("categories") or ())
    lines.append(t.gettext(SCORE) % {"score": result["score"], "categories": categories})
    fixes = top_fixes(result, lang)
    if fixes:
        lines.append(t.gettext(FIXES))
        lines += [f"  {i}. " + t.gettext(FIX) % {"title": fix.title, "points": f"{fix.points_lost:g}",
                                                 "recommendation": fix.recommendation}
                  for i, fix in enumerate(fixes, 1)]
    return lines


def written_lines(lang: str, reports: Sequence[tuple[str, Path]], archive: str | None = None) -> list[str]:
    """Where the audit's files went: the WARC archive, then each report by its format's name."""
    t = get_translations(resolve_language(lang))
    lines = [t.gettext(ARCHIVE) % {"path": archive}] if archive else []
    return lines + [t.gettext(WRITTEN) % {"format": label, "path": path} for label, path in reports]


def portfolio_lines(lang: str, done: int, total: int, before: int, bad: int, run: int,
                    files: tuple[Path, Path, Path]) -> str:
    """What `touchaudit portfolio` says at the end: how many sites, and where the reports went."""
    t = get_translations(resolve_language(lang))
    values = {"done": done, "n": total, "before": before, "bad": bad, "run": run}
    counted = str(t.ngettext(*(RESUMED if before else SCANNED), total)) % values
    folder, dashboard, table = files
    return counted + "\n" + t.gettext(FILES) % {"folder": folder, "dashboard": dashboard, "csv": table}


def under_line(lang: str, threshold: int, url: str) -> str:
    """A site scoring under `--fail-under`."""
    return str(get_translations(resolve_language(lang)).gettext(UNDER)) % {"threshold": threshold, "url": url}
