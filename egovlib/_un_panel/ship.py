"""Ship the UN panel: compare the shipped file with a fresh build, or write it with its hash and raw files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from egovlib._un_panel.build import RESOURCE, Build
from egovlib.atomic import write_text_atomic
from egovlib.datasets import content_hash, default_data_dir


# -- shipping ----------------------------------------------------------------------------------
def _descriptor(folder: Path) -> tuple[Path, dict[str, Any], dict[str, Any]]:
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] == RESOURCE:
            return path, descriptor, resource
    raise KeyError(f"{path}: no resource named {RESOURCE!r}")


def first_difference(shipped: str, fresh: str) -> str | None:
    """A message naming the first line where two CSV texts differ, or None when equal.

    Parameters
    ----------
    shipped, fresh : str
        The shipped file's text and a fresh build's.

    Returns
    -------
    str or None
        The first differing line (or the first line only one of them has, or a note that only line
        endings or a final newline differ); ``None`` when the texts are equal.

    Examples
    --------
    >>> first_difference("a\\nb\\n", "a\\nc\\n")
    "line 2 differs: shipped 'b', fresh build 'c'"
    """
    if shipped == fresh:
        return None
    a, b = shipped.splitlines(), fresh.splitlines()
    for number, (x, y) in enumerate(zip(a, b, strict=False), start=1):
        if x != y:
            return f"line {number} differs: shipped {x!r}, fresh build {y!r}"
    if len(a) != len(b):
        longer, which = (a, "shipped file") if len(a) > len(b) else (b, "fresh build")
        first = min(len(a), len(b))
        return f"line {first + 1}: only the {which} has {longer[first]!r} ({len(a)} vs {len(b)} lines)"
    return "the files differ in line endings or a final newline"


def check(build_: Build, data_dir: str | Path | None = None) -> list[str]:
    """Differences between the shipped panel (CSV, hash, derivedFrom) and a fresh build.

    Parameters
    ----------
    build_ : Build
        A fresh build (:func:`build`).
    data_dir : str, Path or None
        The data folder (default: the package's).

    Returns
    -------
    list of str
        One message per difference (the CSV's text, its recorded hash, the raw files recorded in
        ``derivedFrom``); empty when all agree.

    Raises
    ------
    KeyError
        If ``datapackage.json`` has no ``un_egov_panel`` resource.
    """
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    _, _, resource = _descriptor(folder)
    csv_path = folder / resource["path"]
    problems = []
    if not csv_path.is_file():
        return [f"{csv_path}: missing"]
    shipped = csv_path.read_bytes()
    difference = first_difference(shipped.decode("utf-8"), build_.text)
    if difference:
        problems.append(f"data/{resource['path']} is not what a fresh build gives: {difference}")
    if resource.get("hash") != content_hash(shipped):
        problems.append(f"datapackage.json hash of {resource['path']} does not match its bytes")
    recorded = resource.get("derivedFrom", [])
    fresh = [f.as_dict() for f in build_.files]
    if recorded != fresh:
        problems.append(f"raw exports differ from those recorded in derivedFrom: recorded {recorded}, found {fresh}")
    return problems


def write(build_: Build, data_dir: str | Path | None = None) -> Path:
    """Write the CSV atomically and record its hash, size and raw files in ``datapackage.json``.

    Parameters
    ----------
    build_ : Build
        A fresh build (:func:`build`).
    data_dir : str, Path or None
        The data folder (default: the package's).

    Returns
    -------
    Path
        The CSV written.

    Raises
    ------
    KeyError
        If ``datapackage.json`` has no ``un_egov_panel`` resource.
    """
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    descriptor_path, descriptor, resource = _descriptor(folder)
    csv_path = folder / resource["path"]
    text = build_.text
    write_text_atomic(csv_path, text)
    data = text.encode("utf-8")
    resource["derivedFrom"] = [f.as_dict() for f in build_.files]
    resource["hash"] = content_hash(data)
    resource["bytes"] = len(data)
    write_text_atomic(descriptor_path, json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n")
    return csv_path
