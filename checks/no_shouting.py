"""No shouting: body text is written in normal case, not in CAPITALS.

Principle (002): never write in ALL CAPS — online it reads as shouting. Measures the share of
capitalised words in body prose (main content lines of five or more words), ignoring menus,
buttons, short badges ("NUEVO", "OFERTA") and acronyms (IVA, DHL). Pass: under 5 %. Partial: 5–15 %.
Fail: over 15 %, or whole shouted paragraphs on three pages or more. A shouted slogan or banner
heading on its own is not shouting at customers. Pages with no prose pass (nothing shouts).
Good: "Nuestro café se tuesta cada semana." Bad: "ENVÍO GRATIS EN TODOS LOS PEDIDOS, ¡APROVECHA YA!".
"""
from __future__ import annotations

from touchaudit.model import Evidence, Outcome, SiteSnapshot, Status, Zone
from touchaudit.registry import CheckMeta, CheckOptions
from touchaudit.text import caps

META = CheckMeta(
    id="no_shouting",
    category="etiquette",
    weight=3,
    source="002_caf0b9448fcd49bb.txt",
    title={"es": "Sin mayúsculas que gritan", "en": "No shouting in capitals"},
    recommendation={
        "es": "Escribe los textos en mayúsculas y minúsculas normales; para destacar algo usa negrita o un titular, "
        "nunca frases enteras en MAYÚSCULAS.",
        "en": "Write text in normal sentence case; to highlight something use bold or a heading, never whole "
        "sentences in CAPITALS.",
    },
)
PASS_BELOW = 0.05
FAIL_ABOVE = 0.15


def check(site: SiteSnapshot, opts: CheckOptions) -> Outcome:
    seen: set[str] = set()
    per_page: list[tuple[str, caps.CapsReport]] = []
    for page in site.pages:
        lines = [line for line in page.text.get(Zone.MAIN.value, "").split("\n") if line not in seen]
        seen.update(lines)
        per_page.append((page.final_url, caps.shouting(lines)))
    words = sum(r.words for _, r in per_page)
    shouted = sum(r.caps_words for _, r in per_page)
    ratio = round(shouted / words, 3) if words else 0.0
    examples = [(url, ex) for url, r in per_page for ex in r.examples]
    facts = {"caps_ratio": ratio, "examples": [ex for _, ex in examples[:3]], "words": words}
    if not per_page:
        return Outcome(Status.NOT_APPLICABLE, facts, summary={"es": "No hay texto de cuerpo que medir.",
                                                              "en": "There is no body text to measure."})
    pct = round(ratio * 100, 1)
    summary = {"es": f"{pct} % de las palabras del cuerpo están en mayúsculas.",
               "en": f"{pct}% of body words are in capitals."}
    if examples:
        evidence = tuple(Evidence(url, ex[:300]) for url, ex in examples[:3])
    else:
        url, report = max(per_page, key=lambda pr: pr[1].words)
        evidence = (Evidence(url, f"{report.words} words of body text, {report.caps_words} in capitals"),)
    pages_shouting = len({url for url, _ in examples})
    if ratio > FAIL_ABOVE or pages_shouting >= 3:
        return Outcome(Status.FAIL, facts, evidence, summary=summary)
    if ratio >= PASS_BELOW:
        return Outcome(Status.PARTIAL, facts, evidence, summary=summary)
    return Outcome(Status.PASS, facts, evidence, summary=summary)
