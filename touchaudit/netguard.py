"""Which addresses touchaudit may connect to: one rule for every request it makes (no SSRF).

A shop is untrusted: its robots.txt, sitemaps, redirects or DNS records could point the crawler at
the machine it runs on or at its network (``http://169.254.169.254/latest/meta-data/``). The rule:

- an address that is not public (loopback, private, link-local, multicast, reserved, unspecified)
  may be connected to only for a site *registered* as private: its start address resolved to such
  an address and its options allow it (`AuditOptions.allow_private`: true on the command line, for
  audits of local test shops; false on a hosted server). Names are registered by registrable
  domain (``shop.localhost`` covers ``www.shop.localhost``), IP literals exactly;
- the rule is applied to resolved addresses, at connection time (touchaudit.resolver), so a name
  that later resolves elsewhere (DNS rebinding) gains nothing, and before each request with a
  reason a person can read (touchaudit.spiders.guard, which also keeps every request, redirect hop
  and robots.txt/sitemap fetch on the audited site).

`check_url` is the same rule for callers outside a crawl (a web form refusing a submitted address).
"""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from touchaudit.starturl import UrlError, check_start_url

LOOPBACK = "127.0.0.1"
NEVER_RESOLVED = ("invalid", "onion")  # RFC 6761 §6.4, RFC 7686: answered "no such name" locally
REASONS = {
    "unresolvable": "{host} does not resolve",
    "loopback": "{host} resolves to {ip}, a loopback address (this machine)",
    "link_local": "{host} resolves to {ip}, a link-local address (where cloud metadata services live)",
    "multicast": "{host} resolves to {ip}, a multicast address",
    "reserved": "{host} resolves to {ip}, a reserved address",
    "private": "{host} resolves to {ip}, a private network address",
}
_private_sites: set[str] = set()  # site keys allowed to resolve to non-public addresses


class AddressBlockedError(UrlError):
    """An address touchaudit will not connect to; `reason` is a key of REASONS (for translations)."""

    def __init__(self, reason: str, host: str, ip: str = "") -> None:
        self.reason, self.host, self.ip = reason, host, ip
        super().__init__(REASONS[reason].format(host=host, ip=ip) + ": only public web sites are audited here")


def reason_for(ip: str) -> str | None:
    """Why an address is off limits (a REASONS key), or None for a public one."""
    address = ipaddress.ip_address(ip.split("%")[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link_local"
    if address.is_multicast:
        return "multicast"
    if address.is_unspecified or address.is_reserved:
        return "reserved"
    if address.is_private or not address.is_global:
        return "private"
    return None


def local_answer(name: str) -> list[str] | None:
    """Addresses known without asking DNS: an IP literal itself, 127.0.0.1 for ``localhost`` and
    ``*.localhost`` (RFC 6761 §6.3), none for ``.invalid``/``.onion``; None: ask DNS."""
    host = name.lower().rstrip(".").strip("[]")
    try:
        return [str(ipaddress.ip_address(host.split("%")[0]))]
    except ValueError:
        pass
    tld = host.rsplit(".", 1)[-1]
    if tld == "localhost":
        return [LOOPBACK]
    if tld in NEVER_RESOLVED:
        return []
    return None


def resolve(host: str, port: int = 443) -> list[str]:
    """Every address of `host`, blocking (for callers outside the crawl's reactor)."""
    local = local_answer(host)
    if local is not None:
        return local
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    return list(dict.fromkeys(str(info[4][0]).split("%")[0] for info in infos))


def public_host(host: str, port: int = 443) -> bool:
    """Does `host` resolve, and only to public addresses? (blocking; for callers outside the crawl)"""
    addresses = resolve(host, port)
    return bool(addresses) and not any(reason_for(a) for a in addresses)


def guard_key(host: str) -> str:
    """What registration covers: an IP literal exactly, a name by its registrable domain."""
    from touchaudit.sites import registrable_domain

    host = host.lower().rstrip(".").strip("[]")
    try:
        return str(ipaddress.ip_address(host.split("%")[0]))
    except ValueError:
        pass
    try:
        host = host.encode("idna").decode("ascii")  # requests carry the punycode form
    except UnicodeError:
        pass
    return registrable_domain(host) or host


def allow_private_site(host: str) -> None:
    """Let this site's names connect to non-public addresses (its options allow private sites)."""
    _private_sites.add(guard_key(host))


def permits(host: str, ip: str) -> bool:
    """May a connection to `host` go to address `ip`?"""
    return reason_for(ip) is None or guard_key(host) in _private_sites


def check_url(url: str, allow_private: bool) -> str:
    """The normalised start URL if touchaudit may audit it, else an error saying why.

    Raises UrlError for something that is no web address (a typo, credentials, a bad port), and,
    when `allow_private` is False (a hosted server), AddressBlockedError when the host does not
    resolve or resolves to any address that is not public: with one public and one private
    address the crawl could get either. Resolving is blocking (the system resolver; local names
    answered as the crawl answers them). With `allow_private` True nothing is resolved here.
    """
    url = check_start_url(url)
    if allow_private:
        return url
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    addresses = resolve(host, parts.port or (443 if parts.scheme == "https" else 80))
    if not addresses:
        raise AddressBlockedError("unresolvable", host)
    for address in addresses:
        reason = reason_for(address)
        if reason:
            raise AddressBlockedError(reason, host, address)
    return url
