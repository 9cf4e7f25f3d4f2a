"""The one object a request handler needs: the store, the audit service, the settings, the limiter."""
from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from touchaudit.web.auth import LoginLimiter
from touchaudit.web.service import AuditService
from touchaudit.web.settings import ServerSettings
from touchaudit.web.store import WebStore


@dataclass(frozen=True)
class AppContext:
    store: WebStore
    service: AuditService
    settings: ServerSettings
    limiter: LoginLimiter


def context(request: Request) -> AppContext:
    ctx = request.app.state.touchaudit
    assert isinstance(ctx, AppContext)
    return ctx
