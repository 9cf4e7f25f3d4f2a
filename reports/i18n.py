"""Report languages: one gettext catalogue per language, loaded from ``locale/<lang>.po``.

Adding a language is only a new .po file: languages are discovered from the package data (and
from the folder ``TOUCHAUDIT_LOCALE_DIR`` names, so a translator can try a catalogue without
reinstalling), and an unknown one falls back to English so a report is always produced.
"""
from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import jinja2
from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from touchaudit.message import N_, Message, msg

PACKAGE = "touchaudit.reports"
FALLBACK = "en"
LOCALE_DIR_ENV = "TOUCHAUDIT_LOCALE_DIR"  # a folder of extra <lang>.po files, read after the package's
_LANG_RE = re.compile(r"^[a-z]{2,3}(?:_[A-Z]{2})?$")


@cache
def _locale_dir() -> Traversable:
    return resources.files(PACKAGE).joinpath("locale")


def _catalogue_files() -> dict[str, Traversable]:
    """language -> its .po file; a file in TOUCHAUDIT_LOCALE_DIR replaces the packaged one."""
    return _catalogues_in(_locale_dir(), os.environ.get(LOCALE_DIR_ENV))


@cache  # asked for every sentence of every report: the folders are listed once per process
def _catalogues_in(packaged: Any, extra: str | None) -> dict[str, Traversable]:  # Any: a hashable Traversable
    folders: list[Traversable] = [packaged]
    if extra and os.path.isdir(extra):
        folders.append(Path(extra))
    found: dict[str, Traversable] = {}
    for folder in folders:
        for entry in folder.iterdir():
            code = entry.name[: -len(".po")]
            if entry.name.endswith(".po") and _LANG_RE.match(code):
                found[code] = entry
    return found


def available_languages() -> tuple[str, ...]:
    """Languages that have a catalogue, sorted; the CLI offers them as --lang choices."""
    return tuple(sorted(_catalogue_files()))


def resolve_language(lang: str | None) -> str:
    """The catalogue to use for ``lang``: exact match, then its base language, then English.

    This is also the default report language for a site: its own language when a catalogue
    exists for it, else English.

    Normalises ``es-MX``/``es_mx`` to ``es_MX`` and never lets a caller-supplied value reach
    the file system unless it looks like a language tag.
    """
    if not lang:
        return FALLBACK
    parts = lang.replace("-", "_").split("_")
    tag = parts[0].lower() + ("_" + parts[1].upper() if len(parts) > 1 else "")
    known = available_languages()
    for candidate in (tag, parts[0].lower()):
        if _LANG_RE.match(candidate) and candidate in known:
            return candidate
    return FALLBACK


@cache
def get_translations(lang: str) -> Translations:
    """A gettext-compatible object for ``lang`` (resolved); compiled once per process."""
    code = resolve_language(lang)
    with _catalogue_files()[code].open("rb") as handle:
        catalog = read_po(handle, locale=code if _babel_knows(code) else None)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain="touchaudit")


def babel_locale(lang: str) -> str:
    """A locale Babel can format dates and numbers in; English when it has no data for ``lang``."""
    code = resolve_language(lang)
    return code if _babel_knows(code) else FALLBACK


@cache
def _babel_knows(code: str) -> bool:
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return False
    return True


def make_environment(lang: str, *, autoescape: bool = True,
                     finalize: Callable[[Any], Any] | None = None) -> jinja2.Environment:
    """A Jinja2 environment for report templates, translated into ``lang``.

    Autoescaping is on for ``.html.j2`` (and by default for anything else), undefined names
    raise instead of rendering as empty, and ``{% trans %}`` blocks are whitespace-trimmed so
    msgids are stable across template re-indentation. ``finalize`` runs on every printed
    expression: the Markdown renderer escapes with it, as autoescape does for HTML.
    """
    escape: bool | object = (
        jinja2.select_autoescape(
            enabled_extensions=("html", "htm", "xml", "html.j2", "xml.j2"),
            disabled_extensions=("md.j2", "txt.j2"),
            default_for_string=True,
            default=True,
        )
        if autoescape
        else False
    )
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(PACKAGE, "templates"),
        autoescape=escape,  # type: ignore[arg-type]
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(get_translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


def autonyms() -> dict[str, str]:
    """Each available language named in itself ("Español", "Português"), for language menus;
    a language Babel has no name for is shown by its code."""
    names = {}
    for code in available_languages():
        name = language_name(code, code) if _babel_knows(code) else None
        names[code] = name[:1].upper() + name[1:] if name else code
    return names


def language_name(code: Any, lang: str) -> str | None:
    """"pl" in the words of the report language ("Polish", "polaco"); None when Babel has no name."""
    try:
        name = Locale.parse(str(code)).get_display_name(babel_locale(lang))
    except (UnknownLocaleError, ValueError, TypeError):
        return None
    return name or None


# The fixed vocabulary of report labels.  They live next to the loader (not in templates) so
# every renderer (HTML, Markdown, terminal) uses the same msgids; view.py picks among them.
CATEGORY_NAMES = {
    "contact": N_("Contact"), "alternatives": N_("Alternatives"), "promises": N_("Promises"),
    "trust": N_("Trust"), "etiquette": N_("Etiquette"),
}
STATUS_LABELS = {
    "fail": N_("Fail"), "partial": N_("Partial"), "error": N_("Could not check"),
    "pass": N_("Pass"), "not_applicable": N_("Not applicable"),
}
STATUS_SYMBOLS = {"fail": "✗", "partial": "◐", "error": "!", "pass": "✓", "not_applicable": "–"}
SCAN_LABELS = {
    "ok": N_("Complete"), "partial": N_("Incomplete"), "unreachable": N_("Unreachable"),
    "blocked": N_("Blocked"), "error": N_("Failed"),
}
SCAN_SYMBOLS = {"ok": "✓", "partial": "◐", "unreachable": "✗", "blocked": "⊘", "error": "!"}
SCAN_EXPLANATIONS = {
    "ok": N_("The crawl finished normally."),
    "partial": N_("The crawl finished, but some pages could not be fetched, so the results may "
                  "miss things that are on the site."),
    "unreachable": N_("The site could not be reached, so nothing could be audited."),
    "blocked": N_("The site refused our crawler (robots.txt or an access block), so little or "
                  "nothing could be audited."),
    "error": N_("The crawl stopped because of an error in the tool, so nothing could be "
                "audited."),
}
ERROR_KINDS = {
    "timeout": N_("The page took too long to answer."),
    "dns": N_("The domain name could not be resolved."),
    "refused": N_("The server refused the connection."),
    "tls": N_("The secure connection (HTTPS certificate) failed."),
    "http_404": N_("The page does not exist (HTTP 404)."),
    "http_500": N_("The server had an internal error (HTTP 500)."),
    "robots": N_("robots.txt asks crawlers not to fetch this page."),
    "non_html": N_("The address is not a web page (for example a PDF or an image)."),
    "too_large": N_("The page was too large to download."),
    "offsite_redirect": N_("The page redirects to another website."),
    "redirect_loop": N_("The page redirects in a loop."),
    "not_in_archive": N_("This is a replay: the archive holds no copy of this page, so it was "
                         "not checked (the live site may still have it)."),
    "needs_rendering": N_("The page is an empty JavaScript shell: it needs a browser to show its content."),
    "site_timeout": N_("The site's time budget ran out before this page was fetched."),
    "http_429": N_("The server asked to slow down (HTTP 429)."),
    "http_403": N_("The server refused access (HTTP 403)."),
    "connection": N_("The connection broke before the page arrived."),
    "read_crashed": N_("Reading this page ended the process reading it, twice: the page was left out."),
    "render_timeout": N_("The page did not finish rendering in the browser in time (a script never "
                         "finished); what its HTML showed was audited."),
    "render_failed": N_("The browser failed while rendering the page; what its HTML showed was audited."),
    "truncated": N_("The page arrived incomplete: the server closed the connection before sending all of it."),
    "blocked_address": N_("Not requested: the address belongs to a private or local network, which this "
                          "audit does not visit."),
}
# A shell page when no browser rendered it: how to enable rendering (crawl_view picks one).
NEEDS_BROWSER = N_("The page is an empty JavaScript shell and no browser was found to render it: "
                   "install Chromium (for example apt-get install chromium) or give its path with "
                   "--browser PATH, then audit again.")
RENDERING_OFF = N_("The page is an empty JavaScript shell and rendering was off (--render never): "
                   "audit again with --render auto to render it in Chromium.")
HTTP_STATUS = N_("The server answered with HTTP status %(code)s.")


def failure_message(kind: str, render: Any = None) -> Message:
    """Why a page (or the scan) failed, in words; for a shell page nobody rendered, how to have it
    rendered (``render``: the scan's render summary)."""
    if kind == "needs_rendering" and isinstance(render, Mapping) and not render.get("active"):
        off = render.get("mode") == "never"
        return msg(RENDERING_OFF if off else NEEDS_BROWSER)
    if kind in ERROR_KINDS:
        return msg(ERROR_KINDS[kind])
    code = re.fullmatch(r"http_(\d{3})", kind)
    return msg(HTTP_STATUS, code=code.group(1)) if code else msg(ERROR_OTHER)


# How a piece of evidence was seen, when not in the HTML as sent (Evidence.seen).
ERROR_OTHER = N_("The page could not be fetched.")
ROLE_LABELS = {
    "home": N_("Home page"), "contact": N_("Contact"), "shipping": N_("Shipping"),
    "returns": N_("Returns"), "legal": N_("Legal notice"), "terms": N_("Terms and conditions"),
    "privacy": N_("Privacy"), "faq": N_("FAQ"), "about": N_("About us"),
    "payment": N_("Payment"), "warranty": N_("Warranty"), "product": N_("Product"),
    "other": N_("Other"),
}
ZONE_LABELS = {
    "header": N_("Header"), "nav": N_("Navigation"), "main": N_("Main content"),
    "footer": N_("Footer"),
}
FACT_LABELS = {
    "numbers": N_("Phone numbers"), "click_to_call": N_("Click-to-call link"),
    "toll_free": N_("Toll-free number"), "in_header_or_footer": N_("In header or footer"),
    "addresses": N_("Addresses"), "structured": N_("Structured data (schema.org)"),
    "emails": N_("E-mail addresses"), "channels": N_("Channels"), "providers": N_("Providers"),
    "contact_url": N_("Contact page"), "share_of_pages_linking": N_("Share of pages linking to it"),
    "methods": N_("Payment methods"), "installments": N_("Instalments"),
    "card_brands": N_("Card brands"), "options": N_("Shipping options"),
    "free_shipping_threshold": N_("Free shipping from"), "url": N_("Page"),
    "window_days": N_("Return window (days)"), "free_returns": N_("Free returns"),
    "promises": N_("Promises"), "hours_text": N_("Opening hours"),
    "always_open": N_("Always open (24/7)"), "kinds": N_("Kinds"), "company": N_("Company"),
    "tax_ids": N_("Tax or registration ids"), "legal_pages": N_("Legal pages"),
    "caps_ratio": N_("Share of text in capitals"), "examples": N_("Examples"),
    "count": N_("How many"), "words": N_("Words of body text"), "map_link": N_("Map link"),
    "mailto": N_("mailto: link"), "linked_from_home": N_("Linked from the home page"),
}
# Fact values drawn from the spec's vocabularies are shown in words, in facts with these names.
VOCAB_FACTS = frozenset({"channels", "methods", "options", "kinds"})
VOCAB_LABELS = {
    "phone": N_("phone"), "email": N_("e-mail"), "contact_form": N_("contact form"),
    "live_chat": N_("live chat"), "whatsapp": N_("WhatsApp"), "messenger": N_("Messenger"),
    "telegram": N_("Telegram"), "sms": N_("SMS"), "video_call": N_("video call"),
    "callback": N_("callback request"), "social": N_("social networks"),
    "card": N_("card"), "paypal": N_("PayPal"), "bank_transfer": N_("bank transfer"),
    "cash_on_delivery": N_("cash on delivery"), "cash": N_("cash"),
    "installments": N_("instalments"), "apple_pay": N_("Apple Pay"),
    "google_pay": N_("Google Pay"), "bizum": N_("Bizum"), "mercado_pago": N_("Mercado Pago"),
    "pix": N_("Pix"), "boleto": N_("Boleto"), "oxxo": N_("OXXO"), "klarna": N_("Klarna"),
    "cheque": N_("cheque"), "crypto": N_("cryptocurrency"), "store_credit": N_("store credit"),
    "standard": N_("standard"), "express": N_("express"), "same_day": N_("same day"),
    "store_pickup": N_("store pickup"), "pickup_point": N_("pickup point"),
    "international": N_("international"), "free_shipping": N_("free shipping"),
    "scheduled": N_("scheduled delivery"), "warranty": N_("warranty"),
    "money_back": N_("money back"), "satisfaction": N_("satisfaction guarantee"),
    "price_match": N_("price match"), "secure_purchase": N_("purchase protection"),
    "click_to_call": N_("tap-to-call"),
}
# How a piece of evidence was seen, and what became of the page a link points to.
SEEN_LABELS = {
    "hidden": N_("hidden in the HTML, shown by the page's scripts"),
    "rendered": N_("rendered"),
}
# Where a piece of evidence was read when not in the page's text (Evidence.via).
VIA_LABELS = {
    "schema": N_("in the page's schema.org data"), "image": N_("an image's file name or text"),
    "markup": N_("a class or id in the page's markup"), "script": N_("a script the page loads"),
    "form": N_("a form's fields"),
}
NOTE_LABELS = {
    "link_not_read": N_("the page it links to was not read in this scan"),
    "link_broken": N_("the page it links to does not exist: the link is broken"),
}
YES, NO = N_("yes"), N_("no")
NOT_STATED = N_("not stated")
NONE_FOUND = N_("none found")
ROBOTS_OBEYED = N_("robots.txt was obeyed: pages it disallows were not fetched.")
ROBOTS_IGNORED = N_("robots.txt was ignored for this scan, at the operator's request.")
NO_SCORE_SCAN = N_("This site could not be audited, so it has no score.")
NO_SCORE_NO_CHECKS = N_("No checks were run, so there is no score.")
NO_SCORE_ALL_ERRORS = N_("None of the checks could run, so there is no score.")
NO_SCORE_OTHER = N_("No overall score was given for this audit.")
# A check that reads words, on a page in a language touchaudit does not read (facts.reason).
NOT_READ_CHECK = N_("Not judged: touchaudit does not read %(language)s yet, and this check needs to read the page's "
                    "words.")
NOT_READ_REPORT = N_("touchaudit does not read %(language)s yet: these checks need to read the page's words and were "
                     "not judged: %(checks)s.")
UNKNOWN_LANGUAGE = N_("this language")
# Lighthouse's bands: the colour of a score always comes with its number and one of these words.
BAND_LABELS = {"good": N_("Good"), "average": N_("Needs work"), "poor": N_("Poor")}
