"""Support hours: customers know when a person will answer, ideally around the clock.

Principle (001): phones answered by people, ideally 24/7. Pass: service or opening hours, or 24/7
availability, are stated in visible text or schema.org (ContactPoint `hoursAvailable`,
`openingHours`, `openingHoursSpecification`). Fail: none. Delivery "24/48 h" is not an opening time.
Good: "Atención al cliente: L-V 9:00-18:00". Bad: "Llámanos cuando quieras".
"""
from __future__ import annotations

from touchaudit.message import N_, msg
from touchaudit.model import Evidence, Outcome, SiteSnapshot, Status
from touchaudit.pages import structured
from touchaudit.pages.scan import scan_zones, text_evidence
from touchaudit.registry import CheckMeta, CheckOptions
from touchaudit.text import hours

META = CheckMeta(
    id="support_hours",
    reads_words=True,
    category="promises",
    weight=5,
    source="001_69574061bc163ddb.txt",
    title=N_("Support hours"),
    recommendation=N_("Publish your service hours next to the phone number and the chat (for example “Mon–Fri "
                      "9am–6pm”), and extend them to weekends or 24/7 if you can."),
)


def check(site: SiteSnapshot, opts: CheckOptions) -> Outcome:
    texts: list[str] = []
    evidence: list[Evidence] = []
    always = False
    for page, zone, text, m in scan_zones(site, "hours", hours.find_support_hours):
        always |= m.always_open
        if m.text not in texts:
            texts.append(m.text)
            evidence.append(text_evidence(page, zone, text, m.start, m.end, 40))
    for page in site.pages:
        for node in structured.walk(page.structured):
            for line in hours.hours_from_schema(node):
                if line not in texts:
                    texts.append(line)
                    evidence.append(Evidence(page.final_url, line, via="schema"))
    facts = {"hours_text": texts[:10], "always_open": always}
    if not texts:
        return Outcome(Status.FAIL, facts, summary=msg("No service hours are stated."))
    return Outcome(Status.PASS, facts, tuple(evidence[:5]), summary=msg("Hours: %(hours)s", hours=texts[0]))
