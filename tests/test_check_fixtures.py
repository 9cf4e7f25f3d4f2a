"""Every check against its data cases: tests/fixtures/checks/<id>/<status>_<region>_<what>.html.

Each file goes through the real page builder (Scrapy's parsed tree, as in a crawl) into a
one-page site assembled as a crawl assembles it (language, country from the page's own signals);
the file name states the expected status (`not_applicable_...` included: a check that reads words
on a page in a language touchaudit does not read, such as `_pl_`). The region token picks
the shop's domain: a ccTLD decides how national phone numbers are read, "com" is a generic
domain where the page itself must say which country the shop is in.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from touchaudit.model import SiteSnapshot, Status
from touchaudit.pages.builder import build_page
from touchaudit.registry import CheckOptions, get
from touchaudit.runner import run_check
from touchaudit.snapshot import CrawlOutcome

CASES_DIR = Path(__file__).parent / "fixtures" / "checks"
CASES = sorted(CASES_DIR.glob("*/*.html"))
HOSTS = {"es": "tienda-lumen.es", "mx": "tienda-lumen.com.mx", "ar": "tienda-lumen.com.ar",
         "en": "acme-goods.com", "uk": "acme-goods.co.uk", "com": "lumen-store.com", "pt": "loja-lumen.pt", "ie": "harbour-tools.ie",
         "br": "loja-lumen.com.br", "de": "lumen-laden.de", "fr": "boutique-lumen.fr", "it": "negozio-lumen.it",
         "pl": "sklep-lumen.pl", "sk": "obchod-lumen.sk"}


def name_parts(path: Path) -> tuple[Status, str]:
    """(expected status, region token) from "<status>_<region>_<what>"."""
    stem = path.stem
    status = Status.NOT_APPLICABLE if stem.startswith("not_applicable_") else Status(stem.split("_")[0])
    return status, stem[len(status.value) + 1:].split("_")[0]


def one_page_site(path: Path) -> SiteSnapshot:
    """The case as the shop's home page; a case named "..._product_page..." as a product page."""
    home = f"https://{HOSTS[name_parts(path)[1]]}/"
    url = home + "products/item" if "product_page" in path.stem else home
    response = HtmlResponse(url=url, body=path.read_bytes(), encoding="utf-8")
    page = build_page(url=url, final_url=url, status=200, root=response.selector.root, body=response.body,
                      is_home=url == home)
    return CrawlOutcome(url=home, final_url=home, pages=(page,), failures=(), home_failure=None, platform=None,
                        budget=1, robots_ignored=False, country=None, started_at="", finished_at="").snapshot()


@pytest.mark.parametrize("path", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_check_case(path: Path) -> None:
    expected = name_parts(path)[0]
    site = one_page_site(path)
    check = get(path.parent.name)  # through the runner, which owns not_applicable for unread languages
    outcome = run_check(check, site, CheckOptions(country=site.country), check.meta.weight)
    assert outcome.status is expected, (outcome.status, dict(outcome.facts))
    if expected in (Status.PASS, Status.PARTIAL):
        assert outcome.evidence, "a pass or partial must carry evidence"
        assert all(ev.url == site.pages[0].final_url and ev.snippet for ev in outcome.evidence)


def test_every_check_has_spanish_and_english_pass_and_fail_cases() -> None:
    from touchaudit.registry import all_checks

    for check in all_checks():
        names = {p.stem for p in (CASES_DIR / check.meta.id).glob("*.html")}
        for status in ("pass", "fail"):
            for lang in (("es", "mx", "ar"), ("en", "uk")):
                assert any(n.split("_")[0] == status and n.split("_")[1] in lang for n in names), (check.meta.id, status, lang)


def test_phone_traps_yield_no_numbers() -> None:
    for path in sorted((CASES_DIR / "phone").glob("fail_*.html")):
        site = one_page_site(path)
        facts = get("phone").run(site, CheckOptions(country=site.country)).facts
        assert facts["numbers"] == [], (path.name, facts["numbers"])
