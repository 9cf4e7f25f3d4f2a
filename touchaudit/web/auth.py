"""Who is asking: a session cookie (the pages) or an API token (the JSON API), and the checks
every state-changing form passes (CSRF token) and every sign-in passes (rate limit).

Sessions live in the database (signing out or expiring ends them for real); the cookie holds a
random token, HttpOnly and SameSite=Lax. Each session has its own CSRF token, which every form
carries in a hidden field; the sign-in form, before any session, uses a double-submit cookie.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.datastructures import FormData
from starlette.responses import Response

from touchaudit.web.accounts import digest, new_token, same
from touchaudit.web.settings import ServerSettings
from touchaudit.web.store import WebStore
from touchaudit.web.tables import User

SESSION_COOKIE = "touchaudit_session"
LOGIN_COOKIE = "touchaudit_login"  # the sign-in form's CSRF token, before any session exists
bearer = HTTPBearer(auto_error=False, description="an API token from your account page")


class SignInRequired(Exception):
    """No valid session: pages answer with the sign-in page, the API with 401."""


class Forbidden(Exception):
    """Signed in, but not allowed (a viewer starting an audit, a form without its CSRF token)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason  # "role" | "csrf"
        super().__init__(reason)


class LoginLimiter:
    """Failed sign-ins, counted per account name (`rate`) and per client address (`address_rate`,
    looser: an office shares one address) in a moving window; over either, sign-in waits."""

    def __init__(self, rate: str, address_rate: str) -> None:
        self._name_rate, self._address_rate = parse(rate), parse(address_rate)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def allow(self, address: str, name: str) -> bool:
        return (self._limiter.test(self._name_rate, "name", name.lower())
                and self._limiter.test(self._address_rate, "address", address))

    def failed(self, address: str, name: str) -> None:
        self._limiter.hit(self._name_rate, "name", name.lower())
        self._limiter.hit(self._address_rate, "address", address)


def session_of(request: Request, store: WebStore) -> tuple[User, str] | None:
    token = request.cookies.get(SESSION_COOKIE)
    return store.session(digest(token)) if token else None


def page_user(request: Request, store: WebStore, *, edit: bool = False) -> tuple[User, str]:
    """(user, CSRF token) for a page; SignInRequired or Forbidden otherwise."""
    found = session_of(request, store)
    if found is None:
        raise SignInRequired()
    if edit and not found[0].can_edit:
        raise Forbidden("role")
    return found


async def form_user(request: Request, store: WebStore, *, edit: bool = True) -> tuple[User, FormData]:
    """The user behind a form post, after its CSRF token was checked."""
    user, csrf = page_user(request, store, edit=edit)
    form = await request.form()
    sent = form.get("csrf")
    if not isinstance(sent, str) or not same(sent, csrf):
        raise Forbidden("csrf")
    return user, form


def api_user(credentials: HTTPAuthorizationCredentials | None, store: WebStore, *, edit: bool = False) -> User:
    user = store.token_user(digest(credentials.credentials)) if credentials else None
    if user is None:
        raise HTTPException(401, "an API token is required: Authorization: Bearer <token>",
                            headers={"WWW-Authenticate": "Bearer"})
    if edit and not user.can_edit:
        raise HTTPException(403, "this account can read but not start audits or change portfolios")
    return user


def start_session(response: Response, store: WebStore, user: User, settings: ServerSettings) -> None:
    token = new_token()
    expires = datetime.now(UTC) + timedelta(hours=settings.session_hours)
    store.create_session(user.id, digest(token), new_token(), expires.strftime("%Y-%m-%dT%H:%M:%SZ"))
    response.set_cookie(SESSION_COOKIE, token, max_age=settings.session_hours * 3600, httponly=True,
                        samesite="lax", secure=settings.secure_cookies, path="/")
    response.delete_cookie(LOGIN_COOKIE, path="/login")


def end_session(request: Request, response: Response, store: WebStore) -> None:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        store.end_session(digest(token))
    response.delete_cookie(SESSION_COOKIE, path="/")


def login_token(request: Request) -> str:
    return request.cookies.get(LOGIN_COOKIE) or new_token()


def set_login_token(response: Response, token: str, settings: ServerSettings) -> None:
    response.set_cookie(LOGIN_COOKIE, token, max_age=3600, httponly=True, samesite="strict",
                        secure=settings.secure_cookies, path="/login")
