"""Pages in the visitor's language, from the report package's templates and catalogues.

The language is the `lang` cookie (set by the language switch), else the browser's
Accept-Language, else the server's `--lang` (English by default); only languages with a
catalogue are ever used.
"""
from __future__ import annotations

from functools import cache
from typing import Any

import jinja2
from fastapi import Request
from starlette.responses import HTMLResponse

from touchaudit.reports.i18n import (
    autonyms,
    available_languages,
    get_translations,
    make_environment,
)

LANG_COOKIE = "touchaudit_lang"


@cache
def environment(lang: str) -> jinja2.Environment:
    env: jinja2.Environment = make_environment(lang)
    return env


def language(request: Request) -> str:
    known = available_languages()
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in known:
        return str(chosen)
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in known:
            return code
    return str(request.app.state.touchaudit.settings.lang)


def gettext(lang: str, message: str, **values: Any) -> str:
    """One catalogue message, for text a route decides (errors, notices), never a fragment."""
    text = str(get_translations(lang).gettext(message))
    return text % values if values else text


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = language(request)
    values = {"user": None, "csrf": "", "lang": lang, "languages": autonyms(), "path": request.url.path,
              **context}
    html = environment(lang).get_template(f"web_{template}").render(**values)
    return HTMLResponse(html, status_code=status)
