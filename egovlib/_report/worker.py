"""What a worker keeps from one notebook run to the next: a kernel started ahead, the HTML exporter.

The runner's process-pool workers live for a whole report and run many notebooks each (a grid of
193 countries runs about 97 per worker on two). Three costs of a run were paid again for every
notebook although nothing about them changes between runs; this module pays them once, or hides
them behind the notebook that runs before, and two waits are shortened:

* **Kernel start-up.** :func:`init_worker`, the pool's initializer, lets a worker start the kernel
  of its *next* notebook while the current one runs (:func:`take_kernel` hands it over and starts
  the following one). A Jupyter kernel takes about a second to boot (a Python process importing
  ipykernel, then the ZeroMQ handshake); booting it during the previous notebook takes that second
  off the run's critical path. The kernel is started with no run's environment (it is not known yet);
  the run gives it its variables (``EGOV_FIGURES_DIR``, ``EGOV_INPUTS_LOG``) and working folder by
  a silent request once the kernel is ready, before the first cell (:func:`setup_code`), which
  leaves no trace in the notebook (no execution count, no history, no output). Only a pool worker
  starts kernels ahead, and a Dask worker with one thread: it lives beyond the report, so the runner
  stops its spare when the report ends (a task on each worker, :func:`discard_spare_in_context`). A Dask worker with several
  threads runs several notebooks at once and starts no kernel ahead (:func:`take_kernel` then
  returns ``None`` and the run starts its own kernel).
* **Connecting to the kernel.** nbclient connects a client to the kernel and waits until it is
  ready: a kernel_info handshake, a check that IOPub is subscribed, then 0.2 s of quiet on IOPub.
  For a kernel started ahead, a client is connected and made ready the same way while the
  previous notebook runs (:func:`_connect_ahead`, a task on the event loop that papermill runs),
  and nbclient is handed that client (:func:`ready_client`).
* **Stopping the kernel.** A finished notebook's kernel is killed and reaped at once
  (:func:`shutdown_kernel`) instead of being interrupted, killed and polled every 0.1 s.
* **papermill's saves.** papermill writes the whole notebook (serialised and schema-validated) at
  the start and end of every cell: about 90 writes of a growing 0.6 MB notebook for notebook 02.
  :func:`execute` runs papermill with no output path and an engine (:data:`ENGINE`, papermill's
  documented extension point) that keeps a handle on the notebook being executed, so the runner
  writes it once, cleaned, also after a failure, a timeout or a dead kernel (with the outputs up to
  the cell that was running).
* **The HTML exporter.** nbconvert's ``HTMLExporter`` compiles its templates when it is made, and
  renders and sanitises (bleach) the source of every code cell, the same in every run of a grid.
  :func:`html_page` (:mod:`egovlib._report.page`) keeps one exporter per thread and memoises the
  highlighting and sanitising of cell sources, so a grid pays for them once.

A spare kernel's private runtime folder (connection file, sockets) is recorded in the staging
folder's ``.tasks`` like a running one, so the runner removes it if it has to kill the worker; the
kernel itself exits with its worker (ipykernel watches its parent). When the pool shuts down, each
worker stops its spare kernel and removes its folder (a ``multiprocessing`` finalizer).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import itertools
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._kernels import RUNTIME_PREFIX, kernel_manager
from .engine import ENGINE, execute, setup_code
from .page import html_page

__all__ = ["ENGINE", "Spare", "discard_spare", "discard_spare_in_context", "execute", "html_page", "init_worker",
           "ready_client", "setup_code", "shutdown_kernel", "start_ahead", "take_kernel", "worker_context"]

#: Seconds a kernel may take to boot and answer (papermill's default ``start_timeout``).
STARTUP_TIMEOUT = 60


@dataclass
class Spare:
    """A kernel started ahead of the run that will use it."""

    kernel: Any  # jupyter_client AsyncKernelManager, started
    runtime: Path  # its private runtime folder (connection file, sockets)
    record: Path  # staging/.tasks/spare-*.runtime, so that the runner can remove ``runtime``
    ready: Any = None  # asyncio task on the loop of the runs (see worker_context): a client, connected, answering
    cwd: str = ""  # the working folder it was started in


_STATE: dict[str, Any] = {}  # this worker's settings (from init_worker) and its spare kernel
_COUNTER = itertools.count(1)


def init_worker(staging: str | None = None, cwd: str | None = None, prestart: bool = False) -> None:
    """Initializer of a process-pool worker: die with the runner; optionally start kernels ahead.

    Parameters
    ----------
    staging
        The report's staging folder, where the spare kernel's runtime folder is recorded.
    cwd
        The notebooks' folder: the working folder of every kernel (papermill's ``cwd``).
    prestart
        Start the next run's kernel while the current one runs (:func:`take_kernel`).
    """
    from .execute import die_with_parent

    die_with_parent()
    if prestart and staging and cwd:
        start_ahead(staging, cwd)


def start_ahead(staging: str, cwd: str) -> None:
    """Have this worker start the kernel of its next run ahead, from now until :func:`discard_spare`.

    Called by a pool worker's initializer, and by every run on a single-threaded Dask worker
    (:func:`~egovlib._report.execute.run_task`). A later report on the same Dask worker records its
    spares in its own staging folder; a spare started for another notebooks folder is stopped.

    Parameters
    ----------
    staging
        The report's staging folder, where the spare kernel's runtime folder is recorded.
    cwd
        The notebooks' folder: the working folder of every kernel (papermill's ``cwd``).
    """
    first = not _STATE.get("prestart")
    if not first and _STATE.get("cwd") != cwd:  # another collection's notebooks: not its kernel
        discard_spare()
        first = True
    _STATE.update(staging=Path(staging), cwd=cwd, prestart=True)
    if first:
        if not _STATE.get("finalizer"):
            import multiprocessing.util

            multiprocessing.util.Finalize(None, discard_spare, exitpriority=10)
            _STATE["finalizer"] = True
        import nbconvert  # noqa: F401 - imported once per worker, before the first run
        import papermill  # noqa: F401

        _start_spare()


def _start_spare() -> None:
    """Start a kernel for the next run of this worker (returns as soon as its process is launched)."""
    from jupyter_core.utils import run_sync

    runtime = Path(tempfile.mkdtemp(prefix=RUNTIME_PREFIX))
    tasks = _STATE["staging"] / ".tasks"
    record = tasks / f"spare-{os.getpid()}-{next(_COUNTER)}.runtime"
    try:
        tasks.mkdir(parents=True, exist_ok=True)
        record.write_text(str(runtime))
        kernel = kernel_manager(runtime)
        run_sync(kernel.start_kernel)(cwd=_STATE["cwd"])
    except Exception:  # noqa: BLE001 - no spare: the next run starts its own kernel
        shutil.rmtree(runtime, ignore_errors=True)
        record.unlink(missing_ok=True)
        return
    _STATE["spare"] = Spare(kernel, runtime, record, _connect_ahead(kernel), str(_STATE["cwd"]))


def _connect_ahead(kernel: Any) -> Any:
    """Connect a client to a booting kernel while the current notebook runs; return the asyncio task.

    The task is scheduled on this thread's event loop, the one jupyter_core's ``run_sync`` (and so
    papermill and nbclient) runs, so it makes progress while the current notebook's cells execute,
    and the client's sockets belong to the loop that will use them. ``wait_for_ready`` does the
    kernel_info handshake, checks that IOPub is subscribed, then waits for 0.2 s of quiet on
    IOPub: about 0.2 s of every run that is no longer spent before its first cell.
    """
    from jupyter_core.utils import ensure_event_loop

    async def connect() -> Any:
        client = kernel.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=STARTUP_TIMEOUT)
        except BaseException:
            client.stop_channels()
            raise
        return client

    return ensure_event_loop().create_task(connect())


def ready_client(ready: Any) -> Any | None:
    """The client a spare's readiness task connected (waiting for it if needed), or ``None`` if it failed.

    Parameters
    ----------
    ready : asyncio.Task or None
        :attr:`Spare.ready`.

    Returns
    -------
    jupyter_client.asynchronous.AsyncKernelClient or None
        Connected and answering; ``None`` when there is no task, when it raised or was cancelled,
        or when it belongs to another event loop than this run's (the run then lets nbclient
        connect its own client, which reports the kernel's failure as usual).
    """
    if ready is None:
        return None
    from jupyter_core.utils import ensure_event_loop, run_sync

    if ready.get_loop() is not ensure_event_loop():  # made in another thread or context (a Dask worker may)
        _drop_ready(ready)
        return None

    async def result() -> Any:
        return await ready

    try:
        return run_sync(result)()
    except (Exception, asyncio.CancelledError):  # noqa: BLE001 - nbclient connects its own and reports why
        return None


def _drop_ready(ready: Any) -> None:
    """Cancel a readiness task, or close the client it connected."""
    if ready is None:
        return
    if not ready.done():
        ready.cancel()
        loop = ready.get_loop()
        if not loop.is_running() and not loop.is_closed():  # let it finish cancelling, closing its client
            with contextlib.suppress(Exception):
                loop.run_until_complete(asyncio.gather(ready, return_exceptions=True))
        return
    if not ready.cancelled() and ready.exception() is None:
        with contextlib.suppress(Exception):
            ready.result().stop_channels()


def worker_context() -> contextvars.Context:
    """The context every run of this worker runs in when it is not the process's main thread's.

    Returns
    -------
    contextvars.Context
        Made on the first call and kept, so that jupyter_core's event loop (a context variable)
        is the same in every run, as it is in a pool worker's main thread.
    """
    context = _STATE.get("context")
    if context is None:
        context = _STATE["context"] = contextvars.copy_context()
    return context


def discard_spare_in_context() -> None:
    """:func:`discard_spare` in :func:`worker_context` (a Dask task at the end of a report)."""
    worker_context().run(discard_spare)


def take_kernel(cwd: str) -> Spare | None:
    """The kernel started ahead for this run (and start the next one), or ``None``.

    Parameters
    ----------
    cwd
        The run's working folder (the notebooks' folder); a kernel started elsewhere is not used.

    Returns
    -------
    Spare or None
        ``None`` when this worker does not start kernels ahead (a Dask worker with several threads, a test calling
        :func:`~egovlib._report.execute.run_task` directly), when the spare has died, or when it was
        started in another working folder. The caller owns the returned kernel and its runtime folder.
    """
    spare: Spare | None = _STATE.pop("spare", None)
    if not _STATE.get("prestart"):
        return None
    _start_spare()  # boots while this run executes
    if spare is None:
        return None
    spare.record.unlink(missing_ok=True)  # the run records the folder under its own name
    if cwd != spare.cwd or not _alive(spare.kernel):
        _drop_ready(spare.ready)
        shutdown_kernel(spare.kernel)
        shutil.rmtree(spare.runtime, ignore_errors=True)
        return None
    return spare


def discard_spare() -> None:
    """Stop this worker's spare kernel and remove its folder (the worker is exiting)."""
    spare: Spare | None = _STATE.pop("spare", None)
    _STATE["prestart"] = False
    if spare is not None:
        _drop_ready(spare.ready)
        shutdown_kernel(spare.kernel)
        shutil.rmtree(spare.runtime, ignore_errors=True)
        spare.record.unlink(missing_ok=True)


def _alive(kernel: Any) -> bool:
    from jupyter_core.utils import run_sync

    try:
        return bool(run_sync(kernel.is_alive)())
    except Exception:  # noqa: BLE001
        return False


def shutdown_kernel(kernel: Any) -> None:
    """Stop a kernel we started (papermill leaves a kernel manager it did not create running).

    The notebook is finished and the kernel holds nothing worth saving, so its process group is
    killed and reaped at once; jupyter_client's ``shutdown_kernel(now=True)`` then only tidies up
    (connection file, sockets). Left to itself it would interrupt, kill and then poll the dead
    process every 0.1 s, about 0.11 s of every run spent waiting.

    Parameters
    ----------
    kernel : jupyter_client.manager.AsyncKernelManager
        A manager whose kernel may or may not be running.
    """
    import signal
    import subprocess

    from jupyter_core.utils import run_sync

    provisioner = getattr(kernel, "provisioner", None)
    pid = getattr(provisioner, "pid", None)
    group = getattr(provisioner, "pgid", None) or pid  # the kernel leads its own session
    process = getattr(provisioner, "process", None)
    if process is not None and process.poll() is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            if getattr(provisioner, "pgid", None):
                os.killpg(provisioner.pgid, signal.SIGKILL)
            else:
                process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=5)
    try:
        if run_sync(kernel.is_alive)() or getattr(kernel, "has_kernel", False):
            run_sync(kernel.shutdown_kernel)(now=True)
    except Exception:  # noqa: BLE001 - last resort: kill its process group
        if group:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(group, signal.SIGKILL)
