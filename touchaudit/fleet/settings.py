"""What one fleet worker may do: one frozen object, from `touchaudit worker`'s flags or, for
`celery -A touchaudit.fleet worker`, from TOUCHAUDIT_* environment variables."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from touchaudit.config import ConfigError
from touchaudit.history.dialect import PG_SCHEMES

SITE_TIMEOUT = 300.0  # the longest a run may give one site (the portfolio's own default)
VISIBILITY_MARGIN = 300.0  # beyond the site timeout: the audit, store retries, a slow machine
BROKER_SCHEMES = ("redis", "rediss")


@dataclass(frozen=True)
class FleetSettings:
    broker: str | None = None  # redis://[:password@]host:6379/0
    db: str | None = None  # postgresql://…: every worker and the follower share it
    concurrency: int = 8  # sites crawled at once by this worker
    site_timeout: float = SITE_TIMEOUT  # a run asking more is held to this
    visibility_timeout: float | None = None  # seconds before an unacknowledged site is handed out again
    max_deaths: int = 3  # deliveries of a site that ended without a result before it is stored as error
    grace: float = 30.0  # after a first Ctrl-C, seconds for the sites in flight to finish before they go back

    @property
    def visibility(self) -> float:
        return self.visibility_timeout or self.site_timeout + VISIBILITY_MARGIN

    @property
    def lease(self) -> float:
        """Seconds a site lock or a run slot outlives a worker that stopped refreshing it (killed)."""
        return min(30.0, max(2.0, self.visibility / 3))

    def check(self) -> FleetSettings:
        """Usage errors (exit 2) for what cannot work, before anything connects."""
        check_broker(self.broker)
        check_db(self.db)
        if self.concurrency < 1:
            raise ConfigError("--concurrency must be at least 1")
        if self.site_timeout <= 0:
            raise ConfigError("--site-timeout must be positive")
        if self.visibility <= self.site_timeout:
            raise ConfigError(f"--visibility-timeout ({self.visibility:g} s) must be longer than --site-timeout "
                              f"({self.site_timeout:g} s): a site still being scanned would be handed to another worker")
        if self.max_deaths < 1:
            raise ConfigError("--max-deaths must be at least 1")
        return self

    @classmethod
    def from_env(cls) -> FleetSettings:
        env = os.environ

        def number(name: str, default: float | None) -> float | None:
            text = env.get(name)
            try:
                return float(text) if text else default
            except ValueError:
                raise ConfigError(f"{name} must be a number, not {text!r}") from None

        return cls(broker=env.get("TOUCHAUDIT_BROKER"), db=env.get("TOUCHAUDIT_DB"),
                   concurrency=int(number("TOUCHAUDIT_CONCURRENCY", 8) or 8),
                   site_timeout=number("TOUCHAUDIT_SITE_TIMEOUT", SITE_TIMEOUT) or SITE_TIMEOUT,
                   visibility_timeout=number("TOUCHAUDIT_VISIBILITY_TIMEOUT", None),
                   max_deaths=int(number("TOUCHAUDIT_MAX_DEATHS", 3) or 3),
                   grace=number("TOUCHAUDIT_GRACE", 30.0) or 0.0)


def check_broker(url: str | None) -> str:
    if not url:
        raise ConfigError("the fleet needs a broker: --broker redis://host:6379/0 (or TOUCHAUDIT_BROKER)")
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme not in BROKER_SCHEMES:
        raise ConfigError(f"--broker {shown(url)}: the fleet runs on Redis (redis:// or rediss://)")
    try:
        urlsplit(url).port
    except ValueError as exc:
        raise ConfigError(f"--broker {shown(url)}: {exc}") from None
    return url


def check_db(url: str | None) -> str:
    if not url or not url.startswith(PG_SCHEMES):
        raise ConfigError("the fleet stores its scans in PostgreSQL, shared by every worker: --db postgresql://… "
                          "(or TOUCHAUDIT_DB)")
    return url


_SECRET_PARAM = re.compile(r"(?i)([?&](?:password|passwd|pass|pwd|secret|token|sslpassword)=)[^&#]*")


def shown(url: str | None) -> str:
    """A broker or database URL as it may be printed, logged or stored: its password replaced, in
    the user part (even one with an unencoded "/", "?" or "#" in it, which a URL parser would read
    as the path) and in the query (`?password=`, which redis-py and libpq accept)."""
    if not url:
        return ""
    scheme, sep, rest = url.partition("://")
    if sep and "@" in rest:
        userinfo, host = rest.rsplit("@", 1)
        user = userinfo.split(":", 1)[0]
        rest = f"{user}:***@{host}" if ":" in userinfo else f"{user}@{host}"
    return _SECRET_PARAM.sub(r"\1***", scheme + sep + rest)
