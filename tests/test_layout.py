"""The package's layout (issue 13): small modules, exact public APIs, facades over private modules."""

from __future__ import annotations

import ast
import importlib
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "egovlib"
MAX_LINES = 400
PUBLIC = sorted(p.stem for p in PACKAGE.glob("*.py") if not p.stem.startswith("_"))


def test_no_module_over_400_lines():
    sizes = {str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines())
             for p in PACKAGE.rglob("*.py")}
    assert len(sizes) > 40  # the walk found the package, not an empty folder
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}


def _defined(path: Path) -> set[str]:
    """Public names a module defines itself (functions, classes, assignments; not imports)."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return {n for n in names if not n.startswith("_")}


def _public_bindings(path: Path) -> set[str]:
    """Public names a module defines, or imports from its own private package (``stats`` from ``_stats``)."""
    imported = {alias.asname or alias.name for node in ast.parse(path.read_text(encoding="utf-8")).body
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(f"egovlib._{path.stem}.")
                for alias in node.names}
    return _defined(path) | {n for n in imported if not n.startswith("_")}


@pytest.mark.parametrize("name", PUBLIC)
def test_all_is_exactly_the_public_api(name):
    module = importlib.import_module(f"egovlib.{name}")
    listed = getattr(module, "__all__", None)
    assert listed is not None, f"egovlib.{name} declares no __all__"
    assert len(listed) == len(set(listed)), f"egovlib.{name}: a name is listed twice in __all__"
    assert [n for n in listed if not hasattr(module, n)] == []
    assert sorted(_public_bindings(PACKAGE / f"{name}.py") - set(listed)) == []


def test_layout_check_sees_a_missing_name(tmp_path):
    # the check above must be able to fail: a module that defines more than it lists
    source = tmp_path / "stats.py"
    source.write_text("from egovlib._stats.trend import mann_kendall, theil_sen\n__all__ = ['mann_kendall']\n")
    assert _public_bindings(source) - {"mann_kendall"} == {"theil_sen"}


@pytest.mark.parametrize(("facade", "private"), [
    ("stats", "_stats"), ("diffusion", "_diffusion"), ("forecast", "_forecast"), ("invariants", "_invariants"),
    ("replication", "_replication"), ("regional", "_regional"), ("widgets", "_widgets"), ("egdi", "_egdi"),
    ("un_panel", "_un_panel"), ("crosscheck", "_crosscheck"), ("datasets", "_datasets"),
])
def test_facades_re_export_their_private_modules(facade, private):
    """Every public name of a private module is reachable, as the same object, from its facade."""
    public = importlib.import_module(f"egovlib.{facade}")
    for path in sorted((PACKAGE / private).glob("[!_]*.py")):
        module = importlib.import_module(f"egovlib.{private}.{path.stem}")
        for name in _defined(path):
            assert getattr(public, name, None) is getattr(module, name), f"egovlib.{facade}.{name}"


def test_every_check_function_is_registered():
    from egovlib import invariants

    registered = {id(check) for rules in invariants.DATASET_RULES.values() for check in rules.values()}
    registered |= {id(check) for _rule, _columns, check in invariants.GENERIC_RULES}
    defined = []
    for path in sorted((PACKAGE / "_invariants").glob("*.py")):
        module = importlib.import_module(f"egovlib._invariants.{path.stem}")
        defined += [(path.stem, n, f) for n, f in vars(module).items()
                    if n.startswith("_check_") and callable(f) and f.__module__ == module.__name__]
    assert len(defined) >= 14  # 2 generic rules, 9 of the seeds, panel and forecasts, 3 of the survey data
    assert [(m, n) for m, n, f in defined if id(f) not in registered] == []


def test_forecast_runs_as_a_module():
    done = subprocess.run([sys.executable, "-m", "egovlib.forecast", "--help"], capture_output=True, text=True,
                          cwd=PACKAGE.parent, check=False)
    assert done.returncode == 0, done.stderr
    assert "publish" in done.stdout


@pytest.mark.parametrize("name", [
    "_stats.result", "_stats.trend", "_stats.change", "_stats.growth", "_diffusion.fitting", "_diffusion.curves",
    "_diffusion.adopters", "_forecast.models", "_forecast.scores", "_replication.claims", "_replication.formula",
    "_crosscheck.compare", "schema", "_paths", "_datasets.reading", "_datasets.citation", "datasets", "_egdi.tables",
    "_egdi.relative", "_un_panel.build", "_un_panel.ship", "_stats.association", "formatting", "params", "plotting",
    "results", "un_method", "targets", "adoption", "survey", "external",
])
def test_docstring_examples_are_true(name):
    import doctest

    module = importlib.import_module(f"egovlib.{name}")
    outcome = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert outcome.attempted > 0, f"egovlib.{name} has no examples to run"
    assert outcome.failed == 0




def _numpydoc_gaps(module) -> list[str]:
    """Functions of ``module.__all__`` without a Parameters section (when they take any) or Returns (when they return)."""
    gaps = []
    for name in getattr(module, "__all__", []):
        obj = getattr(module, name)
        if not inspect.isfunction(obj):
            continue
        doc = inspect.getdoc(obj) or ""
        signature = inspect.signature(obj)
        if [p for p in signature.parameters if p != "self"] and "Parameters\n----------" not in doc:
            gaps.append(f"{module.__name__}.{name}: no Parameters section")
        elif "Returns\n-------" not in doc and signature.return_annotation not in (None, "None"):
            gaps.append(f"{module.__name__}.{name}: no Returns section")
    return gaps


@pytest.mark.parametrize("name", PUBLIC)
def test_public_functions_have_numpydoc_sections(name):
    assert _numpydoc_gaps(importlib.import_module(f"egovlib.{name}")) == []


def test_numpydoc_check_sees_a_missing_section():
    # the check above must be able to fail: a function that takes and returns something, documented in one line
    import types

    def documented(x: int) -> int:
        """Double ``x``.

        Parameters
        ----------
        x : int
            A number.

        Returns
        -------
        int
            Twice ``x``.
        """
        return 2 * x

    def terse(x: int) -> int:
        """Double ``x``."""
        return 2 * x

    def silent(x: int) -> int:
        """Double ``x``.

        Parameters
        ----------
        x : int
            A number.
        """
        return 2 * x

    module = types.ModuleType("toy")
    module.documented, module.terse, module.silent = documented, terse, silent
    module.__all__ = ["documented", "terse", "silent"]
    assert _numpydoc_gaps(module) == ["toy.terse: no Parameters section", "toy.silent: no Returns section"]
