"""A user-given shop address, checked before anything is crawled or stored.

A typo must be a usage error naming the problem (exit 2, or that row's error in a portfolio), not
a crawl that fails later or an exception that stops a whole list. Credentials in a URL are refused
outright: touchaudit never sends them and never writes them anywhere (reports, CSV, history).
"""
from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit, urlunsplit

_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")
_USERINFO = re.compile(r"^((?:[A-Za-z][A-Za-z0-9+.-]*:)?//)?[^/?#]*@")
_SPACE = re.compile(r"[\s\x00-\x1f\x7f]")


class UrlError(ValueError):
    """A string that cannot be audited as a web site address."""


def redact(url: str) -> str:
    """The URL without a `user:password@` part, for messages and error rows (never shown or stored)."""
    return _USERINFO.sub(r"\1***@", url, count=1)


def is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%")[0])
        return True
    except ValueError:
        return False


def valid_host(host: str) -> bool:
    """A DNS name (IDNA for non-ASCII letters) with a dot or `localhost`, or an IP address."""
    if is_ip(host):
        return True
    host = host.rstrip(".")
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        return False
    labels = ascii_host.lower().split(".")
    if len(ascii_host) > 253 or not all(_LABEL.match(label) for label in labels):
        return False
    return len(labels) > 1 or labels[0] == "localhost"


def check_start_url(url: str) -> str:
    """Validate a user-given start URL; adds https:// only when the scheme is missing entirely."""
    url = url.strip()
    shown = redact(url)
    if not url:
        raise UrlError("empty address: give the shop's address, e.g. https://shop.example/")
    if _SPACE.search(url):
        raise UrlError(f"not a web address: {shown!r} contains spaces or control characters")
    if "://" not in url and not url.startswith("//"):
        url = "https://" + url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:  # "http://[::1/", "http://shop.example:99999/"
        raise UrlError(f"not a web address: {shown!r} ({exc})") from None
    if parts.scheme not in ("http", "https"):
        raise UrlError(f"unsupported scheme {parts.scheme!r}: only http and https shops can be audited")
    if parts.username is not None or parts.password is not None:
        raise UrlError(f"{shown!r} contains a user name or password: touchaudit never sends or stores "
                       "credentials; give the address without 'user:password@'")
    if not parts.hostname or not valid_host(parts.hostname):
        raise UrlError(f"not a web address: {shown!r} has no valid host name")
    if port == 0:
        raise UrlError(f"not a web address: {shown!r} has port 0")
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))
