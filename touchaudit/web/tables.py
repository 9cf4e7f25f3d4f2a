"""The web app's tables, in the history database, with their own numbered migrations.

They live beside the history tables (runs, sites, scans) so one `--db` holds everything and a
portfolio run started from the web is an ordinary history run; `web_schema_version` numbers them
apart from the history schema, so the two evolve without colliding.
"""
from __future__ import annotations

from dataclasses import dataclass

VERSION_TABLE = "web_schema_version"
ROLES = ("viewer", "editor", "admin")  # each can do what the one before it can
SCHEDULES = ("none", "nightly", "weekly")
WAITING, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 1: accounts, sessions, API tokens, audits, portfolios
        """CREATE TABLE web_users (
            id {id},
            name TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE web_sessions (
            id {id},
            token_hash TEXT NOT NULL UNIQUE,
            user_id BIGINT NOT NULL REFERENCES web_users (id),
            csrf TEXT NOT NULL,
            expires_at TEXT NOT NULL
        )""",
        """CREATE TABLE web_tokens (
            id {id},
            token_hash TEXT NOT NULL UNIQUE,
            user_id BIGINT NOT NULL REFERENCES web_users (id),
            name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        )""",
        """CREATE TABLE web_portfolios (
            id {id},
            name TEXT NOT NULL,
            owner_id BIGINT NOT NULL REFERENCES web_users (id),
            schedule TEXT NOT NULL,
            next_run_at TEXT,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE web_portfolio_sites (
            id {id},
            portfolio_id BIGINT NOT NULL REFERENCES web_portfolios (id),
            url TEXT NOT NULL,
            name TEXT,
            UNIQUE (portfolio_id, url)
        )""",
        """CREATE TABLE web_portfolio_runs (
            run_id BIGINT NOT NULL PRIMARY KEY REFERENCES runs (id),
            portfolio_id BIGINT NOT NULL REFERENCES web_portfolios (id)
        )""",
        """CREATE TABLE web_audits (
            id {id},
            public_id TEXT NOT NULL UNIQUE,
            user_id BIGINT NOT NULL REFERENCES web_users (id),
            url TEXT NOT NULL,
            name TEXT,
            lang TEXT,
            budget INTEGER NOT NULL,
            run_id BIGINT NOT NULL REFERENCES runs (id),
            status TEXT NOT NULL,
            stage TEXT NOT NULL,
            pages INTEGER NOT NULL,
            failures INTEGER NOT NULL,
            current_url TEXT,
            error TEXT,
            scan_id BIGINT REFERENCES scans (id),
            share_token TEXT UNIQUE,
            created_at TEXT NOT NULL,
            finished_at TEXT
        )""",
        "CREATE INDEX web_audits_run ON web_audits (run_id, id)",
        "CREATE INDEX web_audits_user ON web_audits (user_id, status)",
    ),
)


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str

    @property
    def can_edit(self) -> bool:
        """Editors and admins start audits and change portfolios; viewers only read."""
        return ROLES.index(self.role) >= ROLES.index("editor")


@dataclass(frozen=True)
class AuditRow:
    """One audit the app ran or is running: its progress, and the history scan it produced."""

    id: int
    public_id: str
    user_id: int
    url: str
    name: str | None
    lang: str | None
    budget: int
    run_id: int
    status: str
    stage: str
    pages: int
    failures: int
    current_url: str | None
    error: str | None
    scan_id: int | None
    share_token: str | None
    created_at: str
    finished_at: str | None

    @property
    def finished(self) -> bool:
        return self.status in (DONE, FAILED)


@dataclass(frozen=True)
class Portfolio:
    id: int
    name: str
    owner_id: int
    schedule: str
    next_run_at: str | None
    created_at: str


@dataclass(frozen=True)
class PortfolioSite:
    url: str
    name: str | None
