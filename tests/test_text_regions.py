"""Region choice as data: explicit > schema.org country > ccTLD > language."""
from __future__ import annotations

import pytest

from touchaudit.text.regions import country_code, region_for

# (id, host, language, schema_country, explicit, expected)
CASES = [
    ("es_tld", "www.zapateria.es", None, None, None, "ES"),
    ("com_mx", "tienda.com.mx", "es", None, None, "MX"),
    ("mx", "tienda.mx", None, None, None, "MX"),
    ("com_ar", "www.libreria.com.ar", None, None, None, "AR"),
    ("cl", "ferreteria.cl", None, None, None, "CL"),
    ("co_is_colombia", "cafe.co", "en", None, None, "CO"),
    ("com_co", "tienda.com.co", None, None, None, "CO"),
    ("pe", "moda.com.pe", None, None, None, "PE"),
    ("uy", "shop.com.uy", None, None, None, "UY"),
    ("br", "loja.com.br", None, None, None, "BR"),
    ("pt", "livraria.pt", None, None, None, "PT"),
    ("co_uk", "outdoorgear.co.uk", None, None, None, "GB"),
    ("uk_alone", "shop.uk", None, None, None, "GB"),
    ("ie", "bookshop.ie", None, None, None, "IE"),
    ("ca", "maple.ca", None, None, None, "CA"),
    ("de", "laden.de", "de", None, None, "DE"),
    ("host_with_port_and_scheme", "https://tienda.es:8443/contacto", None, None, None, "ES"),
    ("uppercase_trailing_dot", "TIENDA.ES.", None, None, None, "ES"),
    ("generic_com_no_language", "shop.com", None, None, None, None),
    ("generic_com_es", "shop.com", "es", None, None, "ES"),
    ("generic_com_en", "shop.com", "en", None, None, "US"),
    ("generic_net_pt", "loja.net", "pt", None, None, "BR"),
    ("generic_shop", "moda.shop", "es-MX", None, None, "MX"),
    ("language_en_gb", "store.com", "en-GB", None, None, "GB"),
    ("language_pt_pt", "loja.org", "pt-PT", None, None, "PT"),
    ("language_underscore", "loja.org", "es_AR", None, None, "AR"),
    ("language_419_falls_back", "tienda.com", "es-419", None, None, "ES"),
    ("ipv4_gives_nothing", "127.0.0.1:8080", None, None, None, None),
    ("ipv4_then_language", "192.168.1.10", "es-CL", None, None, "CL"),
    ("ipv6_gives_nothing", "[::1]:8080", None, None, None, None),
    ("localhost", "localhost", None, None, None, None),
    ("io_is_generic", "startup.io", "en", None, None, "US"),
    ("schema_name_beats_tld", "tienda.es", "es", "México", None, "MX"),
    ("schema_accented_spain", "shop.com", "en", "España", None, "ES"),
    ("schema_code", "shop.com", None, "cl", None, "CL"),
    ("schema_english_name", "shop.com", None, "United Kingdom", None, "GB"),
    ("schema_unknown_falls_through", "tienda.com.ar", None, "Atlantis", None, "AR"),
    ("explicit_beats_all", "tienda.es", "es", "Mexico", "co", "CO"),
    ("explicit_uk_alias", "shop.com", None, None, "UK", "GB"),
]


@pytest.mark.parametrize("host,language,schema_country,explicit,expected",
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_region_for(host: str, language: str | None, schema_country: str | None,
                    explicit: str | None, expected: str | None) -> None:
    assert region_for(host, language, schema_country, explicit) == expected


@pytest.mark.parametrize("value,expected", [
    ("ES", "ES"), ("es", "ES"), ("España", "ES"), ("  perú ", "PE"), ("Brasil", "BR"),
    ("United States", "US"), ("", None), (None, None), ("Narnia", None),
])
def test_country_code(value: str | None, expected: str | None) -> None:
    assert country_code(value) == expected
