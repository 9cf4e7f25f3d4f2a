"""Find phone numbers in a page's visible text, tel: links and schema.org values.

Shop text is full of digit runs that are not phones (prices, SKUs, order numbers, dates, tax
ids), and a false phone makes the audit lie, so precision beats recall: a number counts when
phonenumbers calls it valid *and* either a phone label precedes it or it is written like a phone.
Only short digit runs are handed to phonenumbers, which keeps a 50 KB page in the low ms.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

import phonenumbers
from phonenumbers import (
    Leniency,
    PhoneNumber,
    PhoneNumberFormat,
    PhoneNumberMatcher,
    PhoneNumberType,
)

from touchaudit.text import lexicon

__all__ = ["PhoneMatch", "find_phones", "is_fax_label", "is_toll_free", "parse_phone", "parse_tel_href", "whatsapp_label"]


@dataclass(frozen=True)
class PhoneMatch:
    """One phone number in text; `raw` is exactly text[start:end]."""

    e164: str
    raw: str
    start: int
    end: int
    toll_free: bool
    fax: bool


# A run of digits with phone punctuation; linear (one char class, then a final digit).
_RUN = re.compile(r"(?:\+|\(\+?)?\d(?:[\d ().\-/\u00a0\u2013\u2011]*\d)?")
_MIN_DIGITS, _MAX_RUN_DIGITS = 7, 40

# Substrings of a run that are something else; they are blanked before phonenumbers sees them.
_NOT_PHONE_IN_RUN = re.compile(
    r"(?<!\d)(?:"
    r"\d{1,2}[/.\-]\d{1,2}[/.\-](?:19|20)\d{2}"  # 12/05/2026, 11-22-2026
    r"|(?:19|20)\d{2}[/.\-]\d{1,2}[/.\-]\d{1,2}"  # 2026-05-12
    r"|(?:19|20)\d{2}[ \u00a0]?[\-\u2013/][ \u00a0]?(?:19|20)\d{2}"  # 1999-2026
    r"|\d{1,3}(?:[.,]\d{3})*[.,]\d{2}(?=$|[^\d.,]|[.,](?!\d))"  # 1.299,00  1,234.99
    r")(?!\d)"
)
_TIME = re.compile(r"\d{1,2}[:h]\d{2}")

# Labels, matched in the few characters before a number; the nearest one decides.
# Labels, matched in the few characters before a number; the nearest one decides. Words of each
# language are in vocab/<lang>.toml (phones.phone_labels, phones.other_labels).
_LABELS = re.compile(
    r"(?P<telfax>\b(?:tel[eé]fono|telefone|telefon|t[eé]l[eé]phone|tel|tlf|tfno|phone)\.?\s*(?:/|y|e|and|&|-|und|et)\s*fax\b)"
    r"|(?P<fax>\b(?:tele)?fax\b|\bfacs[ií]mil\b)"
    r"|(?P<phone>\b(?:tels?|t[eé]l|whats\s?app|wa\.me|" + "|".join(lexicon.union("phones.phone_labels")) + r")\b\.?"
    r"|[\u260e\u260f\U0001f4de\U0001f4f1\U0001f4f2])"
    r"|(?P<hash>#)"
    r"|(?P<other>\b(?:nif|cif|nie|dni|rfc|cuit|cuil|rut|run|ruc|nit|cnpj|cpf|nipc|vat|iva|ein|tax\s*id|id|iban|cbu"
    r"|clabe|c\.?\s?p|" + "|".join(lexicon.union("phones.other_labels")) + r")\b\.?)",
    re.IGNORECASE,
)
_LABEL_WINDOW = 32
_WORD = re.compile(r"[^\W\d_]{3,}")
_DIGITS3 = re.compile(r"\d{3}")

_CURRENCY_BEFORE = re.compile(
    r"(?:[€$£¥]|\b(?:mxn|usd|eur|ars|clp|cop|pen|brl|gbp|uyu|r\$|s/|us\$|u\$s|precio|price"
    r"|pvp|desde|from|only|solo|ahorra|save)\b\.?)\s*$",
    re.IGNORECASE,
)
_AFTER_NOT_PHONE = re.compile(  # on the same line: "ventas@…" below a number is not its unit
    r"[^\S\n]*(?:[€$£¥%]|(?:eur|euros?|usd|mxn|ars|clp|cop|pesos|d[oó]lares|dollars|reais|soles"
    r"|clientes|customers|clients|usuarios|users|unidades|units|uds|productos|products"
    r"|art[ií]culos|items|pedidos|orders|personas|people|visitas|visits|seguidores"
    r"|followers|vendidos|sold|opiniones|reviews|rese[ñn]as|valoraciones|habitantes"
    r"|km|kg|mah|gb|mb|tb|m2|m²|puntos|points|ventas|env[ií]os)\b)",
    re.IGNORECASE,
)
_THOUSANDS = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
_GROUP_SPLIT = re.compile(r"[ ().\-/\u00a0\u2013\u2011]+")


def _blank(run: str) -> str:
    """Replace dates, year ranges, times and money inside a run by spaces (offsets stay)."""
    run = _NOT_PHONE_IN_RUN.sub(lambda m: " " * len(m.group()), run)
    return run


def _nearest_label(text: str, start: int) -> str | None:
    """Kind of the last label in the short window before `start` (phone/fax/telfax/other)."""
    window = text[max(0, start - _LABEL_WINDOW):start]
    last = None
    for last in _LABELS.finditer(window):
        pass
    if last is None:
        return None
    # A label separated from the number by more words than punctuation is not its label.
    between = window[last.end():]
    kind = last.lastgroup
    if kind == "hash":  # "#" marks an order/item number only right before it
        return "other" if len(between.strip()) <= 1 else None
    if len(_WORD.findall(between)) > 2:
        return None
    if kind == "other" and _DIGITS3.search(between):
        return None  # the label already has its own value ("SKU: 123 · Tel 91 ...")
    return kind


_WHATSAPP_BEFORE = re.compile(r"(?:whats ?app|wsp|wpp|zap)\b[^\d]{0,12}$", re.IGNORECASE)


def whatsapp_label(text: str, start: int) -> bool:
    """Is the number at `start` labelled as WhatsApp ("WhatsApp: 11 5799-0114", a WhatsApp icon
    before it)? Customers can message it: a WhatsApp channel, not only a phone."""
    return _WHATSAPP_BEFORE.search(text, max(0, start - 24), start) is not None


def is_fax_label(text: str) -> bool:
    """A label that names a fax and no phone ("Fax", "Fax: 91 ..."): a tel: link so labelled is
    not a number a customer can call. "Tel/Fax" still is."""
    kinds = {m.lastgroup for m in _LABELS.finditer(text)} if text else set()
    return "fax" in kinds and not kinds & {"phone", "telfax"}


def _phone_like(raw: str) -> bool:
    """True for formats people use for phones: +intl, (area) code, or 3+ short groups."""
    stripped = raw.strip()
    if stripped.startswith(("+", "(+")):
        return True
    if _THOUSANDS.fullmatch(stripped):
        return False
    if re.match(r"\(\d{1,4}\)", stripped):
        return True
    groups = [g for g in _GROUP_SPLIT.split(stripped) if g]
    if len(groups) < 2 or not all(g.isdigit() for g in groups):
        return False
    if len(groups) == 2:
        return 2 <= len(groups[0]) <= 4 and len(groups[1]) == 4 and len(groups[0]) + 4 >= 8
    return len(groups[0]) <= 5 and all(2 <= len(g) <= 4 for g in groups[1:])


def _fix_legacy(number: PhoneNumber) -> PhoneNumber:
    """Undo dialling habits phonenumbers rejects: Mexico's old mobile "1" and "01" prefixes."""
    if number.country_code == 52:
        national = str(number.national_number)
        if len(national) == 11 and national.startswith("1"):
            return phonenumbers.parse("+52" + national[1:], None)
    return number


@lru_cache(maxsize=4096)
def _parse_valid(value: str, region: str | None) -> PhoneNumber | None:
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        try:
            number = _fix_legacy(number)
        except phonenumbers.NumberParseException:
            return None
        if not phonenumbers.is_valid_number(number):
            return None
    return number


def _e164(number: PhoneNumber) -> str:
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def _matches_in_run(run: str, region: str | None) -> list[tuple[int, int, PhoneNumber]]:
    """(start, end, number) of valid phones inside one run, offsets relative to the run."""
    found: list[tuple[int, int, PhoneNumber]] = []
    for m in PhoneNumberMatcher(run, region or "ZZ", leniency=Leniency.VALID, max_tries=20):
        found.append((m.start, m.end, m.number))
    if found:
        return found
    # Legacy Mexican forms ("+52 1 55 ...", "01 55 ...") are invalid to the matcher.
    stripped = run.strip()
    if stripped.startswith(("+52", "01")) or region == "MX":
        candidate = re.sub(r"^(?:01[ \-]?)", "", stripped) if region == "MX" else stripped
        number = _parse_valid(candidate, region)
        if number is not None:
            offset = run.index(stripped)
            found.append((offset, offset + len(stripped), number))
    return found


def _valid_in_one_country(run: str, alternatives: tuple[str, ...]) -> list[tuple[int, int, PhoneNumber]]:
    """The number a phone-shaped run is in the only one of `alternatives` where it is valid
    (a Chilean "22 688 97 54" on a .com shop in Spanish); nothing when none or several agree."""
    stripped = run.strip()
    if not _phone_like(stripped):
        return []
    found = {_e164(n): n for alt in alternatives if (n := _parse_valid(stripped, alt)) is not None}
    if len(found) != 1:
        return []
    offset = run.index(stripped)
    return [(offset, offset + len(stripped), next(iter(found.values())))]


def find_phones(text: str, region: str | None, alternatives: tuple[str, ...] = ()) -> list[PhoneMatch]:
    """Valid phone numbers in visible text, in order, one per position. `alternatives`: when the
    region is only the language's default, the other countries where the language is spoken."""
    region = region.upper() if region else None
    results: list[PhoneMatch] = []
    taken_until = -1
    for run_match in _RUN.finditer(text):
        run = run_match.group()
        digits = sum(c.isdigit() for c in run)
        if digits < _MIN_DIGITS or digits > _MAX_RUN_DIGITS:
            continue
        base = run_match.start()
        before_run = text[base - 1] if base else " "
        if before_run.isalnum() or before_run in "_#@&=/\\%-":
            continue  # part of a code, URL or identifier
        after_run = text[run_match.end()] if run_match.end() < len(text) else " "
        if after_run.isalpha() and after_run.lower() not in "ex":
            continue
        blanked = _blank(run)
        if sum(c.isdigit() for c in blanked) < _MIN_DIGITS:
            continue
        if _TIME.search(text, max(0, base - 6), base) and text[base - 1:base] in ("-", "–"):
            continue
        matches = _matches_in_run(blanked, region)
        if not matches and alternatives:
            matches = _valid_in_one_country(blanked, alternatives)
        for rel_start, rel_end, number in matches:
            start, end = base + rel_start, base + rel_end
            if start < taken_until:
                continue
            raw = text[start:end]
            match = _judge(text, raw, start, end, number)
            if match is not None:
                results.append(match)
                taken_until = end
    return results


def _judge(text: str, raw: str, start: int, end: int, number: PhoneNumber) -> PhoneMatch | None:
    """Apply the context rules (label, price, quantity, format) to one valid number."""
    label = _nearest_label(text, start)
    if label == "other":
        return None
    if _CURRENCY_BEFORE.search(text, max(0, start - 12), start):
        return None
    if _AFTER_NOT_PHONE.match(text, end, min(len(text), end + 16)):
        return None
    digits = sum(c.isdigit() for c in raw)
    if label is None:
        if not _phone_like(raw):
            return None
    elif _THOUSANDS.fullmatch(raw.strip()) and digits < 9:
        return None
    if digits >= 13 and not raw.lstrip("(").startswith("+") and not _phone_like(raw):
        return None  # EAN-13 and other long codes
    return PhoneMatch(
        e164=_e164(number), raw=raw, start=start, end=end,
        toll_free=phonenumbers.number_type(number) == PhoneNumberType.TOLL_FREE,
        fax=label == "fax",
    )


_HREF_SCHEME = re.compile(r"^\s*(?:tel|callto|phone|sms)\s*:\s*(?://)?", re.IGNORECASE)


def parse_phone(value: str, region: str | None, alternatives: tuple[str, ...] = ()) -> str | None:
    """E.164 of one phone string (schema.org `telephone`), or None when it is not valid; else
    the number in the only one of `alternatives` where it is valid."""
    found = _parse_one(value, region)
    if found is None and alternatives:
        readings = {e for alt in alternatives if (e := _parse_one(value, alt))}
        found = readings.pop() if len(readings) == 1 else None
    return found


def _parse_one(value: str, region: str | None) -> str | None:
    if not value:
        return None
    text = _HREF_SCHEME.sub("", value.strip())
    text = re.split(r"\s*(?:;|,|\?|\bext\.?\b|\bx\b|\bextensi[oó]n\b)", text, maxsplit=1,
                    flags=re.IGNORECASE)[0]
    text = text.strip()
    if not text or sum(c.isdigit() for c in text) < 5:
        return None
    region = region.upper() if region else None
    number = _parse_valid(text, region)
    if number is None:
        digits = re.sub(r"\D", "", text)
        if text.startswith("00") and len(digits) > 10:
            number = _parse_valid("+" + digits[2:], None)
        elif not text.startswith("+") and len(digits) >= 11:
            number = _parse_valid("+" + digits, None)  # "34912345678" written without "+"
    return _e164(number) if number is not None else None


def parse_tel_href(href: str, region: str | None, alternatives: tuple[str, ...] = ()) -> str | None:
    """E.164 from a tel:/callto: link (URL-encoded, spaced, tel://, ;ext=), or None."""
    if not href or not _HREF_SCHEME.match(href):
        return None
    return parse_phone(unquote(href), region, alternatives)


def is_toll_free(e164: str) -> bool:
    """True for numbers the caller does not pay for (phonenumbers type TOLL_FREE)."""
    number = _parse_valid(e164, None)
    return number is not None and phonenumbers.number_type(number) == PhoneNumberType.TOLL_FREE
