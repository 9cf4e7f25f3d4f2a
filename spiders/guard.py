"""The one guard every request passes before it is sent (a downloader middleware, touchaudit.settings).

Pages, the robots.txt Scrapy fetches for its rules, sitemaps, and every hop of a redirect chain
(Scrapy sends each hop through the middlewares again, with `redirect_urls` in its meta):

- stay on the audited site (touchaudit.sites.SiteScope: its registrable domain; an IP literal with
  its port). A redirect elsewhere ends at once with a reason, before anything is fetched from the
  other site, its robots.txt included (this runs before RobotsTxtMiddleware);
- never go round in a circle: the same URL twice in one redirect chain is a loop;
- only reach addresses touchaudit.netguard permits. The start host decides whether the site is a
  private one (allowed with TOUCHAUDIT_ALLOW_PRIVATE, the command line's default); a public site's
  names never lead to private, loopback, link-local, multicast or reserved addresses. Names are
  resolved by touchaudit.resolver, which pins each answer: the address checked here is the one
  connected to, and the resolver refuses the connection anyway should anything get past this.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Request
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.error import DNSLookupError

from touchaudit import netguard
from touchaudit.failures import GiveUpError
from touchaudit.resolver import lookup
from touchaudit.sites import readable

PAGE_KINDS = frozenset({"home", "page", "well_known"})  # the spider's own page requests (meta ta_kind)


class RequestGuard:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.allow_private = crawler.settings.getbool("TOUCHAUDIT_ALLOW_PRIVATE", True)
        self.offline = bool(crawler.settings.get("TOUCHAUDIT_REPLAY"))  # a replay asks no DNS
        self.registered = False

    @classmethod
    def from_crawler(cls, crawler: Any) -> RequestGuard:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        self._stay_on_site(request)
        if not self.offline:
            await self._check_addresses(request)

    def _stay_on_site(self, request: Request) -> None:
        chain: list[str] = request.meta.get("redirect_urls") or []
        what = _what(request)
        scope = getattr(self.crawler.spider, "scope", None)
        if scope is not None and not scope.contains(request.url):
            if chain:
                raise GiveUpError("offsite_redirect", f"{what} redirects to another site: {readable(request.url)}")
            raise GiveUpError("offsite_redirect", f"not requested: {readable(request.url)} is another site")
        if chain.count(request.url) >= 2:  # once may be a cookie check; twice is a circle
            hops = " → ".join(readable(u) for u in [*chain[:4], request.url])
            raise GiveUpError("redirect_loop", f"{what} redirects in a loop: {hops}")

    async def _check_addresses(self, request: Request) -> None:
        if not self.registered:
            self.registered = True
            await self._register_start()
        host = urlsplit(request.url).hostname or ""
        try:
            addresses = await maybe_deferred_to_future(lookup(host))
        except DNSLookupError:
            return  # the download itself fails and reports it ("dns")
        for ip in addresses:
            if not netguard.permits(host, ip):
                reason = netguard.REASONS[netguard.reason_for(ip) or "private"].format(host=host, ip=ip)
                rule = ("only public web sites are audited here" if not self.allow_private
                        else "a public site may not lead to private addresses")
                raise GiveUpError("blocked_address", f"{reason}: not requested ({rule})")

    async def _register_start(self) -> None:
        """A start host on a non-public address makes the site a private one, if the options allow."""
        start = getattr(self.crawler.spider, "start_url", "")
        host = urlsplit(start).hostname or ""
        if not host or not self.allow_private:
            return
        try:
            addresses = await maybe_deferred_to_future(lookup(host))
        except DNSLookupError:
            return
        if any(netguard.reason_for(ip) for ip in addresses):
            netguard.allow_private_site(host)


def _what(request: Request) -> str:
    kind = request.meta.get("ta_kind")
    if kind == "home":
        return "the home page"
    if kind in PAGE_KINDS:
        return "the page"
    return "robots.txt" if urlsplit(request.url).path == "/robots.txt" else "the sitemap"
