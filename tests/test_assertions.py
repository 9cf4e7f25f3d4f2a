"""LHCI-style CI gates through the real CLI: `--assert` flags and the config's `[assert]` table;
exit 1 lists each failed assertion on its own line, a bad assertion is a usage error before any
crawl. The comparison rules are data below."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from touchaudit.assertions import evaluate, parse
from touchaudit.config import ConfigError

from conftest import child_env

RESULT = {"score": 64, "categories": [{"id": "contact", "score": 70}, {"id": "trust", "score": None}],
          "checks": [{"id": "phone", "status": "pass"}, {"id": "email", "status": "partial"},
                     {"id": "no_shouting", "status": "not_applicable"}, {"id": "guarantee", "status": "error"},
                     {"id": "address", "status": "fail"}]}


@pytest.mark.parametrize(("condition", "holds", "actual"), [
    ("phone=pass", True, "pass"), ("phone==pass", True, "pass"), ("email=pass", False, "partial"),
    ("address!=fail", False, "fail"), ("email!=fail", True, "partial"), ("email>=partial", True, "partial"),
    ("address>=partial", False, "fail"), ("phone>partial", True, "pass"), ("email<pass", True, "partial"),
    ("no_shouting>=pass", True, "not_applicable"),  # nothing to judge satisfies an ordering (LHCI)
    ("no_shouting=pass", False, "not_applicable"), ("guarantee>=fail", False, "error"),
    ("category:contact>=70", True, "70"), ("category:contact>70", False, "70"), ("category:trust>=0", False, "absent"),
    ("score>=65", False, "64"), ("score<65", True, "64"), ("score=64", True, "64"), ("live_channel=pass", False, "absent"),
    ("PHONE = pass", True, "pass"),
])
def test_conditions(condition: str, holds: bool, actual: str) -> None:
    verdict, = evaluate([parse(condition)], RESULT)
    assert (verdict.ok, verdict.actual) == (holds, actual)


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "touchaudit.cli", *args], cwd=cwd, env=child_env(),
                          capture_output=True, text=True, timeout=180)


def test_failed_assertions_exit_1_and_are_listed_one_per_line(tmp_path: Path, shop: Any) -> None:
    run = cli("audit", shop("es_bare").url("/"), "--no-progress", "--json", "r.json",
              "--assert", "phone=pass", "--assert", "email=pass", "--assert", "return_policy!=fail",
              "--assert", "category:contact>=80", "--assert", "score>=10", cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    assert run.stderr.splitlines() == [
        "touchaudit: assertion failed: phone=pass: phone is fail",
        "touchaudit: assertion failed: return_policy!=fail: return_policy is fail",
        "touchaudit: assertion failed: category:contact>=80: category:contact is 25",
    ]
    assert "puntuación:" in run.stdout  # the usual summary is still there, in the shop's language


def test_config_assert_table_and_flags_that_replace_its_entries(tmp_path: Path, shop: Any) -> None:
    (tmp_path / "touchaudit.toml").write_text(
        '[audit]\nbudget = 10\n\n[assert]\nphone = "fail"\nemail = "!=pass"\n"category:etiquette" = 90\nscore = "<50"\n', "utf-8")
    url = shop("es_bare").url("/")
    strict = cli("audit", url, "--no-progress", "--json", "a.json", "--config", "touchaudit.toml", cwd=tmp_path)
    assert strict.returncode == 1
    assert strict.stderr.splitlines() == ["touchaudit: assertion failed: email!=pass: email is pass"]
    relaxed = cli("audit", url, "--no-progress", "--json", "b.json", "--config", "touchaudit.toml",
                  "--assert", "email=pass", cwd=tmp_path)
    assert relaxed.returncode == 0 and relaxed.stderr == ""


@pytest.mark.parametrize(("text", "message"), [
    ("phone is pass", "cannot read assertion 'phone is pass'"),
    ("phone=great", "'great' is not a status"),
    ("score>=high", "score is a score, compare it with a number 0-100"),
    ("category:contact>=101", "compare it with a number 0-100"),
    ("phone>=not_applicable", "only fail, partial and pass are ordered"),
])
def test_unreadable_conditions_say_why(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        parse(text)


@pytest.mark.parametrize(("args", "message"), [
    (["--assert", "phon=pass"], "assertion phon=pass: unknown check 'phon'"),
    (["--assert", "category:contacts>=80"], "unknown category 'contacts'"),
    (["--assert", "phone=great"], "'great' is not a status"),
])
def test_a_bad_assertion_is_a_usage_error_before_any_crawl(tmp_path: Path, args: list[str], message: str) -> None:
    run = cli("audit", "https://tienda.example/", *args, cwd=tmp_path)  # never fetched: the guard would refuse it
    assert run.returncode == 2
    assert len(run.stderr.splitlines()) == 1 and message in run.stderr, run.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_bad_assert_table_names_the_key(tmp_path: Path) -> None:
    (tmp_path / "touchaudit.toml").write_text('[assert]\nphone = true\n', "utf-8")
    run = cli("audit", "https://tienda.example/", "--config", "touchaudit.toml", cwd=tmp_path)
    assert run.returncode == 2 and "[assert] phone in touchaudit.toml must be a string" in run.stderr
