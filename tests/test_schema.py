"""egovlib.schema: cell-by-cell checks of a table against its Table Schema, every problem located."""

from __future__ import annotations

import pandas as pd
import pytest

from egovlib.errors import DataValidationError
from egovlib.schema import check_header, check_table, validate_and_convert

SCHEMA = {
    "fields": [
        {"name": "country", "type": "string", "constraints": {"required": True}},
        {"name": "year", "type": "integer", "constraints": {"minimum": 2000, "maximum": 2030}},
        {"name": "value", "type": "number", "constraints": {"minimum": 0}},
    ],
    "primaryKey": ["country", "year"],
    "missingValues": [""],
}


def raw(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["country", "year", "value"], dtype=str)


def test_good_cells_are_converted_and_missing_ones_become_na():
    table = validate_and_convert(raw(("KAZ", "2020", "0.8375"), ("KGZ", "2020", "")), SCHEMA, "data/t.csv")
    assert table["year"].tolist() == [2020, 2020]
    assert table["value"].iloc[0] == pytest.approx(0.8375) and pd.isna(table["value"].iloc[1])


def test_every_problem_is_listed_with_line_and_column():
    table, problems = check_table(raw(("KAZ", "20x0", "1"), ("KGZ", "1990", "-2"), ("", "2020", "nan")),
                                  SCHEMA, "data/t.csv")
    located = [(p.line, p.column) for p in problems]
    assert (2, "year") in located  # header is line 1: the first row is line 2
    assert (3, "year") in located and (3, "value") in located  # below minimum, both
    assert (4, "country") in located  # required
    assert (4, "value") in located  # not a finite number
    assert pd.isna(table["year"].iloc[0])  # a bad cell is <NA>, not a guess
    with pytest.raises(DataValidationError) as caught:
        validate_and_convert(raw(("KAZ", "20x0", "1")), SCHEMA, "data/t.csv")
    assert "data/t.csv, line 2, column 'year'" in str(caught.value)


def test_a_repeated_primary_key_names_both_lines():
    _, problems = check_table(raw(("KAZ", "2020", "1"), ("KAZ", "2020", "2")), SCHEMA, "data/t.csv")
    keys = [p for p in problems if p.rule == "primary_key"]
    assert len(keys) == 1 and keys[0].line == 3 and "2" in keys[0].describe()


def test_a_header_that_does_not_match_is_refused_at_once():
    wrong = pd.DataFrame([["KAZ", "2020", "1"]], columns=["country", "yr", "value"], dtype=str)
    with pytest.raises(DataValidationError, match="yr"):
        check_header(wrong, SCHEMA, "data/t.csv")
