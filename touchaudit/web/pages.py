"""The app's pages: sign-in, audit a shop, watch it, read and share the scorecard, API tokens.
Server-rendered; every form carries its CSRF token. Portfolios and site histories: portfolio_pages."""
from __future__ import annotations

from typing import Any, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from touchaudit.reports.formatting import human_date
from touchaudit.reports.i18n import available_languages
from touchaudit.sites import UrlError
from touchaudit.web import messages
from touchaudit.web.accounts import check_password, digest, new_token, same
from touchaudit.web.auth import (
    LOGIN_COOKIE,
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
from touchaudit.web.service import LimitError
from touchaudit.web.views import audit_view, progress_dict, site_link

router = APIRouter(include_in_schema=False)
T = TypeVar("T")


def see(url: str) -> RedirectResponse:
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
    cookie = request.cookies.get(LOGIN_COOKIE) or ""
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
    response = see(target)
    start_session(response, app.store, user, app.settings)
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    app = context(request)
    await form_user(request, app.store, edit=False)
    response = see("/login")
    end_session(request, response, app.store)
    return response


@router.get("/lang/{code}")
def choose_language(request: Request, code: str, next: str = "/") -> Response:
    response = see(_local(next))
    if code in available_languages():
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
        row = app.service.start_audit(user, url, report_lang if report_lang in available_languages() else None)
    except (UrlError, LimitError) as exc:
        _, csrf = page_user(request, app.store)
        status, text = messages.refusal(language(request), exc)
        return _home(request, app, user, csrf, status, text, url)
    return see(f"/audits/{row.public_id}")


def found(value: T | None) -> T:
    """The row a URL names, or the not-found page."""
    if value is None:
        raise messages.NotFound()
    return value


@router.get("/audits/{public_id}")
def audit_page(request: Request, public_id: str) -> Response:
    app = context(request)
    user, csrf = page_user(request, app.store)
    row = found(app.store.audit(public_id))
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
    row = found(app.store.audit(public_id))
    return JSONResponse(progress_dict(row, app.service.ahead(public_id)))


@router.get("/audits/{public_id}/report.{kind}")
def audit_download(request: Request, public_id: str, kind: str, lang: str | None = None) -> Response:
    app = context(request)
    page_user(request, app.store)
    row = found(app.store.audit(public_id))
    return download(app, row, kind, lang or row.lang or language(request))  # the language the audit asked for


@router.post("/audits/{public_id}/share")
async def share(request: Request, public_id: str) -> Response:
    app = context(request)
    _, form = await form_user(request, app.store)
    row = found(app.store.audit(public_id))
    app.store.set_share(row.public_id, new_token() if form.get("action") == "share" else None)
    return see(f"/audits/{row.public_id}")


@router.get("/s/{token}")
def shared_report(request: Request, token: str) -> Response:
    """A shared scorecard: no sign-in; the link is a 256-bit secret and stops working when revoked."""
    app = context(request)
    row = app.store.audit_by_share(token)
    if row is None or row.scan_id is None:
        raise messages.NotFound()
    return download(app, row, "html", row.lang or language(request))


# -- account: API tokens ----------------------------------------------------------------------------

@router.get("/account")
def account(request: Request) -> Response:
    app = context(request)
    user, csrf = page_user(request, app.store)
    return page(request, "account.html.j2", user=user, csrf=csrf, tokens=_tokens(request, app, user.id), new_token=None)


@router.post("/account/tokens")
async def create_token(request: Request) -> Response:
    app = context(request)
    user, form = await form_user(request, app.store, edit=False)
    token = new_token()
    app.store.create_token(user.id, str(form.get("name") or "API")[:80], digest(token))
    _, csrf = page_user(request, app.store)
    return page(request, "account.html.j2", user=user, csrf=csrf, tokens=_tokens(request, app, user.id), new_token=token)


def _tokens(request: Request, app: AppContext, user_id: int) -> list[tuple[int, str, str]]:
    """The account's tokens, each with the day it was created in the page's language."""
    lang = language(request)
    return [(token_id, name, human_date(created, lang)) for token_id, name, created in app.store.tokens(user_id)]


@router.post("/account/tokens/{token_id}/revoke")
async def revoke_token(request: Request, token_id: int) -> Response:
    app = context(request)
    user, _ = await form_user(request, app.store, edit=False)
    app.store.revoke_token(token_id, user.id)
    return see("/account")


def signin_redirect(request: Request) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return see("/login?next=" + quote(target, safe=""))
