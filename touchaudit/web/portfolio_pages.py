"""The portfolio pages: create one from a CSV or a pasted list, add and remove sites, run it now or
on a schedule, its dashboard, and each site's history with what changed."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from touchaudit.history.rows import StoreError
from touchaudit.history.store import utc_now
from touchaudit.portfolio.sitelist import SiteListError, parse_sites
from touchaudit.sites import UrlError
from touchaudit.web import messages
from touchaudit.web.auth import form_user, page_user
from touchaudit.web.context import AppContext, context
from touchaudit.web.pages import found, see
from touchaudit.web.render import language, page
from touchaudit.web.schedule import next_run
from touchaudit.web.service import LimitError
from touchaudit.web.tables import SCHEDULES
from touchaudit.web.views import audit_view, portfolio_dashboard, run_items, site_history, site_link

router = APIRouter(include_in_schema=False)


@router.get("/portfolios")
def portfolios(request: Request) -> Response:
    app = context(request)
    user, csrf = page_user(request, app.store)
    return page(request, "portfolios.html.j2", user=user, csrf=csrf, portfolios=app.store.portfolios(), error=None)


@router.post("/portfolios")
async def create_portfolio(request: Request) -> Response:
    app = context(request)
    user, form = await form_user(request, app.store)
    name = str(form.get("name") or "").strip()[:120]
    lang = language(request)
    try:
        entries = await _uploaded_sites(form)
    except SiteListError as exc:
        _, csrf = page_user(request, app.store)
        return page(request, "portfolios.html.j2", 400, user=user, csrf=csrf, portfolios=app.store.portfolios(),
                    error=messages.text(lang, "bad_list", detail=str(exc)))
    portfolio_id = app.store.create_portfolio(name or messages.text(lang, "untitled"), user.id)
    for entry in entries:
        if not entry.error:
            app.store.add_site(portfolio_id, entry.url, entry.name)
    return see(f"/portfolios/{portfolio_id}")


async def _uploaded_sites(form: Any) -> list[Any]:
    """Sites from an uploaded CSV and/or a pasted list; none is fine (sites can be added later)."""
    texts = []
    upload = form.get("csv")
    if upload is not None and not isinstance(upload, str):
        data = await upload.read()
        if data:
            try:
                texts.append(data.decode("utf-8-sig"))
            except UnicodeDecodeError as exc:
                raise SiteListError(f"the CSV is not UTF-8 text: {exc}") from exc
    pasted = str(form.get("sites") or "")
    if pasted.strip():
        texts.append(pasted)
    return [entry for text in texts for entry in parse_sites(text, "the list")]


@router.get("/portfolios/{portfolio_id}")
def portfolio_page(request: Request, portfolio_id: int) -> Response:
    app = context(request)
    user, csrf = page_user(request, app.store)
    return _portfolio(request, app, user, csrf, portfolio_id)


def _portfolio(request: Request, app: AppContext, user: Any, csrf: str, portfolio_id: int, status: int = 200,
               error: str | None = None) -> Response:
    lang = language(request)
    portfolio = found(app.store.portfolio(portfolio_id))
    runs = app.store.portfolio_runs(portfolio_id)
    latest = runs[0] if runs else None
    running = [audit_view(row, lang, app.service.ahead(row.public_id)) for row in app.store.run_audits(latest[0])] \
        if latest and latest[1] == "running" else []
    finished = next((run for run in runs if run[1] == "done"), None)
    dashboard = portfolio_dashboard(app.store, finished[0], lang) if finished else None
    return page(request, "portfolio.html.j2", status, user=user, csrf=csrf, p=portfolio, runs=run_items(runs, lang),
                sites=app.store.portfolio_sites(portfolio_id), running=running, v=dashboard, schedules=SCHEDULES,
                error=error, site_link=site_link)


async def _change(request: Request, portfolio_id: int) -> tuple[AppContext, Any, Any]:
    """(app, user, form) of a form that changes a portfolio: an editor's, with its CSRF token, for a
    portfolio that exists."""
    app = context(request)
    user, form = await form_user(request, app.store)
    found(app.store.portfolio(portfolio_id))
    return app, user, form


def _refused(request: Request, app: AppContext, user: Any, portfolio_id: int, status: int, text: str) -> Response:
    """The portfolio page again, with what went wrong."""
    _, csrf = page_user(request, app.store)
    return _portfolio(request, app, user, csrf, portfolio_id, status, text)


@router.post("/portfolios/{portfolio_id}/sites")
async def add_sites(request: Request, portfolio_id: int) -> Response:
    app, user, form = await _change(request, portfolio_id)
    lang = language(request)
    try:
        entries = await _uploaded_sites(form)
    except SiteListError as exc:
        return _refused(request, app, user, portfolio_id, 400, messages.text(lang, "bad_list", detail=str(exc)))
    bad = [entry for entry in entries if entry.error]
    for entry in entries:
        if not entry.error:
            app.store.add_site(portfolio_id, entry.url, entry.name)
    if bad:
        return _refused(request, app, user, portfolio_id, 400,
                        messages.text(lang, "bad_list", detail=f"{bad[0].url}: {bad[0].error}"))
    return see(f"/portfolios/{portfolio_id}")


@router.post("/portfolios/{portfolio_id}/sites/remove")
async def remove_site(request: Request, portfolio_id: int) -> Response:
    app, _, form = await _change(request, portfolio_id)
    app.store.remove_site(portfolio_id, str(form.get("url") or ""))
    return see(f"/portfolios/{portfolio_id}")


@router.post("/portfolios/{portfolio_id}/run")
async def run_portfolio(request: Request, portfolio_id: int) -> Response:
    app, user, _ = await _change(request, portfolio_id)
    try:
        app.service.start_portfolio_run(user, portfolio_id)
    except (UrlError, LimitError) as exc:
        return _refused(request, app, user, portfolio_id, *messages.refusal(language(request), exc))
    return see(f"/portfolios/{portfolio_id}")


@router.post("/portfolios/{portfolio_id}/schedule")
async def schedule(request: Request, portfolio_id: int) -> Response:
    app, _, form = await _change(request, portfolio_id)
    chosen = str(form.get("schedule") or "none")
    try:
        app.store.set_schedule(portfolio_id, chosen, next_run(chosen, utc_now()))
    except StoreError:
        raise messages.NotFound() from None
    return see(f"/portfolios/{portfolio_id}")


@router.get("/sites")
def site_page(request: Request, url: str) -> Response:
    app = context(request)
    user, csrf = page_user(request, app.store)
    try:
        view = site_history(app.store, url, language(request))
    except StoreError:
        raise messages.NotFound() from None
    return page(request, "site.html.j2", user=user, csrf=csrf, s=view)
