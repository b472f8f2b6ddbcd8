"""Kernels for headless runs: Unix sockets, a private runtime folder, nothing left behind.

papermill's default kernel listens on TCP ports of 127.0.0.1, so ipykernel warns that it runs
"over TCP without encryption", and its connection file (with the HMAC key that signs every
message) stays in the shared runtime folder when the kernel is killed. Every headless run of
the project (``egov report``, ``make notebooks``, the tests) uses :func:`kernel_manager`
instead: ZeroMQ's IPC transport (no port, nothing to warn about) with the connection file and
sockets in a private folder, which :func:`private_runtime` removes afterwards.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["RUNTIME_PREFIX", "kernel_manager", "private_runtime"]

#: Prefix of the private runtime folders (short: a Unix socket path is limited to ~100 bytes).
RUNTIME_PREFIX = "egov-kernel-"


@contextmanager
def private_runtime() -> Iterator[Path]:
    """A new private runtime folder in the system temp folder, removed on exit."""
    folder = Path(tempfile.mkdtemp(prefix=RUNTIME_PREFIX))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def kernel_manager(runtime_dir: Path, env: Mapping[str, str] | None = None) -> Any:
    """A python3 kernel manager on the IPC transport, its files in ``runtime_dir``.

    Parameters
    ----------
    runtime_dir : Path
        Private folder for the connection file and sockets; also the kernel's ``JUPYTER_RUNTIME_DIR``.
    env : Mapping[str, str], optional
        Extra environment variables of the kernel (e.g. ``EGOV_FIGURES_DIR``).

    Returns
    -------
    jupyter_client.manager.AsyncKernelManager
        To pass to ``papermill.execute_notebook(..., km=...)``.
    """
    from jupyter_client.manager import AsyncKernelManager

    extra = {"JUPYTER_RUNTIME_DIR": str(runtime_dir), **(env or {})}

    class _Kernel(AsyncKernelManager):
        async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
            kw["env"] = {**os.environ, **extra, **kw.get("env", {})}
            return await super().start_kernel(**kw)

    return _Kernel(kernel_name="python3", transport="ipc", connection_file=str(runtime_dir / "kernel-egov.json"))
