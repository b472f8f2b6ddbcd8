"""Crossings of a threshold, the snapshot of several indices for rank agreement, the distribution figure."""

from __future__ import annotations

import numpy as np
import pandas as pd

from egovlib.datasets import DataPackage, default_package


def crossings(panel_rows: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """The first round in which each country's value reached ``threshold``.

    ``status`` is ``"crossed"``, ``"at or above from the start"`` (left-censored: the true crossing
    may be earlier) or ``"not yet"`` (right-censored).

    Parameters
    ----------
    panel_rows : pandas.DataFrame
        ``country``, ``year`` and ``value`` (as from :func:`panel`).
    threshold : float
        Strictly between 0 and 1.

    Returns
    -------
    pandas.DataFrame
        ``country``, ``first_round`` (NaN when never reached), ``status``, ``years_after_start`` (from
        the panel's first round) and the Rogers ``category`` read from the crossing times (mean +/- sd;
        see :func:`egovlib.diffusion.rogers_categories`; NA where there is no crossing time, or fewer
        than two distinct ones).

    Raises
    ------
    ValueError
        For a threshold outside (0, 1).
    """
    from egovlib.diffusion import rogers_categories

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
    """Per round, how many assessed countries were at or above ``threshold``, and their share.

    Parameters
    ----------
    panel_rows : pandas.DataFrame
        ``year`` and ``value`` of the assessed countries (as from :func:`panel`).
    threshold : float

    Returns
    -------
    pandas.DataFrame
        ``year``, ``reached``, ``assessed`` and ``share`` (per cent), one row per round.
    """
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

    Parameters
    ----------
    countries : list of str
        ISO3 codes; the rows are sorted by code.
    package : DataPackage or None
        The data package to read (default: the shipped one).

    Returns
    -------
    pandas.DataFrame
        Index ``country``, one column per index and ``"GTMI group 2020 (A=4)"``; ``attrs["sources"]``
        holds the distinct ``source`` and ``locator`` of the rows used for these countries.
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
    """Boxes of every member's value per round (no outliers drawn), with the ``marked`` countries' lines on top.

    The ``focus`` country is drawn first and heavier, the others in code order, each labelled
    with its name in a legend to the right of the axes. Axis labels are left to the caller.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to draw on; rounds are at positions 0, 1, ... with the years as tick labels.
    members : pandas.DataFrame
        ``year`` and ``value`` for all assessed members.
    marked : pandas.DataFrame
        ``year``, ``country`` and ``value`` (e.g. from :func:`egovlib.egdi.percentiles`).
    focus : str
        ISO3 code of the country drawn heavier.
    """
    from egovlib.plotting import palette

    rounds = sorted(members["year"].unique())
    ax.boxplot([members.loc[members["year"] == y, "value"] for y in rounds], positions=range(len(rounds)),
               widths=0.6, showfliers=False, patch_artist=True,
               boxprops={"facecolor": "0.9", "edgecolor": "0.5"}, medianprops={"color": "0.3"})
    from egovlib.egdi import country_name

    codes = [focus] + sorted(c for c in marked["country"].unique() if c != focus)
    for colour, code in zip(palette(len(codes)), codes, strict=True):
        own = marked[marked["country"] == code].set_index("year")["value"].reindex(rounds)
        ax.plot(range(len(rounds)), own.to_numpy(), marker="o" if code == focus else ".",
                linewidth=2.5 if code == focus else 0.8, color=colour, label=country_name(code))
    ax.set_xticks(range(len(rounds)), [str(y) for y in rounds])
    ax.legend(ncol=1, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))  # off the data
