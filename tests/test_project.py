"""Project-level promises: conda and pip agree, import is cheap, the README opens with the commands."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONDA_NAMES = {"python-build": "build"}  # conda-forge name -> PyPI name


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ ;\[]", requirement.strip(), maxsplit=1)[0].lower()


def test_environment_yml_lists_the_same_packages_as_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    pip_names = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]}
    conda_names = set()
    text = (REPO / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        match = re.match(r"^\s{2}- ([A-Za-z0-9_.-]+)", line)
        if match and match.group(1) not in {"python", "pip"}:
            conda_names.add(CONDA_NAMES.get(match.group(1).lower(), match.group(1).lower()))
    assert conda_names == pip_names


def test_constraints_pin_every_dependency():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    pins = {_name(line) for line in (REPO / "requirements/constraints.txt").read_text().splitlines()
            if line and not line.startswith("#")}
    wanted = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]}
    assert wanted <= pins


def test_readme_opens_with_the_two_commands():
    text = (REPO / "README.md").read_text()
    first_block = re.search(r"```(?:bash|sh)?\n(.*?)```", text, re.S).group(1)
    commands = [line for line in first_block.splitlines() if line and not line.startswith("#")]
    assert commands == ["make report", "make test"]
    assert text.index("make report") < text.index("## ")


def test_import_is_cheap():
    code = ("import sys, egovlib; heavy = [m for m in ('seaborn', 'statsmodels', 'matplotlib', 'scipy', "
            "'papermill') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_ci_runs_the_readme_test_command():
    assert "make test" in (REPO / ".ci" / "run").read_text()


def test_code_is_ruff_clean():
    out = subprocess.run([sys.executable, "-m", "ruff", "check", "egovlib", "tests", "benchmarks", "conftest.py"],
                         cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
