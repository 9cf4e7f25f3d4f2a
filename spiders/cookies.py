"""Scrapy's cookie middleware with a bounded jar and the bundled public suffix list.

A shop that sets thousands of cookies made every later request carry them all (a 235 KB Cookie
header). A site's jar keeps at most MAX_COOKIES cookies of at most MAX_COOKIE_BYTES together
(RFC 6265 §6.1 asks user agents for at least 50 cookies per domain; 8 KB is the request-header
line most servers accept); later cookies are ignored, updates of kept ones still apply.
Scrapy's middleware asks tldextract whether a cookie's domain is a public suffix, and tldextract
downloads the suffix list on first use: here the list shipped with tldextract is used, so the
audited site is the only host touchaudit talks to.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from http.cookiejar import Cookie
from typing import Any

import tldextract
from scrapy.downloadermiddlewares.cookies import CookiesMiddleware
from scrapy.http.cookies import CookieJar
from scrapy.utils.httpobj import urlparse_cached

log = logging.getLogger(__name__)
MAX_COOKIES = 50
MAX_COOKIE_BYTES = 8 * 1024
_SUFFIXES = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


class BoundedCookies(CookiesMiddleware):
    def _process_cookies(self, cookies: Iterable[Cookie], *, jar: CookieJar, request: Any) -> None:
        hostname = urlparse_cached(request).hostname
        if hostname is None:
            return
        kept = {(c.domain, c.path, c.name): len(c.name) + len(c.value or "") for c in jar}
        for cookie in cookies:
            domain = cookie.domain.removeprefix(".")
            if domain and not _SUFFIXES(domain).domain:  # a public suffix: only for that exact host
                if domain != hostname.lower():
                    continue
                cookie.domain = hostname.lower()
            key = (cookie.domain, cookie.path, cookie.name)
            size = len(cookie.name) + len(cookie.value or "")
            total = sum(kept.values()) - kept.get(key, 0) + size
            if (key not in kept and len(kept) >= MAX_COOKIES) or total > MAX_COOKIE_BYTES:
                log.debug("cookie %s from %s ignored: the jar is full", cookie.name, hostname)
                continue
            kept[key] = size
            jar.set_cookie_if_ok(cookie, request)
