"""Report languages: every word a person reads comes from one catalogue per language.

A pseudo-locale proves it end to end. `xx.po` is written from the English catalogue with every
letter of every msgstr turned into its full-width twin ("Ｐｈｏｎｅ"), and handed to the real CLI and
web app through TOUCHAUDIT_LOCALE_DIR, as a translator would try a new language. A Spanish shop
(tests/sites/es_pure, whose every word, attributes included, is Spanish) is scanned by two portfolio
runs (the shop loses its phone, e-mail, WhatsApp and payment words in between, and shortens its
return window), audited, told by `history`, and audited and run as a portfolio in the web app,
all in xx. In every report, Markdown, CSV, JUnit file, dashboard, terminal summary, history output
and web page, any letter that is not full-width must be the shop's own words (or Babel's CLDR words
for dates and lists, which no catalogue holds): anything else is English or Spanish that bypassed
the catalogue. The same results are then rendered in es, en and pt, where no sentence of another
language's catalogue may appear.
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
import tomllib
import unicodedata
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import lxml.html
import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from webapp import ADMIN, WebApp, form_token

from conftest import SITES, ShopServer, child_env
from touchaudit import cli
from touchaudit.history.rows import SiteEntry
from touchaudit.history.store import open_store
from touchaudit.portfolio.export import portfolio_csv
from touchaudit.reports.dashboard import render_dashboard
from touchaudit.reports.html import render_html
from touchaudit.reports.i18n import autonyms
from touchaudit.reports.markdown import render_markdown
from touchaudit.reports.terminal import summary_lines

LOCALE = resources.files("touchaudit.reports").joinpath("locale")
PSEUDO = "xx"
WIDE = re.compile("[\uff21-\uff3a\uff41-\uff5a]+")  # full-width Latin letters: the pseudo-locale's
KEEP = re.compile(r"%\([^)]*\)[sdif]|%%|<[^>]*>|&#?\w+;")  # placeholders and markup stay as they are
SEPARATORS = re.compile(r"[,;:()\[\]“”«»\"|·•—→/*\n\t]+")
# Addresses and file names are data: URLs, e-mails, autolinks, a WARC capture's name.
ADDRESSES = re.compile(r"https?://\S+|\S+@\S+\.\w+|<[^>]+>|\S+\.warc\.gz")
# Names, not words: the product, the report formats, and the protocol a crawl error's detail names.
OWN_NAMES = {"touchaudit", "http", "html", "json", "markdown", "csv", "junit", "warc"}


def pseudo(text: str) -> str:
    """Every ASCII letter outside placeholders and markup as its full-width twin."""
    def wide(part: str) -> str:
        return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalpha() else c for c in part)
    out, last = [], 0
    for kept in KEEP.finditer(text):
        out += [wide(text[last:kept.start()]), kept.group(0)]
        last = kept.end()
    return "".join(out) + wide(text[last:])


def write_pseudo_catalogue(folder: Path) -> None:
    with LOCALE.joinpath("en.po").open("rb") as handle:
        english = read_po(handle, locale="en")
    catalogue = Catalog(locale=None, header_comment="# Pseudo-locale of the leak test.")
    catalogue._num_plurals, catalogue._plural_expr = 2, "(n != 1)"
    for message in english:
        if message.id:
            string = message.id
            catalogue.add(message.id, tuple(pseudo(s) for s in string) if isinstance(string, tuple) else pseudo(string),
                          flags=message.flags)
    with (folder / f"{PSEUDO}.po").open("wb") as handle:
        write_po(handle, catalogue)


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def shop_corpus(folder: Path) -> str:
    """Every word the shop shows or says in its attributes and structured data, folded; and the
    articles' titles and authors as their seeds give them (names, in no report language)."""
    parts = [f"/{path.name}" for path in folder.iterdir()]  # its files' names, as a URL's path shows them
    parts += [str(value) for entry in tomllib.loads(resources.files("touchaudit.reports").joinpath("articles.toml")
                                                   .read_text("utf-8")).values()
             for fields in (entry, *(entry.get("articles") or {}).values())
             for key, value in fields.items() if key in ("title", "author", "translator", "publication")]
    for page in folder.glob("*.html"):
        doc = lxml.html.fromstring(page.read_bytes())
        for script in doc.xpath("//script[@type='application/ld+json']"):
            parts += [str(v) for k, v in json.loads(script.text).items() if not k.startswith("@")]
        for element in doc.iter():
            parts += [str(v) for v in element.attrib.values()]
            if element.tag not in ("script", "style"):
                parts += [element.text or "", element.tail or ""]
    return fold(" \n ".join(parts))


def cldr_words(locale: str) -> set[str]:
    """Words Babel writes from CLDR for a locale (dates, day periods, lists): not catalogue text."""
    data = Locale.parse(locale)
    words = [*data.months["format"]["wide"].values(), *data.months["format"]["abbreviated"].values(),
             *data.days["format"]["wide"].values(), *data.day_periods["format"]["abbreviated"].values(), "UTC",
             *(str(p) for p in data.datetime_formats.values()), *(str(p) for p in data.list_patterns["standard"].values())]
    return {fold(w) for text in words for w in re.findall(r"[^\W\d_]+", text)}


def leaks(text: str, corpus: str, allowed: set[str]) -> list[str]:
    """Runs of ordinary letters that are neither the shop's words nor CLDR's nor our names."""
    found = []
    for piece in WIDE.split(ADDRESSES.sub(" ", text.replace("\\", ""))):
        for raw in SEPARATORS.split(piece):
            part = raw.strip(" .-–*_#>!?'`+=…")
            clipped_before, clipped_after = raw.strip().startswith("…"), raw.strip().endswith("…")  # cut mid-word
            shop_words = ("" if clipped_before else r"(?<!\w)") + re.escape(fold(part)) + ("" if clipped_after else r"(?!\w)")
            if not re.search(r"[^\W\d_]", part) or re.search(shop_words, corpus):
                continue
            if all(fold(word) in allowed for word in re.findall(r"[^\W\d_]+", part)):
                continue
            found.append(part)
    return found


def html_text(markup: str) -> str:
    """What a reader sees or hears: text outside scripts and styles, and labelling attributes."""
    doc = lxml.html.fromstring(markup)
    parts: list[str] = []
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag not in ("script", "style"):
            parts += [element.text or "", element.tail or ""]
        elif element.tail:
            parts.append(element.tail)
        for name in ("title", "alt", "aria-label", "placeholder"):
            parts.append(element.get(name) or "")
        if element.tag == "input" and element.get("type") in ("submit", "button"):
            parts.append(element.get("value") or "")
    return "\n".join(parts)


def junit_text(xml: str) -> str:
    parts: list[str] = []
    for element in ET.fromstring(xml).iter():
        if element.tag == "testcase":
            parts.append(element.get("name", "").split(": ", 1)[-1])  # "phone: <title>": the id is machine
        elif element.tag in ("failure", "error", "skipped", "system-out"):
            parts += [element.get("message") or "", element.text or ""]
    return "\n".join(parts)


def csv_text(text: str) -> str:
    """The cells written for people; the header, ids, statuses and dates are machine columns."""
    return "\n".join(row[name] for row in csv.DictReader(io.StringIO(text)) for name in ("reason", "what_changed"))


def run(*args: str, cwd: Path, ok: tuple[int, ...] = (0,)) -> str:
    proc = subprocess.run([sys.executable, "-m", "touchaudit.cli", *args], cwd=cwd, env=child_env(),
                          capture_output=True, text=True, timeout=240)
    assert proc.returncode in ok, proc.stderr[-2000:]
    return proc.stdout


def strip_shop(folder: Path) -> None:
    """The second state: no phone, e-mail, WhatsApp or payment words; a 14-day return window."""
    for page in folder.glob("*.html"):
        text = re.sub(r"<p>Atención al cliente:.*?</p>|<p>Pagos:.*?</p>", "", page.read_text("utf-8"), flags=re.S)
        text = text.replace('"telephone": "+34 912 345 678", "email": "hola@cafemontera.es"', '"url": "/"')
        page.write_text(text.replace("Tienes 30 días", "Tienes 14 días"), "utf-8")


def web_pages(app: WebApp, shop: ShopServer, folder: Path) -> dict[str, str]:
    """The web app's pages in xx: an audit of the whole shop, then a portfolio run after it changed."""
    pages: dict[str, str] = {}
    with app.client() as anonymous:
        pages["login"] = anonymous.get("/login").text  # no cookie, no Accept-Language: serve --lang xx
    client, csrf = app.signed_in()
    try:
        pages["home"] = client.get("/").text
        started = client.post("/audits", data={"url": shop.url("/"), "lang": PSEUDO, "csrf": csrf})
        audit = started.headers["location"].rsplit("/", 1)[-1]
        token = app.api_token()
        assert app.wait(client, audit, Authorization=f"Bearer {token}")["status"] == "done"
        pages["audit"] = client.get(f"/audits/{audit}").text
        pages["report"] = client.get(f"/audits/{audit}/report.html").text
        pages["account"] = client.get("/account").text
        strip_shop(folder)
        created = client.post("/portfolios", data={"name": "Cafés", "sites": shop.url("/"), "csrf": csrf})
        portfolio = created.headers["location"]
        client.post(f"{portfolio}/run", data={"csrf": form_token(client.get(portfolio).text)})
        audits = re.findall(r'href="/audits/([\w-]+)"', client.get(portfolio).text)
        for public_id in audits:
            app.wait(client, public_id, Authorization=f"Bearer {token}")
        pages["portfolio"] = client.get(portfolio).text
        pages["portfolios"] = client.get("/portfolios").text
        pages["site"] = client.get("/sites", params={"url": shop.url("/")}).text
    finally:
        client.close()
    assert "Ｗｈａｔ ｃｈａｎｇｅｄ" in pages["site"] or "Ｗｏｒｓｅ" in pages["site"] or "→" in pages["site"]
    return pages


def test_every_output_in_the_pseudo_locale_comes_from_the_catalogue(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    locales = tmp_path / "locales"
    locales.mkdir()
    write_pseudo_catalogue(locales)
    monkeypatch.setenv("TOUCHAUDIT_LOCALE_DIR", str(locales))
    shop_dir, web_shop_dir = tmp_path / "shop", tmp_path / "web-shop"
    for folder in (shop_dir, web_shop_dir):
        shutil.copytree(SITES / "es_pure", folder)
    corpus = shop_corpus(shop_dir)
    strip_shop(web_shop_dir)  # the shop's words in its second state too; the web app starts from the first
    corpus += "\n" + shop_corpus(web_shop_dir)
    shutil.rmtree(web_shop_dir)
    shutil.copytree(SITES / "es_pure", web_shop_dir)
    outputs: dict[str, str] = {}
    shop = ShopServer(shop_dir)
    try:
        (tmp_path / "sites.csv").write_text(f"url,name\n{shop.url('/')},Café Montera\n", "utf-8")
        args = ["portfolio", str(tmp_path / "sites.csv"), "--db", str(tmp_path / "ta.db"), "--out",
                str(tmp_path / "out"), "--no-progress", "--budget", "8", "--lang", PSEUDO]
        run(*args, cwd=tmp_path)
        strip_shop(shop_dir)
        outputs["portfolio stdout"] = run(*args, "--fail-on-regression", cwd=tmp_path, ok=(1,))
        outputs["audit stdout"] = run("audit", shop.url("/"), "--lang", PSEUDO, "--no-progress", "-o", "html", "-o", "md",
                                      "-o", "csv", "-o", "junit", "--output-path", str(tmp_path / "audit"), cwd=tmp_path)
        outputs["history stdout"] = run("history", shop.url("/"), "--db", str(tmp_path / "ta.db"), "--lang", PSEUDO,
                                        cwd=tmp_path)
        web_shop = ShopServer(web_shop_dir)
        app = WebApp(tmp_path / "web", "--allow-private", "--budget", "8", "--lang", PSEUDO)
        try:
            outputs.update({f"web {name}": html_text(page) for name, page in web_pages(app, web_shop, web_shop_dir).items()})
        finally:
            app.stop()
            web_shop.stop()
    finally:
        shop.stop()
    run_folder = max((tmp_path / "out").glob("*_run*"))
    for path in (*run_folder.glob("sites/*.html"), tmp_path / "out" / "dashboard.html", tmp_path / "audit.html"):
        outputs[path.name] = html_text(path.read_text("utf-8"))
    for path in (*run_folder.glob("sites/*.md"), tmp_path / "audit.md"):
        outputs[path.name] = path.read_text("utf-8")
    outputs["portfolio.csv"] = csv_text((tmp_path / "out" / "portfolio.csv").read_text("utf-8"))
    outputs["audit.csv"] = csv_text((tmp_path / "audit.csv").read_text("utf-8"))
    outputs["audit.xml"] = junit_text((tmp_path / "audit.xml").read_text("utf-8"))
    for name, text in outputs.items():
        outputs[name] = re.sub(re.escape(str(tmp_path)) + r"\S*", " ", text)  # the files the test named
    # Babel has no locale data for xx (CLDR English), and the language menus name each language in itself
    allowed = cldr_words("en") | OWN_NAMES | {fold(name) for name in autonyms().values()}
    allowed |= {ADMIN, "tests"}  # what the test typed: the account's name, the API token's name
    found = {name: leaks(text, corpus, allowed) for name, text in outputs.items()}
    found = {name: words for name, words in found.items() if words}
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
    said = "\n".join(outputs.values())
    for sentence in ("%(n)s page could not be fetched.", "contact channel %(value)s removed", "fix these first:",
                     "What changed since %(when)s:", "Linked from the home page; %(percent)s%% of the pages visited link to contact."):
        assert pseudo(sentence).split("%")[0] in said, sentence  # the known leaks are now the catalogue's words
    result = json.loads(next(run_folder.glob("sites/*.json")).read_text("utf-8"))
    schema = json.loads(resources.files("touchaudit.reports").joinpath("schema", "result-v1.json").read_text("utf-8"))
    jsonschema.validate(result, schema)  # texts in every language, the reason's too, as the contract says
    assert set(result["scan"]["reason_text"]) == {"en", "es", "pt", PSEUDO}
    every_language_says_only_its_own_words(result, tmp_path, corpus, capsys)


def catalogue_sentences(lang: str) -> dict[str, str]:
    """msgid -> the language's fixed text pieces long enough to be a sentence of it."""
    with LOCALE.joinpath(f"{lang}.po").open("rb") as handle:
        catalogue = read_po(handle, locale=lang)
    out = {}
    for message in catalogue:
        if message.id:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            key = message.id if isinstance(message.id, str) else message.id[0]
            out[key] = "\n".join(strings)
    return out


def every_language_says_only_its_own_words(result: dict[str, Any], folder: Path, corpus: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """The second scan's result in es, en and pt: no sentence of another catalogue in any output."""
    languages = ("es", "en", "pt")
    texts = {lang: catalogue_sentences(lang) for lang in languages}
    with open_store(str(folder / "ta.db"), create=False) as store:
        for lang in languages:
            capsys.readouterr()
            assert cli.main(["history", result["site"]["url"], "--db", str(folder / "ta.db"), "--lang", lang]) == 0
            site = {"url": result["site"]["url"], "name": "Café Montera", "tags": ()}
            said = "\n".join([
                html_text(render_html(result, lang)), render_markdown(result, lang),
                html_text(render_dashboard([(SiteEntry(site["url"], site["name"]), result)], store, lang)),
                csv_text(portfolio_csv([(site, result)], [], lang)), "\n".join(summary_lines(result, lang)),
                capsys.readouterr().out])
            own = "\n".join(texts[lang].values()).casefold()  # words both languages share are no leak
            said = said.casefold()
            for other in languages:
                if other == lang:
                    continue
                foreign = {piece.strip() for text in texts[other].values()
                           for piece in re.split(r"%\([^)]*\)[sdif]|\n", text.casefold())
                           if len(piece.strip()) >= 16 and " " in piece.strip() and piece.strip() in said
                           and piece.strip() not in own and fold(piece) not in corpus}
                assert not foreign, (lang, other, foreign)
