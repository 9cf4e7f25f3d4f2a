"""Lighthouse's output conventions through the real CLI: `--output FORMAT` (repeatable) with
`--output-path`, `-` for stdout (then every message goes to stderr), `--json -`, `--quiet`,
`--view`, global flags on either side of the subcommand, JUnit and CSV reports, and a progress
display that ends at the real page count."""
from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from conftest import child_env
from touchaudit.cli import parser

PARTIAL_SHOP = {  # two contact channels (partial) and a reply promised in 5 days (partial)
    "index.html": "<header><a href='/contacto.html'>Contacto</a></header><main><h1>Cerámica Nube</h1>"
                  "<p>Tazas y cuencos hechos a mano en nuestro taller.</p></main>"
                  "<footer>Teléfono: <a href='tel:+34913456789'>913 456 789</a> · "
                  "<a href='mailto:hola@ceramicanube.es'>hola@ceramicanube.es</a></footer>",
    "contacto.html": "<header><a href='/contacto.html'>Contacto</a></header><main><h1>Contacto</h1>"
                     "<p>Escríbenos y te respondemos en un plazo de 5 días.</p></main>"
                     "<footer>Teléfono: <a href='tel:+34913456789'>913 456 789</a></footer>",
}


def write_site(root: Path, pages: dict[str, str]) -> Path:
    for path, body in pages.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"<!doctype html><html lang='es'><head><title>{path}</title></head><body>{body}</body></html>",
                          "utf-8")
    return root


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "touchaudit.cli", *args], cwd=cwd, env=env or child_env(),
                          capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def partial_url(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from conftest import ShopServer

    server = ShopServer(write_site(tmp_path_factory.mktemp("partial-shop"), PARTIAL_SHOP))
    yield server.url("/")
    server.stop()


def test_json_to_stdout_is_pipeable_and_messages_go_to_stderr(tmp_path: Path, shop: Any) -> None:
    for flags in (["--output", "json", "--output-path", "-"], ["--json", "-"]):
        run = cli("audit", shop("es_bare").url("/"), "--no-progress", *flags, cwd=tmp_path)
        assert run.returncode == 0, run.stderr
        data = json.loads(run.stdout)  # the whole of stdout is the report: `| jq .score` works
        assert isinstance(data["score"], int) and data["scan"]["status"] == "ok"
        # the summary speaks the report's language: the shop's own, Spanish
        assert f"puntuación: {data['score']}/100" in run.stderr and "arregla esto primero:" in run.stderr
        assert list(tmp_path.iterdir()) == []  # and no default files were written beside it


def test_several_formats_at_one_output_path_and_quiet(tmp_path: Path, partial_url: str) -> None:
    run = cli("audit", partial_url, "--no-progress", "-o", "json", "-o", "html", "-o", "md", "-o", "csv",
              "-o", "junit", "--output-path", str(tmp_path / "reports" / "run"), "--quiet", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout == "" and run.stderr == ""  # --quiet: nothing but errors
    written = sorted(p.name for p in (tmp_path / "reports").iterdir())
    assert written == ["run.csv", "run.html", "run.json", "run.md", "run.xml"]
    data = json.loads((tmp_path / "reports" / "run.json").read_text("utf-8"))
    assert "<!DOCTYPE html>" in (tmp_path / "reports" / "run.html").read_text("utf-8")
    row, = csv.DictReader(io.StringIO((tmp_path / "reports" / "run.csv").read_text("utf-8")))
    assert row["url"] == data["site"]["url"] and row["score"] == str(data["score"])
    assert row["contact_channels"] == "partial"


def test_junit_has_one_testcase_per_check_with_evidence_as_the_failure_message(tmp_path: Path, partial_url: str) -> None:
    run = cli("audit", partial_url, "--no-progress", "--output", "junit", "--output-path", "-", "--json",
              str(tmp_path / "r.json"), "--assert", "phone=pass", "--assert", "score>=99", "--lang", "en", cwd=tmp_path)
    assert run.returncode == 1, run.stderr  # score>=99 does not hold
    data = json.loads((tmp_path / "r.json").read_text("utf-8"))
    root = ET.fromstring(run.stdout)
    checks, gates = root.findall("testsuite")
    cases = {c.get("name").split(":")[0]: c for c in checks.findall("testcase")}
    assert set(cases) == {c["id"] for c in data["checks"]}
    statuses = {c["id"]: c for c in data["checks"]}
    assert checks.get("failures") == str(sum(c["status"] in ("fail", "partial") for c in data["checks"]))
    channels = statuses["contact_channels"]
    assert channels["status"] == "partial"
    failure = cases["contact_channels"].find("failure")
    assert failure is not None and failure.get("type") == "partial"
    assert failure.get("message").startswith(channels["evidence"][0]["url"])  # the evidence is the message
    assert cases["phone"].find("failure") is None and statuses["phone"]["status"] == "pass"
    failed_check = next(c for c in data["checks"] if c["status"] == "fail")
    assert cases[failed_check["id"]].find("failure").get("type") == "fail"
    assert [c.get("name") for c in gates.findall("testcase")] == ["phone=pass", "score>=99"]
    assert gates.find("testcase[@name='phone=pass']/failure") is None
    assert "score is " in gates.find("testcase[@name='score>=99']/failure").get("message")


def test_only_one_report_can_go_to_stdout(tmp_path: Path) -> None:
    run = cli("audit", "https://tienda.example/", "-o", "json", "-o", "html", "--output-path", "-", cwd=tmp_path)
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "one report to stdout" in run.stderr
    run = cli("audit", "https://tienda.example/", "--json", "-", "-o", "md", "--output-path", "-", cwd=tmp_path)
    assert run.returncode == 2 and "only one report can go to stdout" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_global_flags_work_before_or_after_the_subcommand(tmp_path: Path, shop: Any) -> None:
    for argv in (["--traceback", "-v", "audit", "https://x.example/"], ["audit", "https://x.example/", "--traceback", "-v"]):
        args = parser().parse_args(argv)
        assert args.traceback is True and args.verbose is True and args.quiet is False
    assert parser().parse_args(["history", "https://x.example/", "-q"]).quiet is True
    assert parser().parse_args(["audit", "https://x.example/"]).traceback is False
    url = shop("es_bare").url("/")
    before = cli("-q", "audit", url, "--no-progress", "--json", "a.json", cwd=tmp_path)
    after = cli("audit", url, "--no-progress", "--json", "b.json", "-q", cwd=tmp_path)
    assert before.returncode == after.returncode == 0
    assert before.stdout == after.stdout == "" and before.stderr == after.stderr == ""
    assert (tmp_path / "a.json").is_file() and (tmp_path / "b.json").is_file()  # quiet, not idle


def test_view_opens_the_html_report_in_the_browser(tmp_path: Path, shop: Any) -> None:
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "fake-browser"
    browser.write_text(f"#!/bin/sh\necho \"$1\" >> {opened}\n", "utf-8")
    browser.chmod(0o755)
    env = {**child_env(), "BROWSER": str(browser)}  # how Python's webbrowser finds the user's browser
    run = cli("audit", shop("es_bare").url("/"), "--no-progress", "--json", "r.json", "--view", cwd=tmp_path, env=env)
    assert run.returncode == 0, run.stderr
    html = next(tmp_path.glob("touchaudit-*.html"))  # --view added the HTML report it opens
    assert opened.read_text("utf-8").split() == [html.resolve().as_uri()]


def run_in_terminal(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run the CLI with stderr on a pseudo-terminal (so rich shows its progress); return what it drew."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "touchaudit.cli", *args], cwd=cwd, env={**child_env(), "COLUMNS": "120"},
                            stdout=subprocess.DEVNULL, stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain)
    reader.start()
    code = proc.wait(timeout=180)
    reader.join(timeout=10)
    os.close(master)
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", b"".join(chunks).decode("utf-8", "replace"))
    return code, screen


def test_progress_ends_at_the_real_page_count(tmp_path: Path, shop: Any) -> None:
    code, screen = run_in_terminal(["audit", shop("es_bare").url("/"), "--json", "r.json", "--budget", "40"], tmp_path)
    assert code == 0, screen[-2000:]
    fetched = json.loads((tmp_path / "r.json").read_text("utf-8"))["scan"]["pages_fetched"]
    counts = re.findall(r"(\d+) pages?\b", screen)
    assert counts and counts[-1] == str(fetched) and fetched < 40, screen[-500:]
    assert "/40" not in screen  # never "12/40"
