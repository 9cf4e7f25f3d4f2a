"""A farm of misbehaving shops on 127.0.0.1: every way a site can break an audit, one per case.

One asyncio server process serves every case on one port, each case its own site chosen by the
Host header: ``http://<case>.localhost:PORT/`` (RFC 6761: ``*.localhost`` is loopback; touchaudit's
resolver answers it locally, curl does too). The process also holds a port that refuses
connections (bound, never listening). ``cases()`` lists every case with the verdict touchaudit must
reach (status, reason, the home page's error kind, flags, a time bound) and ``case.url(farm)`` where
it is served, so a test or a portfolio run can iterate over the whole farm:

    farm = HostileFarm()                      # a subprocess; farm.stop() when done
    for case in cases():
        audit(case.url(farm), *case.args)     # expect case.status, case.reason, case.exit_code

    python tests/hostile.py [PORT]   # prints {"port": ..., "refused_port": ...}, one URL per case, "ready"

State is per path and self-resetting (a flaky page fails, then recovers; a rate-limited page asks
to wait, then answers and forgets), so the farm can be crawled again and again.
"""
from __future__ import annotations

import asyncio
import gzip
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

IDN_NAME = "tienda-españa"  # served as its punycode label
IDN_LABEL = IDN_NAME.encode("idna").decode("ascii")
PHONE = "912 345 678"
ADDRESS = "Calle Alcalá 12, 28009 Madrid"
HUGE_BYTES = 50 * 1024 * 1024
BOMB_INFLATED = 1024 * 1024 * 1024  # 1 GiB of zeros in ~1 MB of gzip
DRIP_SECONDS = 60

# -- healthy Spanish shop pages ---------------------------------------------------------------------

NAV = [("/contacto", "Contacto"), ("/envios", "Envíos y entregas"), ("/devoluciones", "Devoluciones"),
       ("/aviso-legal", "Aviso legal")]
BODIES = {
    "/": "<h1>Tienda Lumen</h1><p>Lámparas de cerámica hechas a mano en Madrid. Envío en 24/48 horas.</p>",
    "/contacto": f"<h1>Contacto</h1><p>Teléfono: <a href='tel:+34912345678'>{PHONE}</a></p>"
                 "<p>Escríbenos a hola@tienda-lumen.es, te contestamos en menos de 24 horas.</p>",
    "/envios": "<h1>Envíos</h1><p>Enviamos a toda España en 24/48 horas laborables con seguimiento.</p>",
    "/devoluciones": "<h1>Devoluciones</h1><p>Tienes 30 días para devolver tu pedido sin dar explicaciones.</p>",
    "/aviso-legal": f"<h1>Aviso legal</h1><p>Tienda Lumen S.L., CIF B12345674, {ADDRESS}.</p>",
}


def shop_page(path: str, *, extra_links: str = "", main: str | None = None, charset: str | None = "utf-8",
              head: str = "") -> str:
    """A small but complete shop page: header menu, main text, footer with phone and address."""
    nav = " ".join(f"<a href='{href}'>{text}</a>" for href, text in NAV)
    meta = f"<meta charset='{charset}'>" if charset else ""
    return (
        f"<!doctype html><html lang='es'><head>{meta}{head}<title>Tienda Lumen {path}</title></head><body>"
        f"<header><a href='/'>Tienda Lumen</a> <nav>{nav}</nav></header>"
        f"<main>{BODIES.get(path, '<h1>Página</h1><p>Una página de la tienda.</p>') if main is None else main}</main>"
        f"<footer><p>Teléfono: <a href='tel:+34912345678'>{PHONE}</a> · {ADDRESS}</p>"
        f"<p>hola@tienda-lumen.es</p>{extra_links}</footer></body></html>"
    )


# -- the wire -------------------------------------------------------------------------------------


@dataclass
class Request:
    case: str
    www: bool
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    writer: asyncio.StreamWriter
    reader: asyncio.StreamReader


def _head(status: int, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status} {HTTPStatus(status).phrase}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def send(req: Request, status: int = 200, body: bytes | str = b"", ctype: str | None = "text/html; charset=utf-8",
               **headers: str) -> None:
    data = body.encode("utf-8") if isinstance(body, str) else body
    hdrs = {"Content-Type": ctype} if ctype else {}
    hdrs.update({k.replace("_", "-"): v for k, v in headers.items()})
    hdrs.setdefault("Content-Length", str(len(data)))
    req.writer.write(_head(status, hdrs) + data)
    await req.writer.drain()


async def redirect(req: Request, location: str, status: int = 302) -> None:
    await send(req, status, b"", None, Location=location)


def origin(req: Request, case: str | None = None, www: bool = False) -> str:
    port = req.writer.get_extra_info("sockname")[1]
    return f"http://{'www.' if www else ''}{case or req.case}.localhost:{port}"


async def healthy(req: Request) -> None:
    if req.path in ("/robots.txt", "/sitemap.xml") or req.path not in BODIES:
        await send(req, 404, "<p>No existe</p>")
    else:
        await send(req, 200, shop_page(req.path))


# -- the cases --------------------------------------------------------------------------------------

_flaky: dict[tuple[str, str], int] = {}
_canary_hits: list[str] = []  # "host path" of every request the canary port received
_cookie_max: dict[str, int] = {}  # case -> longest Cookie header it received
CANARY: dict[str, int] = {"port": 0}  # a second port: where hostile redirects point (never to be reached)
_ready_at: dict[tuple[str, str], float] = {}
_bomb: list[bytes] = []


def gzip_bomb() -> bytes:
    """1 GiB of zeros as 64 gzip members of 16 MiB each (a valid gzip stream; ~1 MB on the wire)."""
    if not _bomb:
        member = gzip.compress(bytes(16 * 1024 * 1024), compresslevel=9)
        _bomb.append(member * (BOMB_INFLATED // (16 * 1024 * 1024)))
    return _bomb[0]


async def case_status_500(req: Request) -> None:
    await send(req, 500, "<h1>Internal Server Error</h1>")


async def case_flaky_500(req: Request) -> None:
    """Every page fails once with a 500, then answers (Scrapy's one retry recovers it)."""
    if req.path == "/robots.txt":
        return await healthy(req)
    key = (req.case, req.path)
    _flaky[key] = _flaky.get(key, 0) + 1
    if _flaky[key] % 2:
        return await send(req, 500, "<h1>Error temporal</h1>")
    await healthy(req)


async def case_rate_limited(req: Request) -> None:
    """429 Retry-After: 1 for each page; asking again too early gets another 429; then a 200."""
    if req.path == "/robots.txt":
        return await healthy(req)
    key, now = (req.case, req.path), time.monotonic()
    ready = _ready_at.get(key)
    if ready is None or now < ready:
        if ready is None:
            _ready_at[key] = now + 1.0
        return await send(req, 429, "<h1>Demasiadas peticiones</h1>", Retry_After="1")
    del _ready_at[key]
    await healthy(req)


async def case_rate_limited_long(req: Request) -> None:
    if req.path == "/robots.txt":
        return await healthy(req)
    await send(req, 429, "<h1>Demasiadas peticiones</h1>", Retry_After="3600")


async def case_home_404(req: Request) -> None:
    await send(req, 404, "<h1>No existe</h1>") if req.path == "/" else await healthy(req)


async def case_redirect_loop(req: Request) -> None:
    await redirect(req, "/b" if req.path != "/b" else "/a")


async def case_redirect_away(req: Request) -> None:
    await redirect(req, origin(req, "elsewhere") + "/", 301)


async def case_redirect_www(req: Request) -> None:
    """The bare domain redirects to www (same registrable domain): followed."""
    await (healthy(req) if req.www else redirect(req, origin(req, www=True) + req.path, 301))


async def case_meta_refresh(req: Request) -> None:
    if req.path == "/":
        return await send(req, 200, "<html><head><meta http-equiv='refresh' content='0; url=/inicio'>"
                                    "<title>Redirigiendo</title></head><body></body></html>")
    if req.path == "/inicio":
        return await send(req, 200, shop_page("/"))
    await healthy(req)


async def case_meta_refresh_away(req: Request) -> None:
    target = origin(req, "elsewhere") + "/"
    await send(req, 200, f"<html><head><meta http-equiv='refresh' content='0; url={target}'></head><body></body></html>")


async def case_js_shell(req: Request) -> None:
    if req.path == "/robots.txt":
        return await healthy(req)
    await send(req, 200, "<!doctype html><html lang='es'><head><meta charset='utf-8'><title>Tienda Lumen</title>"
                         "<script defer src='/static/js/main.4f2a1c.js'></script></head><body>"
                         "<noscript>Necesitas activar JavaScript para usar esta aplicación.</noscript>"
                         "<div id='root'></div></body></html>")


async def case_robots_disallow(req: Request) -> None:
    if req.path == "/robots.txt":
        return await send(req, 200, "User-agent: *\nDisallow: /\n", "text/plain")
    await healthy(req)


async def case_infinite(req: Request) -> None:
    """Calendars, session ids, facet combinations and tracking parameters on every page."""
    if req.path == "/robots.txt":
        return await healthy(req)
    n = int(time.monotonic() * 1000) % 100000
    links = [
        f"<a href='/contacto;jsessionid=J{n}'>Contacto</a>", f"<a href='/envios?PHPSESSID=p{n}'>Envíos</a>",
        f"<a href='/devoluciones?sid=s{n}&utm_source=news{n}'>Devoluciones</a>",
        f"<a href='/aviso-legal?sessionid=x{n}'>Aviso legal</a>",
    ]
    year, month = n % 50 + 2000, n % 12 + 1
    links += [f"<a href='/calendario/{year + i}/{month}'>{year + i}/{month}</a>" for i in range(6)]
    links += [f"<a href='/tienda?color=c{n % 7 + i}&talla=t{i}&material=m{n}'>Filtro {i}</a>" for i in range(6)]
    links += [f"<a href='/tienda/lamparas?utm_campaign=c{n + i}&fbclid=f{i}'>Lámparas</a>" for i in range(6)]
    base = req.path.split(";")[0]
    main = BODIES.get(base, f"<h1>Página {req.path}</h1><p>Más páginas, para siempre.</p>")
    await send(req, 200, shop_page(base, main=main, extra_links=" ".join(links)))


async def _stream(req: Request, size: int, *, chunked: bool, ctype: str = "text/html") -> None:
    headers = {"Content-Type": ctype}
    headers.update({"Transfer-Encoding": "chunked"} if chunked else {"Content-Length": str(size)})
    req.writer.write(_head(200, headers))
    block = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"
    sent = 0
    while sent < size:
        req.writer.write(b"%x\r\n%s\r\n" % (len(block), block) if chunked else block)
        sent += len(block)
        await req.writer.drain()  # raises once the client hangs up: the stream ends there
    if chunked:
        req.writer.write(b"0\r\n\r\n")


async def case_huge(req: Request) -> None:
    await (_stream(req, HUGE_BYTES, chunked=False) if req.path == "/" else healthy(req))


async def case_huge_chunked(req: Request) -> None:
    await (_stream(req, HUGE_BYTES, chunked=True) if req.path == "/" else healthy(req))


async def case_gzip_bomb(req: Request) -> None:
    if req.path != "/":
        return await healthy(req)
    await send(req, 200, gzip_bomb(), Content_Encoding="gzip")


async def case_binary(req: Request) -> None:
    if req.path != "/":
        return await healthy(req)
    await send(req, 200, os.urandom(200_000), "text/html")  # no charset, not text at all


async def case_pdf(req: Request) -> None:
    if req.path != "/":
        return await healthy(req)
    await send(req, 200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", "application/pdf")


def _encoded(req: Request, encoding: str, header: str | None, meta: str | None) -> Awaitable[None]:
    if req.path in ("/robots.txt", "/sitemap.xml") or req.path not in BODIES:
        return send(req, 404, "<p>No existe</p>")
    body = shop_page(req.path, charset=meta).encode(encoding)
    return send(req, 200, body, "text/html" + (f"; charset={header}" if header else ""))


async def case_cp1252_no_charset(req: Request) -> None:
    await _encoded(req, "cp1252", None, None)


async def case_latin1_meta_only(req: Request) -> None:
    await _encoded(req, "iso-8859-1", None, "iso-8859-1")


async def case_cp1252_wrong_header(req: Request) -> None:
    await _encoded(req, "cp1252", "utf-8", "windows-1252")


async def case_cp1252_wrong_header_no_meta(req: Request) -> None:
    await _encoded(req, "cp1252", "utf-8", None)


async def case_utf8_wrong_header(req: Request) -> None:
    await _encoded(req, "utf-8", "iso-8859-1", None)


async def case_deep_nesting(req: Request) -> None:
    """One page: the footer inside 5,000 nested <div>s, then the opening hours after 5,000 unclosed
    <font>s; both past libxml2's depth limit. No other page, so the facts can only come from here."""
    if req.path != "/":
        return await send(req, 404, "<p>No existe</p>")
    footer = f"<footer><p>Teléfono: <a href='tel:+34912345678'>{PHONE}</a> · {ADDRESS}</p></footer>"
    await send(req, 200, "<!doctype html><html lang='es'><head><meta charset='utf-8'><title>Tienda Lumen</title></head>"
                         f"<body><main>{BODIES['/']}</main>" + "<div>" * 5000 + footer + "</div>" * 5000
                         + "<font size=2>" * 5000 + "<p>Horario de atención: de lunes a viernes de 9:00 a 18:00.</p>"
                         "</body></html>")


async def case_many_links(req: Request) -> None:
    if req.path.startswith("/producto/"):
        return await send(req, 200, shop_page(req.path))
    if req.path != "/":
        return await healthy(req)
    links = "".join(f"<a href='/producto/{i}'>Producto {i}</a>" for i in range(100_000))
    await send(req, 200, shop_page("/", main=f"<h1>Todo</h1><div>{links}</div>"))


async def case_bad_hrefs(req: Request) -> None:
    """Hrefs no crawler should request, or should read as plain paths ("http:///nohost" is /nohost)."""
    if req.path == "/robots.txt":
        return await healthy(req)
    if req.path != "/":  # a catch-all route, as many shops have: any path is a page
        return await send(req, 200, shop_page(req.path if req.path in BODIES else "/otra"))
    hrefs = ["javascript:alert(1)", "JaVaScRiPt:void(0)", "data:text/html,<h1>hola</h1>", "file:///etc/passwd",
             "http://[::1", "http://tienda.localhost:99999/", "https://%%%/", "http:///nohost", "\x00/nul",
             "//[bad", "mailto:", "tel:", "ftp://127.0.0.1/", "about:blank", "vbscript:msgbox(1)",
             "  \n ", "#", "?", "http://a b.localhost/", "/" + "a" * 5000]
    extra = " ".join(f"<a href='{h}'>Enlace {i}</a>" for i, h in enumerate(hrefs))
    await send(req, 200, shop_page("/", extra_links=extra))


async def case_silent(req: Request) -> None:
    await asyncio.sleep(3600)  # accepted, read, never answered


async def case_slow_drip(req: Request) -> None:
    """Headers at once, then one byte a second: every single read is quick, the page never ends."""
    if req.path == "/robots.txt":
        return await healthy(req)
    req.writer.write(_head(200, {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(10 * DRIP_SECONDS)}))
    for _ in range(DRIP_SECONDS):
        req.writer.write(b"<p>x</p>\n ")
        await req.writer.drain()
        await asyncio.sleep(1)


async def case_slow_pages(req: Request) -> None:
    """Every page takes 1 s and links to 40 more: only the site time budget ends the crawl."""
    if req.path == "/robots.txt":
        return await healthy(req)
    await asyncio.sleep(1.0)
    links = " ".join(f"<a href='/contacto/{i}'>Contacto {i}</a>" for i in range(40))
    await send(req, 200, shop_page("/contacto", extra_links=links))


async def case_mixed(req: Request) -> None:
    """A shop whose home and contact page are fine and whose other pages break in every way."""
    broken: dict[str, Callable[[Request], Awaitable[None]]] = {
        "/envios": case_status_500, "/devoluciones": case_slow_drip, "/aviso-legal": case_huge,
        "/preguntas-frecuentes": case_gzip_bomb, "/garantia": case_binary, "/formas-de-pago": case_pdf,
        "/condiciones": case_redirect_away,
    }
    if req.path.startswith("/quienes-somos"):  # a loop of its own: /quienes-somos <-> /quienes-somos-2
        return await redirect(req, "/quienes-somos-2" if req.path == "/quienes-somos" else "/quienes-somos")
    if req.path in broken:
        return await broken[req.path](Request(**{**req.__dict__, "path": "/"}))
    extra = " ".join(f"<a href='{p}'>{t}</a>" for p, t in [
        ("/preguntas-frecuentes", "Preguntas frecuentes"), ("/garantia", "Garantía"),
        ("/formas-de-pago", "Formas de pago"), ("/quienes-somos", "Quiénes somos"),
        ("/condiciones", "Condiciones de venta")])
    if req.path in ("/", "/contacto"):
        return await send(req, 200, shop_page(req.path, extra_links=extra))
    await healthy(req)


async def case_endless_headers(req: Request) -> None:
    """A 200 whose headers never end: header lines and folded continuation lines, forever."""
    if req.path != "/":
        return await healthy(req)
    req.writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
    filler = b"x" * 200
    for i in range(10_000_000):  # ~4 GB at most; the client hangs up long before
        if req.writer.is_closing():
            return
        req.writer.write(b"X-Filler-%d: %s\r\n \t%s\r\n" % (i, filler, filler))
        await req.writer.drain()


async def case_many_cookies(req: Request) -> None:
    """Every page sets 400 new cookies (with a Domain attribute, as shops' trackers do)."""
    if req.path in ("/robots.txt", "/sitemap.xml") or req.path not in BODIES:
        return await send(req, 404, "<p>No existe</p>")
    body = shop_page(req.path).encode()
    head = ["HTTP/1.1 200 OK", "Connection: close", "Content-Type: text/html; charset=utf-8",
            f"Content-Length: {len(body)}"]
    tag = req.path.strip("/") or "home"
    head += [f"Set-Cookie: t_{tag}_{i}={'v' * 120}; Domain=many-cookies.localhost; Path=/" for i in range(400)]
    req.writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
    await req.writer.drain()


def canary_url(req: Request, path: str, host: str = "127.0.0.1") -> str:
    return f"http://{host}:{CANARY['port']}/{req.case}/{path}"


async def case_robots_redirect(req: Request) -> None:
    """robots.txt redirects to another local port (a metadata-service look-alike), /sitemap.xml to
    another site on it: a crawler must follow neither."""
    if req.path == "/robots.txt":
        return await redirect(req, canary_url(req, "latest/meta-data/"))
    if req.path == "/sitemap.xml":
        return await redirect(req, canary_url(req, "sitemap.xml", "canary.localhost"))
    await healthy(req)


async def case_sitemap_redirect(req: Request) -> None:
    """robots.txt names a sitemap on the site that redirects to another local port; the sitemap index
    also lists sitemaps there."""
    if req.path == "/robots.txt":
        return await send(req, 200, f"User-agent: *\nAllow: /\nSitemap: {origin(req)}/sitemap_index.xml\n"
                                    f"Sitemap: {origin(req)}/sitemap.xml\n", "text/plain")
    if req.path == "/sitemap_index.xml":
        return await send(req, 200, "<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                                    f"<sitemap><loc>{canary_url(req, 'index.xml')}</loc></sitemap></sitemapindex>",
                          "application/xml")
    if req.path == "/sitemap.xml":
        return await redirect(req, canary_url(req, "sitemap.xml"), 301)
    await healthy(req)


async def case_sitemap_bomb(req: Request) -> None:
    """robots.txt names a .xml.gz sitemap that unpacks to 1 GiB (served as a file, not an encoding)."""
    if req.path == "/robots.txt":
        return await send(req, 200, f"User-agent: *\nSitemap: {origin(req)}/sitemap.xml.gz\n", "text/plain")
    if req.path == "/sitemap.xml.gz":
        return await send(req, 200, gzip_bomb(), "application/x-gzip")
    await healthy(req)


async def case_truncated(req: Request) -> None:
    """The home page announces 100 KB and the connection closes after 1 KB."""
    if req.path != "/":
        return await healthy(req)
    req.writer.write(_head(200, {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(100_000)})
                     + shop_page("/").encode()[:1000])
    await req.writer.drain()


CASES: dict[str, Callable[[Request], Awaitable[None]]] = {
    "ok": healthy, "elsewhere": healthy, "idn": healthy,
    "status-500": case_status_500, "flaky-500": case_flaky_500,
    "rate-limited": case_rate_limited, "rate-limited-long": case_rate_limited_long,
    "home-404": case_home_404, "redirect-loop": case_redirect_loop, "redirect-away": case_redirect_away,
    "redirect-www": case_redirect_www, "meta-refresh": case_meta_refresh,
    "meta-refresh-away": case_meta_refresh_away, "js-shell": case_js_shell,
    "robots-disallow": case_robots_disallow, "infinite": case_infinite,
    "huge": case_huge, "huge-chunked": case_huge_chunked, "gzip-bomb": case_gzip_bomb,
    "binary": case_binary, "pdf": case_pdf,
    "cp1252-no-charset": case_cp1252_no_charset, "latin1-meta-only": case_latin1_meta_only,
    "cp1252-wrong-header": case_cp1252_wrong_header, "cp1252-wrong-header-no-meta": case_cp1252_wrong_header_no_meta,
    "utf8-wrong-header": case_utf8_wrong_header, "deep-nesting": case_deep_nesting,
    "many-links": case_many_links, "bad-hrefs": case_bad_hrefs, "silent": case_silent,
    "slow-drip": case_slow_drip, "slow-pages": case_slow_pages, "mixed": case_mixed,
    "endless-headers": case_endless_headers, "many-cookies": case_many_cookies,
    "robots-redirect": case_robots_redirect, "sitemap-redirect": case_sitemap_redirect,
    "sitemap-bomb": case_sitemap_bomb, "truncated": case_truncated,
}


async def index(req: Request) -> None:
    if req.path == "/__stats":  # for tests: what the farm saw
        return await send(req, 200, json.dumps({"canary_hits": _canary_hits, "cookie_max": _cookie_max}),
                          "application/json")
    port = req.writer.get_extra_info("sockname")[1]
    items = "".join(f"<li><a href='http://{name}.localhost:{port}/'>{name}</a></li>" for name in CASES)
    await send(req, 200, f"<!doctype html><title>hostile farm</title><ul>{items}</ul>")


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        first = await asyncio.wait_for(reader.readexactly(1), 30)
        if first == b"\x16":  # a TLS ClientHello on this plain-HTTP port: answer in plain text
            writer.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        head = first + await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
        lines = head.decode("latin-1").split("\r\n")
        target = lines[0].split(" ")[1] if len(lines[0].split(" ")) > 2 else "/"
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        host = headers.get("host", "").rsplit(":", 1)[0].lower().rstrip(".")
        label = host[: -len(".localhost")] if host.endswith(".localhost") else ""
        www = label.startswith("www.")
        label = label[4:] if www else label
        label = "idn" if label == IDN_LABEL else label
        parts = urlsplit(target)
        req = Request(label, www, parts.path or "/", dict(parse_qsl(parts.query)), headers, writer, reader)
        _cookie_max[label] = max(_cookie_max.get(label, 0), len(headers.get("cookie", "")))
        handler = CASES.get(label) or (index if not label else None)
        if handler is None:
            await send(req, 404, "<p>no such case</p>")
        else:
            await handler(req)
    except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
        pass
    finally:
        try:
            writer.close()
        except Exception:
            pass


async def canary(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """The port hostile sites redirect to: it records who came (nobody should) and answers."""
    try:
        head = (await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)).decode("latin-1").split("\r\n")
        host = next((line.split(":", 1)[1].strip() for line in head[1:] if line.lower().startswith("host:")), "")
        _canary_hits.append(f"{host} {head[0].split(' ')[1] if ' ' in head[0] else head[0]}")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\ncanary")
        await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
        pass
    finally:
        writer.close()


async def serve(port: int = 0) -> None:
    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=256, limit=256 * 1024)
    canary_server = await asyncio.start_server(canary, "127.0.0.1", 0)
    CANARY["port"] = canary_server.sockets[0].getsockname()[1]
    refused = socket.socket()  # bound, never listening: connections to it are refused
    refused.bind(("127.0.0.1", 0))
    info = {"port": server.sockets[0].getsockname()[1], "refused_port": refused.getsockname()[1],
            "canary_port": CANARY["port"]}
    print(json.dumps(info), flush=True)
    for name in CASES:
        print(f"http://{name}.localhost:{info['port']}/", flush=True)
    gzip_bomb()  # built once, before anyone asks (~1 s)
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


# -- for tests and portfolio runs --------------------------------------------------------------------


class HostileFarm:
    """The farm in a subprocess: `farm.url("huge")`, `farm.refused_url`, `farm.stop()`."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        self.proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve())], stdout=subprocess.PIPE,
                                     text=True, env=env)
        assert self.proc.stdout is not None
        info = json.loads(self.proc.stdout.readline())
        self.port, self.refused_port, self.canary_port = int(info["port"]), int(info["refused_port"]), int(info["canary_port"])
        while self.proc.stdout.readline().strip() not in ("ready", ""):
            pass

    def url(self, case: str, path: str = "/", scheme: str = "http") -> str:
        host = IDN_NAME if case == "idn" else case
        return f"{scheme}://{host}.localhost:{self.port}{path}"

    @property
    def refused_url(self) -> str:
        return f"http://127.0.0.1:{self.refused_port}/"

    def stats(self) -> dict[str, Any]:
        """What the farm saw: {"canary_hits": ["host /path", ...], "cookie_max": {case: bytes}}."""
        from urllib.request import urlopen

        with urlopen(f"http://127.0.0.1:{self.port}/__stats", timeout=10) as answer:
            return json.loads(answer.read())  # type: ignore[no-any-return]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@dataclass(frozen=True)
class HostileCase:
    """One bad site and the verdict an audit of it must reach (the README table, as data)."""

    name: str
    status: str  # scan.status
    reason: str  # a fragment of scan.reason ("" when the scan is ok)
    kind: str | None = None  # the home page's error kind, when it failed
    args: tuple[str, ...] = ()  # extra CLI flags the case needs (short timeouts, small budgets)
    seconds: float = 20.0  # wall-clock bound for the whole audit, Python start-up included
    address: str = ""  # how to reach it: "" = its own site on the farm; "refused", "dns", "tls"
    site: str = ""  # the farm site it audits, when not the one named like the case

    @property
    def exit_code(self) -> int:
        return 3 if self.status in ("unreachable", "blocked", "error") else 0

    def url(self, farm: HostileFarm) -> str:
        if self.address == "refused":
            return farm.refused_url
        if self.address == "dns":
            return "http://tienda-lumen.invalid/"
        if self.address == "tls":
            return farm.url("ok", scheme="https")
        return farm.url(self.site or self.name)


FAST = ("--timeout", "2")
CASES_EXPECTED: tuple[HostileCase, ...] = (
    HostileCase("ok", "ok", ""),
    HostileCase("refused", "unreachable", "refused", "refused", address="refused"),
    HostileCase("dns", "unreachable", "does not resolve", "dns", address="dns"),
    HostileCase("tls", "unreachable", "TLS", "tls", FAST, address="tls"),
    HostileCase("silent", "unreachable", "did not answer in time", "timeout", FAST),
    HostileCase("slow-drip", "unreachable", "did not answer in time", "timeout", FAST),
    HostileCase("status-500", "error", "HTTP 500", "http_500"),
    HostileCase("flaky-500", "ok", ""),
    HostileCase("rate-limited", "ok", ""),
    HostileCase("rate-limited-long", "blocked", "asks to wait 3600 s", "http_429"),
    HostileCase("home-404", "error", "HTTP 404", "http_404"),
    HostileCase("redirect-loop", "error", "redirects in a loop", "redirect_loop"),
    HostileCase("redirect-away", "error", "the home page redirects to another site: http://elsewhere.localhost",
                "offsite_redirect"),
    HostileCase("redirect-www", "ok", ""),
    HostileCase("meta-refresh", "ok", ""),
    HostileCase("meta-refresh-away", "error", "the home page redirects to another site", "offsite_redirect"),
    HostileCase("js-shell", "error", "an empty JavaScript shell", "needs_rendering"),
    HostileCase("robots-disallow", "blocked", "robots.txt", "robots"),
    HostileCase("infinite", "ok", "", args=("--budget", "15")),
    HostileCase("huge", "error", "larger than the maximum page size", "too_large"),
    HostileCase("huge-chunked", "error", "larger than the maximum page size", "too_large"),
    HostileCase("gzip-bomb", "error", "larger than the maximum page size", "too_large"),
    HostileCase("binary", "error", "binary data", "non_html"),
    HostileCase("pdf", "error", "not an HTML page (application/pdf)", "non_html"),
    HostileCase("cp1252-no-charset", "ok", ""),
    HostileCase("latin1-meta-only", "ok", ""),
    HostileCase("cp1252-wrong-header", "ok", ""),
    HostileCase("cp1252-wrong-header-no-meta", "ok", ""),
    HostileCase("utf8-wrong-header", "ok", ""),
    HostileCase("deep-nesting", "ok", ""),
    HostileCase("many-links", "ok", "", args=("--budget", "6")),
    HostileCase("bad-hrefs", "ok", ""),
    HostileCase("idn", "ok", ""),
    HostileCase("slow-pages", "partial", "site time budget exhausted (3 s)", args=("--site-timeout", "3")),
    HostileCase("out-of-time", "error", "site time budget exhausted (2 s) before any page could be audited",
                "site_timeout", ("--timeout", "10", "--site-timeout", "2"), seconds=10, site="silent"),
    HostileCase("mixed", "partial", "page(s) failed", args=FAST, seconds=30),
    HostileCase("endless-headers", "error", "headers are too large", "too_large"),
    HostileCase("many-cookies", "ok", ""),
    HostileCase("robots-redirect", "ok", ""),
    HostileCase("sitemap-redirect", "ok", ""),
    HostileCase("sitemap-bomb", "ok", ""),
    HostileCase("truncated", "error", "arrived incomplete", "truncated"),
)


def cases() -> tuple[HostileCase, ...]:
    """Every case with its expected verdict; `case.url(farm)` is where it is served."""
    return CASES_EXPECTED


if __name__ == "__main__":
    try:
        asyncio.run(serve(int(sys.argv[1]) if len(sys.argv) > 1 else 0))
    except KeyboardInterrupt:
        pass
