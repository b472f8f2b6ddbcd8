"""Incremental runs: reuse a notebook's earlier run when nothing it depends on has changed.

The key of a run has five parts, compared one by one so the manifest can say what changed:

``notebook``
    The notebook's cells (type and source) and kernel name; stored outputs do not count, so
    ``make notebooks`` re-executing a notebook in place does not invalidate it.
``parameters``
    The run's parameters, as planned (report.toml, command line, grid).
``egovlib``
    Every file of the installed ``egovlib`` package (code, templates, resources).
``environment``
    The Python version and every installed distribution with its version (the locked environment,
    as installed, not as requested).
``inputs``
    What the notebook read through egovlib when it last ran (:mod:`egovlib._inputs`): each dataset
    (CSV, descriptor entry and sources), each other notebook's recorded results (notebook 07 reads
    02-06), each external file. Their digests are recomputed now: a changed or missing one reruns it.

jupyter-cache keys on code cells only; this key adds the data actually loaded, the library and
the environment. The previous run of a task is the newest report under ``out`` that holds it with
status ``ok`` and a key; its folder (executed notebook, HTML page, figures) is copied into the new
report with hard links where the file system allows.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import _inputs
from .plan import Task

__all__ = ["Decision", "PARTS", "Previous", "decide", "egovlib_digest", "environment_digest", "find_previous",
           "link_tree", "notebook_digest", "parameters_digest", "static_key"]

PARTS = ("notebook", "parameters", "egovlib", "environment")
_PACKAGE = Path(__file__).resolve().parent.parent


def notebook_digest(path: Path) -> str:
    """Digest of a notebook's cells (type and source) and kernel name, not of its outputs."""
    nb = json.loads(path.read_text(encoding="utf-8"))  # plain JSON: nbformat's validator costs a second to import
    cells = [[cell.get("cell_type"), "".join(src) if isinstance(src := cell.get("source", ""), list) else src]
             for cell in nb.get("cells", [])]
    kernel = nb.get("metadata", {}).get("kernelspec", {}).get("name", "")
    return _inputs.digest_bytes(json.dumps({"cells": cells, "kernel": kernel}, ensure_ascii=False).encode("utf-8"))


def parameters_digest(parameters: dict[str, Any]) -> str:
    """Digest of a run's parameters (order of the keys does not matter)."""
    return _inputs.digest_bytes(json.dumps(parameters, sort_keys=True, default=str).encode("utf-8"))


@lru_cache(maxsize=1)
def egovlib_digest() -> str:
    """Digest of every file of the egovlib package: code, templates, resources.

    Byte-compiled caches and ``data/`` (inside an installed wheel) are excluded: datasets count
    through the inputs a notebook recorded, so editing one reruns only its readers.
    """
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        parts = path.relative_to(_PACKAGE).parts
        if (path.is_file() and "__pycache__" not in parts and parts[0] != "data"
                and path.suffix not in {".pyc", ".pyo"}):
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return "sha256:" + digest.hexdigest()


@lru_cache(maxsize=1)
def environment_digest() -> str:
    """Digest of the Python version and every installed distribution (name and version) but egovlib."""
    from importlib.metadata import distributions

    names = sorted({f"{(d.metadata['Name'] or '').lower()}=={d.version}" for d in distributions()
                    if (d.metadata["Name"] or "").lower() != "egovlib"})
    return _inputs.digest_bytes(json.dumps({"python": sys.version, "distributions": names}).encode("utf-8"))


def static_key(task: Task, notebooks_dir: Path) -> dict[str, str]:
    """The parts of a task's key that are known before it runs."""
    return {"notebook": notebook_digest(notebooks_dir / f"{task.notebook}.ipynb"),
            "parameters": parameters_digest(task.parameters), "egovlib": egovlib_digest(),
            "environment": environment_digest()}


@dataclass(frozen=True)
class Previous:
    """A task's newest successful run in an earlier report."""

    report: Path  # the report folder, out/<run-id>
    run_id: str
    entry: dict[str, Any]  # its record in that report's manifest.json


@dataclass(frozen=True)
class Decision:
    """Whether a task runs or its earlier run is reused, and why."""

    reuse: Previous | None
    reason: str


def find_previous(out: Path) -> dict[str, Previous]:
    """For every run name, its newest successful run with a key in the reports under ``out``."""
    manifests = []
    for folder in out.iterdir() if out.is_dir() else []:
        if folder.is_symlink() or not folder.is_dir() or folder.name.startswith("."):
            continue
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            manifests.append((str(manifest["finished"]), folder, manifest))
        except (OSError, ValueError, KeyError, TypeError):
            continue  # not a report, or one being written
    found: dict[str, Previous] = {}
    # newest first: by finishing time, then by run id (ids sort by start time; runs can finish in the same second)
    for _, folder, manifest in sorted(manifests, key=lambda item: (item[0], item[1].name), reverse=True):
        for entry in manifest.get("notebooks", []):
            run = entry.get("run")
            if run in found or entry.get("status") != "ok" or not entry.get("key"):
                continue
            if (folder / run / f"{entry.get('notebook')}.ipynb").is_file():
                found[run] = Previous(folder, str(manifest.get("run_id", folder.name)), entry)
    return found


def decide(task: Task, key: dict[str, str], previous: Previous | None, *, force: bool = False) -> Decision:
    """Reuse ``previous`` when every part of the key and every recorded input is unchanged."""
    if force:
        return Decision(None, "--force")
    if previous is None:
        return Decision(None, "no earlier successful run with a key")
    old = previous.entry["key"]
    changed = [part for part in PARTS if old.get(part) != key[part]]
    if changed:
        return Decision(None, f"{', '.join(_PART_NAMES[p] for p in changed)} changed since {previous.run_id}")
    stale = []
    for entry in old.get("inputs", []):
        now = _inputs.current_digest(entry)
        if now != entry.get("digest"):
            what = {"dataset": "dataset", "results": "results of", "file": "file"}.get(entry.get("kind"), "input")
            stale.append(f"{what} {entry.get('name')} {'is missing' if now is None else 'changed'}")
    if stale:
        return Decision(None, f"{'; '.join(stale)} since {previous.run_id}")
    return Decision(previous, f"nothing changed since {previous.run_id}")


_PART_NAMES = {"notebook": "notebook source", "parameters": "parameters", "egovlib": "egovlib source",
               "environment": "installed packages"}


def link_tree(source: Path, target: Path) -> None:
    """Copy a folder, hard-linking files where the file system allows (published reports are read-only)."""
    def link_or_copy(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source, target, copy_function=link_or_copy)
