"""The command line as a user meets it: usage errors, unauditable sites, exit codes, scrapy crawl."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, child_env, run_cli


def write_site(root: Path, pages: dict[str, str]) -> Path:
    for path, body in pages.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"<!doctype html><html lang='es'><head><title>{path}</title></head><body>{body}</body></html>", "utf-8")
    return root


@pytest.mark.parametrize(
    "args, message",
    [
        (["audit"], "the following arguments are required: url"),
        (["audit", "ftp://tienda.example/"], "unsupported scheme 'ftp'"),
        (["audit", "not a url"], "not a web address"),
        (["audit", "https://tienda.example/", "--budget", "0"], "page budget"),
        (["audit", "https://tienda.example/", "--country", "Spain"], "two-letter code"),
        (["checks", "--explain", "nope"], "unknown check 'nope'"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "touchaudit.cli", *args], cwd=tmp_path, env=child_env(),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert lines[-1].startswith("touchaudit: ") and message in lines[-1]
    assert not list(tmp_path.iterdir())  # nothing written


def test_refused_connection_writes_report_and_exits_3(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    run = run_cli("audit", f"http://127.0.0.1:{port}/", cwd=tmp_path, timeout=120)
    assert run.code == 3
    assert run.json["scan"]["status"] == "unreachable"
    assert run.json["scan"]["errors"][0]["kind"] == "refused"
    assert run.json["score"] is None
    assert all(c["status"] == "error" for c in run.json["checks"])
    assert run.html and "refused" in run.html


def test_silent_server_times_out_as_unreachable(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)  # accepts connections in the kernel, never answers
        run = run_cli("audit", f"http://127.0.0.1:{sock.getsockname()[1]}/", "--timeout", "1", cwd=tmp_path)
    assert run.code == 3
    assert run.json["scan"]["status"] == "unreachable"
    assert run.json["scan"]["errors"][0]["kind"] == "timeout"


def test_404_home_page_is_not_auditable(tmp_path: Path, serve_dir: Any) -> None:
    site = write_site(tmp_path / "site", {"404.html": "<p>No existe</p>", "otra.html": "<p>x</p>"})
    server = serve_dir(site)
    run = run_cli("audit", server.url("/"), cwd=tmp_path)
    assert run.code == 3
    assert run.json["scan"]["status"] == "error"
    assert "http_404" in run.json["scan"]["reason"]


def test_broken_links_make_a_partial_scan_that_is_still_audited(tmp_path: Path, serve_dir: Any) -> None:
    site = write_site(tmp_path / "site", {
        "index.html": "<header><a href='/contacto.html'>Contacto</a> <a href='/envios.html'>Envíos</a></header>"
                      "<footer>Teléfono: <a href='tel:+34913456789'>913 456 789</a></footer>",
        "contacto.html": "<main><p>Escríbenos a hola@tienda-lumen.es</p></main>",
        "404.html": "<p>No existe</p>",
    })
    run = run_cli("audit", serve_dir(site).url("/"), cwd=tmp_path)
    assert run.code == 0
    scan = run.json["scan"]
    assert scan["status"] == "partial" and scan["pages_failed"] == 1
    assert scan["errors"] == [{"url": scan["errors"][0]["url"], "kind": "http_404", "detail": "HTTP 404"}]
    assert scan["errors"][0]["url"].endswith("/envios.html")
    statuses = {c["id"]: c["status"] for c in run.json["checks"]}
    assert statuses["phone"] == "pass" and statuses["email"] == "pass"


def test_fail_under_sets_exit_1(tmp_path: Path, shop: Any) -> None:
    run = run_cli("audit", shop("es_bare").url("/"), "--fail-under", "90", cwd=tmp_path)
    assert run.code == 1
    assert run.json["score"] < 90


def test_checks_lists_and_explains(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "touchaudit.cli", "checks", "--explain", "phone"], cwd=tmp_path,
                          env=child_env(), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    assert proc.stdout.startswith("phone (contact, weight 10") and "tel:" in proc.stdout


def test_scrapy_crawl_from_repo_root_runs_the_same_audit(tmp_path: Path, shop: Any) -> None:
    out = tmp_path / "r.json"
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "shop", "-a", f"url={shop('es_shopify').url('/')}",
         "-s", f"TOUCHAUDIT_JSON={out}", "-s", "LOG_LEVEL=WARNING", "-o", str(tmp_path / "pages.jsonl")],
        cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(out.read_text("utf-8"))
    assert data["scan"]["status"] == "ok"
    assert {c["id"]: c["status"] for c in data["checks"]}["phone"] == "pass"
    records = [json.loads(line) for line in (tmp_path / "pages.jsonl").read_text("utf-8").splitlines()]
    assert any(r.get("role") == "contact" and "text" in r for r in records)
