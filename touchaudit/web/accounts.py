"""Passwords and secrets: argon2id (argon2-cffi) for passwords, random tokens stored as SHA-256.

A session cookie, an API token and a share link are all 256-bit random strings; the database keeps
only their SHA-256, so a stolen backup opens nothing. Passwords get argon2id, memory-hard, with
argon2-cffi's maintained defaults (rehashed on sign-in when those defaults change).
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from touchaudit.history.rows import StoreError
from touchaudit.web.store import WebStore
from touchaudit.web.tables import ROLES, User

PASSWORD_ENV = "TOUCHAUDIT_ADMIN_PASSWORD"
MIN_PASSWORD = 10
_HASHER = PasswordHasher()
# Verified when the account does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _HASHER.hash("not a password of anyone")


class AccountError(ValueError):
    """An account that cannot be created as asked; the message says why."""


def new_token() -> str:
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def create_account(store: WebStore, name: str, password: str, role: str) -> User:
    name = name.strip()
    if not name or len(name) > 64 or any(c.isspace() for c in name):
        raise AccountError("an account name is 1 to 64 characters without spaces")
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r} ({', '.join(ROLES)})")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")
    try:
        return store.create_user(name, _HASHER.hash(password), role)
    except StoreError as exc:
        raise AccountError(str(exc)) from exc


def check_password(store: WebStore, name: str, password: str) -> User | None:
    found = store.user_login(name)
    try:
        _HASHER.verify(found[1] if found else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if found is None:
        return None
    user, stored = found
    if _HASHER.check_needs_rehash(stored):
        store.set_password_hash(user.id, _HASHER.hash(password))
    return user


def password_from_environment() -> str | None:
    return os.environ.get(PASSWORD_ENV) or None
