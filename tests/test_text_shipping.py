"""Shipping detection as data: options, carriers, free-shipping thresholds, and named traps."""
from __future__ import annotations

import pytest

from touchaudit.text.shipping import (
    SHIPPING,
    ShippingHit,
    carriers_in_text,
    free_shipping_threshold,
    shipping_in_text,
)

# (id, text, expected options in order of position)
OPTIONS_GOOD: list[tuple[str, str, list[str]]] = [
    ("es_standard_and_urgent", "Envío estándar en 3-5 días o envío urgente en 24 h",
     ["standard", "express"]),
    ("es_normal_premium", "Elige entre envío normal y envío 24h premium", ["standard", "express"]),
    ("es_same_day_madrid", "Entrega el mismo día en Madrid capital", ["same_day"]),
    ("es_pickup_and_citypaq", "Recogida en tienda gratuita o en Correos Citypaq",
     ["store_pickup", "pickup_point"]),
    ("es_punto_pack", "Recógelo en un Punto Pack cerca de casa", ["pickup_point"]),
    ("es_international", "Realizamos envíos internacionales a toda Europa", ["international"]),
    ("es_world", "Enviamos a todo el mundo desde Sevilla", ["international"]),
    ("es_free", "Envío gratuito en la península", ["free_shipping"]),
    ("es_scheduled", "Entrega programada: elige el día de entrega que prefieras",
     ["scheduled", "scheduled"]),
    ("mx_retiro_sucursal", "Puedes retirar en sucursal o pedir envío express",
     ["store_pickup", "express"]),
    ("ar_retiro_en_tienda", "Comprá online con retiro en tienda sin cargo", ["store_pickup"]),
    ("cl_despacho", "Despacho a domicilio y despacho gratis sobre $40.000",
     ["standard", "free_shipping"]),
    ("en_options", "Standard shipping, express delivery and next-day delivery",
     ["standard", "express", "express"]),
    ("en_same_day_click_collect", "Same-day delivery in London or Click & Collect",
     ["same_day", "store_pickup"]),
    ("en_pickup_points", "Collect from 5,000 pick-up points and parcel lockers",
     ["pickup_point", "pickup_point"]),
    ("en_worldwide", "We ship worldwide. Free shipping over $75.",
     ["international", "free_shipping"]),
    ("en_free_standard", "Free standard shipping on every order", ["free_shipping", "standard"]),
    ("en_scheduled", "Scheduled delivery: choose your delivery day", ["scheduled", "scheduled"]),
    ("pt_frete", "Frete grátis e retirada na loja", ["free_shipping", "store_pickup"]),
    ("pt_domicilio_recolha", "Envio ao domicílio ou recolha em loja", ["standard", "store_pickup"]),
    ("pt_portes", "Portes grátis para Portugal continental", ["free_shipping"]),
    ("ar_a_programada", "Podés cambiar tu entrega a Programada", ["scheduled"]),
    ("upper_case", "ENVÍO GRATIS EN TODOS LOS PEDIDOS", ["free_shipping"]),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in OPTIONS_GOOD],
                         ids=[c[0] for c in OPTIONS_GOOD])
def test_shipping_in_text(text: str, expected: list[str]) -> None:
    hits = shipping_in_text(text)
    assert [h.option for h in hits] == expected
    for h in hits:
        assert text[h.start:h.end] == h.evidence
        assert h.option in SHIPPING


def test_evidence_and_positions() -> None:
    assert shipping_in_text("Hoy: envío urgente. Y recogida en tienda.") == [
        ShippingHit("express", "envío urgente", 5, 18),
        ShippingHit("store_pickup", "recogida en tienda", 22, 40),
    ]


# (id, text): no shipping option here
OPTIONS_TRAPS = [
    ("newsletter", "Suscríbete: envío de newsletter cada semana"),
    ("gift_free", "Regalo gratis con tu compra"),
    ("gratis_alone", "Muestras gratis para clientes"),
    ("envio_word_only", "El envío se realiza desde nuestro almacén"),
    ("email_correos", "Recibirás correos electrónicos con ofertas"),
    ("free_returns", "Free returns within 30 days"),
    ("standard_size", "Standard size fits most"),
    ("express_yourself", "Express yourself with colour"),
    ("shop_in_store", "Visit our store in Lisbon"),
    ("lockers_furniture", "Metal lockers for gyms and schools"),
    ("plazos_de_entrega", "Consulta los plazos de entrega"),
    ("same_day_reply", "We answer the same day"),
    ("point_of_sale", "Punto de venta autorizado"),
    ("next_day_reply", "Our team replies next day"),
]


@pytest.mark.parametrize("text", [c[1] for c in OPTIONS_TRAPS], ids=[c[0] for c in OPTIONS_TRAPS])
def test_trap_is_not_a_shipping_option(text: str) -> None:
    assert shipping_in_text(text) == []


# (id, text, expected condition)
THRESHOLDS_GOOD = [
    ("es_a_partir_de", "Envío gratis a partir de 50 €", "a partir de 50 €"),
    ("es_pedidos_superiores", "Envío gratuito en pedidos superiores a 49,90€",
     "pedidos superiores a 49,90€"),
    ("es_before_offer", "Por compras superiores a 60 €, el envío es gratis",
     "compras superiores a 60 €"),
    ("es_mas_de", "Envíos gratis para pedidos de más de 30 euros", "pedidos de más de 30 euros"),
    ("mx_mayores_a", "Envío gratis en compras mayores a $999 MXN", "compras mayores a $999 MXN"),
    ("mx_sin_costo", "Envío sin costo desde $1,499", "desde $1,499"),
    ("cl_despacho_sobre", "Despacho gratis en compras sobre $39.990", "compras sobre $39.990"),
    ("co_envio_gratis_cop", "Envío gratis por compras desde $150.000 COP",
     "compras desde $150.000 COP"),
    ("en_orders_over", "Free shipping on orders over $75", "orders over $75"),
    ("en_plus_sign", "FREE SHIPPING $29+", "$29+"),
    ("en_pounds", "Free UK delivery on all orders above £40", "all orders above £40"),
    ("en_spend_before", "Spend $50 and get free shipping", "Spend $50"),
    ("en_or_more", "Free shipping on orders of $35 or more", "orders of $35 or more"),
    ("pt_acima", "Frete grátis acima de R$ 199", "acima de R$ 199"),
    ("pt_compras", "Frete grátis nas compras a partir de R$ 250,00", "compras a partir de R$ 250,00"),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in THRESHOLDS_GOOD],
                         ids=[c[0] for c in THRESHOLDS_GOOD])
def test_free_shipping_threshold(text: str, expected: str) -> None:
    assert free_shipping_threshold(text) == expected


THRESHOLD_TRAPS = [
    ("no_amount", "Envío gratis en 24 h"),
    ("units_not_money", "Envío gratis en pedidos de más de 3 unidades"),
    ("next_sentence_price", "Free shipping. Price $20"),
    ("no_free_offer", "Envío estándar a partir de 4,95 €"),
    ("gift_free_amount", "Regalo gratis a partir de 50 €"),
    ("free_returns_amount", "Free returns on orders over $75"),
    ("far_amount", ("Envío gratis en toda la península y Baleares para todos nuestros "
                    "clientes de la tienda, que es la mejor, 20 €")),
    ("empty", ""),
    ("amount_before_other_sentence", "Camiseta 19,95 €. Envío gratis siempre"),
    ("shipping_cost_not_threshold", "Gastos de envío: 4,95 €"),
    ("fee_before_offer", "Shipping charges greater than $9.95 are excluded from free shipping"),
]


@pytest.mark.parametrize("text", [c[1] for c in THRESHOLD_TRAPS],
                         ids=[c[0] for c in THRESHOLD_TRAPS])
def test_threshold_trap(text: str) -> None:
    assert free_shipping_threshold(text) is None


# (id, text, expected carriers)
CARRIERS_GOOD = [
    ("es_seur_correos", "Enviamos tus pedidos con SEUR y Correos", ["SEUR", "Correos"]),
    ("es_correos_express", "Envío urgente con Correos Express", ["Correos Express"]),
    ("es_mrw_nacex", "Paquetería: MRW o Nacex", ["MRW", "Nacex"]),
    ("mx_estafeta", "Envíos por Estafeta y 99 Minutos", ["Estafeta", "99 Minutos"]),
    ("ar_andreani_oca", "Despachamos con Andreani u OCA", ["Andreani", "OCA"]),
    ("cl_chilexpress", "Despacho vía Chilexpress o Starken", ["Chilexpress", "Starken"]),
    ("co_servientrega", "Enviamos con Servientrega y Coordinadora", ["Servientrega", "Coordinadora"]),
    ("pe_olva", "Envío a provincias con Olva Courier", ["Olva"]),
    ("en_usps_ups", "We ship via USPS and UPS", ["USPS", "UPS"]),
    ("gb_royal_mail_evri", "Delivery by Royal Mail or Evri", ["Royal Mail", "Evri"]),
    ("pt_ctt", "Envio por CTT para todo o país", ["CTT"]),
    ("dhl_fedex", "Express shipping with DHL or FedEx", ["DHL", "FedEx"]),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in CARRIERS_GOOD],
                         ids=[c[0] for c in CARRIERS_GOOD])
def test_carriers_in_text(text: str, expected: list[str]) -> None:
    assert carriers_in_text(text) == expected


CARRIER_TRAPS = [
    ("correos_email", "Te enviaremos correos electrónicos"),
    ("ups_interjection", "ups, algo salió mal con la entrega"),
    ("oca_goose", "El juego de la oca para niños"),
    ("coordinadora_job", "La coordinadora del proyecto"),
    ("dhl_without_shipping", "Trabajé en DHL durante años"),
    ("estafeta_word", "la estafeta del pueblo"),
    ("gls_lowercase", "gls envío"),
    ("tnt_explosive", "TNT cartoon poster"),
    ("empty", ""),
    ("ctt_lowercase", "ctt envio"),
]


@pytest.mark.parametrize("text", [c[1] for c in CARRIER_TRAPS], ids=[c[0] for c in CARRIER_TRAPS])
def test_carrier_trap(text: str) -> None:
    assert carriers_in_text(text) == []


def test_vocabulary_is_the_spec() -> None:
    assert SHIPPING == ("standard", "express", "same_day", "store_pickup", "pickup_point",
                        "international", "free_shipping", "scheduled")
