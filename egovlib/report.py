"""The batch report runner behind ``egov report`` and ``make report``.

A run is planned, executed and published in three steps:

1. :func:`plan` reads the notebooks' ``parameters`` cells (through papermill), the settings file
   ``report.toml`` and the command line, and expands grids into :class:`Task` objects. Unknown
   notebooks or parameters, values of the wrong type and malformed grids are refused here,
   before anything runs, with a :class:`ReportError` naming the problem.
2. :func:`execute` sends every task to a ``concurrent.futures.Executor``: a process pool, or a
   Dask cluster's ``Client.get_executor()``. Each task runs its notebook with papermill inside a
   worker; a watchdog kills the notebook's kernel when it exceeds the timeout; a failing or
   dying notebook is recorded and the others go on.
3. :func:`publish` writes ``index.html``, ``results.csv``/``results.json`` and ``manifest.json``
   into the staging folder and renames it to ``reports/<run-id>``, then points
   ``reports/latest`` at it. Until that rename nothing is visible, so an interrupted run
   leaves the previous report untouched.
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import hashlib
import html
import itertools
import json
import math
import os
import platform
import re
import shutil
import signal
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ._kernels import RUNTIME_PREFIX, kernel_manager, private_runtime
from .errors import EgovlibError

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / "report.toml"
STAGING_PREFIX = ".staging-"
PACKAGES = ("egovlib", "pandas", "numpy", "scipy", "statsmodels", "matplotlib", "seaborn", "papermill", "nbconvert",
            "nbformat", "nbval", "ipykernel", "ipywidgets", "jupyterlab")


class ReportError(EgovlibError, ValueError):
    """A bad request: unknown notebook or parameter, bad value, malformed grid, unusable settings or output folder."""


class PublishError(EgovlibError, OSError):
    """The report could not be written (a full disk, a lost permission); nothing of it was published."""


# -- planning ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Task:
    """One notebook run: which notebook, with which parameters, into which sub-folder of the run."""

    notebook: str
    parameters: dict[str, Any]
    run: str  # sub-folder of the report, e.g. "02_egdi_trajectory" or "02_egdi_trajectory/country=ARM"


@dataclass
class Settings:
    """Settings of a report run (from ``report.toml``, overridden on the command line)."""

    notebooks_dir: Path = REPO / "notebooks"
    out: Path = REPO / "reports"
    jobs: int = 1
    timeout: float = 900.0
    un_folder: str = ""
    parameters: dict[str, dict[str, Any]] = field(default_factory=dict)
    out_option: str = "the default output folder"  # where ``out`` came from, for messages


def load_settings(path: Path | None = CONFIG, *, required: bool = False) -> Settings:
    """Read ``report.toml``. Relative paths are relative to the file.

    A missing file gives the defaults, unless ``required`` (a file named with ``--config``): then
    it is refused. A malformed file is refused with its line and column.
    """
    settings = Settings()
    if path is None:
        return settings
    path = Path(path)
    if not path.exists() and not required:
        return settings
    if not path.is_file():
        raise ReportError(f"--config {path}: {'not a file' if path.exists() else 'no such file'}; "
                          "expected a settings file such as report.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        found = re.search(r"\(at line (\d+), column (\d+)\)$", str(err))
        where = f"{path}, line {found[1]}, column {found[2]}" if found else str(path)
        problem = re.sub(r"\s*\(at line \d+, column \d+\)$|\s*\(at end of document\)$", "", str(err))
        raise ReportError(f"{where}: not valid TOML: {problem}") from err
    except (OSError, UnicodeDecodeError) as err:
        raise ReportError(f"{path}: cannot read the settings file: {err}") from err
    section = data.get("report", {})
    unknown = set(section) - {"notebooks_dir", "out", "jobs", "timeout", "un_folder"}
    if unknown:
        raise ReportError(f"{path}: unknown settings {sorted(unknown)} in [report]")
    base = path.parent
    if "notebooks_dir" in section:
        settings.notebooks_dir = (base / section["notebooks_dir"]).resolve()
    if "out" in section:
        settings.out = (base / section["out"]).resolve()
        settings.out_option = f"{path} [report] out ="
    if "jobs" in section:
        settings.jobs = _positive_int("jobs", section["jobs"], str(path))
    if "timeout" in section:
        settings.timeout = _positive_number("timeout", section["timeout"], str(path))
    if section.get("un_folder"):
        settings.un_folder = str((base / section["un_folder"]).resolve())
    params = data.get("parameters", {})
    if not isinstance(params, dict) or not all(isinstance(v, dict) for v in params.values()):
        raise ReportError(f"{path}: [parameters.<notebook>] tables expected")
    settings.parameters = {k: dict(v) for k, v in params.items()}
    return settings


def _positive_int(name: str, value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ReportError(f"{where}: {name}={value!r}: expected a whole number of at least 1")
    return value


def _positive_number(name: str, value: Any, where: str) -> float:
    """``value`` as seconds: a finite number above 0 (TOML and ``float()`` also accept ``nan`` and ``inf``)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
        raise ReportError(f"{where}: {name}={value!r}: expected a number of seconds above 0 (finite: not nan or inf)")
    return float(value)


def check_timeout(value: float) -> float:
    """The ``--timeout`` option: a finite number of seconds above 0."""
    if not math.isfinite(value) or value <= 0:
        raise ReportError(f"--timeout {value:g}: expected a number of seconds above 0 (finite: not nan or inf)")
    return value


# The checks of ``egovlib.params`` that a notebook applies to its parameters, and the type each implies
# (year_range checks two parameters: its first and third arguments).
CHECK_TYPES: dict[str, type] = {"integer": int, "year_range": int, "number": float, "boolean": bool,
                                "folder_or_none": str, "subset": list}
ANNOTATION_TYPES: dict[str, type] = {"int": int, "float": float, "bool": bool, "str": str, "list": list}


def discover(notebooks_dir: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """Notebooks of the collection and their parameters: ``{name: {param: {default, help, type}}}``.

    ``type`` is the type a value must have: that of the default; for a default of ``None``, the
    type annotation if there is one, else the type implied by the ``egovlib.params`` check the
    notebook applies to it (``params.year_range("start_year", ...)``: int), else ``None`` (any).
    """
    import papermill as pm

    from .notebooks import collection

    found = {}
    for path in collection(notebooks_dir):
        checked = checked_types(path)
        parameters = {}
        for name, info in pm.inspect_notebook(str(path)).items():
            try:
                default = ast.literal_eval(info["default"])
            except (ValueError, SyntaxError):
                default = info["default"]
            kind = type(default) if default is not None else (
                ANNOTATION_TYPES.get(str(info.get("inferred_type_name", "")).split("|")[0].strip())
                or checked.get(name))
            parameters[name] = {"default": default, "help": info.get("help", ""), "type": kind}
        found[path.stem] = parameters
    return found


def checked_types(path: Path) -> dict[str, type]:
    """``{parameter: type}`` from the ``params.<check>("name", ...)`` calls in a notebook's code cells."""
    import nbformat

    found: dict[str, type] = {}
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:  # cell magics and the like
            continue
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "params"
                    and node.func.attr in CHECK_TYPES):
                continue
            positions = (0, 2) if node.func.attr == "year_range" else (0,)
            for i in positions:
                if i < len(node.args) and isinstance(node.args[i], ast.Constant) and isinstance(node.args[i].value, str):
                    found.setdefault(node.args[i].value, CHECK_TYPES[node.func.attr])
    return found


def parse_value(text: Any, default: Any, *, where: str, kind: type | None = None) -> Any:
    """Turn a command-line string (or a value from report.toml) into a value of the parameter's type.

    The type is that of ``default``; for a default of ``None`` it is ``kind`` (see :func:`discover`),
    and ``None`` stays allowed; with neither, any value goes. Non-finite numbers (nan, inf) are
    refused: the manifest, which is strict JSON, could not record them.
    """
    def literal(raw: str) -> Any:
        try:
            return ast.literal_eval(raw)
        except (ValueError, SyntaxError):
            return raw

    expected = type(default) if default is not None else kind
    if not isinstance(text, str):  # values from report.toml already have a type
        value = text
    elif expected is str:
        value = literal(text) if text.strip().startswith("[") else text
    elif expected is list:
        value = literal(text) if text.strip().startswith("[") else [literal(p.strip()) for p in text.split(",") if p.strip()]
    else:
        value = literal(text)
    if isinstance(value, float) and not math.isfinite(value):
        raise ReportError(f"{where}: value {text!r}: expected a finite number (not nan or inf)")
    if expected is None or value is None:
        return value
    ok = isinstance(value, expected) and not (expected is int and isinstance(value, bool))
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        ok, value = True, float(value)
    if expected is str and isinstance(value, list):
        ok = True  # a parameter such as sources="all" also takes a list
    if not ok:
        like = (f"like the default {default!r}" if default is not None
                else f"or None, the default; the notebook checks it as {expected.__name__}")
        raise ReportError(f"{where}: value {text!r} is {type(value).__name__}; expected {expected.__name__} ({like})")
    return value


def parse_grid(spec: str) -> tuple[str, list[str]]:
    """``KEY=V1,V2,...`` -> (key, [values]); refuses malformed specs."""
    key, sep, values = spec.partition("=")
    key = key.strip()
    items = [v.strip() for v in values.split(",")]
    if not sep or not key or not key.isidentifier() or not values.strip() or any(not v for v in items):
        raise ReportError(f"--grid {spec!r}: expected KEY=V1,V2,... (a parameter name, '=', comma-separated values)")
    if len(set(items)) != len(items):
        raise ReportError(f"--grid {spec!r}: a value is repeated")
    return key, items


def plan(
    settings: Settings,
    *,
    only: Sequence[str] = (),
    overrides: Sequence[tuple[str, str]] = (),
    grids: Sequence[str] = (),
    catalogue: dict[str, dict[str, dict[str, Any]]] | None = None,
) -> list[Task]:
    """The tasks of a run, after checking every name, parameter and value."""
    catalogue = catalogue if catalogue is not None else discover(settings.notebooks_dir)
    if not catalogue:
        raise ReportError(f"no notebooks (NN_slug.ipynb) in {settings.notebooks_dir}")
    chosen = list(catalogue)
    if only:
        wanted = []
        for name in only:
            matches = [n for n in catalogue if n == name or n.split("_", 1)[0] == name or n.startswith(name)]
            if len(matches) != 1:
                raise ReportError(f"--only {name!r}: {'ambiguous' if matches else 'unknown'} notebook; "
                                  f"known: {', '.join(catalogue)}")
            wanted.append(matches[0])
        chosen = [n for n in catalogue if n in wanted]
    for notebook, values in settings.parameters.items():
        if notebook not in catalogue:
            raise ReportError(f"report.toml [parameters.{notebook}]: unknown notebook; known: {', '.join(catalogue)}")
        unknown = set(values) - set(catalogue[notebook])
        if unknown:
            raise ReportError(f"report.toml [parameters.{notebook}]: unknown parameters {sorted(unknown)}; "
                              f"{notebook} takes {sorted(catalogue[notebook])}")
    for key, _ in overrides:
        if not any(key in catalogue[n] for n in chosen):
            raise ReportError(f"-p {key}: no selected notebook has a parameter {key!r}; "
                              f"parameters: {sorted({p for n in chosen for p in catalogue[n]})}")
    parsed_grids = [parse_grid(g) for g in grids]
    keys = [k for k, _ in parsed_grids]
    if len(set(keys)) != len(keys):
        raise ReportError(f"--grid: parameter given twice in {list(grids)}")
    for key, _ in parsed_grids:
        if not any(key in catalogue[n] for n in chosen):
            raise ReportError(f"--grid {key}=...: no selected notebook has a parameter {key!r}")
        if key in dict(overrides):
            raise ReportError(f"{key!r} is both in -p and in --grid; give it once")
    tasks = []
    for notebook in chosen:
        known = catalogue[notebook]
        parameters: dict[str, Any] = {}
        if settings.un_folder and "un_folder" in known:
            parameters["un_folder"] = settings.un_folder
        for key, value in settings.parameters.get(notebook, {}).items():
            parameters[key] = parse_value(value, known[key]["default"], where=f"report.toml {notebook}.{key}",
                                          kind=known[key].get("type"))
        for key, text in overrides:
            if key in known:
                parameters[key] = parse_value(text, known[key]["default"], where=f"-p {key} for {notebook}",
                                              kind=known[key].get("type"))
        axes = [(k, [parse_value(v, known[k]["default"], where=f"--grid {k} for {notebook}",
                                 kind=known[k].get("type")) for v in vs], _labels(vs))
                for k, vs in parsed_grids if k in known]
        if not axes:
            tasks.append(Task(notebook, parameters, notebook))
            continue
        for combination in itertools.product(*[range(len(values)) for _, values, _ in axes]):
            combo = dict(parameters)
            labels = []
            for (key, values, names), i in zip(axes, combination, strict=True):
                combo[key] = values[i]
                labels.append(f"{key}={names[i]}")
            tasks.append(Task(notebook, combo, f"{notebook}/{','.join(labels)}"))
    folders = [t.run.casefold() for t in tasks]
    if len(set(folders)) != len(folders):  # cannot happen with _labels; a last guard against lost runs
        raise ReportError(f"two runs would share a folder: {sorted(f for f in folders if folders.count(f) > 1)}")
    return tasks


def _labels(texts: Sequence[str]) -> list[str]:
    """Folder names for grid values: readable, and never the same for two values.

    A value made only of letters, digits, ``-``, ``_`` and ``.`` (up to 60) is its own name. Any
    other value, and values that differ only in case (one folder on macOS and Windows), get a slug
    plus ``~`` and 8 hex digits of the SHA-256 of the exact value: ``/data/a b`` -> ``-data-a-b~1c3f...``.
    No plain name contains ``~``, so a hashed name never equals a plain one.
    """
    slugs = ["".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in t)[:60] for t in texts]
    folded = [s.casefold() for s in slugs]
    return [slug if slug == text and folded.count(slug.casefold()) == 1 and slug not in (".", "..")
            else f"{slug}~{hashlib.sha256(text.encode()).hexdigest()[:8]}"
            for text, slug in zip(texts, slugs, strict=True)]


# -- execution -----------------------------------------------------------------------------------
@dataclass
class Outcome:
    """What happened to one task."""

    run: str
    notebook: str
    parameters: dict[str, Any]
    status: str  # ok, failed, timeout, kernel_died
    started: str
    finished: str
    duration_s: float
    cell: int | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    cells_s: float | None = None  # time in the notebook's own cells (papermill's per-cell durations)


def run_task(task: Task, notebooks_dir: str, staging: str, timeout: float) -> Outcome:
    """Execute one task in this (worker) process; its kernel is killed after ``timeout`` seconds."""
    folder = Path(staging) / task.run
    folder.mkdir(parents=True, exist_ok=True)
    marker = Path(staging) / ".tasks" / task.run.replace("/", "__")
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.with_suffix(".pid").write_text(str(os.getpid()))
    runtime = Path(tempfile.mkdtemp(prefix=RUNTIME_PREFIX))  # short: it holds the kernel's IPC sockets
    marker.with_suffix(".runtime").write_text(str(runtime))  # removed by the runner if it must kill this worker
    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    timings: dict[str, float] = {}
    try:
        status, cell, error, warnings = execute_notebook(
            Path(notebooks_dir) / f"{task.notebook}.ipynb", folder / f"{task.notebook}.ipynb",
            folder / f"{task.notebook}.html", parameters=task.parameters, figures=folder / "figures",
            timeout=timeout, runtime_dir=runtime, timings=timings)
    finally:
        shutil.rmtree(runtime, ignore_errors=True)
    marker.with_suffix(".done").touch()
    finished = dt.datetime.now(dt.UTC)
    return Outcome(task.run, task.notebook, task.parameters, status, started.isoformat(timespec="seconds"),
                   finished.isoformat(timespec="seconds"), round(time.perf_counter() - clock, 3), cell, error, warnings,
                   timings.get("cells_s"))


def execute_notebook(source: Path, output: Path, html_page: Path | None, *, parameters: dict[str, Any],
                     figures: Path, timeout: float, runtime_dir: Path | None = None,
                     timings: dict[str, float] | None = None) -> tuple[str, int | None, str | None, list[str]]:
    """Run one notebook with papermill; return (status, failing cell, error, warnings).

    The kernel gets ``EGOV_FIGURES_DIR=figures`` in its environment. A watchdog kills the kernel
    when the whole notebook takes longer than ``timeout`` seconds (status ``timeout``); a kernel
    that dies by itself gives ``kernel_died``; an exception in a cell gives ``failed`` with the
    number of the code cell. The executed notebook (with its traceback) is kept either way.

    The kernel talks to papermill over Unix sockets (ZeroMQ's IPC transport: no TCP port, so
    ipykernel has no reason to warn about unencrypted TCP), and its connection file (which holds
    the HMAC key) and sockets live in ``runtime_dir``, a private folder that is also the kernel's
    ``JUPYTER_RUNTIME_DIR``. Without ``runtime_dir`` a temporary one is made; it is removed at
    the end, also when the watchdog killed the kernel. A ``timings`` dict receives ``cells_s``,
    the sum of papermill's per-cell durations (the rest of a run is kernel start, papermill and
    the HTML page; ``benchmarks/grid_bench.py`` reports the split).
    """
    if runtime_dir is None:
        with private_runtime() as private:
            return execute_notebook(source, output, html_page, parameters=parameters, figures=figures,
                                    timeout=timeout, runtime_dir=private, timings=timings)
    import threading

    import nbformat
    import papermill as pm

    from .notebooks import clean

    kernel = kernel_manager(runtime_dir, {"EGOV_FIGURES_DIR": str(figures)})
    fired = threading.Event()

    def kill() -> None:
        fired.set()
        pid = getattr(getattr(kernel, "provisioner", None), "pid", None)
        if pid:
            _kill_group(pid)

    watchdog = threading.Timer(timeout, kill)
    watchdog.daemon = True
    status, cell, error, warnings = "ok", None, None, []
    watchdog.start()
    try:
        pm.execute_notebook(str(source), str(output), parameters=parameters, cwd=str(source.parent), km=kernel,
                            kernel_name="python3", progress_bar=False, log_output=False)
    except pm.PapermillExecutionError as err:
        status, error = "failed", f"{err.ename}: {err.evalue}"
    except Exception as err:  # noqa: BLE001 - a dead kernel must not take the worker down
        text = str(err).strip().splitlines()
        status = "timeout" if fired.is_set() else "kernel_died" if "DeadKernel" in type(err).__name__ else "failed"
        error = f"{type(err).__name__}: {text[-1] if text else ''}"
    finally:
        watchdog.cancel()
        _shutdown(kernel)
    if fired.is_set():
        status, error = "timeout", f"exceeded the timeout of {timeout:g} s; the kernel was stopped"
    try:
        nb = nbformat.read(output, as_version=4) if output.exists() else None
        if nb is not None and timings is not None:
            timings["cells_s"] = round(sum(float(c.metadata.get("papermill", {}).get("duration") or 0.0)
                                           for c in nb.cells if c.cell_type == "code"), 3)
        nb = clean(nb) if nb is not None else None
    except Exception as err:  # noqa: BLE001 - cut short, e.g. by a full disk: the run failed, the worker goes on
        nb = None
        if status == "ok":
            status = "failed"
        error = f"{error + '; ' if error else ''}the executed notebook {output} could not be read ({type(err).__name__})"
    if nb is not None:
        if status == "failed":
            cell = _failed_cell(nb)
        nbformat.write(nb, output)
        if html_page is not None:
            try:
                from nbconvert import HTMLExporter

                body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
                html_page.write_text(body, encoding="utf-8")
            except Exception as err:  # noqa: BLE001 - the run stands without its HTML page
                warnings.append(f"HTML conversion failed: {err}")
    return status, cell, error, warnings


def _shutdown(kernel: Any) -> None:
    """Stop the kernel we started (papermill leaves a kernel manager it did not create running)."""
    from jupyter_core.utils import run_sync

    try:
        if run_sync(kernel.is_alive)():
            run_sync(kernel.shutdown_kernel)(now=True)
    except Exception:  # noqa: BLE001 - last resort: kill its process group
        pid = getattr(getattr(kernel, "provisioner", None), "pid", None)
        if pid:
            _kill_group(pid)


def _failed_cell(nb: Any) -> int | None:
    """1-based number of the first code cell with an error output (as shown in JupyterLab's order)."""
    code = [c for c in nb.cells if c.cell_type == "code"]
    for number, cell in enumerate(code, start=1):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return number
    return None


def die_with_parent() -> None:
    """Linux: have the kernel kill this process when its parent dies (a `kill -9` of the runner).

    Used as the process pool's initializer and in each notebook process, so that a killed runner
    leaves no workers or notebooks behind (the Jupyter kernel exits with its parent by itself).
    """
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


class Progress:
    """Counts of done / running / failed, printed as tasks start and finish (or only at the end when quiet)."""

    def __init__(self, total: int, quiet: bool = False, stream=None) -> None:
        self.total, self.quiet, self.stream = total, quiet, stream or sys.stderr
        self.done = self.failed = 0
        self.running = 0

    def started(self, count: int) -> None:
        self.running = count
        self._say(f"running {count} of {self.total} notebook runs")

    def finished(self, outcome: Outcome) -> None:
        self.done += 1
        self.running = max(0, min(self.running, self.total - self.done))
        if outcome.status != "ok":
            self.failed += 1
        mark = "ok" if outcome.status == "ok" else outcome.status.upper()
        self._say(f"[{self.done}/{self.total} done, {self.running} running, {self.failed} failed] "
                  f"{outcome.run}: {mark} ({outcome.duration_s:.1f} s)")

    def _say(self, text: str) -> None:
        if not self.quiet:
            print(text, file=self.stream, flush=True)


def make_executor(jobs: int, scheduler: str | None) -> tuple[Executor, Callable[[], None]]:
    """A process pool of ``jobs`` workers, or the executor of a Dask cluster at ``scheduler``."""
    if scheduler:
        try:
            from distributed import Client
        except ImportError as err:
            raise ReportError("--scheduler needs Dask's distributed package: pip install 'egovlib[dask]'") from err
        client = Client(scheduler, set_as_default=False)
        return client.get_executor(pure=False), client.close
    import multiprocessing

    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=die_with_parent)
    return pool, lambda: pool.shutdown(wait=True, cancel_futures=True)


def execute(tasks: Sequence[Task], staging: Path, *, notebooks_dir: Path, jobs: int = 1, timeout: float = 900.0,
            scheduler: str | None = None, progress: Progress | None = None) -> list[Outcome]:
    """Run every task through an executor; return their outcomes in plan order."""
    progress = progress or Progress(len(tasks), quiet=True)
    executor, close = make_executor(jobs, scheduler)
    outcomes: dict[str, Outcome] = {}
    finished = False
    try:
        futures: dict[Future, Task] = {
            executor.submit(run_task, task, str(notebooks_dir), str(staging), timeout): task
            for task in longest_first(tasks, staging.parent)}
        progress.started(min(len(tasks), jobs if not scheduler else len(tasks)))
        for future in as_completed(futures):
            task = futures[future]
            try:
                outcome = future.result()
            except Exception as err:  # noqa: BLE001 - a worker that broke counts as that task failing
                now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
                outcome = Outcome(task.run, task.notebook, task.parameters, "failed", now, now, 0.0,
                                  error=f"the worker failed: {type(err).__name__}: {err}")
            outcomes[task.run] = outcome
            progress.finished(outcome)
        finished = True
    finally:
        if not finished and not scheduler:
            _kill_running(staging)
        close()
    return [outcomes[t.run] for t in tasks]


def longest_first(tasks: Sequence[Task], out: Path) -> list[Task]:
    """Tasks ordered by their duration in the previous report, longest first (unknown ones first of all).

    Starting the long notebooks first keeps parallel workers busy to the end; results are
    still reported in plan order.
    """
    try:
        manifest = json.loads((out / "latest" / "manifest.json").read_text(encoding="utf-8"))
        seconds = {n["run"]: float(n["duration_s"]) for n in manifest["notebooks"]}
    except (OSError, ValueError, KeyError, TypeError):
        return list(tasks)
    return sorted(tasks, key=lambda t: -seconds.get(t.run, float("inf")))


def _kill_running(staging: Path) -> None:
    """After an interrupt: stop pool workers still running a notebook (their kernels exit with them).

    A killed worker cannot remove its kernel's private runtime folder (connection file with the
    HMAC key, sockets), so it is removed here.
    """
    tasks = staging / ".tasks"
    for pid_file in tasks.glob("*.pid") if tasks.is_dir() else []:
        if pid_file.with_suffix(".done").exists():
            continue
        with contextlib.suppress(ValueError, OSError):
            os.kill(int(pid_file.read_text()), signal.SIGKILL)
    _remove_kernel_folders(staging)


def _remove_kernel_folders(staging: Path) -> None:
    """Remove the kernels' private runtime folders recorded in ``staging/.tasks/*.runtime``."""
    for record in (staging / ".tasks").glob("*.runtime") if (staging / ".tasks").is_dir() else []:
        with contextlib.suppress(OSError):
            folder = Path(record.read_text().strip())
            if folder.name.startswith(RUNTIME_PREFIX):  # never anything else, whatever the file says
                shutil.rmtree(folder, ignore_errors=True)


# -- publishing ----------------------------------------------------------------------------------
def collect_results(staging: Path, outcomes: Iterable[Outcome]) -> list[dict[str, Any]]:
    """The recorded results of every run that produced an executed notebook.

    An executed notebook that cannot be read (cut short by a full disk) gives no rows, and its
    run, if it counted as ``ok``, is marked ``failed`` with the reason.
    """
    from .results import read_results

    rows = []
    for outcome in outcomes:
        executed = staging / outcome.run / f"{outcome.notebook}.ipynb"
        if not executed.is_file():
            continue
        try:
            table = read_results(executed)
        except Exception as err:  # noqa: BLE001 - nbformat raises several kinds for a truncated file
            outcome.warnings.append(f"the executed notebook could not be read: {type(err).__name__}")
            if outcome.status == "ok":
                outcome.status, outcome.error = "failed", f"its executed notebook could not be read ({executed})"
            continue
        for record in table.to_dict("records"):
            record = {k: _finite_or_none(v) for k, v in record.items()}
            rows.append({"run": outcome.run, **record, "parameters": outcome.parameters})
    return rows


def _finite_or_none(value: Any) -> Any:
    """A missing or non-finite number (NaN, inf) becomes ``None``, JSON's null; also inside lists and dicts."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list | tuple):
        return [_finite_or_none(v) for v in value]
    if isinstance(value, dict):
        return {k: _finite_or_none(v) for k, v in value.items()}
    return value


def _json(data: Any, **kw: Any) -> str:
    """Strict JSON: a NaN or infinity raises ``ValueError`` instead of writing a file no JSON parser reads."""
    return json.dumps(data, allow_nan=False, default=str, **kw)


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def _data_checksums() -> dict[str, str]:
    from .datasets import default_package

    package = default_package()
    return {r["name"]: r.get("hash", "") for r in package.descriptor["resources"]}


def write_results(staging: Path, rows: list[dict[str, Any]]) -> None:
    import csv

    (staging / "results.json").write_text(_json(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    with open(staging / "results.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["run", "notebook", "name", "value", "unit", "description", "parameters"])
        for row in rows:
            writer.writerow([row["run"], row["notebook"], row["name"], "" if row["value"] is None else row["value"],
                             row["unit"], row["description"], _json(row["parameters"], sort_keys=True)])


def write_manifest(staging: Path, run_id: str, outcomes: list[Outcome], *, started: dt.datetime,
                   finished: dt.datetime, settings: Settings, command: list[str], scheduler: str | None,
                   complete: bool = True) -> None:
    """``manifest.json``; ``complete``: the run asked for the whole collection as report.toml sets it up."""
    ok = all(o.status == "ok" for o in outcomes)
    manifest = {
        "run_id": run_id,
        "command": command,
        "started": started.isoformat(timespec="seconds"),
        "finished": finished.isoformat(timespec="seconds"),
        "duration_s": round((finished - started).total_seconds(), 3),
        "status": "ok" if ok else "failed",
        "complete": complete and ok,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "packages": _versions(),
        "executor": f"dask distributed at {scheduler}" if scheduler else f"process pool, {settings.jobs} workers",
        "timeout_s": settings.timeout,
        "data_checksums": _data_checksums(),
        "notebooks": [_finite_or_none(asdict(o)) for o in outcomes],
    }
    (staging / "manifest.json").write_text(_json(manifest, indent=1) + "\n", encoding="utf-8")


def write_index(staging: Path, run_id: str, outcomes: list[Outcome], rows: list[dict[str, Any]]) -> None:
    """``index.html``: every run with its status and links, every figure, the table of results."""
    esc = html.escape
    parts = [
        "<!DOCTYPE html>", "<html lang='en'><head><meta charset='utf-8'>",
        f"<title>egov-kz report {esc(run_id)}</title>",
        "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}"
        "table{border-collapse:collapse;font-size:90%}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left}"
        ".ok{color:#0072b2}.bad{color:#d55e00;font-weight:bold}figure{margin:1em 0}"
        "img{max-width:100%;border:1px solid #eee}figcaption{font-size:85%;color:#555}</style></head><body>",
        f"<h1>egov-kz report</h1><p>Run <code>{esc(run_id)}</code>. "
        "Provenance: <a href='manifest.json'>manifest.json</a>; results: <a href='results.csv'>results.csv</a>, "
        "<a href='results.json'>results.json</a>.</p>",
        "<h2>Notebooks</h2><table><tr><th>run</th><th>status</th><th>seconds</th><th>parameters</th>"
        "<th>pages</th><th>error</th></tr>",
    ]
    for o in outcomes:
        folder = staging / o.run
        links = []
        for suffix, label in ((".html", "HTML"), (".ipynb", "notebook")):
            if (folder / f"{o.notebook}{suffix}").is_file():
                links.append(f"<a href='{esc(o.run)}/{esc(o.notebook)}{suffix}'>{label}</a>")
        css = "ok" if o.status == "ok" else "bad"
        where = f"cell {o.cell}: " if o.cell else ""
        parts.append(
            f"<tr><td>{esc(o.run)}</td><td class='{css}'>{esc(o.status)}</td><td>{o.duration_s:.1f}</td>"
            f"<td><code>{esc(_json(o.parameters, sort_keys=True))}</code></td><td>{' '.join(links)}</td>"
            f"<td>{esc(where + (o.error or ''))}</td></tr>")
    parts.append("</table><h2>Figures</h2>")
    for o in outcomes:
        figures = sorted((staging / o.run / "figures").glob("*.png")) if (staging / o.run / "figures").is_dir() else []
        for figure in figures:
            rel = figure.relative_to(staging).as_posix()
            svg = figure.with_suffix(".svg")
            extra = f" (<a href='{esc(svg.relative_to(staging).as_posix())}'>SVG</a>)" if svg.is_file() else ""
            parts.append(f"<figure><img src='{esc(rel)}' alt='{esc(figure.stem)}' loading='lazy'>"
                         f"<figcaption>{esc(o.run)}: {esc(figure.name)}{extra}</figcaption></figure>")
    parts.append("<h2>Key results</h2><table><tr><th>run</th><th>name</th><th>value</th><th>unit</th>"
                 "<th>description</th></tr>")
    for row in rows:
        value = row["value"]
        shown = f"{value:.6g}" if isinstance(value, float) else ("n/a" if value is None else str(value))
        parts.append(f"<tr><td>{esc(row['run'])}</td><td>{esc(row['name'])}</td><td>{esc(shown)}</td>"
                     f"<td>{esc(str(row['unit']))}</td><td>{esc(str(row['description'] or ''))}</td></tr>")
    parts.append("</table></body></html>")
    (staging / "index.html").write_text("\n".join(parts) + "\n", encoding="utf-8")


def _utcnow() -> dt.datetime:
    """The clock of run ids (a function, so that tests can stop it)."""
    return dt.datetime.now(dt.UTC)


def check_out(out: Path, option: str, *, create: bool = True) -> None:
    """Refuse an output folder that cannot take a report, before anything runs.

    ``option`` names where ``out`` came from (``--out``, report.toml). ``out`` must be a folder
    (or not exist yet, below a folder), writable (a probe folder is created and removed in it),
    and its ``latest`` must be the link this runner makes, never a real folder or file of the
    user's, which the runner will not replace. With ``create=False`` (``--dry-run``) nothing is
    created: an existing ``out`` is only checked with ``os.access``.
    """
    existing = next(f for f in [out, *out.parents] if f.exists() or f.is_symlink())
    if not existing.is_dir():
        what = "is a file" if existing.exists() else "is a broken link"
        where = "" if existing == out else f"{existing}, a folder above it, "
        raise ReportError(f"{option} {out}: {where}{what}; expected a folder (new or existing) for the reports")
    latest = out / "latest"
    if latest.exists() and not latest.is_symlink():
        raise ReportError(f"{option} {out}: {latest} is a real {'folder' if latest.is_dir() else 'file'}, not the "
                          "link to the last complete report that egov report maintains; it is left alone: move or "
                          "rename it, or choose another --out")
    if not create:
        if not os.access(existing, os.W_OK | os.X_OK):
            raise ReportError(f"{option} {out}: {existing} is not writable; expected a writable folder")
        return
    try:
        out.mkdir(parents=True, exist_ok=True)
        Path(tempfile.mkdtemp(prefix=".probe-", dir=out)).rmdir()
    except OSError as err:
        raise ReportError(f"{option} {out}: cannot write there ({err.strerror or err}); "
                          "expected a writable folder") from err


def new_staging(out: Path) -> tuple[str, Path]:
    """Reserve a new run id and create its hidden staging folder ``out/.staging-<run-id>``.

    The id is the UTC time to the second (``20250101T120000Z``), with ``-2``, ``-3``... for
    further runs started in the same second. It is reserved by ``mkdir`` of the staging folder,
    which succeeds in one process only, and kept only if no published report has it; so two runs,
    even two processes started in the same second, never get the same id. Stale staging folders
    of dead runs are removed first.
    """
    out.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(out)
    base = _utcnow().strftime("%Y%m%dT%H%M%SZ")
    for n in itertools.count(1):
        run_id = base if n == 1 else f"{base}-{n}"
        staging = out / f"{STAGING_PREFIX}{run_id}"
        if (out / run_id).exists() or (out / run_id).is_symlink():
            continue
        try:
            staging.mkdir()
        except FileExistsError:
            continue  # another run holds this id
        if (out / run_id).exists():  # the run that held it published it between our two checks
            staging.rmdir()
            continue
        (staging / ".owner").write_text(str(os.getpid()))
        return run_id, staging
    raise AssertionError("unreachable")


def _remove_stale_staging(out: Path) -> None:
    """Remove the staging folders (and kernel runtime folders) of runs whose process is gone."""
    for stale in out.glob(f"{STAGING_PREFIX}*"):
        try:
            pid = int((stale / ".owner").read_text())
        except (OSError, ValueError):
            with contextlib.suppress(OSError):
                if time.time() - stale.stat().st_mtime < 60:
                    continue  # just created by a run that is writing its .owner
            pid = 0
        if pid:
            try:
                os.kill(pid, 0)
                continue  # its run is still going
            except PermissionError:
                continue  # alive, another user's
            except OSError:
                pass
        _remove_kernel_folders(stale)
        shutil.rmtree(stale, ignore_errors=True)  # its run was killed: nothing of it was published


def publish(staging: Path, out: Path, run_id: str, *, latest: bool = True) -> tuple[Path, str | None]:
    """Rename the staging folder to ``out/run_id``; if ``latest``, point ``out/latest`` at it (atomic renames).

    Returns the report folder and, when ``latest`` was asked for but not done, why not. A real
    folder or file named ``latest`` (not our link) is never deleted.
    """
    shutil.rmtree(staging / ".tasks", ignore_errors=True)
    (staging / ".owner").unlink(missing_ok=True)
    for path in [staging, *staging.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    final = out / run_id
    os.replace(staging, final)
    if not latest:
        return final, None
    link_path = out / "latest"
    if link_path.exists() and not link_path.is_symlink():
        return final, f"{link_path} is a real folder or file, not egov report's link; it was left alone"
    link = out / f".latest-{run_id}"
    link.unlink(missing_ok=True)
    try:
        link.symlink_to(run_id)
        os.replace(link, link_path)
    except OSError as err:
        link.unlink(missing_ok=True)
        return final, f"{link_path} could not be updated ({err.strerror or err})"
    return final, None


@dataclass
class RunSummary:
    """A finished run: its id and folder, the outcomes, and whether ``latest`` now points at it."""

    run_id: str
    folder: Path | None
    outcomes: list[Outcome]
    latest: bool = False
    note: str | None = None  # why the run is not ``latest``

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status != "ok"]


def run_report(tasks: Sequence[Task], settings: Settings, *, scheduler: str | None = None, quiet: bool = False,
               command: list[str] | None = None, stream=None, complete: bool = True) -> RunSummary:
    """Plan done: execute the tasks, assemble the report and publish it.

    ``complete``: the tasks are the whole collection with report.toml's parameters (no ``--only``,
    ``-p`` or ``--grid``). Only a complete run in which every notebook succeeded becomes
    ``out/latest``; any other run stays under its run id. An ``OSError`` while writing the report
    (a full disk) raises :class:`PublishError`; the staging folder is removed either way and the
    previous report is untouched.
    """
    out = settings.out
    run_id, staging = new_staging(out)
    started = dt.datetime.now(dt.UTC)
    previous = signal.getsignal(signal.SIGTERM)

    def terminated(signum, frame):  # a `kill` is handled like Ctrl-C: nothing half-written stays
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, terminated)
    try:
        outcomes = execute(tasks, staging, notebooks_dir=settings.notebooks_dir, jobs=settings.jobs,
                           timeout=settings.timeout, scheduler=scheduler,
                           progress=Progress(len(tasks), quiet=quiet, stream=stream))
        step = staging  # what was being written, for the message (a failed flush names no file)
        try:
            rows = collect_results(staging, outcomes)
            ok = all(o.status == "ok" for o in outcomes)  # an unreadable executed notebook counts as failed
            step = staging / "results.json"
            write_results(staging, rows)
            step = staging / "manifest.json"
            write_manifest(staging, run_id, outcomes, started=started, finished=dt.datetime.now(dt.UTC),
                           settings=settings, command=command or [], scheduler=scheduler, complete=complete)
            step = staging / "index.html"
            write_index(staging, run_id, outcomes, rows)
            step = out / run_id
            folder, problem = publish(staging, out, run_id, latest=complete and ok)
        except OSError as err:
            where = err.filename or step
            raise PublishError(f"could not write the report: {err.strerror or err} ({where}); nothing was "
                               f"published and {out / 'latest'} is unchanged") from err
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)
    if problem:
        note = problem
    elif not complete:
        note = "a partial run (--only, -p or --grid)"
    elif not ok:
        note = f"{len([o for o in outcomes if o.status != 'ok'])} notebook run(s) failed"
    else:
        note = None
    return RunSummary(run_id, folder, outcomes, latest=note is None, note=note)
