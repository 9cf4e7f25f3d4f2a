"""The web app's reads and writes: the history Store plus accounts, sessions, tokens, audits and
portfolios, on the same connection, dialect and transactions (SQLite or PostgreSQL alike)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from touchaudit.history.rows import SiteEntry, StoreError
from touchaudit.history.store import Store, open_store, utc_now
from touchaudit.web.tables import (
    DONE,
    FAILED,
    MIGRATIONS,
    RUNNING,
    SCHEDULES,
    VERSION_TABLE,
    WAITING,
    AuditRow,
    Portfolio,
    PortfolioSite,
    User,
)

_AUDIT_COLUMNS = ("id, public_id, user_id, url, name, lang, budget, run_id, status, stage, pages, failures, current_url,"
                  " error, scan_id, share_token, created_at, finished_at")
_PORTFOLIO_COLUMNS = "id, name, owner_id, schedule, next_run_at, created_at"


def open_web_store(target: str | None) -> WebStore:
    return cast(WebStore, open_store(target, store_class=WebStore))


def _audit(row: tuple[Any, ...]) -> AuditRow:
    return AuditRow(*row)


class WebStore(Store):
    SCHEMAS = ((MIGRATIONS, VERSION_TABLE),)

    def _one(self, sql: str, params: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def _execute(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        """One write in its own transaction; returns the rows it touched."""
        with self._write() as conn:
            return int(conn.execute(self._dialect.sql(sql), params).rowcount)

    # -- accounts -----------------------------------------------------------------------------

    def create_user(self, name: str, password_hash: str, role: str) -> User:
        if self._one("SELECT 1 FROM web_users WHERE name = ?", (name,)):
            raise StoreError(f"an account named {name!r} already exists")
        with self._write() as conn:
            user_id = self._insert(conn, "INSERT INTO web_users (name, password_hash, role, created_at) VALUES (?, ?, ?, ?)",
                                   (name, password_hash, role, utc_now()))
        return User(user_id, name, role)

    def count_users(self) -> int:
        row = self._one("SELECT COUNT(*) FROM web_users")
        return int(row[0]) if row else 0

    def user_login(self, name: str) -> tuple[User, str] | None:
        """(user, password hash) for a sign-in attempt."""
        row = self._one("SELECT id, name, role, password_hash FROM web_users WHERE name = ?", (name,))
        return (User(int(row[0]), row[1], row[2]), str(row[3])) if row else None

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        self._execute("UPDATE web_users SET password_hash = ? WHERE id = ?", (password_hash, user_id))

    # -- sessions and API tokens (only their SHA-256 is stored) ---------------------------------

    def create_session(self, user_id: int, token_hash: str, csrf: str, expires_at: str) -> None:
        with self._write() as conn:
            self._insert(conn, "INSERT INTO web_sessions (token_hash, user_id, csrf, expires_at) VALUES (?, ?, ?, ?)",
                         (token_hash, user_id, csrf, expires_at))

    def session(self, token_hash: str) -> tuple[User, str] | None:
        """(user, CSRF token) of a live session."""
        row = self._one("SELECT web_users.id, web_users.name, web_users.role, web_sessions.csrf FROM web_sessions"
                        " JOIN web_users ON web_users.id = web_sessions.user_id"
                        " WHERE web_sessions.token_hash = ? AND web_sessions.expires_at > ?", (token_hash, utc_now()))
        return (User(int(row[0]), row[1], row[2]), str(row[3])) if row else None

    def end_session(self, token_hash: str) -> None:
        self._execute("DELETE FROM web_sessions WHERE token_hash = ? OR expires_at <= ?", (token_hash, utc_now()))

    def create_token(self, user_id: int, name: str, token_hash: str) -> int:
        with self._write() as conn:
            return self._insert(conn, "INSERT INTO web_tokens (token_hash, user_id, name, created_at) VALUES (?, ?, ?, ?)",
                                (token_hash, user_id, name, utc_now()))

    def token_user(self, token_hash: str) -> User | None:
        row = self._one("SELECT web_users.id, web_users.name, web_users.role FROM web_tokens"
                        " JOIN web_users ON web_users.id = web_tokens.user_id"
                        " WHERE web_tokens.token_hash = ? AND web_tokens.revoked_at IS NULL", (token_hash,))
        return User(int(row[0]), row[1], row[2]) if row else None

    def tokens(self, user_id: int) -> list[tuple[int, str, str]]:
        """(id, name, created_at) of a user's live tokens."""
        return [(int(r[0]), r[1], r[2]) for r in self._rows(
            "SELECT id, name, created_at FROM web_tokens WHERE user_id = ? AND revoked_at IS NULL ORDER BY id", (user_id,))]

    def revoke_token(self, token_id: int, user_id: int) -> bool:
        return self._execute("UPDATE web_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
                             (utc_now(), token_id, user_id)) == 1

    # -- audits ---------------------------------------------------------------------------------

    def create_audit(self, public_id: str, user_id: int, site: SiteEntry, lang: str | None, budget: int,
                     run_id: int | None = None) -> AuditRow:
        """A queued audit; a run of its own (kind "audit") unless it belongs to a portfolio run."""
        if run_id is None:
            run_id = self.start_run("audit", {"url": site.url, "budget": budget, "via": "web"})
        with self._write() as conn:
            self._insert(conn, "INSERT INTO web_audits (public_id, user_id, url, name, lang, budget, run_id, status, stage,"
                         " pages, failures, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?)",
                         (public_id, user_id, site.url, site.name, lang, budget, run_id, WAITING, WAITING, utc_now()))
        found = self.audit(public_id)
        assert found is not None
        return found

    def audit(self, public_id: str) -> AuditRow | None:
        row = self._one(f"SELECT {_AUDIT_COLUMNS} FROM web_audits WHERE public_id = ?", (public_id,))
        return _audit(row) if row else None

    def audit_by_share(self, token: str) -> AuditRow | None:
        row = self._one(f"SELECT {_AUDIT_COLUMNS} FROM web_audits WHERE share_token = ?", (token,))
        return _audit(row) if row else None

    def recent_audits(self, limit: int = 20) -> list[AuditRow]:
        """Single-site audits, newest first (portfolio runs have their own page)."""
        return [_audit(r) for r in self._rows(
            f"SELECT {_AUDIT_COLUMNS} FROM web_audits WHERE run_id NOT IN (SELECT run_id FROM web_portfolio_runs)"
            " ORDER BY id DESC LIMIT ?", (limit,))]

    def run_audits(self, run_id: int) -> list[AuditRow]:
        return [_audit(r) for r in self._rows(f"SELECT {_AUDIT_COLUMNS} FROM web_audits WHERE run_id = ? ORDER BY id", (run_id,))]

    def unfinished_count(self, user_id: int | None = None) -> int:
        """Audits queued or running, of one user or of everyone: what the limits count."""
        sql = "SELECT COUNT(*) FROM web_audits WHERE status IN (?, ?)"
        params: tuple[Any, ...] = (WAITING, RUNNING)
        if user_id is not None:
            sql, params = sql + " AND user_id = ?", params + (user_id,)
        row = self._one(sql, params)
        return int(row[0]) if row else 0

    def progress(self, public_id: str, stage: str, pages: int, failures: int, current: str | None) -> None:
        self._execute("UPDATE web_audits SET status = ?, stage = ?, pages = ?, failures = ?, current_url = ?"
                      " WHERE public_id = ? AND status IN (?, ?)",
                      (RUNNING, stage, pages, failures, current, public_id, WAITING, RUNNING))

    def finish_audit(self, public_id: str, site: SiteEntry, result: Mapping[str, Any] | None, error: str | None) -> None:
        """Saves the result as a history scan (in the audit's run) and closes the audit, at once."""
        row = self.audit(public_id)
        if row is None:
            raise StoreError(f"no audit {public_id}")
        scan_id = self.save(row.run_id, site, result, replace=True) if result is not None else None  # a retry replaces
        status = DONE if result is not None else FAILED
        self._execute("UPDATE web_audits SET status = ?, stage = ?, error = ?, scan_id = ?, current_url = NULL,"
                      " finished_at = ? WHERE public_id = ?", (status, status, error, scan_id, utc_now(), public_id))
        if not self.is_portfolio_run(row.run_id):
            self.finish_run(row.run_id, "done" if result is not None else "failed")
        elif not [a for a in self.run_audits(row.run_id) if not a.finished]:
            self.finish_run(row.run_id, "done")

    def fail_unfinished(self, reason: str) -> int:
        """At start-up: audits a stopped server left queued or running can never finish."""
        stale = self._rows("SELECT public_id, url, name FROM web_audits WHERE status IN (?, ?)", (WAITING, RUNNING))
        for public_id, url, name in stale:
            self.finish_audit(public_id, SiteEntry(url, name), None, reason)
        return len(stale)

    def set_share(self, public_id: str, token: str | None) -> None:
        self._execute("UPDATE web_audits SET share_token = ? WHERE public_id = ?", (token, public_id))

    # -- portfolios -----------------------------------------------------------------------------

    def create_portfolio(self, name: str, owner_id: int) -> int:
        with self._write() as conn:
            return self._insert(conn, "INSERT INTO web_portfolios (name, owner_id, schedule, created_at) VALUES (?, ?, ?, ?)",
                                (name, owner_id, "none", utc_now()))

    def portfolios(self) -> list[Portfolio]:
        return [Portfolio(*r) for r in self._rows(f"SELECT {_PORTFOLIO_COLUMNS} FROM web_portfolios ORDER BY name, id")]

    def portfolio(self, portfolio_id: int) -> Portfolio | None:
        row = self._one(f"SELECT {_PORTFOLIO_COLUMNS} FROM web_portfolios WHERE id = ?", (portfolio_id,))
        return Portfolio(*row) if row else None

    def add_site(self, portfolio_id: int, url: str, name: str | None) -> bool:
        """False when the portfolio already has this site."""
        if self._one("SELECT 1 FROM web_portfolio_sites WHERE portfolio_id = ? AND url = ?", (portfolio_id, url)):
            return False
        with self._write() as conn:
            self._insert(conn, "INSERT INTO web_portfolio_sites (portfolio_id, url, name) VALUES (?, ?, ?)",
                         (portfolio_id, url, name))
        return True

    def remove_site(self, portfolio_id: int, url: str) -> None:
        self._execute("DELETE FROM web_portfolio_sites WHERE portfolio_id = ? AND url = ?", (portfolio_id, url))

    def portfolio_sites(self, portfolio_id: int) -> list[PortfolioSite]:
        return [PortfolioSite(r[0], r[1]) for r in self._rows(
            "SELECT url, name FROM web_portfolio_sites WHERE portfolio_id = ? ORDER BY id", (portfolio_id,))]

    def set_schedule(self, portfolio_id: int, schedule: str, next_run_at: str | None) -> None:
        if schedule not in SCHEDULES:
            raise StoreError(f"unknown schedule {schedule!r} ({', '.join(SCHEDULES)})")
        self._execute("UPDATE web_portfolios SET schedule = ?, next_run_at = ? WHERE id = ?",
                      (schedule, next_run_at, portfolio_id))

    def due_portfolios(self, now: str) -> list[Portfolio]:
        return [Portfolio(*r) for r in self._rows(
            f"SELECT {_PORTFOLIO_COLUMNS} FROM web_portfolios WHERE schedule <> 'none' AND next_run_at <= ? ORDER BY id",
            (now,))]

    def start_portfolio_run(self, portfolio_id: int, sites: int) -> int:
        run_id = self.start_run("portfolio", {"portfolio": portfolio_id, "sites": sites, "via": "web"})
        with self._write() as conn:
            conn.execute(self._dialect.sql("INSERT INTO web_portfolio_runs (run_id, portfolio_id) VALUES (?, ?)"),
                         (run_id, portfolio_id))
        return run_id

    def portfolio_runs(self, portfolio_id: int, limit: int = 20) -> list[tuple[int, str, str, str | None]]:
        """(run id, status, started_at, finished_at), newest first."""
        return [(int(r[0]), r[1], r[2], r[3]) for r in self._rows(
            "SELECT runs.id, runs.status, runs.started_at, runs.finished_at FROM runs"
            " JOIN web_portfolio_runs ON web_portfolio_runs.run_id = runs.id"
            " WHERE web_portfolio_runs.portfolio_id = ? ORDER BY runs.id DESC LIMIT ?", (portfolio_id, limit))]

    def is_portfolio_run(self, run_id: int) -> bool:
        return self._one("SELECT 1 FROM web_portfolio_runs WHERE run_id = ?", (run_id,)) is not None

