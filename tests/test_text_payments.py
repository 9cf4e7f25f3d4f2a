"""Payment detection as data: methods in text, badges and icon markup, and named traps."""
from __future__ import annotations

import pytest

from touchaudit.text.payments import (
    CARD_BRANDS,
    PAYMENTS,
    PaymentHit,
    payments_in_image,
    payments_in_markup,
    payments_in_text,
)

Pairs = list[tuple[str, str | None]]

# (id, text, expected (method, brand) pairs in order of position)
TEXT_GOOD: list[tuple[str, str, Pairs]] = [
    ("es_cards_and_paypal", "Puedes pagar con tarjeta de crédito o débito y con PayPal.",
     [("card", None), ("paypal", None)]),
    ("es_brand_list", "Aceptamos Visa, Mastercard, Maestro y American Express",
     [("card", "visa"), ("card", "mastercard"), ("card", "maestro"), ("card", "amex")]),
    ("es_bare_tarjeta_after_verb", "Aceptamos tarjeta y transferencia bancaria.",
     [("card", None), ("bank_transfer", None)]),
    ("es_gift_card_is_not_card", "Pago con tarjeta regalo", [("store_credit", None)]),
    ("es_transfer_cod_bizum", "Formas de pago: transferencia bancaria, contra reembolso y Bizum",
     [("bank_transfer", None), ("cash_on_delivery", None), ("bizum", None)]),
    ("co_contraentrega", "Pago contraentrega en Bogotá y Medellín", [("cash_on_delivery", None)]),
    ("mx_oxxo_msi", "Paga en efectivo en OXXO o a 12 meses sin intereses",
     [("cash", None), ("oxxo", None), ("installments", None)]),
    ("ar_listed_local_brands", "Tarjetas: Visa, Master, Naranja y Cabal en 6 cuotas sin interés",
     [("card", "visa"), ("card", "mastercard"), ("card", "naranja"), ("card", "cabal"),
      ("installments", None)]),
    ("ar_mercado_pago", "Pagá con Mercado Pago, Rapipago o Pago Fácil",
     [("mercado_pago", None), ("cash", None), ("cash", None)]),
    ("cl_webpay_transfer", "Webpay Plus y pago por transferencia", [("card", None),
                                                                     ("bank_transfer", None)]),
    ("en_cards_wallets", "We accept credit cards, Apple Pay and Google Pay",
     [("card", None), ("apple_pay", None), ("google_pay", None)]),
    ("en_klarna_is_two", "Pay later with Klarna", [("installments", None), ("klarna", None)]),
    ("en_affirm_after_with", "Split it into installments with Affirm",
     [("installments", None), ("installments", None)]),
    ("en_cheque_crypto", "Payment by cheque or Bitcoin is welcome",
     [("cheque", None), ("crypto", None)]),
    ("en_cod_gift_card", "Cash on delivery available; gift cards accepted",
     [("cash_on_delivery", None), ("store_credit", None)]),
    ("es_plazos_aplazame", "Pago en 3 plazos con Aplazame o SeQura",
     [("installments", None), ("installments", None), ("installments", None)]),
    ("es_store_credit", "Admitimos tarjeta regalo y vale de compra", [("store_credit", None)]),
    ("pt_pix_boleto_parcelado", "Pague com Pix, boleto bancário ou parcelado no cartão de crédito",
     [("pix", None), ("boleto", None), ("installments", None), ("card", None)]),
    ("pt_elo_hipercard", "Cartões Visa, Elo e Hipercard em até 10x sem juros",
     [("card", "visa"), ("card", "elo"), ("card", "hipercard"), ("installments", None)]),
    ("es_criptomonedas", "También aceptamos criptomonedas", [("crypto", None)]),
    ("upper_case_visa", "PAGO SEGURO CON VISA", [("card", "visa")]),
    ("visa_then_discover_prose", "Paga con tarjeta Visa. Discover the range",
     [("card", None), ("card", "visa")]),
    ("cheque_regalo_alone_is_a_product_not_a_payment", "Cheque-regalo", []),
    ("cl_cash_price", "Precio efectivo $19.990 · Sólo efectivo en tienda", [("cash", None),
                                                                            ("cash", None)]),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in TEXT_GOOD],
                         ids=[c[0] for c in TEXT_GOOD])
def test_payments_in_text(text: str, expected: Pairs) -> None:
    hits = payments_in_text(text)
    assert [(h.method, h.brand) for h in hits] == expected
    for h in hits:
        assert text[h.start:h.end] == h.evidence
        assert h.method in PAYMENTS
        assert h.brand is None or h.brand in CARD_BRANDS


def test_evidence_and_positions() -> None:
    text = "Hasta 12 cuotas sin interés. Pago contra entrega."
    assert payments_in_text(text) == [
        PaymentHit("installments", None, "Hasta 12 cuotas sin interés", 0, 27),
        PaymentHit("cash_on_delivery", None, "Pago contra entrega", 29, 48),
    ]


# (id, text): nothing here is a payment method
TEXT_TRAPS = [
    ("visado", "Consulta los requisitos del visado antes de viajar"),
    ("avisa", "Avisa a tu familia: llegan las rebajas"),
    ("visa_lowercase_document", "apply for a travel visa at the embassy"),
    ("discover_collection", "Discover our new collection of linen shirts"),
    ("pixel", "Cámara de 12 megapíxeles y pixel binning"),
    ("pix_lowercase_prose", "more pix of the product below"),
    ("vale_la_pena", "Vale la pena probar este café"),
    ("vale_ok", "Vale, te lo enviamos mañana"),
    ("naranja_fruit", "Zumo de Naranja natural recién exprimido"),
    ("maestro_chocolatero", "El Maestro chocolatero elabora cada bombón"),
    ("cabal_adjective", "Una respuesta cabal a tus dudas"),
    ("carnet_de_conducir", "Necesitas el carnet de conducir"),
    ("efectivo_adjective", "Un tratamiento efectivo contra la caspa"),
    ("plazos_de_entrega", "Consulta los plazos de entrega en tu zona"),
    ("boleto_ticket", "Compra tu boleto para el concierto"),
    ("affirm_verb", "Affirm your love with this ring"),
    ("pago_facil_prose", "Un pago fácil y seguro"),
    ("transferencia_de_datos", "La transferencia de datos está cifrada"),
    ("installment_episode", "The latest installment of the saga"),
    ("elo_rating", "Ranking Elo de ajedrez"),
    ("tarjeta_fidelidad", "Pide tu tarjeta de fidelidad"),
    ("tarjeta_grafica", "Tarjeta gráfica con 8 GB y tarjetas de felicitación"),
    ("tarjeta_after_other_verb", "Compra tu tarjeta de visita"),
    ("jcb_excavator", "Excavadora JCB de juguete"),
    ("oxxo_tyre_brand", "Oxxo tyres for winter driving"),
]


@pytest.mark.parametrize("text", [c[1] for c in TEXT_TRAPS], ids=[c[0] for c in TEXT_TRAPS])
def test_text_trap_is_not_a_payment(text: str) -> None:
    assert payments_in_text(text) == []


# (id, src, alt, expected (method, brand, evidence))
IMAGE_GOOD: list[tuple[str, str, str, list[tuple[str, str | None, str]]]] = [
    ("svg_file_name", "/icons/visa.svg", "", [("card", "visa", "visa.svg")]),
    ("folder_context", "https://cdn.shop.es/payment-icons/mastercard.png?v=3", "",
     [("card", "mastercard", "mastercard.png")]),
    ("logo_prefix", "/img/logo-paypal.png", "", [("paypal", None, "logo-paypal.png")]),
    ("camel_case", "/assets/MercadoPago.svg", "", [("mercado_pago", None, "MercadoPago.svg")]),
    ("bizum_hashed", "/static/bizum_3fa9c2d1.png", "", [("bizum", None, "bizum_3fa9c2d1.png")]),
    ("alt_only", "/img/x12.png", "Visa", [("card", "visa", "Visa")]),
    ("alt_logo_words", "/img/a.png", "Logo PayPal", [("paypal", None, "Logo PayPal")]),
    ("alt_phrase", "/img/b.png", "Pago con tarjeta de crédito", [("card", None,
                                                                  "Pago con tarjeta de crédito")]),
    ("ambiguous_in_payment_folder", "/img/medios-de-pago/naranja.png", "",
     [("card", "naranja", "naranja.png")]),
    ("alt_and_file_agree_once", "/icons/amex.svg", "American Express", [("card", "amex",
                                                                         "American Express")]),
    ("apple_pay_two_words", "/badges/apple-pay.svg", "", [("apple_pay", None, "apple-pay.svg")]),
    ("klarna_two_methods", "/img/klarna.png", "", [("klarna", None, "klarna.png"),
                                                   ("installments", None, "klarna.png")]),
    ("pix_badge", "/img/pagamentos/pix.png", "", [("pix", None, "pix.png")]),
    ("oxxo_alt", "", "OXXO Pay", [("oxxo", None, "OXXO Pay")]),
]


@pytest.mark.parametrize("src,alt,expected", [c[1:] for c in IMAGE_GOOD],
                         ids=[c[0] for c in IMAGE_GOOD])
def test_payments_in_image(src: str, alt: str,
                           expected: list[tuple[str, str | None, str]]) -> None:
    hits = payments_in_image(src, alt)
    assert [(h.method, h.brand, h.evidence) for h in hits] == expected
    assert all(h.start == h.end == 0 for h in hits)


# (id, src, alt): no payment badge here
IMAGE_TRAPS = [
    ("fruit_product", "/products/naranja.jpg", "Naranja"),
    ("fruit_alt_words", "/p/1.jpg", "Naranjas de Valencia"),
    ("visa_document", "/img/viajes.jpg", "Visado Schengen"),
    ("discover_banner", "/banners/discover-summer.jpg", "Discover summer"),
    ("visa_in_travel_photo", "/blog/visa-requirements-thailand.jpg", ""),
    ("pixel_art", "/img/pixel-art.png", "Pixel art"),
    ("maestro_chef", "/team/maestro.jpg", "Maestro"),
    ("elo_link_pt", "/img/elo.png", "Elo"),
    ("data_uri", "data:image/png;base64,cGF5cGFs", ""),
    ("empty", "", ""),
    ("cabal_horse", "/caballos/cabal.jpg", "Cabal, caballo español"),
    ("oxxo_tyre_brand", "/img/tyres/oxxo-furious.jpg", "Oxxo Furious"),
]


@pytest.mark.parametrize("src,alt", [c[1:] for c in IMAGE_TRAPS], ids=[c[0] for c in IMAGE_TRAPS])
def test_image_trap_is_not_a_payment(src: str, alt: str) -> None:
    assert payments_in_image(src, alt) == []


# (id, token, expected (method, brand))
MARKUP_GOOD: list[tuple[str, str, Pairs]] = [
    ("bem_modifier", "payment-icon--visa", [("card", "visa")]),
    ("icon_paypal", "icon-paypal", [("paypal", None)]),
    ("shopify_pi", "pi-mastercard", [("card", "mastercard")]),
    ("shopify_pi_master", "pi-master", [("card", "mastercard")]),
    ("shopify_underscore", "pi-american_express", [("card", "amex")]),
    ("shopify_apple_pay", "pi-apple_pay", [("apple_pay", None)]),
    ("font_awesome_cc", "fa-cc-discover", [("card", "discover")]),
    ("font_awesome_paypal", "fa-paypal", [("paypal", None)]),
    ("font_awesome_bitcoin", "fa-bitcoin", [("crypto", None)]),
    ("suffix_icon", "visa-icon", [("card", "visa")]),
    ("payment_prefix_maestro", "payment-maestro", [("card", "maestro")]),
    ("bare_strong_name", "mercadopago", [("mercado_pago", None)]),
    ("upper_case_token", "Payment-Icon--Bizum", [("bizum", None)]),
    ("klarna_icon", "icon-klarna", [("klarna", None), ("installments", None)]),
]


@pytest.mark.parametrize("token,expected", [c[1:] for c in MARKUP_GOOD],
                         ids=[c[0] for c in MARKUP_GOOD])
def test_payments_in_markup(token: str, expected: Pairs) -> None:
    hits = payments_in_markup(token)
    assert [(h.method, h.brand) for h in hits] == expected
    assert all(h.evidence == token for h in hits)


MARKUP_TRAPS = [
    ("generic_icon_discover", "icon-discover"),
    ("bare_visa", "visa"),
    ("bare_master", "master"),
    ("generic_icon_naranja", "icon-naranja"),
    ("header_icon", "header-icon"),
    ("pi_unknown", "pi-shopify_pay"),
    ("stripe_processor", "fa-cc-stripe"),
    ("pixel_class", "icon-pixel"),
    ("visa_inside_word", "payment-icon--visado"),
    ("empty", ""),
    ("masterclass", "icon-masterclass"),
]


@pytest.mark.parametrize("token", [c[1] for c in MARKUP_TRAPS], ids=[c[0] for c in MARKUP_TRAPS])
def test_markup_trap_is_not_a_payment(token: str) -> None:
    assert payments_in_markup(token) == []


def test_vocabulary_is_the_spec() -> None:
    assert PAYMENTS == (
        "card", "paypal", "bank_transfer", "cash_on_delivery", "cash", "installments",
        "apple_pay", "google_pay", "bizum", "mercado_pago", "pix", "boleto", "oxxo", "klarna",
        "cheque", "crypto", "store_credit",
    )
