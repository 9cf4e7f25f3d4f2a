"""Delivery time: a concrete, honest promise of when the order arrives.

Principle (000): speed, promised honestly — under-promise and over-deliver. Promises come from
visible text in a delivery context ("24/48 h", "de 3 a 5 días hábiles", "2–4 business days") and
schema.org OfferShippingDetails `deliveryTime`. Pass: at least one concrete promise. Fail: none;
"envío rápido" without a time is not a promise, nor are return windows or reply times.
Good: "Entrega en 24/48 h laborables". Bad: "Te lo enviamos lo antes posible".
"""
from __future__ import annotations

from typing import Any

from touchaudit.message import N_, Duration, msg
from touchaudit.model import Evidence, Outcome, SiteSnapshot, Status
from touchaudit.pages import structured
from touchaudit.pages.scan import scan_zones, text_evidence
from touchaudit.registry import CheckMeta, CheckOptions
from touchaudit.text import durations

META = CheckMeta(
    id="delivery_time",
    reads_words=True,
    category="promises",
    weight=6,
    source="000_9a930db029dc3ab1.txt",
    title=N_("Promised delivery time"),
    recommendation=N_("State a concrete, realistic delivery time (for example “2–4 business days”) on product pages "
                      "and the shipping page, and keep it."),
)
_UNITS = {"HUR": "hours", "DAY": "days", "WEE": "weeks", "d": "days", "h": "hours"}


def _schema_promises(node: Any) -> list[dict[str, Any]]:
    out = []
    for part in ("transitTime", "handlingTime"):
        value = node.get(part) if isinstance(node, dict) else None
        if isinstance(value, dict) and ("minValue" in value or "maxValue" in value):
            try:
                low = float(value.get("minValue", value.get("maxValue")))
                high = float(value.get("maxValue", low))
            except (TypeError, ValueError):
                continue
            code = str(value.get("unitCode", "DAY"))
            out.append({"min": low, "max": high, "unit": _UNITS.get(code, "days"),
                        "text": f"{part}: {low:g}–{high:g} {code}"})
    return out


def check(site: SiteSnapshot, opts: CheckOptions) -> Outcome:
    promises: list[dict[str, Any]] = []
    evidence: list[Evidence] = []
    seen: set[tuple[float, float, str]] = set()
    for page, zone, text, p in scan_zones(site, "delivery", durations.find_delivery_promises):
        key = (p.min, p.max, p.unit)
        if key not in seen:
            seen.add(key)
            promises.append({"min": p.min, "max": p.max, "unit": p.unit, "text": p.text})
            evidence.append(text_evidence(page, zone, text, p.start, p.end, 50))
    for page in site.pages:
        for node in structured.find_typed(page.structured, "ShippingDeliveryTime"):
            for promise in _schema_promises(node):
                if (promise["min"], promise["max"], promise["unit"]) not in seen:
                    seen.add((promise["min"], promise["max"], promise["unit"]))
                    promises.append(promise)
                    evidence.append(Evidence(page.final_url, promise["text"], via="schema"))
    facts = {"promises": promises}
    if not promises:
        return Outcome(Status.FAIL, facts, summary=msg("No concrete delivery time is promised."))
    shown = tuple(Duration(p["min"], p["max"], p["unit"]) for p in promises[:2])
    return Outcome(Status.PASS, facts, tuple(evidence[:5]),
                   summary=msg("Promised delivery times: %(times)s.", times=shown))
