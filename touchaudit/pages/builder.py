"""One parsed tree -> one PageRecord: visible text by zone, links, images, forms, scripts, schema.org.

The tree is the one Scrapy's selector already built for link extraction (perf-notes: parse once).
One iterative walk, so deeply nested markup cannot exhaust the stack; a tree the parser cut at its
depth limit is parsed again flattened (touchaudit.pages.flatten) so no text is silently lost.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.etree as etree

from touchaudit.caches import URL_CACHE
from touchaudit.model import Form, FormField, Image, Link, PageRecord, Role, Zone
from touchaudit.pages import flatten, roles, structured, widgets, zones
from touchaudit.pages.country import locale_region
from touchaudit.text import emails, language
from touchaudit.text.normalize import squash

_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "select", "math", "canvas"})
_BLOCK = frozenset(
    "address article aside blockquote br dd div dl dt fieldset figcaption figure footer form h1 h2 h3 "
    "h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul button label option".split()
)
log = logging.getLogger(__name__)
MAX_TEXT = 300_000
MAX_LINKS = 1500  # per zone, so a header mega-menu can't push the footer's links out
MAX_IMAGES = 400
MAX_FORMS = 30
MAX_SCRIPTS = 150
_CF_PROTECTED = "/cdn-cgi/l/email-protection#"


def build_page(
    *,
    url: str,
    final_url: str,
    status: int,
    root: Any,
    body: bytes,
    content_language: str | None = None,
    depth: int = 0,
    is_home: bool = False,
    platform: str | None = None,
    html: str | None = None,
) -> PageRecord:
    """`html` is the decoded page (Scrapy's response.text), needed only to re-parse a too-deep tree."""
    walker = _Walker(final_url)
    walker.walk(root)
    if flatten.truncated(walker.max_depth):
        root, walker = _reparsed(root, walker, html if html is not None else body.decode("utf-8", "replace"), final_url)
    walker.collect_embeds(root)
    text = {z.value: t for z, parts in walker.text.items() if (t := _tidy(parts))}
    hidden_text = {z.value: t for z, parts in walker.hidden_text.items() if (t := _tidy(parts))}
    title = squash(" ".join(root.xpath("//title//text()"))[:300]) if root is not None else ""
    heading = squash(" ".join(root.xpath("(//h1)[1]//text()"))[:300]) if root is not None else ""
    items = structured.extract(root, body, final_url)
    has_product = any(structured.type_names(i) & {"Product", "ProductGroup"} for i in items)
    declared = root.get("lang") or root.get("xml:lang") or content_language if root is not None else None
    return PageRecord(
        url=url,
        final_url=final_url,
        status=status,
        title=title,
        language=language.decide(declared, text.get(Zone.MAIN.value, "") + "\n" + text.get(Zone.FOOTER.value, "")),
        role=roles.guess_role(final_url, title, heading, is_home=is_home, has_product=has_product),
        text=text,
        links=tuple(walker.links),
        images=tuple(walker.images),
        forms=tuple(walker.forms),
        scripts=tuple(dict.fromkeys(walker.scripts)),
        iframes=tuple(dict.fromkeys(walker.iframes)),
        classes=tuple(sorted(walker.classes)),
        structured=items,
        platform=platform,
        depth=depth,
        hidden_text=hidden_text,
        locale=_locale(root, declared, final_url),
    )


def _locale(root: Any, declared: str | None, final_url: str) -> str | None:
    """The first language tag with a region the page declares: <html lang>, Content-Language,
    og:locale, or the hreflang of the alternate link that points at this very page."""
    if root is None:
        return None
    candidates = [declared, *root.xpath("//meta[@property='og:locale']/@content")[:1]]
    bare = final_url.rstrip("/")
    for link in root.xpath("//link[@hreflang][@href]")[:60]:
        if link.get("href", "").rstrip("/") == bare:
            candidates.append(link.get("hreflang"))
    for tag in candidates:
        if tag and locale_region(tag.strip()):
            return tag.strip().replace("_", "-")[:16]
    return None


def top_nodes(root: Any) -> list[Any]:
    """Every top-level element of the parse. A page that closes </html> early (server-side
    includes) makes libxml2 put the rest of the page in sibling <html> nodes after the first."""
    if root is None:
        return []
    before = [el for el in root.itersiblings(preceding=True) if isinstance(el.tag, str)]
    after = [el for el in root.itersiblings() if isinstance(el.tag, str)]
    return [*reversed(before), root, *after]


def _reparsed(root: Any, walker: _Walker, html: str, base: str) -> tuple[Any, _Walker]:
    """The first flattened parse that is no longer cut, else the one that kept most text."""
    best, best_chars = (root, walker), walker.chars()
    for tree in flatten.flattened_trees(html):
        again = _Walker(base)
        again.walk(tree)
        if again.chars() > best_chars:
            best, best_chars = (tree, again), again.chars()
        if not flatten.truncated(again.max_depth):
            break
    if best[0] is not root:
        log.warning("%s: markup nested past the parser's depth limit; read again flattened", base)
    return best


def _tidy(parts: list[str]) -> str:
    lines = (squash(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)[:MAX_TEXT]


def _hidden(el: Any) -> bool:
    """Hidden in the HTML: scripts show it (accordions, tabs, menus, responsive duplicates)."""
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    if not style:
        return False
    style = style.replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


_CONSENT_PARTS = frozenset({"consent", "gdpr", "cookiebot", "cookienotice", "cookiebanner", "cookielaw", "cookiebar",
                            "cookieconsent"})
_COOKIE_BANNER_PARTS = frozenset({"notice", "banner", "bar", "law", "popup", "modal", "message", "alert", "warning",
                                  "accept", "policy", "notification", "disclaimer", "overlay"})
_CONSENT_PREFIXES = ("onetrust", "cybotcookiebot", "cmplz", "cc-window", "cc_banner", "didomi", "usercentrics")
_PAGE_TAGS = frozenset({"html", "body", "main", "header", "footer", "nav"})


_CONSENT_HINT = re.compile(r"cook|consent|gdpr|onetrust|cybotcookiebot|cmplz|didomi|usercentrics|cc-window|cc_banner")


def _consent(tag: str, marker: str) -> bool:
    """A cookie or consent banner (`marker`: the element's lower-cased id and classes): it names
    payment and analytics vendors, not the shop's own ways to pay or to be reached, so it is not
    read at all."""
    if tag in _PAGE_TAGS or not _CONSENT_HINT.search(marker):
        return False
    for token in marker.split():
        parts = set(token.replace("_", "-").split("-"))
        if token.startswith(_CONSENT_PREFIXES) or _CONSENT_PARTS & parts or (
                parts & {"cookie", "cookies"} and parts & _COOKIE_BANNER_PARTS):
            return True
    return False


def _icon_word(tag: str, el: Any) -> str | None:
    """What an empty icon shows as a word: a WhatsApp glyph (<i class="fa fa-whatsapp">, an
    image alt "WhatsApp") before a number is the label a person reads."""
    if tag in ("i", "span", "em") and len(el) == 0:
        marker = el.get("class") or ""
    elif tag == "img":
        marker = el.get("alt") or ""
    else:
        return None
    return "WhatsApp" if "whatsapp" in marker.lower() else None


def _glued(before: str, after: str) -> bool:
    """Would two texts from adjacent elements run into one word? "pago seguro|Pago con tarjeta",
    an icon glyph "1|Avenida", "Tel|912...": yes. A word split by markup ("env|ío", "H|ola"),
    digits ("1|.299") and punctuation ("info|@|shop.com") keep joining as a browser shows them."""
    if not (before.isalnum() and after.isalnum()):
        return False
    if before.isdigit():
        return not after.isdigit()
    return not after.islower()


class _Walker:
    def __init__(self, base: str) -> None:
        self.base = base
        self.origin = _origin(base)  # a path-absolute href ("/contacto") depends on nothing else
        self.text: dict[Zone, list[str]] = {z: [] for z in Zone}
        self.hidden_text: dict[Zone, list[str]] = {z: [] for z in Zone}
        self.links: list[Link] = []
        self.link_counts = {z: 0 for z in Zone}
        self.images: list[Image] = []
        self.forms: list[Form] = []
        self.scripts: list[str] = []
        self.iframes: list[str] = []
        self.classes: set[str] = set()
        self.max_depth = 0
        self.boundary = False  # an inline element started or ended since the last text

    def chars(self) -> int:
        """Visible characters read, whitespace aside (a flattened parse adds line breaks)."""
        return sum(len("".join(part.split())) for parts in self.text.values() for part in parts)

    def abs(self, href: str) -> str:
        """The absolute URL; "" for one that cannot be parsed ("http://[::1"), which no check or request sees."""
        href = href.strip()
        if _CF_PROTECTED in href:
            address = emails.decode_cfemail(href.rsplit("#", 1)[-1])
            return f"mailto:{address}" if address else ""
        if href.lower().startswith(("tel:", "mailto:", "sms:", "callto:", "whatsapp:", "javascript:", "data:")):
            return href if _parses(href) else ""
        try:
            if self.origin and href.startswith("/") and not href.startswith("//"):
                return _join(self.origin, href)  # menus repeat site-wide: one join per site, not per page
            return urljoin(self.base, href)
        except ValueError:
            return ""

    def add(self, zone: Zone, hidden: bool, text: str) -> None:
        if not text:
            return
        parts = (self.hidden_text if hidden else self.text)[zone]
        if self.boundary:
            self.boundary = False
            if parts and _glued(parts[-1][-1], text[0]):
                parts.append(" ")
        parts.append(text)

    def walk(self, root: Any) -> None:
        for top in top_nodes(root):
            self._walk(top)

    def _walk(self, root: Any) -> None:
        # zone, in_section, skipping (never read), hidden (read apart: scripts show it)
        stack: list[tuple[Zone, bool, bool, bool]] = [(Zone.MAIN, False, False, False)]
        walker = etree.iterwalk(root, events=("start", "end", "comment"))
        for event, el in walker:
            if event == "comment":  # a comment's own text never counts; the text after it does
                zone, _, skipping, hidden = stack[-1]
                if el.tail and not skipping:
                    self.add(zone, hidden, el.tail)
                continue
            tag = el.tag if isinstance(el.tag, str) else ""
            if event == "start":
                zone, in_section, skipping, hidden = stack[-1]
                marker = _marker(el)
                if skipping or tag in _SKIP or marker and _consent(tag, marker):
                    if not skipping and tag in ("svg", "select"):
                        self.collect_skipped(tag, el, zone, hidden or _hidden(el))
                    stack.append((zone, in_section, True, hidden))
                    walker.skip_subtree()
                    continue
                hidden = hidden or _hidden(el)
                child_zone = zones.zone_of(tag, el.attrib, zone, in_section)
                if child_zone is not zone and not zones.plausible(child_zone, el):
                    child_zone = zone
                if (encoded := el.get("data-cfemail")) is not None:  # "[email protected]" until decoded
                    stack.append((child_zone, in_section, True, hidden))
                    walker.skip_subtree()
                    self.add(child_zone, hidden, emails.decode_cfemail(encoded) or "")
                    continue
                stack.append((child_zone, in_section or zones.opens_section(tag), False, hidden))
                if len(stack) > self.max_depth:
                    self.max_depth = len(stack) - 1
                self.collect(tag, el, child_zone, hidden, marker)
                if tag in _BLOCK:
                    (self.hidden_text if hidden else self.text)[child_zone].append("\n")
                else:
                    self.boundary = True
                if el.text:
                    self.add(child_zone, hidden, el.text)
                elif word := _icon_word(tag, el):
                    self.add(child_zone, hidden, word)
            else:
                _, _, was_skipping, _ = stack.pop()
                zone, _, parent_skipping, hidden = stack[-1]
                if parent_skipping:
                    continue
                if tag in _BLOCK and not was_skipping:
                    (self.hidden_text if hidden else self.text)[zone].append("\n")
                else:
                    self.boundary = True
                if el.tail:
                    self.add(zone, hidden, el.tail)

    def collect_embeds(self, root: Any) -> None:
        """Scripts and iframes anywhere, <head> and hidden blocks included (chat loaders live there)."""
        for top in top_nodes(root):
            for el in top.iter("script", "iframe"):
                if el.tag == "iframe":
                    if el.get("src") and (src := self.abs(el.get("src"))):
                        self.iframes.append(src)
                elif len(self.scripts) < MAX_SCRIPTS:
                    src = el.get("src")
                    if src:
                        if url := self.abs(src):
                            self.scripts.append(url)
                    elif el.text and el.get("type") not in ("application/ld+json", "application/json"):
                        self.scripts.extend(widgets.inline_tokens(el.text[:200_000]))

    def collect_skipped(self, tag: str, el: Any, zone: Zone, hidden: bool) -> None:
        """What a person still sees in a block that is not read as text: an inline SVG icon's label
        (a payment logo, as an image's alt), and a jump menu's options that open pages (a
        <select> whose option values are addresses: "Reklamation und Gewährleistung")."""
        if tag == "svg":
            if len(self.images) < MAX_IMAGES and (label := svg_label(el)):
                self.images.append(Image("", label, zone, hidden, _tiny(el)))
            return
        for option in el.iter("option"):
            value = (option.get("value") or "").strip()
            if self.link_counts[zone] >= MAX_LINKS:
                return
            if value.startswith(("http://", "https://", "/")) and (text := text_of(option)[:200]) and (url := self.abs(value)):
                self.link_counts[zone] += 1
                self.links.append(Link(url, text, zone, hidden))

    def collect(self, tag: str, el: Any, zone: Zone, hidden: bool, marker: str) -> None:
        if marker:
            self.classes.update(widgets.marked_tokens(marker))
        if tag == "a" and el.get("href"):
            if self.link_counts[zone] < MAX_LINKS and (url := self.abs(el.get("href"))):
                self.link_counts[zone] += 1
                text = _link_text(el)
                if text.endswith("protected]") and url.startswith("mailto:"):  # Cloudflare's placeholder
                    text = url[7:]
                self.links.append(Link(url, text, zone, hidden))
        elif tag == "img" and len(self.images) < MAX_IMAGES:
            src = el.get("src") or el.get("data-src") or ""
            alt = squash(el.get("alt") or el.get("title") or "")[:200]
            if src or alt:
                self.images.append(Image(self.abs(src) if src else "", alt, zone, hidden, _tiny(el)))
        elif tag == "form" and len(self.forms) < MAX_FORMS:
            self.forms.append(_form(el, zone, self.abs(el.get("action") or self.base) or self.base, hidden))


def _origin(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return f"{parts.scheme}://{parts.netloc}/" if parts.scheme and parts.netloc else ""


@lru_cache(maxsize=URL_CACHE)
def _join(origin: str, href: str) -> str:
    return urljoin(origin, href)


def _parses(url: str) -> bool:
    try:
        urlsplit(url)
    except ValueError:
        return False
    return True


def _tiny(el: Any) -> bool:
    """Declared 0 or 1 pixel in either direction (a tracking pixel, however it is named)."""
    for size in (el.get("width"), el.get("height")):
        if size is not None and size.strip().rstrip("px").strip() in ("0", "1"):
            return True
    return False


def _marker(el: Any) -> str:
    """The element's id and classes, lower-cased ("" when it has neither)."""
    ident, classes = el.get("id"), el.get("class")
    if not ident and not classes:
        return ""
    return f"{ident or ''} {classes or ''}".lower()


def text_of(el: Any) -> str:
    """An element's text, with a word boundary where two of its elements' words would glue."""
    if len(el) == 0:
        return squash(el.text or "")
    out: list[str] = []
    for piece in el.itertext():
        if piece:
            if out and _glued(out[-1][-1], piece[0]):
                out.append(" ")
            out.append(piece)
    return squash("".join(out))


def _link_text(el: Any) -> str:
    text = text_of(el)[:200]
    if text:
        return text
    for source in (el.get("aria-label"), el.get("title")):
        if source:
            return squash(source)[:200]
    alts = [img.get("alt") for img in el.iter("img") if img.get("alt")]
    alts += [label for svg in el.iter("svg") if (label := svg_label(svg))]
    return squash(" ".join(alts))[:200]


def svg_label(svg: Any) -> str:
    """What an inline SVG icon says, as an image's alt text would: its aria-label, the elements its
    aria-labelledby names, or its <title> (how Shopify and most themes label payment and social
    icons). A decorative icon (aria-hidden) or an unlabelled one says nothing."""
    if (svg.get("aria-hidden") or "").strip().lower() == "true":
        return ""
    if label := svg.get("aria-label"):
        return squash(label)[:200]
    ids = (svg.get("aria-labelledby") or "").split()
    named = [text_of(el) for el in svg.iter() if isinstance(el.tag, str) and el.get("id") in ids] if ids else []
    if not any(named):
        named = [text_of(el) for el in svg if el.tag == "title"][:1]
    return squash(" ".join(n for n in named if n))[:200]


def _form(el: Any, zone: Zone, action: str, hidden: bool) -> Form:
    labels = _labels(el)
    fields: list[FormField] = []
    for field in el.iter("input", "textarea", "select"):
        kind = field.tag if field.tag != "input" else (field.get("type") or "text").lower()
        if kind in ("hidden", "submit", "button", "image", "reset"):
            continue
        label = (labels.get(field.get("id") or "\0") or _wrapping_label(field) or field.get("placeholder")
                 or field.get("aria-label") or field.get("title") or "")
        label = squash(label).rstrip(" *:")  # "Correo electrónico *:" — the required mark is not the label
        fields.append(FormField(name=(field.get("name") or field.get("id") or "")[:80], kind=kind, label=label[:120]))
        if len(fields) >= 40:
            break
    return Form(action=action, method=(el.get("method") or "get").lower(), zone=zone, fields=tuple(fields), hidden=hidden)


def _labels(form: Any) -> dict[str, str]:
    """<label for="id"> texts of a form: what a person reads next to a field whatever its name
    (ASP.NET's generated "ctl00$body$txt3", PrestaShop's "from")."""
    return {target: text_of(label) for label in form.iter("label") if (target := label.get("for"))}


def _wrapping_label(field: Any) -> str:
    """The text of a <label> that wraps the field (<label>Nombre <input></label>)."""
    for parent in field.iterancestors("label", "form"):
        if parent.tag == "label":
            return text_of(parent)
        break
    return ""
