"""The history schema as numbered migrations, applied on open, so old databases keep working.

`schema_version` holds one row per applied migration. Each migration runs in one transaction that
also holds the schema lock, so two processes opening a new database at once apply it once.
Timestamps are ISO-8601 UTC text ("2026-01-31T09:00:00Z") on both backends: they sort as strings,
compare equal across SQLite and PostgreSQL, and are what the result JSON already carries.
"""
from __future__ import annotations

from typing import Any

from touchaudit.history.dialect import Dialect
from touchaudit.history.rows import StoreError

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 1: runs, sites, scans
        """CREATE TABLE runs (
            id {id},
            kind TEXT NOT NULL,
            options {json} NOT NULL,
            status TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT
        )""",
        "CREATE INDEX runs_kind ON runs (kind, id)",
        """CREATE TABLE sites (
            id {id},
            url TEXT NOT NULL UNIQUE,
            first_seen TEXT NOT NULL
        )""",
        """CREATE TABLE scans (
            id {id},
            run_id BIGINT NOT NULL REFERENCES runs (id),
            site_id BIGINT NOT NULL REFERENCES sites (id),
            name TEXT,
            tags {json} NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            score INTEGER,
            status TEXT NOT NULL,
            result {json} NOT NULL
        )""",
        "CREATE INDEX scans_site ON scans (site_id, finished_at, id)",
        "CREATE INDEX scans_run ON scans (run_id, id)",
    ),
)
LATEST = len(MIGRATIONS)


def migrate(conn: Any, dialect: Dialect, now: str, migrations: tuple[tuple[str, ...], ...] = MIGRATIONS,
            table: str = "schema_version") -> int:
    """Bring the database to the latest of `migrations`; returns the version found before (0 for new).

    Other parts of touchaudit (the web app) keep their own tables with their own migrations and
    version `table` in the same database, so each part's numbering is its own.
    """
    latest = len(migrations)
    conn.execute(f"CREATE TABLE IF NOT EXISTS {table} (version INTEGER NOT NULL, applied_at TEXT NOT NULL)")
    found = _version(conn, table)
    if found == latest:
        return found
    if found > latest:
        raise StoreError(f"history database {table.replace('_', ' ')} {found} is newer than this touchaudit ({latest}): upgrade touchaudit")
    conn.execute(dialect.begin)
    try:
        if dialect.lock_schema:
            conn.execute(dialect.lock_schema.replace("schema_version", table))
        found = _version(conn, table)  # another process may have migrated while we waited for the lock
        for version in range(found + 1, latest + 1):
            for statement in migrations[version - 1]:
                conn.execute(dialect.sql(statement))
            conn.execute(dialect.sql(f"INSERT INTO {table} (version, applied_at) VALUES (?, ?)"), (version, now))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return found


def _version(conn: Any, table: str) -> int:
    row = conn.execute(f"SELECT MAX(version) FROM {table}").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def check_readable(conn: Any) -> None:
    """For read-only commands: the database is touchaudit's, at the schema this version reads.
    Nothing is created or changed (a `--db` pointed at another application's file stays as it was)."""
    try:
        found = _version(conn, "schema_version")
    except Exception as exc:  # no schema_version table: sqlite3.OperationalError, psycopg's UndefinedTable
        raise StoreError("not a touchaudit history database (no schema_version table)") from exc
    if found > LATEST:
        raise StoreError(f"history database schema version {found} is newer than this touchaudit ({LATEST}): upgrade touchaudit")
    if found < LATEST:
        raise StoreError(f"history database schema version {found} is older than this touchaudit's ({LATEST}): "
                         "run an audit or a portfolio with it once to upgrade it")
