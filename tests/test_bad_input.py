"""Corrupted copies of a data file are refused with a message naming file, line and column."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from egovlib import DataPackage, DataValidationError
from egovlib.datasets import default_data_dir


@pytest.fixture
def copy(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(default_data_dir(), folder)
    return folder


def rewrite(folder: Path, name: str, edit, *, rehash: bool = True) -> None:
    """Apply ``edit`` to the lines of ``name``.csv and (by default) record the new checksum."""
    path = folder / f"{name}.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(edit(lines)) + "\n")
    if rehash:
        descriptor = json.loads((folder / "datapackage.json").read_text())
        for resource in descriptor["resources"]:
            if resource["name"] == name:
                resource["hash"] = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
        (folder / "datapackage.json").write_text(json.dumps(descriptor))


def load_error(folder: Path, name: str) -> DataValidationError:
    with pytest.raises(DataValidationError) as info:
        DataPackage(folder).load(name)
    return info.value


def test_missing_column(copy):
    rewrite(copy, "gii_2021", lambda ls: [",".join(line.split(",")[:-1]) for line in ls])
    err = load_error(copy, "gii_2021")
    assert "data/gii_2021.csv" in str(err) and "line 1" in str(err) and "note" in str(err)


def test_non_numeric_value(copy):
    def edit(lines):
        lines[2] = lines[2].replace("28.4", "28.4x")
        return lines
    rewrite(copy, "gii_2021", edit)
    err = load_error(copy, "gii_2021")
    assert (err.line, err.column) == (3, "value")
    assert "a number" in str(err) and "28.4x" in str(err)


def test_duplicate_key(copy):
    rewrite(copy, "gii_2021", lambda ls: [*ls, ls[2]])
    err = load_error(copy, "gii_2021")
    assert err.column == "country, year, indicator" and err.line == 15
    assert "same as line 3" in str(err)


def test_value_outside_constraints(copy):
    def edit(lines):
        lines[1] = lines[1].replace("ARM,2021", "ARM,1850")
        return lines
    rewrite(copy, "gii_2021", edit)
    err = load_error(copy, "gii_2021")
    assert (err.line, err.column) == (2, "year") and ">= 1990" in str(err)


def test_category_not_allowed(copy):
    def edit(lines):
        lines[1] = lines[1].replace("global_innovation_index", "gii")
        return lines
    rewrite(copy, "gii_2021", edit)
    err = load_error(copy, "gii_2021")
    assert err.column == "indicator" and "one of" in str(err)


def test_missing_required_value(copy):
    def edit(lines):
        parts = lines[5].split(",")
        parts[3] = ""
        lines[5] = ",".join(parts)
        return lines
    rewrite(copy, "gii_2021", edit)
    err = load_error(copy, "gii_2021")
    assert (err.line, err.column) == (6, "value") and "missing" in str(err)


def test_checksum_mismatch(copy):
    rewrite(copy, "gii_2021", lambda ls: [ls[0], *reversed(ls[1:])], rehash=False)
    err = load_error(copy, "gii_2021")
    assert "checksum mismatch" in str(err) and "data/gii_2021.csv" in str(err)


def test_missing_file(copy):
    (copy / "gii_2021.csv").unlink()
    assert "file is missing" in str(load_error(copy, "gii_2021"))


def test_broken_descriptor_names_its_line(copy):
    (copy / "datapackage.json").write_text('{"resources": [\n  {"name": "x",}\n]}')
    with pytest.raises(DataValidationError, match=r"datapackage.json, line 2"):
        DataPackage(copy)


def test_checksum_update_is_atomic_and_idempotent(copy):
    from egovlib.maintenance import update_checksums

    assert update_checksums(copy) == []
    rewrite(copy, "gii_2021", lambda ls: [*ls[:-1]], rehash=False)
    assert update_checksums(copy) == ["gii_2021"]
    assert len(DataPackage(copy).load("gii_2021")) == 12
    assert not list(copy.glob(".datapackage.*"))
