"""The rules of comparison: tolerances, the official series at hand, values as printed, conflict keys, world means."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from egovlib.datasets import DataPackage

CONFLICT_COLUMNS = [
    "conflict_id", "dataset", "country", "year", "indicator",
    "value_a", "source_a", "locator_a", "value_b", "source_b", "locator_b",
]

#: The rounding each dataset's printing can hide: half a unit of the last decimal, or a
#: whole unit where the source truncates (UNDP (2022) cuts some indices at the fourth
#: decimal, e.g. 0.43137 printed 0.4313).
PRINTED_TOLERANCE = {
    "egdi_kazakhstan": 0.5e-5,
    "egdi_leaders": 0.5e-4,
    "egdi_regional": 1e-4,
    "epart_regional": 1e-4,
    "dai_regional": 1e-4,
}
#: Rounds printed to fewer decimals than the rest of a table: Zhanbyrbayeva et al. give the
#: 2003 values to three decimals (0,7440 is 0.74413 rounded to 0.744).
PRINTED_TOLERANCE_BY_YEAR = {("egdi_leaders", 2003): 0.5e-3}
EPS = 1e-9
UN_SOURCE = "undesa_egov"
WB_DAI_SOURCE = "worldbank_dai"
WB_GTMI_SOURCE = "worldbank_gtmi2021"


@dataclass(frozen=True)
class ExternalData:
    """Official series to compare against; any of them may be absent."""

    un: pd.DataFrame | None = None  # tidy, from egovlib.external.read_un_egov
    dai: pd.DataFrame | None = None  # World Bank DAI file
    gtmi: pd.DataFrame | None = None  # World Bank GTMI file

    @classmethod
    def from_folder(cls, folder: str | Path | None) -> ExternalData:
        """Read what exists of ``un_egov/``, ``wb_dai_*.csv`` and ``wb_gtmi_*.csv`` in a folder."""
        if folder is None:
            return cls()
        from egovlib.external import read_un_egov

        folder = Path(folder)
        un = read_un_egov(folder / "un_egov") if (folder / "un_egov").is_dir() else None
        dai_files = sorted(folder.glob("wb_dai_*.csv"))
        gtmi_files = sorted(folder.glob("wb_gtmi_*.csv"))
        dai = pd.read_csv(dai_files[0]) if dai_files else None
        gtmi = pd.read_csv(gtmi_files[0]) if gtmi_files else None
        return cls(un=un, dai=dai, gtmi=gtmi)

    def families(self) -> set[str]:
        """Which source keys can be compared against with the data at hand."""
        present = {"seeds"}
        if self.un is not None:
            present.add(UN_SOURCE)
        if self.dai is not None:
            present.add(WB_DAI_SOURCE)
        if self.gtmi is not None:
            present.add(WB_GTMI_SOURCE)
        return present


def as_printed(table: pd.DataFrame) -> pd.Series:
    """The value each row's source printed: ``value_printed`` where given, else ``value``.

    Parameters
    ----------
    table : pandas.DataFrame
        Rows of a curated dataset with ``value`` and, optionally, ``value_printed``.

    Returns
    -------
    pandas.Series
        Float values, aligned with ``table``.

    Examples
    --------
    >>> rows = pd.DataFrame({"value": [0.74413, 0.5], "value_printed": [0.744, None]})
    >>> as_printed(rows).tolist()
    [0.744, 0.5]
    """
    values = table["value"].astype("float64")
    if "value_printed" not in table:
        return values
    printed = pd.to_numeric(table["value_printed"].astype("object"), errors="coerce")
    return printed.where(printed.notna(), values)


def _series(package: DataPackage, name: str) -> pd.DataFrame:
    table = package.load(name)
    table = table.assign(printed=as_printed(table))
    return table[["country", "year", "indicator", "printed", "source", "locator"]].astype(
        {"country": "string", "indicator": "string", "source": "string", "year": "int64"}
    )


def conflict_id(dataset: str, country: str, year: int, indicator: str, source_a: str, source_b: str) -> str:
    """The stable key of a disagreement, as ``data/conflicts.csv`` records it.

    Parameters
    ----------
    dataset : str
        The dataset whose value disagrees.
    country : str
        ISO3 code (``"WLD"`` for the world).
    year : int
        The year or round.
    indicator : str
        The indicator.
    source_a, source_b : str
        Citation keys of the two sources that disagree.

    Returns
    -------
    str
        ``"<dataset>:<country>:<year>:<indicator>:<source_a>~<source_b>"``.

    Examples
    --------
    >>> conflict_id("egdi_kazakhstan", "KAZ", 2010, "egdi", "seed2020", "undesa_egov")
    'egdi_kazakhstan:KAZ:2010:egdi:seed2020~undesa_egov'
    """
    return f"{dataset}:{country}:{year}:{indicator}:{source_a}~{source_b}"


def _conflict(dataset, country, year, indicator, a, b) -> dict:
    return {
        "conflict_id": conflict_id(dataset, country, year, indicator, a["source"], b["source"]),
        "dataset": dataset, "country": country, "year": int(year), "indicator": indicator,
        "value_a": float(a["value"]), "source_a": a["source"], "locator_a": a["locator"],
        "value_b": float(b["value"]), "source_b": b["source"], "locator_b": b["locator"],
    }


def _compare(
    dataset: str,
    left: pd.DataFrame,
    right: pd.DataFrame,
    tolerance: float,
    indicators: Iterable[str] | None = None,
) -> list[dict]:
    """Rows of ``left`` whose value differs from ``right`` by more than ``tolerance``.

    Both frames have country, year, indicator, printed, source, locator.
    """
    if indicators is not None:
        left = left[left["indicator"].isin(list(indicators))]
    merged = left.merge(right, on=["country", "year", "indicator"], suffixes=("_a", "_b"))
    out = []
    for row in merged.itertuples(index=False):
        if pd.isna(row.printed_a) or pd.isna(row.printed_b):
            continue
        allowed = PRINTED_TOLERANCE_BY_YEAR.get((dataset, int(row.year)), tolerance)
        if row.indicator.endswith("_rank"):
            allowed = 0.0
        if abs(row.printed_a - row.printed_b) > allowed + EPS:
            out.append(_conflict(
                dataset, row.country, row.year, row.indicator,
                {"value": row.printed_a, "source": row.source_a, "locator": row.locator_a},
                {"value": row.printed_b, "source": row.source_b, "locator": row.locator_b},
            ))
    return out


def world_means(rows: pd.DataFrame, *, drop_zeros: bool = False) -> pd.DataFrame:
    """The world mean of one index per round: the one rule for averaging over the members.

    The mean is over every member the round lists, zeros included (the definition the printed
    world averages follow); ``drop_zeros=True`` averages only the members with a positive value,
    i.e. those assessed. Missing values are left out. :func:`egovlib.regional.world_mean`,
    :func:`egovlib.un_method.world_mean_shifts` and the recomputed ``WLD`` rows of
    :func:`find_conflicts` all use it.

    Parameters
    ----------
    rows : pandas.DataFrame
        One index, one row per member and round, with ``year`` and ``value``.
    drop_zeros : bool, default False
        Whether members with a value of 0 (not assessed) are left out.

    Returns
    -------
    pandas.DataFrame
        ``year`` (int), ``value`` (the mean) and ``members`` (how many values it averages), one row
        per round, sorted by year.

    Examples
    --------
    >>> rows = pd.DataFrame({"year": [2020, 2020, 2020, 2022], "value": [0.0, 0.4, 0.8, 0.5]})
    >>> world_means(rows)["value"].round(6).tolist(), world_means(rows, drop_zeros=True)["members"].tolist()
    ([0.4, 0.5], [2, 1])
    """
    values = rows[rows["value"].notna()]
    if drop_zeros:
        values = values[values["value"] > 0]
    grouped = values.groupby("year")["value"]
    means = grouped.mean()
    return pd.DataFrame({"year": means.index.astype(int), "value": means.to_numpy(),
                         "members": grouped.size().to_numpy()})


def family_of(source_b: str) -> str:
    """Which data must be at hand to recompute a conflict against ``source_b``.

    Parameters
    ----------
    source_b : str
        The citation key of the second source of a conflict.

    Returns
    -------
    str
        ``source_b`` itself for the UN, DAI and GTMI series, else ``"seeds"``.

    Examples
    --------
    >>> family_of(UN_SOURCE), family_of("undp2022")
    ('undesa_egov', 'seeds')
    """
    return source_b if source_b in (UN_SOURCE, WB_DAI_SOURCE, WB_GTMI_SOURCE) else "seeds"
