"""Shops in German, French, Italian and Portuguese, and one in a language touchaudit does not read
(Polish), audited through the CLI on 127.0.0.1; the vocabulary files and the language vote.

Each shop exercises every check, with traps: article and order numbers and prices that look like
phone numbers, a Handelsregister number next to a VAT id. See tests/sites/<lang>_shop.
"""
from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import CliRun, check_of, run_cli
from touchaudit.reports.view import build_view
from touchaudit.text import language, lexicon

RUNS: dict[str, tuple[CliRun, Path]] = {}


@pytest.fixture(scope="session")
def audited(shop: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """audited(name) -> (the CLI run, its folder): each shop is crawled once per session."""
    def get(name: str) -> tuple[CliRun, Path]:
        if name not in RUNS:
            out = tmp_path_factory.mktemp(name)
            RUNS[name] = run_cli("audit", shop(name).url("/"), "--md", str(out / "report.md"), cwd=out), out
        return RUNS[name]

    return get


# (language, country, the one phone, tax ids, return window, free-shipping threshold, hours)
SHOPS = {
    "de_shop": ("de", "DE", "+498921543210", [{"scheme": "HRB", "value": "246813"}, {"scheme": "VAT", "value": "DE246813573"}],
                14, "ab 40 €", "Mo–Fr 9–18 Uhr"),
    "fr_shop": ("fr", "FR", "+33142685300", [{"scheme": "SIREN", "value": "732829320"}, {"scheme": "SIRET", "value": "73282932000074"},
                                            {"scheme": "VAT", "value": "FR44732829320"}], 30, "dès 60 €", "du lundi au vendredi de 9h à 18h"),
    "it_shop": ("it", "IT", "+390212345678", [{"scheme": "VAT", "value": "IT07896120156"}, {"scheme": "CF", "value": "07896120156"}],
                14, "per ordini superiori a 50 €", "Lun–Ven 9.30–13.30 / 14.30–18.00"),
    "pt_shop": ("pt", "PT", "+351213456789", [{"scheme": "NIF", "value": "512345678"}], 14, "a partir de 50 €",
                "seg. a sex. das 9h às 18h"),
}


@pytest.mark.parametrize("name", sorted(SHOPS))
def test_shop_in_each_language_passes_every_check_and_keeps_out_the_traps(audited: Any, name: str) -> None:
    lang, country, phone, tax_ids, window, threshold, hours = SHOPS[name]
    run, out = audited(name)
    assert run.code == 0, run.stderr
    # reports speak the shop's language when it has a catalogue (pt), else English (de, fr, it)
    heading = "# Relatório de atendimento pessoal" if lang == "pt" else "# Personal touch report"
    assert (out / "report.md").read_text("utf-8").startswith(heading)
    data = run.json
    assert (data["site"]["language"], data["site"]["country"]) == (lang, country)
    assert {c["id"]: c["status"] for c in data["checks"] if c["status"] != "pass"} == {}
    assert check_of(data, "phone")["facts"]["numbers"] == [phone]  # no article, order or register number
    assert check_of(data, "legal_identity")["facts"]["tax_ids"] == tax_ids
    assert check_of(data, "return_policy")["facts"]["window_days"] == window
    assert check_of(data, "shipping_options")["facts"]["free_shipping_threshold"] == threshold
    assert check_of(data, "support_hours")["facts"]["hours_text"][0] == hours
    assert check_of(data, "response_time")["facts"]["promises"][0]["hours"] in (24.0, 48.0)
    assert len(check_of(data, "payment_options")["facts"]["methods"]) >= 3
    assert {"standard", "express", "store_pickup", "free_shipping"} <= set(check_of(data, "shipping_options")["facts"]["options"])


def test_unread_language_is_not_applicable_with_the_reason_never_fail(audited: Any) -> None:
    run, out = audited("pl_shop")
    assert run.code == 0, run.stderr
    data = run.json
    schema = json.loads(resources.files("touchaudit.reports").joinpath("schema/result-v1.json").read_text("utf-8"))
    jsonschema.validate(data, schema)
    assert data["site"]["language"] == "pl"
    statuses = {c["id"]: c["status"] for c in data["checks"]}
    assert "fail" not in statuses.values() and "partial" not in statuses.values()
    from touchaudit.registry import all_checks

    word_checks = {c.meta.id for c in all_checks() if c.meta.reads_words}
    # no verdict either way on words it cannot read: the score rests on what it can judge
    assert {statuses[i] for i in word_checks} == {"not_applicable"}
    for check_id in ("address", "delivery_time", "shipping_options", "return_policy", "support_hours", "payment_options"):
        check = check_of(data, check_id)
        assert check["status"] == "not_applicable"
        assert (check["facts"]["reason"], check["facts"]["language"]) == ("language_not_read", "pl")
    # what does not depend on words still runs: a tel: link, a mailto: link, a contact form
    assert statuses["phone"] == statuses["email"] == statuses["live_channel"] == "pass"
    assert check_of(data, "phone")["facts"]["numbers"] == ["+48221234567"]
    assert run.html and "touchaudit does not read Polish yet" in run.html and "Visible physical address" in run.html
    assert "touchaudit does not read Polish yet" in (out / "report.md").read_text("utf-8")
    spanish = build_view(data, "es")
    assert spanish.not_read.startswith("touchaudit aún no lee polaco")
    address = next(c for cat in spanish.categories for c in cat.checks if c.id == "address")
    assert address.summary.startswith("Sin juzgar") and len(address.facts) == 3  # addresses, structured, map link


def _keys(node: Any, prefix: str = "") -> set[str]:
    """Dotted keys down to the word lists; a table of words to numbers is one key."""
    if not isinstance(node, dict) or all(isinstance(v, int) for v in node.values()):
        return {prefix}
    return set().union(*(_keys(v, f"{prefix}.{k}" if prefix else k) for k, v in node.items()))


def test_every_language_file_covers_every_vocabulary_key() -> None:
    files = {lang: lexicon.table(lang) for lang in lexicon.languages()}
    assert set(files) >= {"es", "en", "pt", "fr", "de", "it"}
    shapes = {lang: _keys(table) for lang, table in files.items()}
    for lang, keys in shapes.items():
        assert keys == shapes["es"], (lang, sorted(keys ^ shapes["es"]))
    for lang, table in files.items():
        assert table["language"]["stopwords"].split() and table["language"]["function_words"], lang
        assert table["roles"]["contact"]["text"] and table["durations"]["units"]["days"], lang


def test_vocabulary_patterns_compile_and_open_with_a_literal() -> None:
    """Detectors scan for each pattern's first letters at C speed: a pattern that opens with a group
    or a class would cost the whole page's length in Python's regex engine."""
    for lang in lexicon.languages():
        for section in ("shipping", "payments"):
            for key, patterns in lexicon.table(lang)[section].items():
                for pattern in patterns:
                    re.compile(pattern.replace("{zero}", ""))
                    if key in ("words", "threshold", "order_nouns", "bridge", "paying"):
                        continue
                    assert re.match(r"[a-z0-9áéíóúñäöüàèç]", pattern), (lang, section, key, pattern)


@pytest.mark.parametrize(("declared", "text", "expected"), [
    (None, "Wir liefern Ihre Bestellung in der Regel innerhalb von zwei Tagen aus, und die Rücksendung ist kostenlos.", "de"),
    (None, "Nous livrons votre commande sous deux jours et le retour est gratuit pour tous les articles de la boutique.", "fr"),
    (None, "Tovar doručíme do troch dní, a ak nie ste spokojní, môžete ho vrátiť bez udania dôvodu, pre nás je to samozrejmosť.", "sk"),
    (None, "Мы доставим ваш заказ в течение двух дней, а возврат товара бесплатный для всех покупателей магазина.", "ru"),
    ("en", "Spedizione gratuita per tutti gli ordini della nostra bottega e reso entro trenta giorni dalla consegna del pacco.", "it"),
    ("pl", "Zapraszamy do naszej pracowni w centrum miasta, gdzie można obejrzeć całą kolekcję i porozmawiać o prezencie.", "pl"),
    ("et", "Free delivery on all orders over fifty euros, and you can return anything within thirty days of delivery.", "et"),
])
def test_language_vote_knows_languages_it_does_not_read(declared: str | None, text: str, expected: str) -> None:
    assert language.decide(declared, text) == expected
    assert lexicon.reads(expected) is (expected in ("de", "fr", "it"))
