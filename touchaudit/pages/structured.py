"""schema.org data from a page's one parsed tree: JSON-LD and microdata (and RDFa when present).

extruct runs only the syntaxes whose markers are in the page: "all syntaxes" costs ~90 ms a page
(perf-notes), JSON-LD ~2 ms. Items are normalised to JSON-LD-like dicts with "@type".
"""
from __future__ import annotations

import logging
from typing import Any, Iterable, Iterator, Mapping

from extruct.jsonld import JsonLdExtractor
from extruct.rdfa import RDFaExtractor
from extruct.w3cmicrodata import MicrodataExtractor

log = logging.getLogger(__name__)
_JSONLD = JsonLdExtractor()
_MICRODATA = MicrodataExtractor()
MAX_ITEMS = 60


def extract(document: Any, body: bytes, base_url: str) -> tuple[Mapping[str, Any], ...]:
    """All schema.org items of the page, flattened one level (@graph, lists)."""
    items: list[Any] = []
    if b"application/ld+json" in body:
        items.extend(_safely(_JSONLD.extract_items, document, base_url))
    if b"itemscope" in body:
        items.extend(_from_microdata(i) for i in _safely(_MICRODATA.extract_items, document, base_url))
    if b"typeof=" in body and b"schema.org" in body:
        items.extend(_from_rdfa(_safely(RDFaExtractor().extract_items, document, base_url)))
    flat: list[Mapping[str, Any]] = []
    for item in items:
        for node in _flatten(item):
            flat.append(node)
            if len(flat) >= MAX_ITEMS:
                return tuple(flat)
    return tuple(flat)


def _safely(fn: Any, document: Any, base_url: str) -> list[Any]:
    try:
        return list(fn(document, base_url=base_url))
    except Exception as exc:  # broken JSON-LD or markup must not lose the page
        log.debug("structured data skipped on %s: %s", base_url, exc)
        return []


def _flatten(item: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(item, list):
        for sub in item:
            yield from _flatten(sub)
    elif isinstance(item, dict):
        if "@graph" in item and isinstance(item["@graph"], list):
            yield from _flatten(item["@graph"])
        else:
            yield item


def _from_microdata(item: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"@type": _short_type(item.get("type"))}
    for key, value in (item.get("properties") or {}).items():
        if isinstance(value, dict) and "properties" in value:
            out[key] = _from_microdata(value)
        elif isinstance(value, list):
            out[key] = [_from_microdata(v) if isinstance(v, dict) and "properties" in v else v for v in value]
        else:
            out[key] = value
    return out


def _from_rdfa(nodes: list[Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for node in nodes:
        if not isinstance(node, dict) or "@type" not in node:
            continue
        flat: dict[str, Any] = {"@type": _short_type(node["@type"])}
        for key, values in node.items():
            if key.startswith("http://schema.org/") or key.startswith("https://schema.org/"):
                vals = [v.get("@value", v.get("@id")) for v in values if isinstance(v, dict)]
                flat[key.rsplit("/", 1)[1]] = vals[0] if len(vals) == 1 else vals
        out.append(flat)
    return out


def _short_type(value: Any) -> Any:
    if isinstance(value, list):
        return [_short_type(v) for v in value]
    if isinstance(value, str):
        return value.rsplit("/", 1)[-1]
    return value


def type_names(node: Mapping[str, Any]) -> set[str]:
    raw = node.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    return {str(n).rsplit("/", 1)[-1] for n in names if n}


def walk(nodes: Iterable[Any]) -> Iterator[Mapping[str, Any]]:
    """Every dict node, nested ones included (an Organization's address, contactPoint...)."""
    stack = list(nodes)
    seen = 0
    while stack and seen < 2000:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, Mapping):
            seen += 1
            yield node
            stack.extend(v for v in node.values() if isinstance(v, (list, Mapping)))


def find_typed(nodes: Iterable[Any], *names: str) -> list[Mapping[str, Any]]:
    wanted = set(names)
    return [n for n in walk(nodes) if type_names(n) & wanted]


def values_of(nodes: Iterable[Any], key: str) -> list[Any]:
    """All values of `key` anywhere in the items (e.g. every "telephone")."""
    out: list[Any] = []
    for node in walk(nodes):
        value = node.get(key)
        if isinstance(value, list):
            out.extend(v for v in value if v)
        elif value:
            out.append(value)
    return out
