"""What one `touchaudit serve` is allowed to do: one frozen object, built by the serve command."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ServerSettings:
    db: str | None = None  # history database: SQLite path (default ./touchaudit.db) or postgresql://…
    data_dir: Path = Path("touchaudit-data")  # WARC captures of the app's audits
    allow_private: bool = False  # crawl private/loopback addresses (tests, intranets); never on a public host
    workers: int = 2  # audits running at once (each in its own process)
    max_queue: int = 50  # audits waiting, in total: beyond it new audits are refused until the queue drains
    per_user: int = 5  # audits queued or running per account
    budget: int = 40  # pages per audit (the form cannot ask for more)
    lang: str = "en"  # pages' language for visitors whose browser asks for none with a catalogue
    max_body: int = 1_000_000  # bytes of a request body (a CSV of a few thousand shops)
    session_hours: int = 12
    secure_cookies: bool = False  # Secure flag on cookies: on behind HTTPS
    login_limit: str = "5/minute"  # failed sign-ins per account name
    login_address_limit: str = "20/minute"  # failed sign-ins per client address
    schedule_tick: float = 30.0  # seconds between looks for due portfolio schedules
    broker: str | None = None  # redis://…: audits run on a fleet of `touchaudit worker`s (touchaudit.fleet)
