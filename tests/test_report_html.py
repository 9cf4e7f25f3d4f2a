"""The HTML report: content, ordering, language, and that crawled text can never run or fetch."""
from __future__ import annotations

import copy
import json
import re
import shutil
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from touchaudit.reports import html as html_report
from touchaudit.reports import i18n
from touchaudit.reports.articles import article_for, citation, principle_for
from touchaudit.reports.html import render_html
from touchaudit.reports.view import build_view, human_date, split_highlight, top_fixes, url_view

REPORTS = resources.files("touchaudit.reports")
SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"


def texts(es: str, en: str) -> dict[str, str]:
    return {"es": es, "en": en}


def check(cid: str, category: str, status: str, score: float, weight: float = 10,
          **extra: Any) -> dict[str, Any]:
    evidence = [] if status in ("fail", "error", "not_applicable") else [
        {"url": "https://tienda.example/contacto", "snippet": f"evidencia de {cid}",
         "selector": "footer a", "zone": "footer"}]
    base = {
        "id": cid, "category": category, "status": status, "score": score, "weight": weight,
        "facts": {}, "evidence": evidence,
        "title": texts(f"Título {cid}", f"Title {cid}"),
        "summary": texts(f"Resumen de {cid}.", f"Summary of {cid}."),
        "recommendation": texts(f"Recomendación {cid}.", f"Recommendation {cid}."),
        "source": "000_9a930db029dc3ab1.txt", "error": None,
    }
    base.update(extra)
    return base


def sample_result() -> dict[str, Any]:
    """A partial Spanish scan with every status, an unknown category and nested facts."""
    checks = [
        check("phone", "contact", "pass", 1.0,
              facts={"numbers": ["+34911234567"], "click_to_call": True, "toll_free": False,
                     "in_header_or_footer": True}),
        check("email", "contact", "partial", 0.5, weight=4, facts={"emails": ["hola@tienda.example"]}),
        check("live_channel", "contact", "fail", 0.0, weight=8,
              facts={"channels": [], "providers": []}),
        check("payment_options", "alternatives", "partial", 0.5, weight=6,
              facts={"methods": ["card", "paypal"], "installments": False}),
        check("delivery_time", "promises", "fail", 0.0, weight=8,
              facts={"promises": [{"min": 2, "max": 5, "unit": "days", "text": "2-5 días"}]}),
        check("response_time", "promises", "not_applicable", 0.0, weight=5),
        check("guarantee", "trust", "error", 0.0, weight=5, error="parser exploded"),
        check("no_shouting", "etiquette", "pass", 1.0, weight=2,
              facts={"caps_ratio": 0.04, "examples": [], "layout": {"depth": {"max": 3}}}),
        check("team_page", "personal", "fail", 0.0, weight=3),
    ]
    return {
        "tool": "touchaudit", "version": "0.1.0", "schema_version": 1,
        "site": {"url": "https://tienda.example/", "final_url": "https://www.tienda.example/",
                 "language": "es", "country": "ES", "platform": "woocommerce"},
        "scan": {"started_at": "2026-11-22T18:00:00Z", "finished_at": "2026-11-22T18:02:30Z",
                 "pages_fetched": 12, "pages_failed": 1, "status": "partial",
                 "reason": "1 página no respondió",
                 "errors": [{"url": "https://tienda.example/envios", "kind": "timeout",
                             "detail": "sin respuesta en 30 s"}],
                 "robots_ignored": False, "budget": 40,
                 "pages": [{"url": "https://tienda.example/", "status": 200, "role": "home",
                            "title": "Tienda de ejemplo"},
                           {"url": "https://tienda.example/contacto", "status": 200,
                            "role": "contact", "title": "Contacto"}]},
        "score": 61,
        "categories": [{"id": "contact", "score": 70}, {"id": "alternatives", "score": 50},
                       {"id": "promises", "score": 0}, {"id": "trust", "score": None},
                       {"id": "etiquette", "score": 100}, {"id": "personal", "score": 0}],
        "checks": checks,
    }


def hostile_result() -> dict[str, Any]:
    result = sample_result()
    target = result["checks"][0]
    target["title"] = texts(SCRIPT, SCRIPT)
    target["summary"] = texts(BREAKOUT, BREAKOUT)
    target["facts"]["labels_seen"] = [SCRIPT, BREAKOUT, {"nested": SCRIPT}]
    target["evidence"] = [
        {"url": JS_URL, "snippet": SCRIPT, "selector": BREAKOUT, "zone": "main"},
        {"url": "data:text/html,<script>alert(1)</script>", "snippet": BREAKOUT,
         "selector": None, "zone": None},
        {"url": 'https://x.example/"onmouseover="alert(1)', "snippet": "q", "selector": None,
         "zone": None},
    ]
    result["scan"]["pages"][0]["title"] = SCRIPT
    result["scan"]["errors"][0]["detail"] = BREAKOUT
    result["scan"]["reason"] = SCRIPT
    result["site"]["platform"] = BREAKOUT
    return result


def unreachable_result() -> dict[str, Any]:
    result = sample_result()
    result["scan"].update(status="unreachable", pages_fetched=0, pages_failed=1, pages=[],
                          reason="DNS lookup failed for tienda.example",
                          errors=[{"url": "https://tienda.example/", "kind": "dns",
                                   "detail": "NXDOMAIN"}])
    result.update(score=None, categories=[], checks=[])
    return result


class Tags(HTMLParser):
    """Every start tag with its attributes, to assert on structure rather than on text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("lang", ["es", "en"])
def test_report_shows_score_checks_statuses_and_recommendations(lang: str) -> None:
    result = sample_result()
    page = render_html(result, lang)
    score_line = {"es": "Puntuación global: 61 de 100", "en": "Overall score: 61 out of 100"}
    assert score_line[lang] in page
    assert f'<html lang="{lang}">' in page
    for item in result["checks"]:
        assert item["title"][lang] in page
        assert item["recommendation"][lang] in page
        assert item["summary"][lang] in page
    labels = {"es": ["No cumple", "Parcial", "Cumple", "No aplica", "No comprobado"],
              "en": ["Fail", "Partial", "Pass", "Not applicable", "Could not check"]}
    for label in labels[lang]:
        assert label in page
    for symbol in "✓◐✗–!":
        assert symbol in page
    assert "parser exploded" in page
    assert "tienda.example/envios" in page and "timeout" in page


def test_spanish_and_english_reports_differ_and_speak_their_language() -> None:
    es, en = render_html(sample_result(), "es"), render_html(sample_result(), "en")
    assert es != en
    assert "Arregla esto primero" in es and "Fix these first" not in es
    assert "Fix these first" in en and "Arregla esto primero" not in en
    assert "22 de noviembre de 2026" in es and "November 22, 2026" in en


def test_hostile_crawled_strings_are_escaped_and_never_linked() -> None:
    page = render_html(hostile_result(), "en")
    assert SCRIPT not in page and BREAKOUT not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert JS_URL in page  # shown, as text
    tags = Tags(page).tags
    assert not [t for t, _ in tags if t in {"script", "img", "iframe", "object", "embed", "link"}]
    assert not [a for _, attrs in tags for a in attrs if a.startswith("on")]
    hrefs = [attrs.get("href") or "" for tag, attrs in tags if tag == "a"]
    assert all(h.startswith(("#", "https://", "http://")) for h in hrefs), hrefs
    assert not [h for h in hrefs if "javascript" in h.lower() or h.startswith("data:")]


@pytest.mark.parametrize("build", [sample_result, hostile_result, unreachable_result])
def test_report_is_self_contained(build: Any) -> None:
    page = render_html(build(), "es")
    lowered = page.lower()
    assert "<script" not in lowered and "<link" not in lowered and "<img" not in lowered
    assert not re.search(r"\bsrc\s*=\s*[\"']?https?:", lowered)
    assert "@import" not in lowered and "url(" not in lowered
    assert "@font-face" not in lowered
    for tag, attrs in Tags(page).tags:
        if tag == "a" and (attrs.get("href") or "").startswith("http"):
            assert attrs.get("rel") == "noopener noreferrer nofollow"


def test_fix_these_first_ranks_points_lost_then_id() -> None:
    fixes = top_fixes(sample_result(), "en")
    # live_channel and delivery_time both lose 8 points: the tie goes to the id.
    assert [f.id for f in fixes] == ["delivery_time", "live_channel", "payment_options"]
    assert fixes[0].recommendation == "Recommendation delivery_time."
    assert fixes[0].status.label == "Fail" and fixes[2].points_lost == pytest.approx(3.0)
    assert top_fixes(sample_result(), "es")[0].title == "Título delivery_time"


def test_categories_in_fixed_order_with_unknown_last_and_failures_first() -> None:
    view = build_view(sample_result(), "en")
    assert [c.id for c in view.categories] == [
        "contact", "alternatives", "promises", "trust", "etiquette", "personal"]
    contact = view.categories[0]
    assert [c.id for c in contact.checks] == ["live_channel", "email", "phone"]
    assert view.categories[1].name == "Alternatives" and view.categories[-1].name == "Personal"
    assert view.categories[3].score is None


def test_passed_checks_are_folded_and_problems_open() -> None:
    details = {attrs["id"]: "open" in attrs
               for tag, attrs in Tags(render_html(sample_result(), "en")).tags
               if tag == "details" and "check" in (attrs.get("class") or "").split()}
    assert details["check-phone"] is False and details["check-response_time"] is False
    assert details["check-live_channel"] is True and details["check-email"] is True


def test_facts_are_rendered_generically_in_the_report_language() -> None:
    view = build_view(sample_result(), "es")
    checks = {c.id: c for cat in view.categories for c in cat.checks}
    phone = {f.label: f.values for f in checks["phone"].facts}
    assert phone["Enlace para llamar"] == ("sí",) and phone["Número gratuito"] == ("no",)
    assert phone["Números de teléfono"] == ("+34911234567",)
    pay = {f.label: f.values for f in checks["payment_options"].facts}
    assert pay["Formas de pago"] == ("tarjeta", "PayPal")
    shout = {f.label: f.values for f in checks["no_shouting"].facts}
    assert shout["Proporción de texto en mayúsculas"] == ("0,04",)
    assert shout["Ejemplos"] == ("no se encontró ninguno",)
    assert shout["Layout"] == ("depth.max: 3",)
    promises = {f.label: f.values for f in checks["delivery_time"].facts}["Promesas"]
    assert promises == ("2–5 días",)  # in words of the report, whatever the shop wrote


def test_failed_scan_explains_itself_instead_of_scoring_zero() -> None:
    for lang, message in (("en", "This site could not be audited, so it has no score."),
                          ("es", "Este sitio no se pudo auditar, así que no tiene puntuación.")):
        page = render_html(unreachable_result(), lang)
        assert message in page
        assert "DNS lookup failed for tienda.example" in page and "NXDOMAIN" in page
        assert "<svg" not in page and "out of 100" not in page and "de 100" not in page
    assert "The domain name could not be resolved." in render_html(unreachable_result(), "en")


@pytest.mark.parametrize(("url", "linked"), [
    ("https://shop.example/a?b=1", True), ("HTTP://shop.example/", True),
    (JS_URL, False), ("JavaScript:alert(1)", False), (" javascript:alert(1)", False),
    ("java\tscript:alert(1)", False), ("data:text/html,hi", False), ("//evil.example/", False),
    ("/relative", False), ("https://shop.example/\nx", False), ("", False), (None, False),
])
def test_only_http_urls_become_links(url: str | None, linked: bool) -> None:
    assert (url_view(url).href is not None) is linked


def test_unknown_language_falls_back_to_english_and_dates_are_human() -> None:
    assert '<html lang="en">' in render_html(sample_result(), "xx")
    assert i18n.resolve_language("es-MX") == "es" and i18n.resolve_language("../etc") == "en"
    assert human_date("2026-11-22T18:00:00Z", "es") == "22 de noviembre de 2026, 18:00 UTC"
    assert human_date("not a date", "en") == "not a date"


def test_minimal_spec_only_result_renders() -> None:
    """Our extension fields (title, summary, zone, pages...) are optional for the renderer."""
    result = sample_result()
    for key in ("reason", "robots_ignored", "budget", "pages"):
        del result["scan"][key]
    for item in result["checks"]:
        for key in ("title", "summary", "error"):
            del item[key]
        for ev in item["evidence"]:
            del ev["zone"]
    page = render_html(result, "en")
    assert "live_channel" in page and "Recommendation live_channel." in page


def test_templates_autoescape_and_never_mark_text_safe() -> None:
    env = i18n.make_environment("en")
    assert env.autoescape("report.html.j2") is True  # type: ignore[operator]
    for entry in REPORTS.joinpath("templates").iterdir():
        source = entry.read_text(encoding="utf-8")
        assert "|safe" not in source.replace(" ", "") and "autoescape false" not in source
    view_source = REPORTS.joinpath("view.py").read_text(encoding="utf-8")
    assert "Markup" not in view_source


def catalogue(lang: str) -> Any:
    with REPORTS.joinpath("locale", f"{lang}.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def test_no_english_ui_text_leaks_into_the_spanish_report() -> None:
    page = re.sub(r"<[^>]*>", " ", render_html(sample_result(), "es"))  # what a reader sees
    ids = {c["id"] for c in sample_result()["checks"]}  # a check without a title is shown by its id
    leaks = [m.id for m in catalogue("es")
             if isinstance(m.id, str) and len(m.id) >= 8 and "%" not in m.id
             and m.string != m.id and m.id in page and m.id not in ids]
    assert not leaks


def test_a_new_language_is_only_a_po_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for lang in ("en", "es"):
        shutil.copy(str(REPORTS.joinpath("locale", f"{lang}.po")), tmp_path / f"{lang}.po")
    english = (tmp_path / "en.po").read_text(encoding="utf-8")
    portuguese = english.replace('msgid "Fix these first"\nmsgstr "Fix these first"',
                                 'msgid "Fix these first"\nmsgstr "Corrija isto primeiro"')
    assert portuguese != english
    (tmp_path / "pt.po").write_text(portuguese.replace("Language: en", "Language: pt"), "utf-8")
    monkeypatch.setattr(i18n, "_locale_dir", lambda: tmp_path)
    for cached in (i18n.get_translations, html_report._environment):
        cached.cache_clear()
    try:
        assert "pt" in i18n.available_languages()
        page = render_html(sample_result(), "pt-BR")
        assert '<html lang="pt">' in page and "Corrija isto primeiro" in page
        assert "22 de novembro de 2026" in page
    finally:
        for cached in (i18n.get_translations, html_report._environment):
            cached.cache_clear()


def test_samples_follow_the_result_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(REPORTS.joinpath("schema", "result-v1.json").read_text("utf-8"))
    for build in (sample_result, hostile_result, unreachable_result):
        jsonschema.validate(copy.deepcopy(build()), schema)


def test_spanish_ui_speaks_to_the_owner_as_tu_like_the_recommendations() -> None:
    usted = re.compile(r"\b(usted|ustedes|arregle|ábralas|abra|consulte|revise|haga|vea|pulse|"
                       r"compruebe|lea)\b", re.IGNORECASE)
    formal = [m.string for m in catalogue("es") if m.id and usted.search(str(m.string))]
    assert not formal
    page = render_html(sample_result(), "es")
    assert "Arregla esto primero" in page and "ábrelas para ver las pruebas" in page


@pytest.mark.parametrize(("snippet", "highlight", "expected"), [
    ("… Teléfono: 91 456 72 38 (L-V) …", "91 456 72 38", ("… Teléfono: ", "91 456 72 38", " (L-V) …")),
    ("Llama al 91  456\n72 38 hoy", "91 456 72 38", ("Llama al ", "91  456\n72 38", " hoy")),
    ("ENVÍO GRATIS desde 50 €", "envío gratis", ("", "ENVÍO GRATIS", " desde 50 €")),
    ("nada que ver", "91 456 72 38", ("nada que ver", "", "")),
    ("sin resaltar", None, ("sin resaltar", "", "")),
    ("a (b) [c]", "(b)", ("a ", "(b)", " [c]")),
])
def test_highlight_splits_the_snippet_around_the_finding(
        snippet: str, highlight: str | None, expected: tuple[str, str, str]) -> None:
    assert split_highlight(snippet, highlight) == expected


def test_long_context_is_trimmed_but_the_finding_never_is() -> None:
    before, match, after = split_highlight("x" * 500 + " 91 456 72 38 " + "y" * 500, "91 456 72 38")
    assert match == "91 456 72 38" and before.startswith("…") and len(before) <= 160
    assert len(after) <= 160


def test_evidence_marks_the_highlight_and_escapes_all_three_parts() -> None:
    result = hostile_result()
    result["checks"][0]["evidence"][0].update(
        url="https://tienda.example/contacto", snippet=f"{SCRIPT} Tel: 91 456 72 38 {BREAKOUT}",
        highlight="91 456 72 38")
    result["checks"][0]["evidence"][1].update(snippet=f"a {SCRIPT} b", highlight=SCRIPT)
    page = render_html(result, "en")
    assert ("&lt;script&gt;alert(1)&lt;/script&gt; Tel: <mark>91 456 72 38</mark> "
            "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;") in page
    assert "a <mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark> b" in page
    assert "<mark><" not in page


def test_every_check_in_the_registry_has_its_article_and_principle() -> None:
    from touchaudit.registry import all_checks

    for check in all_checks():
        meta = check.meta
        article = article_for(meta.source, meta.id)
        assert article is not None, f"{meta.source} is not in reports/articles.toml"
        assert article.title or article.description, meta.id  # named, or described
        for lang in ("es", "en", "pt"):
            principle = principle_for(meta.source, meta.id, lang)
            assert principle.endswith(".") and 40 < len(principle) < 220, (meta.id, lang)
    assert principle_for("000_9a930db029dc3ab1.txt", "phone", "es") != \
        principle_for("000_9a930db029dc3ab1.txt", "phone", "en")


def test_articles_are_cited_as_their_seeds_give_them() -> None:
    from touchaudit.reports.i18n import get_translations

    es, en = get_translations("es"), get_translations("en")
    cite = {sid: citation(article_for(src, sid), en, "en") for sid, src in (
        ("phone", "000_9a930db029dc3ab1.txt"), ("support_hours", "001_69574061bc163ddb.txt"),
        ("response_time", "002_caf0b9448fcd49bb.txt"), ("guarantee", "002_caf0b9448fcd49bb.txt"),
        ("live_channel", "003_9b5bbfa49f5f2804.txt"), ("team_page", "004_4b0e2fcf31601fd3.txt"))}
    assert cite == {
        "phone": "An essay on bringing the personal touch back to doing business online, by Karon Thackston",
        "support_hours": "“Alta Tecnología, Alto Servicio”, edited and translated by Sergio Flores",
        "response_time": "“Correo Electrónico y Servicio al Cliente”, by Alvaro Mendoza",
        "guarantee": "“7 Invencibles Leyes del Servicio al Cliente”, by Eric Garner",
        "live_channel": "A blog post on immediacy in customer service",
        "team_page": "“¿Está muerto el servicio al cliente?”, published by Krypton Solid",
    }
    assert citation(article_for("002_caf0b9448fcd49bb.txt", "guarantee"), es, "es") == \
        "«7 Invencibles Leyes del Servicio al Cliente», de Eric Garner"
    assert citation(article_for("000_9a930db029dc3ab1.txt", "phone"), es, "es") == \
        "Un ensayo sobre cómo devolver el trato personal a los negocios en internet, de Karon Thackston"
    assert citation(article_for("999_unknown.txt", "phone"), en, "en") == "A customer-service article"


def test_fixes_say_what_to_change_why_and_how_many_points() -> None:
    view = build_view(sample_result(), "en")
    first = view.fixes[0]
    assert first.id == "delivery_time" and first.summary == "Summary of delivery_time."
    assert first.why.startswith("Speed matters") and "Karon Thackston" in first.citation
    assert first.gain == "up to +20 points"  # 8 of the 41 scored weight points
    page = render_html(sample_result(), "en")
    fixes = page[page.index('id="h-fixes"'):page.index('id="h-checks"')]
    assert "What to change" in fixes and "Why it matters" in fixes and "up to +20 points" in fixes
    assert fixes.index("Title delivery_time") < fixes.index("Title live_channel")


def test_all_passed_says_there_is_nothing_to_fix_first() -> None:
    result = sample_result()
    for item in result["checks"]:
        item.update(status="pass", score=1.0)
    assert build_view(result, "en").fixes == ()
    assert "Nothing to fix first" in render_html(result, "en")


def test_replay_gaps_are_explained() -> None:
    result = sample_result()
    result["scan"]["errors"].append({"url": "https://tienda.example/faq", "kind": "not_in_archive",
                                     "detail": "not in archive"})
    rows = {e.kind: e.explanation for e in build_view(result, "en").scan.errors}
    assert "archive holds no copy of this page" in rows["not_in_archive"]
    assert "el archivo no guarda ninguna copia" in render_html(result, "es")


def test_category_gauges_and_status_counts_carry_numbers_and_words() -> None:
    view = build_view(sample_result(), "en")
    assert view.band_label == "Needs work" and view.band == "average"
    assert [(n.status.key, n.count) for n in view.counts] == [
        ("fail", 3), ("partial", 2), ("error", 1), ("pass", 2), ("not_applicable", 1)]
    page = render_html(sample_result(), "en")
    assert '<a href="#cat-contact">' in page and 'id="cat-contact"' in page
    assert re.search(r'class="num">70<', page) and re.search(r'class="num">n/a<', page)


def test_every_report_data_file_ships_in_the_wheel() -> None:
    """New files in reports/ (data, templates, catalogues) must be listed as package data."""
    import fnmatch
    import tomllib

    from conftest import ROOT

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))[
        "tool"]["setuptools"]["package-data"]["touchaudit.reports"]
    reports = ROOT / "reports"
    data = [p.relative_to(reports).as_posix() for p in reports.rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts]
    assert "articles.toml" in data and "templates/report.md.j2" in data
    assert [f for f in data if not any(fnmatch.fnmatch(f, pat) for pat in patterns)] == []
