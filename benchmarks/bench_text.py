"""Cost of each text detector on 50 KB of shop-like text (ms per call, best of 5), and on
adversarial input (long digit runs, long tokens) where a backtracking regex would explode.

    python benchmarks/bench_text.py

Not a test: it prints numbers. Detectors should stay well under 5 ms per 50 KB (perf-notes).
"""
from __future__ import annotations

import random
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from touchaudit.text import addresses, caps, durations, emails, guarantees, hours, payments, phones, shipping, taxids  # noqa: E402

LINES = [
    "Envío en 24/48 h laborables a toda la península. Devoluciones gratuitas durante 30 días.",
    "Atención al cliente: 912 345 678, de lunes a viernes de 9:00 a 18:00. Escríbenos a hola@tienda.es",
    "Calle de Alcalá 125, 28009 Madrid. Tienda Lumen S.L. — CIF B86527413.",
    "Paga con tarjeta, PayPal, Bizum o en 3 plazos sin intereses. Garantía de 3 años.",
    "Free shipping on orders over $75. Standard delivery in 5–7 business days. We reply within one business day.",
    "Precio: 1.299,00 € antes 1.499,00 €. SKU: 84123456789. Pedido nº 100234567. 12/05/2026.",
    "Nuestro café se tuesta cada semana en pequeños lotes para que te llegue fresco a casa.",
]


def sample(size: int = 50_000) -> str:
    rng = random.Random(7)
    out: list[str] = []
    while sum(len(l) + 1 for l in out) < size:
        out.append(rng.choice(LINES))
    return "\n".join(out)


def best(fn: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    text = sample()
    adversarial = ("1" * 5000 + " ") * 10 + ("x" * 5000 + "@") * 10 + "Calle " * 2000
    detectors: dict[str, Callable[[str], object]] = {
        "phones": lambda t: phones.find_phones(t, "ES"),
        "emails": emails.find_emails,
        "addresses": lambda t: addresses.find_addresses(t, "ES"),
        "delivery": durations.find_delivery_promises,
        "response": durations.find_response_promises,
        "returns": durations.find_return_windows,
        "hours": hours.find_support_hours,
        "guarantees": guarantees.find_guarantees,
        "payments": payments.payments_in_text,
        "shipping": shipping.shipping_in_text,
        "tax ids": lambda t: taxids.find_tax_ids(t, "ES"),
        "companies": taxids.find_company_names,
        "caps": lambda t: caps.shouting(t.split("\n")),
    }
    print(f"{'detector':12} {'50 KB text':>11} {'adversarial':>12}   (ms, best of 5)")
    for name, fn in detectors.items():
        print(f"{name:12} {best(lambda: fn(text)):11.2f} {best(lambda: fn(adversarial), 2):12.2f}")


if __name__ == "__main__":
    main()
