"""EGDI series of one country, from the bundled data or from a folder of official UN exports.

The UN E-Government Development Index (EGDI) is, in most rounds, the mean of three components:
the Online Service Index (OSI), the Human Capital Index (HCI) and the Telecommunication
Infrastructure Index (TII). :func:`decompose` splits each round's change of the EGDI into the
three contributions ``delta/3`` and a residual, which is non-zero where a round did not use the
simple mean (2008, 2010) or where a component is missing.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .datasets import DataPackage, default_package
from .errors import NotFoundError

__all__ = [
    "BUNDLED", "COMPONENTS", "INDICATORS", "NEIGHBOURS", "bundled_table", "countries", "decompose", "percentiles",
    "trajectory", "un_table",
]

COMPONENTS = ("osi", "hci", "tii")
INDICATORS = ("egdi", *COMPONENTS, "egdi_rank")
#: Bundled datasets that hold EGDI series, most detailed first (a country-year is taken from the first that has it).
BUNDLED = ("egdi_kazakhstan", "egdi_regional", "egdi_leaders")
_UN_FOLDER_CACHE: dict[Path, pd.DataFrame] = {}


def un_table(folder: str | Path) -> pd.DataFrame:
    """All countries and rounds of a folder of UN exports, tidy (read once per process)."""
    from .external import read_un_egov

    key = Path(folder).resolve()
    if key not in _UN_FOLDER_CACHE:
        _UN_FOLDER_CACHE[key] = read_un_egov(key)
    return _UN_FOLDER_CACHE[key]


def bundled_table(package: DataPackage | None = None) -> pd.DataFrame:
    """EGDI, components and rank from the bundled datasets, one row per country, year and indicator."""
    package = package or default_package()
    frames = []
    for priority, name in enumerate(BUNDLED):
        table = package.load(name)
        table = table[table["indicator"].astype(str).isin(INDICATORS)]
        frames.append(pd.DataFrame({
            "country": table["country"].astype(str), "year": table["year"].astype(int),
            "indicator": table["indicator"].astype(str), "value": table["value"].astype(float),
            "source": table["source"].astype(str), "locator": table["locator"].astype(str),
            "dataset": name, "priority": priority,
        }))
    tidy = pd.concat(frames, ignore_index=True).sort_values(["country", "year", "indicator", "priority"])
    return tidy.drop_duplicates(["country", "year", "indicator"], keep="first").drop(columns="priority")


def countries(un_folder: str | Path | None = None) -> list[str]:
    """ISO3 codes with an EGDI series (bundled data, or every country of the UN exports)."""
    table = un_table(un_folder) if un_folder is not None else bundled_table()
    table = table[table["indicator"] == "egdi"]
    return sorted(table["country"].dropna().astype(str).unique())


def trajectory(country: str, un_folder: str | Path | None = None) -> pd.DataFrame:
    """The country's EGDI, OSI, HCI, TII and rank per round (index ``year``; missing values are NaN).

    With ``un_folder`` the series come from the official exports; otherwise from the bundled
    datasets (components are bundled for Kazakhstan only). ``frame.attrs["sources"]`` holds
    the source rows used, for a caption.
    """
    known = countries(un_folder)
    if country not in known:
        where = f"the UN exports in {un_folder}" if un_folder is not None else "the bundled data"
        raise NotFoundError(f"country={country!r} has no EGDI series in {where}; available: {known}")
    if un_folder is not None:
        table = un_table(un_folder)
        table = table[(table["country"] == country) & table["indicator"].isin(INDICATORS)]
        tidy = pd.DataFrame({"year": table["year"].astype(int), "indicator": table["indicator"].astype(str),
                             "value": table["value"].astype(float)})
        sources = pd.DataFrame({"source": ["undesa_egov"], "locator": ["Data Center exports"]})
    else:
        table = bundled_table()
        table = table[table["country"] == country]
        tidy = table[["year", "indicator", "value"]]
        sources = table[["source", "locator"]].drop_duplicates().reset_index(drop=True)
    wide = tidy.pivot_table(index="year", columns="indicator", values="value", aggfunc="first")
    wide = wide.reindex(columns=list(INDICATORS)).sort_index()
    wide.columns.name = None
    wide.attrs["sources"] = sources
    wide.attrs["country"] = country
    return wide


def decompose(wide: pd.DataFrame) -> pd.DataFrame:
    """Each round's EGDI change split into OSI, HCI and TII contributions (delta / 3) and a residual.

    One row per pair of consecutive rounds with an EGDI value. Contributions are NaN where a
    component is missing; the residual is the part the simple-mean rule does not explain.
    """
    if "egdi" not in wide:
        raise ValueError("decompose: the frame has no 'egdi' column")
    rounds = wide.dropna(subset=["egdi"])
    if len(rounds) < 2:
        raise ValueError(f"decompose: needs at least two rounds with an EGDI value, got {len(rounds)}")
    rows = []
    years = list(rounds.index)
    for before, after in zip(years[:-1], years[1:], strict=True):
        change = rounds.at[after, "egdi"] - rounds.at[before, "egdi"]
        row = {"from": before, "to": after, "years": after - before, "egdi_change": change,
               "egdi_change_per_year": change / (after - before)}
        explained = 0.0
        for component in COMPONENTS:
            contribution = float("nan")
            if component in rounds:
                contribution = (rounds.at[after, component] - rounds.at[before, component]) / 3
            row[f"{component}_contribution"] = contribution
            explained += contribution
        row["residual"] = change - explained
        rows.append(row)
    return pd.DataFrame(rows)


def percentiles(un: pd.DataFrame, countries: list[str], indicator: str = "egdi") -> pd.DataFrame:
    """Each country's percentile among all UN members per round (share of members scoring at or below it)."""
    table = un[un["indicator"] == indicator].dropna(subset=["value"])
    rows = []
    for year, group in table.groupby("year"):
        values = group["value"].to_numpy()
        values = values[values > 0]  # newer exports write 0 for "not assessed"
        for country in countries:
            own = group.loc[group["country"] == country, "value"]
            if own.empty or own.iloc[0] <= 0:
                continue
            rows.append({"year": int(year), "country": country, "value": float(own.iloc[0]),
                         "percentile": 100.0 * (values <= own.iloc[0]).mean(), "members": len(values)})
    return pd.DataFrame(rows, columns=["year", "country", "value", "percentile", "members"])


#: Kazakhstan's comparison group: Central Asia, the South Caucasus and the other EAEU members.
NEIGHBOURS = ("KAZ", "KGZ", "TJK", "TKM", "UZB", "ARM", "AZE", "GEO", "BLR", "RUS")
