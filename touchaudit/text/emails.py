"""Find e-mail addresses in visible text and mailto: links.

Pages carry many things shaped like addresses that no customer can write to: retina image names
(logo@2x.png), package versions (lib@1.2.3), error-tracker ids and form placeholders
("tu@email.com"). Those are dropped so the e-mail check only reports real mailboxes.
Scanning starts from each "@" instead of running one regex over the page, so cost is linear.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

__all__ = ["EmailMatch", "decode_cfemail", "find_emails", "normalise_email", "parse_mailto"]


@dataclass(frozen=True)
class EmailMatch:
    """One e-mail address in text; `address` has its domain lower-cased."""

    address: str
    start: int
    end: int


_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-'")
_DOMAIN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
_LOCAL_RE = re.compile(r"[A-Za-z0-9_%+'-]+(?:\.[A-Za-z0-9_%+'-]+)*")
_LABEL_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_TLD_RE = re.compile(r"[a-z]{2,24}|xn--[a-z0-9-]{1,59}")

_ASSET_TLDS = frozenset({
    "png", "jpg", "jpeg", "gif", "webp", "svg", "avif", "ico", "bmp", "tif", "tiff", "heic",
    "css", "js", "mjs", "map", "json", "woff", "woff2", "ttf", "otf", "eot", "mp4", "webm",
    "mp3", "pdf", "zip", "php", "html", "htm", "aspx",
})
_PLACEHOLDER_DOMAINS = frozenset({
    "domain.com", "dominio.com", "tudominio.com", "sudominio.com", "midominio.com",
    "yourdomain.com", "mydomain.com", "email.com", "correo.com", "tucorreo.com", "test.com",
    "sample.com", "yoursite.com", "mysite.com", "tusitio.com", "company.com", "empresa.com",
    "tuempresa.com", "yourcompany.com", "website.com", "dominio.es", "email.es", "correo.es",
})
_PLACEHOLDER_LOCALS = frozenset({
    "tu", "your", "you", "nombre", "name", "yourname", "tunombre", "tuemail", "tucorreo",
    "youremail", "your.email", "tu.email", "tu.correo", "nombre.apellido", "name.surname",
    "firstname.lastname", "first.last", "john.doe", "jane.doe", "johndoe", "janedoe",
    "usuario", "username", "user", "email", "correo", "ejemplo", "example", "test", "someone",
})
_TECH_DOMAIN_SUFFIXES = ("sentry.io", "wixpress.com", "sentry-next.wixpress.com",
                         "ingest.sentry.io", "sentry.wixpress.com", "mixpanel.com")
_HEX_ID = re.compile(r"[0-9a-f]{20,}")
_RETINA = re.compile(r"\d(?:\.\d)?x", re.IGNORECASE)


def _is_placeholder(local: str, domain: str) -> bool:
    labels = domain.split(".")
    if "example" in labels or "ejemplo" in labels or "exemplo" in labels:
        return True
    if domain in _PLACEHOLDER_DOMAINS or ".".join(labels[-2:]) in _PLACEHOLDER_DOMAINS:
        return True
    return local.lower() in _PLACEHOLDER_LOCALS and domain.split(".")[0] in (
        "gmail", "hotmail", "outlook", "yahoo", "mail", "email", "correo")


def normalise_email(candidate: str) -> str | None:
    """Validated address with lower-case domain, or None for invalid/technical/placeholder."""
    if candidate.count("@") != 1:
        return None
    local, domain = candidate.split("@")
    domain = domain.lower()
    if not (1 <= len(local) <= 64 and 4 <= len(domain) <= 253) or not _LOCAL_RE.fullmatch(local):
        return None
    labels = domain.split(".")
    if len(labels) < 2 or not all(_LABEL_RE.fullmatch(label) for label in labels[:-1]):
        return None
    tld = labels[-1]
    if not _TLD_RE.fullmatch(tld) or tld in _ASSET_TLDS:
        return None  # "lib@1.2.3", "logo@2x.png"
    if _RETINA.fullmatch(labels[0]):
        return None  # "icon@3x.webp"-like names with an unknown extension
    if domain.endswith(_TECH_DOMAIN_SUFFIXES) or _HEX_ID.fullmatch(local.lower()):
        return None  # error-tracker DSNs and generated ids, not mailboxes
    if _is_placeholder(local, domain):
        return None
    return f"{local}@{domain}"


def find_emails(text: str) -> list[EmailMatch]:
    """E-mail addresses in visible text, in order, each position once."""
    found: list[EmailMatch] = []
    at = text.find("@")
    n = len(text)
    while at != -1:
        start = at
        while start > 0 and at - start < 64 and text[start - 1] in _LOCAL_CHARS:
            start -= 1
        end = at + 1
        while end < n and end - at <= 253 and text[end] in _DOMAIN_CHARS:
            end += 1
        while start < at and text[start] in ".'-":
            start += 1  # "...info@" after an ellipsis or a quote
        while end > at + 1 and text[end - 1] in ".-":
            end -= 1  # sentence full stop after the address
        address = normalise_email(text[start:end]) if start < at < end - 1 else None
        preceded = text[start - 1] if start else " "
        if address is not None and preceded not in "/@" + "".join(_LOCAL_CHARS - {"'"}):
            found.append(EmailMatch(address=address, start=start, end=end))
        at = text.find("@", max(end, at + 1))
    return found


def parse_mailto(href: str) -> str | None:
    """Address from a mailto: link (query dropped, URL-decoded, domain lower-cased), or None."""
    if not href:
        return None
    match = re.match(r"\s*mailto:\s*(?://)?", href, re.IGNORECASE)
    if not match:
        return None
    target = unquote(href[match.end():].split("?", 1)[0]).strip()
    first = re.split(r"[,;]", target, maxsplit=1)[0].strip().strip("<>")
    return normalise_email(first) if first else None


_HEX = re.compile(r"(?:[0-9a-fA-F]{2}){4,128}")


def decode_cfemail(encoded: str) -> str | None:
    """The address Cloudflare's e-mail obfuscation hides (data-cfemail, /cdn-cgi/l/email-protection#…):
    the first byte is a key XORed into the rest. A browser shows the address once its script runs;
    decoding it here is reading what the customer reads. None when it does not decode to an address."""
    encoded = encoded.strip()
    if not _HEX.fullmatch(encoded):
        return None
    data = bytes.fromhex(encoded)
    try:
        decoded = bytes(b ^ data[0] for b in data[1:]).decode("utf-8")
    except UnicodeDecodeError:
        return None
    found = find_emails(decoded)
    return found[0].address if len(found) == 1 and found[0].start == 0 and found[0].end == len(decoded) else None
