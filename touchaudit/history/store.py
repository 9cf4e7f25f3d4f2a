"""Scan history in SQLite (a file, the default) or PostgreSQL (`postgresql://…`), one API for both.

Agencies scan hundreds of shops on a schedule: every finished scan is committed before `save`
returns, so a killed portfolio loses nothing it finished and `--resume` can skip what is done.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

from touchaudit.history.dialect import Dialect, connect, dumps
from touchaudit.history.rows import (  # noqa: F401 (ScanMissingError is re-exported)
    ScanMissingError,
    RUN_KINDS,
    RUN_STATUSES,
    RUNNING,
    RunRow,
    ScanRow,
    SiteEntry,
    StoreError,
    site_key,
)
from touchaudit.history.schema import check_readable, migrate

_SCAN_COLUMNS = "scans.id, scans.run_id, sites.url, scans.name, scans.started_at, scans.finished_at, scans.score, scans.status"


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def open_store(target: str | None, *, create: bool = True, store_class: type[Store] | None = None) -> Store:
    """None -> ./touchaudit.db; a path -> SQLite file; postgresql://… -> PostgreSQL.

    `create=False` is for read-only commands: a missing SQLite file is an error, not a new database,
    and nothing is written (no tables, no WAL switch; a read-only file or file system works).
    A `store_class` (a Store subclass, e.g. the web app's) brings its own tables: its SCHEMAS are
    migrated after the history schema.
    """
    kind = store_class or Store
    conn, dialect, where = connect(target, create=create)
    try:
        if create:
            migrate(conn, dialect, utc_now())
            for migrations, table in kind.SCHEMAS:
                migrate(conn, dialect, utc_now(), migrations, table)
        else:
            check_readable(conn)
    except StoreError as exc:
        conn.close()
        raise StoreError(f"cannot use history database {where}: {exc}") from exc
    except dialect.errors as exc:
        conn.close()
        raise StoreError(f"cannot use history database {where}: {_first_line(exc)}") from exc
    except BaseException:
        conn.close()
        raise
    return kind(conn, dialect, where)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class Store:
    """One open history database. Thread-safe: calls are serialised on one connection."""

    SCHEMAS: tuple[tuple[tuple[tuple[str, ...], ...], str], ...] = ()  # (migrations, version table) of subclasses

    def __init__(self, conn: Any, dialect: Dialect, where: str) -> None:
        self._conn = conn
        self._dialect = dialect
        self._lock = threading.RLock()
        self.where = where  # password-free description, for messages

    # -- plumbing -----------------------------------------------------------------------------

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock, self._errors():
            return list(self._conn.execute(self._dialect.sql(sql), params).fetchall())

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except self._dialect.errors as exc:
            raise StoreError(f"history database {self.where}: {_first_line(exc)}") from exc

    @contextmanager
    def _write(self) -> Iterator[Any]:
        """One transaction, committed on leaving: what `save` promises survives a kill after it."""
        with self._lock, self._errors():
            self._conn.execute(self._dialect.begin)
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _insert(self, conn: Any, sql: str, params: tuple[Any, ...]) -> int:
        return int(conn.execute(self._dialect.sql(sql + " RETURNING id"), params).fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # -- runs ---------------------------------------------------------------------------------

    def start_run(self, kind: str, options: Mapping[str, Any]) -> int:
        """A new run ("audit" for one site, "portfolio" for a list); its options are kept as JSON."""
        if kind not in RUN_KINDS:
            raise StoreError(f"unknown run kind {kind!r} (audit or portfolio)")
        try:
            options_json = self._dialect.json_param(dumps(dict(options)))
        except (TypeError, ValueError) as exc:
            raise StoreError(f"run options are not JSON: {exc}") from exc
        with self._write() as conn:
            return self._insert(
                conn, "INSERT INTO runs (kind, options, status, started_at) VALUES (?, ?, ?, ?)",
                (kind, options_json, RUNNING, utc_now()),
            )

    def finish_run(self, run_id: int, status: str) -> None:
        if status not in RUN_STATUSES:
            raise StoreError(f"unknown run status {status!r} ({', '.join(sorted(RUN_STATUSES))})")
        with self._write() as conn:
            cursor = conn.execute(
                self._dialect.sql("UPDATE runs SET status = ?, finished_at = ? WHERE id = ?"), (status, utc_now(), run_id)
            )
            if cursor.rowcount != 1:
                raise StoreError(f"no run {run_id} in {self.where}")

    def last_unfinished_run(self, kind: str) -> int | None:
        """The newest run of this kind if it did not end "done" (killed, interrupted or failed).

        Only the newest counts: once a later run of the kind finished, an older interrupted one is
        history, not something to resume.
        """
        rows = self._rows("SELECT id, status FROM runs WHERE kind = ? ORDER BY id DESC LIMIT 1", (kind,))
        if rows and rows[0][1] != "done":
            return int(rows[0][0])
        return None

    def run_options(self, run_id: int) -> dict[str, Any]:
        """The options a run was started with (`start_run`)."""
        rows = self._rows("SELECT options FROM runs WHERE id = ?", (run_id,))
        if not rows:
            raise StoreError(f"no run {run_id} in {self.where}")
        return dict(self._dialect.json_value(rows[0][0]))

    def done_urls(self, run_id: int) -> set[str]:
        """Site keys (normalised URLs) already saved in a run: what `--resume` skips."""
        rows = self._rows(
            "SELECT DISTINCT sites.url FROM scans JOIN sites ON sites.id = scans.site_id WHERE scans.run_id = ?", (run_id,)
        )
        return {str(r[0]) for r in rows}

    # -- scans --------------------------------------------------------------------------------

    def save(self, run_id: int, site: SiteEntry, result: Mapping[str, Any], *, replace: bool = False) -> int:
        """Save one site's result in one transaction; returns the scan id. `replace`: the site's
        earlier scans in this run go in the same transaction (a fleet's re-delivered site replaces,
        never duplicates; the site's row is locked, so two workers saving it at once take turns)."""
        url = site_key(site.url)
        scan = result.get("scan") or {}
        now = utc_now()
        started = str(scan.get("started_at") or now)
        finished = str(scan.get("finished_at") or started)
        status = str(scan.get("status") or "error")
        json_param = self._dialect.json_param
        try:
            payload, tags = json_param(dumps(dict(result))), json_param(dumps(list(site.tags)))
            score = None if result.get("score") is None else round(float(result["score"]))
        except (TypeError, ValueError) as exc:
            raise StoreError(f"result for {url} is not JSON: {exc}") from exc
        with self._write() as conn:
            if not conn.execute(self._dialect.sql("SELECT 1 FROM runs WHERE id = ?"), (run_id,)).fetchall():
                raise StoreError(f"no run {run_id} in {self.where}")
            conn.execute(self._dialect.sql("INSERT INTO sites (url, first_seen) VALUES (?, ?) ON CONFLICT (url) DO NOTHING"),
                         (url, now))
            site_id = int(conn.execute(self._dialect.sql("SELECT id FROM sites WHERE url = ?" + self._dialect.row_lock),
                                       (url,)).fetchone()[0])
            if replace:
                conn.execute(self._dialect.sql("DELETE FROM scans WHERE run_id = ? AND site_id = ?"), (run_id, site_id))
            return self._insert(
                conn,
                "INSERT INTO scans (run_id, site_id, name, tags, started_at, finished_at, score, status, result)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (run_id, site_id, site.name, tags, started, finished,
                 score, status, payload),
            )

    def scans(self, url: str, limit: int = 20) -> list[ScanRow]:
        """A site's scans, newest first."""
        rows = self._rows(
            f"SELECT {_SCAN_COLUMNS} FROM scans JOIN sites ON sites.id = scans.site_id"
            " WHERE sites.url = ? ORDER BY scans.finished_at DESC, scans.id DESC LIMIT ?",
            (site_key(url), max(0, int(limit))),
        )
        return [ScanRow(int(r[0]), int(r[1]), r[2], r[3], r[4], r[5], None if r[6] is None else int(r[6]), r[7]) for r in rows]

    def result(self, scan_id: int) -> dict[str, Any]:
        rows = self._rows("SELECT result FROM scans WHERE id = ?", (scan_id,))
        if not rows:
            raise ScanMissingError(f"no scan {scan_id} in {self.where}")
        return dict(self._dialect.json_value(rows[0][0]))

    def latest_pair(self, url: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """(previous, latest) results of a site, for "what changed since last time"."""
        newest = self.scans(url, limit=2)
        results = [self.result(row.id) for row in newest]
        latest = results[0] if results else None
        previous = results[1] if len(results) > 1 else None
        return previous, latest

    def run_results(self, run_id: int, batch: int = 100) -> Iterator[tuple[SiteEntry, dict[str, Any]]]:
        """Every site saved in a run with its result, in the order they were saved. A batch of rows
        at a time: a run of thousands of sites is read back without holding all its results."""
        last = 0
        while True:
            rows = self.run_results_after(run_id, last, batch)
            for _, entry, result in rows:
                yield entry, result
            if len(rows) < batch:
                return
            last = rows[-1][0]

    def run_results_after(self, run_id: int, after: int, limit: int = 100) -> list[tuple[int, SiteEntry, dict[str, Any]]]:
        """(scan id, site, result) of a run's scans with ids above `after`, oldest first: a fleet's
        follower reads each site's result as it arrives."""
        return self._run_results("scans.id > ? ORDER BY scans.id LIMIT ?", (run_id, after, limit))

    def run_scan_ids(self, run_id: int) -> list[int]:
        """Every scan id of a run (a follower's last look for results committed out of id order)."""
        return [int(r[0]) for r in self._rows("SELECT id FROM scans WHERE run_id = ? ORDER BY id", (run_id,))]

    def run_results_in(self, run_id: int, ids: list[int]) -> list[tuple[int, SiteEntry, dict[str, Any]]]:
        """(scan id, site, result) of the given scans of a run."""
        out: list[tuple[int, SiteEntry, dict[str, Any]]] = []
        for first in range(0, len(ids), 100):
            chunk = ids[first:first + 100]
            out += self._run_results(f"scans.id IN ({', '.join('?' * len(chunk))})", (run_id, *chunk))
        return out

    def _run_results(self, condition: str, params: tuple[Any, ...]) -> list[tuple[int, SiteEntry, dict[str, Any]]]:
        value = self._dialect.json_value
        rows = self._rows("SELECT scans.id, sites.url, scans.name, scans.tags, scans.result FROM scans"
                          " JOIN sites ON sites.id = scans.site_id WHERE scans.run_id = ? AND " + condition, params)
        return [(int(r[0]), SiteEntry(r[1], r[2], tuple(value(r[3]))), dict(value(r[4]))) for r in rows]

    def has_scan(self, run_id: int, url: str) -> bool:
        """Whether the site is already stored in the run (a re-delivered fleet task has nothing to do)."""
        return bool(self._rows("SELECT 1 FROM scans JOIN sites ON sites.id = scans.site_id"
                               " WHERE scans.run_id = ? AND sites.url = ? LIMIT 1", (run_id, site_key(url))))

    def runs(self, limit: int = 20, only: int | None = None) -> list[RunRow]:
        """The newest runs (or run `only`) with how many sites each has stored."""
        rows = self._rows(
            "SELECT runs.id, runs.kind, runs.status, runs.started_at, runs.finished_at, runs.options,"
            " (SELECT COUNT(*) FROM scans WHERE scans.run_id = runs.id) FROM runs"
            + (" WHERE runs.id = ?" if only is not None else "") + " ORDER BY runs.id DESC LIMIT ?",
            (*((only,) if only is not None else ()), max(0, int(limit))))
        return [RunRow(int(r[0]), r[1], r[2], r[3], r[4], dict(self._dialect.json_value(r[5])), int(r[6])) for r in rows]

    def trend(self, url: str, limit: int = 12) -> list[tuple[str, int | None]]:
        """(finished_at, score) of a site's last scans, oldest first: a sparkline's data."""
        return [(row.finished_at, row.score) for row in reversed(self.scans(url, limit))]
