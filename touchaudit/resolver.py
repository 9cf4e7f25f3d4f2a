"""Scrapy's DNS resolver, plus the special-use names answered on the machine (RFC 6761, RFC 7686).

Scrapy resolves host names with `socket.gethostbyname` in a thread (Twisted's ThreadedResolver),
i.e. the system resolver, which may send any name to the network's DNS servers. Names that by
standard never exist on the Internet are answered here instead, before any query is made:

- ``*.invalid`` and ``*.onion``: fail at once as "does not resolve" (RFC 6761 §6.4, RFC 7686);
- ``localhost`` and ``*.localhost``: 127.0.0.1 (RFC 6761 §6.3), as curl and browsers do, which is
  also how the tests serve many loopback sites on one port (``http://<case>.localhost:PORT/``).

Every other name goes to Scrapy's CachingThreadedResolver unchanged. Enabled by the setting
``TWISTED_DNS_RESOLVER = "touchaudit.resolver.LocalNamesResolver"`` in touchaudit.settings.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

NEVER_RESOLVED = ("invalid", "onion")
LOOPBACK = "127.0.0.1"


def local_answer(name: str) -> str | None:
    """127.0.0.1 for a localhost name; raises DNSLookupError for a never-resolved one; else None."""
    host = name.lower().rstrip(".")
    tld = host.rsplit(".", 1)[-1]
    if tld == "localhost":
        return LOOPBACK
    if tld in NEVER_RESOLVED:
        raise DNSLookupError(f"{name}: a reserved .{tld} name (RFC 6761) never resolves; no DNS query was made")
    return None


class LocalNamesResolver(CachingThreadedResolver):
    """CachingThreadedResolver that answers special-use names itself (no query leaves the machine)."""

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Any:
        try:
            answer = local_answer(name)
        except DNSLookupError as exc:
            return defer.fail(exc)
        if answer is not None:
            return defer.succeed(answer)
        return super().getHostByName(name, timeout)
