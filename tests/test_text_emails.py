"""E-mail detection as data: real mailboxes found, look-alikes named and refused."""
from __future__ import annotations


import pytest

from touchaudit.text.emails import EmailMatch, find_emails, parse_mailto

GOOD = [
    ("es_sentence_full_stop", "Escríbenos a atencion@zapateria-luna.es.",
     ["atencion@zapateria-luna.es"]),
    ("mx_two_level_tld", "Correo: ventas@ferreteria.com.mx", ["ventas@ferreteria.com.mx"]),
    ("domain_lowercased", "Soporte: Ayuda@MiTienda.COM", ["Ayuda@mitienda.com"]),
    ("no_space_after_colon", "Email:hola@cafeteria.cl", ["hola@cafeteria.cl"]),
    ("plus_and_dots", "pedidos+web.cl@tienda-sur.com.ar", ["pedidos+web.cl@tienda-sur.com.ar"]),
    ("in_parentheses", "(clientes@libreria.co)", ["clientes@libreria.co"]),
    ("two_addresses", "info@tienda.pe / rrhh@tienda.pe", ["info@tienda.pe", "rrhh@tienda.pe"]),
    ("en_support", "Questions? support@outdoorgear.co.uk", ["support@outdoorgear.co.uk"]),
    ("pt_contact", "Fale conosco: contato@loja.com.br", ["contato@loja.com.br"]),
    ("subdomain", "Write to help@mail.bookshop.ie today", ["help@mail.bookshop.ie"]),
    ("new_gtld", "hello@studio.design", ["hello@studio.design"]),
    ("gmail_shop", "tiendaluna2026@gmail.com", ["tiendaluna2026@gmail.com"]),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in GOOD], ids=[c[0] for c in GOOD])
def test_finds_email(text: str, expected: list[str]) -> None:
    found = find_emails(text)
    assert [m.address for m in found] == expected
    for m in found:
        assert text[m.start:m.end].lower() == m.address.lower()


TRAPS = [
    ("retina_png", "logo@2x.png"),
    ("retina_webp", "icon@3x.webp"),
    ("retina_decimal", "banner@1.5x.jpg"),
    ("asset_svg", "sprite@home.svg"),
    ("package_version", "instalado jquery@3.7.1"),
    ("scoped_package_version", "@shop/ui-kit@1.2.3"),
    ("example_com", "nombre@example.com"),
    ("example_org", "info@example.org"),
    ("example_subdomain", "email@example"),
    ("tu_email", "tu@email.com"),
    ("your_email", "your@email.com"),
    ("nombre_dominio", "nombre@dominio.com"),
    ("you_domain", "you@domain.com"),
    ("placeholder_local_webmail", "tucorreo@gmail.com"),
    ("sentry_dsn", "3f2a9b8c7d6e5f4a3b2c1d0e@o450123.ingest.sentry.io"),
    ("wix_id", "a1b2c3d4e5f60718293a4b5c6d7e8f90@sentry.wixpress.com"),
    ("hex_id_any_domain", "0123456789abcdef0123456789@tracking.tienda.es"),
    ("social_handle", "Síguenos en @tiendaluna"),
    ("url_handle", "https://x.com/@tiendaluna.es"),
    ("no_tld", "admin@localhost"),
    ("double_dot", "info..ventas@tienda.es"),
    ("numeric_tld", "user@10.0.0.1"),
    ("bad_label", "info@-tienda.es"),
]


@pytest.mark.parametrize("text", [c[1] for c in TRAPS], ids=[c[0] for c in TRAPS])
def test_trap_is_not_an_email(text: str) -> None:
    assert find_emails(text) == []


def test_positions() -> None:
    assert find_emails("a: info@tienda.es.") == [EmailMatch("info@tienda.es", 3, 17)]


MAILTO = [
    ("plain", "mailto:info@tienda.es", "info@tienda.es"),
    ("query_dropped", "mailto:ventas@tienda.com.mx?subject=Pedido&body=Hola",
     "ventas@tienda.com.mx"),
    ("url_encoded", "mailto:atenci%C3%B3n%40Tienda.ES", None),  # non-ASCII local part refused
    ("encoded_at_and_case", "mailto:Soporte%40Tienda.ES", "Soporte@tienda.es"),
    ("upper_scheme_spaces", "MAILTO: hola@cafe.cl ", "hola@cafe.cl"),
    ("several_recipients", "mailto:a.b@tienda.co,c@tienda.co", "a.b@tienda.co"),
    ("placeholder", "mailto:tu@email.com", None),
    ("empty", "mailto:", None),
    ("not_mailto", "https://tienda.es/contacto", None),
    ("invalid", "mailto:info@tienda", None),
]


@pytest.mark.parametrize("href,expected", [c[1:] for c in MAILTO], ids=[c[0] for c in MAILTO])
def test_parse_mailto(href: str, expected: str | None) -> None:
    assert parse_mailto(href) == expected


def test_long_junk_tokens_do_not_hide_an_address() -> None:
    text = ("x" * 5000 + "@") * 20 + " info@tienda.es"
    assert [m.address for m in find_emails(text)] == ["info@tienda.es"]
