"""`--render auto` decides per page from the raw HTML: cases as data, read by the real page reader.

Each case is a page as a server sends it and the reason it must be rendered (None: the HTML can be
judged as it is). Traps are pages a careless rule would send to the browser.
"""
from __future__ import annotations

import pytest

from touchaudit.pages.reader import PageJob, read_for_crawl

ORIGIN = "http://127.0.0.1:8000"
HEADER = "<header><a href='/'>Tienda Olmo</a><nav><a href='/contacto'>Contacto</a> <a href='/envios'>Envíos</a></nav></header>"
MAIN = "<main><h1>Tienda Olmo</h1><p>" + "Mantas de lana merina tejidas en Béjar, con envío a toda España. " * 3 + "</p></main>"
FOOTER = "<footer><p>Tienda Olmo · Calle Real 3, 37700 Béjar · <a href='tel:+34923401122'>923 401 122</a></p></footer>"
SCRIPT = "<script src='/app.js'></script>"
GTM = ("<script>(function(w,d,s,l,i){w[l]=w[l]||[];var j=d.createElement(s);j.async=true;"
       "j.src='https://www.googletagmanager.com/gtm.js?id='+i;d.head.appendChild(j);})(window,document,'script','dataLayer','GTM-AB12CD');</script>")


def page(*parts: str) -> bytes:
    return ("<!doctype html><html lang='es'><head><meta charset='utf-8'><title>Tienda Olmo</title></head><body>"
            + "".join(parts) + "</body></html>").encode("utf-8")


CASES: dict[str, tuple[str, bytes, str | None]] = {
    # (path, raw HTML, expected reason)
    "shell": ("/", page("<div id='root'></div>", SCRIPT), "shell"),
    "footer_placeholder": ("/", page(HEADER, MAIN, "<footer id='site-footer'></footer>", SCRIPT), "placeholder"),
    "footer_placeholder_by_id": ("/envios", page(HEADER, MAIN, "<div id='footer'></div>", SCRIPT), "placeholder"),
    "header_placeholder": ("/envios", page("<div class='site-header'></div>", MAIN, FOOTER, SCRIPT), "placeholder"),
    "main_placeholder": ("/envios", page(HEADER, "<main id='app'></main>", FOOTER, SCRIPT), "placeholder"),
    "contact_injected": ("/contacto", page(HEADER, "<main><h1>Contacto</h1><div id='form'></div></main>", SCRIPT), "contact"),
    "tag_manager_home": ("/", page(GTM, HEADER, MAIN, FOOTER), "tag_manager"),
    # traps
    "complete_page_with_scripts": ("/", page(HEADER, MAIN, FOOTER, SCRIPT), None),
    "trap_decorative_empty_footer_parts": (
        "/envios", page(HEADER, MAIN, "<div class='modal-footer'></div><div class='navFooterColSpacer'></div>", SCRIPT), None),
    "trap_empty_footer_without_scripts": ("/", page(HEADER, MAIN, "<footer id='site-footer'></footer>"), None),
    "trap_header_text_in_nav_only": ("/envios", page("<nav><a href='/contacto'>Contacto</a></nav><div id='header'></div>",
                                                     MAIN, FOOTER, SCRIPT), None),
    "trap_contact_page_with_phone": ("/contacto", page(HEADER, "<main><h1>Contacto</h1><p>Llámanos al 923 401 122.</p></main>",
                                                       FOOTER, SCRIPT), None),
    "trap_contact_page_with_form": ("/contacto", page(HEADER, "<main><form><textarea name='mensaje'></textarea>"
                                                      "<input type='email' name='email'></form></main>", SCRIPT), None),
    "trap_tag_manager_and_a_chat_widget": (
        "/", page(GTM, HEADER, MAIN, FOOTER, "<script src='https://embed.tawk.to/5f3c0ffee0123456789abcde/default'></script>"),
        None),
    "trap_tag_manager_off_the_home_page": ("/envios", page(GTM, HEADER, MAIN, FOOTER), None),
}


def read(path: str, body: bytes, render: str) -> str | None:
    url = ORIGIN + path
    job = PageJob(url, url, 200, body, "utf-8", None, 0 if path == "/" else 1, path == "/", None, render=render)
    return read_for_crawl(job).render


@pytest.mark.parametrize("name", sorted(CASES))
def test_auto_renders_only_pages_the_raw_html_cannot_judge(name: str) -> None:
    path, body, expected = CASES[name]
    assert read(path, body, "auto") == expected


def test_always_renders_every_page_and_never_none() -> None:
    path, body, _ = CASES["complete_page_with_scripts"]
    assert read(path, body, "always") == "always"
    assert read(*CASES["shell"][:2], "never") is None
