"""WARC evidence: --archive records the crawl, --replay audits it again with the archive as the web.

Real loopback servers and real CLI runs, as elsewhere; archives from "other tools" are written
here with warcio directly, with the quirks those tools have (revisits, chunked and gzip payloads,
a POST next to a GET, several sites in one file).
"""
from __future__ import annotations

import gzip
import io
import signal
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import SITES, ShopServer, check_of, child_env, run_cli
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from touchaudit.archive import ArchiveError
from touchaudit.archive.index import load_index
from touchaudit.archive.replay import ArchiveReplay
from touchaudit.archive.writer import ArchiveWriter

SHOP = "https://tienda-lumen.es"
OTHER = "https://otra-tienda.example"
HTML = [("Content-Type", "text/html; charset=utf-8")]


def page(title: str, body: str, lang: str = "es") -> bytes:
    return (f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body>{body}</body></html>").encode()


def records_of(path: Path) -> list[Any]:
    with path.open("rb") as fh:
        return [(r.rec_type, r.rec_headers, r.http_headers, r.content_stream().read())
                for r in ArchiveIterator(fh)]


class Warc:
    """A WARC written the way other tools write them (software named in warcinfo)."""

    def __init__(self, path: Path, software: str = "Wget/1.21.3") -> None:
        self.fh = path.open("wb")
        self.writer = WARCWriter(self.fh, gzip=True)
        self.writer.write_record(self.writer.create_warcinfo_record(path.name, {"software": software}))

    def response(self, uri: str, body: bytes, headers: list[tuple[str, str]] | None = None,
                 status: str = "200 OK", method: str = "GET") -> Any:
        http = StatusAndHeaders(status, list(headers or HTML), protocol="HTTP/1.1")
        resp = self.writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http)
        path = uri.split("/", 3)[3] if uri.count("/") >= 3 else ""
        req_http = StatusAndHeaders(f"{method} /{path} HTTP/1.1", [("Host", uri.split("/")[2])],
                                    is_http_request=True)
        req = self.writer.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=req_http)
        self.writer.write_request_response_pair(req, resp)
        return resp

    def revisit(self, uri: str, original: Any, by: str) -> None:
        digest = original.rec_headers.get_header("WARC-Payload-Digest")
        http = StatusAndHeaders("200 OK", list(HTML), protocol="HTTP/1.1")
        if by == "target":
            record = self.writer.create_revisit_record(
                uri, digest, original.rec_headers.get_header("WARC-Target-URI"),
                original.rec_headers.get_header("WARC-Date"), http_headers=http)
        else:  # payload digest only, as deduplicating crawlers write them
            record = self.writer.create_warc_record(uri, "revisit", http_headers=http,
                                                    warc_headers_dict={"WARC-Payload-Digest": digest})
        self.writer.write_record(record)

    def close(self) -> None:
        self.fh.close()


def chunked(body: bytes, size: int = 50) -> bytes:
    parts = [body[i:i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


def test_replay_gives_the_live_findings_without_the_server(tmp_path: Path) -> None:
    server = ShopServer(SITES / "es_shopify")  # our own, so that it can be stopped
    live_dir, replay_dir = tmp_path / "live", tmp_path / "replay"
    live_dir.mkdir(), replay_dir.mkdir()
    archive = tmp_path / "capture.warc.gz"
    try:
        live = run_cli("audit", server.url("/"), "--archive", str(archive), cwd=live_dir)
    finally:
        server.stop()
    assert live.code == 0, live.stderr
    assert live.json["scan"]["capture"]["mode"] == "archive"

    records = records_of(archive)
    assert records[0][0] == "warcinfo" and b"software: touchaudit 0.1.0" in records[0][3]
    kinds = {r[0] for r in records}
    assert {"request", "response"} <= kinds
    assert all(r[1].get_header("WARC-Target-URI") and r[1].get_header("WARC-Date")
               for r in records if r[0] in ("request", "response"))
    archived = {r[1].get_header("WARC-Target-URI") for r in records if r[0] == "response"}
    assert server.url("/robots.txt") in archived and server.url("/pages/contacto") in archived

    replay = run_cli("audit", server.url("/"), "--replay", str(archive), cwd=replay_dir)
    assert replay.code == 0, replay.stderr
    a, b = live.json, replay.json
    assert b["checks"] == a["checks"]
    assert (b["score"], b["categories"]) == (a["score"], a["categories"])
    assert sorted(b["scan"]["pages"], key=str) == sorted(a["scan"]["pages"], key=str)
    assert b["scan"]["errors"] == a["scan"]["errors"] and b["scan"]["status"] == "ok"
    capture = b["scan"]["capture"]
    assert capture["mode"] == "replay" and capture["path"] == str(archive)
    assert capture["captured_at"] == a["scan"]["capture"]["captured_at"]
    assert capture["tool"] == "touchaudit 0.1.0"
    assert "capture.warc.gz" in replay.html and "reproducción" in replay.html
    assert server.url("/pages/contacto") in replay.html  # evidence links stay the live URLs


def foreign_archive(path: Path) -> None:
    """Two shops in one file, written like wget/Webrecorder: gzip, chunked, revisits, a POST."""
    warc = Warc(path)
    home = page("Lumen", "<header><a href='/contacto'>Contacto</a> <a href='/envios'>Envíos</a> "
                         "<a href='/devoluciones'>Devoluciones</a> "
                         f"<a href='{OTHER}/contacto'>Nuestra otra tienda</a></header>"
                         "<main><p>Lámparas hechas a mano en Valencia.</p></main>")
    warc.response(SHOP + "/", gzip.compress(home), HTML + [("Content-Encoding", "gzip")])
    # The form's answer, captured before the page itself: a POST must never answer a GET.
    warc.response(SHOP + "/contacto", page("Gracias", "<p>Mensaje enviado</p>"), method="POST")
    contact = page("Contacto", "<main><p>Llámanos: <a href='tel:+34963123456'>963 123 456</a></p>"
                               "<p>Escríbenos a hola@tienda-lumen.es</p></main>")
    warc.response(SHOP + "/contacto", chunked(contact), HTML + [("Transfer-Encoding", "chunked")])
    shipping = warc.response(SHOP + "/old/envios", page("Envíos", "<main><p>Envío gratis en 48 h.</p></main>"))
    returns = warc.response(SHOP + "/old/devoluciones", page("Devoluciones", "<main><p>30 días.</p></main>"))
    warc.revisit(SHOP + "/envios", shipping, by="target")
    warc.revisit(SHOP + "/devoluciones", returns, by="digest")
    warc.response(OTHER + "/", page("Otra", "<p>Otra tienda</p>"))
    warc.response(OTHER + "/contacto", page("Otra contacto", "<a href='tel:+34911000000'>911 000 000</a>"))
    warc.close()


def test_robots_txt_is_fetched_once_and_its_sitemaps_are_read(tmp_path: Path, shop: Any) -> None:
    """The archive lists every request: Scrapy's own robots.txt fetch serves its rules and, read by the
    spider, its Sitemap lines, so the file is not fetched a second time."""
    server = shop("es_woocommerce")
    archive = tmp_path / "capture.warc.gz"
    result = run_cli("audit", server.url("/"), "--archive", str(archive), cwd=tmp_path)
    assert result.code == 0, result.stderr
    asked = [r[1].get_header("WARC-Target-URI") for r in records_of(archive) if r[0] == "request"]
    assert asked.count(server.url("/robots.txt")) == 1
    assert server.url("/sitemap_index.xml") in asked and server.url("/page-sitemap.xml") in asked


def test_replay_of_another_tools_archive_with_two_sites(tmp_path: Path) -> None:
    archive = tmp_path / "wget.warc.gz"
    foreign_archive(archive)
    run = run_cli("audit", SHOP + "/", "--replay", str(archive), cwd=tmp_path)
    assert run.code == 0, run.stderr
    pages = {p["url"]: p for p in run.json["scan"]["pages"]}
    assert set(pages) == {SHOP + "/", SHOP + "/contacto", SHOP + "/envios", SHOP + "/devoluciones"}
    assert pages[SHOP + "/"]["title"] == "Lumen"  # gzip undone
    assert pages[SHOP + "/envios"]["title"] == "Envíos"  # revisit by target URI and date
    assert pages[SHOP + "/devoluciones"]["title"] == "Devoluciones"  # revisit by payload digest
    phone = check_of(run.json, "phone")
    assert phone["status"] == "pass", phone  # chunked contact page, the GET and not the POST
    assert any("963" in e["snippet"] and e["url"] == SHOP + "/contacto" for e in phone["evidence"])
    assert not any(OTHER in str(e) for e in run.json["scan"]["errors"])
    assert "911" not in str(run.json["checks"])  # the other shop's page is not fetched
    assert run.json["scan"]["status"] == "ok"
    capture = run.json["scan"]["capture"]
    assert capture["mode"] == "replay" and capture["tool"] == "Wget/1.21.3"
    assert capture["captured_at"] == records_of(archive)[0][1].get_header("WARC-Date")[:19] + "Z"


def test_a_page_missing_from_the_archive_is_a_failed_page(tmp_path: Path) -> None:
    archive = tmp_path / "partial.warc.gz"
    warc = Warc(archive)
    warc.response(SHOP + "/", page("Lumen", "<header><a href='/contacto'>Contacto</a>"
                                            " <a href='/envios'>Envíos</a></header>"
                                            "<footer><a href='tel:+34963123456'>963 123 456</a></footer>"))
    warc.response(SHOP + "/contacto", page("Contacto", "<p>hola@tienda-lumen.es</p>"))
    warc.close()
    run = run_cli("audit", SHOP + "/", "--replay", str(archive), cwd=tmp_path)
    assert run.code == 0, run.stderr
    scan = run.json["scan"]
    assert scan["status"] == "partial"
    assert {"url": SHOP + "/envios", "kind": "not_in_archive", "detail": "not in archive"} in scan["errors"]
    assert len(scan["pages"]) == 2


def bad_archive(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.warc.gz"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "text":
        path = tmp_path / "notes.txt"
        path.write_text("hello world, this is not a warc\n")
    elif kind == "truncated":
        foreign_archive(tmp_path / "whole.warc.gz")
        data = (tmp_path / "whole.warc.gz").read_bytes()
        with (tmp_path / "whole.warc.gz").open("rb") as fh:
            it = ArchiveIterator(fh)
            spans = [(it.get_record_offset(), it.get_record_length()) for _ in it]
        start, length = spans[3]  # a whole response record, cut in its middle
        path.write_bytes(data[:start + length // 2])
    return path


@pytest.mark.parametrize("kind, message", [
    ("missing", "No such file"), ("empty", "is empty"), ("text", "not a WARC archive"),
    ("truncated", "truncated"), ("unwritable", "cannot write archive"),
])
def test_bad_archives_are_one_line_usage_errors(tmp_path: Path, kind: str, message: str) -> None:
    work = tmp_path / "work"
    work.mkdir()
    flag, path = ("--archive", tmp_path / "no-such-folder" / "x.warc.gz") if kind == "unwritable" \
        else ("--replay", bad_archive(tmp_path, kind))
    run = run_cli("audit", SHOP + "/", flag, str(path), cwd=work, timeout=60)
    assert run.code == 2, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("touchaudit: ") and message in lines[0], lines
    assert path.name in lines[0]
    assert not list(work.iterdir())  # no report, no half-written file
    if kind not in ("missing", "unwritable"):
        with pytest.raises(ArchiveError):
            load_index(path)


class PackingShop(BaseHTTPRequestHandler):
    """Answers gzip-encoded, chunked HTTP/1.1, as most shops behind a CDN do."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        pages = {"/": page("Packed", "<header><a href='/contacto'>Contacto</a></header>"),
                 "/contacto": page("Contacto", "<main><a href='tel:+34963123456'>963 123 456</a></main>")}
        body = pages.get(self.path, b"no")
        packed = chunked(gzip.compress(body), size=40)
        self.send_response(200 if self.path in pages else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.write(packed)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a crawler killed mid-answer is what these tests do


def serve(handler: type[BaseHTTPRequestHandler]) -> tuple[ThreadingHTTPServer, str]:
    server = QuietServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def test_compressed_chunked_pages_are_archived_as_sent_and_replay_the_same(tmp_path: Path) -> None:
    server, origin = serve(PackingShop)
    archive = tmp_path / "packed.warc"  # uncompressed WARC: the payload bytes are plain to see
    try:
        live = run_cli("audit", origin + "/", "--archive", str(archive), cwd=tmp_path)
    finally:
        server.shutdown()
        server.server_close()
    assert live.code == 0, live.stderr
    assert check_of(live.json, "phone")["status"] == "pass"
    with archive.open("rb") as fh:
        contact = next(r for r in ArchiveIterator(fh) if r.rec_type == "response"
                       and r.rec_headers.get_header("WARC-Target-URI") == origin + "/contacto")
        assert contact.http_headers.get_header("Content-Encoding") == "gzip"
        assert contact.http_headers.get_header("Transfer-Encoding") is None  # Twisted de-chunked it
        assert b"963 123 456" in gzip.decompress(contact.raw_stream.read())  # stored as sent: gzip
    replay = run_cli("audit", origin + "/", "--replay", str(archive), cwd=tmp_path)
    assert replay.code == 0, replay.stderr
    assert replay.json["checks"] == live.json["checks"]
    assert replay.json["scan"]["pages"] == live.json["scan"]["pages"]


# -- interrupted archive: a slow shop, a crawl stopped mid-way ----------------------------------

class SlowShop(BaseHTTPRequestHandler):
    """/ redirects to /inicio, which links to many pages that each take a while to answer."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/":
            self.send_response(302)
            self.send_header("Location", "/inicio")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path != "/inicio":
            time.sleep(0.5)
        links = " ".join(f"<a href='/contacto-{i}'>Contacto {i}</a>" for i in range(30))
        body = page("Lenta", f"<header>{links}</header><p>Tel. 963 123 456</p>")
        status = 404 if self.path == "/robots.txt" else 200
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def slow_shop() -> Iterator[str]:
    server, origin = serve(SlowShop)
    yield origin
    server.shutdown()
    server.server_close()


def responses_in(path: Path) -> int:
    try:
        return sum(1 for r in records_of(path) if r[0] == "response")
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error):  # mid-write: try again
        return 0


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_an_interrupted_archive_is_still_readable(tmp_path: Path, slow_shop: str, sig: int) -> None:
    archive = tmp_path / "cut.warc.gz"
    proc = subprocess.Popen(
        [sys.executable, "-m", "touchaudit.cli", "audit", slow_shop + "/", "--archive", str(archive),
         "--no-progress", "--json", str(tmp_path / "r.json"), "-o", str(tmp_path / "r.html")],
        cwd=tmp_path, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None and responses_in(archive) < 4:
            time.sleep(0.1)
        assert proc.poll() is None, "the crawl ended before it could be interrupted"
        proc.send_signal(sig)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    records = records_of(archive)  # raises if a record was cut
    responses = [r for r in records if r[0] == "response"]
    assert len(responses) >= 3
    assert any(r[2].get_statuscode() == "302" for r in responses)  # redirects are evidence too
    assert len(responses) < 31  # it really was interrupted
    load_index(archive)  # every gzip member complete, every record its full length


def test_each_record_is_on_disk_as_soon_as_it_is_written(tmp_path: Path) -> None:
    """What a kill can leave: the pairs written so far, whole, before the file is ever closed."""
    archive = tmp_path / "open.warc.gz"
    crawler = get_crawler(settings_dict={"TOUCHAUDIT_ARCHIVE": str(archive)})
    writer = ArchiveWriter.from_crawler(crawler)
    request = Request(SHOP + "/contacto")
    writer.process_response(request, HtmlResponse(SHOP + "/contacto", body=page("C", "963 123 456"),
                                                  headers={"Content-Type": "text/html"}, request=request))
    kinds = [r[0] for r in records_of(archive)]  # the writer is still open
    assert kinds == ["warcinfo", "response", "request"]
    assert writer.file is not None
    writer.spider_closed(None)


@pytest.mark.parametrize("component", [ArchiveWriter, ArchiveReplay])
def test_archive_components_are_off_without_their_setting(component: Any) -> None:
    with pytest.raises(NotConfigured):
        component.from_crawler(get_crawler())
