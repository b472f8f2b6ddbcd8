"""Maintainer jobs on the data: refresh the checksums, validate every dataset, rebuild the UN panel.

Run ``egov checksums`` (or ``make checksums``) after editing a CSV. The descriptor is rewritten
atomically: a failure leaves the old file in place. ``egov validate`` (``make validate``) loads
every dataset as the library does (checksum, schema, invariants) and lists every problem.

``egov un-panel --from ../shared/external`` rebuilds
``data/un_egov_panel.csv`` from a folder of UN E-Government exports, verifies it
(:func:`egovlib.un_panel.verify`) and records its hash and the raw files' sha256; with
``--check`` it only verifies that the shipped file equals a fresh build (exit status 1,
naming the first differing row, if not). See :mod:`egovlib.un_panel`.

``python -m egovlib.maintenance checksums|un-panel ...`` is kept as an alias of ``egov``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from egovlib.atomic import write_text_atomic
from egovlib.datasets import REGISTERS, DataPackage, content_hash, default_data_dir

__all__ = ["main", "un_panel", "update_checksums", "validate"]


def update_checksums(folder: Path | None = None) -> list[str]:
    """Record the sha256 and byte size of every resource in ``datapackage.json``.

    Parameters
    ----------
    folder : Path or None
        The folder holding ``datapackage.json`` (default: the package's data).

    Returns
    -------
    list of str
        The names of the resources whose checksum or size changed.
    """
    folder = Path(folder) if folder is not None else default_data_dir()
    descriptor_path = folder / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    changed = []
    for resource in descriptor["resources"]:
        data = (folder / resource["path"]).read_bytes()
        digest = content_hash(data)
        if resource.get("hash") != digest or resource.get("bytes") != len(data):
            changed.append(resource["name"])
        resource["hash"] = digest
        resource["bytes"] = len(data)
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    write_text_atomic(descriptor_path, text)
    return changed


def validate(folder: Path | None = None, names: list[str] | None = None) -> tuple[list[str], dict[str, str]]:
    """Load every dataset (or those in ``names``) with all checks; the problems found.

    Parameters
    ----------
    folder : Path or None
        The folder holding ``datapackage.json`` (default: the package's data).
    names : list of str or None
        Datasets to check (default: all, and the conflict and claim registers).

    Returns
    -------
    checked : list of str
        The tables checked.
    problems : dict
        ``{dataset: message}`` for every table that failed; empty when all are sound.
    """
    from egovlib.errors import EgovlibError

    package = DataPackage(folder)
    checked = list(names or [*package.list_datasets(), *REGISTERS])
    problems = {}
    for name in checked:
        try:
            package.load(name)
        except EgovlibError as err:
            problems[name] = str(err)
    return checked, problems


def un_panel(source: Path, source_2024: Path | None, data_dir: Path | None, check_only: bool) -> int:
    """Rebuild the UN panel from the UN exports, or with ``check_only`` verify the shipped one.

    Parameters
    ----------
    source : Path
        Folder holding ``un_egov/`` and ``un_egov_2024_third_party/``.
    source_2024 : Path or None
        Folder (or file) of the 2024 copy, if not under ``source``.
    data_dir : Path or None
        The data folder to write or check (default: the package's data).
    check_only : bool
        Write nothing; compare the shipped file with a fresh build.

    Returns
    -------
    int
        The exit status: 0 built (or equal), 1 a failed build or check.
    """
    from egovlib import un_panel as panel

    try:
        build = panel.build(source, source_2024)
    except (FileNotFoundError, ValueError) as err:
        print(f"un-panel: cannot build: {err}", file=sys.stderr)
        return 1
    package = DataPackage(data_dir) if data_dir is not None else None
    problems = panel.verify(build.table, package)
    if problems:
        print("un-panel: the fresh build fails its checks:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    rows = len(build.table)
    if check_only:
        problems = panel.check(build, data_dir)
        if problems:
            print("un-panel --check: FAILED\n  " + "\n  ".join(problems), file=sys.stderr)
            return 1
        print(f"un-panel --check: data/un_egov_panel.csv equals a fresh build ({rows} rows, "
              f"{len(build.files)} raw files with the recorded sha256)")
        return 0
    path = panel.write(build, data_dir)
    print(f"un-panel: wrote {path} ({rows} rows) and its hash and raw-file checksums in datapackage.json")
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m egovlib.maintenance COMMAND ...``: an alias of ``egov COMMAND ...``.

    Parameters
    ----------
    argv : list of str or None
        The arguments after the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit status of :func:`egovlib.cli.main`.
    """
    from egovlib.cli import main as egov

    return egov(list(sys.argv[1:] if argv is None else argv), prog="python -m egovlib.maintenance")


if __name__ == "__main__":
    raise SystemExit(main())
