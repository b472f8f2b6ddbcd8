"""What a notebook read, recorded as it runs, so that the runner can tell when a run is stale.

``egov report`` gives each notebook's kernel the environment variable :data:`ENV`, the path of a
log file. Every read that goes through egovlib appends one JSON line to it:

* ``dataset``: a curated dataset loaded by :meth:`egovlib.datasets.DataPackage.load` (the digest of its
  CSV, its descriptor entry and its sources: :meth:`~egovlib.datasets.DataPackage.dataset_digest`);
* ``results``: the recorded results of another notebook read by :func:`egovlib.results.read_results`
  (the sha256 of those results, so a re-executed notebook whose results did not change does not
  invalidate its readers);
* ``file``: an external file read by :func:`egovlib.external.read_un_egov` (its sha256).

Outside a report run (JupyterLab, tests) :data:`ENV` is unset and nothing is written. The runner
(:mod:`egovlib._report.cache`) reads the log back with :func:`read_log` and, before the next run,
recomputes each digest with :func:`current_digest`: a changed or missing input means the notebook
runs again. Reads that bypass egovlib (``pd.read_csv`` on a path) are not seen; the notebooks of the
collection read data only through egovlib.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

__all__ = ["ENV", "KINDS", "current_digest", "digest_bytes", "read_log", "record", "results_digest"]

ENV = "EGOV_INPUTS_LOG"
KINDS = ("dataset", "results", "file")


def digest_bytes(data: bytes) -> str:
    """``sha256:<hex>`` of some bytes."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def results_digest(rows: list[dict[str, Any]]) -> str:
    """The digest of a notebook's recorded results (rows of name, value, unit, description)."""
    return digest_bytes(json.dumps(rows, sort_keys=True, default=str, allow_nan=True).encode("utf-8"))


def record(kind: str, name: str, path: str | Path, digest: str) -> None:
    """Append one read to the log named by :data:`ENV`; do nothing when it is unset.

    A log that cannot be written raises ``OSError``: a run whose inputs were not all recorded
    must not later be reused as if they had been.
    """
    log = os.environ.get(ENV)
    if not log:
        return
    if kind not in KINDS:
        raise ValueError(f"kind={kind!r}: expected one of {', '.join(KINDS)}")
    line = json.dumps({"kind": kind, "name": name, "path": str(Path(path).resolve()), "digest": digest})
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def read_log(path: str | Path) -> list[dict[str, str]]:
    """The distinct reads in a log, in the order first read (an absent log: none)."""
    path = Path(path)
    if not path.is_file():
        return []
    seen: dict[tuple[str, str, str], dict[str, str]] = {}
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        try:
            entry = json.loads(text)
            key = (entry["kind"], entry["name"], entry["path"])
        except (ValueError, KeyError, TypeError) as err:
            raise ValueError(f"{path}, line {number}: not an inputs record ({err})") from None
        seen.setdefault(key, entry)  # the first read counts: later reads of the same file are the same file
    return list(seen.values())


def current_digest(entry: dict[str, str]) -> str | None:
    """The digest the input of a log entry has now, or ``None`` when it is gone or unreadable."""
    path = Path(entry["path"])
    try:
        if entry["kind"] == "results":
            from .results import result_rows

            return results_digest(result_rows(path))
        if entry["kind"] == "dataset":
            from .datasets import DataPackage

            return DataPackage(path.parent).dataset_digest(entry["name"])
        return digest_bytes(path.read_bytes())
    except (OSError, ValueError, LookupError, TypeError):
        return None
