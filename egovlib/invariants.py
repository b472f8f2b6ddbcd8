"""Substantive checks of the curated data beyond its schema.

``check_invariants(name, table)`` returns a list of human-readable violations (empty when
the dataset is sound). The test suite runs it over every dataset. Rules:

* values in a percentage unit lie in 0-100, indices in 0-1, scores in 0-100, ranks are whole
  numbers in 1-193, counts and amounts are non-negative. The only admitted exceptions are
  listed in :data:`KNOWN_OUT_OF_RANGE`: the UN's 2003 Human Capital Index values above 1
  (Micronesia, Tuvalu), kept as published in ``un_egov_panel`` with a note;
* a part (a ``breakdown`` other than ``total``) never exceeds its total, and responses
  never exceed questionnaires sent;
* EGDI equals the mean of OSI, TII and HCI within rounding in the rounds where the UN
  method makes it so (2003-2005 and 2012 onwards; 2008 and 2010 were weighted otherwise).
  In ``un_egov_panel`` this holds for every country in 2014-2024 and, in 2003-2005 and
  2012, for every country except those the UN gave an EGDI of 0 (no online presence);
* per-100 rates agree with their counts and the population within the rounding and the
  mismatch of reference years (10 %), except where a note marks the count as suspect.
"""

from __future__ import annotations

import pandas as pd

PERCENT_UNITS = {"percent", "percent_of_population", "percent_of_services", "percent_of_transactions"}
BOUNDS = {
    **{u: (0.0, 100.0) for u in PERCENT_UNITS},
    "index_0_1": (0.0, 1.0),
    "score_0_100": (0.0, 100.0),
    "rank": (1.0, 193.0),
}
EGDI_MEAN_YEARS = {2003, 2004, 2005, 2012, 2014, 2016, 2018, 2020, 2022}
EGDI_MEAN_TOLERANCE = 1e-4
#: (dataset, country, year, indicator) of values outside their unit's range that are
#: published so and kept deliberately, each with a note in the row.
KNOWN_OUT_OF_RANGE = {
    ("un_egov_panel", "FSM", 2003, "hci"),  # 1.42200 in the 2003 export
    ("un_egov_panel", "TUV", 2003, "hci"),  # 1.03000 in the 2003 export
}


def check_invariants(name: str, table: pd.DataFrame) -> list[str]:
    """Violations of the package's invariants in one dataset (an empty list when none)."""
    problems: list[str] = []
    if {"value", "unit"} <= set(table.columns):
        problems += _check_bounds(name, table)
    if "breakdown" in table.columns:
        problems += _check_parts(name, table)
    if name == "egdi_kazakhstan":
        problems += _check_egdi_mean(table)
    if name == "un_egov_panel":
        problems += _check_panel_egdi_mean(table)
    if name == "survey_responses":
        problems += _check_responses(table)
    if name == "infrastructure":
        problems += _check_rates(table)
    if name == "regional_usage_kz":
        bad = table[table["share_min"] > table["share_max"]]
        problems += [f"{name}: {r.region}: share_min above share_max" for r in bad.itertuples()]
    return problems


def _check_bounds(name: str, table: pd.DataFrame) -> list[str]:
    problems = []
    for row in table.itertuples(index=False):
        low, high = BOUNDS.get(str(row.unit), (0.0, float("inf")))
        if str(row.unit) == "rank" and float(row.value) != int(float(row.value)):
            problems.append(f"{name}: {row.country} {getattr(row, 'year', '')} {row.indicator}: "
                            f"rank {row.value} is not a whole number")
        key = (name, str(row.country), int(getattr(row, "year", 0) or 0), str(row.indicator))
        if key in KNOWN_OUT_OF_RANGE:
            if not (isinstance(getattr(row, "note", None), str) and row.note):
                problems.append(f"{name}: {key[1:]}: admitted outside {low}-{high} but has no note")
            continue
        if not low <= float(row.value) <= high:
            problems.append(
                f"{name}: {row.country} {getattr(row, 'year', '')} {row.indicator}: "
                f"{row.value} outside {low}-{high} for unit {row.unit}"
            )
    return problems


def _check_parts(name: str, table: pd.DataFrame) -> list[str]:
    problems = []
    keys = ["country", "year", "indicator"]
    totals = table[table["breakdown"] == "total"].set_index(keys)["value"]
    parts = table[table["breakdown"] != "total"]
    for row in parts.itertuples(index=False):
        key = (row.country, row.year, row.indicator)
        if key in totals.index and float(row.value) > float(totals.loc[key]) + 1e-9:
            problems.append(
                f"{name}: {key} part {row.breakdown} = {row.value} exceeds total {totals.loc[key]}"
            )
    if name == "ict_public_admin":
        enterprises = table[table["indicator"] == "enterprises"].set_index("year")["value"]
        for row in table[table["indicator"] == "organisations"].itertuples(index=False):
            if float(row.value) > float(enterprises.loc[row.year]):
                problems.append(f"{name}: {row.year} organisations {row.breakdown} exceed enterprises")
        computers = table[table["indicator"] == "computers"]
        wide = computers.pivot(index="year", columns="breakdown", values="value")
        for year, row in wide.iterrows():
            if row["connected_to_internet"] > row["total"]:
                problems.append(f"{name}: {year} computers connected exceed computers")
    return problems


def _check_egdi_mean(table: pd.DataFrame) -> list[str]:
    wide = table.pivot(index="year", columns="indicator", values="value").astype(float)
    problems = []
    for year, row in wide.iterrows():
        if int(year) not in EGDI_MEAN_YEARS:
            continue
        mean = (row["osi"] + row["tii"] + row["hci"]) / 3
        if abs(mean - row["egdi"]) > EGDI_MEAN_TOLERANCE:
            problems.append(
                f"egdi_kazakhstan: {year} EGDI {row['egdi']:.5f} differs from the mean of its "
                f"components {mean:.5f}"
            )
    return problems


def _check_panel_egdi_mean(table: pd.DataFrame) -> list[str]:
    tidy = pd.DataFrame({"country": table["country"].astype(str), "year": table["year"].astype(int),
                         "indicator": table["indicator"].astype(str), "value": table["value"].astype(float)})
    wide = tidy.pivot_table(index=["country", "year"], columns="indicator", values="value", aggfunc="first")
    wide = wide[wide.index.get_level_values("year").isin(list(EGDI_MEAN_YEARS | {2024}))]
    wide = wide.dropna(subset=["egdi", "osi", "hci", "tii"])
    early = wide.index.get_level_values("year") < 2014
    wide = wide[~(early & (wide["egdi"] == 0))]  # EGDI set to 0 for countries without an online presence
    gap = (wide[["osi", "hci", "tii"]].mean(axis=1) - wide["egdi"]).abs()
    return [f"un_egov_panel: {c} {y} EGDI {wide.at[(c, y), 'egdi']:.5f} differs from the mean of its "
            f"components by {gap[(c, y)]:.2g}" for c, y in gap[gap > EGDI_MEAN_TOLERANCE].index]


def _check_responses(table: pd.DataFrame) -> list[str]:
    keys = ["country", "respondent_type", "gender"]
    wide = table.pivot_table(index=keys, columns="stage", values="count", observed=True)
    bad = wide[wide["received"] > wide["sent"]]
    return [f"survey_responses: {idx}: more responses than questionnaires" for idx in bad.index]


def _check_rates(table: pd.DataFrame) -> list[str]:
    values = table.set_index(["country", "indicator"])["value"].astype(float)
    notes = table.set_index(["country", "indicator"])["note"]
    problems = []
    pairs = [
        ("fixed_broadband_subscriptions", "fixed_broadband_per_100"),
        ("fixed_telephone_lines", "fixed_telephone_per_100"),
        ("mobile_telephone_lines", "mobile_telephone_per_100"),
    ]
    for country in table["country"].unique():
        population = values.loc[(country, "population")]
        for count, rate in pairs:
            note = notes.loc[(country, count)]
            if isinstance(note, str) and note.startswith("Suspect"):  # registered in conflicts.csv
                continue
            implied = values.loc[(country, count)] / population * 100
            printed = values.loc[(country, rate)]
            if abs(implied - printed) > 0.10 * max(printed, 1.0):
                problems.append(
                    f"infrastructure: {country} {rate} printed {printed} but {count} / population "
                    f"gives {implied:.1f}"
                )
    return problems
