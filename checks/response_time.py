"""Response time: the shop says how fast it answers, and it is fast.

Principle (000, 001, 002, 003): reply within 48 hours at most; within the hour impresses. Pass: a
reply promise of 48 hours or less ("respondemos en menos de 24 horas", "we reply within one
business day"). Partial: a promise slower than 48 hours. Fail: no promise; vague words ("lo antes
posible", "shortly") are not promises, and refund or delivery times are not reply times.
Good: "Te contestamos en menos de 24 h". Bad: "Responderemos a la mayor brevedad".
"""
from __future__ import annotations

from touchaudit.message import N_, Duration, msg
from touchaudit.model import Evidence, Outcome, SiteSnapshot, Status
from touchaudit.pages.scan import scan_zones, text_evidence
from touchaudit.registry import CheckMeta, CheckOptions
from touchaudit.text import durations

META = CheckMeta(
    id="response_time",
    reads_words=True,
    category="promises",
    weight=5,
    source="002_caf0b9448fcd49bb.txt",
    title=N_("Promised reply time"),
    recommendation=N_("Say on the contact page how fast you reply (48 hours at most, ideally the same day) and keep "
                      "it: answering within the hour impresses."),
)
LIMIT_HOURS = 48


def check(site: SiteSnapshot, opts: CheckOptions) -> Outcome:
    promises: list[dict[str, object]] = []
    evidence: list[Evidence] = []
    for page, zone, text, p in scan_zones(site, "response", durations.find_response_promises):
        if all(p.hours != q["hours"] for q in promises):
            promises.append({"hours": p.hours, "text": p.text})
            evidence.append(text_evidence(page, zone, text, p.start, p.end, 50))
    facts = {"promises": promises}
    if not promises:
        return Outcome(Status.FAIL, facts, summary=msg("No reply time is promised."))
    fastest = min(float(p["hours"]) for p in promises)  # type: ignore[arg-type]
    summary = msg("Promises a reply within %(time)s.", time=Duration(fastest, fastest, "hours"))
    status = Status.PASS if fastest <= LIMIT_HOURS else Status.PARTIAL
    return Outcome(status, facts, tuple(evidence[:5]), summary=summary)
