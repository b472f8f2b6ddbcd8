"""Where the runs go: a local process pool, or the executor of a Dask cluster.

Both are ``concurrent.futures`` executors. Pool workers start the kernel of their next run ahead
from their initializer (:func:`egovlib._report.worker.init_worker`); a single-threaded Dask worker
does so from its first run (:func:`~egovlib._report.execute.run_task` with ``dask``), and
closing a Dask executor asks each such worker to stop its spare kernel (waiting at most 30 s, with a
warning for a worker that does not answer).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from ..errors import ReportError
from . import worker

__all__ = ["make_executor", "single_threaded_dask_worker"]


def single_threaded_dask_worker() -> bool:
    """Whether this code runs in a task of a Dask worker that has one thread and its process to itself.

    Returns
    -------
    bool
        ``False`` outside a Dask task, on a worker with several threads, on a second worker in the
        same process (``LocalCluster(processes=False)``: they would share one spare kernel), or
        without Dask installed.
    """
    try:
        from distributed import get_worker

        found = get_worker()
    except (ImportError, ValueError):
        return False
    threads = getattr(getattr(found, "state", None), "nthreads", getattr(found, "nthreads", None))
    return threads == 1 and _OWNER.setdefault("worker", id(found)) == id(found)


_OWNER: dict[str, int] = {}  # the Dask worker of this process that starts kernels ahead


def _close_dask(client: Any, *, prestart: bool, timeout: float = 30.0) -> None:
    """Stop the kernels that the cluster's workers started ahead, then close the client.

    A discarding task is pinned to every single-threaded worker, at a high priority, and waited
    for at most ``timeout`` seconds; a worker that does not answer is named in a warning (its spare
    kernel stays idle until that worker exits).
    """
    if prestart:  # as a task on each worker: in the thread and context its runs used
        import logging

        from distributed import wait

        log = logging.getLogger(__name__)
        try:
            workers = [address for address, threads in client.nthreads().items() if threads == 1]
            discards = {client.submit(worker.discard_spare_in_context, workers=[address], allow_other_workers=False,
                                      pure=False, priority=100): address for address in workers}
            done, not_done = wait(list(discards), timeout=timeout)
            failed = [discards[f] for f in done if f.status != "finished"] + [discards[f] for f in not_done]
            if failed:
                log.warning("the kernels started ahead on Dask workers %s may still be running", sorted(failed))
        except Exception as err:  # noqa: BLE001 - the report stands; the spares stop with their workers
            log.warning("could not stop the kernels started ahead on the Dask workers: %s", err)
    client.close()


def make_executor(jobs: int, scheduler: str | None, *, staging: Path | None = None,
                  notebooks_dir: Path | None = None,
                  prestart: bool = True) -> tuple[Executor, Callable[[], None]]:
    """A process pool of ``jobs`` workers, or the executor of a Dask cluster at ``scheduler``.

    Pool workers live for the whole report: papermill and nbconvert are imported once per worker,
    and with ``prestart`` (and ``staging`` and ``notebooks_dir`` given) each worker starts the
    kernel of its next notebook while the current one runs (:mod:`egovlib._report.worker`). So
    does every single-threaded worker of a Dask cluster (from its second run on), when the runs are
    submitted with ``dask``; closing the executor then asks them to stop those kernels.
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
