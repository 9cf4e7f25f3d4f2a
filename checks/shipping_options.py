"""Shipping options: a shipping policy with more than one way to get the order.

Principle (000): a shipping policy with several options — standard and express, pickup, free
shipping over an amount. Options come from visible text (the shipping policy above all) in the
spec's SHIPPING vocabulary. Pass: 2 or more distinct options. Partial: 1. Fail: none.
Good: "Envío estándar 24/48 h, exprés y recogida en tienda". Bad: "Enviamos tu pedido".
"""
from __future__ import annotations

from touchaudit.message import N_, msg, nmsg, words
from touchaudit.model import Evidence, Outcome, SiteSnapshot, Status
from touchaudit.pages.scan import scan_zones, text_evidence
from touchaudit.registry import CheckMeta, CheckOptions
from touchaudit.text import shipping

META = CheckMeta(
    id="shipping_options",
    reads_words=True,
    category="alternatives",
    weight=5,
    source="000_9a930db029dc3ab1.txt",
    title=N_("Several shipping options"),
    recommendation=N_("Publish a shipping policy with at least two options (standard and express, store or point "
                      "pickup) with their times and prices, and the order value above which shipping is free."),
)


def check(site: SiteSnapshot, opts: CheckOptions) -> Outcome:
    found: dict[str, Evidence] = {}
    threshold: str | None = None
    for page, zone, text, hit in scan_zones(site, "shipping", shipping.shipping_in_text):
        found.setdefault(hit.option, text_evidence(page, zone, text, hit.start, hit.end, 50))
    for page in site.pages:
        for text in page.text.values():
            if threshold is None:  # in any language: the finder looks only after a free-shipping offer
                threshold = shipping.free_shipping_threshold(text)
    options = [o for o in shipping.SHIPPING if o in found]
    facts = {"options": options, "free_shipping_threshold": threshold}
    summary = nmsg("%(n)s shipping option: %(options)s.", "%(n)s shipping options: %(options)s.",
                   len(options), options=words(options)) if options else msg("No shipping option was found.")
    status = Status.PASS if len(options) >= 2 else Status.PARTIAL if options else Status.FAIL
    return Outcome(status, facts, tuple(found[o] for o in options)[:6], summary=summary)
