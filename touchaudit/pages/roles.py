"""Which kind of page a URL or link leads to (contact, shipping, returns, ...), from its words.

The same vocabulary ranks links in the crawl and labels fetched pages, so the crawl looks for
exactly what the checks later read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from touchaudit.caches import URL_CACHE
from touchaudit.model import Role
from touchaudit.text import lexicon
from touchaudit.text.normalize import fold, words


@dataclass(frozen=True)
class RoleWords:
    role: Role
    priority: int
    url: frozenset[str]
    text: tuple[str, ...]  # padded phrases (" aviso legal ")


@lru_cache(maxsize=1)
def vocabulary() -> tuple[RoleWords, ...]:
    """Every language's words for each role (vocab/<lang>.toml), with roles.toml's priorities and
    the words of languages not read yet: a link is ranked by its words whatever the page's language."""
    found = []
    for name, entry in lexicon.table("roles").items():
        url = [*entry.get("url", ()), *lexicon.union(f"roles.{name}.url")]
        text = [*lexicon.union(f"roles.{name}.text"), *entry.get("text", ())]
        found.append(RoleWords(
            role=Role(name),
            priority=int(entry["priority"]),
            url=frozenset(fold(w) for w in url),
            text=tuple(dict.fromkeys(words(t) for t in text)),
        ))
    return tuple(found)


def path_words(url: str) -> set[str]:
    """Path segments and their hyphen/underscore parts, folded ("/pages/Envíos-y-entregas")."""
    path = fold(unquote(urlsplit(url).path))
    found: set[str] = set()
    for segment in path.strip("/").split("/"):
        segment = segment.rsplit(".", 1)[0] if segment.endswith((".html", ".htm", ".php", ".aspx")) else segment
        if not segment:
            continue
        found.add(segment)
        found.update(part for part in segment.replace("_", "-").split("-") if part)
    return found


@lru_cache(maxsize=URL_CACHE)
def _url_roles(url: str) -> tuple[RoleWords, ...]:
    segs = path_words(url)
    return tuple(rw for rw in vocabulary() if rw.url & segs)


@lru_cache(maxsize=32768)
def _text_roles(text: str) -> tuple[RoleWords, ...]:
    padded = words(text)
    if len(padded) > 80:  # long link texts are prose, not menu labels
        return ()
    return tuple(rw for rw in vocabulary() if rw.text and any(p in padded for p in rw.text))


# Menus repeat on every page and every check asks about the same links: answers are cached.
def roles_of_url(url: str) -> list[RoleWords]:
    return list(_url_roles(url))


def roles_of_text(text: str) -> list[RoleWords]:
    return list(_text_roles(text))


_TITLE_PARTS = re.compile(r"\s[|–—:·»/-]\s|\s*[|–—·»]\s*")
_TITLE_SPARE_WORDS = 3  # "Política de | cambios y devoluciones": the phrase is most of the part


def roles_of_title(title: str) -> list[RoleWords]:
    """Roles a page title or heading names as its subject: a short part of it ("Envíos | Tienda",
    "Política de cambios y devoluciones") that is mostly the role's words. A product named
    "iPad Pro - 512 GB, Silver Fast Delivery" is not the delivery page."""
    found: list[RoleWords] = []
    for part in _TITLE_PARTS.split(title):
        padded = words(part)
        size = len(padded.split())
        if not size or size > 6:
            continue
        for rw in vocabulary():
            if rw not in found and any(p in padded and size - len(p.split()) <= _TITLE_SPARE_WORDS for p in rw.text):
                found.append(rw)
    return found


def guess_role(url: str, title: str, heading: str, *, is_home: bool, has_product: bool) -> Role:
    """The page's role: the home page by position, then URL words, then title/heading words."""
    if is_home:
        return Role.HOME
    last = [s for s in urlsplit(url).path.split("/") if s][-1:]
    from_last = roles_of_url("/" + last[0]) if last else []
    # /legal/privacy.html is the privacy page: the last segment is the most specific
    for candidates in (from_last, roles_of_url(url), roles_of_title(heading), roles_of_title(title)):
        best = [rw for rw in candidates if rw.role is not Role.PRODUCT]
        if best:
            return max(best, key=lambda rw: rw.priority).role
    if has_product or (any(rw.role is Role.PRODUCT for rw in roles_of_url(url)) and not _listing(url)):
        return Role.PRODUCT
    return Role.OTHER


def _listing(url: str) -> bool:
    """/productos/ or /products is a listing; /products/taza-azul is a product."""
    segments = [s for s in fold(unquote(urlsplit(url).path)).split("/") if s]
    product_words = next(rw.url for rw in vocabulary() if rw.role is Role.PRODUCT)
    return not segments or segments[-1].rsplit(".", 1)[0] in product_words
