"""Scan history: the store on SQLite and on a real PostgreSQL server, the diff, the command.

Every store test runs twice, against a temporary SQLite file and a fresh database on the session's
PostgreSQL server (tests/pg.py), because the point of the dialect shim is that both behave alike.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, child_env
from pg import postgres  # noqa: F401  (the session's PostgreSQL server fixture)

from touchaudit.history import ScanRow, SiteEntry, StoreError, diff, open_store
from touchaudit.history.command import add_parser, run
from touchaudit.history.diff import CheckChange
from touchaudit.history.schema import LATEST

TITLES = {"phone": {"es": "Teléfono visible", "en": "Visible phone"},
          "return_policy": {"es": "Política de devoluciones", "en": "Return policy"},
          "payment_options": {"es": "Formas de pago", "en": "Payment options"}}


def check(cid: str, status: str, facts: dict[str, Any], score: float | None = None) -> dict[str, Any]:
    value = {"pass": 1.0, "partial": 0.5}.get(status, 0.0) if score is None else score
    return {"id": cid, "category": "contact", "status": status, "score": value, "weight": 10, "facts": facts,
            "evidence": [], "title": TITLES.get(cid, {"es": cid, "en": cid}), "source": "000.txt"}


def result(url: str, score: int | None, when: str, checks: list[dict[str, Any]], language: str = "es",
           status: str = "ok") -> dict[str, Any]:
    return {"tool": "touchaudit", "version": "0.1.0", "schema_version": 1,
            "site": {"url": url, "final_url": url, "language": language, "country": "ES", "platform": None},
            "scan": {"started_at": when, "finished_at": when, "pages_fetched": 9, "pages_failed": 0,
                     "status": status, "errors": []},
            "score": score, "categories": [{"id": "contact", "score": score}], "checks": checks}


SHOP = "https://tienda.example/"
BEFORE = result(SHOP, 90, "2026-03-01T09:00:00Z", [
    check("phone", "pass", {"numbers": ["+34914567238", "+34958214376"], "click_to_call": True}),
    check("return_policy", "pass", {"window_days": 30, "free_returns": None, "url": SHOP + "devoluciones"}),
    check("payment_options", "pass", {"methods": ["card", "paypal"], "installments": False}),
])
AFTER = result(SHOP, 72, "2026-04-01T09:00:00Z", [
    check("phone", "fail", {"numbers": ["+34958214376"], "click_to_call": False}),
    check("return_policy", "pass", {"window_days": 14, "free_returns": None, "url": SHOP + "devoluciones"}),
    check("payment_options", "pass", {"methods": ["card", "paypal", "bizum"], "installments": False}),
])


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "history.db")
    return str(request.getfixturevalue("postgres").new_database())


def test_save_scans_result_pair_trend_round_trip(target: str) -> None:
    with open_store(target) as store:
        run_id = store.start_run("portfolio", {"budget": 40, "sites": "shops.csv"})
        first = store.save(run_id, SiteEntry("HTTPS://Tienda.Example#contacto", "Tienda", ("es", "retail")), BEFORE)
        other = result("http://otra.example/", None, "2026-03-01T09:05:00Z", [], status="unreachable")
        store.save(run_id, SiteEntry("http://otra.example", None, ()), other)
        second = store.save(run_id, SiteEntry(SHOP, "Tienda nueva", ("es",)), AFTER)

        rows = store.scans("tienda.example")
        assert rows == [
            ScanRow(second, run_id, SHOP, "Tienda nueva", "2026-04-01T09:00:00Z", "2026-04-01T09:00:00Z", 72, "ok"),
            ScanRow(first, run_id, SHOP, "Tienda", "2026-03-01T09:00:00Z", "2026-03-01T09:00:00Z", 90, "ok"),
        ]
        assert store.scans(SHOP, limit=1) == rows[:1]
        assert store.scans("https://never.example/") == []
        assert store.result(first) == BEFORE and store.result(second) == AFTER
        assert store.latest_pair(SHOP) == (BEFORE, AFTER)
        assert store.latest_pair("http://otra.example/") == (None, other)
        assert store.latest_pair("https://never.example/") == (None, None)
        assert store.trend(SHOP) == [("2026-03-01T09:00:00Z", 90), ("2026-04-01T09:00:00Z", 72)]
        assert store.trend("http://otra.example/") == [("2026-03-01T09:05:00Z", None)]
        assert list(store.run_results(run_id)) == [
            (SiteEntry(SHOP, "Tienda", ("es", "retail")), BEFORE),
            (SiteEntry("http://otra.example/", None, ()), other),
            (SiteEntry(SHOP, "Tienda nueva", ("es",)), AFTER),
        ]
    with open_store(target) as again:  # reopening neither loses rows nor migrates twice
        assert [r.id for r in again.scans(SHOP)] == [second, first]


def test_a_shop_that_changed_gives_checks_facts_and_sentences_in_both_languages(target: str) -> None:
    with open_store(target) as store:
        run_id = store.start_run("audit", {})
        store.save(run_id, SiteEntry(SHOP), BEFORE)
        store.save(run_id, SiteEntry(SHOP), AFTER)
        previous, latest = store.latest_pair(SHOP)
    assert previous is not None and latest is not None
    changes = diff(previous, latest)
    assert (changes.score_before, changes.score_after, changes.regressed) == (90, 72, True)
    assert changes.checks == (CheckChange("phone", "pass", "fail", 1.0, 0.0, better=False),)
    assert changes.checks[0].worse
    texts = [(f.check, f.fact, f.kind, f.text["en"], f.text["es"]) for f in changes.facts]
    assert texts == [
        ("phone", "numbers", "removed", "phone +34 914 56 72 38 removed", "teléfono +34 914 56 72 38 eliminado"),
        ("phone", "click_to_call", "changed", "click-to-call link: yes → no",
         "enlace para llamar con un clic: sí → no"),
        ("return_policy", "window_days", "changed", "return window 30 → 14 days", "plazo de devolución 30 → 14 días"),
        ("payment_options", "methods", "added", "payment method Bizum added", "método de pago Bizum añadido"),
    ]
    assert (changes.facts[0].before, changes.facts[0].after) == ("+34914567238", None)
    assert (changes.facts[2].before, changes.facts[2].after) == (30, 14)
    back = diff(AFTER, BEFORE)
    assert not back.regressed and back.checks[0].better
    assert back.facts[0].text["es"] == "teléfono +34 914 56 72 38 añadido"


def test_diff_keys_nested_items_ignores_noise_and_reports_added_and_removed_checks() -> None:
    promise = {"min": 24.0, "max": 48.0, "unit": "hours", "text": "enviamos en 24/48 h"}
    old = result(SHOP, 80, "2026-03-01T09:00:00Z", [
        check("delivery_time", "pass", {"promises": [promise]}),
        check("legal_identity", "pass", {"tax_ids": [{"scheme": "CIF", "value": "B18743625"}], "company": "Tostadora S.L."}),
        check("address", "pass", {"addresses": ["Calle Mayor 1"], "structured": False}),
        check("no_shouting", "pass", {"caps_ratio": 0.031, "words": 700, "examples": ["OFERTA"]}),
        check("guarantee", "not_applicable", {"kinds": []}),
        check("old_check", "pass", {}),
    ])
    new = result(SHOP, 80, "2026-04-01T09:00:00Z", [
        check("delivery_time", "pass", {"promises": [{**promise, "text": "envío 24-48 horas"},
                                                     {"min": None, "max": 5.0, "unit": "business_days", "text": "x"}]}),
        check("legal_identity", "pass", {"tax_ids": [{"scheme": "CIF", "value": "b-18743625"}], "company": "Tostadora S.L."}),
        check("address", "error", {}),
        check("no_shouting", "pass", {"caps_ratio": 0.034, "words": 712, "examples": ["REBAJAS"], "new_fact": 1}),
        check("guarantee", "fail", {"kinds": []}),
        check("new_check", "fail", {}),
    ])
    changes = diff(old, new)
    assert [(c.id, c.kind, c.better, c.worse) for c in changes.checks] == [
        ("address", "changed", False, True), ("guarantee", "changed", False, False),
        ("new_check", "added", False, False), ("old_check", "removed", False, False),
    ]
    # same promise with other words, same tax id spelled differently, rounding noise: not changes;
    # the errored check's missing facts and the fact only the new version has: not changes either
    assert [f.text["en"] for f in changes.facts] == ["delivery promise up to 5 business days added"]
    assert changes.facts[0].text["es"] == "promesa de entrega hasta 5 días hábiles añadida"
    assert changes.regressed  # address pass -> error, though the score stayed 80
    lower = diff(old, {**old, "score": 79})
    assert lower.checks == () and lower.facts == () and lower.regressed
    unreachable = diff(old, {**old, "score": None, "checks": []})
    assert unreachable.regressed and all(c.kind == "removed" for c in unreachable.checks)
    assert not diff(old, old).regressed and diff(old, old).checks == () and diff(old, old).facts == ()


KILLED_RUN = """
import os, signal, sys
from touchaudit.history import SiteEntry, open_store
store = open_store(sys.argv[1])
run_id = store.start_run("portfolio", {"resume": False})
print(run_id, flush=True)
for url in ("https://uno.example/", "https://DOS.example"):
    store.save(run_id, SiteEntry(url, None, ("x",)), {"score": 50, "scan": {"status": "ok"}, "checks": []})
os.kill(os.getpid(), signal.SIGKILL)  # no close, no finish_run: a killed portfolio
"""


def test_resume_sees_what_a_killed_process_saved(target: str) -> None:
    with open_store(target) as store:
        assert store.last_unfinished_run("portfolio") is None
        done_before = store.start_run("portfolio", {})
        store.finish_run(done_before, "done")
    proc = subprocess.run([sys.executable, "-c", KILLED_RUN, target], check=False, capture_output=True, text=True,
                          env=child_env(), cwd=ROOT, timeout=60)
    assert proc.returncode == -9, proc.stderr
    run_id = int(proc.stdout.split()[0])
    with open_store(target) as store:  # a new connection, as `--resume` would open
        assert store.last_unfinished_run("portfolio") == run_id
        assert store.last_unfinished_run("audit") is None
        assert store.done_urls(run_id) == {"https://uno.example/", "https://dos.example/"}
        assert store.done_urls(done_before) == set()
        store.finish_run(run_id, "interrupted")
        assert store.last_unfinished_run("portfolio") == run_id
        store.finish_run(run_id, "done")
        assert store.last_unfinished_run("portfolio") is None


def test_saves_from_several_threads_all_land(target: str) -> None:
    with open_store(target) as store:
        run_id = store.start_run("portfolio", {})

        def work(n: int) -> None:
            for i in range(5):
                store.save(run_id, SiteEntry(f"https://s{n}-{i}.example/"), {"score": n, "scan": {}, "checks": []})

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(store.done_urls(run_id)) == 20 and len(list(store.run_results(run_id, batch=3))) == 20


def history(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="touchaudit")
    add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["history", *argv])


def test_history_command_text_json_and_exit_codes(target: str, capsys: pytest.CaptureFixture[str]) -> None:
    with open_store(target) as store:
        run_id = store.start_run("audit", {})
        store.save(run_id, SiteEntry(SHOP), BEFORE)
        store.save(run_id, SiteEntry("https://solo.example/"), result("https://solo.example/", 60, "2026-03-02T10:00:00Z", []))
        store.save(run_id, SiteEntry(SHOP), AFTER)

    assert run(history("tienda.example", "--db", target)) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[:3] == [
        "https://tienda.example/: 2 análisis (el más reciente primero)",
        "  2026-04-01 09:00  puntuación    72  Completo",
        "  2026-03-01 09:00  puntuación    90  Completo",
    ]
    for line in ("Qué ha cambiado desde 2026-03-01 09:00:", "  puntuación 90 → 72", "  Teléfono visible: cumple → no cumple",
                 "    · teléfono +34 914 56 72 38 eliminado", "    · plazo de devolución 30 → 14 días",
                 "  Formas de pago:", "    · método de pago Bizum añadido",
                 "La tienda ha empeorado desde el análisis anterior."):
        assert line in out.splitlines(), line

    assert run(history(SHOP, "--db", target, "--lang", "en", "--limit", "1")) == 0
    out = capsys.readouterr().out
    assert out.startswith("https://tienda.example/: 1 scan\n  2026-04-01 09:00  score    72  Complete\nWhat changed since 2026-03-01")
    assert "  Visible phone: pass → fail" in out and "    · return window 30 → 14 days" in out

    assert run(history(SHOP, "--db", target, "--json")) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["score"] for s in data["scans"]] == [72, 90]
    assert data["diff"]["regressed"] is True and data["diff"]["checks"][0]["status_after"] == "fail"
    assert data["diff"]["facts"][0]["text"]["en"] == "phone +34 914 56 72 38 removed"

    assert run(history("https://solo.example/", "--db", target, "--lang", "en")) == 0
    assert "Only one scan so far: nothing to compare yet." in capsys.readouterr().out

    assert run(history("https://unknown.example/", "--db", target)) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and "no scans of https://unknown.example/" in captured.err


def test_history_command_does_not_create_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.db"
    assert run(history(SHOP, "--db", str(missing))) == 2
    assert "no history database at" in capsys.readouterr().err and not missing.exists()


def test_store_errors_are_one_line(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    port = request.getfixturevalue("postgres").port
    not_db = tmp_path / "notes.db"
    not_db.write_text("this is not a database, " * 100)
    cases = {
        "mysql://root@127.0.0.1/shop": "unsupported database mysql://",
        str(tmp_path): "is a folder",
        str(tmp_path / "missing" / "h.db"): "does not exist",
        str(not_db): "file is not a database",
        f"postgresql://postgres:s3cret@127.0.0.1:{port}/no_such_db": "cannot connect to postgresql://127.0.0.1",
    }
    for bad, expected in cases.items():
        with pytest.raises(StoreError) as info:
            open_store(bad)
        message = str(info.value)
        assert isinstance(info.value, ValueError) and expected in message and "\n" not in message, message
        assert "s3cret" not in message


def test_store_refuses_bad_values_and_newer_schemas(target: str) -> None:
    with open_store(target) as store:
        run_id = store.start_run("audit", {})
        for call, expected in (
            (lambda: store.start_run("nightly", {}), "unknown run kind"),
            (lambda: store.finish_run(run_id, "ok"), "unknown run status"),
            (lambda: store.finish_run(run_id + 99, "done"), f"no run {run_id + 99}"),
            (lambda: store.save(run_id + 99, SiteEntry(SHOP), BEFORE), f"no run {run_id + 99}"),
            (lambda: store.save(run_id, SiteEntry("ftp://tienda.example/"), BEFORE), "not a web site address"),
            (lambda: store.save(run_id, SiteEntry(SHOP), {"score": float("nan")}), "is not JSON"),
            (lambda: store.result(12345), "no scan 12345"),
        ):
            with pytest.raises(StoreError, match=expected):
                call()
        assert store.scans(SHOP) == []  # nothing half-saved
        store._conn.execute(f"INSERT INTO schema_version (version, applied_at) VALUES ({LATEST + 1}, 'later')")
    with pytest.raises(StoreError, match=f"schema version {LATEST + 1} is newer"):
        open_store(target)


def test_sqlite_schema_is_versioned_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "touchaudit.db"
    monkeypatch.chdir(tmp_path)
    with open_store(None) as store:  # the default: ./touchaudit.db
        assert store.where == "touchaudit.db"
    assert path.is_file()
    open_store(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(LATEST,)]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"runs", "sites", "scans", "schema_version"} <= tables
