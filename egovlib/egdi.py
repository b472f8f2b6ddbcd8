"""EGDI series of one country, from the shipped UN panel, a folder of UN exports or the seeds' tables.

By default every series comes from ``un_egov_panel``, the curated UN E-Government Survey of
every member and round that ships in ``data/``; ``un_folder`` names a folder of Data Center
exports instead (for example with a newer round), and ``source="bundled"`` reads the tables
transcribed from the seed documents.

The UN E-Government Development Index (EGDI) is, in most rounds, the mean of three components:
the Online Service Index (OSI), the Human Capital Index (HCI) and the Telecommunication
Infrastructure Index (TII). :func:`decompose` splits each round's change of the EGDI into the
three contributions ``delta/3`` and a residual, which is non-zero where a round did not use the
simple mean (2008, 2010) or where a component is missing. Levels are not comparable across the
UN's method changes (:mod:`egovlib.un_method`), so :func:`world_relative` places every member
within its round (z-score, percentile, rank) and :func:`decompose_relative` splits the change of
a country's EGDI z-score into the components' contributions.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .datasets import DataPackage, default_package
from .errors import NotFoundError

__all__ = ["BUNDLED", "COMPONENTS", "INDICATORS", "NEIGHBOURS", "PANEL", "SOURCES", "bundled_table", "caption", "countries",
           "country_name", "decompose", "decompose_relative", "panel_table", "percentiles", "source_table",
           "trajectory", "un_table", "world_relative"]

COMPONENTS = ("osi", "hci", "tii")
INDICATORS = ("egdi", *COMPONENTS, "egdi_rank")
#: Bundled datasets that hold EGDI series, most detailed first (a country-year is taken from the first that has it).
BUNDLED = ("egdi_kazakhstan", "egdi_regional", "egdi_leaders")
#: The shipped UN E-Government Survey panel (every member, every round), the default source.
PANEL = "un_egov_panel"
SOURCES = ("un", "bundled")
_UN_FOLDER_CACHE: dict[Path, pd.DataFrame] = {}


def un_table(folder: str | Path) -> pd.DataFrame:
    """All countries and rounds of a folder of UN exports, tidy (read once per process)."""
    from .external import read_un_egov

    key = Path(folder).resolve()
    if key not in _UN_FOLDER_CACHE:
        _UN_FOLDER_CACHE[key] = read_un_egov(key)
    return _UN_FOLDER_CACHE[key]


def panel_table(package: DataPackage | None = None) -> pd.DataFrame:
    """The shipped UN panel (``un_egov_panel``) in the tidy layout of :func:`un_table`, with ``source`` and ``locator``."""
    table = (package or default_package()).load(PANEL)
    return pd.DataFrame({
        "country": table["country"].astype(str), "year": table["year"].astype(int),
        "indicator": table["indicator"].astype(str), "value": table["value"].astype(float),
        "unit": table["unit"].astype(str), "source": table["source"].astype(str),
        "locator": table["locator"].astype(str),
    })


def source_table(un_folder: str | Path | None = None) -> pd.DataFrame:
    """Every member and round: the exports in ``un_folder`` when given, else the shipped panel.

    Both have ``source`` and ``locator`` columns (for the exports: ``undesa_egov`` and the file read).
    """
    if un_folder is None:
        return panel_table()
    table = un_table(un_folder)
    locator = ("Data Center export " + table["file"].astype(str)) if "file" in table else "Data Center exports"
    return table.assign(source="undesa_egov", locator=locator)


def _where(un_folder: str | Path | None, source: str) -> str:
    if source == "bundled":
        return "the bundled data"
    return f"the UN exports in {un_folder}" if un_folder is not None else f"the shipped UN panel ({PANEL})"


def _check_source(source: str) -> None:
    if source not in SOURCES:
        raise ValueError(f"source={source!r}: expected one of {list(SOURCES)}")


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


def countries(un_folder: str | Path | None = None, *, source: str = "un") -> list[str]:
    """ISO3 codes with an EGDI series (every member of the UN panel or exports, or the bundled seed tables)."""
    _check_source(source)
    table = bundled_table() if source == "bundled" else source_table(un_folder)
    table = table[(table["indicator"] == "egdi") & (table["value"] > 0)]
    return sorted(table["country"].dropna().astype(str).unique())


def trajectory(country: str, un_folder: str | Path | None = None, *, source: str = "un") -> pd.DataFrame:
    """The country's EGDI, OSI, HCI, TII and rank per round (index ``year``; missing values are NaN).

    By default the series come from the shipped UN panel; with ``un_folder`` from the exports
    in that folder; with ``source="bundled"`` from the seeds' tables (components for Kazakhstan
    only). Rounds in which the country was not assessed (EGDI written 0) are dropped.
    ``frame.attrs["sources"]`` holds the source rows used, for a caption.
    """
    known = countries(un_folder, source=source)
    if country not in known:
        raise NotFoundError(f"country={country!r} has no EGDI series in {_where(un_folder, source)}; available: {known}")
    if source == "un" and un_folder is None:
        table = panel_table()
        table = table[(table["country"] == country) & table["indicator"].isin(INDICATORS)]
        assessed = table.loc[(table["indicator"] == "egdi") & (table["value"] > 0), "year"]
        table = table[table["year"].isin(assessed)]
        tidy = table[["year", "indicator", "value"]]
        sources = table[["source", "locator"]].drop_duplicates().reset_index(drop=True)
    elif un_folder is not None:
        table = un_table(un_folder)
        table = table[(table["country"] == country) & table["indicator"].isin(INDICATORS)]
        assessed = table.loc[(table["indicator"] == "egdi") & (table["value"] > 0), "year"]
        table = table[table["year"].isin(assessed)]
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


def world_relative(table: pd.DataFrame, indicators: tuple[str, ...] = ("egdi", *COMPONENTS)) -> pd.DataFrame:
    """Every member's place within its round: z-score, percentile and rank of each indicator.

    The members of a round are the countries with an EGDI above 0 (assessed); their values of
    each indicator are taken as published, zeros included, so that the world mean of the EGDI
    is the mean of the components' world means wherever the EGDI is their mean. Columns:
    ``country``, ``year``, ``indicator``, ``value``, ``world_mean``, ``world_sd`` (ddof 1),
    ``z``, ``percentile`` (share of members at or below, in per cent), ``rank`` (1 = highest,
    ties share the best rank) and ``members``.
    """
    for column in ("country", "year", "indicator", "value"):
        if column not in table:
            raise ValueError(f"world_relative: the table has no {column!r} column")
    unknown = sorted(set(indicators) - set(INDICATORS) - {"epart"})
    if unknown:
        raise ValueError(f"world_relative: unknown indicators {unknown}; expected some of {[*INDICATORS, 'epart']}")
    data = table[["country", "year", "indicator", "value"]].dropna(subset=["value"])
    data = data.assign(country=data["country"].astype(str), indicator=data["indicator"].astype(str),
                       year=data["year"].astype(int), value=data["value"].astype(float))
    assessed = data.loc[(data["indicator"] == "egdi") & (data["value"] > 0), ["country", "year"]]
    data = data.merge(assessed, on=["country", "year"])
    frames = []
    for indicator in indicators:
        rows = data[data["indicator"] == indicator].copy()
        grouped = rows.groupby("year")["value"]
        rows["world_mean"] = grouped.transform("mean")
        rows["world_sd"] = grouped.transform(lambda v: v.std(ddof=1))
        rows["z"] = (rows["value"] - rows["world_mean"]) / rows["world_sd"]
        rows["percentile"] = grouped.rank(method="max", pct=True) * 100.0
        rows["rank"] = grouped.rank(method="min", ascending=False).astype(int)
        rows["members"] = grouped.transform("size").astype(int)
        frames.append(rows)
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["indicator", "year", "country"], ignore_index=True)


def decompose_relative(relative: pd.DataFrame, country: str) -> pd.DataFrame:
    """The change of ``country``'s EGDI z-score between rounds, split into its components' contributions.

    Where the EGDI is the mean of OSI, HCI and TII, a member's distance from the world mean is
    ``E - mean(E) = sum_c (c - mean(c)) / 3``, so its z-score is ``z_E = sum_c w_c z_c`` with
    weights ``w_c = sd_c / (3 sd_E)`` of the round. The change of ``z_E`` from one round to the
    next is then exactly the sum of the changes of ``w_c z_c`` (the contributions) plus a
    ``residual`` that is non-zero only where the round did not use the simple mean (2008, 2010)
    or a component is missing. Unlike the level decomposition of :func:`decompose`, this is
    relative to the world in each round, so a redefinition that moves every member alike does
    not show up as the country's change. ``relative`` is the output of :func:`world_relative`.
    """
    mine = relative[relative["country"] == country]
    if mine.empty:
        raise ValueError(f"decompose_relative: country={country!r} is not in the table")
    z = mine.pivot_table(index="year", columns="indicator", values="z", aggfunc="first")
    sd = mine.pivot_table(index="year", columns="indicator", values="world_sd", aggfunc="first")
    if "egdi" not in z:
        raise ValueError("decompose_relative: the table has no EGDI z-scores")
    z = z.dropna(subset=["egdi"])
    if len(z) < 2:
        raise ValueError(f"decompose_relative: needs at least two rounds with an EGDI value, got {len(z)}")
    weighted = pd.DataFrame(index=z.index)
    for component in COMPONENTS:
        if component in z:
            weighted[component] = sd[component] / (3 * sd["egdi"]) * z[component]
        else:
            weighted[component] = float("nan")
    rows = []
    years = list(z.index)
    for before, after in zip(years[:-1], years[1:], strict=True):
        change = float(z.at[after, "egdi"] - z.at[before, "egdi"])
        row = {"from": int(before), "to": int(after), "z_before": float(z.at[before, "egdi"]),
               "z_after": float(z.at[after, "egdi"]), "z_change": change}
        explained = 0.0
        for component in COMPONENTS:
            contribution = float(weighted.at[after, component] - weighted.at[before, component])
            row[f"{component}_contribution"] = contribution
            explained += contribution
        row["residual"] = change - explained
        rows.append(row)
    return pd.DataFrame(rows)


def caption(sources: pd.DataFrame, *, extra: str = "") -> str:
    """A figure caption for series from the UN panel: every round's source cited once, compactly.

    ``sources`` has ``source`` and ``locator`` columns (``frame.attrs["sources"]`` of
    :func:`trajectory` or :func:`egovlib.regional.panel`). Rows from the per-round UN sources
    (``undesa_egov_<year>``) are cited as one line naming each round; any other source goes
    through :func:`egovlib.plotting.source_caption`.
    """
    from .plotting import source_caption

    keys = sources["source"].astype(str)
    rounds = sorted(int(k.rsplit("_", 1)[1]) for k in keys.unique() if k.startswith("undesa_egov_"))
    others = sources[~keys.str.startswith("undesa_egov_")]
    parts = []
    if rounds:
        third = " (2024: a third-party copy of the export with renamed headers, checked against the published " \
                "figures)" if 2024 in rounds else ""
        parts.append(f"Source: UN DESA, United Nations E-Government Survey {', '.join(map(str, rounds))}, "
                     f"Data Center exports{third}; dataset {PANEL}.")
    if len(others):
        parts.append(source_caption(others))
    return " ".join(parts + ([extra] if extra else [])).strip()


def country_name(code: str) -> str:
    """The English short name of an ISO 3166 alpha-3 code (the shortest spelling the UN exports use), else the code."""
    names = _country_names()
    return names.get(code, code)


_NAMES: dict[str, str] = {}


def _country_names() -> dict[str, str]:
    if not _NAMES:
        table = pd.read_csv(Path(__file__).with_name("resources") / "un_country_names.csv", dtype=str,
                            keep_default_na=False)
        for name, code in zip(table["name"], table["iso3"], strict=True):
            if code not in _NAMES or len(name) < len(_NAMES[code]):
                _NAMES[code] = name
    return _NAMES
