"""Check a CSV against its Frictionless Table Schema and convert it to typed columns.

Only the part of Table Schema v1/v2 that the egov-kz package uses is implemented: field
types ``string``, ``integer``, ``number``, ``boolean`` and ``year``; the constraints
``required``, ``minimum``, ``maximum``, ``enum`` and ``pattern``; ``missingValues``;
``primaryKey``; and the ``categoriesOrdered`` flag (v2) that turns an ``enum`` into an
ordered categorical. See docs/decisions.md for why this is not delegated to the
``frictionless`` package.

Every problem raises :class:`~egovlib.errors.DataValidationError` naming the file, the
line, the column and what was expected.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from egovlib.errors import DataValidationError

_TRUE = {"true", "True", "TRUE", "1"}
_FALSE = {"false", "False", "FALSE", "0"}
HEADER_LINES = 1  # line number of a data row = index + HEADER_LINES + 1


def _line(index: int) -> int:
    return index + HEADER_LINES + 1


def check_header(raw: pd.DataFrame, schema: Mapping[str, Any], path: str) -> None:
    """Fail unless the CSV header holds exactly the schema's fields, in order."""
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


def _convert_cell(text: str, field: Mapping[str, Any]) -> Any:
    kind = field.get("type", "string")
    if kind == "string":
        return text
    if kind in ("integer", "year"):
        value = int(text)  # raises ValueError on "1.5" or "abc"
        return value
    if kind == "number":
        value = float(text)
        if value != value:  # NaN spelled out in the file is not a number we accept
            raise ValueError("NaN")
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
    """Return a typed copy of ``raw`` (all-string cells) after checking it cell by cell.

    Missing cells (any of the schema's ``missingValues``, default ``""``) become ``<NA>``.
    """
    check_header(raw, schema, path)
    missing_values = set(schema.get("missingValues", [""]))
    columns: dict[str, pd.Series] = {}
    for field in schema["fields"]:
        name = field["name"]
        constraints = field.get("constraints", {})
        pattern = re.compile(constraints["pattern"]) if "pattern" in constraints else None
        enum = constraints.get("enum")
        values: list[Any] = []
        for index, text in enumerate(raw[name].tolist()):
            if text in missing_values:
                if constraints.get("required"):
                    raise DataValidationError(
                        path, "required value is missing", line=_line(index), column=name,
                        expected=_describe_type(field),
                    )
                values.append(None)
                continue
            try:
                value = _convert_cell(text, field)
            except ValueError:
                raise DataValidationError(
                    path, "value has the wrong type", line=_line(index), column=name,
                    expected=_describe_type(field), found=text,
                ) from None
            if pattern is not None and not pattern.fullmatch(text):
                raise DataValidationError(
                    path, "value does not match the pattern", line=_line(index), column=name,
                    expected=f"text matching {pattern.pattern!r}", found=text,
                )
            if enum is not None and value not in enum:
                raise DataValidationError(
                    path, "value is not one of the allowed categories", line=_line(index),
                    column=name, expected=f"one of {enum}", found=text,
                )
            if "minimum" in constraints and value < constraints["minimum"]:
                raise DataValidationError(
                    path, "value is below the minimum", line=_line(index), column=name,
                    expected=f">= {constraints['minimum']}", found=text,
                )
            if "maximum" in constraints and value > constraints["maximum"]:
                raise DataValidationError(
                    path, "value is above the maximum", line=_line(index), column=name,
                    expected=f"<= {constraints['maximum']}", found=text,
                )
            values.append(value)
        columns[name] = _to_series(values, field)
    table = pd.DataFrame(columns)
    _check_primary_key(table, schema, path)
    return table


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


def _check_primary_key(table: pd.DataFrame, schema: Mapping[str, Any], path: str) -> None:
    key = schema.get("primaryKey")
    if not key:
        return
    key = [key] if isinstance(key, str) else list(key)
    seen: dict[tuple, int] = {}
    for index, row in enumerate(table[key].itertuples(index=False, name=None)):
        row = tuple(_plain(v) for v in row)
        if row in seen:
            raise DataValidationError(
                path,
                f"duplicate primary key (same as line {_line(seen[row])})",
                line=_line(index),
                column=", ".join(key),
                expected="each combination of the primary key to occur once",
                found=dict(zip(key, row, strict=False)),
            )
        seen[row] = index


def _plain(value: Any) -> Any:
    return None if pd.isna(value) else (value.item() if hasattr(value, "item") else value)
