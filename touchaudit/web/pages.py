"""The app's pages: sign-in, audit a shop, watch it, read and share the scorecard, portfolios,
site histories, API tokens. Server-rendered; every form carries its CSRF token."""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from touchaudit.history.rows import StoreError
from touchaudit.portfolio.sitelist import SiteListError, parse_sites
from touchaudit.sites import UrlError
from touchaudit.web import messages
from touchaudit.web.accounts import check_password, digest, new_token, same
from touchaudit.web.auth import (
    end_session,
    form_user,
    login_token,
    page_user,
    set_login_token,
    start_session,
)
from touchaudit.web.context import AppContext, context
from touchaudit.web.downloads import download
from touchaudit.web.render import LANG_COOKIE, language, page
from touchaudit.web.schedule import next_run
from touchaudit.web.service import LimitError
from touchaudit.web.tables import SCHEDULES
from touchaudit.web.views import (
    audit_view,
    portfolio_dashboard,
    progress_dict,
    run_items,
    site_history,
    site_link,
)

router = APIRouter(include_in_schema=False)


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _local(target: str | None) -> str:
    """Only paths of this app are followed after sign-in (no open redirect)."""
    return target if target and target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


# -- sign-in ----------------------------------------------------------------------------------------

@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    app = context(request)
    token = login_token(request)
    response = page(request, "login.html.j2", login_csrf=token, next=_local(next), error=None,
                    no_accounts=app.store.count_users() == 0)
    set_login_token(response, token, app.settings)
    return response


@router.post("/login")
async def login(request: Request) -> Response:
    app = context(request)
    form = await request.form()
    name, password, sent = (str(form.get(k) or "") for k in ("name", "password", "csrf"))
    target = _local(str(form.get("next") or "/"))
    cookie = request.cookies.get("touchaudit_login") or ""
    if not cookie or not same(sent, cookie):
        return messages.forbidden(request, "csrf")
    lang = language(request)
    address = request.client.host if request.client else "?"
    if not app.limiter.allow(address, name):
        return page(request, "login.html.j2", 429, login_csrf=cookie, next=target, no_accounts=False,
                    error=messages.text(lang, "login_limited"))
    user = check_password(app.store, name, password)
    if user is None:
        app.limiter.failed(address, name)
        return page(request, "login.html.j2", 401, login_csrf=cookie, next=target, no_accounts=False,
                    error=messages.text(lang, "login_failed"))
    response = _see(target)
    start_session(response, app.store, user, app.settings)
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    app = context(request)
    await form_user(request, app.store, edit=False)
    response = _see("/login")
    end_session(request, response, app.store)
    return response


@router.get("/lang/{code}")
def choose_language(request: Request, code: str, next: str = "/") -> Response:
    response = _see(_local(next))
    if code in ("es", "en"):
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 86400, samesite="lax", path="/")
    return response


# -- audits -----------------------------------------------------------------------------------------

@router.get("/")
def home(request: Request) -> Response:
    app = context(request)
    user, csrf = page_user(request, app.store)
    return _home(request, app, user, csrf)


def _home(request: Request, app: AppContext, user: Any, csrf: str, status: int = 200, error: str | None = None,
          url: str = "") -> Response:
    lang = language(request)
    audits = [audit_view(row, lang, None) for row in app.store.recent_audits()]
    return page(request, "home.html.j2", status, user=user, csrf=csrf, audits=audits, error=error, url=url)


@router.post("/audits")
async def start_audit(request: Request) -> Response:
    app = context(request)
    user, form = await form_user(request, app.store)
    url = str(form.get("url") or "")
    report_lang = str(form.get("lang") or "") or None
    try:
        row = app.service.start_audit(user, url, report_lang if report_lang in ("es", "en") else None)
    except (UrlError, LimitError) as exc:
        _, csrf = page_user(request, app.store)
        status, text = messages.refusal(language(request), exc)
        return _home(request, app, user, csrf, status, text, url)
    return _see(f"/audits/{row.public_id}")


def _audit_or_404(request: Request, app: AppContext, public_id: str) -> Any:
    row = app.store.audit(public_id)
    if row is None:
        raise messages.NotFound()
    return row


@router.get("/audits/{public_id}")
def audit_page(request: Request, public_id: str) -> Response:
    app = context(request)
    user, csrf = page_user(request, app.store)
    row = _audit_or_404(request, app, public_id)
    result = app.store.result(row.scan_id) if row.scan_id is not None else None
    lang = language(request)
    view = audit_view(row, lang, app.service.ahead(public_id), result)
    share = str(request.base_url).rstrip("/") + f"/s/{row.share_token}" if row.share_token else None
    return page(request, "audit.html.j2", user=user, csrf=csrf, a=view, share_url=share,
                history=site_link(row.url), has_warc=app.service.warc_path(row) is not None)


@router.get("/audits/{public_id}/progress")
def audit_progress(request: Request, public_id: str) -> Response:
    """What the progress page's script polls (the same fields as the API's audit status)."""
    app = context(request)
    page_user(request, app.store)
    row = _audit_or_404(request, app, public_id)
    return JSONResponse(progress_dict(row, app.service.ahead(public_id)))


@router.get("/audits/{public_id}/report.{kind}")
def audit_download(request: Request, public_id: str, kind: str, lang: str | None = None) -> Response:
    app = context(request)
    page_user(request, app.store)
    return download(app, _audit_or_404(request, app, public_id), kind, lang or language(request))


@router.post("/audits/{public_id}/share")
async def share(request: Request, public_id: str) -> Response:
    app = context(request)
    _, form = await form_user(request, app.store)
    row = _audit_or_404(request, app, public_id)
    app.store.set_share(row.public_id, new_token() if form.get("action") == "share" else None)
    return _see(f"/audits/{row.public_id}")


@router.get("/s/{token}")
def shared_report(request: Request, token: str) -> Response:
    """A shared scorecard: no sign-in; the link is a 256-bit secret and stops working when revoked."""
    app = context(request)
    row = app.store.audit_by_share(token)
    if row is None or row.scan_id is None:
        raise messages.NotFound()
    return download(app, row, "html", row.lang or language(request))


# -- portfolios -------------------------------------------------------------------------------------

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
    return _see(f"/portfolios/{portfolio_id}")


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


def _portfolio_or_404(app: AppContext, portfolio_id: int) -> Any:
    found = app.store.portfolio(portfolio_id)
    if found is None:
        raise messages.NotFound()
    return found


@router.get("/portfolios/{portfolio_id}")
def portfolio_page(request: Request, portfolio_id: int) -> Response:
    app = context(request)
    user, csrf = page_user(request, app.store)
    return _portfolio(request, app, user, csrf, portfolio_id)


def _portfolio(request: Request, app: AppContext, user: Any, csrf: str, portfolio_id: int, status: int = 200,
               error: str | None = None) -> Response:
    lang = language(request)
    portfolio = _portfolio_or_404(app, portfolio_id)
    runs = app.store.portfolio_runs(portfolio_id)
    latest = runs[0] if runs else None
    running = [audit_view(row, lang, app.service.ahead(row.public_id)) for row in app.store.run_audits(latest[0])] \
        if latest and latest[1] == "running" else []
    finished = next((run for run in runs if run[1] == "done"), None)
    dashboard = portfolio_dashboard(app.store, finished[0], lang) if finished else None
    return page(request, "portfolio.html.j2", status, user=user, csrf=csrf, p=portfolio, runs=run_items(runs, lang),
                sites=app.store.portfolio_sites(portfolio_id), running=running, v=dashboard, schedules=SCHEDULES,
                error=error, site_link=site_link)


@router.post("/portfolios/{portfolio_id}/sites")
async def add_sites(request: Request, portfolio_id: int) -> Response:
    app = context(request)
    user, form = await form_user(request, app.store)
    _portfolio_or_404(app, portfolio_id)
    lang = language(request)
    try:
        entries = await _uploaded_sites(form)
    except SiteListError as exc:
        _, csrf = page_user(request, app.store)
        return _portfolio(request, app, user, csrf, portfolio_id, 400, messages.text(lang, "bad_list", detail=str(exc)))
    bad = [entry for entry in entries if entry.error]
    for entry in entries:
        if not entry.error:
            app.store.add_site(portfolio_id, entry.url, entry.name)
    if bad:
        _, csrf = page_user(request, app.store)
        return _portfolio(request, app, user, csrf, portfolio_id, 400,
                          messages.text(lang, "bad_list", detail=f"{bad[0].url}: {bad[0].error}"))
    return _see(f"/portfolios/{portfolio_id}")


@router.post("/portfolios/{portfolio_id}/sites/remove")
async def remove_site(request: Request, portfolio_id: int) -> Response:
    app = context(request)
    _, form = await form_user(request, app.store)
    app.store.remove_site(_portfolio_or_404(app, portfolio_id).id, str(form.get("url") or ""))
    return _see(f"/portfolios/{portfolio_id}")


@router.post("/portfolios/{portfolio_id}/run")
async def run_portfolio(request: Request, portfolio_id: int) -> Response:
    app = context(request)
    user, _ = await form_user(request, app.store)
    _portfolio_or_404(app, portfolio_id)
    try:
        app.service.start_portfolio_run(user, portfolio_id)
    except (UrlError, LimitError) as exc:
        _, csrf = page_user(request, app.store)
        status, text = messages.refusal(language(request), exc)
        return _portfolio(request, app, user, csrf, portfolio_id, status, text)
    return _see(f"/portfolios/{portfolio_id}")


@router.post("/portfolios/{portfolio_id}/schedule")
async def schedule(request: Request, portfolio_id: int) -> Response:
    app = context(request)
    _, form = await form_user(request, app.store)
    _portfolio_or_404(app, portfolio_id)
    chosen = str(form.get("schedule") or "none")
    from touchaudit.history.store import utc_now

    try:
        app.store.set_schedule(portfolio_id, chosen, next_run(chosen, utc_now()))
    except StoreError:
        raise messages.NotFound() from None
    return _see(f"/portfolios/{portfolio_id}")


@router.get("/sites")
def site_page(request: Request, url: str) -> Response:
    app = context(request)
    user, csrf = page_user(request, app.store)
    try:
        view = site_history(app.store, url, language(request))
    except StoreError:
        raise messages.NotFound() from None
    return page(request, "site.html.j2", user=user, csrf=csrf, s=view)


# -- account: API tokens ----------------------------------------------------------------------------

@router.get("/account")
def account(request: Request) -> Response:
    app = context(request)
    user, csrf = page_user(request, app.store)
    return page(request, "account.html.j2", user=user, csrf=csrf, tokens=app.store.tokens(user.id), new_token=None)


@router.post("/account/tokens")
async def create_token(request: Request) -> Response:
    app = context(request)
    user, form = await form_user(request, app.store, edit=False)
    token = new_token()
    app.store.create_token(user.id, str(form.get("name") or "API")[:80], digest(token))
    _, csrf = page_user(request, app.store)
    return page(request, "account.html.j2", user=user, csrf=csrf, tokens=app.store.tokens(user.id), new_token=token)


@router.post("/account/tokens/{token_id}/revoke")
async def revoke_token(request: Request, token_id: int) -> Response:
    app = context(request)
    user, _ = await form_user(request, app.store, edit=False)
    app.store.revoke_token(token_id, user.id)
    return _see("/account")


def signin_redirect(request: Request) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return _see("/login?next=" + quote(target, safe=""))
