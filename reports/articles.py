"""The articles behind the checks: who wrote what, and the principle each check applies.

Every check result names its seed file in ``source``; ``articles.toml`` (package data) maps it to
the article's title and author as the seed gives them, and to a one-sentence principle per check.
The report uses this to say *why* a recommendation matters, and to tell the story of the sources.
A report never names an article by its file: a seed without a title is described in a few words
("An essay on …"), and the description goes where the title would. Descriptions and principles
are English msgids translated by the catalogue; `extract` hands them to `pybabel extract`.
"""
from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import IO, Any

from babel.support import Translations
from touchaudit.reports.i18n import PACKAGE, get_translations

DATA = "articles.toml"


@dataclass(frozen=True)
class Article:
    """One article as its seed gives it; fields the seed does not give are empty, never guessed."""

    source: str
    key: str  # "" for the seed's main article, else the name under ``articles``
    title: str = ""
    author: str = ""
    translator: str = ""
    publication: str = ""
    description: str = ""  # msgid (English) of what it is, when untitled


@cache
def _data() -> Mapping[str, Any]:
    with resources.files(PACKAGE).joinpath(DATA).open("rb") as handle:
        return tomllib.load(handle)


def _entry(source: str) -> Mapping[str, Any]:
    entry = _data().get(source)
    return entry if isinstance(entry, Mapping) else {}


def _article(source: str, key: str, fields: Mapping[str, Any]) -> Article:
    return Article(source=source, key=key, description=_english(fields.get("description")), **{
        name: str(fields.get(name) or "") for name in ("title", "author", "translator", "publication")
    })


def _english(entry: Any) -> str:
    return str(entry.get("en") or "") if isinstance(entry, Mapping) else ""


def article_for(source: str, check_id: str) -> Article | None:
    """The article a check draws on: the seed's own, or the one its principle names."""
    entry = _entry(source)
    if not entry and source not in _data():
        return None
    principle = (entry.get("principles") or {}).get(check_id) or {}
    key = str(principle.get("article") or "")
    nested = (entry.get("articles") or {}).get(key)
    return _article(source, key, nested) if key and isinstance(nested, Mapping) else _article(source, "", entry)


def principle_for(source: str, check_id: str, lang: str) -> str:
    """The one-sentence principle behind ``check_id`` in ``lang``; empty when none is written."""
    principle = _english((_entry(source).get("principles") or {}).get(check_id))
    return str(get_translations(lang).gettext(principle)) if principle else ""


def citation(article: Article | None, t: Translations, lang: str) -> str:
    """How the report names an article: one whole sentence per combination of known fields; an
    untitled seed by its description, never by its file name."""
    a = article
    if a is None:
        return t.gettext("A customer-service article")
    if a.title:
        if a.author:
            return t.gettext("“%(title)s”, by %(author)s") % {"title": a.title, "author": a.author}
        if a.translator:
            return t.gettext("“%(title)s”, edited and translated by %(translator)s") % {
                "title": a.title, "translator": a.translator}
        if a.publication:
            return t.gettext("“%(title)s”, published by %(publication)s") % {
                "title": a.title, "publication": a.publication}
        return t.gettext("“%(title)s”") % {"title": a.title}
    described = str(t.gettext(a.description)) if a.description else ""
    if not described:
        return t.gettext("A customer-service article")
    if a.author:  # "de" in Spanish agrees with any description; "publicado/a" would not
        return t.gettext("%(description)s, by %(author)s") % {"description": described, "author": a.author}
    return described


def extract(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Iterator[tuple[int, str, str, list[str]]]:
    """A Babel extractor for articles.toml: every description and principle is a msgid."""
    data = tomllib.load(fileobj)
    for source, entry in data.items():
        for fields in (entry, *(entry.get("articles") or {}).values()):
            if _english(fields.get("description")):
                yield 0, "", _english(fields["description"]), [f"{source}: description"]
        for check_id, principle in (entry.get("principles") or {}).items():
            if _english(principle):
                yield 0, "", _english(principle), [f"{source}: principle of {check_id}"]
