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
    write_bytes(folder, name, ("\n".join(edit(lines)) + "\n").encode(), rehash=rehash)


def write_bytes(folder: Path, name: str, data: bytes, *, rehash: bool = True) -> None:
    """Replace ``name``.csv by ``data`` and (by default) record the new checksum, as a user would."""
    path = folder / f"{name}.csv"
    path.write_bytes(data)
    if rehash:
        descriptor = json.loads((folder / "datapackage.json").read_text())
        for resource in descriptor["resources"]:
            if resource["name"] == name:
                resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
        (folder / "datapackage.json").write_text(json.dumps(descriptor))


def set_cell(line: str, column: int, value: str) -> str:
    parts = line.split(",")
    parts[column] = value
    return ",".join(parts)


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


# -- substantive invariants run on load, and every problem is reported -------------------

PORTAL_HEADER = "country,year,indicator,breakdown,value,unit,source,locator,value_printed,note"


@pytest.mark.parametrize(("bad", "rule", "expected"), [
    ("140", "maximum", "expected <= 100"),
    ("-5", "minimum", "expected >= 0"),
    ("inf", "finite", "expected a finite number"),
    ("-inf", "finite", "expected a finite number"),
    ("nan", "finite", "expected a finite number"),
    ("1e999", "finite", "expected a finite number"),
])
def test_share_out_of_range_is_refused_after_rehash(copy, bad, rule, expected):
    rewrite(copy, "portal_users", lambda ls: [ls[0], set_cell(ls[1], 4, bad), *ls[2:]])
    err = load_error(copy, "portal_users")
    assert (err.line, err.column, err.rule) == (2, "value", rule)
    assert str(err).startswith("data/portal_users.csv, line 2, column 'value'")
    assert expected in str(err) and repr(bad) in str(err)
    assert [(p.line, p.column, p.found, p.rule) for p in err.problems] == [(2, "value", bad, rule)]


def test_every_problem_of_a_file_is_listed(copy):
    """140 %, -5 and inf in one file: one error naming all three, each with line and rule."""
    rewrite(copy, "portal_users", lambda ls: [
        ls[0], set_cell(ls[1], 4, "140"), set_cell(ls[2], 4, "-5"), set_cell(ls[3], 4, "inf"), *ls[4:],
    ])
    err = load_error(copy, "portal_users")
    assert [(p.line, p.column, p.found, p.rule) for p in err.problems] == [
        (2, "value", "140", "maximum"), (3, "value", "-5", "minimum"), (4, "value", "inf", "finite"),
    ]
    text = str(err)
    assert text.startswith("data/portal_users.csv: 3 problems:")
    for piece in ("line 2, column 'value'", "'140'", "<= 100", "line 3, column 'value'", "'-5'", ">= 0",
                  "line 4, column 'value'", "'inf'", "finite"):
        assert piece in text


def test_invariant_beyond_the_schema_runs_on_load(copy):
    """A share of 140 % in a file with mixed units passes the schema; the unit's bounds catch it."""
    rewrite(copy, "platform_performance", lambda ls: [*ls[:5], set_cell(ls[5], 4, "140"), *ls[6:]])
    err = load_error(copy, "platform_performance")
    assert (err.line, err.column, err.found, err.rule) == (6, "value", 140.0, "unit_bounds")
    assert "data/platform_performance.csv, line 6, column 'value'" in str(err)
    assert "unit 'percent'" in str(err) and "expected 0-100" in str(err)


def test_part_above_total_and_schema_problem_are_reported_together(copy):
    def edit(lines):
        lines[4] = set_cell(lines[4], 4, "9000")  # organisations using computers > 8243 enterprises
        lines[6] = set_cell(lines[6], 4, "-1")
        return lines
    rewrite(copy, "ict_public_admin", edit)
    err = load_error(copy, "ict_public_admin")
    assert [(p.line, p.rule) for p in err.problems] == [(5, "organisations_not_above_enterprises"), (7, "minimum")]
    assert "line 5, column 'value'" in str(err) and "exceed the 8243.0 enterprises" in str(err)


def test_check_invariants_gives_readable_lines():
    import egovlib
    from egovlib.invariants import check_invariants

    table = egovlib.load("gii_2021").copy()
    table.loc[2, "value"] = 140.0
    assert check_invariants("gii_2021", table) == [
        "gii_2021, line 4, column 'value': value is outside the range of its unit 'score_0_100' "
        "(found 140.0); expected 0-100 [rule: unit_bounds]"
    ]


def test_every_dataset_the_invariants_name_exists():
    """Dataset-specific rules are chosen by name: a rename must not silently switch one off."""
    from egovlib import list_datasets
    from egovlib.invariants import DATASET_RULES

    assert DATASET_RULES, "the invariants name no dataset: was the table of rules renamed?"
    missing = sorted(set(DATASET_RULES) - set(list_datasets()))
    assert not missing, f"invariants refer to datasets that do not exist: {missing}"


# -- files that are not a UTF-8 CSV --------------------------------------------------------

EXPECTED_LAYOUT = f"expected a UTF-8 encoded CSV with header {PORTAL_HEADER!r}"


@pytest.mark.parametrize(("data", "problem"), [
    pytest.param(b"", "file is empty (0 bytes)", id="empty"),
    pytest.param((PORTAL_HEADER + "\n").encode(), "file has a header but no data rows", id="header_only"),
    pytest.param("utf16", "file is UTF-16 encoded, not UTF-8", id="utf16"),
    pytest.param("utf16le", "file is UTF-16 encoded, not UTF-8", id="utf16_no_bom"),
    pytest.param(bytes(range(256)) * 8, "file is binary, not text", id="binary"),
    pytest.param("latin1", "file is not UTF-8 encoded text", id="latin1"),
])
def test_file_that_is_not_a_utf8_csv_names_file_and_expected_layout(copy, data, problem):
    original = (copy / "portal_users.csv").read_text(encoding="utf-8")
    if data == "utf16":
        data = original.encode("utf-16")
    elif data == "utf16le":
        data = original.encode("utf-16-le")
    elif data == "latin1":
        data = (original + "KAZ,2022,egov_service_users_share,total,1,percent_of_population,"
                "orazgaliyeva2023,Table 4,,Côte d'Ivoire\n").encode("latin-1")
    write_bytes(copy, "portal_users", data)
    err = load_error(copy, "portal_users")
    assert str(err).startswith("data/portal_users.csv")
    assert problem in str(err) and EXPECTED_LAYOUT in str(err)


def test_cut_off_last_line_is_refused(copy):
    data = (copy / "portal_users.csv").read_bytes()
    write_bytes(copy, "portal_users", data[:-3])  # "...,Table 4,,\n" -> "...,Table 4"
    err = load_error(copy, "portal_users")
    assert err.line == 29 and "data/portal_users.csv, line 29" in str(err)
    assert "does not end with a newline" in str(err) and "cut off" in str(err)


def test_rows_with_the_wrong_number_of_fields_are_all_listed(copy):
    rewrite(copy, "portal_users", lambda ls: [ls[0], ls[1][:20], ls[2], "", *ls[3:]])
    err = load_error(copy, "portal_users")
    assert [(p.line, p.rule) for p in err.problems] == [(2, "field_count"), (4, "field_count")]
    assert "line 2: row has 3 fields" in str(err) and "line 4: row has 0 fields (a blank line)" in str(err)
    assert "expected 10 fields, as in the header" in str(err)
