"""The web app: FastAPI (for the JSON API's OpenAPI docs at /docs, served offline) on Starlette,
with server-rendered pages from the report templates, wired to one store and one audit service."""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.responses import JSONResponse, Response

from touchaudit import __version__
from touchaudit.history.rows import ScanMissingError
from touchaudit.reports.dashboard import SORTER
from touchaudit.web import api, messages, pages, portfolio_pages
from touchaudit.web.auth import Forbidden, LoginLimiter, SignInRequired
from touchaudit.web.context import AppContext
from touchaudit.web.guards import BodyLimit, SecurityHeaders
from touchaudit.web.schedule import Scheduler
from touchaudit.web.service import AuditService
from touchaudit.web.settings import ServerSettings
from touchaudit.web.store import WebStore, open_web_store


def create_app(settings: ServerSettings, store: WebStore | None = None) -> FastAPI:
    store = store or open_web_store(settings.db)
    dispatcher = None
    if settings.broker:
        from touchaudit.fleet.dispatch import FleetDispatcher

        dispatcher = FleetDispatcher(settings.broker, settings.max_queue)
    service = AuditService(store, settings, dispatcher)
    scheduler = Scheduler(service.run_due, settings.schedule_tick)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        scheduler.start()
        try:
            yield
        finally:
            scheduler.stop()
            service.close()
            store.close()

    app = FastAPIOffline(title="touchaudit", version=__version__, redoc_url=None, lifespan=lifespan,
                         description="Audit the personal touch of online shops. Authenticate with an API token "
                                     "(Authorization: Bearer …) created on your account page.")
    app.state.touchaudit = AppContext(store, service, settings, LoginLimiter(settings.login_limit, settings.login_address_limit))
    app.include_router(pages.router)
    app.include_router(portfolio_pages.router)
    app.include_router(api.router)
    app.mount("/static", StaticFiles(packages=[("touchaudit.web", "static")]), name="static")

    @app.get("/static-app/sort.js", include_in_schema=False)
    def sorter() -> Response:  # the dashboard's own table sorter, as a file the CSP allows
        return Response(SORTER, media_type="text/javascript")

    @app.exception_handler(SignInRequired)
    def sign_in(request: Request, _: Exception) -> Response:
        return pages.signin_redirect(request)

    @app.exception_handler(Forbidden)
    def forbidden(request: Request, exc: Exception) -> Response:
        return messages.forbidden(request, exc.reason if isinstance(exc, Forbidden) else "role")

    @app.exception_handler(messages.NotFound)
    @app.exception_handler(ScanMissingError)  # an audit whose scan `history --prune` removed
    def missing(request: Request, _: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "not found"}, status_code=404)
        return messages.not_found(request)

    app.add_middleware(BodyLimit, limit=settings.max_body)
    app.add_middleware(SecurityHeaders)
    return app
