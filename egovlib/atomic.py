"""Write files so that readers see the old version or the new one, never half of either."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["atomic_target", "write_text_atomic"]


@contextlib.contextmanager
def atomic_target(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` (mode 644), on error it is removed.

    Parameters
    ----------
    path : str or Path
        The file to write; its folder must exist.

    Returns
    -------
    contextlib.AbstractContextManager of Path
        A context manager whose value is a temporary file in the same folder (``.<stem>.<random><suffix>``),
        to be written by the caller inside the ``with`` block.
    """
    path = Path(path)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(handle)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through :func:`atomic_target`.

    Parameters
    ----------
    path : str or Path
        The file to write; its folder must exist.
    text : str
        The content.
    """
    with atomic_target(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
