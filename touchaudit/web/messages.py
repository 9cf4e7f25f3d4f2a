"""What the app says when it refuses or fails, as whole catalogue sentences chosen by a code."""
from __future__ import annotations

from fastapi import Request
from starlette.responses import Response

from touchaudit.reports.i18n import N_
from touchaudit.sites import UrlError
from touchaudit.netguard import AddressBlockedError
from touchaudit.web.render import gettext, language, page
from touchaudit.web.service import LimitError

TEXTS = {
    "login_failed": N_("That name and password do not match an account."),
    "login_limited": N_("Too many sign-in attempts. Wait a minute and try again."),
    "bad_list": N_("The list of sites could not be read: %(detail)s"),
    "bad_url": N_("This is not a web address touchaudit can audit: %(detail)s"),
    "untitled": N_("Untitled portfolio"),
    "limit_user": N_("You already have as many audits queued or running as this server allows. Wait for one to finish."),
    "limit_queue": N_("The server's queue is full. Try again in a few minutes."),
    "csrf": N_("This form has expired or did not come from this site. Go back, reload the page and try again."),
    "role": N_("Your account can read audits but not start them or change portfolios. Ask an administrator."),
    "not_found": N_("There is nothing at this address. The link may be wrong, or the report is no longer shared."),
}
# Why an address is refused (touchaudit.netguard reasons), one whole sentence each.
REFUSED = {
    "unresolvable": N_("%(host)s does not resolve: check the address."),
    "loopback": N_("%(host)s resolves to %(ip)s, this machine's own (loopback) address. This server only audits shops on the public internet."),
    "link_local": N_("%(host)s resolves to %(ip)s, a link-local address, where cloud metadata services live. This server only audits shops on the public internet."),
    "multicast": N_("%(host)s resolves to %(ip)s, a multicast address. This server only audits shops on the public internet."),
    "reserved": N_("%(host)s resolves to %(ip)s, a reserved address. This server only audits shops on the public internet."),
    "private": N_("%(host)s resolves to %(ip)s, an address of a private network. This server only audits shops on the public internet."),
}


class NotFound(Exception):
    """Answered with the not-found page (or JSON 404 under /api)."""


def text(lang: str, code: str, **values: str) -> str:
    return gettext(lang, TEXTS[code], **values)


def refusal(lang: str, exc: Exception) -> tuple[int, str]:
    """(HTTP status, sentence) for a refused audit."""
    if isinstance(exc, AddressBlockedError):
        return 400, gettext(lang, REFUSED[exc.reason], host=exc.host, ip=exc.ip)
    if isinstance(exc, LimitError):
        return (429, text(lang, "limit_user")) if exc.reason == "user" else (503, text(lang, "limit_queue"))
    if isinstance(exc, UrlError):
        return 400, text(lang, "bad_url", detail=str(exc))
    raise exc


def forbidden(request: Request, reason: str) -> Response:
    return page(request, "message.html.j2", 403, message=text(language(request), reason))


def not_found(request: Request) -> Response:
    return page(request, "message.html.j2", 404, message=text(language(request), "not_found"))
