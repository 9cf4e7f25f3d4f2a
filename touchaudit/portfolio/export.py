"""The portfolio as CSV for spreadsheets: one row per site, one column per check.

Cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) are prefixed with a quote:
a shop's name or URL is untrusted input (CSV/formula injection, OWASP).
"""
from __future__ import annotations

import csv
import io
from typing import Any, Iterable, Mapping, Sequence

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # a number is never a formula, even when negative
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def portfolio_csv(rows: Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]], check_ids: Sequence[str],
                  lang: str = "en") -> str:
    """rows: (site {url, name, tags, report}, result dict) -> CSV text, one row per site sorted by
    name (or URL), so two runs' files compare line by line. The change columns say what changed
    since the site's previous scan in `lang` (portfolio/changes.py)."""
    from touchaudit.portfolio.changes import CSV_COLUMNS, change_cells
    from touchaudit.reports.crawl_view import reason_in_words

    out = io.StringIO()
    writer = csv.writer(out)
    categories = ("contact", "alternatives", "promises", "trust", "etiquette")
    writer.writerow(["name", "url", "tags", "scan_status", "reason", "score", "pages", *CSV_COLUMNS, "report",
                     *categories, *check_ids])
    for site, result in sorted(rows, key=lambda row: (str(row[0].get("name") or row[0].get("url") or "").casefold(),
                                                     str(row[0].get("url") or ""))):
        scan = result.get("scan", {})
        cats = {c["id"]: c.get("score") for c in result.get("categories", [])}
        checks = {c["id"]: c.get("status") for c in result.get("checks", [])}
        changes = change_cells(result, lang)
        writer.writerow([neutralise(v) for v in (
            site.get("name"), site.get("url"), ",".join(site.get("tags") or ()), scan.get("status"),
            reason_in_words(scan, lang), result.get("score"), scan.get("pages_fetched"), *(changes[c] for c in CSV_COLUMNS),
            site.get("report"), *(cats.get(c) for c in categories), *(checks.get(i) for i in check_ids),
        )])
    return out.getvalue()
