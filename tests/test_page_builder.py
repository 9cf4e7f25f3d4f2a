"""The page builder: zones by tags and by theme classes, hidden and script text left out, forms."""
from __future__ import annotations

from scrapy.http import HtmlResponse

from touchaudit.model import Role, Zone
from touchaudit.pages.builder import build_page


def build(html: str, url: str = "https://tienda.example/contacto", home: bool = False):  # type: ignore[no-untyped-def]
    response = HtmlResponse(url=url, body=html.encode("utf-8"), encoding="utf-8")
    return build_page(url=url, final_url=url, status=200, root=response.selector.root, body=response.body, is_home=home)


def test_semantic_zones_and_article_footer_stays_main() -> None:
    page = build("<html lang='es'><body><header>Cabecera<nav>Menú</nav></header><nav>Categorías</nav>"
                 "<main><article><p>Texto</p><footer>Pie del artículo</footer></article></main>"
                 "<footer>Pie del sitio</footer></body></html>")
    assert page.text["header"] == "Cabecera\nMenú"
    assert page.text["nav"] == "Categorías"
    assert "Pie del artículo" in page.text["main"]
    assert page.text["footer"] == "Pie del sitio"


def test_theme_class_zones() -> None:
    page = build("<body><div id='masthead' class='site-header'>Tel 1</div><div class='content'>Hola</div>"
                 "<div id='colophon' class='site-footer'><div class='widget'>Aviso legal</div></div></body>")
    assert page.text["header"] == "Tel 1" and page.text["footer"] == "Aviso legal" and page.text["main"] == "Hola"


def test_hidden_script_style_and_comment_tails() -> None:
    page = build("<body><p>Visible<!-- c -->, sí<script>var tel='912345678'</script></p>"
                 "<div style='display: none'>oculto</div><p hidden>también oculto</p><style>.x{}</style>"
                 "<noscript>activa JS</noscript></body>")
    assert page.text == {"main": "Visible, sí"}


def test_links_images_forms_scripts_and_structured_data() -> None:
    page = build("""<html lang="es"><head><title>Contacto</title>
      <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"Organization","telephone":"+34 912 345 678"}]}</script>
      <script src="https://embed.tawk.to/abc/default"></script></head>
      <body><footer><a href="/envios">Envíos</a><a href="https://wa.me/34612345678"><img alt="WhatsApp"></a>
      <img src="/img/visa.svg" alt="Visa"></footer>
      <form action="/contacto" method="POST"><input name="nombre" placeholder="Nombre"><input type="hidden" name="t">
      <textarea name="mensaje"></textarea></form><script>window.$crisp=[];</script>
      <iframe src="https://www.google.com/maps/embed?pb=1"></iframe></body></html>""")
    assert page.role is Role.CONTACT and page.title == "Contacto" and page.language == "es"
    assert [(l.url, l.text, l.zone) for l in page.links] == [
        ("https://tienda.example/envios", "Envíos", Zone.FOOTER),
        ("https://wa.me/34612345678", "WhatsApp", Zone.FOOTER),
    ]
    assert page.images[-1].alt == "Visa" and page.images[-1].src == "https://tienda.example/img/visa.svg"
    form = page.forms[0]
    assert form.method == "post" and [(f.name, f.kind) for f in form.fields] == [("nombre", "text"), ("mensaje", "textarea")]
    assert "https://embed.tawk.to/abc/default" in page.scripts and "inline:crisp" in page.scripts
    assert page.iframes == ("https://www.google.com/maps/embed?pb=1",)
    assert page.structured[0]["telephone"] == "+34 912 345 678"


def test_deep_nesting_does_not_recurse() -> None:
    html = "<body>" + "<div>" * 1500 + "hondo" + "</div>" * 1500 + "</body>"  # deeper than Python's recursion limit
    assert "hondo" in build(html).text.get("main", "")


def test_home_role_and_microdata() -> None:
    page = build("<body><div itemscope itemtype='https://schema.org/Product'><span itemprop='name'>Taza</span></div></body>",
                 url="https://tienda.example/", home=True)
    assert page.role is Role.HOME
    assert page.structured[0]["@type"] == "Product" and page.structured[0]["name"] == "Taza"


def test_a_header_mega_menu_does_not_push_out_footer_links() -> None:
    menu = "".join(f"<a href='/c/{i}'>Categoría {i}</a>" for i in range(2000))
    page = build(f"<body><header><nav>{menu}</nav></header><main><p>x</p></main>"
                 "<footer><a href='/contacto'>Contacto</a></footer></body>")
    assert page.links[-1].text == "Contacto" and page.links[-1].zone is Zone.FOOTER


def test_labelled_svg_icons_read_as_images_and_jump_menus_as_links() -> None:
    page = build("""<html><body><header><a href="/cuenta"><svg role="img"><title>Mi cuenta</title></svg></a></header>
        <main><p>Texto <svg><text>no es texto</text></svg> visible.</p>
        <select name="talla"><option value="38">38</option><option value="40">40</option></select></main>
        <footer><svg role="img" aria-labelledby="pi-visa"><title id="pi-visa">Visa</title></svg>
        <svg aria-label="PayPal" role="img"></svg><svg aria-hidden="true"><title>Bizum</title></svg><svg><path d="M0"/></svg>
        <select onchange="location=this.value"><option value="">Ayuda</option>
        <option value="/garantias">Garantías y devoluciones</option>
        <option value="https://tienda.example/envios">Envíos</option></select></footer></body></html>""")
    assert [(i.alt, i.zone) for i in page.images] == [("Mi cuenta", Zone.HEADER), ("Visa", Zone.FOOTER),
                                                      ("PayPal", Zone.FOOTER)]
    assert [(link.text, link.zone) for link in page.links if link.url.endswith("/cuenta")] == [("Mi cuenta", Zone.HEADER)]
    jump = [(link.url, link.text, link.zone) for link in page.links if link.zone is Zone.FOOTER]
    assert jump == [("https://tienda.example/garantias", "Garantías y devoluciones", Zone.FOOTER),
                    ("https://tienda.example/envios", "Envíos", Zone.FOOTER)]
    assert "no es texto" not in page.text[Zone.MAIN] and "38" not in page.text[Zone.MAIN]
