"""Where the runs go: a local process pool, or the executor of a Dask cluster.

Both are ``concurrent.futures`` executors. Pool workers start the kernel of their next run ahead
from their initializer (:func:`egovlib._report.worker.init_worker`); a single-threaded Dask worker
does so from its first run (:func:`~egovlib._report.execute.run_task` with ``dask_ahead``), and
closing a Dask executor stops the kernels its workers started ahead.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from ..errors import ReportError
from . import worker

__all__ = ["make_executor", "single_threaded_dask_worker"]


def single_threaded_dask_worker() -> bool:
    """Whether this code runs in a task of a Dask worker that has one thread.

    Returns
    -------
    bool
        ``False`` outside a Dask task, on a worker with several threads, or without Dask installed.
    """
    try:
        from distributed import get_worker

        found = get_worker()
        return getattr(getattr(found, "state", None), "nthreads", getattr(found, "nthreads", None)) == 1
    except (ImportError, ValueError, AttributeError):
        return False


def _close_dask(client: Any, *, prestart: bool) -> None:
    """Stop the kernels that the cluster's workers started ahead, then close the client."""
    if prestart:  # as a task on each worker: in the thread and context its runs used
        with contextlib.suppress(Exception):
            workers = list(client.scheduler_info()["workers"])
            client.gather([client.submit(worker.discard_spare_in_context, workers=[address], allow_other_workers=False,
                                         pure=False) for address in workers])
    client.close()


def make_executor(jobs: int, scheduler: str | None, *, staging: Path | None = None,
                  notebooks_dir: Path | None = None,
                  prestart: bool = True) -> tuple[Executor, Callable[[], None]]:
    """A process pool of ``jobs`` workers, or the executor of a Dask cluster at ``scheduler``.

    Pool workers live for the whole report: papermill and nbconvert are imported once per worker,
    and with ``prestart`` (and ``staging`` and ``notebooks_dir`` given) each worker starts the
    kernel of its next notebook while the current one runs (:mod:`egovlib._report.worker`). So
    does every single-threaded worker of a Dask cluster (from its second run on), when the runs are
    submitted with ``dask_ahead``; closing the executor then stops those kernels.
    """
    if scheduler:
        try:
            from distributed import Client
        except ImportError as err:
            raise ReportError("--scheduler needs Dask's distributed package: pip install 'egovlib[dask]'") from err
        client = Client(scheduler, set_as_default=False)
        return client.get_executor(pure=False), functools.partial(_close_dask, client, prestart=prestart)
    import multiprocessing

    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=worker.init_worker, initargs=(str(staging) if staging else None,
                                         str(notebooks_dir) if notebooks_dir else None, prestart))
    return pool, lambda: pool.shutdown(wait=True, cancel_futures=True)
