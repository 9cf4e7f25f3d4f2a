"""One gettext catalogue per language (reports/locale/<lang>.po): complete, well formed, and the
only place the words of reports, checks, history and the web app live. Adding a language is adding
a file, which `--lang` then offers everywhere."""
from __future__ import annotations

import ast
from importlib import resources
from pathlib import Path

import pytest
from babel.messages import checkers
from babel.messages.catalog import TranslationError
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from conftest import ROOT
from touchaudit import cli
from touchaudit.config import ConfigError, build
from touchaudit.message import EXTRACT_KEYWORDS, Duration, msg, nmsg, words
from touchaudit.reports import i18n
from touchaudit.reports.sentences import say

LOCALE = resources.files("touchaudit.reports").joinpath("locale")
LANGUAGE_COMMANDS = ("audit", "demo", "portfolio", "history", "serve")


def extracted() -> set[str]:
    """Every msgid in the code, templates and articles.toml, found as `pybabel extract -F babel.cfg` finds them."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    for _, _, message, _, _ in extract_from_dir(str(ROOT), method_map, options_map,
                                                keywords={**DEFAULT_KEYWORDS, **EXTRACT_KEYWORDS}):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.fixture(scope="module")
def msgids() -> set[str]:
    return extracted()


@pytest.mark.parametrize("lang", i18n.available_languages())
def test_every_catalogue_says_every_msgid_in_its_own_words(lang: str, msgids: set[str]) -> None:
    with LOCALE.joinpath(f"{lang}.po").open("rb") as handle:
        catalogue = read_po(handle, locale=lang)
    have = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalogue if m.id}
    assert len(msgids) > 500 and not msgids - have, f"{lang}.po lacks {sorted(msgids - have)}"
    assert not have - msgids, f"{lang}.po has msgids no code uses: {sorted(have - msgids)}"
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, (lang, message.id)
        assert len(strings) == (catalogue.num_plurals if message.pluralizable else 1), (lang, message.id)
        try:
            checkers.python_format(catalogue, message)  # the same %(name)s placeholders as the msgid
        except TranslationError as exc:
            raise AssertionError(f"{lang}: {message.id!r}: {exc}") from None


def test_no_sentences_in_two_languages_left_in_code() -> None:
    """No {"es": …, "en": …} of sentences in any module or template (language -> region maps are data)."""
    found = []
    for folder in ("touchaudit", "checks", "reports", "spiders"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Dict):
                    pairs = {k.value: v for k, v in zip(node.keys, node.values) if isinstance(k, ast.Constant)}
                    if {"es", "en"} <= pairs.keys() and not all(
                            isinstance(pairs[k], ast.Constant) and str(pairs[k].value).isupper() for k in ("es", "en")):
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
        for path in (ROOT / folder).rglob("*.j2"):
            if '"es":' in path.read_text("utf-8"):
                found.append(str(path.relative_to(ROOT)))
    assert found == []


def test_lang_offers_the_catalogues_and_a_new_file_adds_a_language(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def choices() -> dict[str, tuple[str, ...]]:
        commands = next(a for a in cli.parser()._actions if a.dest == "command").choices
        return {name: tuple(next(a for a in commands[name]._actions if a.dest == "lang").choices)
                for name in LANGUAGE_COMMANDS}

    assert set(choices().values()) == {("en", "es", "pt")}
    english = LOCALE.joinpath("en.po").read_text("utf-8")
    french = english.replace("Language: en", "Language: fr").replace(
        'msgid "Fix these first"\nmsgstr "Fix these first"', 'msgid "Fix these first"\nmsgstr "À corriger d\'abord"')
    assert french != english
    (tmp_path / "fr.po").write_text(french, "utf-8")
    monkeypatch.setenv(i18n.LOCALE_DIR_ENV, str(tmp_path))  # a translator's file, before it is packaged
    assert set(choices().values()) == {("en", "es", "fr", "pt")}
    assert build({}, {"lang": "fr"}).lang == "fr" and i18n.autonyms()["fr"] == "Français"
    assert say(msg("Fix these first"), "fr") == "À corriger d'abord"
    with pytest.raises(ConfigError, match="lang = 'it': not a report language"):
        build({}, {"lang": "it"})


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ("1 contact channel: phone.", "3 contact channels: phone, e-mail, and WhatsApp.", "1–3 business days")),
    ("es", ("1 canal de contacto: teléfono.", "3 canales de contacto: teléfono, correo electrónico y WhatsApp.",
            "1–3 días hábiles")),
    ("pt", ("1 canal de contato: telefone.", "3 canais de contato: telefone, e-mail e WhatsApp.", "1–3 dias úteis")),
])
def test_a_message_is_said_with_the_languages_plurals_lists_and_units(lang: str, expected: tuple[str, ...]) -> None:
    def channels(ids: list[str]) -> str:
        return say(nmsg("%(n)s contact channel: %(channels)s.", "%(n)s contact channels: %(channels)s.", len(ids),
                        channels=words(ids)), lang)

    times = say(msg("Promised delivery times: %(times)s.", times=(Duration(1, 3, "business_days"),)), lang)
    assert (channels(["phone"]), channels(["phone", "email", "whatsapp"])) == expected[:2]
    assert expected[2] in times and times != "Promised delivery times: %(times)s."
