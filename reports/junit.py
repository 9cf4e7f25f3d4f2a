"""The audit as JUnit XML, so CI systems show it in their test tab: one testcase per check.

`fail` and `partial` are failures whose message is the evidence (or, when nothing was found, the
finding and where touchaudit looked); `error` is an error; `not_applicable` is skipped. Assertions,
when given, are a second suite. Shop text is written through ElementTree, which escapes it, after
dropping the control characters XML 1.0 cannot carry.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from touchaudit.assertions import Verdict
from touchaudit.reports.formatting import pick
from touchaudit.reports.i18n import get_translations, resolve_language

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MAX_MESSAGE = 500


def _text(value: Any) -> str:
    return _NOT_XML.sub("", "" if value is None else str(value))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def _evidence_lines(check: Mapping[str, Any]) -> list[str]:
    return [f"{e.get('url', '')} — {e.get('snippet', '')}".strip(" —") for e in check.get("evidence") or ()
            if isinstance(e, Mapping)]


def _testcase(parent: ET.Element, check: Mapping[str, Any], lang: str) -> str:
    cid, status = str(check.get("id", "")), str(check.get("status", ""))
    t = get_translations(lang)
    case = ET.SubElement(parent, "testcase", classname=f"touchaudit.{_text(check.get('category', 'other'))}",
                         name=_text(f"{cid}: {pick(check.get('title'), lang, cid)}"), time="0")
    summary = pick(check.get("summary"), lang)
    evidence = _evidence_lines(check)
    if status in ("fail", "partial"):
        body = [summary, *evidence, t.gettext("Recommendation") + ": " + pick(check.get("recommendation"), lang)]
        failure = ET.SubElement(case, "failure", type=status, message=_text(_short(evidence[0] if evidence else summary or status)))
        failure.text = _text("\n".join(line for line in body if line))
    elif status == "error":
        why = t.gettext(str(check["error"])) if check.get("error") else summary or status  # the runner's are msgids
        error = ET.SubElement(case, "error", type="error", message=_text(_short(why)))
        error.text = _text(summary)
    elif status == "not_applicable":
        ET.SubElement(case, "skipped", message=_text(_short(summary or status)))
    elif evidence or summary:
        ET.SubElement(case, "system-out").text = _text("\n".join([summary, *evidence]).strip())
    return status


COUNTS = ("tests", "failures", "errors", "skipped")


def _count(suite: ET.Element, statuses: Sequence[str]) -> None:
    counts = (len(statuses), sum(s in ("fail", "partial") for s in statuses), statuses.count("error"),
              statuses.count("not_applicable"))
    for name, value in zip(COUNTS, counts, strict=True):
        suite.set(name, str(value))


def render_junit(result: Mapping[str, Any], lang: str, verdicts: Iterable[Verdict] = ()) -> str:
    lang = resolve_language(lang)
    site = (result.get("site") or {}).get("url", "")
    scan = result.get("scan") or {}
    root = ET.Element("testsuites", name="touchaudit")
    stamp = _text(scan.get("finished_at") or "")
    suite = ET.SubElement(root, "testsuite", name=_text(f"touchaudit {site}"), timestamp=stamp)
    props = ET.SubElement(suite, "properties")
    for key, value in (("url", site), ("score", result.get("score")), ("scan_status", scan.get("status")),
                       ("pages_fetched", scan.get("pages_fetched"))):
        ET.SubElement(props, "property", name=key, value=_text("" if value is None else value))
    statuses = [_testcase(suite, c, lang) for c in result.get("checks") or () if isinstance(c, Mapping)]
    _count(suite, statuses)
    verdicts = list(verdicts)
    if verdicts:
        gates = ET.SubElement(root, "testsuite", name=_text(f"touchaudit assertions {site}"), timestamp=stamp)
        for v in verdicts:
            case = ET.SubElement(gates, "testcase", classname="touchaudit.assertions", name=_text(str(v.assertion)), time="0")
            if not v.ok:
                ET.SubElement(case, "failure", type="assertion", message=_text(v.message))
        _count(gates, ["pass" if v.ok else "fail" for v in verdicts])
    for name in COUNTS:
        root.set(name, str(sum(int(s.get(name, "0")) for s in root.iter("testsuite"))))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
