"""Link ranking and site scope: the focused crawl wants policies first, stays on the shop's site."""
from __future__ import annotations

from touchaudit.model import Role, Zone
from touchaudit.sites import SiteScope, canonical
from touchaudit.spiders.ranking import rank_archived, rank_link, worth_fetching


def test_policy_links_beat_products_and_categories() -> None:
    contact = rank_link("https://t.es/pages/contacto", "Contacto", Zone.FOOTER, 0)
    returns = rank_link("https://t.es/policies/refund-policy", "Política de reembolso", Zone.FOOTER, 0)
    product = rank_link("https://t.es/products/taza", "Taza azul", Zone.MAIN, 0)
    category = rank_link("https://t.es/collections/tazas", "Tazas", Zone.NAV, 0)
    assert contact.role is Role.CONTACT and returns.role is Role.RETURNS and product.role is Role.PRODUCT
    assert contact.priority > returns.priority > product.priority > category.priority
    assert rank_link("https://t.com/help/shipping", "Shipping & Delivery", Zone.FOOTER, 0).role is Role.SHIPPING
    assert rank_link("https://t.com.br/trocas-e-devolucoes", "Trocas e devoluções", Zone.FOOTER, 0).role is Role.RETURNS


def test_deeper_links_rank_lower() -> None:
    assert rank_link("https://t.es/envios", "Envíos", Zone.FOOTER, 0).priority > rank_link("https://t.es/envios", "Envíos", Zone.FOOTER, 2).priority


def test_archived_pages_rank_by_url_then_title() -> None:
    """Replay candidates, which no link names: the URL's words first, the title where the URL
    says nothing, at the priority of a main-zone link from the home page."""
    contact = rank_archived("https://t.es/contacto", "Lumen")
    legal = rank_archived("https://t.es/pagina.php?id=12", "Aviso legal | Lumen")
    product = rank_archived("https://t.es/products/lampara-nube", "Lámpara Nube | Lumen")
    other = rank_archived("https://t.es/blog/otono", "Otoño en el taller")
    assert (contact.role, legal.role, product.role, other.role) == (Role.CONTACT, Role.LEGAL, Role.PRODUCT, Role.OTHER)
    assert contact.priority > legal.priority > product.priority > other.priority
    assert contact.priority == rank_link("https://t.es/contacto", "Contacto", Zone.MAIN, 0).priority


def test_not_worth_fetching() -> None:
    for url in ("https://t.es/img/logo.png", "https://t.es/cart", "https://t.es/carrito/", "https://t.es/?add-to-cart=12",
                "https://t.es/tienda?orderby=price", "https://t.es/docs/condiciones.pdf", "https://t.es/mi-cuenta/"):
        assert not worth_fetching(url), url
    assert worth_fetching("https://t.es/aviso-legal")


def test_scope_and_canonical_urls() -> None:
    scope = SiteScope("https://www.tienda.com.ar/")
    assert scope.contains("https://tienda.com.ar/contacto") and scope.contains("http://ayuda.tienda.com.ar/")
    assert not scope.contains("https://otra.com.ar/") and not scope.contains("mailto:x@tienda.com.ar")
    assert canonical("https://T.es/a?utm_source=x&b=2&a=1#top") == canonical("https://t.es/a?a=1&b=2")
