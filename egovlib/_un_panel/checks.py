"""Substantive checks of the UN panel: rounds, members, ranges, the EGDI mean rule, Kazakhstan's seed values."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from egovlib._un_panel.build import ABOVE_ONE, CHECKS_2024, EGDI_MEAN_ROUNDS, RANKED_MEMBERS, ROUNDS


# -- checks ------------------------------------------------------------------------------------
def verify(table: pd.DataFrame, package=None) -> list[str]:
    """Substantive checks of a built (or loaded) panel; an empty list when it is sound.

    No duplicate country, round and indicator; every round of :data:`ROUNDS` with 193 countries;
    the ranked members per round (:data:`RANKED_MEMBERS`, else 193); ranks whole and within 1-193;
    indices within 0-1 except the two known 2003 HCI values (:data:`ABOVE_ONE`); units ``rank`` and
    ``index_0_1``; EGDI = mean of OSI, HCI and TII (1e-4) for every country in 2014-2024; the
    official 2024 figures for Kazakhstan (:data:`CHECKS_2024`); and agreement with ``egdi_kazakhstan``
    wherever the conflict register does not list a disagreement.

    Parameters
    ----------
    table : pandas.DataFrame
        Panel rows (``country``, ``year``, ``indicator``, ``value``, ``unit``), built or loaded.
    package : DataPackage or None
        The data package whose ``egdi_kazakhstan`` and conflict register are read (default: the shipped one).

    Returns
    -------
    list of str
        One message per problem found.
    """
    problems: list[str] = []
    t = pd.DataFrame({"country": table["country"].astype(str), "year": table["year"].astype(int),
                      "indicator": table["indicator"].astype(str), "value": table["value"].astype(float),
                      "unit": table["unit"].astype(str)})
    if t.duplicated(["country", "year", "indicator"]).any():
        problems.append("duplicate country, year and indicator")
    rounds = tuple(sorted(t["year"].unique()))
    if rounds != ROUNDS:
        problems.append(f"rounds {rounds}, expected {ROUNDS}")
    for year, group in t.groupby("year"):
        countries = group["country"].nunique()
        if countries != 193:
            problems.append(f"{year}: {countries} countries, expected 193")
        ranked = int((group["indicator"] == "egdi_rank").sum())
        if ranked != RANKED_MEMBERS.get(int(year), 193):
            problems.append(f"{year}: {ranked} ranked members, expected {RANKED_MEMBERS.get(int(year), 193)}")
    ranks = t[t["indicator"] == "egdi_rank"]
    bad = ranks[(ranks["value"] % 1 != 0) | (ranks["value"] < 1) | (ranks["value"] > 193) | (ranks["unit"] != "rank")]
    problems += [f"{r.country} {r.year}: rank {r.value} not a whole number in 1-193" for r in bad.itertuples()]
    idx = t[t["indicator"] != "egdi_rank"]
    out = idx[(idx["value"] < 0) | (idx["value"] > 1) | (idx["unit"] != "index_0_1")]
    problems += [f"{r.country} {r.year} {r.indicator}: {r.value} outside 0-1" for r in out.itertuples()
                 if (r.country, r.year, r.indicator) not in ABOVE_ONE]
    problems += egdi_mean_problems(t)
    values = t.set_index(["country", "year", "indicator"])["value"]
    for (country, indicator), expected in CHECKS_2024.items():
        found = values.get((country, 2024, indicator))
        if found is None or abs(found - expected) > 1e-9:
            problems.append(f"{country} 2024 {indicator}: {found}, the UN published {expected}")
    problems += [d["message"] for d in kazakhstan_disagreements(t, package) if not d["registered"]]
    return problems


def egdi_mean_problems(table: pd.DataFrame, rounds: Iterable[int] = EGDI_MEAN_ROUNDS,
                       tolerance: float = 1e-4) -> list[str]:
    """Countries whose EGDI differs from the mean of OSI, HCI and TII by more than ``tolerance``.

    Country-rounds lacking one of the four values are not checked.

    Parameters
    ----------
    table : pandas.DataFrame
        Panel rows (``country``, ``year``, ``indicator``, ``value``).
    rounds : Iterable of int
        The rounds in which the EGDI is the simple mean (default :data:`EGDI_MEAN_ROUNDS`).
    tolerance : float
        Largest absolute difference accepted (default 1e-4).

    Returns
    -------
    list of str
        One message per country and round that differs.
    """
    wide = table[table["year"].astype(int).isin(list(rounds))].pivot_table(
        index=["country", "year"], columns="indicator", values="value", aggfunc="first")
    wide = wide.dropna(subset=["egdi", "osi", "hci", "tii"])
    gap = (wide[["osi", "hci", "tii"]].mean(axis=1) - wide["egdi"]).abs()
    return [f"{c} {y}: EGDI {wide.at[(c, y), 'egdi']:.5f} is not the mean of OSI, HCI and TII "
            f"({gap[(c, y)]:.2g} apart)" for c, y in gap[gap > tolerance].index]


def kazakhstan_disagreements(table: pd.DataFrame, package=None) -> list[dict[str, Any]]:
    """Where the panel and ``egdi_kazakhstan`` disagree (curated value or value printed by the seed).

    A curated value must always equal the panel (ranks exactly, indices within 0.5e-5); a printed
    one may differ only if registered. Indicators the panel does not carry are skipped.

    Parameters
    ----------
    table : pandas.DataFrame
        Panel rows (``country``, ``year``, ``indicator``, ``value``, ``unit``), built or loaded.
    package : DataPackage or None
        The data package whose ``egdi_kazakhstan`` and conflict register are read (default: the shipped one).

    Returns
    -------
    list of dict
        Each entry has ``year``, ``indicator``, ``panel``, ``curated``, ``printed``, ``registered``
        (the disagreement of the printed value is in ``data/conflicts.csv``; always ``False`` for a
        curated value) and ``message``.
    """
    from egovlib.crosscheck import UN_SOURCE, conflict_id
    from egovlib.datasets import default_package

    package = package or default_package()
    seed = package.load("egdi_kazakhstan")
    register = set(package.load("conflicts")["conflict_id"].astype(str))
    panel = table[table["country"].astype(str) == "KAZ"]
    panel = panel.assign(year=panel["year"].astype(int), indicator=panel["indicator"].astype(str))
    values = panel.set_index(["year", "indicator"])["value"].astype(float)
    out = []
    for row in seed.itertuples(index=False):
        key = (int(row.year), str(row.indicator))
        if key not in values.index:
            continue  # e.g. the E-Participation rank, which the exports do not carry
        official = float(values[key])
        curated = float(row.value)
        printed = float(row.value_printed) if pd.notna(row.value_printed) else curated
        tolerance = 0.0 if key[1].endswith("_rank") else 0.5e-5
        cid = conflict_id("egdi_kazakhstan", "KAZ", key[0], key[1], str(row.source), UN_SOURCE)
        if abs(curated - official) > tolerance + 1e-12:
            out.append({"year": key[0], "indicator": key[1], "panel": official, "curated": curated,
                        "printed": printed, "registered": False,
                        "message": f"KAZ {key[0]} {key[1]}: panel {official} but egdi_kazakhstan holds {curated}"})
        elif abs(printed - official) > tolerance + 1e-12:
            out.append({"year": key[0], "indicator": key[1], "panel": official, "curated": curated,
                        "printed": printed, "registered": cid in register,
                        "message": f"KAZ {key[0]} {key[1]}: panel {official} but {row.source} printed {printed}"
                                   + ("" if cid in register else " (not in data/conflicts.csv)")})
    return out
