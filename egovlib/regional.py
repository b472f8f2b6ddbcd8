"""Kazakhstan and its neighbours side by side: index panels, threshold crossings, snapshots.

The functions here are pure (data in, tables out) so that ``06_regional_comparison`` and
``02_egdi_trajectory`` share them and the tests can check them without running a notebook.

* :func:`panel` gives one index (EGDI or E-Participation) per country and round, from the
  bundled UNDP (2022) tables or from a folder of official UN exports.
* :func:`world_mean` gives the world average the seeds print, or the one recomputed over all
  members of an export.
* :func:`crossings` finds the first round in which each country reached a threshold and reads
  the crossing times as Rogers adopter categories.
* :func:`snapshot` lines the indices of one period up, one column per index, for rank agreement.
* :func:`world_average_check` compares the printed world averages with those recomputed from
  the official exports and says which differences the conflict register lists.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .datasets import DataPackage, default_package
from .errors import NotFoundError

__all__ = [
    "EAEU_MEMBERS", "GTMI_SCORE", "INDEX_DATASETS", "INDEX_LABELS", "SNAPSHOT_INDICES", "UNDP_COUNTRIES",
    "available_countries", "crossings", "default_countries", "draw_distribution", "panel", "share_reached", "snapshot",
    "world_average_check", "world_mean",
]

#: The seven countries of the UNDP (2022) readiness survey.
UNDP_COUNTRIES = ("ARM", "AZE", "GEO", "KAZ", "KGZ", "TJK", "UZB")
#: Members of the Eurasian Economic Union.
EAEU_MEMBERS = ("ARM", "BLR", "KAZ", "KGZ", "RUS")
#: Bundled dataset holding each index for the regional comparison.
INDEX_DATASETS = {"egdi": "egdi_regional", "epart": "epart_regional"}
INDEX_LABELS = {"egdi": "EGDI", "epart": "E-Participation Index"}


def _check_index(index: str) -> None:
    if index not in INDEX_DATASETS:
        raise NotFoundError(f"index={index!r}: expected one of {sorted(INDEX_DATASETS)}")


def _un_rows(index: str, un_folder: str | Path, *, drop_zeros: bool = True) -> pd.DataFrame:
    """Rows of one index from the exports; zeros dropped by default (newer exports write 0 for "not assessed")."""
    from .egdi import un_table

    table = un_table(un_folder)
    table = table[(table["indicator"] == index) & table["value"].notna()]
    if drop_zeros:
        table = table[table["value"] > 0]
    return pd.DataFrame({"country": table["country"].astype(str), "year": table["year"].astype(int),
                         "value": table["value"].astype(float)})


def available_countries(index: str = "egdi", un_folder: str | Path | None = None,
                        package: DataPackage | None = None) -> list[str]:
    """Countries with a series of ``index`` (bundled regional table, or every member of the exports)."""
    _check_index(index)
    if un_folder is not None:
        return sorted(_un_rows(index, un_folder)["country"].unique())
    table = (package or default_package()).load(INDEX_DATASETS[index])
    return sorted(c for c in table["country"].astype(str).unique() if c != "WLD")


def default_countries(index: str = "egdi", un_folder: str | Path | None = None) -> list[str]:
    """The UNDP survey countries and the EAEU members, as far as the source covers them."""
    known = set(available_countries(index, un_folder))
    return sorted(c for c in set(UNDP_COUNTRIES) | set(EAEU_MEMBERS) if c in known)


def panel(index: str, countries: list[str], un_folder: str | Path | None = None,
          package: DataPackage | None = None) -> pd.DataFrame:
    """One row per country and round: ``country``, ``year``, ``value`` (0-1), sorted.

    ``frame.attrs["sources"]`` holds the source and locator rows used, for a figure caption.
    """
    _check_index(index)
    if un_folder is not None:
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
        where = f"the UN exports in {un_folder}" if un_folder is not None else "the bundled data"
        raise NotFoundError(f"countries: no {index} series for {missing} in {where}")
    out = rows[rows["country"].isin(countries)].sort_values(["country", "year"], ignore_index=True)
    out.attrs["sources"] = sources
    return out


def world_mean(index: str, un_folder: str | Path | None = None,
               package: DataPackage | None = None, *, drop_zeros: bool = False) -> pd.DataFrame:
    """The world average per round: ``year``, ``value``, ``members`` (NaN when printed, not recomputed).

    Recomputed from the exports it is the mean over every row of the round, zeros included
    (the definition the printed averages follow); ``drop_zeros=True`` averages only the
    members with a positive value, i.e. those assessed.
    """
    _check_index(index)
    if un_folder is not None:
        rows = _un_rows(index, un_folder, drop_zeros=drop_zeros)
        grouped = rows.groupby("year")["value"]
        return pd.DataFrame({"year": grouped.mean().index.astype(int), "value": grouped.mean().to_numpy(),
                             "members": grouped.size().to_numpy()})
    table = (package or default_package()).load(INDEX_DATASETS[index])
    table = table[(table["country"] == "WLD") & (table["indicator"].astype(str) == f"{index}_world_mean")]
    return pd.DataFrame({"year": table["year"].astype(int).to_numpy(), "value": table["value"].astype(float).to_numpy(),
                         "members": np.nan}).sort_values("year", ignore_index=True)


def crossings(panel_rows: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """The first round in which each country's value reached ``threshold``.

    Columns: ``country``, ``first_round`` (NaN when never reached), ``status`` and, for the
    countries that crossed, ``years_after_start`` (from the panel's first round) and the Rogers
    ``category`` read from the crossing times (mean +/- sd; see
    :func:`egovlib.diffusion.rogers_categories`). ``status`` is ``"crossed"``, ``"at or above
    from the start"`` (left-censored: the true crossing may be earlier) or ``"not yet"``
    (right-censored).
    """
    from .diffusion import rogers_categories

    if not 0 < threshold < 1:
        raise ValueError(f"threshold={threshold!r}: expected a number strictly between 0 and 1")
    start = int(panel_rows["year"].min())
    rows = []
    for country, group in panel_rows.groupby("country", sort=True):
        group = group.sort_values("year")
        reached = group[group["value"] >= threshold]
        if reached.empty:
            rows.append({"country": country, "first_round": np.nan, "status": "not yet"})
            continue
        first = int(reached["year"].iloc[0])
        status = "at or above from the start" if first == int(group["year"].iloc[0]) else "crossed"
        rows.append({"country": country, "first_round": first, "status": status})
    out = pd.DataFrame(rows, columns=["country", "first_round", "status"])
    out["years_after_start"] = out["first_round"] - start
    out["category"] = pd.Series(pd.NA, index=out.index, dtype="object")
    timed = out.dropna(subset=["first_round"])
    if len(timed) >= 2 and timed["first_round"].nunique() > 1:
        out.loc[timed.index, "category"] = rogers_categories(timed["first_round"].to_numpy()).astype(str).to_numpy()
    return out


def share_reached(panel_rows: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Per round, how many assessed countries were at or above ``threshold`` and their share in per cent."""
    grouped = panel_rows.assign(reached=panel_rows["value"] >= threshold).groupby("year")["reached"]
    out = pd.DataFrame({"year": grouped.sum().index.astype(int), "reached": grouped.sum().to_numpy().astype(int),
                        "assessed": grouped.size().to_numpy()})
    out["share"] = 100.0 * out["reached"] / out["assessed"]
    return out


#: Indices for the snapshot: (label, dataset, indicator, year); for every one, higher is better.
SNAPSHOT_INDICES = (
    ("EGDI 2020", "egdi_regional", "egdi", 2020),
    ("E-Participation 2020", "epart_regional", "epart", 2020),
    ("DAI 2016", "dai_regional", "dai", 2016),
    ("GII 2021", "gii_2021", "global_innovation_index", 2021),
    ("Internet users 2018 (%)", "infrastructure", "internet_users_share", 2018),
)


def snapshot(countries: list[str], package: DataPackage | None = None) -> pd.DataFrame:
    """The indices of :data:`SNAPSHOT_INDICES` and the GTMI group (2020), one row per country.

    The GTMI group is coded as a score (A = 4 ... D = 1) so that it ranks with the others.
    Missing values stay NaN.
    """
    package = package or default_package()
    out = pd.DataFrame(index=pd.Index(sorted(countries), name="country"))
    used = []
    for label, dataset, indicator, year in SNAPSHOT_INDICES:
        table = package.load(dataset)
        table = table[(table["indicator"].astype(str) == indicator) & (table["year"] == year)]
        table = table.assign(country=table["country"].astype(str))
        out[label] = table.set_index("country")["value"].astype(float)
        used.append(table[table["country"].isin(countries)][["source", "locator"]].astype(str))
    groups = package.load("gtmi_groups")
    groups = groups[groups["year"] == 2020].assign(country=lambda t: t["country"].astype(str))
    out["GTMI group 2020 (A=4)"] = groups.set_index("country")["gtmi_group"].astype(str).map(GTMI_SCORE)
    used.append(groups[groups["country"].isin(countries)][["source", "locator"]].astype(str))
    out.attrs["sources"] = pd.concat(used, ignore_index=True).drop_duplicates(ignore_index=True)
    return out


#: GTMI groups as scores, so that they rank with the other indices (A is the most mature).
GTMI_SCORE = {"A": 4, "B": 3, "C": 2, "D": 1}


def draw_distribution(ax, members: pd.DataFrame, marked: pd.DataFrame, focus: str) -> None:
    """Boxes of every member's value per round, with the ``marked`` countries' lines on top.

    ``members`` has ``year`` and ``value`` for all assessed members; ``marked`` has
    ``year``, ``country`` and ``value`` (e.g. from :func:`egovlib.egdi.percentiles`). The
    ``focus`` country is drawn heavier. Axis labels are left to the caller.
    """
    from .plotting import palette

    rounds = sorted(members["year"].unique())
    ax.boxplot([members.loc[members["year"] == y, "value"] for y in rounds], positions=range(len(rounds)),
               widths=0.6, showfliers=False, patch_artist=True,
               boxprops={"facecolor": "0.9", "edgecolor": "0.5"}, medianprops={"color": "0.3"})
    codes = [focus] + sorted(c for c in marked["country"].unique() if c != focus)
    for colour, code in zip(palette(len(codes)), codes, strict=True):
        own = marked[marked["country"] == code].set_index("year")["value"].reindex(rounds)
        ax.plot(range(len(rounds)), own.to_numpy(), marker="o" if code == focus else ".",
                linewidth=2.5 if code == focus else 0.8, color=colour, label=code)
    ax.set_xticks(range(len(rounds)), [str(y) for y in rounds])
    ax.legend(ncol=5, fontsize=7, loc="upper left")


def world_average_check(un_folder: str | Path, package: DataPackage | None = None) -> pd.DataFrame:
    """Printed world averages (UNDP 2022) against the means recomputed over all members of each export.

    One row per index and round the seeds print: ``printed``, ``recomputed`` (mean over all
    rows of the export, zeros included, as :mod:`egovlib.crosscheck` computes it), ``members``,
    ``difference`` (printed - recomputed), ``beyond_rounding`` (larger than the printed
    precision allows), ``conflict_id``, ``registered`` (listed in ``data/conflicts.csv``) and,
    for comparison, ``recomputed_assessed`` (zeros dropped) with its ``assessed`` count.
    """
    from .crosscheck import EPS, PRINTED_TOLERANCE, UN_SOURCE, as_printed, conflict_id

    package = package or default_package()
    register = set(package.load("conflicts")["conflict_id"].astype(str))
    rows = []
    for index, dataset in INDEX_DATASETS.items():
        table = package.load(dataset)
        table = table[(table["country"] == "WLD") & (table["indicator"].astype(str) == f"{index}_world_mean")]
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
