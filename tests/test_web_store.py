"""The web app's tables in the history database, on SQLite and PostgreSQL alike: accounts,
sessions and tokens, an audit's life from queued to a history scan, portfolio runs that end with
their last audit, schedules, and audits a stopped server left behind."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from conftest import GUARD, ROOT
from pg import postgres  # noqa: F401  (the session's PostgreSQL server fixture)
from test_history import AFTER, BEFORE, SHOP

from touchaudit.history.rows import SiteEntry
from touchaudit.web.accounts import AccountError, check_password, create_account, digest
from touchaudit.web.schedule import next_run
from touchaudit.web.service import AuditService
from touchaudit.web.settings import ServerSettings
from touchaudit.web.store import WebStore, open_web_store


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> WebStore:
    target = str(tmp_path / "web.db") if request.param == "sqlite" else request.getfixturevalue("postgres").new_database()
    open_web_store(target).close()  # migrations run once, and opening again finds them applied
    opened = open_web_store(target)
    request.addfinalizer(opened.close)
    return opened


def test_accounts_sessions_and_tokens(store: WebStore) -> None:
    ana = create_account(store, "ana", "a long passphrase", "admin")
    with pytest.raises(AccountError, match="already exists"):
        create_account(store, "ana", "another passphrase", "viewer")
    with pytest.raises(AccountError, match="at least 10"):
        create_account(store, "bob", "short", "viewer")
    assert check_password(store, "ana", "a long passphrase") == ana
    assert check_password(store, "ana", "wrong passphrase") is None and check_password(store, "nobody", "x") is None
    assert store.user_login("ana")[1].startswith("$argon2id$")  # type: ignore[index]
    store.create_session(ana.id, digest("cookie"), "csrf-token", "2999-01-01T00:00:00Z")
    store.create_session(ana.id, digest("old"), "csrf-old", "2000-01-01T00:00:00Z")
    assert store.session(digest("cookie")) == (ana, "csrf-token")
    assert store.session(digest("old")) is None  # expired
    store.end_session(digest("cookie"))
    assert store.session(digest("cookie")) is None
    token_id = store.create_token(ana.id, "ci", digest("secret"))
    assert store.token_user(digest("secret")) == ana and store.tokens(ana.id) == [(token_id, "ci", store.tokens(ana.id)[0][2])]
    assert store.revoke_token(token_id, ana.id) and store.token_user(digest("secret")) is None


def test_an_audit_becomes_a_history_scan(store: WebStore) -> None:
    ana = create_account(store, "ana", "a long passphrase", "editor")
    row = store.create_audit("a1", ana.id, SiteEntry(SHOP), "es", 20)
    assert (row.status, row.stage, store.unfinished_count(ana.id)) == ("queued", "queued", 1)
    store.progress("a1", "crawling", 3, 1, SHOP + "contacto")
    running = store.audit("a1")
    assert running is not None and (running.status, running.pages, running.current_url) == ("running", 3, SHOP + "contacto")
    store.finish_audit("a1", SiteEntry(SHOP), BEFORE, None)
    done = store.audit("a1")
    assert done is not None and done.status == "done" and done.scan_id is not None
    assert store.result(done.scan_id)["score"] == 90 and store.unfinished_count() == 0
    assert store.last_unfinished_run("audit") is None  # its run is closed
    store.set_share("a1", "share-secret")
    assert store.audit_by_share("share-secret") == store.audit("a1")
    store.set_share("a1", None)
    assert store.audit_by_share("share-secret") is None
    assert [a.public_id for a in store.recent_audits()] == ["a1"]


def test_a_portfolio_run_ends_with_its_last_audit(store: WebStore) -> None:
    eva = create_account(store, "eva", "a long passphrase", "editor")
    portfolio = store.create_portfolio("Clients", eva.id)
    assert store.add_site(portfolio, SHOP, "Tienda") and not store.add_site(portfolio, SHOP, "again")
    store.add_site(portfolio, "https://otra.example/", None)
    run_id = store.start_portfolio_run(portfolio, 2)
    for public_id, url in (("p1", SHOP), ("p2", "https://otra.example/")):
        store.create_audit(public_id, eva.id, SiteEntry(url), None, 20, run_id)
    store.finish_audit("p1", SiteEntry(SHOP), AFTER, None)
    assert store.portfolio_runs(portfolio)[0][1] == "running"
    store.finish_audit("p2", SiteEntry("https://otra.example/"), None, "the audit process ended unexpectedly")
    assert store.portfolio_runs(portfolio)[0][1] == "done"
    assert [entry.url for entry, _ in store.run_results(run_id)] == [SHOP]
    assert store.recent_audits() == []  # portfolio audits are listed on the portfolio's page


def test_schedules_and_audits_left_by_a_stopped_server(store: WebStore) -> None:
    eva = create_account(store, "eva", "a long passphrase", "editor")
    portfolio = store.create_portfolio("Nightly", eva.id)
    store.set_schedule(portfolio, "nightly", next_run("nightly", "2026-12-05T03:00:00Z"))
    assert store.due_portfolios("2026-12-06T01:59:59Z") == []
    assert [p.id for p in store.due_portfolios("2026-12-06T02:00:00Z")] == [portfolio]
    store.create_audit("left", eva.id, SiteEntry(SHOP), None, 20)
    assert store.fail_unfinished("the server stopped") == 1
    left = store.audit("left")
    assert left is not None and left.status == "failed" and left.error == "the server stopped"


@pytest.mark.parametrize(("schedule", "now", "expected"), [
    ("nightly", "2026-12-05T03:00:00Z", "2026-12-06T02:00:00Z"),
    ("nightly", "2026-12-05T01:00:00Z", "2026-12-05T02:00:00Z"),
    ("weekly", "2026-12-05T03:00:00Z", "2026-12-07T02:00:00Z"),  # Saturday -> Monday
    ("weekly", "2026-12-07T02:00:00Z", "2026-12-14T02:00:00Z"),  # Monday at 02:00 -> next Monday
    ("none", "2026-12-05T03:00:00Z", None),
])
def test_next_run(schedule: str, now: str, expected: str | None) -> None:
    assert next_run(schedule, now) == expected


def test_a_due_schedule_starts_a_portfolio_run_once(tmp_path: Path, shop: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the server's scheduler thread does on each tick, with a clock the test chooses."""
    monkeypatch.setenv("PYTHONPATH", f"{GUARD}:{ROOT}")  # the audit's process keeps the loopback guard
    store = open_web_store(str(tmp_path / "web.db"))
    eva = create_account(store, "eva", "a long passphrase", "editor")
    portfolio = store.create_portfolio("Nightly", eva.id)
    store.add_site(portfolio, shop("es_bare").url("/"), None)
    store.set_schedule(portfolio, "nightly", "2026-01-01T02:00:00Z")
    service = AuditService(store, ServerSettings(allow_private=True, budget=1, data_dir=tmp_path / "data"))
    try:
        assert service.run_due("2026-01-01T01:59:00Z") == []
        [run_id] = service.run_due("2026-01-01T02:00:05Z")
        assert service.run_due("2026-01-01T02:00:06Z") == []  # not due again until the next night
        found = store.portfolio(portfolio)
        assert found is not None and found.next_run_at == "2026-01-02T02:00:00Z"
        deadline = time.monotonic() + 60
        while store.portfolio_runs(portfolio)[0][1] == "running" and time.monotonic() < deadline:
            time.sleep(0.2)
        assert store.portfolio_runs(portfolio)[0][:2] == (run_id, "done")
        [(entry, result)] = list(store.run_results(run_id))
        assert result["scan"]["pages_fetched"] == 1 and entry.url == shop("es_bare").url("/")
    finally:
        service.close()
        store.close()
