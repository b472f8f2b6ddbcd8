"""Readers for files a user downloads: UN E-Government Knowledgebase Data Center exports.

``read_un_egov(path)`` reads one yearly CSV export (``EGOV_DATA_<year>.csv``) or a folder
of them into the tidy long form used across egov-kz::

    country (ISO3), year, indicator, value, unit, country_name, file

Indicators: ``egdi``, ``egdi_rank``, ``osi``, ``hci``, ``tii``, ``epart``. Quirks handled:
trailing spaces in names, names that change between rounds (mapped to one ISO3 code),
``0.00000`` written where older exports leave a cell empty, and missing ranks.

Zeros are kept as published: an index of 0 can be a real score (Armenia's 2012
E-Participation Index is 0, and UNDP (2022) prints it so), and the UN's own world averages
count the zero EGDI values of the early rounds (the 2012 average of 0.4882 is reproduced
only with them). Pass ``zero_as_missing=True`` to read every 0 of an index column as
missing instead. Values are kept as published, including the few 2003 Human Capital
Index values above 1 (Micronesia, Tuvalu).

Files in another layout are refused with a message listing the columns found, unless the
caller maps them explicitly with ``column_map`` (e.g. the third-party 2024 copy).
Nothing here touches the network.

Incomplete or damaged files are refused, naming the file, the line and what was expected:
a file that is empty, not UTF-8 (latin-1, UTF-16) or binary; a row with the wrong number of
fields or a last line without its newline (a download cut off mid-file); a cell that is not
a whole number (``0.`` where ``0.52010`` was written); a rank that is not a whole number;
and a round that lists fewer than ``min_countries`` countries (default
:data:`MIN_COUNTRIES_PER_ROUND`). Every official export of 2003-2022 lists all 193 UN
members, with empty cells or zeros where a country was not assessed, and the survey has
assessed 190-193 members in each round; a file with far fewer rows is a partial download,
not a round.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import pandas as pd

from egovlib import _inputs
from egovlib.errors import ExternalFormatError
from egovlib.schema import TIDY_COLUMNS

__all__ = [
    "INDEX_COLUMNS", "MIN_COUNTRIES_PER_ROUND", "MISSING", "READ_COLUMNS", "THIRD_PARTY_2024_COLUMNS", "UN_COLUMNS",
    "country_codes", "read_un_egov", "to_iso3",
]

#: The columns of a UN Data Center export, in the order the Data Center writes them.
UN_COLUMNS: dict[str, str] = {
    "Survey Year": "year",
    "Country Name": "country_name",
    "E-Government Rank": "egdi_rank",
    "E-Government Index": "egdi",
    "E-Participation Index": "epart",
    "Online Service Index": "osi",
    "Human Capital Index": "hci",
    "Telecommunication Infrastructure Index": "tii",
}
INDEX_COLUMNS = ("egdi", "epart", "osi", "hci", "tii")
#: The columns :func:`read_un_egov` returns: the tidy layout (:data:`egovlib.schema.TIDY_COLUMNS`), the name
#: the export gives the country and the file it came from.
READ_COLUMNS = [*TIDY_COLUMNS, "country_name", "file"]
#: Fewest countries a round may list: the survey has covered 190-193 UN members in every round
#: (the official 2003-2022 exports each list all 193, 190-193 of them with a rank).
MIN_COUNTRIES_PER_ROUND = 190
MISSING = ("", "-", "..", "NA", "n/a")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_WHOLE = re.compile(r"[0-9]+")


def _normalise_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", str(name)).split()).casefold()


@lru_cache(maxsize=1)
def country_codes() -> dict[str, str]:
    """Map of normalised country names (as the UN exports spell them) to ISO 3166 alpha-3."""
    table = pd.read_csv(
        Path(__file__).with_name("resources") / "un_country_names.csv", dtype=str, keep_default_na=False
    )
    return {_normalise_name(n): c for n, c in zip(table["name"], table["iso3"], strict=False)}


def to_iso3(name: str) -> str | None:
    """ISO3 code of a country name as written in UN exports, or None when unknown.

    The name is matched after Unicode NFC normalisation, collapsing of white space and case folding.

    Parameters
    ----------
    name : str
        A country name, e.g. ``"Kazakhstan"``.

    Returns
    -------
    str or None
        The ISO 3166 alpha-3 code, or ``None`` when the name is not in the table of UN names.

    Examples
    --------
    >>> to_iso3("  kazakhstan "), to_iso3("Narnia")
    ('KAZ', None)
    """
    return country_codes().get(_normalise_name(name))


def read_un_egov(
    path: str | Path,
    *,
    column_map: Mapping[str, str] | None = None,
    zero_as_missing: bool = False,
    min_countries: int = MIN_COUNTRIES_PER_ROUND,
) -> pd.DataFrame:
    """Read a UN E-Government Data Center CSV export, or a folder of them, into tidy form.

    Parameters
    ----------
    path : str or Path
        A CSV file, or a folder whose ``*.csv`` files are all exports (read in name order).
    column_map : Mapping of str to str, optional
        For files in another layout: a mapping from the file's column names to the UN
        export's names (keys of :data:`UN_COLUMNS`), e.g. ``{"Country": "Country Name"}``.
        Columns not mentioned are kept only if they already carry a UN name; the rest are
        ignored.
    zero_as_missing : bool
        Read every 0 in an index column as missing (default: keep zeros as published).
    min_countries : int
        Refuse a file in which a round lists fewer countries than this (default
        :data:`MIN_COUNTRIES_PER_ROUND`, 190): such a file is a partial download. Pass a
        smaller number to read an excerpt on purpose.

    Returns
    -------
    pandas.DataFrame
        Columns country, year, indicator, value, unit, country_name, file, sorted by year, country
        and indicator.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ExternalFormatError
        For a folder without CSV files, a ``column_map`` to unknown names, or a file that is not a
        complete UTF-8 export: empty, UTF-16, invalid CSV, columns missing, an unknown country name, a
        malformed year or value, a round with fewer than ``min_countries`` countries, or a country-round
        given twice.
    """
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.csv"))
        if not files:
            raise ExternalFormatError(f"{path}: folder holds no .csv files")
    elif path.is_file():
        files = [path]
    else:
        raise FileNotFoundError(f"{path}: no such file or folder")
    frames = [_read_one(f, column_map, zero_as_missing, min_countries) for f in files]
    tidy = pd.concat(frames, ignore_index=True)
    duplicated = tidy.duplicated(subset=["country", "year", "indicator"])
    if duplicated.any():
        row = tidy[duplicated].iloc[0]
        raise ExternalFormatError(
            f"{row['file']}: {row['country']} {row['year']} appears in more than one file or row"
        )
    return tidy.sort_values(["year", "country", "indicator"], ignore_index=True)


def _read_one(
    file: Path, column_map: Mapping[str, str] | None, zero_as_missing: bool, min_countries: int
) -> pd.DataFrame:
    raw = _read_strings(file)
    if column_map:
        unknown = [k for k, v in column_map.items() if v not in UN_COLUMNS]
        if unknown:
            raise ExternalFormatError(
                f"column_map maps {unknown} to names that are not UN export columns; "
                f"allowed targets: {list(UN_COLUMNS)}"
            )
        raw = raw.rename(columns=dict(column_map))
    raw.columns = [str(c).strip() for c in raw.columns]
    missing = [c for c in UN_COLUMNS if c not in raw.columns]
    if missing:
        raise ExternalFormatError(
            f"{file}: not a UN E-Government Data Center export. Columns found: {list(raw.columns)}; "
            f"missing: {missing}. For a file in another layout pass column_map={{found: UN name}}."
        )
    table = raw[list(UN_COLUMNS)].rename(columns=UN_COLUMNS)
    records = []
    listed: dict[int, set[str]] = {}
    for index, row in table.iterrows():
        line = index + 2
        name = row["country_name"].strip()
        iso3 = to_iso3(name)
        if iso3 is None:
            raise ExternalFormatError(
                f"{file}, line {line}: unknown country name {name!r}; add it to "
                "egovlib/resources/un_country_names.csv with its ISO 3166 alpha-3 code"
            )
        if not _WHOLE.fullmatch(row["year"].strip()):
            raise ExternalFormatError(
                f"{file}, line {line}, column 'Survey Year': expected a year, found {row['year']!r}"
            )
        year = int(row["year"])
        listed.setdefault(year, set()).add(iso3)
        values = {
            indicator: _parse_value(row[indicator].strip(), file, line, indicator)
            for indicator in ("egdi_rank", *INDEX_COLUMNS)
        }
        for indicator, value in values.items():
            if value is None or (zero_as_missing and indicator in INDEX_COLUMNS and value == 0.0):
                continue
            unit = "rank" if indicator == "egdi_rank" else "index_0_1"
            records.append((iso3, year, indicator, value, unit, name, file.name))
    for year, countries in sorted(listed.items()):
        if len(countries) < min_countries:
            raise ExternalFormatError(
                f"{file}: round {year} lists {len(countries)} countries; expected at least {min_countries} "
                f"(every survey round covers 190-193 UN members). The file looks incomplete (a download "
                f"cut off?); pass min_countries={len(countries)} to read a partial file on purpose."
            )
    return pd.DataFrame.from_records(records, columns=READ_COLUMNS).astype(
        {"year": "int64", "value": "float64"}
    )


def _read_strings(file: Path) -> pd.DataFrame:
    """The cells of a CSV export as strings, refusing files that are not complete UTF-8 CSV text."""
    expected = (f"a UTF-8 encoded CSV export of the UN E-Government Data Center with header "
                f"{','.join(UN_COLUMNS)!r}, every line ending with a newline")
    data = file.read_bytes()
    _inputs.record("file", file.name, file, _inputs.digest_bytes(data))
    if not data.strip():
        raise ExternalFormatError(f"{file}: file is empty; expected {expected}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:4096].count(0) > len(data[:4096]) // 4:
        raise ExternalFormatError(f"{file}: file is UTF-16 encoded, not UTF-8; expected {expected}")
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise ExternalFormatError(
            f"{file}, line {line}: file is binary, not text (it contains NUL bytes); expected {expected}"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise ExternalFormatError(
            f"{file}, line {line}: not UTF-8 encoded text: byte {data[err.start:err.start + 1]!r} at offset "
            f"{err.start} cannot be decoded (a latin-1 or Windows-1252 file must be re-saved as UTF-8); "
            f"expected {expected}"
        ) from None
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as err:
        raise ExternalFormatError(f"{file}: not valid CSV ({err}); expected {expected}") from None
    header, body = rows[0], rows[1:]
    last_line = len(rows)
    if not text.endswith(("\n", "\r")):
        fields = len(body[-1]) if body else len(header)
        raise ExternalFormatError(
            f"{file}, line {last_line}: the last line does not end with a newline ({fields} of "
            f"{len(header)} fields): the file looks cut off mid-line; expected {expected}"
        )
    for line, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise ExternalFormatError(
                f"{file}, line {line}: row has {len(row)} fields, expected {len(header)} as in the header "
                f"(a line cut off or a stray separator?); expected {expected}"
            )
    return pd.DataFrame(body, columns=header, dtype=str)


def _parse_value(text: str, file: Path, line: int, column: str) -> float | None:
    if text in MISSING:
        return None
    pattern, kind = (_WHOLE, "a whole number") if column == "egdi_rank" else (_NUMBER, "a number")
    if not pattern.fullmatch(text):
        problem = "expected a value >= 0" if text.startswith("-") else f"expected {kind}"
        raise ExternalFormatError(
            f"{file}, line {line}, column {column!r}: {problem}, found {text!r}"
            + ("" if text.startswith("-") else " (not a complete number: is the file cut off?)")
        )
    return float(text)


#: Column mapping for the third-party copy of the 2024 round (see docs/decisions.md).
THIRD_PARTY_2024_COLUMNS: dict[str, str] = {
    "Country": "Country Name",
    "Rank": "E-Government Rank",
    "E_Index": "E-Government Index",
    "E_Participation": "E-Participation Index",
    "Online_Service": "Online Service Index",
    "Human_Capital": "Human Capital Index",
    "Tele_Infra": "Telecommunication Infrastructure Index",
}
