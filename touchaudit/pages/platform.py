"""Which shop platform built the page: it tells the crawl where policies live (Shopify's /policies/)."""
from __future__ import annotations

# Marker bytes in the raw HTML, checked in order; cheap substring tests, no parsing.
_MARKERS: tuple[tuple[str, tuple[bytes, ...]], ...] = (
    ("shopify", (b"cdn.shopify.com", b"Shopify.theme", b".myshopify.com", b"shopify-section")),
    ("woocommerce", (b"wp-content/plugins/woocommerce", b"woocommerce-Price-amount", b"woocommerce-page")),
    ("prestashop", (b"prestashop", b"PrestaShop")),
    ("magento", (b"Magento_", b"mage/cookies", b"/static/frontend/", b"Mage.Cookies")),
    ("vtex", (b"vtexassets.com", b"vteximg.com.br", b"vtex.render-runtime", b"vtexcommercestable")),
    ("tiendanube", (b"tiendanube.com", b"nuvemshop", b"d26lpennugtm8s.cloudfront.net")),
    ("wix", (b"static.wixstatic.com", b"wix-warmup-data")),
    ("squarespace", (b"static1.squarespace.com", b"Static.SQUARESPACE_CONTEXT")),
    ("bigcommerce", (b"cdn11.bigcommerce.com", b"bigcommerce")),
    ("wordpress", (b"/wp-content/", b"/wp-includes/")),
)

# Policy pages the platform publishes at fixed paths, tried when it is recognised.
WELL_KNOWN_PATHS: dict[str, tuple[str, ...]] = {
    "shopify": (
        "/policies/refund-policy",
        "/policies/shipping-policy",
        "/policies/terms-of-service",
        "/policies/privacy-policy",
        "/policies/legal-notice",
        "/policies/contact-information",
        "/pages/contact",
    ),
    "woocommerce": ("/contacto/", "/contact/", "/envios/", "/shipping/", "/devoluciones/", "/refund_returns/"),
    "prestashop": ("/contactenos", "/content/1-entrega", "/content/2-aviso-legal", "/content/3-terminos-y-condiciones-de-uso"),
    "tiendanube": ("/contacto/", "/politicas-de-devolucion/"),
    "vtex": ("/institucional/contacto", "/institucional/politicas-de-envio"),
}


def detect(body: bytes) -> str | None:
    head = body[:400_000]
    for name, markers in _MARKERS:
        if any(m in head for m in markers):
            return name
    return None
