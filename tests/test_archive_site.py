"""Replaying an archive audits the archive: every archived page of the site is a candidate.

Captures here are written with warcio the way a person's browsing session is recorded (a
Webrecorder session of a shop's key pages): pages that do not link to each other, URLs spelled as
the browser showed them. Every audit goes through the real command line.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import check_of, run_cli
from test_archive import Warc, page

from touchaudit.archive.spelling import page_key

SHOP = "https://tienda-lumen.es"
CIF = "B86527413"  # a valid Spanish company id (checksum verified by python-stdnum)

# (archived URL, title, body): a shop's key pages as a person saved them, none linking to another
SPANISH = [
    ("http://www.tienda-lumen.es/index.php", "Lumen · lámparas de autor",
     "<main><h1>Lámparas hechas a mano</h1><p>Piezas de latón y vidrio soplado.</p></main>"),
    ("http://www.tienda-lumen.es/contacto/", "Contacto | Lumen",
     "<main><h1>Contacto</h1><p>Llámanos al <a href='tel:+34963123456'>963 123 456</a> "
     "o escríbenos a hola@tienda-lumen.es.</p></main>"),
    ("https://tienda-lumen.es:443/devoluciones/index.html", "Cambios y devoluciones",
     "<main><h1>Devoluciones</h1><p>Tienes 30 días naturales desde la entrega para devolver "
     "cualquier lámpara; te reembolsamos en cinco días.</p></main>"),
    ("https://tienda-lumen.es/informacion?id=3", "Aviso legal | Lumen",
     f"<main><h1>Aviso legal</h1><p>Titular: Lumen Artesanía S.L., CIF {CIF}, calle del Vidrio 4, "
     "46001 Valencia.</p></main>"),
]
ENGLISH = [
    ("http://www.harbourlamps.co.uk/", "Harbour Lamps",
     "<main><h1>Lamps made by hand</h1><p>Brass and blown glass from our workshop.</p></main>"),
    ("https://harbourlamps.co.uk/pages/contact-us", "Contact us",
     "<main><p>Call us on <a href='tel:+442079460321'>020 7946 0321</a> "
     "or write to hello@harbourlamps.co.uk.</p></main>"),
    ("https://www.harbourlamps.co.uk/returns/", "Returns policy",
     "<main><p>You can return any lamp within 30 days of delivery for a full refund.</p></main>"),
    ("http://harbourlamps.co.uk/page?id=9", "Legal notice | Harbour Lamps",
     "<main><p>Harbour Lamp Works Ltd, registered in England and Wales, company number 09876543.</p></main>"),
]


def capture(path: Path, pages: list[tuple[str, str, str]], lang: str = "es") -> Path:
    warc = Warc(path, software="Webrecorder ArchiveWeb.page 0.11")
    for url, title, body in pages:
        warc.response(url, page(title, body, lang))
    warc.close()
    return path


@pytest.mark.parametrize("start, pages, lang", [(SHOP, SPANISH, "es"), ("https://harbourlamps.co.uk", ENGLISH, "en")],
                         ids=["es", "en"])
def test_a_capture_of_pages_that_do_not_link_to_each_other_is_audited_in_full(
        tmp_path: Path, start: str, pages: list[tuple[str, str, str]], lang: str) -> None:
    archive = capture(tmp_path / "session.warc.gz", pages, lang)
    run = run_cli("audit", start, "--replay", str(archive), cwd=tmp_path)
    assert run.code == 0, run.stderr
    _, contact, returns, legal = (url for url, _, _ in pages)
    scan = run.json["scan"]
    audited = {p["url"]: p["role"] for p in scan["pages"]}
    assert audited == {start + "/": "home", contact: "contact", returns: "returns", legal: "legal"}, audited
    assert scan["status"] == "ok" and scan["errors"] == []  # the home's other spelling was found too
    assert scan["capture"]["tool"] == "Webrecorder ArchiveWeb.page 0.11"
    for check_id, url in (("phone", contact), ("return_policy", returns), ("legal_identity", legal)):
        result = check_of(run.json, check_id)
        assert result["status"] == "pass", result
        assert url in {e["url"] for e in result["evidence"]}, result


def test_a_budget_of_n_reads_the_n_best_ranked_archived_pages(tmp_path: Path) -> None:
    """Ranked as links are: contact, then shipping and returns, then the legal notice (named by
    its title only); FAQ, about, a product and a blog post wait for a bigger budget."""
    archive = capture(tmp_path / "session.warc.gz", [
        (SHOP + "/", "Lumen", "<main><p>Lámparas hechas a mano.</p></main>"),
        (SHOP + "/blog/nueva-coleccion", "Nueva colección de otoño", "<p>Fotos del taller.</p>"),
        (SHOP + "/products/lampara-nube", "Lámpara Nube", "<p>Latón y vidrio. 120 €</p>"),
        (SHOP + "/quienes-somos", "Quiénes somos", "<p>Un taller familiar.</p>"),
        (SHOP + "/preguntas-frecuentes", "Preguntas frecuentes", "<p>¿Cuánto tarda?</p>"),
        (SHOP + "/pagina.php?id=12", "Aviso legal", f"<p>Lumen Artesanía S.L., CIF {CIF}</p>"),
        (SHOP + "/envios", "Envíos", "<p>Envío gratis desde 50 €.</p>"),
        (SHOP + "/devoluciones", "Devoluciones", "<p>30 días para devolver.</p>"),
        (SHOP + "/contacto", "Contacto", "<p>Tel. 963 123 456</p>"),
    ])
    run = run_cli("audit", SHOP, "--replay", str(archive), "--budget", "5", cwd=tmp_path)
    assert run.code == 0, run.stderr
    audited = {p["url"] for p in run.json["scan"]["pages"]}
    assert audited == {SHOP + path for path in ("/", "/contacto", "/envios", "/devoluciones", "/pagina.php?id=12")}
    assert run.json["scan"]["errors"] == []


def test_pages_the_archive_lacks_do_not_use_up_the_budget_or_the_quotas(tmp_path: Path) -> None:
    """The home's menu ranks six category pages and a shipping page above the archived pages that
    nothing links to; none was captured. They are asked for only once every archived page was."""
    menu = "".join(f"<a href='/{name}'>{name.title()}</a> " for name in
                   ("lamparas", "apliques", "plafones", "flexos", "focos", "tiras"))
    archive = capture(tmp_path / "session.warc.gz", [
        (SHOP + "/", "Lumen", f"<nav>{menu}</nav><main><p>Lámparas hechas a mano.</p></main>"
                              "<footer><a href='/envios'>Envíos</a></footer>"),
        (SHOP + "/contacto", "Contacto", "<p>Tel. 963 123 456</p>"),
        (SHOP + "/devoluciones", "Devoluciones", "<p>30 días para devolver.</p>"),
        (SHOP + "/nuestro-taller", "El taller", "<p>Así trabajamos el vidrio.</p>"),
        (SHOP + "/blog/otono", "Otoño en el taller", "<p>Fotos.</p>"),
    ])
    # a budget of 8 pages, of which at most 4 "other" pages (categories, the workshop, the blog)
    run = run_cli("audit", SHOP, "--replay", str(archive), "--budget", "8", cwd=tmp_path)
    assert run.code == 0, run.stderr
    scan = run.json["scan"]
    assert {p["url"] for p in scan["pages"]} == {
        SHOP + path for path in ("/", "/contacto", "/devoluciones", "/nuestro-taller", "/blog/otono")}
    missing = [e["url"] for e in scan["errors"] if e["kind"] == "not_in_archive"]
    assert missing[:1] == [SHOP + "/envios"]  # the best-ranked missing page is still reported
    assert len(missing) == 3  # the budget's last three asks: Envíos and two categories
    assert scan["status"] == "partial"


def test_spellings_of_a_page_in_links_and_captures_are_one_page(tmp_path: Path) -> None:
    """The home links to each page in another spelling than its capture, and one page was captured
    twice (http and https): each page is read once and nothing is reported missing."""
    links = ("<footer><a href='https://tienda-lumen.es/contacto#formulario'>Contacto</a> "
             "<a href='http://tienda-lumen.es:80/devoluciones/'>Devoluciones</a> "
             "<a href='//www.tienda-lumen.es/envios/index.html'>Envíos</a> "
             "<a href='/'>Inicio</a></footer>")
    archive = capture(tmp_path / "session.warc.gz", [
        ("https://www.tienda-lumen.es/", "Lumen", f"<main><p>Lámparas.</p></main>{links}"),
        ("http://www.tienda-lumen.es/contacto/", "Contacto", "<p>Tel. 963 123 456</p>"),
        ("https://tienda-lumen.es/contacto", "Contacto", "<p>Tel. 963 123 456</p>"),
        ("https://tienda-lumen.es/devoluciones", "Devoluciones", "<p>30 días para devolver.</p>"),
        ("https://tienda-lumen.es/envios", "Envíos", "<p>Envío gratis desde 50 €.</p>"),
    ])
    run = run_cli("audit", "http://tienda-lumen.es/index.html", "--replay", str(archive), cwd=tmp_path)
    assert run.code == 0, run.stderr
    scan = run.json["scan"]
    roles = sorted(p["role"] for p in scan["pages"])
    assert roles == ["contact", "home", "returns", "shipping"], scan["pages"]
    assert scan["errors"] == [] and scan["status"] == "ok"


def test_a_capture_without_the_home_page_is_still_audited(tmp_path: Path) -> None:
    archive = capture(tmp_path / "session.warc.gz", SPANISH[1:])
    run = run_cli("audit", SHOP, "--replay", str(archive), cwd=tmp_path)
    assert run.code == 0, run.stderr
    scan = run.json["scan"]
    assert scan["status"] == "partial" and "home page failed (not_in_archive)" in scan["reason"]
    assert sorted(p["role"] for p in scan["pages"]) == ["contact", "legal", "returns"]
    assert check_of(run.json, "phone")["status"] == "pass"


@pytest.mark.parametrize("a, b", [
    ("https://shop.es/contacto", "http://www.shop.es/contacto/"),
    ("https://shop.es/", "http://shop.es:80/index.html"),
    ("https://shop.es/ayuda/index.php", "https://shop.es:443/ayuda#envios"),
    ("https://shop.es/p?b=2&a=1", "https://SHOP.es/p?a=1&b=2&utm_source=mail"),
])
def test_spellings_of_one_page_share_a_key(a: str, b: str) -> None:
    assert page_key(a) == page_key(b)


@pytest.mark.parametrize("a, b", [
    ("https://shop.es/contacto", "https://shop.es/contact"),
    ("https://shop.es/p?id=1", "https://shop.es/p?id=2"),
    ("https://shop.es/", "https://otra.shop.es/"),  # another subdomain is another site
    ("https://shop.es/", "https://shop.es:8443/"),  # so is another port
    ("https://shop.es/index.html/x", "https://shop.es/x"),
])
def test_different_pages_keep_different_keys(a: str, b: str) -> None:
    assert page_key(a) != page_key(b)
