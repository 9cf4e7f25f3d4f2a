"""The built wheel: one top-level package, `touchaudit`, carrying its templates, catalogues and demo."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT


def test_wheel_installs_only_the_touchaudit_package(tmp_path: Path) -> None:
    src = tmp_path / "src"
    for name in ("touchaudit", "checks", "spiders", "reports"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "dist"), str(src)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    wheel = next((tmp_path / "dist").glob("touchaudit-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert top == {"touchaudit"}
    # every module of the source tree ships (a package missing from pyproject breaks the installed CLI)
    for folder, package in (("touchaudit", "touchaudit"), ("checks", "touchaudit/checks"),
                            ("spiders", "touchaudit/spiders"), ("reports", "touchaudit/reports")):
        for module in (ROOT / folder).rglob("*.py"):
            shipped = f"{package}/{module.relative_to(ROOT / folder).as_posix()}"
            assert shipped in names, f"{shipped} is not in the wheel"
    for needed in ("touchaudit/checks/phone.py", "touchaudit/spiders/shop.py", "touchaudit/reports/html.py",
                   "touchaudit/reports/templates/report.html.j2", "touchaudit/reports/locale/es.po",
                   "touchaudit/reports/schema/result-v1.json", "touchaudit/text/vocab/roles.toml",
                   "touchaudit/demo/site/index.html"):
        assert needed in names, needed
