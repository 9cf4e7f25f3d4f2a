"""Where a shop on a generic domain is, from its own pages (touchaudit.pages.country)."""
from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from touchaudit.model import PageRecord
from touchaudit.pages.builder import build_page
from touchaudit.pages.country import country_from_pages, locale_region
from touchaudit.text.places import countries_speaking, find_places


def page(body: str, lang: str = "es", head: str = "") -> PageRecord:
    html = f'<html lang="{lang}"><head>{head}</head><body>{body}</body></html>'
    url = "https://shop.example.com/"
    response = HtmlResponse(url=url, body=html.encode(), encoding="utf-8")
    return build_page(url=url, final_url=url, status=200, root=response.selector.root, body=response.body, is_home=True)


@pytest.mark.parametrize("body, lang, head, expected", [
    ("<footer>Hola</footer>", "es-CL", "", "CL"),  # a locale with its region
    ("<footer>Olá</footer>", "pt", '<meta property="og:locale" content="pt_PT">', "PT"),
    ("<footer><a href='tel:+56226884190'>Llámanos</a></footer>", "es", "", "CL"),  # an international number
    ("<footer>ventas@tienda.com.ar · Buenos Aires</footer>", "es", "", "AR"),  # e-mail ccTLD and a city
    ("<footer>Rua Augusta 100, 1100-053 Lisboa</footer>", "pt", "", "PT"),  # postcode shape and city
    ("<footer>Av. Paulista 1000, CEP 01310-100 São Paulo</footer>", "pt", "", "BR"),
    ("<main>Precio: 12.990 CLP</main><footer>Providencia</footer>", "es", "", "CL"),  # currency code
    ("<main>Precio 12,90 €</main><footer>Hecho con cariño</footer>", "es", "", None),  # the euro alone is too weak
    ("<footer>Envíos a México y Chile</footer>", "es", "", None),  # a tie says nothing
    ("<main><p>Hecho en Italia y en Francia para el mundo.</p></main>", "es", "", None),  # product copy: not read
])
def test_country_from_the_pages_own_signals(body: str, lang: str, head: str, expected: str | None) -> None:
    record = page(body, lang, head)
    assert country_from_pages([record], record.language) == expected


def test_locale_region_reads_only_regions() -> None:
    assert locale_region("es-MX") == "MX" and locale_region("pt_BR") == "BR"
    assert locale_region("es") is None and locale_region("es-419") is None and locale_region(None) is None


def test_places_are_capitalised_names_not_common_words() -> None:
    found = [(p.name, p.country) for p in find_places("Lima, Perú. Una lima de uñas. Santiago de Chile")]
    assert found == [("Lima", "PE"), ("Perú", "PE"), ("Santiago de Chile", "CL")]
    assert "CL" in countries_speaking("es") and "PT" in countries_speaking("pt") and not countries_speaking(None)
