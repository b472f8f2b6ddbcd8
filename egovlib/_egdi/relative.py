"""EGDI changes and places: level decomposition, percentiles, world z-scores and their decomposition."""

from __future__ import annotations

import pandas as pd

from egovlib._egdi.tables import COMPONENTS, INDICATORS


def decompose(wide: pd.DataFrame) -> pd.DataFrame:
    """Each round's EGDI change split into OSI, HCI and TII contributions (delta / 3) and a residual.

    One row per pair of consecutive rounds with an EGDI value. Contributions are NaN where a
    component is missing (and the residual with them); the residual is the part the simple-mean
    rule does not explain.

    Parameters
    ----------
    wide : pandas.DataFrame
        Index ``year``, columns ``egdi`` and (some of) ``osi``, ``hci``, ``tii``, as :func:`trajectory` gives.

    Returns
    -------
    pandas.DataFrame
        Columns ``from``, ``to``, ``years``, ``egdi_change``, ``egdi_change_per_year``,
        ``osi_contribution``, ``hci_contribution``, ``tii_contribution`` and ``residual``.

    Raises
    ------
    ValueError
        If ``wide`` has no ``egdi`` column or fewer than two rounds with an EGDI value.

    Examples
    --------
    >>> wide = pd.DataFrame({"egdi": [0.5, 0.8], "osi": [0.4, 0.7], "hci": [0.6, 0.9], "tii": [0.5, 0.8]},
    ...                     index=[2020, 2022])
    >>> decompose(wide)[["from", "to", "osi_contribution"]].round(3).to_dict("records")
    [{'from': 2020, 'to': 2022, 'osi_contribution': 0.1}]
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
    """Each country's percentile among all UN members per round (share of members scoring at or below it).

    Members are the countries with a value above 0 in the round (newer exports write 0 for "not
    assessed"); a listed country without such a value in a round gets no row for it.

    Parameters
    ----------
    un : pandas.DataFrame
        Tidy rows (``country``, ``year``, ``indicator``, ``value``) of every member, e.g. :func:`source_table`.
    countries : list of str
        ISO3 codes of the countries placed.
    indicator : str
        The indicator (default ``"egdi"``).

    Returns
    -------
    pandas.DataFrame
        Columns ``year``, ``country``, ``value``, ``percentile`` (per cent) and ``members``.
    """
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


def world_relative(table: pd.DataFrame, indicators: tuple[str, ...] = ("egdi", *COMPONENTS)) -> pd.DataFrame:
    """Every member's place within its round: z-score, percentile and rank of each indicator.

    The members of a round are the countries with an EGDI above 0 (assessed); their values of
    each indicator are taken as published, zeros included, so that the world mean of the EGDI
    is the mean of the components' world means wherever the EGDI is their mean.

    Parameters
    ----------
    table : pandas.DataFrame
        Tidy rows with ``country``, ``year``, ``indicator`` and ``value`` (NaN values are dropped).
    indicators : tuple of str
        Some of :data:`INDICATORS` and ``"epart"`` (default the EGDI and its three components).

    Returns
    -------
    pandas.DataFrame
        Columns ``country``, ``year``, ``indicator``, ``value``, ``world_mean``, ``world_sd`` (ddof 1),
        ``z``, ``percentile`` (share of members at or below, in per cent), ``rank`` (1 = highest,
        ties share the best rank) and ``members``, sorted by indicator, year and country.

    Raises
    ------
    ValueError
        If a column is missing or an indicator is unknown.
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
    not show up as the country's change.

    Parameters
    ----------
    relative : pandas.DataFrame
        The output of :func:`world_relative` (with the EGDI and its components).
    country : str
        ISO3 code.

    Returns
    -------
    pandas.DataFrame
        One row per pair of consecutive rounds with an EGDI z-score: ``from``, ``to``, ``z_before``,
        ``z_after``, ``z_change``, ``osi_contribution``, ``hci_contribution``, ``tii_contribution``
        and ``residual``.

    Raises
    ------
    ValueError
        If ``country`` is not in the table, the table has no EGDI z-scores, or fewer than two rounds have one.
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
