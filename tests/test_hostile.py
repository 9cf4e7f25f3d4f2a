"""The hostile web: every bad site in tests/hostile.py ends in its verdict, within its budgets.

Each case is one real audit through the command line against the farm (one server process, one
site per case at http://<case>.localhost:PORT/). Every audit runs with a DNS tripwire: any name
sent to the system resolver ends the child with exit code 97, so `.invalid` and `*.localhost`
provably stay on the machine (and so does the public suffix list: the child's tldextract cache
is empty). Peak memory is the child's own (os.wait4), not the test's.
"""
from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import check_of, child_env
from hostile import ADDRESS, IDN_NAME, HostileCase, HostileFarm, cases

MAX_RSS_MB = 400
DNS_LEAK = 97
# Runs touchaudit's CLI with the system resolver forbidden (IP literals pass: they are no lookup).
_NO_DNS = """
import ipaddress, os, socket, sys
def _tripwire(real):
    def lookup(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else str(host)
        try:
            ipaddress.ip_address(name.strip("[]"))
        except ValueError:
            os.write(2, ("DNS query leaked for " + name + "\\n").encode())
            os._exit(%d)
        return real(host, *args, **kwargs)
    return lookup
for _name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex"):
    setattr(socket, _name, _tripwire(getattr(socket, _name)))
from touchaudit.cli import main
sys.exit(main(sys.argv[1:]))
""" % DNS_LEAK


@dataclass
class Audit:
    code: int
    json: dict[str, Any]
    html: str
    stderr: str
    seconds: float
    peak_rss_mb: float

    @property
    def scan(self) -> dict[str, Any]:
        return self.json["scan"]

    def page_paths(self) -> list[str]:
        return [urlsplit(p["url"]).path for p in self.scan["pages"]]

    def errors_by_path(self) -> dict[str, str]:
        return {urlsplit(e["url"]).path: e["kind"] for e in self.scan["errors"]}


def audit(url: str, *args: str, cwd: Path, hard_limit: float = 90) -> Audit:
    """`touchaudit audit URL ARGS` in a child process; its exit code, outputs, wall time and peak RSS."""
    out, err = cwd / "stdout.txt", cwd / "stderr.txt"
    cmd = [sys.executable, "-c", _NO_DNS, "audit", url, *args, "--json", str(cwd / "result.json"),
           "-o", str(cwd / "report.html"), "--no-progress"]
    started = time.monotonic()
    # an empty tldextract cache: were the public suffix list fetched, the tripwire would catch it
    env = {**child_env(), "TLDEXTRACT_CACHE": str(cwd / "tldextract-cache")}
    with out.open("w") as stdout, err.open("w") as stderr:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=stdout, stderr=stderr)
    killer = threading.Timer(hard_limit, proc.kill)  # a hang fails the test instead of the suite
    killer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        killer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.monotonic() - started
    stderr_text = err.read_text("utf-8", "replace")
    assert proc.returncode != DNS_LEAK, stderr_text
    result = cwd / "result.json"
    assert result.exists(), f"no report (exit {proc.returncode}): {stderr_text[-2000:]}"
    html = (cwd / "report.html").read_text("utf-8")
    return Audit(proc.returncode, json.loads(result.read_text("utf-8")), html, stderr_text, elapsed,
                 usage.ru_maxrss / 1024)


@pytest.fixture(scope="session")
def farm() -> Iterator[HostileFarm]:
    server = HostileFarm(env=child_env())
    yield server
    server.stop()


# -- what each case must show beyond its status and reason ----------------------------------------


def _facts_read_right(run: Audit, farm: HostileFarm) -> None:
    """Accents survive whatever the server claimed about the encoding."""
    assert check_of(run.json, "phone")["status"] == "pass"
    address = check_of(run.json, "address")
    assert address["status"] == "pass" and any(ADDRESS in a for a in address["facts"]["addresses"])
    text = json.dumps(run.json["checks"], ensure_ascii=False)
    assert "Teléfono" in text and "\ufffd" not in text and "Ã" not in text and "Alcal\u00e1" in run.html


def _deep_text_kept(run: Audit, farm: HostileFarm) -> None:
    assert run.scan["pages_fetched"] == 1  # the only page: the facts come from its deep parts
    assert check_of(run.json, "phone")["status"] == "pass"  # inside 5,000 nested <div>s
    assert check_of(run.json, "support_hours")["status"] == "pass"  # after 5,000 unclosed <font>s


def _distinct_pages_within_budget(run: Audit, farm: HostileFarm) -> None:
    from touchaudit.sites import canonical

    urls = [p["url"] for p in run.scan["pages"]]
    assert len(urls) <= 15
    assert len({canonical(u) for u in urls}) == len(urls)  # no page fetched twice under another name
    assert not [u for u in urls if re.search(r"jsessionid|phpsessid|[?&;]sid=|sessionid", u, re.I)]
    paths = run.page_paths()
    assert {"/", "/contacto", "/envios", "/devoluciones", "/aviso-legal"} <= set(paths)
    assert sum(p.startswith("/calendario/") for p in paths) <= 2
    assert sum(p == "/tienda" for p in paths) <= 2


def _budget_kept(run: Audit, farm: HostileFarm) -> None:
    assert 1 < run.scan["pages_fetched"] <= 6


def _only_web_pages_requested(run: Audit, farm: HostileFarm) -> None:
    urls = [p["url"] for p in run.scan["pages"]] + [e["url"] for e in run.scan["errors"]]
    assert urls and all(u.startswith(farm.url("bad-hrefs", "")) for u in urls), urls
    assert run.scan["errors"] == [] and "Traceback" not in run.stderr


def _idn_readable(run: Audit, farm: HostileFarm) -> None:
    readable = f"http://{IDN_NAME}.localhost:{farm.port}/"
    assert run.json["site"]["url"] == readable and run.json["site"]["final_url"] == readable
    assert run.scan["pages_fetched"] == 5 and f"{IDN_NAME}.localhost" in run.html


def _followed_to_www(run: Audit, farm: HostileFarm) -> None:
    assert urlsplit(run.json["site"]["final_url"]).hostname == "www.redirect-www.localhost"


def _followed_refresh(run: Audit, farm: HostileFarm) -> None:
    assert "/inicio" in run.page_paths() and check_of(run.json, "phone")["status"] == "pass"


def _waited_as_asked(run: Audit, farm: HostileFarm) -> None:
    assert run.scan["pages_fetched"] == 5  # the farm answers 429 again to anyone who did not wait 1 s


def _gave_up_at_once(run: Audit, farm: HostileFarm) -> None:
    assert run.seconds < 15  # did not sleep an hour, nor the 10 s allowed


def _out_of_time(run: Audit, farm: HostileFarm) -> None:
    assert 1 <= run.scan["pages_fetched"] < 40 and run.json["score"] is not None


def _healthy_pages_still_audited(run: Audit, farm: HostileFarm) -> None:
    assert {"/", "/contacto"} <= set(run.page_paths())
    assert check_of(run.json, "phone")["status"] == "pass" and run.json["score"] is not None
    assert run.errors_by_path() == {
        "/envios": "http_500", "/devoluciones": "timeout", "/aviso-legal": "too_large",
        "/preguntas-frecuentes": "too_large", "/garantia": "non_html", "/formas-de-pago": "non_html",
        "/quienes-somos": "redirect_loop", "/condiciones": "offsite_redirect",
    }


def _cookie_jar_bounded(run: Audit, farm: HostileFarm) -> None:
    from touchaudit.spiders.cookies import MAX_COOKIE_BYTES, MAX_COOKIES

    sent = farm.stats()["cookie_max"].get("many-cookies", 0)
    assert 0 < sent <= MAX_COOKIE_BYTES + 3 * MAX_COOKIES, sent  # cookies flow, within the cap
    assert run.scan["pages_fetched"] == 5


def _canary_untouched(run: Audit, farm: HostileFarm) -> None:
    case = (urlsplit(run.json["site"]["url"]).hostname or "").split(".")[0]
    hits = [h for h in farm.stats()["canary_hits"] if f"/{case}/" in h]
    assert hits == [], hits
    assert run.scan["pages_fetched"] == 5  # the site itself is audited all the same


def _sitemap_bomb_defused(run: Audit, farm: HostileFarm) -> None:
    assert run.scan["pages_fetched"] == 5 and "sitemap" not in run.stderr.lower()


EXTRA: dict[str, Callable[[Audit, HostileFarm], None]] = {
    "ok": _facts_read_right,
    "cp1252-no-charset": _facts_read_right,
    "latin1-meta-only": _facts_read_right,
    "cp1252-wrong-header": _facts_read_right,
    "cp1252-wrong-header-no-meta": _facts_read_right,
    "utf8-wrong-header": _facts_read_right,
    "deep-nesting": _deep_text_kept,
    "infinite": _distinct_pages_within_budget,
    "many-links": _budget_kept,
    "bad-hrefs": _only_web_pages_requested,
    "idn": _idn_readable,
    "redirect-www": _followed_to_www,
    "meta-refresh": _followed_refresh,
    "rate-limited": _waited_as_asked,
    "rate-limited-long": _gave_up_at_once,
    "slow-pages": _out_of_time,
    "mixed": _healthy_pages_still_audited,
    "many-cookies": _cookie_jar_bounded,
    "robots-redirect": _canary_untouched,
    "sitemap-redirect": _canary_untouched,
    "sitemap-bomb": _sitemap_bomb_defused,
}


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.name)
def test_every_bad_site_gets_its_verdict(case: HostileCase, farm: HostileFarm, tmp_path: Path) -> None:
    run = audit(case.url(farm), *case.args, cwd=tmp_path)
    scan = run.scan
    assert (run.code, scan["status"]) == (case.exit_code, case.status), scan
    assert case.reason in (scan["reason"] or ""), scan["reason"]
    if case.status == "ok":
        assert scan["reason"] is None and scan["errors"] == []
    if case.kind is not None:  # the home page's failure, under the URL that was asked for
        assert scan["errors"][0] == {"url": case.url(farm), "kind": case.kind, "detail": scan["errors"][0]["detail"]}
        assert run.json["score"] is None and scan["reason_text"]["en"] in html.unescape(run.html)  # in words
        assert scan["errors"][0]["detail"] in html.unescape(run.html)  # and the technical detail
    assert run.seconds < case.seconds, f"{case.name} took {run.seconds:.1f} s"
    assert run.peak_rss_mb < MAX_RSS_MB, f"{case.name} peaked at {run.peak_rss_mb:.0f} MB"
    assert "Traceback" not in run.stderr and " ERROR " not in run.stderr, run.stderr[-2000:]
    if case.name in EXTRA:
        EXTRA[case.name](run, farm)


def test_the_case_table_covers_the_farm() -> None:
    from hostile import CASES

    served = set(CASES) - {"elsewhere"}  # only a redirect target
    assert served <= {c.site or c.name for c in cases()}
    assert len({c.name for c in cases()}) == len(cases())


# -- the pieces, without a crawl --------------------------------------------------------------------


@pytest.mark.parametrize("name", [
    "../../etc/passwd", "/etc/passwd", "..", ".", "a/../../b", "C:\\Windows\\system32", "shop\x00.es", "x" * 5000,
    "CON", "nul", "con.example", "COM1.txt", "LPT9", "aux.", " .. ", "tienda-españa.es:8443", "🛒", "",
])
def test_safe_stem_never_leaves_the_output_folder(name: str, tmp_path: Path) -> None:
    from touchaudit.output import safe_stem

    stem = safe_stem(name)
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}", stem) and ".." not in stem
    assert stem.split(".")[0].lower() not in {"con", "prn", "aux", "nul", "com1", "lpt9"}
    target = tmp_path / f"touchaudit-{stem}.json"
    target.write_text("{}", "utf-8")  # a real file, in the folder and nowhere else
    assert target.resolve().parent == tmp_path.resolve()


def test_safe_stem_keeps_names_readable() -> None:
    from touchaudit.output import safe_stem

    assert safe_stem("../../etc/passwd") == "etc-passwd"
    assert safe_stem("tienda-españa.es:8443") == "tienda-espana.es-8443"
    assert safe_stem("CON") == "site-CON" and safe_stem("") == "site"


def test_reserved_names_are_answered_without_dns() -> None:
    from touchaudit.netguard import local_answer

    for name in ("tienda.invalid", "INVALID.", "shop.onion"):
        assert local_answer(name) == []  # no such name, and no DNS query to say so
    assert local_answer("localhost") == local_answer("caso.localhost") == local_answer("www.A.LOCALHOST.") == ["127.0.0.1"]
    assert local_answer("[::1]") == ["::1"] and local_answer("10.0.0.1") == ["10.0.0.1"]
    assert local_answer("tienda.es") is None and local_answer("invalid.es") is None


def test_retry_after_values() -> None:
    from email.utils import formatdate

    from touchaudit.spiders.middlewares import retry_after_seconds

    now = time.time()
    assert retry_after_seconds(b"120") == 120.0
    assert 29 <= retry_after_seconds(formatdate(now + 30, usegmt=True), now=now) <= 31  # type: ignore[operator]
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past: ask again now
    assert retry_after_seconds(b"soon") is None and retry_after_seconds(None) is None


@pytest.mark.parametrize("body, announced, declared, expected", [
    ("Teléfono".encode("cp1252"), "utf-8", None, "cp1252"),  # header lies: bytes are single-byte
    ("Teléfono".encode("iso-8859-15"), "utf-8", "iso-8859-15", "iso8859_15"),  # the page's <meta> is believed
    ("Teléfono".encode(), "iso-8859-1", None, "utf-8"),  # header lies: bytes are valid UTF-8
    ("Teléfono".encode(), "cp1252", "windows-1252", "utf-8"),
    ("Teléfono".encode(), "utf-8", None, None),  # right as announced
    ("Teléfono".encode("cp1252"), "cp1252", None, None),
    ("Teléfono ñandú acción ".encode() * 20 + b"\xff", "utf-8", None, None),  # one stray byte stays UTF-8
    (b"plain ascii", "iso-8859-1", None, None),
])
def test_true_encoding(body: bytes, announced: str, declared: str | None, expected: str | None) -> None:
    from touchaudit.pages.decode import codec_name, true_encoding

    got = true_encoding(body, announced, declared)
    assert codec_name(got) == codec_name(expected)


def test_binary_bodies_are_told_from_text() -> None:
    from touchaudit.pages.decode import looks_binary

    assert looks_binary(os.urandom(4096)) and looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(2000))
    assert not looks_binary(("<p>Teléfono</p>" * 50 + "\x00").encode())  # a stray NUL in a real page
    assert not looks_binary("<p>Hola</p>".encode("utf-16"), "utf-16") and not looks_binary(b"")


def test_text_past_the_parser_depth_limit_is_kept() -> None:
    from scrapy.http import HtmlResponse

    from touchaudit.pages.builder import build_page

    html_text = ("<html><body><header><a href='/contacto'>Contacto</a></header>" + "<div>" * 3000
                 + "<p>Teléfono 912 345 678</p>" + "</div>" * 3000 + "<b>" * 3000 + "<footer>Horario 9-18</footer>")
    response = HtmlResponse("https://tienda.es/", body=html_text.encode(), encoding="utf-8")
    assert "Teléfono" not in "".join(response.selector.root.itertext())  # lxml alone drops it
    page = build_page(url=response.url, final_url=response.url, status=200, root=response.selector.root,
                      body=response.body, html=response.text)
    assert "Teléfono 912 345 678" in page.all_text and "Horario 9-18" in page.text["footer"]
    assert page.text["header"] == "Contacto" and page.links[0].url == "https://tienda.es/contacto"


def test_urls_that_cannot_be_parsed_belong_to_no_site() -> None:
    from touchaudit.spiders.ranking import family

    from touchaudit.sites import SiteScope, canonical, without_session

    scope = SiteScope("https://tienda.es/")
    for url in ("http://[::1", "https://tienda.es:99999/", "file:///etc/passwd", "javascript:alert(1)", "data:,x"):
        assert not scope.contains(url)
        canonical(url)  # no exception
    assert without_session("https://tienda.es/c;jsessionid=AB12?PHPSESSID=x&id=3") == "https://tienda.es/c?id=3"
    assert canonical("https://tienda.es/c?sid=1&b=2") == canonical("https://tienda.es/c;jsessionid=9?b=2&utm_source=x")
    assert family("https://tienda.es/calendario/2031/7") == family("https://tienda.es/calendario/1999/12")
    assert family("https://tienda.es/t?color=rojo&talla=m") == family("https://tienda.es/t?talla=xl&color=azul")
    assert family("https://tienda.es/contacto") != family("https://tienda.es/envios")
