"""The focused crawl of one shop: home first, then the pages that matter, within a page budget.

The spider keeps its own frontier (a priority heap) and only a few requests in flight, so a
contact link found on page 3 still beats a category link found on page 1. It never scores.
"""
from __future__ import annotations

import heapq
import itertools
import logging
from collections import Counter
from typing import Any, AsyncIterator, Callable, Iterable, Iterator
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import HtmlResponse, Response
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

from touchaudit.archive.site import ArchivedSite
from touchaudit.failures import classify
from touchaudit.model import FailedPage, Role, Zone
from touchaudit.pages import decode
from touchaudit.pages import platform as platforms
from touchaudit.pages.reader import LinkTriple, PageJob, PageReader
from touchaudit.render import plan_for
from touchaudit.render.middleware import RAW_ITEM_META, RECORDED_META, render_request
from touchaudit.sites import SiteScope, canonical, check_start_url, readable, without_session
from touchaudit.spiders import ranking

log = logging.getLogger(__name__)
MAX_AUX_REQUESTS = 8  # robots.txt and sitemaps, outside the page budget
# Below the pages the home page links to: AutoThrottle spaces a site's first requests widest, and a
# sitemap fetched first delayed the contact and policy pages by one such interval on every site.
AUX_PRIORITY = 0
MAX_SITEMAP_URLS = 5000
MAX_SITEMAP_BYTES = 20 * 1024 * 1024  # unpacked; a .xml.gz bomb stops here
MAX_FRONTIER = 20_000  # queued URLs; beyond it the lowest-ranked half is dropped
MAX_PER_FAMILY = 2  # "other" pages differing only in numbers or query values (calendars, facets)
_ZONES = {zone.value: zone for zone in Zone}


class ShopSpider(scrapy.Spider):
    name = "shop"

    def __init__(self, url: str | None = None, *args: Any, reader: PageReader | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reader = reader or PageReader()  # a portfolio passes one that reads in worker processes
        if not url:
            raise ValueError("which shop? scrapy crawl shop -a url=https://shop.example/")
        self.start_url = check_start_url(url)
        self.final_url = self.start_url
        self.scope = SiteScope(self.start_url)
        self.platform: str | None = None
        self.home_failure: FailedPage | None = None
        self.budget = 40
        self.parallel = 4
        self.max_products = 4
        self.requested = 0
        self.in_flight = 0
        self.aux_requests = 0
        self.render_mode = "never"  # "auto" / "always" when pages may be rendered (touchaudit.render)
        self.render_budget = 0
        self.roles: Counter[Role] = Counter()
        self.archived: ArchivedSite | None = None  # replay: the archive is the site
        self.key_of: Callable[[str], str] = canonical  # one key per page, to fetch each once
        # (0, or 1 for a page the replayed archive lacks: never before one it holds), -priority, ...
        self._heap: list[tuple[int, int, int, str, Role, int, str]] = []
        self._seq = itertools.count()
        self._done: set[str] = set()
        self._families: Counter[str] = Counter()
        self._robots: dict[str, Response] = {}  # host -> the robots.txt response Scrapy fetched
        self._links_seen: dict[LinkTriple, int] = {}  # (url, text, zone) -> shallowest depth

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> "ShopSpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.budget = settings.getint("TOUCHAUDIT_PAGE_BUDGET", 40)
        spider.parallel = max(1, settings.getint("TOUCHAUDIT_PARALLEL", 4))
        spider.max_products = settings.getint("TOUCHAUDIT_MAX_PRODUCTS", 4)
        spider.archived = ArchivedSite.from_settings(settings)
        if spider.archived is not None:
            spider.key_of = spider.archived.key
        plan = plan_for(settings)
        spider.render_mode, spider.render_budget = (plan.mode, plan.budget) if plan.active else ("never", 0)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider.on_response, signal=signals.response_received)
        return spider

    def on_response(self, response: Response, request: scrapy.Request, **_: Any) -> None:
        """Keep the robots.txt Scrapy fetched for its own rules: its Sitemap lines are read from it
        instead of fetching the same file a second time (one request less per site, early on,
        when AutoThrottle spaces requests widest)."""
        if request.meta.get("dont_obey_robotstxt") and urlsplit(response.url).path == "/robots.txt":
            self._robots[urlsplit(response.url).netloc] = response

    @property
    def max_other(self) -> int:
        return max(4, self.budget // 3)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self._done.add(self.key_of(self.start_url))
        self.requested += 1
        self.in_flight += 1
        if self.archived is not None:
            self._queue_archived(self.archived)
        yield self._request(self.start_url, ranking.PRIORITY_HOME, Role.HOME, 0, "home")

    def _request(self, url: str, priority: int, role: Role, depth: int, kind: str) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_page,
            errback=self.on_error,
            priority=priority,
            dont_filter=True,
            meta={"ta_kind": kind, "ta_role": role, "ta_depth": depth},
        )

    # -- frontier ---------------------------------------------------------------------------

    def push(self, url: str, priority: int, role: Role, depth: int, kind: str = "page") -> None:
        """Queue a link; URLs that cannot be parsed, other sites and other schemes are never requested."""
        url = without_session(url)
        if not self.scope.contains(url) or not ranking.worth_fetching(url):
            return
        key = self.key_of(url)
        if key not in self._done:
            missing = int(self.archived is not None and not self.archived.holds(url))
            heapq.heappush(self._heap, (missing, -priority, next(self._seq), url, role, depth, kind))
            if len(self._heap) > MAX_FRONTIER:  # an endless link space must not grow memory
                self._heap = heapq.nsmallest(MAX_FRONTIER // 2, self._heap)

    def follow(self, links: Iterable[LinkTriple], page_depth: int) -> None:
        """Queue a page's links. Site-wide menus repeat on every page: a link already queued from
        the same depth or shallower (so at the same or a higher priority) is not ranked again."""
        depth = page_depth + 1
        seen = self._links_seen
        if len(seen) > MAX_FRONTIER:
            seen.clear()  # only a shortcut: forgetting costs a little time, never a page
        for link in links:
            if seen.get(link, depth + 1) <= depth:
                continue
            seen[link] = depth
            url, text, zone = link
            rank = ranking.rank_link(url, text, _ZONES[zone], page_depth)
            self.push(url, rank.priority, rank.role, depth)

    def _queue_archived(self, archived: ArchivedSite) -> None:
        """Replay: every archived HTML page of the site is a candidate, ranked as a link from the
        home page, so a capture whose pages do not link to each other is audited in full."""
        for url, title in archived.pages(self.scope):
            rank = ranking.rank_archived(url, title)
            self.push(url, rank.priority, rank.role, 1)

    def dispatch(self) -> Iterator[scrapy.Request]:
        """Requests for the best queued URLs while the budget and the in-flight limit allow."""
        while self._heap and self.in_flight < self.parallel and self.requested < self.budget:
            _, neg, _, url, role, depth, kind = heapq.heappop(self._heap)
            key = self.key_of(url)
            if key in self._done:
                continue
            if role is Role.PRODUCT and self.roles[role] >= self.max_products:
                continue
            if role is Role.OTHER and self.roles[role] >= self.max_other:
                continue
            family = ranking.family(canonical(url))
            if role is Role.OTHER and self._families[family] >= MAX_PER_FAMILY:
                continue
            self._families[family] += 1
            self._done.add(key)
            self.roles[role] += 1
            self.requested += 1
            self.in_flight += 1
            yield self._request(url, -neg, role, depth, kind)

    def on_idle(self, spider: scrapy.Spider) -> None:
        """Safety net: whatever left the engine without a callback, the frontier goes on."""
        self.in_flight = 0
        scheduled = False
        for request in self.dispatch():
            self.crawler.engine.crawl(request)
            scheduled = True
        if scheduled:
            raise DontCloseSpider

    # -- pages ------------------------------------------------------------------------------

    async def parse_page(self, response: Response) -> AsyncIterator[Any]:
        self.in_flight -= 1
        meta = response.meta
        is_home = meta.get("ta_kind") == "home"
        recorded = meta.get(RECORDED_META)  # a rendered DOM: the raw page was read before
        if is_home and recorded is None:
            for request in self._adopt_home(response):
                yield request
        failure = self._unreadable(response, is_home)
        if failure is None and not is_home and not self.scope.contains(response.url):
            asked = response.request.url if response.request else response.url
            failure = FailedPage(asked, "offsite_redirect", f"redirects to another site: {readable(response.url)}")
        if failure is None:
            self._done.add(self.key_of(response.url))
            if self.reader.remote:
                # the page is read in a worker process meanwhile: keep the site's downloads going
                # with the best URLs known so far instead of idling until its links are back
                for request in self.dispatch():
                    yield request
            read = await self.reader.read(PageJob(
                url=response.request.url if response.request else response.url,
                final_url=response.url,
                status=response.status,
                body=response.body,
                encoding=response.encoding,  # type: ignore[attr-defined]
                content_language=response.headers.get(b"Content-Language", b"").decode("latin-1") or None,
                depth=meta.get("ta_depth", 0),
                is_home=is_home,
                platform=self.platform,
                render="never" if recorded is not None else self.render_mode,
                recorded=recorded,
            ))
            if read.render and self.render_budget > 0:
                self.render_budget -= 1  # the page is read again rendered; its raw links are known now
                self.in_flight += 1
                yield render_request(response, read.render, read.item, self.parse_page, self.on_render_error)
                self.follow(read.links, meta.get("ta_depth", 0))
            elif isinstance(read.item, FailedPage):
                failure = read.item
            else:
                yield read.item
                self.follow(read.links, meta.get("ta_depth", 0))
        if failure is not None:
            if is_home:
                self.home_failure = failure
            yield failure
        for request in self.dispatch():
            yield request

    def _unreadable(self, response: Response, is_home: bool) -> FailedPage | None:
        """A failure for a response that is no web page: another type, or binary bytes called text/html."""
        ctype = (response.headers.get(b"Content-Type") or b"").decode("latin-1") or "unknown type"
        page = "the home page is " if is_home else ""
        if not isinstance(response, HtmlResponse):
            return FailedPage(response.url, "non_html", f"{page}not an HTML page ({ctype})")
        if decode.looks_binary(response.body, response.encoding):
            return FailedPage(response.url, "non_html", f"{page}binary data served as {ctype}, not a web page")
        return None

    def _adopt_home(self, response: Response) -> Iterator[scrapy.Request]:
        """The home page decides the site's identity (after redirects) and its platform."""
        self.final_url = response.url
        if not self.scope.contains(response.url):
            self.scope = SiteScope(response.url)
        self.platform = platforms.detect(response.body) if isinstance(response, HtmlResponse) else None
        for path in platforms.WELL_KNOWN_PATHS.get(self.platform or "", ()):
            url = urljoin(response.url, path)
            guessed = ranking.rank_sitemap_url(url)
            self.push(url, ranking.PRIORITY_WELL_KNOWN, guessed.role, 1, kind="well_known")
        robots = self._robots.get(urlsplit(response.url).netloc)
        if robots is not None:
            yield from self.parse_robots(robots)
        else:  # robots.txt ignored (--ignore-robots), or not fetched for this host
            yield self._aux(urljoin(response.url, "/robots.txt"), self.parse_robots, robots=True)

    def on_render_error(self, failure: Any) -> Iterator[Any]:
        """Rendering failed: the page is a failed page, and what its raw HTML gave still counts.
        A replay whose archive holds no rendered copy reads the raw page, as a live audit
        without a browser would."""
        self.in_flight -= 1
        request = failure.request
        kind, detail = classify(failure)
        raw = request.meta.get(RAW_ITEM_META)
        if kind == "not_in_archive":
            items = [raw]
        elif isinstance(raw, FailedPage):  # a shell: nothing but the failure to report
            items = [FailedPage(request.url, kind, detail)]
        else:
            items = [raw, FailedPage(request.url, kind, detail)]
        if request.meta.get("ta_kind") == "home" and isinstance(items[0], FailedPage):
            self.home_failure = items[0]
        yield from items
        yield from self.dispatch()

    def on_error(self, failure: Any) -> Iterator[Any]:
        self.in_flight -= 1
        request = failure.request
        kind, detail = classify(failure)
        meta = request.meta
        url = (meta.get("redirect_urls") or [request.url])[0]  # the URL asked for, not the last hop
        if kind == "robots":
            self.requested -= 1  # a disallowed page costs no budget
        if meta.get("ta_kind") == "well_known" and kind.startswith("http_4"):
            log.debug("well-known path absent: %s", request.url)
        else:
            record = FailedPage(url, kind, detail)
            if meta.get("ta_kind") == "home":
                self.home_failure = record
            yield record
        yield from self.dispatch()

    # -- robots.txt and sitemaps (outside the page budget) -----------------------------------

    def _aux(self, url: str, callback: Any, robots: bool = False) -> scrapy.Request:
        self.aux_requests += 1
        return scrapy.Request(
            url, callback=callback, errback=self.on_aux_error, dont_filter=True, priority=AUX_PRIORITY,
            meta={"ta_kind": "aux", "dont_obey_robotstxt": robots},
        )

    def parse_robots(self, response: Response) -> Iterator[Any]:
        text = response.text if hasattr(response, "text") and response.status == 200 else ""
        sitemaps = [line.split(":", 1)[1].strip() for line in text.splitlines() if line.lower().startswith("sitemap:")]
        for url in (sitemaps or [urljoin(self.final_url, "/sitemap.xml")])[:3]:
            if self.aux_requests < MAX_AUX_REQUESTS and self.scope.contains(url):
                yield self._aux(url, self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        body = response.body
        if body[:2] == b"\x1f\x8b":
            try:
                body = gunzip(body, max_size=MAX_SITEMAP_BYTES)
            except (OSError, ValueError) as exc:  # ValueError: a gzip bomb, stopped at the limit
                log.info("sitemap not read: %s: %s", readable(response.url), "larger than 20 MB unpacked"
                         if isinstance(exc, ValueError) else "not a valid gzip file")
                return
        try:
            sitemap = Sitemap(body)
        except Exception:  # not XML: an HTML 200 "soft 404" is common
            return
        entries = [e.get("loc", "") for e in itertools.islice(sitemap, MAX_SITEMAP_URLS)]
        if sitemap.type == "sitemapindex":
            for loc in sorted(entries, key=ranking.sitemap_priority, reverse=True):
                if self.aux_requests >= MAX_AUX_REQUESTS:
                    break
                if self.scope.contains(loc):
                    yield self._aux(loc, self.parse_sitemap)
        else:
            for loc in entries:
                rank = ranking.rank_sitemap_url(loc)
                self.push(loc, rank.priority, rank.role, 1)
        yield from self.dispatch()

    def on_aux_error(self, failure: Any) -> Iterator[Any]:
        url = failure.request.url
        log.debug("robots/sitemap fetch failed: %s", url)
        if url.endswith("/robots.txt") and self.aux_requests < MAX_AUX_REQUESTS:
            yield self._aux(urljoin(self.final_url, "/sitemap.xml"), self.parse_sitemap)
        yield from self.dispatch()
