"""Phone detection as data: good numbers in many national formats, and named traps."""
from __future__ import annotations


import pytest

from touchaudit.text.phones import (
    PhoneMatch,
    find_phones,
    is_toll_free,
    parse_phone,
    parse_tel_href,
)

# (id, text, region, expected E.164 numbers in order)
GOOD = [
    ("es_intl_spaced", "Atención telefónica: +34 912 345 678", "ES", ["+34912345678"]),
    ("es_madrid_pairs", "Llámanos al 91 234 56 78 de lunes a viernes", "ES", ["+34912345678"]),
    ("es_mobile_333", "Móvil 600 123 456", "ES", ["+34600123456"]),
    ("es_mobile_pairs_no_label", "Pedidos por teléfono o en 606 12 34 56.", "ES", ["+34606123456"]),
    ("es_bare_with_label", "Tlf: 912345678", "ES", ["+34912345678"]),
    ("es_dotted_with_label", "Teléfono 912.345.678", "ES", ["+34912345678"]),
    ("es_two_numbers", "Tel. 91 234 56 78 / 600 123 456", "ES", ["+34912345678", "+34600123456"]),
    ("es_tollfree", "Línea gratuita 900 123 456", "ES", ["+34900123456"]),
    ("mx_parens", "Atención al cliente (55) 1234-5678", "MX", ["+525512345678"]),
    ("mx_legacy_mobile_1", "WhatsApp +52 1 55 1234 5678", "MX", ["+525512345678"]),
    ("mx_tollfree", "Llama sin costo al 800 123 4567", "MX", ["+528001234567"]),
    ("ar_buenos_aires", "Tel: 011 4123-4567 (lunes a viernes)", "AR", ["+541141234567"]),
    ("ar_tollfree", "0800 333 4444", "AR", ["+548003334444"]),
    ("cl_mobile", "Contáctanos +56 9 8765 4321", "CL", ["+56987654321"]),
    ("cl_santiago_parens", "Fono (2) 2345 6789", "CL", ["+56223456789"]),
    ("co_landline", "PBX (601) 234 5678 Bogotá", "CO", ["+576012345678"]),
    ("co_mobile_intl", "Celular +57 310 123 4567", "CO", ["+573101234567"]),
    ("pe_lima", "Central (01) 412-3456", "PE", ["+5114123456"]),
    ("us_parens", "Call us at (415) 555-2671", "US", ["+14155552671"]),
    ("us_tollfree_dashes", "Toll-free 1-800-555-0199, 24/7", "US", ["+18005550199"]),
    ("us_intl_parens", "Phone: +1 (212) 555-0147", None, ["+12125550147"]),
    ("gb_london", "Customer service 020 7946 0958", "GB", ["+442079460958"]),
    ("gb_intl_no_region", "+44 20 7946 0958", None, ["+442079460958"]),
    ("pt_intl", "Telefone: +351 213 456 789", "PT", ["+351213456789"]),
    ("br_sao_paulo", "Fone (11) 3456-7890", "BR", ["+551134567890"]),
    ("br_mobile_intl", "WhatsApp: +55 11 98765-4321", "BR", ["+5511987654321"]),
    ("emoji_label", "📞 91 234 56 78", "ES", ["+34912345678"]),
    ("newline_label", "Teléfono\n912345678\n", "ES", ["+34912345678"]),
    ("uy_intl", "+598 2 901 2345", "UY", ["+59829012345"]),
    ("us_after_suite_hash", "210 Oak Street #1121\nLansing, MI 48933\n(517) 618-1944", "US",
     ["+15176181944"]),
]


@pytest.mark.parametrize("text,region,expected", [c[1:] for c in GOOD], ids=[c[0] for c in GOOD])
def test_finds_phone(text: str, region: str | None, expected: list[str]) -> None:
    found = find_phones(text, region)
    assert [m.e164 for m in found] == expected
    for m in found:
        assert text[m.start:m.end] == m.raw
        assert not m.fax


# (id, text, region): nothing here is a phone
TRAPS = [
    ("price_euro_decimals", "Precio: 1.299,00 € IVA incluido", "ES"),
    ("price_dollar_us", "Now $1,234.99 (was $1,499.99)", "US"),
    ("price_dollar_thousands", "Only $4,155,552,671 for the whole island", "US"),
    ("price_decimals_phone_digits", "PVP 912.345.678,00", "ES"),
    ("price_mxn_big", "Total MXN 5512345678", "MX"),
    ("price_eur_word", "EUR 912345678", "ES"),
    ("price_word_after", "912 345 678 euros", "ES"),
    ("date_slashes_es", "Entrega estimada 12/05/2026", "ES"),
    ("date_iso", "Publicado 2026-05-12 10:30", "ES"),
    ("date_us", "Ships 11/22/2026", "US"),
    ("date_range", "Válido del 01/05/2026 al 12/05/2026", "ES"),
    ("hours_range", "Horario 10:00-18:00 y 09:00-14:00", "ES"),
    ("year_range", "Desde 1999-2026 contigo", "CR"),
    ("sku", "SKU: 912345678", "ES"),
    ("ref", "Ref. 91 234 56 78", "ES"),
    ("referencia", "Referencia 600123456", "ES"),
    ("codigo", "Código 5512345678", "MX"),
    ("cod_abbrev", "Cód. 011 4123 4567", "AR"),
    ("ean_labeled", "EAN 8412345678901", "ES"),
    ("ean_bare", "Código de barras: 8412345678901", "ES"),
    ("ean_bare_no_label", "8412345678901", "ES"),
    ("upc", "UPC 041234567890", "US"),
    ("isbn", "ISBN 978-84-123-4567-8", "ES"),
    ("model", "Modelo 600-123-456", "ES"),
    ("model_en", "Model: 415-555-2671", "US"),
    ("art_number", "Art. 912 345 678", "ES"),
    ("item", "Item # 415 555 2671", "US"),
    ("nro_articulo", "nº de artículo 912345678", "ES"),
    ("part", "Part 4155552671", "US"),
    ("order_es", "Pedido 912345678 confirmado", "ES"),
    ("order_hash", "Tu orden #5512345678 está en camino", "MX"),
    ("order_en", "Order 415-555-2671 shipped", "US"),
    ("invoice", "Factura 912 345 678", "ES"),
    ("tracking", "Seguimiento: 600 123 456", "ES"),
    ("tracking_en", "Tracking 4155552671", "US"),
    ("order_no", "Nº de pedido 600123456", "ES"),
    ("nif", "NIF 912345678", "ES"),
    ("cif", "CIF: B-91234567", "ES"),
    ("rfc", "RFC 5512345678", "MX"),
    ("cuit", "CUIT 30-71234567-8", "AR"),
    ("rut", "RUT 76.123.456-7", "CL"),
    ("cnpj", "CNPJ 12.345.678/0001-90", "BR"),
    ("cpf", "CPF 123.456.789-09", "BR"),
    ("vat", "VAT GB 123 4567 89", "GB"),
    ("iva", "IVA 912345678", "ES"),
    ("ein", "EIN 415-555-2671", "US"),
    ("tax_id", "Tax ID 415-555-2671", "US"),
    ("quantity_clients", "Más de 12.000.000 clientes", "ES"),
    ("quantity_clients_phone_digits", "Más de 912.345.678 clientes", "ES"),
    ("quantity_customers_en", "Trusted by 415 555 2671 customers", "US"),
    ("quantity_units", "912 345 678 unidades vendidas", "ES"),
    ("postal_code", "28013 Madrid, 28001 Madrid", "ES"),
    ("bare_unformatted", "Lote 1 912345678", "ES"),
    ("bare_unformatted_no_label", "Visitas hoy 912345678", "ES"),
    ("thousands_no_label", "Más de 912.345.678 visitas", "ES"),
    ("inside_code", "AB912345678", "ES"),
    ("inside_url_path", "/p/912345678", "ES"),
    ("no_region_national", "91 234 56 78", None),
    ("invalid_number", "Tel: 123 456 789", "ES"),
]


@pytest.mark.parametrize("text,region", [c[1:] for c in TRAPS], ids=[c[0] for c in TRAPS])
def test_trap_is_not_a_phone(text: str, region: str | None) -> None:
    assert find_phones(text, region) == []


FAX = [
    ("es_tel_then_fax", "Tel: 91 234 56 78 · Fax: 91 234 56 79", "ES",
     [("+34912345678", False), ("+34912345679", True)]),
    ("en_fax_first", "Fax (415) 555-2672 Phone (415) 555-2671", "US",
     [("+14155552672", True), ("+14155552671", False)]),
    ("es_combined_label_is_phone", "Tel./Fax: 91 234 56 78", "ES", [("+34912345678", False)]),
]


@pytest.mark.parametrize("text,region,expected", [c[1:] for c in FAX], ids=[c[0] for c in FAX])
def test_fax_flag(text: str, region: str, expected: list[tuple[str, bool]]) -> None:
    assert [(m.e164, m.fax) for m in find_phones(text, region)] == expected


def test_toll_free_flag_and_positions() -> None:
    text = "Gratis: 900 123 456. Madrid: 91 234 56 78"
    found = find_phones(text, "ES")
    assert found == [
        PhoneMatch("+34900123456", "900 123 456", 8, 19, True, False),
        PhoneMatch("+34912345678", "91 234 56 78", 29, 41, False, False),
    ]


def test_same_number_twice_is_two_positions() -> None:
    found = find_phones("Tel 600 123 456 — repetimos: Tel 600 123 456", "ES")
    assert [m.start for m in found] == [4, 33]


HREFS = [
    ("plain_plus", "tel:+34912345678", None, "+34912345678"),
    ("url_encoded_spaces", "tel:+34%20912%20345%20678", "ES", "+34912345678"),
    ("double_slash_dashes", "tel://91-234-56-78", "ES", "+34912345678"),
    ("extension_dropped", "tel:+1-415-555-2671;ext=123", None, "+14155552671"),
    ("callto", "callto:+525512345678", None, "+525512345678"),
    ("idd_00", "tel:0034912345678", None, "+34912345678"),
    ("missing_plus", "tel:34912345678", None, "+34912345678"),
    ("national_with_region", "tel:(55)1234-5678", "MX", "+525512345678"),
    ("upper_scheme", "TEL:+44 20 7946 0958", None, "+442079460958"),
    ("national_without_region", "tel:912345678", None, None),
    ("invalid", "tel:123", "ES", None),
    ("empty", "tel:", "ES", None),
    ("not_a_tel_link", "https://example.com/912345678", "ES", None),
    ("mailto", "mailto:info@tienda.es", "ES", None),
]


@pytest.mark.parametrize("href,region,expected", [c[1:] for c in HREFS], ids=[c[0] for c in HREFS])
def test_parse_tel_href(href: str, region: str | None, expected: str | None) -> None:
    assert parse_tel_href(href, region) == expected


VALUES = [
    ("intl", "+34 912 345 678", None, "+34912345678"),
    ("national", "(415) 555-2671", "US", "+14155552671"),
    ("trunk_zero_in_parens", "+44 (0)20 7946 0958", None, "+442079460958"),
    ("with_ext", "+1 415 555 2671 ext. 20", None, "+14155552671"),
    ("garbage", "Llámanos", "ES", None),
    ("too_short", "112", "ES", None),
]


@pytest.mark.parametrize("value,region,expected", [c[1:] for c in VALUES],
                         ids=[c[0] for c in VALUES])
def test_parse_phone(value: str, region: str | None, expected: str | None) -> None:
    assert parse_phone(value, region) == expected


@pytest.mark.parametrize("e164,expected", [
    ("+34900123456", True), ("+18005550199", True), ("+528001234567", True),
    ("+34912345678", False), ("+14155552671", False), ("not a number", False),
])
def test_is_toll_free(e164: str, expected: bool) -> None:
    assert is_toll_free(e164) is expected
