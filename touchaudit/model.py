"""Typed values that flow one way: PageRecord -> SiteSnapshot -> Outcome -> CheckResult -> AuditResult.

Everything here is a frozen dataclass or an enum and converts to plain JSON, so a snapshot can be
saved and audited again without crawling.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Mapping

from touchaudit.message import Message


class Zone(StrEnum):
    HEADER = "header"
    NAV = "nav"
    MAIN = "main"
    FOOTER = "footer"


class Role(StrEnum):
    HOME = "home"
    CONTACT = "contact"
    SHIPPING = "shipping"
    RETURNS = "returns"
    LEGAL = "legal"
    TERMS = "terms"
    PRIVACY = "privacy"
    FAQ = "faq"
    ABOUT = "about"
    PAYMENT = "payment"
    WARRANTY = "warranty"
    PRODUCT = "product"
    OTHER = "other"


class Status(StrEnum):
    PASS = "pass"
    PARTIAL = "partial"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    ERROR = "error"


class ScanStatus(StrEnum):
    OK = "ok"
    PARTIAL = "partial"
    UNREACHABLE = "unreachable"
    BLOCKED = "blocked"
    ERROR = "error"


STATUS_SCORE = {Status.PASS: 1.0, Status.PARTIAL: 0.5, Status.FAIL: 0.0}


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    zone: Zone
    hidden: bool = False  # in the HTML but hidden (display:none, hidden) until the page's scripts show it


@dataclass(frozen=True)
class Image:
    src: str
    alt: str
    zone: Zone
    hidden: bool = False
    tiny: bool = False  # declared 0 or 1 pixel wide or high: a tracking pixel, not a logo


@dataclass(frozen=True)
class FormField:
    name: str
    kind: str  # input type, "textarea" or "select"
    label: str


@dataclass(frozen=True)
class Form:
    action: str
    method: str
    zone: Zone
    fields: tuple[FormField, ...]
    hidden: bool = False


@dataclass(frozen=True)
class PageRecord:
    """What the checks need from one fetched page; built once, never the raw HTML."""

    url: str
    final_url: str
    status: int
    title: str
    language: str | None
    role: Role
    text: Mapping[str, str]  # Zone value -> visible text, blocks separated by newlines
    links: tuple[Link, ...] = ()
    images: tuple[Image, ...] = ()
    forms: tuple[Form, ...] = ()
    scripts: tuple[str, ...] = ()  # external script src and markers of inline widget loaders
    iframes: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()  # ids/classes of well-known widgets seen on the page
    structured: tuple[Mapping[str, Any], ...] = ()  # schema.org items (JSON-LD, microdata, RDFa)
    platform: str | None = None
    depth: int = 0
    rendered: bool = False  # built from the DOM a browser rendered, not the raw response
    # Zone value -> text of blocks hidden in the HTML until scripts show them (accordions, tabs,
    # responsive duplicates): facts count, prose measures (no_shouting) don't.
    hidden_text: Mapping[str, str] = field(default_factory=dict)
    locale: str | None = None  # a language tag with its region ("es-CL") the page declares, if any

    def zone_text(self, *zones: Zone) -> str:
        return "\n".join(self.text.get(z.value, "") for z in (zones or tuple(Zone)))

    @property
    def all_text(self) -> str:
        """The visible text (what prose measures such as no_shouting read)."""
        return self.zone_text()

    @property
    def fact_text(self) -> str:
        """Visible text, then text hidden until scripts show it: where facts are looked for."""
        hidden = "\n".join(self.hidden_text.get(z.value, "") for z in Zone)
        return self.all_text + "\n" + hidden if hidden.strip() else self.all_text


@dataclass(frozen=True)
class FailedPage:
    url: str
    kind: str  # timeout, dns, refused, tls, http_404, non_html, too_large, robots, ...
    detail: str


@dataclass(frozen=True)
class SiteSnapshot:
    """Everything the crawl learnt about one site: the only input of the checks."""

    url: str
    final_url: str
    pages: tuple[PageRecord, ...]
    failures: tuple[FailedPage, ...] = ()
    language: str | None = None
    country: str | None = None
    platform: str | None = None
    robots_ignored: bool = False
    budget: int = 0
    started_at: str = ""
    finished_at: str = ""
    status: ScanStatus = ScanStatus.OK
    reason: str | None = None
    reason_message: Message | None = None  # the reason as a sentence for reports (touchaudit.message)
    capture: Mapping[str, Any] | None = None  # archive written or replayed (path, mode, captured_at)
    render: Mapping[str, Any] | None = None  # how pages were rendered in a browser (touchaudit.render)
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def home(self) -> PageRecord | None:
        for page in self.pages:
            if page.role is Role.HOME:
                return page
        return self.pages[0] if self.pages else None

    def memoized(self, key: str, compute: Any) -> Any:
        """Shared detections (phones, channels) are computed once per site and reused by checks."""
        if key not in self.memo:
            self.memo[key] = compute(self)
        return self.memo[key]


@dataclass(frozen=True)
class Evidence:
    url: str
    snippet: str
    selector: str | None = None
    zone: str | None = None
    highlight: str | None = None  # the exact words in the snippet that are the finding
    seen: str | None = None  # how it was seen when not plainly: "hidden" (shown by scripts) or "rendered"
    note: str | None = None  # about a link's target: "link_not_read" (not opened), "link_broken" (404/410)
    # where it was read when not in the page's text (reports name it): "schema" (schema.org data),
    # "image" (a badge's file name or alt text), "markup" (a class or id), "script" (a widget's
    # script), "form" (a form's fields); the snippet is then only what was read there
    via: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What a check function returns; the runner adds metadata to make a CheckResult."""

    status: Status
    facts: Mapping[str, Any]
    evidence: tuple[Evidence, ...] = ()
    score: float | None = None  # defaults from status
    summary: Message | None = None  # said in every report language by the runner
    near_misses: tuple[Evidence, ...] = ()  # what almost counted (a policy link that answered 404)


@dataclass(frozen=True)
class CheckResult:
    id: str
    category: str
    status: Status
    score: float
    weight: float
    facts: Mapping[str, Any]
    evidence: tuple[Evidence, ...]
    title: Mapping[str, str]
    summary: Mapping[str, str]
    recommendation: Mapping[str, str]
    source: str
    error: str | None = None


@dataclass(frozen=True)
class CategoryScore:
    id: str
    score: int | None


@dataclass(frozen=True)
class AuditResult:
    tool: str
    version: str
    schema_version: int
    site: Mapping[str, Any]
    scan: Mapping[str, Any]
    score: int | None
    categories: tuple[CategoryScore, ...]
    checks: tuple[CheckResult, ...]

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON result (what `--json` writes and the schema describes)."""
        return to_jsonable(self)  # type: ignore[no-any-return]


def to_jsonable(value: Any) -> Any:
    """Dataclasses, enums, tuples and mappings to plain JSON types (memo fields dropped)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_jsonable(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name != "memo"
        }
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in value]
    return value


def page_from_dict(data: Mapping[str, Any]) -> PageRecord:
    """Rebuild a PageRecord from its JSON form (saved snapshots, Scrapy item exports)."""
    return PageRecord(
        url=data["url"],
        final_url=data["final_url"],
        status=int(data["status"]),
        title=data.get("title", ""),
        language=data.get("language"),
        role=Role(data.get("role", "other")),
        text=dict(data.get("text", {})),
        links=tuple(Link(l["url"], l["text"], Zone(l["zone"]), bool(l.get("hidden"))) for l in data.get("links", ())),
        images=tuple(Image(i["src"], i["alt"], Zone(i["zone"]), bool(i.get("hidden")), bool(i.get("tiny")))
                     for i in data.get("images", ())),
        forms=tuple(
            Form(
                f["action"], f["method"], Zone(f["zone"]),
                tuple(FormField(x["name"], x["kind"], x["label"]) for x in f["fields"]),
                bool(f.get("hidden")),
            )
            for f in data.get("forms", ())
        ),
        scripts=tuple(data.get("scripts", ())),
        iframes=tuple(data.get("iframes", ())),
        classes=tuple(data.get("classes", ())),
        structured=tuple(data.get("structured", ())),
        platform=data.get("platform"),
        depth=int(data.get("depth", 0)),
        rendered=bool(data.get("rendered", False)),
        hidden_text=dict(data.get("hidden_text", {})),
        locale=data.get("locale"),
    )


def snapshot_from_dict(data: Mapping[str, Any]) -> SiteSnapshot:
    return SiteSnapshot(
        url=data["url"],
        final_url=data["final_url"],
        pages=tuple(page_from_dict(p) for p in data.get("pages", ())),
        failures=tuple(FailedPage(**f) for f in data.get("failures", ())),
        language=data.get("language"),
        country=data.get("country"),
        platform=data.get("platform"),
        robots_ignored=bool(data.get("robots_ignored", False)),
        budget=int(data.get("budget", 0)),
        started_at=data.get("started_at", ""),
        finished_at=data.get("finished_at", ""),
        status=ScanStatus(data.get("status", "ok")),
        reason=data.get("reason"),
        capture=data.get("capture"),
        render=data.get("render"),
    )
