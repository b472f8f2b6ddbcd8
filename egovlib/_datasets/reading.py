"""Read the bytes of a data CSV into a table of strings, refusing anything but a complete UTF-8 CSV."""

from __future__ import annotations

import csv
import io

import pandas as pd

from egovlib.errors import DataValidationError, Problem


def read_csv_strings(data: bytes, shown: str, header: list[str]) -> pd.DataFrame:
    """Parse the bytes of a data CSV into a table of strings, refusing anything but a complete UTF-8 encoded CSV.

    Empty, UTF-16 or binary files, a byte-order mark, a last line cut off (no final newline),
    invalid CSV, a missing header, rows with the wrong number of fields and a header without
    data rows are refused, naming the file and, where known, the line. The header is not checked
    against ``header`` here (that is :func:`egovlib.schema.check_header`); repeated column names
    get a suffix (``name.1``).

    Parameters
    ----------
    data : bytes
        The file's content.
    shown : str
        The file as named in error messages (e.g. ``"data/egdi_kazakhstan.csv"``).
    header : list of str
        The schema's field names, quoted in the errors' ``expected`` text.

    Returns
    -------
    pandas.DataFrame
        One row per data line, every cell a string (an empty cell is ``""``).

    Raises
    ------
    DataValidationError
        For any of the problems above (every row with a wrong field count is listed).

    Examples
    --------
    >>> read_csv_strings(b"year,value\\n2022,0.8628\\n", "demo.csv", ["year", "value"]).to_dict("records")
    [{'year': '2022', 'value': '0.8628'}]
    """
    expected = f"a UTF-8 encoded CSV with header {','.join(header)!r} and one row per line"
    if not data:
        raise DataValidationError(shown, "file is empty (0 bytes)", expected=expected)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (b"\x00" in data[:4096] and _looks_utf16(data)):
        raise DataValidationError(shown, "file is UTF-16 encoded, not UTF-8", expected=expected)
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise DataValidationError(shown, "file is binary, not text (it contains NUL bytes)", line=line,
                                  expected=expected)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise DataValidationError(
            shown, f"file is not UTF-8 encoded text (byte {data[err.start:err.start + 1]!r} at offset "
            f"{err.start} cannot be decoded)", line=line, expected=expected,
        ) from None
    if text.startswith("\ufeff"):
        raise DataValidationError(shown, "file starts with a byte-order mark", line=1,
                                  expected=expected + " (without a byte-order mark)")
    if not text.endswith("\n"):
        raise DataValidationError(
            shown, "the last line does not end with a newline: the file may have been cut off",
            line=text.count("\n") + 1, expected=expected + ", each line ending with a newline",
        )
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as err:
        raise DataValidationError(shown, f"not valid CSV ({err})", expected=expected) from None
    if not records or not any(records[0]):
        raise DataValidationError(shown, "file has no header line", line=1, expected=expected)
    problems = []
    for line, record in enumerate(records[1:], start=2):
        if len(record) != len(records[0]):
            problems.append(Problem(
                shown, f"row has {len(record)} field{'s' if len(record) != 1 else ''}" +
                (" (a blank line)" if not record else ""), line=line,
                expected=f"{len(records[0])} fields, as in the header", rule="field_count",
            ))
    if problems:
        raise DataValidationError.from_problems(shown, problems)
    if len(records) == 1:
        raise DataValidationError(shown, "file has a header but no data rows", line=2,
                                  expected=expected + " and at least one data row")
    return pd.DataFrame(records[1:], columns=_dedupe(records[0]), dtype=str)


def _looks_utf16(data: bytes) -> bool:
    """Text in UTF-16 without a byte-order mark: every other byte of ASCII text is NUL."""
    head = data[:4096]
    return head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4


def _dedupe(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}.{seen[name] - 1}")
    return out
