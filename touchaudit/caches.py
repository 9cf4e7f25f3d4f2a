"""Sizes of the per-process caches keyed by URLs (link classification, URL joins, URL words).

Menus and footers repeat on every page of a site, so a cache that holds a few sites' distinct
links catches nearly every repeat; URLs of different sites never repeat, so a bigger cache only
grows a long portfolio run's memory with the number of sites (measured: +40 MB per process
between 250 and 1,000 sites with 65,536-entry caches).
"""
from __future__ import annotations

URL_CACHE = 8192
