"""Shouting as data: body prose in capitals counts, menus, badges and acronyms do not."""
from __future__ import annotations

import pytest

from touchaudit.text.caps import CapsReport, shouting

# (id, lines, expected words counted, expected words in capitals)
GOOD: list[tuple[str, list[str], int, int]] = [
    ("es_all_caps_sentence", ["TODOS NUESTROS PRODUCTOS SON ARTESANALES Y DE CALIDAD"], 7, 7),
    ("es_normal_sentence", ["Todos nuestros productos son artesanales y de calidad"], 7, 0),
    ("es_accents_and_enye", ["ÑANDÚ, ÁRBOL Y CAMIÓN PARA LOS NIÑOS PEQUEÑOS"], 7, 7),
    ("es_acronyms_ignored", ["Los precios incluyen el IVA y enviamos con DHL o SEUR"], 6, 0),
    ("es_shouted_word_in_prose", ["Compra ahora y AHORRA en toda la tienda online"], 8, 1),
    ("es_short_caps_in_caps_line", ["NO SE ADMITEN DEVOLUCIONES DE ROPA INTERIOR"], 7, 7),
    ("mx_numbers_not_words", ["ENVÍO GRATIS EN COMPRAS MAYORES A $999 MXN HOY"], 7, 7),
    ("en_caps", ["PLEASE READ OUR RETURN POLICY BEFORE ORDERING"], 7, 7),
    ("en_normal_with_faq_sku", ["Please check the FAQ and quote the SKU when you write"], 9, 0),
    ("en_model_numbers", ["The X200 charger works with USB3 ports and most phones"], 8, 0),
    ("pt_caps", ["TODOS OS PEDIDOS SÃO ENVIADOS EM ATÉ DOIS DIAS"], 9, 9),
    ("menu_line_skipped", ["INICIO TIENDA CONTACTO BLOG CARRITO", "Envío en 24 horas a toda España"],
     5, 0),
    ("mixed_lines", ["ATENCIÓN: LOS PEDIDOS SE ENVÍAN CADA LUNES",
                     "El resto de la semana preparamos tus pedidos con cariño"], 17, 7),
    ("title_case_not_caps", ["Nuestra Historia De Amor Por El Café"], 7, 0),
]


@pytest.mark.parametrize("lines,words,caps", [c[1:] for c in GOOD], ids=[c[0] for c in GOOD])
def test_shouting_counts(lines: list[str], words: int, caps: int) -> None:
    report = shouting(lines)
    assert (report.words, report.caps_words) == (words, caps)
    assert report.ratio == (round(caps / words, 4) if words else 0.0)


# (id, lines): nothing here is prose, so nothing is counted
NOT_PROSE = [
    ("menu_caps", ["INICIO TIENDA CONTACTO BLOG CARRITO OFERTAS"]),
    ("menu_separated", ["QUIÉNES SOMOS | ENVÍOS Y DEVOLUCIONES | CONTACTO | BLOG"]),
    ("short_badges", ["NUEVO", "OFERTA", "ENVÍO GRATIS", "AGOTADO"]),
    ("button", ["AÑADIR AL CARRITO"]),
    ("four_words", ["COMPRA YA CON DESCUENTO"]),
    ("sku_line", ["SKU: AB-1234 EAN 8412345678905 REF X200"]),
    ("numbers_only", ["12 34 56 78 90 1.234,00 €"]),
    ("bullet_menu", ["MUJER • HOMBRE • NIÑOS • HOGAR • OFERTAS • NOVEDADES"]),
    ("category_list_no_function_word", ["CAMISETAS PANTALONES VESTIDOS ZAPATOS BOLSOS"]),
    ("product_title_one_function_word", ["TARJETA DE VIDEO GAMING 4GB DDR5 NUEVA EDICIÓN"]),
    ("product_title_para", ["CABLE MINISAVER LOCK PARA ULTRABOOK"]),
    ("empty", []),
    ("blank_lines", ["", "   "]),
]


@pytest.mark.parametrize("lines", [c[1] for c in NOT_PROSE], ids=[c[0] for c in NOT_PROSE])
def test_not_prose_is_ignored(lines: list[str]) -> None:
    assert shouting(lines) == CapsReport(0.0, 0, 0, ())


# (id, lines): prose that is not shouting, whatever capitals it holds
QUIET = [
    ("acronyms", ["Precios con IVA incluido y envío por DHL a la UE"]),
    ("brand_names_short", ["Tenemos zapatillas de NIKE y de PUMA en todas las tallas"]),
    ("sentence_start", ["A partir de hoy abrimos también los domingos por la tarde"]),
    ("roman_numerals", ["Colección otoño del siglo XXI para la casa y el jardín"]),
    ("english_i", ["I hope you enjoy the products as much as we do"]),
    ("model_codes", ["Compatible con el modelo TX-200 y con la base RX3 de la marca"]),
]


@pytest.mark.parametrize("lines", [c[1] for c in QUIET], ids=[c[0] for c in QUIET])
def test_quiet_prose_has_no_caps(lines: list[str]) -> None:
    report = shouting(lines)
    assert report.words > 0
    assert report.caps_words == 0
    assert report.examples == ()


def test_examples_are_shouting_sentences() -> None:
    lines = [
        "Bienvenidos a nuestra tienda de café. NO HACEMOS ENVÍOS LOS FINES DE SEMANA.",
        "INICIO TIENDA CONTACTO",
        "IMPORTANTE: REVISA TU PEDIDO ANTES DE PAGAR, NO HAY CAMBIOS",
        "LEA LAS CONDICIONES DE VENTA ANTES DE COMPRAR ESTE PRODUCTO",
        "ESTE ES EL CUARTO AVISO EN MAYÚSCULAS PARA EL CLIENTE",
    ]
    report = shouting(lines)
    assert report.examples == (
        "IMPORTANTE: REVISA TU PEDIDO ANTES DE PAGAR, NO HAY CAMBIOS",
        "LEA LAS CONDICIONES DE VENTA ANTES DE COMPRAR ESTE PRODUCTO",
        "ESTE ES EL CUARTO AVISO EN MAYÚSCULAS PARA EL CLIENTE",
    )


def test_mostly_lower_line_gives_no_example_but_counts_its_caps() -> None:
    # Judged per sentence: the shouted one counts "NO" and "LOS", the quiet one has none.
    report = shouting(["Bienvenidos a nuestra tienda de café. NO HACEMOS ENVÍOS LOS FINES."])
    assert (report.words, report.caps_words) == (10, 5)
    assert report.examples == ()


def test_long_example_is_cut_at_160() -> None:
    line = " ".join(["ESTE TEXTO LARGO ESTÁ ESCRITO EN MAYÚSCULAS DE PRINCIPIO A FIN"] * 4)
    (example,) = shouting([line]).examples
    assert len(example) <= 160
    assert example.endswith("…")
    assert line.startswith(example[:-1])
