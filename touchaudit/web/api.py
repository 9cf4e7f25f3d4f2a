"""The JSON API: the app's actions for scripts and other tools, with an API token (Bearer).

Documented by OpenAPI at /docs. Everything a page can do that matters to a tool is here: start an
audit, read its progress and result, list a site's history, create and run portfolios.
"""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, Field, field_validator

from touchaudit.history.diff import diff
from touchaudit.history.rows import StoreError
from touchaudit.history.store import utc_now
from touchaudit.portfolio.sitelist import SiteListError, parse_sites
from touchaudit.reports.i18n import available_languages
from touchaudit.sites import UrlError
from touchaudit.web.auth import api_user, bearer
from touchaudit.web.context import context
from touchaudit.web.schedule import next_run
from touchaudit.web.service import LimitError
from touchaudit.web.tables import SCHEDULES
from touchaudit.web.views import progress_dict

router = APIRouter(prefix="/api", tags=["touchaudit"])
Token = Depends(bearer)


class AuditRequest(BaseModel):
    url: str = Field(description="the shop's address, e.g. https://shop.example/")
    lang: str | None = Field(None, description="report language, one with a catalogue (default: the site's)")
    budget: int | None = Field(None, ge=1, description="pages to fetch at most (capped by the server)")

    @field_validator("lang")
    @classmethod
    def _known_language(cls, value: str | None) -> str | None:
        if value is not None and value not in available_languages():
            raise ValueError(f"a report language touchaudit has: {', '.join(available_languages())}")
        return value


class PortfolioRequest(BaseModel):
    name: str = Field(max_length=120)
    sites: list[str] = Field(default_factory=list, description="shop addresses")
    csv: str | None = Field(None, description="a CSV with a url column (name optional), as the portfolio command reads")


class ScheduleRequest(BaseModel):
    schedule: str = Field(pattern="^(none|nightly|weekly)$")


def _refused(exc: Exception) -> HTTPException:
    if isinstance(exc, LimitError):
        return HTTPException(429 if exc.reason == "user" else 503, str(exc))
    return HTTPException(400, str(exc))


def _audit(request: Request, public_id: str) -> Any:
    row = context(request).store.audit(public_id)
    if row is None:
        raise HTTPException(404, f"no audit {public_id}")
    return row


@router.post("/audits", status_code=202, summary="Start an audit")
def create_audit(request: Request, body: AuditRequest, credentials: HTTPAuthorizationCredentials | None = Token) -> dict[str, Any]:
    app = context(request)
    user = api_user(credentials, app.store, edit=True)
    try:
        row = app.service.start_audit(user, body.url, body.lang, body.budget)
    except (UrlError, LimitError) as exc:
        raise _refused(exc) from None
    return progress_dict(row, app.service.ahead(row.public_id))


@router.get("/audits/{public_id}", summary="Read an audit's status and progress")
def read_audit(request: Request, public_id: str, credentials: HTTPAuthorizationCredentials | None = Token) -> dict[str, Any]:
    app = context(request)
    api_user(credentials, app.store)
    return progress_dict(_audit(request, public_id), app.service.ahead(public_id))


@router.get("/audits/{public_id}/result", summary="Read an audit's result (the canonical JSON)")
def read_result(request: Request, public_id: str, credentials: HTTPAuthorizationCredentials | None = Token) -> dict[str, Any]:
    app = context(request)
    api_user(credentials, app.store)
    row = _audit(request, public_id)
    if row.scan_id is None:
        raise HTTPException(409, f"audit {public_id} is {row.status}" + (f": {row.error}" if row.error else ""))
    return app.store.result(row.scan_id)


@router.get("/history", summary="List a site's scans, newest first, with what changed")
def history(request: Request, url: str, limit: int = 20, credentials: HTTPAuthorizationCredentials | None = Token) -> dict[str, Any]:
    app = context(request)
    api_user(credentials, app.store)
    try:
        rows = app.store.scans(url, max(1, min(limit, 200)))
    except StoreError as exc:
        raise HTTPException(400, str(exc)) from None
    results = [app.store.result(row.id) for row in rows[:2]]
    changes = diff(results[1], results[0]).as_dict() if len(results) == 2 else None
    return {"url": url, "scans": [{"id": r.id, "run_id": r.run_id, "finished_at": r.finished_at, "score": r.score,
                                   "status": r.status} for r in rows], "changes": changes}


@router.post("/portfolios", status_code=201, summary="Create a portfolio")
def create_portfolio(request: Request, body: PortfolioRequest, credentials: HTTPAuthorizationCredentials | None = Token) -> dict[str, Any]:
    app = context(request)
    user = api_user(credentials, app.store, edit=True)
    try:
        entries = parse_sites(body.csv, "the CSV") if body.csv else []
        entries += parse_sites("\n".join(body.sites), "the sites") if body.sites else []
    except SiteListError as exc:
        raise HTTPException(400, str(exc)) from None
    bad = [e for e in entries if e.error]
    if bad:
        raise HTTPException(400, f"{bad[0].url}: {bad[0].error}")
    portfolio_id = app.store.create_portfolio(body.name, user.id)
    for entry in entries:
        app.store.add_site(portfolio_id, entry.url, entry.name)
    return _portfolio(request, portfolio_id)


def _portfolio(request: Request, portfolio_id: int) -> dict[str, Any]:
    store = context(request).store
    found = store.portfolio(portfolio_id)
    if found is None:
        raise HTTPException(404, f"no portfolio {portfolio_id}")
    runs = []
    for run_id, status, started, finished in store.portfolio_runs(portfolio_id):
        audits = store.run_audits(run_id)
        runs.append({"id": run_id, "status": status, "started_at": started, "finished_at": finished,
                     "audits": [{"id": a.public_id, "url": a.url, "status": a.status} for a in audits]})
    return {"id": found.id, "name": found.name, "schedule": found.schedule, "next_run_at": found.next_run_at,
            "sites": [{"url": s.url, "name": s.name} for s in store.portfolio_sites(portfolio_id)], "runs": runs}


@router.get("/portfolios/{portfolio_id}", summary="Read a portfolio, its sites and runs")
def read_portfolio(request: Request, portfolio_id: int, credentials: HTTPAuthorizationCredentials | None = Token) -> dict[str, Any]:
    api_user(credentials, context(request).store)
    return _portfolio(request, portfolio_id)


@router.post("/portfolios/{portfolio_id}/runs", status_code=202, summary="Run a portfolio now")
def run_portfolio(request: Request, portfolio_id: int, credentials: HTTPAuthorizationCredentials | None = Token) -> dict[str, Any]:
    app = context(request)
    user = api_user(credentials, app.store, edit=True)
    _portfolio(request, portfolio_id)
    try:
        run_id = app.service.start_portfolio_run(user, portfolio_id)
    except (UrlError, LimitError) as exc:
        raise _refused(exc) from None
    return {"run_id": run_id, **_portfolio(request, portfolio_id)}


@router.put("/portfolios/{portfolio_id}/schedule", summary="Run a portfolio nightly, weekly, or only on demand")
def set_schedule(request: Request, portfolio_id: int, body: ScheduleRequest,
                 credentials: HTTPAuthorizationCredentials | None = Token) -> dict[str, Any]:
    app = context(request)
    api_user(credentials, app.store, edit=True)
    _portfolio(request, portfolio_id)
    assert body.schedule in SCHEDULES
    app.store.set_schedule(portfolio_id, body.schedule, next_run(body.schedule, utc_now()))
    return _portfolio(request, portfolio_id)
