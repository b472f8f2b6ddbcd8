"""What a worker keeps from one notebook run to the next: a kernel started ahead, the HTML exporter.

The runner's process-pool workers live for a whole report and run many notebooks each (a grid of
193 countries runs about 97 per worker on two). Three costs of a run were paid again for every
notebook although nothing about them changes between runs; this module pays them once, or hides
them behind the notebook that runs before:

* **Kernel start-up.** :func:`init_worker`, the pool's initializer, lets a worker start the kernel
  of its *next* notebook while the current one runs (:func:`take_kernel` hands it over and starts
  the following one). A Jupyter kernel takes about a second to boot (a Python process importing
  ipykernel, then the ZeroMQ handshake); booting it during the previous notebook takes that second
  off the run's critical path. The kernel is started with no run's environment (it is not known yet);
  the run gives it its variables (``EGOV_FIGURES_DIR``, ``EGOV_INPUTS_LOG``) and working folder by
  a silent request once the kernel is ready, before the first cell (:func:`setup_code`), which
  leaves no trace in the notebook (no execution count, no history, no output). Only a pool worker
  starts kernels ahead: a Dask worker lives beyond the report and would keep one running after it
  (:func:`take_kernel` then returns ``None`` and the run starts its own kernel, as before).
* **papermill's saves.** papermill writes the whole notebook (serialised and schema-validated) at
  the start and end of every cell: about 90 writes of a growing 0.6 MB notebook for notebook 02.
  :func:`execute` runs papermill with no output path and an engine (:data:`ENGINE`, papermill's
  documented extension point) that keeps a handle on the notebook being executed, so the runner
  writes it once, cleaned, also after a failure, a timeout or a dead kernel (with the outputs up to
  the cell that was running).
* **The HTML exporter.** nbconvert's ``HTMLExporter`` compiles its templates when it is made, and
  renders and sanitises (bleach) the source of every code cell, the same in every run of a grid.
  :func:`html_page` keeps one exporter per thread and memoises the highlighting and sanitising of
  cell sources, so a grid pays for them once.

A spare kernel's private runtime folder (connection file, sockets) is recorded in the staging
folder's ``.tasks`` like a running one, so the runner removes it if it has to kill the worker; the
kernel itself exits with its worker (ipykernel watches its parent). When the pool shuts down, each
worker stops its spare kernel and removes its folder (a ``multiprocessing`` finalizer).
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import shutil
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._kernels import RUNTIME_PREFIX, kernel_manager

__all__ = ["ENGINE", "Spare", "execute", "html_page", "init_worker", "setup_code", "shutdown_kernel",
           "take_kernel"]

#: Name of the papermill engine registered by :func:`execute`.
ENGINE = "egov-keep"


@dataclass
class Spare:
    """A kernel started ahead of the run that will use it."""

    kernel: Any  # jupyter_client AsyncKernelManager, started
    runtime: Path  # its private runtime folder (connection file, sockets)
    record: Path  # staging/.tasks/spare-*.runtime, so that the runner can remove ``runtime``


_STATE: dict[str, Any] = {}  # this worker's settings (from init_worker) and its spare kernel
_COUNTER = itertools.count(1)
_LOCAL = threading.local()


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
        import multiprocessing.util

        _STATE.update(staging=Path(staging), cwd=cwd, prestart=True)
        multiprocessing.util.Finalize(None, discard_spare, exitpriority=10)
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
    _STATE["spare"] = Spare(kernel, runtime, record)


def take_kernel(cwd: str) -> Spare | None:
    """The kernel started ahead for this run (and start the next one), or ``None``.

    Parameters
    ----------
    cwd
        The run's working folder (the notebooks' folder); a kernel started elsewhere is not used.

    Returns
    -------
    Spare or None
        ``None`` when this worker does not start kernels ahead (a Dask worker, a test calling
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
    if cwd != _STATE["cwd"] or not _alive(spare.kernel):
        shutdown_kernel(spare.kernel)
        shutil.rmtree(spare.runtime, ignore_errors=True)
        return None
    return spare


def discard_spare() -> None:
    """Stop this worker's spare kernel and remove its folder (the worker is exiting)."""
    spare: Spare | None = _STATE.pop("spare", None)
    _STATE["prestart"] = False
    if spare is not None:
        shutdown_kernel(spare.kernel)
        shutil.rmtree(spare.runtime, ignore_errors=True)
        spare.record.unlink(missing_ok=True)


def _alive(kernel: Any) -> bool:
    from jupyter_core.utils import run_sync

    try:
        return bool(run_sync(kernel.is_alive)())
    except Exception:  # noqa: BLE001
        return False


def setup_code(env: Mapping[str, str], cwd: str) -> str:
    """The code that gives a kernel started ahead a run's environment variables and working folder.

    Parameters
    ----------
    env
        Variables to set in the kernel's ``os.environ``.
    cwd
        Folder to change to.

    Returns
    -------
    str
        Python code that leaves no name behind in the kernel's namespace.
    """
    import json

    return (f"import os as _egov_os\n_egov_os.environ.update({json.dumps(dict(env))})\n"
            f"_egov_os.chdir({json.dumps(cwd)})\ndel _egov_os")


def shutdown_kernel(kernel: Any) -> None:
    """Stop a kernel we started (papermill leaves a kernel manager it did not create running)."""
    import signal

    from jupyter_core.utils import run_sync

    try:
        if run_sync(kernel.is_alive)():
            run_sync(kernel.shutdown_kernel)(now=True)
    except Exception:  # noqa: BLE001 - last resort: kill its process group
        pid = getattr(getattr(kernel, "provisioner", None), "pid", None)
        if pid:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)


def _register_engine() -> None:
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger
    from papermill.utils import merge_kwargs, remove_args

    if ENGINE in papermill_engines._engines:
        return

    class KeepNotebook(NBClientEngine):
        """papermill's nbclient engine, handing the notebook being executed to the caller.

        With ``setup`` (code), the kernel runs it silently once it is ready, before the first cell.
        """

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None, keep=None,
                                     setup=None, **kwargs):
            if keep is not None:
                keep.append(nb_man)
            kwargs = remove_args(["input_path"], **kwargs)  # as papermill's NBClientEngine does
            safe_kwargs = remove_args(["timeout", "startup_timeout"], **kwargs)
            final_kwargs = merge_kwargs(safe_kwargs, timeout=execution_timeout or kwargs.get("timeout"),
                                        startup_timeout=start_timeout, kernel_name=kernel_name, log=logger,
                                        log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file)
            client = PapermillNotebookClient(nb_man, **final_kwargs)
            if setup:
                async def run_setup(notebook: Any) -> None:
                    reply = await client.kc.execute_interactive(setup, silent=True, store_history=False,
                                                                allow_stdin=False, timeout=start_timeout)
                    if reply["content"].get("status") != "ok":
                        raise RuntimeError("the kernel started ahead could not be given the run's environment: "
                                           f"{reply['content'].get('evalue')}")

                client.on_notebook_start = run_setup
            return client.execute()

    papermill_engines.register(ENGINE, KeepNotebook)


def execute(source: Path, parameters: dict[str, Any], kernel: Any,
            setup: str | None = None) -> tuple[Any, BaseException | None]:
    """Run a notebook with papermill without saving it as it goes; return it and what was raised.

    Parameters
    ----------
    source
        The notebook; it runs with its folder as working folder.
    parameters
        Injected by papermill.
    kernel
        A kernel manager (its kernel started ahead or not); papermill leaves it running.
    setup
        Code the kernel runs silently before the first cell (:func:`setup_code`): no execution
        count, no history, no output in the notebook.

    Returns
    -------
    nb : nbformat.NotebookNode or None
        The notebook as far as it was executed (with papermill's error cells after a failing
        cell), or ``None`` if papermill stopped before executing anything.
    error : BaseException or None
        What papermill raised (``PapermillExecutionError`` for a failing cell, a dead-kernel
        error, ...), or ``None``.
    """
    import papermill as pm

    _register_engine()
    keep: list[Any] = []
    try:
        nb = pm.execute_notebook(str(source), None, parameters=parameters, cwd=str(source.parent), km=kernel,
                                 kernel_name="python3", progress_bar=False, log_output=False,
                                 engine_name=ENGINE, request_save_on_cell_execute=False, keep=keep, setup=setup)
    except Exception as err:  # noqa: BLE001 - reported by the caller
        return (keep[0].nb if keep else None), err
    return nb, None


def html_page(nb: Any) -> str:
    """The notebook as nbconvert's ``lab`` HTML page (the same as a fresh ``HTMLExporter`` makes).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An executed notebook.

    Returns
    -------
    str
        The page; the exporter (one per thread) and its memoised filters are kept for the next call.
    """
    exporter = getattr(_LOCAL, "exporter", None)
    if exporter is None:
        from nbconvert import HTMLExporter
        from nbconvert.filters import clean_html
        from nbconvert.filters.highlight import Highlight2HTML

        exporter = HTMLExporter(template_name="lab")
        highlighters: dict[str | None, Any] = {}

        @functools.lru_cache(maxsize=1024)
        def highlight(source: str, language: str | None, lexer: str | None, magics: str | None) -> str:
            if lexer not in highlighters:
                highlighters[lexer] = Highlight2HTML(pygments_lexer=lexer, parent=exporter)
            metadata = {"magics_language": magics} if magics else None
            return highlighters[lexer](source, language, metadata)

        def highlight_code(source: str, language: str | None = None, metadata: Any = None) -> str:
            magics = (metadata or {}).get("magics_language")
            return highlight(source, language, _LOCAL.lexer, magics)

        exporter.filters = {**exporter.filters, "highlight_code": highlight_code,
                            "clean_html": functools.lru_cache(maxsize=1024)(clean_html)}
        _LOCAL.exporter = exporter
    info = nb.metadata.get("language_info", {})
    _LOCAL.lexer = info.get("pygments_lexer", info.get("name", None))
    body, _ = exporter.from_notebook_node(nb)
    return body
