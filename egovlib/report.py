"""The batch report runner behind ``egov report`` and ``make report``.

A run is planned, executed and published; each step lives in its own module of the private
package :mod:`egovlib._report`, and :func:`run_report` reads as that sequence:

1. :func:`plan` (``_report/plan.py``) reads the notebooks' ``parameters`` cells (through
   papermill), the settings file ``report.toml`` (``_report/settings.py``) and the command line,
   and expands grids into :class:`Task` objects. Unknown notebooks or parameters, values of the
   wrong type and malformed grids are refused here, before anything runs, with a
   :class:`~egovlib.errors.ReportError` naming the problem.
2. :func:`execute` (``_report/execute.py``) first copies every task whose earlier run still holds
   (same key, unchanged inputs: ``_report/cache.py``), then sends the others to a ``concurrent.futures.Executor``:
   a process pool, or a Dask cluster's ``Client.get_executor()``. Each task runs its notebook with
   papermill inside a worker; a watchdog kills the notebook's kernel when it exceeds the timeout; a
   failing or dying notebook is recorded and the others go on.
3. :func:`publish` (``_report/publish.py``) writes ``index.html`` (from a Jinja2 template),
   ``results.csv``/``results.json`` and ``manifest.json`` into the staging folder and renames it
   to ``reports/<run-id>``, then points ``reports/latest`` at it. Until that rename nothing is
   visible, so an interrupted run leaves the previous report untouched.
"""

from __future__ import annotations

import datetime as dt
import shutil
import signal
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from ._report.execute import Outcome, execute, kill_running
from ._report.plan import Task, discover, plan, remember_parameters
from ._report.progress import Progress
from ._report.publish import (
    RunSummary,
    check_out,
    collect_results,
    new_staging,
    publish,
    write_index,
    write_manifest,
    write_results,
)
from ._report.settings import CONFIG, Settings, check_jobs, check_timeout, load_settings
from .errors import PublishError, ReportError

__all__ = [
    "CONFIG", "Outcome", "PublishError", "ReportError", "RunSummary", "Settings", "Task", "check_jobs", "check_out",
    "check_timeout", "discard_own_staging", "discover", "execute", "load_settings", "plan", "publish",
    "remember_parameters", "run_report",
]

_OWN_STAGING: list[Path] = []  # staging folders of this process's runs that were not published


def run_report(tasks: Sequence[Task], settings: Settings, *, scheduler: str | None = None, quiet: bool = False,
               command: list[str] | None = None, stream: IO[str] | None = None, complete: bool = True,
               force: bool = False) -> RunSummary:
    """Execute the planned tasks, assemble the report and publish it.

    Parameters
    ----------
    tasks
        The runs, from :func:`plan`.
    settings
        Where the notebooks are and the report goes, workers and timeout.
    scheduler
        Address of a Dask scheduler; ``None`` runs a local process pool.
    quiet
        No progress lines.
    command
        The command line, recorded in the manifest.
    stream
        Where progress goes (standard error by default).
    complete
        The tasks are the whole collection with report.toml's parameters (no ``--only``, ``-p``
        or ``--grid``). Only a complete run in which every notebook succeeded becomes
        ``out/latest``; any other run stays under its run id.
    force
        Execute every task. By default a task whose earlier run (in any report under
        ``settings.out``) has the same key (notebook source, parameters, egovlib source, installed
        packages) and whose recorded inputs are unchanged is copied from that report
        (:mod:`egovlib._report.cache`); the manifest says which tasks ran, which were reused, and why.

    Returns
    -------
    RunSummary

    Raises
    ------
    PublishError
        An ``OSError`` while writing the report (a full disk). The staging folder is removed
        (also on any other exception or interruption) and the previous report is untouched.
    """
    out = settings.out
    run_id, staging = new_staging(out)
    _OWN_STAGING.append(staging)
    started = dt.datetime.now(dt.UTC)
    previous = signal.getsignal(signal.SIGTERM)

    def terminated(signum, frame):  # a `kill` is handled like Ctrl-C: nothing half-written stays
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, terminated)
    try:
        outcomes = execute(tasks, staging, notebooks_dir=settings.notebooks_dir, jobs=settings.jobs,
                           timeout=settings.timeout, scheduler=scheduler,
                           progress=Progress(len(tasks), quiet=quiet, stream=stream), force=force)
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
        _discard_staging(staging)
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)
    _OWN_STAGING.remove(staging)  # published
    if problem:
        note = problem
    elif not complete:
        note = "a partial run (--only, -p or --grid)"
    elif not ok:
        note = f"{len([o for o in outcomes if o.status != 'ok'])} notebook run(s) failed"
    else:
        note = None
    return RunSummary(run_id, folder, outcomes, latest=note is None, note=note)


def discard_own_staging() -> list[str]:
    """Remove the staging folders of this process's interrupted runs; describe any that remain.

    Called by the command line after an interrupted run, once every worker has stopped: a
    folder that a dying worker recreated after :func:`run_report` removed it goes too.

    Returns
    -------
    list of str
        One line per staging folder that could not be removed (empty when all are gone).
    """
    left = []
    while _OWN_STAGING:
        staging = _OWN_STAGING.pop()
        _discard_staging(staging)
        if staging.exists():
            left.append(f"{staging} ({', '.join(sorted(p.name for p in staging.rglob('*')))})")
    return left


def _discard_staging(staging: Path, *, attempts: int = 50, pause: float = 0.1) -> None:
    """Remove an unfinished run's staging folder, also when a worker is still writing into it.

    A pool worker that was between two notebooks when the run was interrupted can start the next
    one (and create its folder) after the first round of kills; each attempt therefore stops the
    workers recorded in ``staging/.tasks`` again before removing the folder.
    """
    for _ in range(attempts):
        kill_running(staging)
        shutil.rmtree(staging, ignore_errors=True)
        if not staging.exists():
            return
        time.sleep(pause)
