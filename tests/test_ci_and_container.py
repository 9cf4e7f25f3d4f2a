"""The GitHub Action and the container, tested as far as this machine allows: action.yml's steps
are read as GitHub reads them and its audit script runs against a real shop, as the step would;
the Dockerfile's copied sources build the package the README installs, and where a Docker engine
answers, the image builds and runs."""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, child_env

README = (ROOT / "README.md").read_text("utf-8")


def action() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))  # type: ignore[no-any-return]


def test_action_installs_audits_uploads_and_passes_inputs_safely() -> None:
    spec = action()
    assert spec["runs"]["using"] == "composite" and spec["inputs"]["url"]["required"] is True
    steps = spec["runs"]["steps"]
    assert steps[0]["uses"].startswith("actions/setup-python@")
    install, audit, upload = steps[1:]
    assert install["run"] == 'python -m pip install "$GITHUB_ACTION_PATH"'  # this repository, as `pip install .`
    assert audit["run"] == 'bash "$GITHUB_ACTION_PATH/scripts/github-action.sh"'
    assert (ROOT / "scripts" / "github-action.sh").is_file()
    for step in steps:  # an input pasted into a script could run code: inputs go through env only
        assert "${{" not in step.get("run", ""), step
    assert {f"TA_{name.upper().replace('-', '_')}" for name in spec["inputs"]} - set(audit["env"]) == {
        "TA_ARTIFACT_NAME", "TA_PYTHON_VERSION"}
    assert upload["uses"].startswith("actions/upload-artifact@") and upload["if"] == "always()"
    assert upload["with"]["path"] == "${{ inputs.output-dir }}"
    assert spec["outputs"]["score"]["value"] == "${{ steps.audit.outputs.score }}"


def run_step(tmp_path: Path, url: str, conditions: str) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    """The action's audit step as GitHub runs it: its env, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY."""
    audit = action()["runs"]["steps"][2]
    inputs = {"url": url, "assert": conditions, "budget": "10", "lang": "es", "output-dir": "reports",
              "fail-under": "", "config": ""}
    env = {**child_env(), "GITHUB_ACTION_PATH": str(ROOT), "GITHUB_OUTPUT": str(tmp_path / "output"),
           "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
           "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])}
    for name, expression in audit["env"].items():
        env[name] = inputs[re.fullmatch(r"\$\{\{ inputs\.([\w-]+) \}\}", expression).group(1)]
    proc = subprocess.run(["bash", "-c", audit["run"]], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180)
    return proc, tmp_path / "output", tmp_path / "reports"


def test_action_step_fails_on_assertions_and_leaves_every_report(tmp_path: Path, shop: Any) -> None:
    proc, output, reports = run_step(tmp_path, shop("es_bare").url("/"), "phone=pass\n  email = pass\n\ncategory:contact>=80\n")
    assert proc.returncode == 1, proc.stderr
    assert "assertion failed: phone=pass: phone is fail" in proc.stderr
    assert "assertion failed: category:contact>=80" in proc.stderr and "email=pass" not in proc.stderr
    assert sorted(p.name for p in reports.iterdir()) == ["touchaudit.html", "touchaudit.json", "touchaudit.md", "touchaudit.xml"]
    score = json.loads((reports / "touchaudit.json").read_text("utf-8"))["score"]
    assert output.read_text("utf-8").splitlines() == [f"score={score}", "report=reports/touchaudit.html"]
    assert (tmp_path / "summary.md").read_text("utf-8").startswith("# Informe de trato personal")


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text("utf-8"))
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def test_dockerfile_is_debian_slim_with_chromium_and_touchaudit_as_entry_point() -> None:
    steps = dockerfile()
    base = steps[0]
    assert base[0] == "FROM" and re.fullmatch(r"python:3\.(\d+)-slim-(bookworm|trixie)", base[1])
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["requires-python"]
    assert int(re.search(r"3\.(\d+)", base[1]).group(1)) >= int(requires.split(".")[1])
    runs = " ".join(args for kind, args in steps if kind == "RUN")
    assert re.search(r"apt-get install [^&]*\bchromium\b", runs)
    entry = next(args for kind, args in steps if kind == "ENTRYPOINT")
    assert json.loads(entry) == ["touchaudit"]
    assert next(args for kind, args in steps if kind == "WORKDIR" and args == "/out")


def test_dockerfile_installs_the_package_the_readme_installs(tmp_path: Path) -> None:
    """The README installs the checkout (`pip install .`); the image installs the checkout's files it
    copies. Those files alone must build the whole package, console script included."""
    assert re.search(r"pip install \.(?:\s|&&|$)", README)
    steps = dockerfile()
    install = next(args for kind, args in steps if kind == "RUN" and "pip install" in args)
    target = shlex.split(install.split("pip install", 1)[1].split("&&")[0])[-1]
    context = tmp_path / "context"
    for kind, args in steps:
        if kind == "COPY":
            *sources, dest = shlex.split(args)
            for source in sources:
                where = context / dest.lstrip("/") / (Path(source).name if dest.endswith("/") else "")
                if (ROOT / source).is_dir():
                    shutil.copytree(ROOT / source, where, ignore=shutil.ignore_patterns("__pycache__"))
                else:
                    where.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy(ROOT / source, where)
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w",
                           str(tmp_path / "dist"), str(context / target.lstrip("/"))],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    wheel = zipfile.ZipFile(next((tmp_path / "dist").glob("touchaudit-*.whl")))
    names = wheel.namelist()
    for needed in ("touchaudit/cli.py", "touchaudit/checks/phone.py", "touchaudit/spiders/shop.py",
                   "touchaudit/reports/templates/report.html.j2", "touchaudit/reports/locale/es.po"):
        assert needed in names, needed
    entry_points = wheel.read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "touchaudit = touchaudit.cli:main" in entry_points
    run = re.search(r"docker run [^\n`]*", README).group(0)  # the README's example uses the image as built
    assert "-v" in run and ":/out" in run and " audit " in run
    assert re.search(r"docker build -t (\S+) \.", README).group(1) in run.split()


def docker_engine() -> bool:
    if not shutil.which("docker"):
        return False
    return subprocess.run(["docker", "info"], capture_output=True, timeout=30).returncode == 0


@pytest.mark.skipif(not docker_engine(), reason="no Docker engine here: the image is not built")
def test_the_image_builds_and_runs_touchaudit(tmp_path: Path) -> None:
    tag = "touchaudit-test:latest"
    build = subprocess.run(["docker", "build", "-t", tag, str(ROOT)], capture_output=True, text=True, timeout=1800)
    assert build.returncode == 0, build.stderr[-3000:]
    version = subprocess.run(["docker", "run", "--rm", tag, "--version"], capture_output=True, text=True, timeout=120)
    assert version.returncode == 0 and version.stdout.startswith("touchaudit ")
    chromium = subprocess.run(["docker", "run", "--rm", "--entrypoint", "chromium", tag, "--version"],
                              capture_output=True, text=True, timeout=120)
    assert chromium.returncode == 0 and "Chromium" in chromium.stdout
