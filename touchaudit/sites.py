"""What belongs to one shop's site, and one spelling per URL.

Same registrable domain (tldextract, with its bundled suffix list: no network) and a subdomain that
is the home's own, www, or a help/support one; IP hosts must match host and port exactly.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import tldextract
from w3lib.url import canonicalize_url

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
SUPPORT_SUBDOMAINS = frozenset(
    {"", "www", "help", "ayuda", "support", "soporte", "atencion", "atencionalcliente", "ajuda", "faq", "m", "shop", "tienda", "store"}
)
_TRACKING = ("utm_", "gclid", "fbclid", "msclkid", "mc_cid", "mc_eid", "_ga", "_gl", "yclid", "igshid", "ref", "srsltid", "_pos", "_sid", "_ss", "_psq")


class UrlError(ValueError):
    """A string that cannot be audited as a web site address."""


def check_start_url(url: str) -> str:
    """Validate a user-given start URL; adds http(s) only when the scheme is missing entirely."""
    url = url.strip()
    if "://" not in url and not url.startswith("//"):
        url = "https://" + url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise UrlError(f"unsupported scheme {parts.scheme!r}: only http and https shops can be audited")
    if not parts.hostname or "." not in parts.hostname and parts.hostname != "localhost":
        raise UrlError(f"not a web address: {url!r}")
    try:
        parts.port
    except ValueError as exc:
        raise UrlError(f"bad port in {url!r}") from exc
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return host == "localhost"


@lru_cache(maxsize=4096)
def _split(host: str) -> tuple[str, str]:
    ext = _EXTRACT(host)
    return ext.subdomain, ext.top_domain_under_public_suffix if hasattr(ext, "top_domain_under_public_suffix") else ext.registered_domain


@dataclass(frozen=True)
class SiteScope:
    home: str

    @property
    def host(self) -> str:
        return (urlsplit(self.home).hostname or "").lower()

    def contains(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return False
        host = parts.hostname.lower()
        if _is_ip(self.host) or _is_ip(host):
            home = urlsplit(self.home)
            return host == self.host and (parts.port or _default_port(parts.scheme)) == (home.port or _default_port(home.scheme))
        if host == self.host:
            return True
        sub, domain = _split(host)
        home_sub, home_domain = _split(self.host)
        if not domain or domain != home_domain:
            return False
        return sub in SUPPORT_SUBDOMAINS or sub == home_sub or sub.split(".")[0] in SUPPORT_SUBDOMAINS


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def canonical(url: str) -> str:
    """One spelling per page: no fragment, sorted query, tracking parameters dropped."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.lower().startswith(_TRACKING)]
    cleaned = urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", urlencode(query), ""))
    return canonicalize_url(cleaned)
