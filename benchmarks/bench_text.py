"""Cost of each text detector on 50 KB of shop-like text in each language read (ms per call, best
of 5, caches cleared between calls), and on adversarial input (long digit runs, long tokens)
where a backtracking regex would explode.

    python benchmarks/bench_text.py [--languages es,en,de]

Not a test: it prints numbers. Detectors should stay well under 5 ms per 50 KB (perf-notes).
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from touchaudit.text import addresses, caps, durations, emails, guarantees, hours, payments, phones, shipping, taxids  # noqa: E402

# Shop-like lines per language, dense in numbers, words and traps (written for this benchmark).
LINES = {
    "es": [
        "Envío en 24/48 h laborables a toda la península. Devoluciones gratuitas durante 30 días.",
        "Atención al cliente: 912 345 678, de lunes a viernes de 9:00 a 18:00. Escríbenos a hola@tienda.es",
        "Calle de Alcalá 125, 28009 Madrid. Tienda Lumen S.L. — CIF B86527413.",
        "Paga con tarjeta, PayPal, Bizum o en 3 plazos sin intereses. Garantía de 3 años.",
        "Precio: 1.299,00 € antes 1.499,00 €. SKU: 84123456789. Pedido nº 100234567. 12/05/2026.",
        "Nuestro café se tuesta cada semana en pequeños lotes para que te llegue fresco a casa.",
    ],
    "en": [
        "Free shipping on orders over $75. Standard delivery in 5–7 business days. We reply within one business day.",
        "Customer service: (212) 555-0143, Monday to Friday 9am-6pm. Write to hello@shop.example",
        "Fogline Supply, Inc., 120 Harbor Street, Portland, OR 97201. EIN 12-3456789.",
        "Pay by credit card, PayPal, Apple Pay or Klarna. 2-year warranty, money-back guarantee.",
        "Price: $1,299.00 was $1,499.00. SKU: 84123456789. Order #100234567. 05/12/2026.",
        "Our coffee is roasted every week in small batches so that it reaches you fresh.",
    ],
    "pt": [
        "Entrega em até 3 dias úteis. Portes grátis a partir de 50 €. Tem 14 dias para devolver.",
        "Apoio ao cliente: 213 456 789, seg. a sex. das 9h às 18h. Escreva para ola@loja.pt",
        "Rua Augusta 100, 1100-053 Lisboa. Maré Têxteis, Lda — NIPC 512345678. CNPJ 11.222.333/0001-81.",
        "Pague com Multibanco, MB Way, cartão de crédito, Pix ou boleto, parcelado sem juros. Garantia de 3 anos.",
        "Preço: 1.299,00 € antes 1.499,00 €. Encomenda n.º 213456780. 12/05/2026.",
        "As nossas mantas são tecidas em tear manual por oficinas do norte do país.",
    ],
    "de": [
        "Versand innerhalb von 1–3 Werktagen. Kostenlose Rücksendung innerhalb von 30 Tagen.",
        "Kundenservice: 089 21543210, Mo–Fr 9–18 Uhr. Schreiben Sie uns an service@laden.example",
        "Lindenhof Kaffee GmbH, Schillerstraße 5, 80336 München. HRB 246813, USt-IdNr. DE246813573.",
        "Bezahlen Sie per Rechnung, Vorkasse, PayPal oder Ratenkauf. 2 Jahre gesetzliche Gewährleistung.",
        "Preis: 1.299,00 € statt 1.499,00 €. Art.-Nr. 0891234567. Bestellnummer 4012345678. 12.05.2026.",
        "Unser Kaffee wird jede Woche in kleinen Mengen geröstet, damit er frisch bei Ihnen ankommt.",
    ],
    "fr": [
        "Livraison en 3 à 5 jours ouvrés. Livraison offerte dès 60 €. Retour gratuit sous 30 jours.",
        "Service client : 01 42 68 53 00, du lundi au vendredi de 9h à 18h. Écrivez-nous à bonjour@boutique.example",
        "Maison Lune SARL, 12 rue de la Paix, 75002 Paris. SIRET 732 829 320 00074, TVA FR44732829320.",
        "Paiement par CB, PayPal, chèque ou en 3x sans frais. Garantie légale de conformité, satisfait ou remboursé.",
        "Prix : 1 299,00 € au lieu de 1 499,00 €. N° de commande 0142685301. 12/05/2026.",
        "Nous sélectionnons nos thés auprès de petits producteurs et les expédions depuis notre atelier.",
    ],
    "it": [
        "Consegna entro 5 giorni lavorativi. Spedizione gratuita sopra 50 €. Reso entro 14 giorni.",
        "Assistenza clienti: 02 1234 5678, Lun–Ven 9.30–13.30 / 14.30–18.00. Scrivi a ciao@bottega.example",
        "Bottega Aurora S.r.l., Via Roma 10, 20121 Milano. P.IVA 07896120156.",
        "Paga con carta di credito, PayPal, bonifico, contrassegno, Satispay o Scalapay. Garanzia legale di 24 mesi.",
        "Prezzo: 1.299,00 € invece di 1.499,00 €. Ordine n. 0212345679. 12/05/2026.",
        "Prepariamo ogni ordine nel nostro laboratorio e lo affidiamo al corriere con cura.",
    ],
}
REGION = {"es": "ES", "en": "US", "pt": "PT", "de": "DE", "fr": "FR", "it": "IT"}


def sample(lines: list[str], size: int = 50_000) -> str:
    rng = random.Random(7)
    out: list[str] = []
    while sum(len(l) + 1 for l in out) < size:
        out.append(rng.choice(lines))
    return "\n".join(out)


def best(fn: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        durations._quantities.cache_clear()  # the three time finders share a cache of a site's texts
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def detectors(region: str) -> dict[str, Callable[[str], object]]:
    return {
        "phones": lambda t: phones.find_phones(t, region),
        "emails": emails.find_emails,
        "addresses": lambda t: addresses.find_addresses(t, region),
        "delivery": durations.find_delivery_promises,
        "response": durations.find_response_promises,
        "returns": durations.find_return_windows,
        "hours": hours.find_support_hours,
        "guarantees": guarantees.find_guarantees,
        "payments": payments.payments_in_text,
        "shipping": shipping.shipping_in_text,
        "tax ids": lambda t: taxids.find_tax_ids(t, region),
        "companies": taxids.find_company_names,
        "caps": lambda t: caps.shouting(t.split("\n")),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--languages", default=",".join(LINES), help="samples to time, e.g. es,de")
    langs = [lang for lang in ap.parse_args().languages.split(",") if lang in LINES]
    texts = {lang: sample(LINES[lang]) for lang in langs}
    adversarial = ("1" * 5000 + " ") * 10 + ("x" * 5000 + "@") * 10 + "Calle " * 2000 + "Straße " * 2000
    print(f"{'detector':12} " + " ".join(f"{lang + ' 50 KB':>9}" for lang in langs) + f" {'adversarial':>12}"
          "   (ms, best of 5)")
    for name in detectors("ES"):
        row = [best(lambda: detectors(REGION[lang])[name](texts[lang])) for lang in langs]
        worst = best(lambda: detectors("DE")[name](adversarial), 2)
        print(f"{name:12} " + " ".join(f"{ms:9.2f}" for ms in row) + f" {worst:12.2f}")


if __name__ == "__main__":
    main()
