"""Guarantee phrases as data: each kind in Spanish, English and Portuguese, and look-alikes."""
from __future__ import annotations


import pytest

from touchaudit.text.guarantees import KINDS, GuaranteeMatch, find_guarantees

# (id, text, [(kind, phrase), ...])
GOOD = [
    ("es_garantia_anos", "Todos nuestros productos tienen garantía de 2 años",
     [("warranty", "garantía de 2 años")]),
    ("es_anos_de_garantia", "Incluye 3 años de garantía", [("warranty", "3 años de garantía")]),
    ("es_garantia_legal", "Garantía legal de 3 años según la ley", [("warranty",
                                                                    "Garantía legal de 3 años")]),
    ("es_fabricante", "Cuenta con garantía del fabricante", [("warranty",
                                                             "garantía del fabricante")]),
    ("es_vitalicia", "Sartenes con garantía vitalicia", [("warranty", "garantía vitalicia")]),
    ("es_devolucion_dinero", "Devolución del dinero si no te convence",
     [("money_back", "Devolución del dinero")]),
    ("es_satisfecho_o", "Satisfecho o te devolvemos tu dinero",
     [("money_back", "Satisfecho o te devolvemos tu dinero")]),
    ("es_reembolso_garantizado", "Reembolso garantizado", [("money_back",
                                                           "Reembolso garantizado")]),
    ("es_satisfaccion", "100% satisfacción garantizada", [("satisfaction",
                                                          "100% satisfacción garantizada")]),
    ("es_igualamos", "Igualamos precios de la competencia", [("price_match",
                                                              "Igualamos precios")]),
    ("es_compra_protegida", "Compra protegida con tu tarjeta", [("secure_purchase",
                                                                "Compra protegida")]),
    ("es_compra_segura_garantizada", "Compra segura y garantizada",
     [("secure_purchase", "Compra segura y garantizada")]),
    ("mx_garantia_meses", "Garantía de 12 meses directo con la marca",
     [("warranty", "Garantía de 12 meses")]),
    ("ar_mejor_precio", "Mejor precio garantizado", [("price_match", "Mejor precio garantizado")]),
    ("cl_garantia_colon", "Garantía: 6 meses", [("warranty", "Garantía: 6 meses")]),
    ("en_year_warranty", "Comes with a 2-year warranty", [("warranty", "2-year warranty")]),
    ("en_lifetime", "Lifetime warranty on all knives", [("warranty", "Lifetime warranty")]),
    ("en_manufacturer", "Limited Manufacturer’s Warranty.", [("warranty",
                                                              "Limited Manufacturer’s Warranty")]),
    ("en_money_back", "30-day money-back guarantee", [("money_back", "money-back guarantee")]),
    ("en_full_refund", "Damaged on arrival? 100% refund.", [("money_back", "100% refund")]),
    ("en_satisfaction", "Satisfaction guaranteed", [("satisfaction", "Satisfaction guaranteed")]),
    ("en_happiness", "Our Happiness Guarantee", [("satisfaction", "Happiness Guarantee")]),
    ("en_price_match", "Price Match Guarantee", [("price_match", "Price Match Guarantee")]),
    ("en_we_match", "We'll match any price", [("price_match", "We'll match any price")]),
    ("en_buyer_protection", "Buyer protection on every order", [("secure_purchase",
                                                                 "Buyer protection")]),
    ("pt_garantia_anos", "Garantia 3 Anos +20,00 €", [("warranty", "Garantia 3 Anos")]),
    ("pt_two_kinds", "Satisfação garantida ou seu dinheiro de volta",
     [("satisfaction", "Satisfação garantida"), ("money_back", "dinheiro de volta")]),
    ("pt_compra_garantida", "Compra garantida", [("secure_purchase", "Compra garantida")]),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in GOOD], ids=[c[0] for c in GOOD])
def test_finds_guarantee(text: str, expected: list[tuple[str, str]]) -> None:
    found = find_guarantees(text)
    assert [(m.kind, m.text) for m in found] == expected
    for match in found:
        assert text[match.start:match.end] == match.text
        assert match.kind in KINDS
        assert isinstance(match, GuaranteeMatch)


TRAPS = [
    ("privacy", "Garantizamos la privacidad de tus datos"),
    ("not_guaranteed", "No garantizamos la disponibilidad de stock"),
    ("sin_garantia", "Producto de segunda mano, sin garantía"),
    ("sin_garantia_anos", "Se vende sin garantía de 2 años"),
    ("title_alone", "Garantía"),
    ("menu_labels", "Envíos · Devoluciones · Garantías · Contacto"),
    ("warranty_void", "Warranty void if seal is broken"),
    ("pago_seguro", "Pago seguro con tarjeta"),
    ("compra_segura_alone", "Compra 100% segura"),
    ("no_warranty_en", "Sold as is, no warranty"),
    ("guarantee_verb_delivery", "We guarantee delivery before Christmas"),
    ("refund_policy_title", "Refund policy"),
    ("price_word", "Best price in town"),
    ("garantia_de_compra_label", "• Garantía de Compra"),
    ("empty", ""),
]


@pytest.mark.parametrize("text", [c[1] for c in TRAPS], ids=[c[0] for c in TRAPS])
def test_trap_is_not_a_guarantee(text: str) -> None:
    assert find_guarantees(text) == []
