"""Generate synthetic shops with realistic markup density (big navs, inline scripts, product grids).

`python benchmarks/farm.py OUT --sites 3 --products 120` writes OUT/site-000/... Each site alternates
Spanish and English and serves with `python -m touchaudit.demo.server OUT/site-000`.
Pages are ~60-90 KB with a few thousand elements, like real shop pages (perf-notes: synthetic pages
with few tags parse 5-10x faster and would flatter the crawler).
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS = {
    "es": "cafetera taza molinillo tetera filtro jarra hervidor báscula termo cápsulas grano tostado "
          "origen aroma cuerpo acidez suave intenso oferta novedad envío devolución regalo".split(),
    "en": "kettle mug grinder teapot filter jug scale flask capsules beans roast origin aroma body "
          "acidity smooth bold offer new shipping return gift".split(),
}
POLICIES = {
    "es": [("contacto", "Contacto"), ("envios", "Envíos y entregas"), ("devoluciones", "Devoluciones"),
           ("aviso-legal", "Aviso legal"), ("privacidad", "Privacidad"), ("preguntas-frecuentes", "Preguntas frecuentes"),
           ("sobre-nosotros", "Sobre nosotros"), ("formas-de-pago", "Formas de pago"), ("terminos", "Términos y condiciones")],
    "en": [("contact", "Contact us"), ("shipping", "Shipping"), ("returns", "Returns"), ("legal", "Legal notice"),
           ("privacy", "Privacy policy"), ("faq", "FAQ"), ("about", "About us"), ("payment", "Payment methods"),
           ("terms", "Terms of service")],
}
CONTACT = {
    "es": "<p>Atención al cliente: <a href='tel:+34914567238'>91 456 72 38</a>, de lunes a viernes de 9:00 a 18:00.</p>"
          "<p>Escríbenos a <a href='mailto:hola@tienda{n}.es'>hola@tienda{n}.es</a>. Calle del Prado {n}, 28014 Madrid.</p>",
    "en": "<p>Customer care: <a href='tel:+14155550132'>(415) 555-0132</a>, Mon–Fri 9am–6pm.</p>"
          "<p>Email <a href='mailto:help@shop{n}.com'>help@shop{n}.com</a>. {n} Market Street, San Francisco, CA 94105.</p>",
}


def sentence(rng: random.Random, lang: str, n: int = 14) -> str:
    words = rng.choices(WORDS[lang], k=n)
    return " ".join(words).capitalize() + "."


def page(lang: str, title: str, body: str, nav: str, footer: str, rng: random.Random) -> str:
    script = "window.dataLayer=window.dataLayer||[];" + "".join(
        f"dataLayer.push({{'event':'v{i}','value':{rng.randint(1, 999)}}});" for i in range(60))
    return (f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}</title>"
            f"<script>{script}</script><style>{'.c{i}{{margin:{i}px}}'.join(str(i) for i in range(80))}</style></head>"
            f"<body class='template'><div class='announcement-bar'>{sentence(rng, lang, 8)}</div>"
            f"<header class='site-header'><div class='header__inner'><a href='/' class='logo'>Shop</a>"
            f"<form action='/search'><input name='q'></form><nav class='main-menu'>{nav}</nav></div></header>"
            f"<main id='MainContent'>{body}</main><footer class='site-footer'>{footer}</footer></body></html>")


def build_site(out: Path, index: int, products: int, seed: int = 7) -> Path:
    rng = random.Random(seed + index)
    lang = "es" if index % 2 == 0 else "en"
    root = out / f"site-{index:03d}"
    cats = [f"cat-{c}" for c in range(12)]
    nav = "".join(
        f"<div class='menu-item'><a href='/c/{c}/'>{sentence(rng, lang, 2)}</a><ul class='submenu'>"
        + "".join(f"<li class='sub'><a href='/c/{c}/?page={p}'>{sentence(rng, lang, 2)}</a></li>" for p in range(2, 12))
        + "</ul></div>" for c in cats)
    policies = POLICIES[lang]
    footer = "".join(
        f"<div class='footer-col'><h4>{sentence(rng, lang, 2)}</h4><ul>"
        + "".join(f"<li><a href='/{slug}/'>{label}</a></li>" for slug, label in policies[col::3]) + "</ul></div>"
        for col in range(3)) + "<div class='payments'>" + "".join(
        f"<img src='/img/{p}.svg' alt='{p}'>" for p in ("visa", "mastercard", "paypal")) + "</div>"
    def write(rel: str, html: str) -> None:
        target = root / rel / "index.html" if rel else root / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, "utf-8")

    def grid(items: list[int]) -> str:
        return "<div class='grid'>" + "".join(
            f"<div class='card'><div class='card__media'><img src='/img/p{i}.jpg' alt='{sentence(rng, lang, 3)}'></div>"
            f"<div class='card__info'><a href='/p/producto-{i}/'>{sentence(rng, lang, 4)}</a>"
            f"<span class='price'>{rng.randint(5, 300)},{rng.randint(10, 99)} €</span></div></div>" for i in items) + "</div>"

    write("", page(lang, "Home", "<h1>Shop</h1>" + grid(list(range(24))) + "".join(f"<p>{sentence(rng, lang, 30)}</p>" for _ in range(10)), nav, footer, rng))
    for slug, label in policies:
        extra = CONTACT[lang].format(n=index) if slug in ("contacto", "contact") else ""
        write(slug, page(lang, label, f"<h1>{label}</h1>{extra}" + "".join(f"<p>{sentence(rng, lang, 40)}</p>" for _ in range(25)), nav, footer, rng))
    per_cat = max(1, products // len(cats))
    for ci, c in enumerate(cats):
        write(f"c/{c}", page(lang, c, grid(list(range(ci * per_cat, (ci + 1) * per_cat))), nav, footer, rng))
    for i in range(products):
        write(f"p/producto-{i}", page(lang, f"P{i}", f"<h1>{sentence(rng, lang, 4)}</h1>" + "".join(
            f"<p>{sentence(rng, lang, 35)}</p>" for _ in range(8)) + grid(rng.sample(range(products), 8)), nav, footer, rng))
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", "utf-8")
    (root / "404.html").write_text("<html><body>404</body></html>", "utf-8")
    return root


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--sites", type=int, default=1)
    ap.add_argument("--products", type=int, default=120)
    args = ap.parse_args()
    for i in range(args.sites):
        print(build_site(args.out, i, args.products))


if __name__ == "__main__":
    main()
