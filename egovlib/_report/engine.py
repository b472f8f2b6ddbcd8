"""Running a notebook with papermill, holding it in memory rather than saving it after every cell.

papermill writes the whole notebook (serialised and schema-validated) at the start and end of every
cell. :func:`execute` runs papermill with no output path and an engine (:data:`ENGINE`, registered
through papermill's documented extension point) that keeps a handle on the notebook being executed,
so the runner writes it once, cleaned, also after a failure, a timeout or a dead kernel. The engine
can also give a kernel started ahead a run's environment (:func:`setup_code`) and hand nbclient a
client that is already connected (:func:`egovlib._report.worker.ready_client`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["ENGINE", "execute", "setup_code"]

#: Name of the papermill engine registered by :func:`execute`.
ENGINE = "egov-keep"


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
        With ``client`` (connected and answering, :func:`ready_client`), nbclient uses it instead of
        connecting and waiting for a client of its own.
        """

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None, keep=None,
                                     setup=None, client=None, **kwargs):
            if keep is not None:
                keep.append(nb_man)
            kwargs = remove_args(["input_path"], **kwargs)  # as papermill's NBClientEngine does
            safe_kwargs = remove_args(["timeout", "startup_timeout"], **kwargs)
            final_kwargs = merge_kwargs(safe_kwargs, timeout=execution_timeout or kwargs.get("timeout"),
                                        startup_timeout=start_timeout, kernel_name=kernel_name, log=logger,
                                        log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file)
            notebook_client = PapermillNotebookClient(nb_man, **final_kwargs)
            if setup:
                async def run_setup(notebook: Any = None) -> None:
                    reply = await notebook_client.kc.execute_interactive(
                        setup, silent=True, store_history=False, allow_stdin=False, timeout=start_timeout)
                    if reply["content"].get("status") != "ok":
                        raise RuntimeError("the kernel started ahead could not be given the run's environment: "
                                           f"{reply['content'].get('evalue')}")

                notebook_client.on_notebook_start = run_setup  # called once nbclient's own client is ready
            if client is not None:  # nbclient skips connecting when it has a client, and the hook with it
                from jupyter_core.utils import run_sync

                client.allow_stdin = False
                notebook_client.kc = client
                if setup:
                    run_sync(run_setup)()
            try:
                return notebook_client.execute()
            finally:  # papermill passes km, so nbclient leaves its own client (and heartbeat thread) open
                if client is None and notebook_client.kc is not None:
                    with contextlib.suppress(Exception):
                        notebook_client.kc.stop_channels()

    papermill_engines.register(ENGINE, KeepNotebook)


def execute(source: Path, parameters: dict[str, Any], kernel: Any, setup: str | None = None,
            client: Any | None = None) -> tuple[Any, BaseException | None]:
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
    client
        A client already connected to ``kernel`` and answering (:func:`ready_client`); its channels
        are closed at the end. Without it nbclient connects one.

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
                                 engine_name=ENGINE, request_save_on_cell_execute=False, keep=keep, setup=setup,
                                 client=client)
    except Exception as err:  # noqa: BLE001 - reported by the caller
        return (keep[0].nb if keep else None), err
    finally:
        if client is not None:
            with contextlib.suppress(Exception):
                client.stop_channels()
    return nb, None
