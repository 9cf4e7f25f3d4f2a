"""Detection accuracy on the labelled real-shop corpus (../shared/corpus), per check and per fact.

Each corpus site's saved pages go through the same page builder as a crawl (Scrapy's HtmlResponse,
its encoding detection, one parse) into a SiteSnapshot, and through the same runner as an audit.
Only the fetching is skipped. Labels `pass`/`fail` are compared; `null` labels are not scored.

    python scripts/accuracy.py [--corpus PATH] [--country-hint domain|manifest] [--misses] [--json out.json]

Skips cleanly (exit 0) when the corpus is absent. Nothing from the corpus is copied anywhere.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrapy.http import HtmlResponse  # noqa: E402

from touchaudit.model import SiteSnapshot  # noqa: E402
from touchaudit.output import result_dict  # noqa: E402
from touchaudit.pages import decode  # noqa: E402
from touchaudit.pages.builder import build_page  # noqa: E402
from touchaudit.pages.platform import detect  # noqa: E402
from touchaudit.registry import CheckOptions  # noqa: E402
from touchaudit.runner import audit  # noqa: E402
from touchaudit.snapshot import CrawlOutcome  # noqa: E402

# label fact name -> (check id, fact name) in our results
FACTS = {
    "phones": ("phone", "numbers"),
    "emails": ("email", "emails"),
    "channels": ("contact_channels", "channels"),
    "payments": ("payment_options", "methods"),
    "shipping": ("shipping_options", "options"),
    "return_window_days": ("return_policy", "window_days"),
    "tax_ids": ("legal_identity", "tax_ids"),
}


def snapshot_of(corpus: Path, site: dict[str, Any], label: dict[str, Any], hint: str) -> SiteSnapshot:
    pages = []
    start = label.get("start_url") or site["pages"][0]["url"]
    for entry in site["pages"]:
        body = (corpus / entry["file"]).read_bytes()
        url = entry.get("url") or start
        response = decode.repaired(HtmlResponse(url=url, body=body))  # as the crawl decodes (pages/reader.py)
        is_home = entry["file"].endswith("/home.html") or url.rstrip("/") == start.rstrip("/") and urlsplit(start).path in ("", "/")
        pages.append(build_page(url=url, final_url=url, status=200, root=response.selector.root,
                                body=body, is_home=is_home, platform=detect(body)))
    explicit = site.get("country") if hint == "manifest" else None
    return CrawlOutcome(url=start, final_url=start, pages=tuple(pages), failures=(), home_failure=None,
                        platform=pages[0].platform if pages else None, budget=len(pages), robots_ignored=False,
                        country=explicit, started_at="", finished_at="").snapshot()


def normalise(fact: str, values: Any) -> set[str]:
    if values is None:
        return set()
    if fact == "return_window_days":
        return {str(values)}
    if fact == "tax_ids":
        return {str(v.get("value") if isinstance(v, dict) else v).upper().replace("-", "").replace(".", "").replace(" ", "") for v in values}
    return {str(v).lower() for v in values}


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "  - "


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--country-hint", choices=("domain", "manifest"), default="domain",
                    help="domain: infer the country as an audit without --country would; manifest: as if --country were given")
    ap.add_argument("--misses", action="store_true", help="print every disagreement with the label's note")
    ap.add_argument("--site", action="append", help="only these corpus slugs")
    ap.add_argument("--languages", help="only sites in these languages, e.g. es,en,pt (the languages touchaudit reads)")
    ap.add_argument("--json", type=Path, help="write the per-check numbers here")
    args = ap.parse_args()
    if not (args.corpus / "labels.json").is_file():
        print(f"corpus not found at {args.corpus}; skipping accuracy run")
        return 0
    labels = json.loads((args.corpus / "labels.json").read_text("utf-8"))
    manifest = {s["slug"]: s for s in json.loads((args.corpus / "manifest.json").read_text("utf-8"))}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    fact_counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    misses: list[str] = []
    for slug, label in sorted(labels.items()):
        if args.site and slug not in args.site:
            continue
        if args.languages and label.get("language") not in args.languages.split(","):
            continue
        result = result_dict(audit(snapshot := snapshot_of(args.corpus, manifest[slug], label, args.country_hint),
                                   CheckOptions(country=snapshot.country)))
        checks = {c["id"]: c for c in result["checks"]}
        for check_id, want in label["checks"].items():
            if check_id not in checks or want["expected"] not in ("pass", "fail"):
                continue
            got = checks[check_id]["status"]
            c = counts[check_id]
            c["n"] += 1
            if want["expected"] == "pass":
                c["tp" if got == "pass" else "fn"] += 1
            else:
                c["fp" if got == "pass" else "tn"] += 1
            if got == "fail":  # a false "fail" is what destroys a report's credibility
                c["said_fail"] += 1
                c["fail_ok"] += want["expected"] == "fail"
            if (got == "pass") != (want["expected"] == "pass"):
                summary = (checks[check_id].get("summary") or {}).get("en", "")
                misses.append(f"{slug:28} {check_id:18} label {want['expected']:4} got {got:8} | {summary[:90]} | label: {want['note'][:110]}")
        for fact, (check_id, name) in FACTS.items():
            if check_id not in checks or fact not in label["facts"]:
                continue
            want_set = normalise(fact, label["facts"][fact])
            got_set = normalise(fact, checks[check_id]["facts"].get(name))
            f = fact_counts[fact]
            f["tp"] += len(want_set & got_set)
            f["fp"] += len(got_set - want_set)
            f["fn"] += len(want_set - got_set)
            if args.misses and want_set != got_set:
                misses.append(f"{slug:28} fact {fact:14} extra {sorted(got_set - want_set)[:4]} missing {sorted(want_set - got_set)[:4]}")
    print(f"country hint: {args.country_hint}; languages: {args.languages or 'all'}")
    print(f"{'check':20} {'n':>3} {'prec':>5} {'recall':>6} {'fail-prec':>9}  tp fp fn tn")
    table = {}
    for check_id in sorted(counts):
        c = counts[check_id]
        row = {"n": c["n"], "precision": c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else None,
               "recall": c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else None,
               "fail_precision": c["fail_ok"] / c["said_fail"] if c["said_fail"] else None}
        table[check_id] = row
        print(f"{check_id:20} {c['n']:>3} {ratio(c['tp'], c['tp'] + c['fp']):>5} {ratio(c['tp'], c['tp'] + c['fn']):>6} "
              f"{ratio(c['fail_ok'], c['said_fail']):>9}  {c['tp']:2} {c['fp']:2} {c['fn']:2} {c['tn']:2}")
    t = {k: sum(c[k] for c in counts.values()) for k in ("n", "tp", "fp", "fn", "tn", "said_fail", "fail_ok")}
    print(f"{'all checks':20} {t['n']:>3} {ratio(t['tp'], t['tp'] + t['fp']):>5} {ratio(t['tp'], t['tp'] + t['fn']):>6} "
          f"{ratio(t['fail_ok'], t['said_fail']):>9}  {t['tp']:2} {t['fp']:2} {t['fn']:2} {t['tn']:2}"
          f"  ({t['said_fail'] - t['fail_ok']} of {t['said_fail']} fails wrong)")
    print(f"\n{'fact':20} {'prec':>5} {'recall':>6}  tp fp fn")
    for fact in FACTS:
        if fact in fact_counts:
            f = fact_counts[fact]
            print(f"{fact:20} {ratio(f['tp'], f['tp'] + f['fp']):>5} {ratio(f['tp'], f['tp'] + f['fn']):>6}  {f['tp']:2} {f['fp']:2} {f['fn']:2}")
    if args.misses:
        print("\nmisses:")
        print("\n".join(misses))
    if args.json:
        args.json.write_text(json.dumps({"checks": table, "facts": fact_counts}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
