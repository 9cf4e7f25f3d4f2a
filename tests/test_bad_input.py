"""Bad input gets one clear line and exit 2 before anything is crawled or written, through the real
CLI: addresses, credentials, config files (found in the current folder too), output paths, database
URLs, addresses a hosted server must not crawl; a portfolio's bad rows are that row's error only."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import child_env

from touchaudit.netguard import AddressBlockedError, check_url

SHOP = "https://tienda.example/"


def cli(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "touchaudit.cli", *args], cwd=cwd, env=child_env(),
                          capture_output=True, text=True, timeout=timeout)


def usage_error(proc: subprocess.CompletedProcess[str], *expected: str) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr[-2000:])
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("touchaudit: "), proc.stderr
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("url, expected", [
    ("www.not a url", "contains spaces"),
    ("http://[::1/", "not a web address"),
    ("http://shop.example:99999/", "Port out of range"),
    ("http://-bad-.example/", "no valid host name"),
    ("http://ana:s3cret@tienda.example/", "user name or password"),
])
def test_bad_addresses_are_usage_errors_before_any_crawl(url: str, expected: str, tmp_path: Path) -> None:
    line = usage_error(cli("audit", url, cwd=tmp_path), expected)
    assert "s3cret" not in line  # a password is never repeated, not even in the error
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("toml, expected", [
    (b"[audit]\nbudget = \"forty\"\n", "budget = 'forty': should be a valid integer"),
    (b"[audit]\nparallel = 0\n", "parallel = 0: should be greater than or equal to 1"),
    (b"[audit]\nmax_page_bytes = -1\n", "max_page_bytes = -1"),
    (b"[audit]\ntimeout = \"20\"\n", "timeout = '20'"),
    (b"[weights]\nphone = -5\n", "weights.phone = -5"),
    (b"[weights]\nnot_a_check = 3\n", "unknown check 'not_a_check'"),
    (b"[audti]\nbudget = 3\n", "unknown table or key 'audti'"),
    (b"[audit]\nlang = \"fr\"\n", "lang = 'fr'"),
    (b"# configuraci\xf3n\n[audit]\nbudget = 3\n", "not UTF-8 text (byte 0xf3"),
])
def test_config_mistakes_name_the_key(toml: bytes, expected: str, tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_bytes(toml)
    usage_error(cli("audit", SHOP, "--config", "bad.toml", "--no-progress", cwd=tmp_path), expected)


def test_touchaudit_toml_in_the_current_folder_is_read_and_an_explicit_config_wins(tmp_path: Path) -> None:
    (tmp_path / "touchaudit.toml").write_text("[audit]\nsite_timeout = -3\n", "utf-8")
    usage_error(cli("audit", SHOP, cwd=tmp_path), "touchaudit.toml: site_timeout = -3")
    (tmp_path / "good.toml").write_text("[audit]\nbudget = 5\n", "utf-8")
    (tmp_path / "taken").mkdir()  # the next complaint proves the folder's own file was not read
    usage_error(cli("audit", SHOP, "--config", "good.toml", "-o", "taken", cwd=tmp_path), "-o taken: is a folder")


@pytest.mark.parametrize("args, expected", [
    (["audit", SHOP, "--timeout", "0"], "timeout = 0.0: should be greater than 0"),
    (["audit", SHOP, "--site-timeout", "nan"], "site_timeout = nan"),
    (["audit", SHOP, "--json", "plain.txt/result.json"], "--json plain.txt/result.json: plain.txt is a file, not a folder"),
    (["portfolio", "sites.txt", "--out", "plain.txt"], "--out plain.txt: is a file, not a folder"),
    (["portfolio", "sites.txt", "--db", "postgresql://ana@127.0.0.1:99999/shops"], "malformed database URL"),
    (["history", SHOP, "--db", "postgresql://ana@127.0.0.1:99999/shops"], "malformed database URL"),
])
def test_flags_and_outputs_are_checked_before_a_crawl(args: list[str], expected: str, tmp_path: Path) -> None:
    (tmp_path / "plain.txt").write_text("not a folder", "utf-8")
    (tmp_path / "sites.txt").write_text(SHOP + "\n", "utf-8")
    usage_error(cli(*args, cwd=tmp_path), expected)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain.txt", "sites.txt"]  # no database, no report


def test_a_hosted_configuration_refuses_private_addresses_up_front(tmp_path: Path) -> None:
    (tmp_path / "touchaudit.toml").write_text("[audit]\nallow_private = false\n", "utf-8")
    usage_error(cli("audit", "http://127.0.0.1:9/", cwd=tmp_path), "127.0.0.1 resolves to 127.0.0.1, a loopback address")
    usage_error(cli("audit", "http://[::1]:8080/", cwd=tmp_path), "a loopback address")
    usage_error(cli("audit", "http://tienda.localhost/", cwd=tmp_path), "only public web sites are audited here")


@pytest.mark.parametrize("url, reason", [
    ("http://127.0.0.1:8080/", "loopback"), ("http://[::1]/", "loopback"), ("http://localhost/", "loopback"),
    ("http://tienda.localhost/", "loopback"), ("http://10.1.2.3/", "private"), ("http://192.168.0.1/", "private"),
    ("http://169.254.169.254/latest/meta-data/", "link_local"), ("http://[fe80::1]/", "link_local"),
    ("http://224.0.0.1/", "multicast"), ("http://0.0.0.0/", "reserved"), ("http://240.0.0.1/", "reserved"),
    ("http://[::ffff:127.0.0.1]/", "loopback"), ("http://100.64.0.1/", "private"), ("http://tienda.invalid/", "unresolvable"),
])
def test_check_url_classifies_every_kind_of_address_without_dns(url: str, reason: str) -> None:
    with pytest.raises(AddressBlockedError) as info:
        check_url(url, allow_private=False)
    assert info.value.reason == reason and "only public web sites" in str(info.value)
    assert check_url(url, allow_private=True) == url  # the command line audits local shops
    assert check_url("http://8.8.8.8/", allow_private=False) == "http://8.8.8.8/"


def test_a_portfolio_list_with_bad_rows_semicolons_and_duplicates(tmp_path: Path, shop: Any) -> None:
    home = shop("es_bare").url("/")
    upper = home.replace("http://", "HTTP://").rstrip("/") + "/?utm_source=news"
    listing = tmp_path / "sites.csv"
    listing.write_text(
        "url;name;tags\n"  # as a Spanish-locale spreadsheet saves it
        f"{home};Fundas Koi;móviles,es\n"
        f"{upper};Fundas Koi otra vez;\n"
        f"{home.rstrip('/')};Y otra;\n"
        "http://[::1/;IPv6 roto;\n"
        "http://ana:s3cret@tienda.example/;Con clave;\n"
        "www.not a url;Con espacios;\n", "utf-8")
    proc = cli("portfolio", str(listing), "--db", "t.db", "--out", "out", "--no-progress", "--budget", "3", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "4 of 4 sites scanned" in proc.stdout and "3 not auditable" in proc.stdout
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO((tmp_path / "out" / "portfolio.csv").read_text("utf-8")))}
    assert set(rows) == {"Fundas Koi", "IPv6 roto", "Con clave", "Con espacios"}  # the shop once, the header no site
    assert rows["Fundas Koi"]["tags"] == "móviles,es" and rows["Fundas Koi"]["scan_status"] == "ok"
    assert "not a web address" in rows["IPv6 roto"]["reason"] and "contains spaces" in rows["Con espacios"]["reason"]
    assert rows["Con clave"]["url"] == "http://***@tienda.example/" and "password" in rows["Con clave"]["reason"]
    for written in [*(tmp_path / "out").rglob("*"), tmp_path / "t.db"]:
        if written.is_file():
            assert b"s3cret" not in written.read_bytes(), written
    with sqlite3.connect(tmp_path / "t.db") as db:
        assert db.execute("SELECT COUNT(*) FROM scans").fetchone() == (1,)


def test_history_writes_nothing_to_a_database_that_is_not_its_own(tmp_path: Path) -> None:
    other = tmp_path / "other-apps.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE customers (id INTEGER, name TEXT)")
    before = hashlib.sha256(other.read_bytes()).hexdigest()
    usage_error(cli("history", SHOP, "--db", str(other), cwd=tmp_path), "not a touchaudit history database")
    assert hashlib.sha256(other.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other-apps.db"]  # no -wal, no -shm
    with sqlite3.connect(other) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_history_reads_a_database_on_a_read_only_file_system(tmp_path: Path, tmpfs: Any) -> None:
    from touchaudit.history import SiteEntry, open_store

    mount = tmpfs(tmp_path / "ro", "2m")
    db = mount / "touchaudit.db"
    with open_store(str(db)) as store:  # a WAL database, as a portfolio leaves it
        run_id = store.start_run("audit", {})
        store.save(run_id, SiteEntry(SHOP), {"score": 80, "scan": {"status": "ok", "finished_at": "2026-03-01T09:00:00Z"},
                                             "checks": [], "site": {"language": "es"}})
    tmpfs.remount_read_only(mount)
    (tmp_path / "sites.txt").write_text(SHOP + "\n", "utf-8")
    proc = cli("history", SHOP, "--db", str(db), "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert [s["score"] for s in json.loads(proc.stdout)["scans"]] == [80]
    usage_error(cli("portfolio", "sites.txt", "--out", str(mount / "out"), cwd=tmp_path), "cannot write in")


def test_a_crawl_with_private_addresses_off_never_connects_to_one(tmp_path: Path, shop: Any) -> None:
    """What a hosted server runs: the crawl itself refuses the address (no up-front check here)."""
    from conftest import ROOT

    out = tmp_path / "r.json"
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "shop", "-a", f"url={shop('es_bare').url('/')}",
         "-s", "TOUCHAUDIT_ALLOW_PRIVATE=False", "-s", f"TOUCHAUDIT_JSON={out}", "-s", "LOG_LEVEL=WARNING"],
        cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    scan = json.loads(out.read_text("utf-8"))["scan"]
    assert scan["status"] == "error" and scan["pages_fetched"] == 0
    assert scan["reason"].startswith("blocked_address: 127.0.0.1 resolves to 127.0.0.1, a loopback address")
