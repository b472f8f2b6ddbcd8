"""Check a CSV against its Frictionless Table Schema and convert it to typed columns.

Only the part of Table Schema v1/v2 that the egov-kz package uses is implemented: field
types ``string``, ``integer``, ``number``, ``boolean`` and ``year``; the constraints
``required``, ``minimum``, ``maximum``, ``enum`` and ``pattern``; ``missingValues``;
``primaryKey``; and the ``categoriesOrdered`` flag (v2) that turns an ``enum`` into an
ordered categorical. See docs/decisions.md for why this is not delegated to the
``frictionless`` package.

Stricter than Table Schema: a ``number`` cell must be a plain decimal number (``1.5``,
``-2``, ``3e4``); ``inf``, ``-inf`` and ``nan`` spelled out are refused unless the field
sets the egovlib extension ``"allowNonFinite": true``. Integers must be plain digits.

Problems raise :class:`~egovlib.errors.DataValidationError` naming the file, the line,
the column and what was expected; all problems of a file's cells are collected into one
exception (``.problems`` lists them).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from egovlib.errors import DataValidationError, Problem

__all__ = ["HEADER_LINES", "TIDY_COLUMNS", "check_header", "check_table", "file_line", "validate_and_convert"]

_TRUE = {"true", "True", "TRUE", "1"}
_FALSE = {"false", "False", "FALSE", "0"}
#: The columns of the tidy layout that numeric datasets share (README, "The datasets"): one home for the
#: explorer's test of a tidy dataset and the columns :func:`egovlib.external.read_un_egov` returns.
TIDY_COLUMNS = ("country", "year", "indicator", "value", "unit")
#: Lines before the first data row of a CSV (the header).
HEADER_LINES = 1


def file_line(position: int) -> int:
    """The 1-based line of the CSV file that holds the data row at ``position`` (0-based).

    The one rule for line numbers in messages: the schema checks and the invariants both use it.

    Parameters
    ----------
    position : int
        Position of the row in the table as read (0 = the first data row).

    Returns
    -------
    int
        ``position + HEADER_LINES + 1``; the header is line 1, so the first data row is line 2.

    Examples
    --------
    >>> file_line(0)
    2
    """
    return int(position) + HEADER_LINES + 1


def check_header(raw: pd.DataFrame, schema: Mapping[str, Any], path: str) -> None:
    """Fail unless the CSV header holds exactly the schema's fields, in order.

    Parameters
    ----------
    raw : pandas.DataFrame
        The CSV's cells as strings (as :func:`egovlib.datasets.read_csv_strings` gives them).
    schema : Mapping
        The resource's Table Schema (``fields``, optionally ``missingValues`` and ``primaryKey``).
    path : str
        The file as shown in error messages (e.g. ``"data/egdi_kazakhstan.csv"``).

    Raises
    ------
    DataValidationError
        Naming line 1, for a missing column, an unexpected column or columns in the wrong order.
    """
    expected = [f["name"] for f in schema["fields"]]
    found = list(raw.columns)
    missing = [c for c in expected if c not in found]
    if missing:
        raise DataValidationError(
            path, f"missing column(s) {missing}", line=1, expected=f"columns {expected}", found=found
        )
    extra = [c for c in found if c not in expected]
    if extra:
        raise DataValidationError(
            path, f"unexpected column(s) {extra}", line=1, expected=f"columns {expected}", found=found
        )
    if found != expected:
        raise DataValidationError(
            path, "columns in the wrong order", line=1, expected=f"columns {expected}", found=found
        )


_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NON_FINITE = re.compile(r"[+-]?(?:inf|infinity|nan)", re.IGNORECASE)


class _NotFinite(ValueError):
    """A number cell holding inf, -inf or nan (or a number too large for a float)."""


def _convert_cell(text: str, field: Mapping[str, Any]) -> Any:
    kind = field.get("type", "string")
    if kind == "string":
        return text
    if kind in ("integer", "year"):
        if not _INTEGER.fullmatch(text):  # int() alone would take " 5", "1_000" or "٣"
            raise ValueError(text)
        return int(text)
    if kind == "number":
        # float() alone would also take " 5", "1_000" or "٣"
        if not (_NUMBER.fullmatch(text) or _NON_FINITE.fullmatch(text)):
            raise ValueError(text)
        value = float(text)
        if not math.isfinite(value) and not field.get("allowNonFinite", False):
            raise _NotFinite(text)
        return value
    if kind == "boolean":
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueError(text)
    raise DataValidationError("<schema>", f"field {field['name']!r} has unsupported type {kind!r}")


def _describe_type(field: Mapping[str, Any]) -> str:
    kind = field.get("type", "string")
    return {
        "integer": "a whole number",
        "year": "a four-digit year",
        "number": "a number",
        "boolean": "true or false",
    }.get(kind, "text")


def validate_and_convert(
    raw: pd.DataFrame, schema: Mapping[str, Any], path: str
) -> pd.DataFrame:
    """A typed copy of ``raw`` (all-string cells) after checking it cell by cell.

    Missing cells (any of the schema's ``missingValues``, default ``""``) become ``<NA>``.
    Every problem in the file is collected; one :class:`DataValidationError` lists them
    all (its ``problems`` attribute holds each one).

    Parameters
    ----------
    raw : pandas.DataFrame
        The CSV's cells as strings (as :func:`egovlib.datasets.read_csv_strings` gives them).
    schema : Mapping
        The resource's Table Schema (``fields``, optionally ``missingValues`` and ``primaryKey``).
    path : str
        The file as shown in error messages (e.g. ``"data/egdi_kazakhstan.csv"``).

    Returns
    -------
    pandas.DataFrame
        The typed table (see :func:`check_table`).

    Raises
    ------
    DataValidationError
        If the header does not match, or any cell or the primary key has a problem.
    """
    table, problems = check_table(raw, schema, path)
    if problems:
        raise DataValidationError.from_problems(path, problems)
    return table


def check_table(
    raw: pd.DataFrame, schema: Mapping[str, Any], path: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """The typed table and every cell and primary-key problem (cells with a problem are ``<NA>``).

    A header that does not match the schema raises at once: the cells cannot be checked.

    Parameters
    ----------
    raw : pandas.DataFrame
        The CSV's cells as strings (as :func:`egovlib.datasets.read_csv_strings` gives them).
    schema : Mapping
        The resource's Table Schema (``fields``, optionally ``missingValues`` and ``primaryKey``).
    path : str
        The file as shown in error messages (e.g. ``"data/egdi_kazakhstan.csv"``).

    Returns
    -------
    table : pandas.DataFrame
        One typed column per schema field.
    problems : list of Problem
        Every problem found, sorted by line and then by the field's place in the schema.

    Raises
    ------
    DataValidationError
        If the header does not match the schema (:func:`check_header`).
    """
    check_header(raw, schema, path)
    missing_values = set(schema.get("missingValues", [""]))
    problems: list[Problem] = []
    columns: dict[str, pd.Series] = {}
    for field in schema["fields"]:
        columns[field["name"]] = _convert_column(raw, field, missing_values, path, problems)
    table = pd.DataFrame(columns)
    problems += _primary_key_problems(table, schema, path)
    problems.sort(key=lambda p: (p.line or 0, _field_order(schema, p.column)))
    return table, problems


def _field_order(schema: Mapping[str, Any], column: str | None) -> int:
    names = [f["name"] for f in schema["fields"]]
    return names.index(column) if column in names else len(names)


def _convert_column(
    raw: pd.DataFrame,
    field: Mapping[str, Any],
    missing_values: set[str],
    path: str,
    problems: list[Problem],
) -> pd.Series:
    name = field["name"]
    constraints = field.get("constraints", {})
    pattern = re.compile(constraints["pattern"]) if "pattern" in constraints else None
    enum = constraints.get("enum")

    def problem(index: int, text: str, message: str, expected: str, rule: str) -> None:
        problems.append(Problem(path, message, line=file_line(index), column=name, expected=expected,
                                found=text, rule=rule))

    values: list[Any] = []
    for index, text in enumerate(raw[name].tolist()):
        if text in missing_values:
            if constraints.get("required"):
                problems.append(Problem(path, "required value is missing", line=file_line(index), column=name,
                                        expected=_describe_type(field), rule="required"))
            values.append(None)
            continue
        try:
            value = _convert_cell(text, field)
        except _NotFinite:
            problem(index, text, "value is not a finite number",
                    "a finite number (this column does not allow inf, -inf or nan)", "finite")
            values.append(None)
            continue
        except ValueError:
            problem(index, text, "value has the wrong type", _describe_type(field), "type")
            values.append(None)
            continue
        if enum is not None and value not in enum:
            problem(index, text, "value is not one of the allowed categories", f"one of {enum}", "enum")
            values.append(None)
            continue
        if pattern is not None and not pattern.fullmatch(text):
            problem(index, text, "value does not match the pattern", f"text matching {pattern.pattern!r}",
                    "pattern")
        elif "minimum" in constraints and value < constraints["minimum"]:
            problem(index, text, "value is below the minimum", f">= {constraints['minimum']}", "minimum")
        elif "maximum" in constraints and value > constraints["maximum"]:
            problem(index, text, "value is above the maximum", f"<= {constraints['maximum']}", "maximum")
        else:
            values.append(value)
            continue
        values.append(None)
    return _to_series(values, field)


def _to_series(values: list[Any], field: Mapping[str, Any]) -> pd.Series:
    kind = field.get("type", "string")
    enum = field.get("constraints", {}).get("enum")
    if enum is not None and kind == "string":
        ordered = bool(field.get("categoriesOrdered", False))
        return pd.Series(pd.Categorical(values, categories=enum, ordered=ordered))
    if kind in ("integer", "year"):
        return pd.Series(values, dtype="Int64")
    if kind == "number":
        return pd.Series(values, dtype="Float64")
    if kind == "boolean":
        return pd.Series(values, dtype="boolean")
    return pd.Series(values, dtype="string")


def _primary_key_problems(table: pd.DataFrame, schema: Mapping[str, Any], path: str) -> list[Problem]:
    key = schema.get("primaryKey")
    if not key:
        return []
    key = [key] if isinstance(key, str) else list(key)
    seen: dict[tuple, int] = {}
    problems = []
    for index, row in enumerate(table[key].itertuples(index=False, name=None)):
        row = tuple(_plain(v) for v in row)
        if row in seen:
            problems.append(Problem(
                path,
                f"duplicate primary key (same as line {file_line(seen[row])})",
                line=file_line(index),
                column=", ".join(key),
                expected="each combination of the primary key to occur once",
                found=dict(zip(key, row, strict=False)),
                rule="primary_key",
            ))
            continue
        seen[row] = index
    return problems


def _plain(value: Any) -> Any:
    return None if pd.isna(value) else (value.item() if hasattr(value, "item") else value)
