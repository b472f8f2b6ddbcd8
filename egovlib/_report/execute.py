"""Step 2 of a run: execute the tasks, each notebook with papermill in a worker, and record what happened.

:func:`execute` sends every task to a ``concurrent.futures.Executor``: a process pool, or a Dask
cluster's ``Client.get_executor()``. Each task runs its notebook with papermill inside a worker
(:func:`run_task`); a watchdog kills the notebook's kernel when it exceeds the timeout; a failing
or dying notebook is recorded as an :class:`Outcome` and the others go on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import Future, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import _inputs
from .._kernels import RUNTIME_PREFIX, kernel_manager, private_runtime
from . import cache, worker
from .executors import make_executor, single_threaded_dask_worker
from .plan import Task
from .progress import Progress

__all__ = ["Outcome", "execute", "execute_notebook", "kill_running", "longest_first", "make_executor",
           "remove_kernel_folders", "run_task"]


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
    pages_s: float | None = None  # time cleaning and writing the executed notebook and its HTML page
    kernel: str = ""  # "connected ahead", "started ahead" (connected in the run) or "started for this run"
    action: str = "ran"  # ran, or reused (copied from an earlier report whose key still holds)
    reason: str = ""  # why it ran or was reused
    reused_from: str | None = None  # run id of the report it was copied from
    key: dict[str, Any] | None = None  # what the run depends on (see egovlib._report.cache); None: not reusable
    inputs: list[dict[str, str]] | None = field(default_factory=list)  # read through egovlib; None: unknown


def run_task(task: Task, notebooks_dir: str, staging: str, timeout: float, *, dask: bool = False) -> Outcome:
    """Execute one task in this (worker) process; its kernel is killed after ``timeout`` seconds.

    In a process-pool worker the kernel was started while the worker's previous notebook ran
    (:func:`egovlib._report.worker.take_kernel`), and so it is on a Dask worker with one thread
    (``dask``, from its second run on); elsewhere the run starts its own. ``Outcome.kernel`` says
    which. A Dask worker's process id is not recorded: the runner never kills a Dask worker.
    """
    if dask and single_threaded_dask_worker():
        # Dask runs each task in a fresh copy of its context, and jupyter_core keeps its event loop
        # in a context variable: one context for all runs keeps the loop of the kernel started ahead
        return worker.worker_context().run(_run_task, task, notebooks_dir, staging, timeout, ahead=True, dask=True)
    return _run_task(task, notebooks_dir, staging, timeout, dask=dask)


def _run_task(task: Task, notebooks_dir: str, staging: str, timeout: float, *, ahead: bool = False,
              dask: bool = False) -> Outcome:
    if ahead:
        worker.start_ahead(staging, notebooks_dir)
    folder = Path(staging) / task.run
    folder.mkdir(parents=True, exist_ok=True)
    marker = Path(staging) / ".tasks" / task.run.replace("/", "__")
    marker.parent.mkdir(parents=True, exist_ok=True)
    if not dask:  # kill_running may stop a pool worker after an interrupt, never a Dask worker
        marker.with_suffix(".pid").write_text(str(os.getpid()))
    spare = worker.take_kernel(str(notebooks_dir))
    # short: it holds the kernel's IPC sockets
    runtime = spare.runtime if spare else Path(tempfile.mkdtemp(prefix=RUNTIME_PREFIX))
    marker.with_suffix(".runtime").write_text(str(runtime))  # removed by the runner if it must kill this worker
    inputs_log = marker.with_suffix(".inputs")
    inputs_log.unlink(missing_ok=True)
    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    timings: dict[str, Any] = {}
    try:
        status, cell, error, warnings = execute_notebook(
            Path(notebooks_dir) / f"{task.notebook}.ipynb", folder / f"{task.notebook}.ipynb",
            folder / f"{task.notebook}.html", parameters=task.parameters, figures=folder / "figures",
            timeout=timeout, runtime_dir=runtime, timings=timings, inputs_log=inputs_log,
            kernel=spare.kernel if spare else None, ready=spare.ready if spare else None)
    finally:
        shutil.rmtree(runtime, ignore_errors=True)
    inputs: list[dict[str, str]] | None
    try:
        inputs = _inputs.read_log(inputs_log)
    except (OSError, ValueError) as err:  # an unreadable log: the run stands, but it will never be reused
        inputs = None
        warnings.append(f"the record of what the notebook read is unreadable ({err}); it will run again next time")
    marker.with_suffix(".done").touch()
    finished = dt.datetime.now(dt.UTC)
    return Outcome(task.run, task.notebook, task.parameters, status, started.isoformat(timespec="seconds"),
                   finished.isoformat(timespec="seconds"), round(time.perf_counter() - clock, 3), cell, error,
                   warnings, timings.get("cells_s"), timings.get("pages_s"), timings.get("kernel", ""),
                   inputs=inputs)


def execute_notebook(source: Path, output: Path, html_page: Path | None, *, parameters: dict[str, Any],
                     figures: Path, timeout: float, runtime_dir: Path | None = None,
                     timings: dict[str, Any] | None = None, inputs_log: Path | None = None,
                     kernel: Any | None = None,
                     ready: Any | None = None) -> tuple[str, int | None, str | None, list[str]]:
    """Run one notebook with papermill; return (status, failing cell, error, warnings).

    The kernel gets ``EGOV_FIGURES_DIR=figures`` in its environment. A watchdog kills the kernel
    when the whole notebook takes longer than ``timeout`` seconds (status ``timeout``); a kernel
    that dies by itself gives ``kernel_died``; an exception in a cell gives ``failed`` with the
    number of the code cell. The executed notebook (with its traceback) is kept either way: it is
    held in memory while it runs (papermill does not save it after every cell,
    :func:`egovlib._report.worker.execute`) and written once, cleaned, at the end.

    The kernel talks to papermill over Unix sockets (ZeroMQ's IPC transport: no TCP port, so
    ipykernel has no reason to warn about unencrypted TCP), and its connection file (which holds
    the HMAC key) and sockets live in ``runtime_dir``, a private folder that is also the kernel's
    ``JUPYTER_RUNTIME_DIR``. Without ``runtime_dir`` a temporary one is made; it is removed at
    the end, also when the watchdog killed the kernel. ``kernel`` is a kernel manager whose kernel
    was started ahead in ``runtime_dir`` (with the notebooks' folder as working folder); it gets this
    run's environment before the first cell (:func:`egovlib._report.worker.setup_code`) and is
    shut down at the end like one started here; ``ready`` is the task that connected a client to it
    meanwhile (:func:`egovlib._report.worker.ready_client`). A ``timings`` dict receives ``cells_s``, the sum of
    papermill's per-cell durations, and ``pages_s``, the time spent cleaning and writing the executed
    notebook and its HTML page (the rest of a run is kernel start and papermill;
    ``benchmarks/grid_bench.py`` reports the split). With ``inputs_log`` the kernel records what it
    reads through egovlib in that file (:mod:`egovlib._inputs`).
    """
    if runtime_dir is None:
        if kernel is not None:
            raise ValueError("a kernel started ahead comes with its runtime_dir")
        with private_runtime() as private:
            return execute_notebook(source, output, html_page, parameters=parameters, figures=figures,
                                    timeout=timeout, runtime_dir=private, timings=timings, inputs_log=inputs_log)
    import threading

    import nbformat
    import papermill as pm

    from ..notebooks import clean

    env = {"EGOV_FIGURES_DIR": str(figures)}
    if inputs_log is not None:
        env[_inputs.ENV] = str(inputs_log)
    setup = None
    if kernel is None:
        kernel = kernel_manager(runtime_dir, env)
    else:  # started ahead, without this run's environment
        setup = worker.setup_code(env, str(source.parent))
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
        client = worker.ready_client(ready)
        if timings is not None:
            timings["kernel"] = ("started for this run" if setup is None else
                                 "connected ahead" if client is not None else "started ahead")
        nb, err = worker.execute(source, parameters, kernel, setup, client)
    finally:
        watchdog.cancel()
        worker.shutdown_kernel(kernel)
    if isinstance(err, pm.PapermillExecutionError):
        status, error = "failed", f"{err.ename}: {err.evalue}"
    elif err is not None:  # a dead kernel must not take the worker down
        text = str(err).strip().splitlines()
        status = "timeout" if fired.is_set() else "kernel_died" if "DeadKernel" in type(err).__name__ else "failed"
        error = f"{type(err).__name__}: {text[-1] if text else ''}"
    if fired.is_set():
        status, error = "timeout", f"exceeded the timeout of {timeout:g} s; the kernel was stopped"
    if nb is not None:
        writing = time.perf_counter()
        if timings is not None:
            timings["cells_s"] = round(sum(float(c.metadata.get("papermill", {}).get("duration") or 0.0)
                                           for c in nb.cells if c.cell_type == "code"), 3)
        nb = clean(nb)
        if status == "failed":
            cell = _failed_cell(nb)
        try:
            nbformat.write(nb, output)
        except Exception as err:  # noqa: BLE001 - cut short, e.g. by a full disk: the run failed, the worker goes on
            if status == "ok":
                status = "failed"
            error = (f"{error + '; ' if error else ''}the executed notebook {output} could not be written "
                     f"({type(err).__name__})")
            return status, cell, error, warnings
        if html_page is not None:
            try:
                from ..prose import resolve

                # nbconvert knows no MyST roles: the page shows the glued numbers in the prose
                html_page.write_text(worker.html_page(resolve(nb)), encoding="utf-8")
            except Exception as err:  # noqa: BLE001 - the run stands without its HTML page
                warnings.append(f"HTML conversion failed: {err}")
        if timings is not None:
            timings["pages_s"] = round(time.perf_counter() - writing, 3)
    return status, cell, error, warnings


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



def execute(tasks: Sequence[Task], staging: Path, *, notebooks_dir: Path, jobs: int = 1, timeout: float = 900.0,
            scheduler: str | None = None, progress: Progress | None = None, force: bool = False) -> list[Outcome]:
    """Run every task that needs it through an executor, reuse the others; return outcomes in plan order.

    A task whose earlier run (in a report beside ``staging``) has the same key and unchanged inputs
    is copied from that report (:mod:`egovlib._report.cache`); ``force`` runs every task.

    Parameters
    ----------
    tasks : sequence of Task
        The planned runs.
    staging : pathlib.Path
        The staging folder the runs write into.
    notebooks_dir : pathlib.Path
        The folder of the collection's notebooks.
    jobs : int
        Worker processes of the local pool.
    timeout : float
        Seconds a notebook may run.
    scheduler : str, optional
        Address of a Dask scheduler; its executor replaces the local pool.
    progress : Progress, optional
        Where progress is shown (quiet when omitted).
    force : bool
        Run every task, reusing none.

    Returns
    -------
    list of Outcome
        One outcome per task, in plan order (ran, reused or failed, with why).
    """
    progress = progress or Progress(len(tasks), quiet=True)
    previous = {} if force else cache.find_previous(staging.parent)
    keys = {task.run: cache.static_key(task, notebooks_dir) for task in tasks}
    outcomes: dict[str, Outcome] = {}
    reasons: dict[str, str] = {}
    for task in tasks:
        decision = cache.decide(task, keys[task.run], previous.get(task.run), force=force)
        if decision.reuse is not None:
            outcomes[task.run] = _reuse(task, decision, staging)
        else:
            reasons[task.run] = decision.reason
    to_run = [task for task in tasks if task.run not in outcomes]
    progress.started(min(len(to_run), jobs if not scheduler else len(to_run)), reused=len(outcomes))
    for task in tasks:
        if task.run in outcomes:
            progress.finished(outcomes[task.run])
    if not to_run:
        progress.close()
        return [outcomes[t.run] for t in tasks]
    executor, close = make_executor(jobs, scheduler, staging=staging, notebooks_dir=notebooks_dir)
    finished = False
    futures: dict[Future, Task] = {}
    ahead = {"dask": True} if scheduler else {}  # pool workers start kernels ahead from their initializer
    try:
        futures = {
            executor.submit(run_task, task, str(notebooks_dir), str(staging), timeout, **ahead): task
            for task in longest_first(to_run, staging.parent)}
        for future in as_completed(futures):
            task = futures[future]
            try:
                outcome = future.result()
            except Exception as err:  # noqa: BLE001 - a worker that broke counts as that task failing
                now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
                outcome = Outcome(task.run, task.notebook, task.parameters, "failed", now, now, 0.0,
                                  error=f"the worker failed: {type(err).__name__}: {err}")
            outcome.reason = reasons[task.run]
            if outcome.status == "ok" and outcome.inputs is not None:
                outcome.key = {**keys[task.run], "inputs": outcome.inputs}
            outcomes[task.run] = outcome
            progress.finished(outcome)
        finished = True
    finally:
        progress.close()
        if not finished and not scheduler:
            kill_running(staging)
        if not finished:  # a Dask future left running would hold the workers past the report
            for future in futures:
                future.cancel()
        close()
    return [outcomes[t.run] for t in tasks]


def _reuse(task: Task, decision: cache.Decision, staging: Path) -> Outcome:
    """Copy a task's earlier run into this report and describe it as reused."""
    previous = decision.reuse
    assert previous is not None
    cache.link_tree(previous.report / task.run, staging / task.run)
    entry = previous.entry
    return Outcome(task.run, task.notebook, task.parameters, "ok", str(entry.get("started", "")),
                   str(entry.get("finished", "")), float(entry.get("duration_s") or 0.0),
                   warnings=list(entry.get("warnings") or []), cells_s=entry.get("cells_s"),
                   pages_s=entry.get("pages_s"), action="reused",
                   reason=decision.reason, reused_from=entry.get("reused_from") or previous.run_id,
                   key=entry.get("key"), inputs=list(entry.get("inputs") or []))


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


def kill_running(staging: Path) -> None:
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
    remove_kernel_folders(staging)


def remove_kernel_folders(staging: Path) -> None:
    """Remove the kernels' private runtime folders recorded in ``staging/.tasks/*.runtime``."""
    for record in (staging / ".tasks").glob("*.runtime") if (staging / ".tasks").is_dir() else []:
        with contextlib.suppress(OSError):
            folder = Path(record.read_text().strip())
            if folder.name.startswith(RUNTIME_PREFIX):  # never anything else, whatever the file says
                shutil.rmtree(folder, ignore_errors=True)

