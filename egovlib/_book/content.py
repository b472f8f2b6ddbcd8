"""What the book is built from: a report folder (or the committed notebooks), read into plain data.

A report folder written by ``egov report`` holds ``manifest.json`` (each run's status, duration
and parameters, the package versions), ``results.json`` and, per run, ``<run>/<notebook>.ipynb``.
The committed notebooks (``notebooks/NN_slug.ipynb``, executed by ``make notebooks``) can stand
in for a report: then there is no manifest, and the status page says so.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EgovlibError

__all__ = ["BookError", "Run", "Content", "read_report", "read_notebooks", "read_content"]


class BookError(EgovlibError, ValueError):
    """The book cannot be built from what was given (no report, an unreadable manifest, a failed build)."""


@dataclass(frozen=True)
class Run:
    """One executed notebook of the report: a chapter, or a page of the grid section."""

    run: str  # "02_egdi_trajectory" or "02_egdi_trajectory/country=ARM"
    notebook: str  # "02_egdi_trajectory"
    path: Path | None  # the executed notebook; None when the run left none (a kernel that died early)
    status: str = "ok"
    duration_s: float | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    cell: int | None = None

    @property
    def is_grid(self) -> bool:
        """A run of a grid (``--grid``) lives in a sub-folder of its notebook's folder."""
        return "/" in self.run

    @property
    def slug(self) -> str:
        """The run as a page name: ``02_egdi_trajectory/country=ARM`` -> ``02_egdi_trajectory--country=ARM``."""
        return self.run.replace("/", "--")


@dataclass
class Content:
    """Everything the pages are generated from."""

    source: Path  # the report folder, or the notebooks folder
    runs: list[Run]
    results: list[dict[str, Any]]  # rows: run, notebook, name, value, unit, description, parameters
    manifest: dict[str, Any] | None  # None when built from the committed notebooks

    @property
    def chapters(self) -> list[Run]:
        """The default runs, one per notebook, in reading order (the notebooks' number)."""
        return sorted((r for r in self.runs if not r.is_grid), key=lambda r: r.run)

    @property
    def grid(self) -> list[Run]:
        """The runs of grids, in the order of notebook and grid value."""
        return sorted((r for r in self.runs if r.is_grid), key=lambda r: r.run)

    def results_of(self, run: str) -> dict[str, dict[str, Any]]:
        """The recorded results of one run, by name."""
        return {row["name"]: row for row in self.results if row["run"] == run}


def _results_from(notebook: Path, run: str) -> list[dict[str, Any]]:
    from ..results import read_parameters, read_results

    parameters = read_parameters(notebook)
    rows = []
    for record in read_results(notebook).to_dict("records"):
        value = record["value"]
        if isinstance(value, float) and not math.isfinite(value):
            value = None
        rows.append({"run": run, **record, "value": value, "parameters": parameters})
    return rows


def read_report(folder: Path) -> Content:
    """Read a report folder written by ``egov report`` (``reports/latest`` or ``reports/<run-id>``).

    Raises :class:`BookError` naming the file when the manifest is missing or unreadable.
    """
    folder = Path(folder)
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise BookError(f"{manifest_path}: not found; expected a report folder written by `egov report` "
                        "(for example reports/latest), or pass the notebooks folder to build from the committed "
                        "notebooks")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        entries = manifest["notebooks"]
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise BookError(f"{manifest_path}: unreadable ({err}); expected the JSON manifest of `egov report` with a "
                        "'notebooks' list") from err
    runs = []
    for i, entry in enumerate(entries):
        try:
            run, notebook = str(entry["run"]), str(entry["notebook"])
        except (KeyError, TypeError) as err:
            raise BookError(f"{manifest_path}: notebooks[{i}] has no 'run' and 'notebook'") from err
        executed = folder / run / f"{notebook}.ipynb"
        runs.append(Run(run, notebook, executed if executed.is_file() else None, status=str(entry.get("status", "?")),
                        duration_s=entry.get("duration_s"), parameters=dict(entry.get("parameters") or {}),
                        error=entry.get("error"), cell=entry.get("cell")))
    results_path = folder / "results.json"
    if results_path.is_file():
        try:
            results = json.loads(results_path.read_text(encoding="utf-8"))
        except ValueError as err:
            raise BookError(f"{results_path}: not valid JSON ({err})") from err
    else:  # an older report: read the results from the executed notebooks
        results = [row for r in runs if r.path for row in _results_from(r.path, r.run)]
    return Content(folder, runs, results, manifest)


def read_notebooks(folder: Path) -> Content:
    """The committed, executed notebooks (``notebooks/NN_slug.ipynb``) as a report without a manifest."""
    folder = Path(folder)
    paths = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    if not paths:
        raise BookError(f"{folder}: no notebooks named NN_slug.ipynb; expected the project's notebooks folder")
    runs = [Run(p.stem, p.stem, p, status="committed") for p in paths]
    results = [row for r in runs for row in _results_from(r.path, r.run)]
    return Content(folder, runs, results, None)


def read_content(source: Path) -> Content:
    """A report folder (with ``manifest.json``) or a folder of executed notebooks."""
    source = Path(source)
    if not source.is_dir():
        raise BookError(f"{source}: not a folder; expected a report folder (reports/latest) or the notebooks folder")
    return read_report(source) if (source / "manifest.json").exists() else read_notebooks(source)
