"""What belongs to one shop's site, and one spelling per URL.

Same registrable domain (tldextract, with its bundled suffix list: no network) and a subdomain that
is the home's own, www, or a help/support one; IP hosts must match host and port exactly.
``localhost`` counts as a public suffix (RFC 6761), so ``www.tienda.localhost`` is the same site as
``tienda.localhost`` and ``otra.localhost`` is another one. A URL that cannot be parsed belongs to
no site. Session ids in URLs (``;jsessionid=``, ``?PHPSESSID=``, ``?sid=`` ...) are not part of a
page's identity: they are dropped before a request and when URLs are compared.
"""
from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import tldextract
from w3lib.url import canonicalize_url

from touchaudit.caches import URL_CACHE
from touchaudit.starturl import UrlError, check_start_url  # noqa: F401  (their home before starturl.py)

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, extra_suffixes=("localhost",))
SUPPORT_SUBDOMAINS = frozenset(
    {"", "www", "help", "ayuda", "support", "soporte", "atencion", "atencionalcliente", "ajuda", "faq", "m", "shop", "tienda", "store"}
)
# Query parameters that carry a session, not a page (PHP, Java, ColdFusion, osCommerce, Zen Cart...).
SESSION_PARAMS = frozenset(
    {"sessionid", "session_id", "sessid", "sid", "phpsessid", "jsessionid", "aspsessionid", "cfid", "cftoken",
     "oscsid", "zenid", "xtcsid", "ps_sessid", "sess"}
)
_PATH_SESSION = re.compile(r";(?:jsessionid|sessionid|sid|phpsessid)=[^/?#;]*", re.I)
_TRACKING = ("utm_", "gclid", "fbclid", "msclkid", "mc_cid", "mc_eid", "_ga", "_gl", "yclid", "igshid", "ref", "srsltid", "_pos", "_sid", "_ss", "_psq")


@lru_cache(maxsize=4096)
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


def registrable_domain(host: str) -> str:
    """``www.shop.co.uk`` -> ``shop.co.uk``; "" for a public suffix or an address."""
    return _split(host)[1]


@dataclass(frozen=True)
class SiteScope:
    home: str

    @cached_property  # asked for every link of every page
    def host(self) -> str:
        return _ascii_host(urlsplit(self.home).hostname or "") or ""

    def contains(self, url: str) -> bool:
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:  # "http://[::1", "http://shop:99999/": never requested
            return False
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return False
        host = _ascii_host(parts.hostname)
        if host is None:
            return False
        if _is_ip(self.host) or _is_ip(host):
            home = urlsplit(self.home)
            return host == self.host and (port or _default_port(parts.scheme)) == (home.port or _default_port(home.scheme))
        if host == self.host:
            return True
        sub, domain = _split(host)
        home_sub, home_domain = _split(self.host)
        if not domain or domain != home_domain:
            return False
        return sub in SUPPORT_SUBDOMAINS or sub == home_sub or sub.split(".")[0] in SUPPORT_SUBDOMAINS


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def _ascii_host(host: str) -> str | None:
    """The host as DNS sees it: lower case, IDNA (punycode) for non-ASCII names; None if impossible."""
    host = host.lower().rstrip(".")
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def without_session(url: str) -> str:
    """The URL without session ids (path parameters and query); everything else as it was."""
    if ";" not in url and "sess" not in url.lower() and "sid" not in url.lower():
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    path = _PATH_SESSION.sub("", parts.path)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if k.lower() not in SESSION_PARAMS]
    query = parts.query if len(kept) == len(pairs) else urlencode(kept)
    return urlunsplit((parts.scheme, parts.netloc, path, query, parts.fragment))


@lru_cache(maxsize=URL_CACHE)  # asked for every queued link and again when it is dispatched
def canonical(url: str) -> str:
    """One spelling per page: no fragment, sorted query, tracking parameters and session ids dropped."""
    try:
        parts = urlsplit(without_session(url))
    except ValueError:
        return url
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(_TRACKING) and k.lower() not in SESSION_PARAMS]
    cleaned = urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", urlencode(query), ""))
    try:
        return canonicalize_url(cleaned)
    except ValueError:
        return cleaned


def readable(url: str) -> str:
    """The URL with an IDNA (xn--) host shown in its own letters, for people; requests use the ASCII form."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return url
    if "xn--" not in host:
        return url
    try:
        shown = ".".join(label.encode("ascii").decode("idna") if label.startswith("xn--") else label
                         for label in host.split("."))
    except UnicodeError:
        return url
    netloc = parts.netloc.lower().replace(host, shown, 1)
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
