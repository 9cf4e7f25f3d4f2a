"""No shouting: body text is written in normal case, not in CAPITALS.

Principle (002): never write in ALL CAPS — online it reads as shouting. Measures the share of
capitalised words in body prose (main content lines of five or more words), ignoring menus,
buttons, short badges ("NUEVO", "OFERTA"), acronyms (IVA, DHL), and product names and tiles (a
line that is a link's whole text is a label, not prose). Pass: under 5 %. Partial: 5–15 %.
Fail: over 15 %, or whole shouted paragraphs on three pages or more. A shouted slogan or banner
heading on its own is not shouting at customers. Under 30 words of prose (six words must not zero
a category) there is no fail: the page text as a whole passes when it is in normal case (30+
long words, under 5 % in capitals), else the check is not applicable. Hidden blocks don't count.
Good: "Nuestro café se tuesta cada semana." Bad: "ENVÍO GRATIS EN TODOS LOS PEDIDOS, ¡APROVECHA YA!".
"""
from __future__ import annotations

from touchaudit.message import N_, msg, nmsg
from touchaudit.model import Evidence, Outcome, PageRecord, SiteSnapshot, Status, Zone
from touchaudit.registry import CheckMeta, CheckOptions
from touchaudit.text import caps

META = CheckMeta(
    id="no_shouting",
    reads_words=True,
    category="etiquette",
    weight=3,
    source="002_caf0b9448fcd49bb.txt",
    title=N_("No shouting in capitals"),
    recommendation=N_("Write text in normal sentence case; to highlight something use bold or a heading, never "
                      "whole sentences in CAPITALS."),
)
PASS_BELOW = 0.05
FAIL_ABOVE = 0.15
MIN_PROSE_WORDS = 30


def check(site: SiteSnapshot, opts: CheckOptions) -> Outcome:
    seen: set[str] = set()
    per_page: list[tuple[str, caps.CapsReport]] = []
    for page in site.pages:
        labels = {link.text for link in page.links}  # product tiles and menus: labels, not prose
        lines = [line for line in page.text.get(Zone.MAIN.value, "").split("\n") if line not in seen and line not in labels]
        seen.update(lines)
        per_page.append((page.final_url, caps.shouting(lines)))
    words = sum(r.words for _, r in per_page)
    shouted = sum(r.caps_words for _, r in per_page)
    ratio = round(shouted / words, 3) if words else 0.0
    examples = [(url, ex) for url, r in per_page for ex in r.examples]
    facts = {"caps_ratio": ratio, "examples": [ex for _, ex in examples[:3]], "words": words}
    if words < MIN_PROSE_WORDS:
        return _little_prose(site, facts, words)
    summary = msg("%(percent)s%% of body words are in capitals.", percent=round(ratio * 100, 1))
    if examples:
        evidence = tuple(Evidence(url, ex[:300]) for url, ex in examples[:3])
    else:  # the prose itself, in normal case, is the proof
        url, _ = max(per_page, key=lambda pr: pr[1].words)
        evidence = (Evidence(url, _longest_line(next(p for p in site.pages if p.final_url == url))),)
    pages_shouting = len({url for url, _ in examples})
    if ratio > FAIL_ABOVE or pages_shouting >= 3:
        return Outcome(Status.FAIL, facts, evidence, summary=summary)
    if ratio >= PASS_BELOW:
        return Outcome(Status.PARTIAL, facts, evidence, summary=summary)
    return Outcome(Status.PASS, facts, evidence, summary=summary)


def _little_prose(site: SiteSnapshot, facts: dict[str, object], prose: int) -> Outcome:
    """Too little prose for a verdict on it: pass on text that is plainly in normal case, else
    not applicable. Never a fail from a handful of words."""
    counts = [(page, caps.long_words(page.text.get(Zone.MAIN.value, "").split("\n"))) for page in site.pages]
    total = sum(n for _, (n, _) in counts)
    shouted = sum(c for _, (_, c) in counts)
    if total >= MIN_PROSE_WORDS and shouted < PASS_BELOW * total:
        page, _ = max(counts, key=lambda pc: pc[1][0])
        return Outcome(Status.PASS, {**facts, "caps_ratio": round(shouted / total, 3)},
                       (Evidence(page.final_url, _longest_line(page)),), summary=msg(
            "Little prose, but the page text is in normal case (%(shouted)s of %(total)s words in capitals).",
            shouted=shouted, total=total))
    return Outcome(Status.NOT_APPLICABLE, facts, summary=nmsg(
        "There is too little body text to judge (%(n)s word).", "There is too little body text to judge (%(n)s words).",
        prose))


def _longest_line(page: PageRecord) -> str:
    """A page's longest line of main text: what a person reads to see it is not shouted."""
    return max(page.text.get(Zone.MAIN.value, "").split("\n"), key=len, default="")[:300] or page.title
