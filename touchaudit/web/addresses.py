"""Which shop addresses a hosted server may crawl: never its own network (no SSRF).

One function, `check_public`, resolves the host the way the crawl will and refuses private,
loopback, link-local (169.254.0.0/16: cloud metadata endpoints), multicast, reserved and
unspecified addresses. The crawl-level guard (every request and redirect checked after DNS
resolution) is another layer; this one answers the form at once, with a reason the UI can say.
"""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from twisted.internet.error import DNSLookupError

from touchaudit.resolver import local_answer
from touchaudit.sites import UrlError, check_start_url

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# reason code -> English text (the web UI says the same through its catalogue, by code)
REASONS = {
    "unresolvable": "{host} does not resolve",
    "loopback": "{host} resolves to {ip}, a loopback address (this machine)",
    "link_local": "{host} resolves to {ip}, a link-local address (where cloud metadata services live)",
    "multicast": "{host} resolves to {ip}, a multicast address",
    "reserved": "{host} resolves to {ip}, a reserved address",
    "private": "{host} resolves to {ip}, a private network address",
}


class AddressRefusedError(UrlError):
    """A shop address this server will not crawl: `reason` is a key of REASONS."""

    def __init__(self, reason: str, host: str, ip: str = "") -> None:
        self.reason, self.host, self.ip = reason, host, ip
        super().__init__(REASONS[reason].format(host=host, ip=ip) + ": this server only audits public web sites")


def _reason(ip: IPAddress) -> str | None:
    """Why an address is off limits, or None for a public one."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return _reason(ip.ipv4_mapped)
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link_local"
    if ip.is_multicast:
        return "multicast"
    if ip.is_unspecified or ip.is_reserved:
        return "reserved"
    if ip.is_private or not ip.is_global:
        return "private"
    return None


def _addresses(host: str, port: int) -> list[str]:
    try:
        local = local_answer(host)  # *.localhost, .invalid, .onion: answered as the crawl answers them
    except DNSLookupError:
        raise AddressRefusedError("unresolvable", host) from None
    if local is not None:
        return [local]
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise AddressRefusedError("unresolvable", host) from None
    return [str(info[4][0]).split("%")[0] for info in infos]


def check_public(url: str, allow_private: bool = False) -> str:
    """The normalised start URL; AddressRefusedError if it resolves to any non-public address.

    Every address the name resolves to must be public: with one public and one private address
    the crawl could get either.
    """
    url = check_start_url(url)
    if allow_private:
        return url
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    for address in _addresses(host, parts.port or (443 if parts.scheme == "https" else 80)):
        reason = _reason(ipaddress.ip_address(address))
        if reason:
            raise AddressRefusedError(reason, host, address)
    return url
