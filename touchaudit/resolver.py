"""The crawl's name resolver: local names answered on the machine, every answer pinned and checked.

Scrapy's default resolver asks the system resolver in a thread and caches by name. This one:

- answers what never needs DNS itself (touchaudit.netguard.local_answer): IP literals, IPv6 too;
  ``localhost`` and ``*.localhost`` are 127.0.0.1 (RFC 6761 §6.3, as curl and browsers do, and
  how the tests serve many loopback sites on one port); ``*.invalid`` and ``*.onion`` fail at once
  (RFC 6761 §6.4, RFC 7686), so no query leaves the machine for them;
- resolves everything else once per process (IPv4 and IPv6, bounded by DNS_TIMEOUT) and pins the
  answer, so the address checked before a request is the address connected to;
- hands Twisted only the addresses touchaudit.netguard permits: a shop whose name turns into
  127.0.0.1 or 169.254.169.254 mid-crawl gets no connection there, whatever asked for it.

Enabled by ``TWISTED_DNS_RESOLVER = "touchaudit.resolver.GuardedResolver"`` (touchaudit.settings).
"""
from __future__ import annotations

import logging
import socket
from collections.abc import Sequence
from typing import Any

from scrapy.utils.datatypes import LocalCache
from twisted.internet import defer
from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.error import DNSLookupError
from twisted.internet.interfaces import IHostnameResolver, IHostResolution, IResolverSimple
from zope.interface import implementer

from touchaudit import netguard

log = logging.getLogger(__name__)
_pinned: LocalCache[str, list[str]] = LocalCache(10_000)  # name -> addresses, for the process's life
_settings = {"timeout": 15.0}


def lookup(name: str) -> defer.Deferred[list[str]]:
    """Every address of `name` (pinned, local, or from DNS in a thread); DNSLookupError if none."""
    try:
        name = name.encode("idna").decode("ascii") if not name.isascii() else name
    except UnicodeError:
        return defer.fail(DNSLookupError(f"{name!r} is not a valid host name"))
    name = name.lower().rstrip(".")
    if name in _pinned:
        return defer.succeed(_pinned[name])
    local = netguard.local_answer(name)
    if local is not None:
        if not local:
            return defer.fail(DNSLookupError(f"{name}: a reserved name (RFC 6761) never resolves; no DNS query was made"))
        return defer.succeed(local)
    from twisted.internet import reactor

    answer: defer.Deferred[list[str]] = defer.Deferred()
    timeout = _settings["timeout"]

    def settle(result: list[str] | str) -> None:
        if answer.called:  # the other of the answer and the timeout came first
            return
        if timer.active():
            timer.cancel()
        if isinstance(result, list) and result:
            _pinned[name] = result
            answer.callback(result)
        else:
            answer.errback(DNSLookupError(f"{name}: {result or 'no address'}"))

    def ask() -> None:
        try:
            infos = socket.getaddrinfo(name, 80, type=socket.SOCK_STREAM)
            result: list[str] | str = list(dict.fromkeys(str(info[4][0]).split("%")[0] for info in infos))
        except (OSError, UnicodeError) as exc:
            result = str(exc)
        reactor.callFromThread(settle, result)

    timer = reactor.callLater(timeout, settle, f"no DNS answer in {timeout:g} s")
    reactor.getThreadPool().callInThread(ask)
    return answer


@implementer(IHostResolution)
class _Resolution:
    def __init__(self, name: str) -> None:
        self.name = name

    def cancel(self) -> None:
        pass


@implementer(IResolverSimple)
class _FirstAddress:
    """For anything that asks the reactor's simple resolver (connectTCP with a name): same rules."""

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:
        def first(addresses: list[str]) -> str:
            for ip in addresses:
                if ":" not in ip and netguard.permits(name, ip):
                    return ip
            raise DNSLookupError(f"{name}: no address touchaudit may connect to")

        return lookup(name).addCallback(first)


@implementer(IHostnameResolver)
class GuardedResolver:
    def __init__(self, reactor: Any, timeout: float) -> None:
        self.reactor = reactor
        _settings["timeout"] = timeout

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> GuardedResolver:
        return cls(reactor, crawler.settings.getfloat("DNS_TIMEOUT", 15.0))

    def install_on_reactor(self) -> None:
        self.reactor.installResolver(_FirstAddress())
        self.reactor.installNameResolver(self)

    def resolveHostName(self, resolutionReceiver: Any, hostName: str, portNumber: int = 0,
                        addressTypes: Sequence[type[Any]] | None = None,
                        transportSemantics: str = "TCP") -> Any:  # IResolutionReceiver -> IHostResolution
        resolution = _Resolution(hostName)
        resolutionReceiver.resolutionBegan(resolution)

        def deliver(addresses: list[str]) -> None:
            for ip in addresses:
                if not netguard.permits(hostName, ip):
                    log.warning("not connecting to %s: %s", hostName, netguard.REASONS[netguard.reason_for(ip) or "private"]
                                .format(host=hostName, ip=ip))
                    continue
                kind = IPv6Address if ":" in ip else IPv4Address
                if addressTypes is None or kind in addressTypes:
                    resolutionReceiver.addressResolved(kind("TCP", ip, portNumber))

        def complete(_: object) -> None:
            resolutionReceiver.resolutionComplete()

        lookup(hostName).addCallbacks(deliver, lambda failure: None).addBoth(complete)
        return resolution
