"""What the web app does, apart from HTTP: start audits and portfolio runs within the limits, run
one audit job, and keep each audit's progress and result in the store.

Routes (HTML and JSON alike) call this; this calls a Dispatcher. An audit always runs through
`AuditProcess` (its own child process), the same machinery as `touchaudit.audit()`.
"""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from touchaudit.audit_process import AuditError, AuditProcess, Progress
from touchaudit.config import AuditOptions
from touchaudit.history.rows import SiteEntry
from touchaudit.history.store import utc_now
from touchaudit.web.accounts import new_token
from touchaudit.netguard import check_url
from touchaudit.web.dispatch import AuditJob, Dispatcher, LocalPool, QueueFullError
from touchaudit.web.schedule import next_run
from touchaudit.web.settings import ServerSettings
from touchaudit.web.store import WebStore
from touchaudit.web.tables import AuditRow, User

log = logging.getLogger(__name__)
PROGRESS_INTERVAL = 0.3  # seconds between progress writes of one audit
RESTART_REASON = "the server stopped before this audit finished"


class LimitError(RuntimeError):
    """An audit refused by a limit: `reason` is "user" (too many of yours) or "queue" (server full)."""

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(message)


class AuditService:
    def __init__(self, store: WebStore, settings: ServerSettings, dispatcher: Dispatcher | None = None) -> None:
        self.store = store
        self.settings = settings
        self._running: dict[str, AuditProcess] = {}
        self._lock = threading.Lock()
        stale = 0 if settings.broker else store.fail_unfinished(RESTART_REASON)  # a fleet's go on without us
        if stale:
            log.warning("%d audit(s) left unfinished by a previous server were marked failed", stale)
        self.dispatcher = dispatcher or LocalPool(self.run_job, settings.workers, settings.max_queue)

    # -- starting work ----------------------------------------------------------------------------

    def options(self, url: str, public_id: str, budget: int | None) -> AuditOptions:
        budget = min(self.settings.budget, budget or self.settings.budget)
        archive = self.settings.data_dir / "warc" / f"{public_id}.warc.gz"
        return AuditOptions(url=url, budget=max(1, budget), progress=False, allow_private=self.settings.allow_private,
                            archive=str(archive))

    def start_audit(self, user: User, url: str, lang: str | None = None, budget: int | None = None) -> AuditRow:
        """Validates the address (UrlError), checks the limits (LimitError), queues the audit."""
        url = check_url(url, self.settings.allow_private)
        self._check_limits(user, 1)
        return self._queue(user, SiteEntry(url), lang, budget, None)

    def start_portfolio_run(self, user: User, portfolio_id: int, lang: str | None = None) -> int:
        """One audit per site of the portfolio, in one history run; refused whole if over a limit."""
        sites = self.store.portfolio_sites(portfolio_id)
        checked = [SiteEntry(check_url(site.url, self.settings.allow_private), site.name) for site in sites]
        self._check_limits(None, len(checked))
        run_id = self.store.start_portfolio_run(portfolio_id, len(checked))
        for site in checked:
            self._queue(user, site, lang, None, run_id)
        if not checked:
            self.store.finish_run(run_id, "done")
        return run_id

    def _check_limits(self, user: User | None, count: int) -> None:
        if user is not None and self.store.unfinished_count(user.id) + count > self.settings.per_user:
            raise LimitError("user", f"you already have {self.settings.per_user} audits queued or running")
        waiting = self.store.unfinished_count()
        if waiting + count > self.settings.max_queue + self.settings.workers:
            raise LimitError("queue", f"{waiting} audits are queued or running, the most this server takes")

    def _queue(self, user: User, site: SiteEntry, lang: str | None, budget: int | None, run_id: int | None) -> AuditRow:
        public_id = new_token()[:22]
        opts = self.options(site.url, public_id, budget)
        row = self.store.create_audit(public_id, user.id, site, lang, opts.budget, run_id)
        try:
            self.dispatcher.submit(AuditJob(public_id, site, opts))
        except QueueFullError as exc:
            self.store.finish_audit(public_id, site, None, str(exc))
            raise LimitError("queue", str(exc)) from exc
        return row

    def ahead(self, public_id: str) -> int | None:
        return self.dispatcher.ahead(public_id)

    def run_due(self, now: str | None = None) -> list[int]:
        """Start every portfolio whose schedule is due; returns the runs started."""
        now = now or utc_now()
        started = []
        for portfolio in self.store.due_portfolios(now):
            self.store.set_schedule(portfolio.id, portfolio.schedule, next_run(portfolio.schedule, now))
            owner = User(portfolio.owner_id, "", "editor")
            try:
                started.append(self.start_portfolio_run(owner, portfolio.id))
            except Exception as exc:  # noqa: BLE001 (a schedule that cannot run now tries again next time)
                log.warning("scheduled run of portfolio %s not started: %s", portfolio.id, exc)
        return started

    # -- running one job (in a dispatcher's worker) -------------------------------------------------

    def run_job(self, job: AuditJob) -> None:
        """Run the audit in its own process, recording progress; the result becomes a history scan."""
        process = AuditProcess(job.options)
        with self._lock:
            self._running[job.public_id] = process
        last = [0.0]

        def record(progress: Progress) -> None:
            now = time.monotonic()
            if progress.stage == "crawling" and now - last[0] < PROGRESS_INTERVAL and progress.pages:
                return
            last[0] = now
            self.store.progress(job.public_id, progress.stage, progress.pages, progress.failures, progress.current)

        try:
            Path(job.options.archive or ".").parent.mkdir(parents=True, exist_ok=True)
            result = process.run(record).to_dict()
        except AuditError as exc:
            self.store.finish_audit(job.public_id, job.site, None, str(exc))
        except Exception as exc:
            log.exception("audit %s failed", job.public_id)
            self.store.finish_audit(job.public_id, job.site, None, f"{type(exc).__name__}: {exc}")
        else:
            self.store.finish_audit(job.public_id, job.site, result, None)
        finally:
            with self._lock:
                self._running.pop(job.public_id, None)

    def warc_path(self, row: AuditRow) -> Path | None:
        path = Path(self.options(row.url, row.public_id, row.budget).archive or "")
        return path if path.is_file() else None

    def close(self) -> None:
        self.dispatcher.close()
        with self._lock:
            running = list(self._running.values())
        for process in running:
            process.stop()
