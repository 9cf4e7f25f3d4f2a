"""Payment options: several ways to pay, so no customer is turned away at checkout.

Principle (000): offer alternatives — cards, cheques, e-mail payments, instalments. Methods come
from visible text, payment badges (image alt text and file names), payment-icon markup and
schema.org `acceptedPaymentMethod`; card brands (Visa, Mastercard...) count once, as `card`.
Only ways to pay the shop count: not a product's features ("compatible with Apple Pay"), the
shop's own credit-card programme, a gift-card service, a tracking pixel, nor a local method
outside its market (an "oxxo" logo on a British tyre shop is the tyre brand).
Pass: 3 or more distinct methods. Partial: 2. Fail: fewer.
Good: "Tarjeta, PayPal, Bizum y transferencia". Bad: only a Visa badge.
"""
from __future__ import annotations

from touchaudit.message import N_, msg, nmsg, words
from touchaudit.model import Evidence, Outcome, PageRecord, Role, SiteSnapshot, Status, Zone
from touchaudit.pages import structured
from touchaudit.pages.scan import scan_zones, seen_of, text_evidence
from touchaudit.registry import CheckMeta, CheckOptions
from touchaudit.text import payments

META = CheckMeta(
    id="payment_options",
    reads_words=True,
    category="alternatives",
    weight=6,
    source="000_9a930db029dc3ab1.txt",
    title=N_("Several ways to pay"),
    recommendation=N_("Accept at least three ways to pay (card, PayPal or a wallet, bank transfer, instalments or "
                      "cash on delivery) and show them in the footer and on a payment page."),
)


def collect(site: SiteSnapshot) -> dict[str, list[tuple[Evidence, str | None]]]:
    """method -> [(evidence, card brand)] from text, badges, markup and schema.org."""
    found: dict[str, list[tuple[Evidence, str | None]]] = {}

    def add(method: str, ev: Evidence, brand: str | None) -> None:
        if payments.in_market(method, site.country, site.language):
            found.setdefault(method, []).append((ev, brand))

    for page, zone, text, hit in scan_zones(site, "payments", payments.payments_in_text):
        if payments.offered(text, hit, product_copy=_product_copy(page, zone, hit.method)):
            add(hit.method, text_evidence(page, zone, text, hit.start, hit.end, 50), hit.brand)
    for page in site.pages:
        for image in page.images:
            if image.tiny or image.zone is Zone.NAV:  # a tracking pixel; a menu's picture of the store card
                continue
            for hit in payments.payments_in_image(image.src, image.alt):
                add(hit.method, Evidence(page.final_url, hit.evidence[:200], None, image.zone.value,
                                         seen=seen_of(page, hidden=image.hidden), via="image"), hit.brand)
        for token in page.classes:
            for hit in payments.payments_in_markup(token):
                add(hit.method, Evidence(page.final_url, token, None, None, via="markup"), hit.brand)
        for value in structured.values_of(page.structured, "acceptedPaymentMethod"):
            for hit in payments.payments_in_text(str(value.get("@id", value) if isinstance(value, dict) else value)):
                add(hit.method, Evidence(page.final_url, str(value)[:200], via="schema"), hit.brand)
    return found


def _product_copy(page: PageRecord, zone: Zone, method: str) -> bool:
    """Main text of a product page, or of any catalogue page for the wallets phones and watches
    list among their features (Apple Pay, Google Pay): payment words must be near."""
    if zone is not Zone.MAIN:
        return False
    return page.role is Role.PRODUCT or page.role is Role.OTHER and method in ("apple_pay", "google_pay")


def check(site: SiteSnapshot, opts: CheckOptions) -> Outcome:
    found = collect(site)
    methods = [m for m in payments.PAYMENTS if m in found]
    brands = sorted({b for hits in found.values() for _, b in hits if b})
    facts = {"methods": methods, "card_brands": brands, "installments": "installments" in found}
    evidence = tuple(found[m][0][0] for m in methods)[:6]
    summary = nmsg("%(n)s payment method: %(methods)s.", "%(n)s payment methods: %(methods)s.",
                   len(methods), methods=words(methods)) if methods else msg("No payment method was found.")
    status = Status.PASS if len(methods) >= 3 else Status.PARTIAL if len(methods) == 2 else Status.FAIL
    return Outcome(status, facts, evidence, summary=summary)
