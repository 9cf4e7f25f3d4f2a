"""`touchaudit demo`: the README's first command works offline and says where the report is."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import child_env


def test_demo_serves_audits_and_writes_reports(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "touchaudit.cli", "demo", "--no-progress"], cwd=tmp_path,
                          env=child_env(), capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "demo shop served at http://127.0.0.1:" in proc.stdout
    assert "Informe HTML: touchaudit-demo/report.html" in proc.stdout  # the demo shop is Spanish
    data = json.loads((tmp_path / "touchaudit-demo" / "result.json").read_text("utf-8"))
    assert data["scan"]["status"] == "ok" and data["site"]["language"] == "es"
    roles = {p["role"] for p in data["scan"]["pages"]}
    assert {"home", "contact", "shipping", "returns", "legal", "faq", "product"} <= roles
    phone = next(c for c in data["checks"] if c["id"] == "phone")
    assert phone["facts"]["numbers"] == ["+34958214376"] and not phone["facts"]["in_header_or_footer"]
    html = (tmp_path / "touchaudit-demo" / "report.html").read_text("utf-8")
    assert 'lang="es"' in html and "Teléfono" in html
