"""Index panels of the comparison group or all members, and the world means printed and recomputed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from egovlib.crosscheck import world_means
from egovlib.datasets import DataPackage, default_package
from egovlib.errors import NotFoundError

#: The seven countries of the UNDP (2022) readiness survey.
UNDP_COUNTRIES = ("ARM", "AZE", "GEO", "KAZ", "KGZ", "TJK", "UZB")
#: Members of the Eurasian Economic Union.
EAEU_MEMBERS = ("ARM", "BLR", "KAZ", "KGZ", "RUS")
#: Bundled dataset holding each index for the regional comparison.
INDEX_DATASETS = {"egdi": "egdi_regional", "epart": "epart_regional"}
INDEX_LABELS = {"egdi": "EGDI", "epart": "E-Participation Index"}
#: Where :func:`panel` and friends read: the UN panel (or exports), or the UNDP (2022) tables.
SOURCES = ("un", "undp")


def _check_source(source: str) -> None:
    if source not in SOURCES:
        raise ValueError(f"source={source!r}: expected one of {list(SOURCES)}")


def _where(un_folder: str | Path | None, source: str) -> str:
    if source == "undp":
        return "the bundled UNDP (2022) tables"
    return f"the UN exports in {un_folder}" if un_folder is not None else "the shipped UN panel (un_egov_panel)"


def _check_index(index: str) -> None:
    if index not in INDEX_DATASETS:
        raise NotFoundError(f"index={index!r}: expected one of {sorted(INDEX_DATASETS)}")


def _un_rows(index: str, un_folder: str | Path | None, *, drop_zeros: bool = True) -> pd.DataFrame:
    """Rows of one index from the exports (or the shipped panel when ``un_folder`` is None); zeros dropped by default."""
    from egovlib.egdi import source_table

    table = source_table(un_folder)
    table = table[(table["indicator"] == index) & table["value"].notna()]
    if drop_zeros:
        table = table[table["value"] > 0]
    return pd.DataFrame({"country": table["country"].astype(str), "year": table["year"].astype(int),
                         "value": table["value"].astype(float)})


def available_countries(index: str = "egdi", un_folder: str | Path | None = None,
                        package: DataPackage | None = None, *, source: str = "un") -> list[str]:
    """Countries with a series of ``index``: every member of the UN panel or exports, or of the UNDP table.

    Parameters
    ----------
    index : {"egdi", "epart"}, default "egdi"
    un_folder : str or Path, optional
        A folder of UN E-Government Data Center exports; None reads the shipped ``un_egov_panel``.
    package : DataPackage, optional
        The data package (default: the shipped one).
    source : {"un", "undp"}, default "un"
        The UN panel (or exports), or the UNDP (2022) tables of the seven survey countries.

    Returns
    -------
    list of str
        ISO3 codes, sorted (the UNDP table's ``WLD`` rows left out).

    Raises
    ------
    NotFoundError
        For an unknown ``index``.
    ValueError
        For an unknown ``source``.
    """
    _check_index(index)
    _check_source(source)
    if source == "un":
        return sorted(_un_rows(index, un_folder)["country"].unique())
    table = (package or default_package()).load(INDEX_DATASETS[index])
    return sorted(c for c in table["country"].astype(str).unique() if c != "WLD")


def default_countries(index: str = "egdi", un_folder: str | Path | None = None, *,
                      source: str = "un") -> list[str]:
    """The UNDP survey countries and the EAEU members, as far as the source covers them.

    Parameters
    ----------
    index : {"egdi", "epart"}, default "egdi"
    un_folder : str or Path, optional
        As in :func:`available_countries`.
    source : {"un", "undp"}, default "un"

    Returns
    -------
    list of str
        Sorted ISO3 codes of :data:`UNDP_COUNTRIES` and :data:`EAEU_MEMBERS` that the source has.
    """
    known = set(available_countries(index, un_folder, source=source))
    return sorted(c for c in set(UNDP_COUNTRIES) | set(EAEU_MEMBERS) if c in known)


def panel(index: str, countries: list[str], un_folder: str | Path | None = None,
          package: DataPackage | None = None, *, source: str = "un") -> pd.DataFrame:
    """One row per country and round: ``country``, ``year``, ``value`` (0-1), sorted.

    Rounds in which a country was not assessed (value 0) are left out of the UN panel.
    ``frame.attrs["sources"]`` holds the source and locator rows used, for a figure caption.

    Parameters
    ----------
    index : {"egdi", "epart"}
    countries : list of str
        ISO3 codes.
    un_folder : str or Path, optional
        A folder of UN E-Government Data Center exports; None reads the shipped ``un_egov_panel``.
    package : DataPackage, optional
        The data package (default: the shipped one).
    source : {"un", "undp"}, default "un"
        The UN panel (or exports), or the UNDP (2022) tables of the seven survey countries.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    NotFoundError
        For an unknown ``index``, or a country the source has no series of.
    ValueError
        For an unknown ``source``.
    """
    _check_index(index)
    _check_source(source)
    if source == "un" and un_folder is None:
        from egovlib.egdi import panel_table

        table = panel_table(package)
        table = table[(table["indicator"] == index) & (table["value"] > 0)]
        rows = table[["country", "year", "value"]].reset_index(drop=True)
        sources = table[table["country"].isin(countries)][["source", "locator"]].drop_duplicates(ignore_index=True)
    elif source == "un":
        rows = _un_rows(index, un_folder)
        sources = pd.DataFrame({"source": ["undesa_egov"], "locator": ["Data Center exports"]})
    else:
        table = (package or default_package()).load(INDEX_DATASETS[index])
        table = table[table["indicator"].astype(str) == index]
        rows = pd.DataFrame({"country": table["country"].astype(str), "year": table["year"].astype(int),
                             "value": table["value"].astype(float)})
        sources = table[["source", "locator"]].astype(str).drop_duplicates().reset_index(drop=True)
    missing = sorted(set(countries) - set(rows["country"]))
    if missing:
        raise NotFoundError(f"countries: no {index} series for {missing} in {_where(un_folder, source)}")
    out = rows[rows["country"].isin(countries)].sort_values(["country", "year"], ignore_index=True)
    out.attrs["sources"] = sources
    return out


def _printed_world_rows(table: pd.DataFrame, index: str) -> pd.DataFrame:
    """The rows of a UNDP (2022) index table that print the world average (``WLD``, ``<index>_world_mean``)."""
    return table[(table["country"] == "WLD") & (table["indicator"].astype(str) == f"{index}_world_mean")]


def world_mean(index: str, un_folder: str | Path | None = None,
               package: DataPackage | None = None, *, drop_zeros: bool = False, source: str = "un") -> pd.DataFrame:
    """The world average per round: ``year``, ``value``, ``members`` (NaN when printed, not recomputed).

    Recomputed from the shipped panel (or the exports in ``un_folder``) with
    :func:`egovlib.crosscheck.world_means`: the mean over every row of the round, zeros included (the
    definition the printed averages follow); ``drop_zeros=True`` averages only the members with a
    positive value, i.e. those assessed. ``source="undp"`` gives the averages printed by UNDP & ACSH
    (2022).

    Parameters
    ----------
    index : {"egdi", "epart"}
    un_folder : str or Path, optional
    package : DataPackage, optional
    drop_zeros : bool, default False
    source : {"un", "undp"}, default "un"

    Returns
    -------
    pandas.DataFrame
        Sorted by year.

    Raises
    ------
    NotFoundError
        For an unknown ``index``.
    ValueError
        For an unknown ``source``.
    """
    _check_index(index)
    _check_source(source)
    if source == "un":
        return world_means(_un_rows(index, un_folder, drop_zeros=drop_zeros))
    table = _printed_world_rows((package or default_package()).load(INDEX_DATASETS[index]), index)
    return pd.DataFrame({"year": table["year"].astype(int).to_numpy(), "value": table["value"].astype(float).to_numpy(),
                         "members": np.nan}).sort_values("year", ignore_index=True)


def world_average_check(un_folder: str | Path | None = None, package: DataPackage | None = None) -> pd.DataFrame:
    """Printed world averages (UNDP 2022) against the means recomputed over all members of each round.

    The members are those of the shipped UN panel, or of the exports in ``un_folder``; a printed
    round that is not recomputed is left out.

    Parameters
    ----------
    un_folder : str, Path or None
        A folder of UN E-Government exports, or ``None`` for the shipped panel.
    package : DataPackage or None
        The data package to read (default: the shipped one).

    Returns
    -------
    pandas.DataFrame
        One row per index and round the seeds print: ``index``, ``year``, ``printed``, ``recomputed``
        (mean over all rows of the round, zeros included, as :mod:`egovlib.crosscheck` computes it),
        ``members``, ``difference`` (printed - recomputed), ``beyond_rounding`` (larger than the
        printed precision allows), ``conflict_id``, ``registered`` (listed in ``data/conflicts.csv``),
        for comparison ``recomputed_assessed`` (zeros dropped) with its ``assessed`` count, and the
        printed row's ``source`` and ``locator``.
    """
    from egovlib.crosscheck import EPS, PRINTED_TOLERANCE, UN_SOURCE, as_printed, conflict_id

    package = package or default_package()
    register = set(package.load("conflicts")["conflict_id"].astype(str))
    rows = []
    for index, dataset in INDEX_DATASETS.items():
        table = _printed_world_rows(package.load(dataset), index)
        table = table.assign(printed=as_printed(table))
        recomputed = world_mean(index, un_folder).set_index("year")
        assessed = world_mean(index, un_folder, drop_zeros=True).set_index("year")
        for row in table.itertuples(index=False):
            year = int(row.year)
            if year not in recomputed.index:
                continue
            value = float(recomputed.at[year, "value"])
            difference = float(row.printed) - value
            key = conflict_id(dataset, "WLD", year, f"{index}_world_mean", str(row.source), UN_SOURCE)
            rows.append({"index": index, "year": year, "printed": float(row.printed), "recomputed": value,
                         "members": int(recomputed.at[year, "members"]), "difference": difference,
                         "beyond_rounding": abs(difference) > PRINTED_TOLERANCE[dataset] + EPS,
                         "conflict_id": key, "registered": key in register,
                         "recomputed_assessed": float(assessed.at[year, "value"]),
                         "assessed": int(assessed.at[year, "members"]),
                         "source": str(row.source), "locator": str(row.locator)})
    return pd.DataFrame(rows)
