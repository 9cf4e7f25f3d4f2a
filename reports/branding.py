"""The consultant's name, logo and client on a report (`--brand`, `--logo`, `--client`).

The logo is embedded as a data: URI so the report stays one self-contained file; only the common
web image formats are accepted, recognised by their first bytes rather than by the file name.
"""
from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path

from touchaudit.config import ConfigError

MAX_LOGO_BYTES = 1024 * 1024
_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"), (b"GIF87a", "image/gif"),
               (b"GIF89a", "image/gif"))
_SVG = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<svg[\s>]", re.S | re.I)


@dataclass(frozen=True)
class Branding:
    brand: str = ""  # the consultant or agency
    client: str = ""  # whom the report is for
    logo: str = ""  # data: URI of the consultant's logo, or ""

    def __bool__(self) -> bool:
        return bool(self.brand or self.client or self.logo)


def image_type(data: bytes) -> str | None:
    for signature, mime in _SIGNATURES:
        if data.startswith(signature):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if _SVG.match(data.removeprefix(b"\xef\xbb\xbf")[:4096]):
        return "image/svg+xml"
    return None


def logo_uri(path: Path) -> str:
    """The image at `path` as a data: URI; a usage error names what is wrong with it."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read --logo {path}: {exc.strerror or exc}") from exc
    if len(data) > MAX_LOGO_BYTES:
        raise ConfigError(f"--logo {path} is {len(data) // 1024} KB; a logo must be under {MAX_LOGO_BYTES // 1024} KB")
    mime = image_type(data)
    if mime is None:
        raise ConfigError(f"--logo {path} is not a PNG, JPEG, GIF, WebP or SVG image")
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def branding(brand: str | None, client: str | None, logo: str | None) -> Branding:
    return Branding(" ".join((brand or "").split()), " ".join((client or "").split()), logo_uri(Path(logo)) if logo else "")
