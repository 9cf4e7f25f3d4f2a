"""Address detection as data: whole addresses in several countries, and prose that is not one."""
from __future__ import annotations


import pytest

from touchaudit.text.addresses import AddressMatch, find_addresses

# (id, text, region, expected text, has_street, has_postcode)
GOOD = [
    ("es_calle_cp_city", "Visítanos en Calle de Alcalá 45, 28014 Madrid. Abierto a diario", "ES",
     "Calle de Alcalá 45, 28014 Madrid", True, True),
    ("es_c_slash_multiline", "C/ Gran Vía, 28\n28013 Madrid\nEspaña", "ES",
     "C/ Gran Vía, 28 28013 Madrid España", True, True),
    ("es_avda_sn", "Avda. de la Constitución s/n, 41004 Sevilla", "ES",
     "Avda. de la Constitución s/n, 41004 Sevilla", True, True),
    ("es_paseo_abbrev", "Oficinas: Pº de la Castellana 200, 28046 Madrid", "ES",
     "Pº de la Castellana 200, 28046 Madrid", True, True),
    ("es_poligono_nave", "Pol. Ind. Las Rozas, Nave 12, 28232 Las Rozas", "ES",
     "Pol. Ind. Las Rozas, Nave 12, 28232 Las Rozas", True, True),
    ("es_carretera_km", "Ctra. N-340 km 12, Almería", "ES", "Ctra. N-340 km 12, Almería",
     True, False),
    ("es_postcode_city_only", "Estamos en Mayor 10, 28013 Madrid (junto al metro)", "ES",
     "Mayor 10, 28013 Madrid", False, True),
    ("es_upper_case", "CALLE SERRANO 41, 28001 MADRID", "ES", "CALLE SERRANO 41, 28001 MADRID",
     True, True),
    ("mx_colonia_cp", ("Dirección: Av. Insurgentes Sur 1602, Col. Crédito Constructor, "
                       "C.P. 03940, Ciudad de México"), "MX",
     "Av. Insurgentes Sur 1602, Col. Crédito Constructor, C.P. 03940, Ciudad de México",
     True, True),
    ("mx_calzada", "Calzada de Tlalpan 1234, Coyoacán", "MX", "Calzada de Tlalpan 1234, Coyoacán",
     True, False),
    ("ar_cpa", "Av. Corrientes 1234, C1043AAZ CABA", "AR", "Av. Corrientes 1234, C1043AAZ CABA",
     True, True),
    ("cl_oficina", "Av. Providencia 1234, of. 501, Providencia, Santiago", "CL",
     "Av. Providencia 1234, of. 501, Providencia, Santiago", True, False),
    ("co_carrera_hash", "Oficina central: Carrera 7 # 71-21, Bogotá, Colombia", "CO",
     "Carrera 7 # 71-21, Bogotá, Colombia", True, False),
    ("co_calle_no", "Calle 93B No. 13-44, Bogotá", "CO", "Calle 93B No. 13-44, Bogotá",
     True, False),
    ("pe_lima_code_after_city", "Av. Javier Prado Este 4200, Santiago de Surco, Lima 15023", "PE",
     "Av. Javier Prado Este 4200, Santiago de Surco, Lima 15023", True, True),
    ("us_street_state_zip", "Visit 1600 Amphitheatre Pkwy, Mountain View, CA 94043 today", "US",
     "1600 Amphitheatre Pkwy, Mountain View, CA 94043", True, True),
    ("us_suite_multiline", "Acme Tools\n350 Fifth Avenue, Suite 4100\nNew York, NY 10118-0110",
     "US", "350 Fifth Avenue, Suite 4100 New York, NY 10118-0110", True, True),
    ("us_po_box", "PO Box 1234, Austin, TX 78701", "US", "PO Box 1234, Austin, TX 78701",
     True, True),
    ("uk_street_postcode", "10 Downing Street, London SW1A 2AA", "GB",
     "10 Downing Street, London SW1A 2AA", True, True),
    ("uk_postcode_only", "Warehouse: Leeds LS1 4AP", "GB", "Leeds LS1 4AP", False, True),
    ("ca_province_postcode", "Toronto, ON M5V 2T6", "CA", "Toronto, ON M5V 2T6", False, True),
    ("pt_rua_code", "Rua Augusta, 100, 1100-053 Lisboa", "PT", "Rua Augusta, 100, 1100-053 Lisboa",
     True, True),
    ("br_avenida_cep", "Av. Paulista, 1578 - Bela Vista, São Paulo - SP, 01310-200", "BR",
     "Av. Paulista, 1578 - Bela Vista, São Paulo - SP, 01310-200", True, True),
    ("apartado", "Apartado de Correos 45, 03080 Alicante", "ES",
     "Apartado de Correos 45, 03080 Alicante", True, True),
]


@pytest.mark.parametrize("text,region,expected,street,post", [c[1:] for c in GOOD],
                         ids=[c[0] for c in GOOD])
def test_finds_address(text: str, region: str, expected: str, street: bool, post: bool) -> None:
    found = find_addresses(text, region)
    assert [(m.text, m.has_street, m.has_postcode) for m in found] == [(expected, street, post)]
    assert " ".join(text[found[0].start:found[0].end].split()) == found[0].text


TRAPS = [
    ("es_prose_calle", "Lo último en moda de la calle y street style", "ES"),
    ("es_calle_no_number", "Inspirado en la Calle Mayor de siempre", "ES"),
    ("es_calle_number_then_prose", "Plaza Mayor 2 veces al año", "ES"),
    ("es_product_calle_23", "Zapatillas Calle 23 negras", "ES"),
    ("es_bare_5_digits", "Tenemos 28013 productos en stock", "ES"),
    ("es_quantity_capitalised", "Más de 15000 Clientes felices", "ES"),
    ("es_price_5_digits", "Precio 12500 € IVA incluido", "ES"),
    ("es_sku_5_digits", "SKU 28013 Madrid Edition", "ES"),
    ("es_phone_not_postcode", "Tel. 91234 Madrid", "ES"),
    ("mx_bare_code", "Folio 03940", "MX"),
    ("en_street_style", "Shop our street style collection: 24 looks", "US"),
    ("en_number_then_lowercase", "Ships in 2 business days", "US"),
    ("en_zip_without_state", "Order 94043 shipped", "US"),
    ("uk_memory_size", "Tablet M2 4GB RAM", "GB"),
    ("en_drive_modes", "Includes 5 drive modes", "US"),
    ("cl_seven_digits", "Código 8320000", "CL"),
    ("ar_largo_is_long", "Fideos Largo Fino Ala 1 Kg.", "AR"),
    ("us_bare_zip_acronym", "Fits NPR 14400 GVW trucks", "US"),
    ("cp_model_name", "Schlagwerk CP 4017 cajón", "ES"),
    ("empty", "", "ES"),
]


@pytest.mark.parametrize("text,region", [c[1:] for c in TRAPS], ids=[c[0] for c in TRAPS])
def test_trap_is_not_an_address(text: str, region: str) -> None:
    assert find_addresses(text, region) == []


def test_two_addresses_stay_separate() -> None:
    text = ("Tienda Centro: Calle Mayor 10, 28013 Madrid\nhorario de 10 a 20 h\n"
            "Tienda Norte: Av. de América 2, 28002 Madrid")
    found = find_addresses(text, "ES")
    assert [m.text for m in found] == ["Calle Mayor 10, 28013 Madrid",
                                       "Av. de América 2, 28002 Madrid"]
    assert all(isinstance(m, AddressMatch) for m in found)


def test_widening_stops_at_other_contact_data() -> None:
    found = find_addresses("Calle Mayor 10, 28013 Madrid Tel. 91 234 56 78 CIF B12345678", "ES")
    assert [m.text for m in found] == ["Calle Mayor 10, 28013 Madrid"]


def test_region_none_keeps_distinctive_formats() -> None:
    found = find_addresses("Mountain View, CA 94043", None)
    assert [m.text for m in found] == ["Mountain View, CA 94043"]
