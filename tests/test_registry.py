"""Meta-tests over the check registry: the catalogue is complete, documented and said in every language."""
from __future__ import annotations

from pathlib import Path

from touchaudit.registry import CATEGORIES, all_checks, get
from touchaudit.reports.i18n import get_translations

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
CONTACT_IDS = {"phone", "address", "email", "contact_channels", "contact_reachable"}


def test_contact_checks_exist_with_metadata() -> None:
    ids = {c.meta.id for c in all_checks()}
    assert CONTACT_IDS <= ids
    for check in all_checks():
        meta = check.meta
        assert meta.category in CATEGORIES and meta.weight > 0
        assert meta.title and len(meta.recommendation) > 40  # English msgids of the catalogue
        for lang in ("es", "pt"):  # said in the catalogue's words (test_report_html checks every msgid)
            t = get_translations(lang)
            assert t.gettext(meta.title) != meta.title and t.gettext(meta.recommendation) != meta.recommendation
        assert meta.source.endswith(".txt") and meta.source[:3].isdigit()
        if SEEDS.is_dir():
            assert (SEEDS / meta.source).is_file(), meta.source
        assert "Pass" in check.doc and "Good:" in check.doc and "Bad:" in check.doc, meta.id


def test_get_by_id() -> None:
    assert get("phone").meta.category == "contact"
