"""Build the UN panel from the Data Center exports: constants, raw-file records, the tidy table and its CSV text."""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from egovlib.errors import ExternalFormatError
from egovlib.external import THIRD_PARTY_2024_COLUMNS, read_un_egov

RESOURCE = "un_egov_panel"
ROUNDS = (2003, 2004, 2005, 2008, 2010, 2012, 2014, 2016, 2018, 2020, 2022, 2024)
INDICATORS = ("egdi", "egdi_rank", "osi", "hci", "tii", "epart")
COLUMNS = ["country", "year", "indicator", "value", "unit", "source", "locator", "note"]
DECIMALS = 5
#: Sub-folders of ``--from`` holding the official exports and the third-party 2024 copy.
UN_SUBFOLDER = "un_egov"
THIRD_PARTY_SUBFOLDER = "un_egov_2024_third_party"
THIRD_PARTY_FILE = "EGOV_DATA_2024.csv"
THIRD_PARTY_REPOSITORY = "github.com/MaryliaCruzS/Estadistica1CienciaPolitica"
OFFICIAL_COPY = "UN Data Center export as downloaded by github.com/sevenChrisK/text-mining-week1"
#: Values above 1 that the UN published for an index (2003 Human Capital Index); kept as published.
ABOVE_ONE = {("FSM", 2003, "hci"), ("TUV", 2003, "hci")}
#: Ranked members per round (the rest of the 193 rows are pre-membership placeholders).
RANKED_MEMBERS = {2003: 191, 2004: 191, 2005: 191, 2008: 192, 2010: 192}
#: Rounds in which EGDI is the mean of OSI, HCI and TII for every country (to 1e-4).
EGDI_MEAN_ROUNDS = (2014, 2016, 2018, 2020, 2022, 2024)
#: Official figures the third-party 2024 copy must reproduce (UN E-Government Survey 2024).
CHECKS_2024 = {("KAZ", "egdi"): 0.90093, ("KAZ", "egdi_rank"): 24.0}

NOTE_2024 = f"third-party copy ({THIRD_PARTY_REPOSITORY}), not the UN file"
NOTE_PLACEHOLDER = (
    "placeholder, not a score: listed before UN membership with no rank and every index 0.00000 "
    "in the export; kept as published"
)
NOTE_ABOVE_ONE = "published above 1 (the 2003 Human Capital Index was not capped at 1); kept as published"


def source_key(year: int) -> str:
    """Key of a round's citation in ``datapackage.json`` ``sources``.

    Parameters
    ----------
    year : int
        The survey round.

    Returns
    -------
    str
        ``"undesa_egov_<year>"``.

    Examples
    --------
    >>> source_key(2022)
    'undesa_egov_2022'
    """
    return f"undesa_egov_{year}"


@dataclass(frozen=True)
class SourceFile:
    """One raw export the panel was built from, as recorded in the resource's ``derivedFrom``."""

    file: str
    round: int
    sha256: str
    bytes: int
    copy: str

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "round": self.round, "sha256": self.sha256,
                "bytes": self.bytes, "copy": self.copy}


@dataclass
class Build:
    """A freshly built panel: the table, the CSV text and the raw files it came from."""

    table: pd.DataFrame
    files: list[SourceFile] = field(default_factory=list)

    @property
    def text(self) -> str:
        return to_csv_text(self.table)


def locate_exports(folder: str | Path, folder_2024: str | Path | None = None) -> tuple[Path, Path]:
    """The folder of official exports and the path of the 2024 file under ``folder``.

    Parameters
    ----------
    folder : str or Path
        A folder holding ``un_egov/`` (2003-2022; or the exports themselves) and, unless ``folder_2024`` is
        given, ``un_egov_2024_third_party/EGOV_DATA_2024.csv``.
    folder_2024 : str, Path or None
        The folder (or file) of the 2024 third-party copy, if not under ``folder``.

    Returns
    -------
    tuple of (Path, Path)
        The folder of the official exports (``folder/un_egov`` if it exists, else ``folder``) and the 2024 file.

    Raises
    ------
    FileNotFoundError
        If the folder of official exports or the 2024 file is missing.
    """
    folder = Path(folder)
    official = folder / UN_SUBFOLDER if (folder / UN_SUBFOLDER).is_dir() else folder
    if folder_2024 is not None:
        third = Path(folder_2024)
        third = third / THIRD_PARTY_FILE if third.is_dir() else third
    else:
        third = folder / THIRD_PARTY_SUBFOLDER / THIRD_PARTY_FILE
    if not official.is_dir():
        raise FileNotFoundError(f"{official}: no folder of UN E-Government exports")
    if not third.is_file():
        raise FileNotFoundError(
            f"{third}: the 2024 round is missing (pass --from-2024 with the folder holding {THIRD_PARTY_FILE})"
        )
    return official, third


def build_panel(folder: str | Path, folder_2024: str | Path | None = None) -> pd.DataFrame:
    """The panel as a DataFrame (columns :data:`COLUMNS`, sorted); ``attrs["files"]`` lists the raw files.

    Parameters
    ----------
    folder : str or Path
        A folder holding ``un_egov/`` (2003-2022; or the exports themselves) and, unless ``folder_2024`` is
        given, ``un_egov_2024_third_party/EGOV_DATA_2024.csv``.
    folder_2024 : str, Path or None
        The folder (or file) of the 2024 third-party copy, if not under ``folder``.

    Returns
    -------
    pandas.DataFrame
        A copy of :func:`build`'s table, with the raw files' records (:meth:`SourceFile.as_dict`) in ``attrs``.

    Raises
    ------
    FileNotFoundError
        If the folder of official exports or the 2024 file is missing.
    ExternalFormatError
        If the official folder holds a 2024 file, the 2024 copy holds another round, a round of
        :data:`ROUNDS` is missing or another is present, or an unexpected indicator is read (and any
        error of :func:`egovlib.external.read_un_egov`).
    """
    result = build(folder, folder_2024)
    table = result.table.copy()
    table.attrs["files"] = [f.as_dict() for f in result.files]
    return table


def build(folder: str | Path, folder_2024: str | Path | None = None) -> Build:
    """Read every round with :func:`~egovlib.external.read_un_egov` and shape the tidy panel.

    The 2024 round is read from the third-party copy only, through
    :data:`egovlib.external.THIRD_PARTY_2024_COLUMNS`; every row gets its source key, locator and
    notes (2024 copy, placeholder, HCI above one), sorted by country, year and indicator.

    Parameters
    ----------
    folder : str or Path
        A folder holding ``un_egov/`` (2003-2022; or the exports themselves) and, unless ``folder_2024`` is
        given, ``un_egov_2024_third_party/EGOV_DATA_2024.csv``.
    folder_2024 : str, Path or None
        The folder (or file) of the 2024 third-party copy, if not under ``folder``.

    Returns
    -------
    Build
        The table (columns :data:`COLUMNS`) and the raw files, by round.

    Raises
    ------
    FileNotFoundError
        If the folder of official exports or the 2024 file is missing.
    ExternalFormatError
        If the official folder holds a 2024 file, the 2024 copy holds another round, a round of
        :data:`ROUNDS` is missing or another is present, or an unexpected indicator is read (and any
        error of :func:`egovlib.external.read_un_egov`).
    """
    official_dir, third_party = locate_exports(folder, folder_2024)
    official = read_un_egov(official_dir)
    if 2024 in set(official["year"]):
        raise ExternalFormatError(
            f"{official_dir}: holds a 2024 file; the 2024 round is read from the third-party copy only"
        )
    third = read_un_egov(third_party, column_map=THIRD_PARTY_2024_COLUMNS)
    if set(third["year"]) != {2024}:
        raise ExternalFormatError(f"{third_party}: expected the 2024 round only, found {sorted(set(third['year']))}")
    tidy = pd.concat([official, third], ignore_index=True)
    missing = sorted(set(ROUNDS) - set(tidy["year"]))
    extra = sorted(set(tidy["year"]) - set(ROUNDS))
    if missing or extra:
        raise ExternalFormatError(f"rounds missing: {missing}; unexpected rounds: {extra}")
    files = [_source_file(official_dir / name, OFFICIAL_COPY) for name in sorted(official["file"].unique())]
    files.append(_source_file(third_party, f"third-party copy by {THIRD_PARTY_REPOSITORY}, headers renamed"))
    files.sort(key=lambda f: f.round)
    return Build(table=_shape(tidy), files=files)


def _source_file(path: Path, copy: str) -> SourceFile:
    data = path.read_bytes()
    year = int(path.stem.rsplit("_", 1)[-1])
    return SourceFile(file=path.name, round=year, sha256=hashlib.sha256(data).hexdigest(),
                      bytes=len(data), copy=copy)


def _shape(tidy: pd.DataFrame) -> pd.DataFrame:
    ranked = set(zip(tidy.loc[tidy["indicator"] == "egdi_rank", "country"],
                     tidy.loc[tidy["indicator"] == "egdi_rank", "year"], strict=True))
    indices = tidy[tidy["indicator"] != "egdi_rank"]
    all_zero = indices.groupby(["country", "year"])["value"].max() == 0
    placeholders = {key for key, zero in all_zero.items() if zero and key not in ranked}
    rows = []
    for r in tidy.itertuples(index=False):
        year = int(r.year)
        third = year == 2024
        notes = []
        if third:
            notes.append(NOTE_2024)
        if (r.country, year) in placeholders:
            notes.append(NOTE_PLACEHOLDER)
        if (r.country, year, r.indicator) in ABOVE_ONE:
            notes.append(NOTE_ABOVE_ONE)
        locator = ("third-party copy of the 2024 export, headers renamed (see note)" if third
                   else f"Data Center export {r.file}")
        rows.append((r.country, year, r.indicator, float(r.value), r.unit, source_key(year), locator,
                     "; ".join(notes)))
    table = pd.DataFrame(rows, columns=COLUMNS)
    order = {name: i for i, name in enumerate(INDICATORS)}
    table = table.assign(_order=table["indicator"].map(order))
    if table["_order"].isna().any():
        raise ExternalFormatError(f"unexpected indicators: {sorted(set(table['indicator']) - set(INDICATORS))}")
    return table.sort_values(["country", "year", "_order"], ignore_index=True).drop(columns="_order")


def format_value(value: float, unit: str) -> str:
    """A value as the exports write it: ranks as whole numbers, indices with five decimals.

    Parameters
    ----------
    value : float
        The value.
    unit : str
        ``"rank"`` for a rank; any other unit is written with :data:`DECIMALS` decimals.

    Returns
    -------
    str
        The text written to the CSV.

    Raises
    ------
    ValueError
        If a rank is not a whole number, or a value has more than :data:`DECIMALS` decimals.

    Examples
    --------
    >>> format_value(24.0, "rank"), format_value(0.90093, "index_0_1")
    ('24', '0.90093')
    """
    if unit == "rank":
        if value != int(value):
            raise ValueError(f"rank {value!r} is not a whole number")
        return str(int(value))
    text = f"{value:.{DECIMALS}f}"
    if float(text) != value:
        raise ValueError(f"{value!r} has more than {DECIMALS} decimals; it would be rounded")
    return text


def to_csv_text(table: pd.DataFrame) -> str:
    """The panel as CSV text, byte for byte as it ships (``\\n`` line ends, minimal quoting).

    Parameters
    ----------
    table : pandas.DataFrame
        Rows with the columns :data:`COLUMNS`, in the order to write (a missing note is written empty).

    Returns
    -------
    str
        The header and one line per row, values through :func:`format_value`.

    Raises
    ------
    ValueError
        From :func:`format_value`, for a value that would be rounded.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in table[COLUMNS].itertuples(index=False):
        writer.writerow([r.country, int(r.year), r.indicator, format_value(float(r.value), str(r.unit)),
                         r.unit, r.source, r.locator, r.note if isinstance(r.note, str) else ""])
    return out.getvalue()
