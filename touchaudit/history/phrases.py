"""Every sentence the history layer shows, as catalogue msgids (reports/locale/<lang>.po).

Fact names are public (spec/checks.md), so they get labels here; a fact added later still reads
acceptably through `label()`'s fallback. A fact that can be added or removed has its own whole
sentences ("phone %(value)s added"), so each language agrees them as it must ("teléfono …
eliminado", "dirección … eliminada") instead of gluing a label to a participle.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from touchaudit.message import N_, N_plural
from touchaudit.reports.i18n import get_translations


@dataclass(frozen=True)
class Label:
    name: str  # the fact in words (msgid), for "name: before → after" and "name before → after"
    added: str = ""  # msgid of the whole sentence, with %(value)s
    removed: str = ""
    unit: str | None = None  # "days" / "percent": how values are written
    yes_no: bool = False  # a boolean fact: always written "label: yes → no", even from "not stated"
    vocabulary: bool = False  # values are the spec's vocabulary ids, shown in words


def _fact(name: str, added: str, removed: str, **how: Any) -> Label:
    return Label(name, added, removed, **how)


def _flag(name: str) -> Label:
    return Label(name, yes_no=True)


# (check, fact) first, then fact alone: the same fact name can mean different things per check.
LABELS: dict[tuple[str, str] | str, Label] = {
    ("phone", "numbers"): _fact(N_("phone"), N_("phone %(value)s added"), N_("phone %(value)s removed")),
    "click_to_call": _flag(N_("click-to-call link")),
    "toll_free": _flag(N_("toll-free number")),
    "in_header_or_footer": _flag(N_("phone in header or footer")),
    "addresses": _fact(N_("address"), N_("address %(value)s added"), N_("address %(value)s removed")),
    ("address", "structured"): _flag(N_("structured address (schema.org)")),
    "map_link": _flag(N_("map link")),
    "emails": _fact(N_("e-mail address"), N_("e-mail address %(value)s added"),
                    N_("e-mail address %(value)s removed")),
    "mailto": _flag(N_("mailto link")),
    ("contact_channels", "channels"): _fact(N_("contact channel"), N_("contact channel %(value)s added"),
                                            N_("contact channel %(value)s removed"), vocabulary=True),
    ("live_channel", "channels"): _fact(N_("live channel"), N_("live channel %(value)s added"),
                                        N_("live channel %(value)s removed"), vocabulary=True),
    "providers": _fact(N_("live help provider"), N_("live help provider %(value)s added"),
                       N_("live help provider %(value)s removed")),
    "contact_url": _fact(N_("contact page"), N_("contact page %(value)s added"), N_("contact page %(value)s removed")),
    "share_of_pages_linking": _fact(N_("pages linking to contact"), N_("pages linking to contact %(value)s added"),
                                    N_("pages linking to contact %(value)s removed"), unit="percent"),
    "linked_from_home": _flag(N_("contact linked from the home page")),
    "methods": _fact(N_("payment method"), N_("payment method %(value)s added"),
                     N_("payment method %(value)s removed"), vocabulary=True),
    "card_brands": _fact(N_("card brand"), N_("card brand %(value)s added"), N_("card brand %(value)s removed")),
    "installments": _flag(N_("payment in instalments")),
    "options": _fact(N_("shipping option"), N_("shipping option %(value)s added"),
                     N_("shipping option %(value)s removed"), vocabulary=True),
    "free_shipping_threshold": _fact(N_("free shipping threshold"), N_("free shipping threshold %(value)s added"),
                                     N_("free shipping threshold %(value)s removed")),
    ("return_policy", "url"): _fact(N_("returns page"), N_("returns page %(value)s added"),
                                    N_("returns page %(value)s removed")),
    "window_days": _fact(N_("return window"), N_("return window %(value)s added"),
                         N_("return window %(value)s removed"), unit="days"),
    "free_returns": _flag(N_("free returns")),
    ("return_policy", "structured"): _flag(N_("structured return policy")),
    ("delivery_time", "promises"): _fact(N_("delivery promise"), N_("delivery promise %(value)s added"),
                                         N_("delivery promise %(value)s removed")),
    ("response_time", "promises"): _fact(N_("reply-time promise"), N_("reply-time promise %(value)s added"),
                                         N_("reply-time promise %(value)s removed")),
    "hours_text": _fact(N_("service hours"), N_("service hours %(value)s added"), N_("service hours %(value)s removed")),
    "always_open": _flag(N_("24/7 service")),
    "kinds": _fact(N_("guarantee"), N_("guarantee %(value)s added"), N_("guarantee %(value)s removed"),
                   vocabulary=True),
    ("guarantee", "url"): _fact(N_("guarantee page"), N_("guarantee page %(value)s added"),
                                N_("guarantee page %(value)s removed")),
    "company": _fact(N_("company name"), N_("company name %(value)s added"), N_("company name %(value)s removed")),
    "tax_ids": _fact(N_("tax id"), N_("tax id %(value)s added"), N_("tax id %(value)s removed")),
    "legal_pages": _fact(N_("legal page"), N_("legal page %(value)s added"), N_("legal page %(value)s removed")),
    "caps_ratio": _fact(N_("body text in capitals"), N_("body text in capitals %(value)s added"),
                        N_("body text in capitals %(value)s removed"), unit="percent"),
}
# A fact this catalogue does not know yet: its name in words, in sentences with a placeholder.
OTHER_ADDED = N_("%(label)s %(value)s added")
OTHER_REMOVED = N_("%(label)s %(value)s removed")
CHANGED = N_("%(label)s %(before)s → %(after)s")
FLAG_CHANGED = N_("%(label)s: %(before)s → %(after)s")
PERCENT = N_("%(n)s%%")

# Facts that move on every crawl without meaning anything changed for a customer.
QUIET: frozenset[tuple[str, str] | str] = frozenset({"words", "count", ("no_shouting", "examples")})

# How a check's status is told in history lines ("pass → fail"); None: not in that scan.
STATUS = {
    "pass": N_("pass"), "partial": N_("partial"), "fail": N_("fail"), "not_applicable": N_("not applicable"),
    "error": N_("error"), None: N_("absent"),
}

# The lines of `touchaudit history`, the reports' "Since the last scan" and the alerts.
HEADING = N_plural("%(url)s: %(n)s scan", "%(url)s: %(n)s scans (newest first)")
ROW = N_("%(when)s  score %(score)s  %(status)s")
CHANGES = N_("What changed since %(when)s:")
SCORE = N_("score %(before)s → %(after)s")
CHECK = N_("%(title)s: %(before)s → %(after)s")
CHECK_FACTS = N_("%(title)s:")
CHECK_ADDED = N_("new check %(title)s: %(after)s")
CHECK_REMOVED = N_("check %(title)s no longer run (was %(before)s)")
NOTHING = N_("nothing changed")
ONLY_ONE = N_("Only one scan so far: nothing to compare yet.")
REGRESSED = N_("The shop got worse since the previous scan.")
UNKNOWN_SITE = N_("no scans of %(url)s in %(where)s")
NO_SCORE = "—"


def say(lang: str, msgid: str, **values: Any) -> str:
    """One history msgid in `lang`, its placeholders filled."""
    text = str(get_translations(lang).gettext(msgid))
    return text % values if values else text


def label(check: str, fact: str) -> Label:
    """The catalogue label, or the fact name in words for a fact this catalogue does not know yet."""
    found = LABELS.get((check, fact)) or LABELS.get(fact)
    return found if found is not None else Label(fact.replace("_", " "))


def is_quiet(check: str, fact: str) -> bool:
    return (check, fact) in QUIET or fact in QUIET


def fact_sentence(lang: str, kind: str, lab: Label, **values: Any) -> str:
    """One whole sentence for one fact change; the catalogue, not string glue, decides word order."""
    t = get_translations(lang)
    name = str(t.gettext(lab.name))  # an unknown fact's name is its id in words, untranslated
    if lab.yes_no or kind == "changed":
        return str(t.gettext(FLAG_CHANGED if lab.yes_no else CHANGED)) % {"label": name, **values}
    added = kind == "added"
    own = lab.added if added else lab.removed
    if own:
        return str(t.gettext(own)) % values
    other = OTHER_ADDED if added else OTHER_REMOVED
    return str(t.gettext(other)) % {"label": name, **values}
