"""Find customer-service or opening hours in text and in schema.org data.

A time range alone is ambiguous (a delivery slot, an event, "24-48 h", a size "36-40"), so a
range counts only with days beside it ("L-V 9:00-18:00", "9am-6pm Monday to Friday") or right
after a schedule label ("Horario: 10:00 - 20:00", where the times must look like times). The
24/7 forms ("24/7", "24 horas al día, 7 días a la semana", "365 días al año", "atención 24
horas") set `always_open`. Every scan starts on a digit, so text without digits costs nothing and
50 KB costs about a millisecond; offsets are the original text's (matching runs on the
same-length `lower_same_length` copy).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from touchaudit.text.durations import accent_tolerant, lower_same_length
from touchaudit.text import lexicon
from touchaudit.text.normalize import squash

__all__ = ["HoursMatch", "find_support_hours", "hours_from_schema"]


@dataclass(frozen=True)
class HoursMatch:
    """One hours phrase; `text` is text[start:end] with spacing collapsed."""

    text: str
    start: int
    end: int
    always_open: bool


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(accent_tolerant(pattern))


_DASH = "\\-\u2010-\u2015\u2212"


def _words(key: str) -> str:
    """One language-data list (vocab/<lang>.toml, hours.<key>) as an alternation, longest first."""
    return "|".join(sorted(lexicon.union(f"hours.{key}"), key=len, reverse=True))


_DAY = "(?:" + _words("days") + r")(?!\w)\.?"
_TWO = _words("two_letter_days")
_ONE = "".join(dict.fromkeys("".join(lexicon.entries("hours.one_letter_days").values())))
_DAY_JOIN = r" ?(?:[" + _DASH + r",/&]|" + _words("day_joins") + r") ?"
_DAYSPEC = (
    r"(?:(?:(?:" + _words("day_prefixes") + r") )?" + _DAY + r"(?:" + _DAY_JOIN
    + r"(?:(?:el|los|la|le|il|o|a) )?" + _DAY + r")*"
    r"|(?<!\w)[" + _ONE + r"]\.? ?(?:[" + _DASH + r"]|a|al) ?[" + _ONE + r"](?!\w)\.?"
    r"|(?<![\w:])[" + _ONE + r"](?= ?:)"
    r"|(?<!\w)(?:" + _TWO + r")\.? ?(?:[" + _DASH + r"]|a|al|to|bis) ?(?:" + _TWO + r")(?!\w)\.?"
    r"|" + _words("every_day") + ")"
)
_LABEL = "(?:" + _words("labels") + ")"
_TZ = (r"(?: ?\(?(?:hora (?:peninsular|local|de (?:espana|madrid|mexico|argentina|chile|colombia"
       r"|lima|brasilia|canarias))|horario (?:peninsular|local|de brasilia|del centro)|(?:eastern"
       r"|central|mountain|pacific|atlantic)(?: standard| daylight)? time|hora del (?:centro|este"
       r"|pacifico)|[pmce][sd]?t|gmt"
       r"(?: ?[+" + _DASH + r"] ?\d{1,2})?|utc(?: ?[+" + _DASH + r"] ?\d{1,2})?|cet|cest|bst"
       r"|brt|art|clt|cot)\)?(?!\w))")
# A time may run into the next day's name in text pulled from markup ("8pmSaturday").
_TIME_END = r"(?:(?!\w)|(?=mon|tue|wed|thu|fri|sat|sun|lun|mar|mie|jue|vie|sab|dom|seg|sex))"
_SUFFIX = _words("time_suffixes")
_TIME = r"\d{1,2}(?:[:.h]\d{2}|h" + _TIME_END + r")?(?: ?(?:" + _SUFFIX + r")" + _TIME_END + r")?"
_TIME_SEP = r" ?(?:[" + _DASH + r"]|" + _words("time_joins") + r") ?(?:las ?)?"
_RANGE = _TIME + _TIME_SEP + _TIME
_RANGES = _rx(
    r"(?<![\w/,#€$£+])(?:(?<=[^\W\d_]\.)|(?<!\.))" + _RANGE + r"(?:(?: ?[,;/]| y| and| e| et| und| &)(?: ?(?:" + _words("from_words") + r"))?"
    r" ?" + _RANGE + r")*"
)
_ONE_TIME = re.compile(r"(\d{1,2})(?:[:.h](\d{2}))?\s*(a\.?\s?m|p\.?\s?m|hs|hrs|horas|heures|hr|uhr|ore|h)?")
_DAYS_BEFORE = _rx(r"(?:(?<!\w)|(?<=[ap]m))(?P<days>" + _DAYSPEC
                   + r")(?: ?\([^()\n]{0,30}\))?[ ,:;\n" + _DASH
                   + r"]*(?:(?:" + _words("from_words") + r") )?(?:las )?$")
_LABEL_BEFORE = _rx(r"(?<!\w)(?P<label>" + _LABEL + r") ?:? ?(?:(?:" + _words("from_words") + r") )?$")
_DAYS_AFTER = _rx(r"" + _TZ + r"?[ ,;:" + _DASH + r"]*(?:\(|(?:" + _words("day_prefixes") + r"|de la|,) )?"
                  r"(?P<days>" + _DAYSPEC + r")")
_TZ_AFTER = _rx(_TZ)
_NOT_CLOCK_AFTER = _rx(r" ?(?:dias|days|semanas|weeks|meses|months|anos|years|min\w*"
                       r"|habiles|laborables|[%€$£x]|cm|mm|kg|gb|años)")

_DIGIT = re.compile(r"\d")
_ALWAYS = _rx(
    r"24(?<![\d/.,:]24)(?: ?/ ?7(?! ?/ ?(?!365)\d)(?!\d)(?: ?/ ?365)?| ?x ?7(?!\d)"
    r"| ?h ?/ ?7 ?d?(?!\w)"
    r"| ?(?:horas|hours|hrs|h|hs)(?: (?:al dia|a day|per day|por dia|ao dia|del dia))?"
    r"(?:,? (?:los |os )?(?:7|siete|seven|sete) (?:dias|days)(?: (?:a la|de la|por|a|da|of the"
    r"|per) (?:semana|week))?)?(?!\w))"
)
_ALWAYS_365 = _rx(r"365(?<![\d/.,:]365) (?:dias|days) (?:al|del|a|por|ao|of the|per) (?:ano|year)"
                  r"(?!\w)")
_SERVICE_BEFORE = _rx(r"(?<!\w)(?:" + _words("service") + r")[ :,]*$")
_SERVICE_AFTER = _rx(r" ?(?:" + _words("service") + r")(?!\w)")
_SERVICE_WORD = _rx(r"(?<!\w)(?:" + _words("service") + r")(?!\w)")
_GAP_WORD = re.compile(r"[^\W\d_]{2,}")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_ALWAYS_WORDS = _rx(r"(?<!\w)(?:" + _words("always") + r")(?!\w)")
_JOIN = re.compile(r"[\s,;|/·•.]*(?:y|and|e|los|os|the)?[\s,;|/·•]*")
_WINDOW = 80


def _times(phrase: str) -> list[tuple[int, int, bool]] | None:
    """(hour, minute, looks like a clock) for each time in a range phrase, or None if invalid."""
    out: list[tuple[int, int, bool]] = []
    for m in _ONE_TIME.finditer(phrase):
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        suffix = (m.group(3) or "").replace(" ", "").replace(".", "")
        if suffix in ("am", "pm"):
            if not 1 <= hour <= 12:
                return None
        elif hour > 24:
            return None
        if minute > 59:
            return None
        out.append((hour, minute, bool(m.group(2) or suffix)))
    return out


def _clock_ranges(text: str, low: str) -> list[tuple[int, int]]:
    """Spans of time ranges that have days or a schedule label beside them."""
    spans: list[tuple[int, int]] = []
    for m in _RANGES.finditer(low):
        times = _times(m.group())
        if not times or len(times) < 2 or _NOT_CLOCK_AFTER.match(low, m.end()):
            continue
        start, end = m.start(), m.end()
        window_start = max(0, start - _WINDOW)
        days = _DAYS_BEFORE.search(low, window_start, start)
        tz = _TZ_AFTER.match(low, end)
        if tz:
            end = tz.end()
        if days and low.count("\n", days.end("days"), start) <= 1:
            spans.append((days.start("days"), end))
            continue
        after = _DAYS_AFTER.match(low, end, min(len(low), end + _WINDOW))
        if after and "\n" not in low[end:after.start("days")]:
            spans.append((start, after.end("days")))
            continue
        label = _LABEL_BEFORE.search(low, window_start, start)
        if label and any(clock for _, _, clock in times):
            spans.append((label.start("label"), end))
            continue
        service = _service_before(low, window_start, start, times)
        if service is not None:
            spans.append((service, end))
    return spans


def _service_before(low: str, window_start: int, start: int, times: list[tuple[int, int, bool]]) -> int | None:
    """Where a service line begins whose clock range follows its phone number ("Servicehotline:
    Tel. 0800 400 235 (kostenfrei) 07:00 - 22:00 Uhr", "Atención al cliente 900 123 456 de 9:00 a
    18:00"): a service word, then nothing but punctuation, or a phone number with up to three short
    words ("Tel.", "kostenfrei"), on its next lines at most (a <br> each), then two clock times at least three hours apart (a delivery slot is shorter; an hours
    figure without minutes is a duration)."""
    if not all(clock for _, _, clock in times[:2]):
        return None
    (h1, m1, _), (h2, m2, _) = times[:2]
    minutes = (h2 * 60 + m2) - (h1 * 60 + m1)
    if (minutes if minutes > 0 else minutes + 720) < 180:  # "8am - 8pm": twelve hours
        return None
    found = None
    for found in _SERVICE_WORD.finditer(low, window_start, start):
        pass
    if found is None:
        return None
    between = low[found.end():start]
    if between.count("\n") > 2 or _BLANK_LINE.search(between):  # its own lines (<br>), not another block
        return None
    gap = _GAP_WORD.findall(between)
    if gap and sum(c.isdigit() for c in between) < 6:  # words between: only around the line's phone number
        return None
    return found.start() if len(gap) <= 3 and all(len(w) <= 12 for w in gap) else None


def _always_spans(low: str) -> list[tuple[int, int]]:
    """Spans of 24/7 phrases; a bare "24 horas" counts only after a service word."""
    spans: list[tuple[int, int]] = []
    hits = [(m, True) for m in _ALWAYS.finditer(low)] + [
        (m, False) for m in (*_ALWAYS_365.finditer(low), *_ALWAYS_WORDS.finditer(low))]
    for m, is_24 in hits:
        start, end = m.start(), m.end()
        phrase = m.group()
        service = _SERVICE_BEFORE.search(low, max(0, start - 40), start)
        bare_hours = is_24 and "7" not in phrase[2:] and not re.search(
            r"siete|seven|sete|dia|day", phrase)
        if bare_hours and "/" not in phrase and "x" not in phrase and service is None:
            continue  # "envío en 24 horas" is a delivery time, not opening hours
        if service is not None:
            start = service.start()
        following = _SERVICE_AFTER.match(low, end)
        if following and service is None:
            end = following.end()
        spans.append((start, end))
    return spans


def find_support_hours(text: str) -> list[HoursMatch]:
    """Service or opening hours phrases in visible text, in order, neighbours merged."""
    if not _DIGIT.search(text):  # every pattern below needs a digit (a C-speed test, not a loop over characters)
        return []
    low = lower_same_length(text)
    spans = [(s, e, False) for s, e in _clock_ranges(text, low)]
    spans += [(s, e, True) for s, e in _always_spans(low)]
    spans.sort()
    merged: list[tuple[int, int, bool]] = []
    for start, end, always in spans:
        if merged and (start <= merged[-1][1] or _JOIN.fullmatch(low, merged[-1][1], start)):
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2] or always)
        else:
            merged.append((start, end, always))
    return [HoursMatch(squash(text[s:_trim(text, e)]), s, _trim(text, e), always)
            for s, e, always in merged]


def _trim(text: str, end: int) -> int:
    """Drop a sentence's full stop after a whole day name ("Monday thru Friday.")."""
    if text[end - 1] == "." and text[max(0, end - 5):end - 1].isalpha():
        return end - 1
    return end


_SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _day_name(value: Any) -> str | None:
    """"https://schema.org/Monday", "schema:Monday", {"@id": ...} or "Monday" -> "Monday"."""
    if isinstance(value, Mapping):
        value = value.get("@id") or value.get("name")
    if not isinstance(value, str) or not value.strip():
        return None
    name = re.split(r"[/#:]", value.strip())[-1].strip()
    return name[:1].upper() + name[1:] if name else None


def _days_text(days: list[str]) -> str:
    """Consecutive weekdays as a range ("Monday-Friday"), others listed in order."""
    known = [d for d in _SCHEMA_DAYS if d in days]
    others = [d for d in days if d not in _SCHEMA_DAYS]
    parts: list[str] = []
    i = 0
    while i < len(known):
        j = i
        while j + 1 < len(known) and _SCHEMA_DAYS.index(known[j + 1]) == _SCHEMA_DAYS.index(
                known[j]) + 1:
            j += 1
        parts.append(known[i] if j - i < 2 else f"{known[i]}-{known[j]}")
        if j - i == 1:
            parts.append(known[j])
        i = j + 1
    return ", ".join(parts + others)


def _clock(value: Any) -> str:
    text = str(value).strip() if value is not None else ""
    m = re.fullmatch(r"(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:[+-]\d{2}:?\d{2}|Z)?", text)
    return f"{int(m.group(1)):02d}:{m.group(2)}" if m else text


def _specification(spec: Mapping[str, Any]) -> str | None:
    raw_days = spec.get("dayOfWeek")
    day_values = raw_days if isinstance(raw_days, list) else [raw_days]
    days = [d for d in (_day_name(v) for v in day_values) if d]
    opens, closes = _clock(spec.get("opens")), _clock(spec.get("closes"))
    times = f"{opens}-{closes}" if opens and closes else opens or closes
    text = " ".join(part for part in (_days_text(days), times) if part)
    return text or None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def hours_from_schema(node: Mapping[str, Any]) -> list[str]:
    """Readable hours from a schema.org node: `openingHours` strings and the
    OpeningHoursSpecification objects of `openingHoursSpecification` or `hoursAvailable`
    (on the node itself or on its `contactPoint`s), in order and without repeats.
    """
    found: list[str] = []
    nodes: list[Mapping[str, Any]] = [node] + [
        c for c in _as_list(node.get("contactPoint")) if isinstance(c, Mapping)]
    for item in nodes:
        for value in _as_list(item.get("openingHours")):
            if isinstance(value, str) and value.strip():
                found.append(squash(value))
        specs = _as_list(item.get("openingHoursSpecification")) + _as_list(
            item.get("hoursAvailable"))
        if "dayOfWeek" in item or "opens" in item:
            specs.append(item)  # the node is itself an OpeningHoursSpecification
        for spec in specs:
            if isinstance(spec, Mapping):
                text = _specification(spec)
                if text:
                    found.append(text)
            elif isinstance(spec, str) and spec.strip():
                found.append(squash(spec))
    return list(dict.fromkeys(found))
