"""Rules of the seed datasets, the UN panel and the published forecasts, one registered check each."""

from __future__ import annotations

import math

import pandas as pd

from egovlib._invariants.registry import Violation, _plain, invariant
from egovlib.schema import file_line

EGDI_MEAN_YEARS = {2003, 2004, 2005, 2012, 2014, 2016, 2018, 2020, 2022}
EGDI_MEAN_TOLERANCE = 1e-4


@invariant("ict_public_admin", "parts_of_ict_public_admin")
def _check_ict_public_admin(name: str, table: pd.DataFrame) -> list[Violation]:
    problems = []
    indicator = table["indicator"].astype(str)
    enterprises = {_plain(y): _plain(v) for y, v in
                   zip(table.loc[indicator == "enterprises", "year"], table.loc[indicator == "enterprises", "value"],
                       strict=True)}
    for position in table.index[indicator == "organisations"]:
        year, value = _plain(table.at[position, "year"]), _plain(table.at[position, "value"])
        if value is not None and enterprises[year] is not None and value > enterprises[year]:
            problems.append(Violation(
                name, file_line(position), "value", value, "organisations_not_above_enterprises",
                f"{year} organisations {table.at[position, 'breakdown']!s} = {value} exceed the "
                f"{enterprises[year]} enterprises",
            ))
    computers = table[indicator == "computers"]
    totals = {_plain(r.year): _plain(r.value) for r in computers.itertuples() if str(r.breakdown) == "total"}
    for position in computers.index[computers["breakdown"].astype(str) == "connected_to_internet"]:
        year, value = _plain(table.at[position, "year"]), _plain(table.at[position, "value"])
        if value is not None and totals[year] is not None and value > totals[year]:
            problems.append(Violation(
                name, file_line(position), "value", value, "connected_not_above_computers",
                f"{year} computers connected to the internet ({value}) exceed computers ({totals[year]})",
            ))
    return problems


@invariant("egdi_kazakhstan", "egdi_is_mean_of_components")
def _check_egdi_mean(name: str, table: pd.DataFrame) -> list[Violation]:
    values = {(_plain(r.year), str(r.indicator)): (position, _plain(r.value))
              for position, r in zip(table.index, table.itertuples(index=False), strict=True)}
    problems = []
    for year in sorted({y for y, _ in values if y is not None}):
        needed = [values[(year, c)][1] for c in ("osi", "tii", "hci", "egdi")]
        if int(year) not in EGDI_MEAN_YEARS or None in needed:  # <NA>: reported by the schema
            continue
        mean = sum(values[(year, c)][1] for c in ("osi", "tii", "hci")) / 3
        position, egdi = values[(year, "egdi")]
        if abs(mean - egdi) > EGDI_MEAN_TOLERANCE:
            problems.append(Violation(
                name, file_line(position), "value", egdi, "egdi_is_mean_of_components",
                f"{year} EGDI {egdi:.5f} differs from the mean of its components {mean:.5f}",
            ))
    return problems


@invariant("un_egov_panel", "egdi_is_mean_of_components")
def _check_panel_egdi_mean(name: str, table: pd.DataFrame) -> list[Violation]:
    tidy = pd.DataFrame({"country": table["country"].astype(str), "year": table["year"].astype(int),
                         "indicator": table["indicator"].astype(str), "value": table["value"].astype(float),
                         "line": [file_line(p) for p in table.index]})
    wide = tidy.pivot_table(index=["country", "year"], columns="indicator", values="value", aggfunc="first")
    lines = tidy[tidy["indicator"] == "egdi"].set_index(["country", "year"])["line"]
    wide = wide[wide.index.get_level_values("year").isin(list(EGDI_MEAN_YEARS | {2024}))]
    wide = wide.dropna(subset=["egdi", "osi", "hci", "tii"])
    early = wide.index.get_level_values("year") < 2014
    wide = wide[~(early & (wide["egdi"] == 0))]  # EGDI set to 0 for countries without an online presence
    gap = (wide[["osi", "hci", "tii"]].mean(axis=1) - wide["egdi"]).abs()
    return [Violation(name, int(lines[(c, y)]), "value", float(wide.at[(c, y), "egdi"]), "egdi_is_mean_of_components",
                      f"{c} {y} EGDI differs from the mean of its components by {gap[(c, y)]:.2g}",
                      expected=f"within {EGDI_MEAN_TOLERANCE:g} of the mean")
            for c, y in gap[gap > EGDI_MEAN_TOLERANCE].index]


@invariant("survey_responses", "received_not_above_sent")
def _check_responses(name: str, table: pd.DataFrame) -> list[Violation]:
    keys = ["country", "respondent_type", "gender"]
    sent = {tuple(str(x) for x in r[:3]): r[3] for r in
            table.loc[table["stage"].astype(str) == "sent", [*keys, "count"]].itertuples(index=False, name=None)}
    problems = []
    for position in table.index[table["stage"].astype(str) == "received"]:
        key = tuple(str(table.at[position, k]) for k in keys)
        received = _plain(table.at[position, "count"])
        if key in sent and received is not None and _plain(sent[key]) is not None and received > _plain(sent[key]):
            problems.append(Violation(
                name, file_line(position), "count", received, "received_not_above_sent",
                f"{key}: {received} responses but {_plain(sent[key])} questionnaires sent",
            ))
    return problems


@invariant("infrastructure", "rate_agrees_with_count")
def _check_rates(name: str, table: pd.DataFrame) -> list[Violation]:
    index = {(str(r.country), str(r.indicator)): position
             for position, r in zip(table.index, table.itertuples(index=False), strict=True)}

    def value(country: str, indicator: str) -> float:
        found = _plain(table.at[index[(country, indicator)], "value"])
        return math.nan if found is None else float(found)  # <NA>: reported by the schema

    problems = []
    pairs = [
        ("fixed_broadband_subscriptions", "fixed_broadband_per_100"),
        ("fixed_telephone_lines", "fixed_telephone_per_100"),
        ("mobile_telephone_lines", "mobile_telephone_per_100"),
    ]
    for country in dict.fromkeys(table["country"].astype(str)):
        population = value(country, "population")
        for count, rate in pairs:
            note = table.at[index[(country, count)], "note"]
            if isinstance(note, str) and note.startswith("Suspect"):  # registered in conflicts.csv
                continue
            implied = value(country, count) / population * 100
            printed = value(country, rate)
            if abs(implied - printed) > 0.10 * max(printed, 1.0):
                problems.append(Violation(
                    name, file_line(index[(country, rate)]), "value", printed, "rate_agrees_with_count",
                    f"{country} {rate} printed {printed} but {count} / population gives {implied:.1f}",
                ))
    return problems


@invariant("regional_usage_kz", "share_min_not_above_max")
def _check_share_range(name: str, table: pd.DataFrame) -> list[Violation]:
    bad = table.index[(table["share_min"] > table["share_max"]).fillna(False).astype(bool)]
    return [Violation(name, file_line(p), "share_min", _plain(table.at[p, "share_min"]), "share_min_not_above_max",
                      f"{table.at[p, 'region']}: share_min {_plain(table.at[p, 'share_min'])} above share_max "
                      f"{_plain(table.at[p, 'share_max'])}") for p in bad]


@invariant("text_figures", "text_figure_is_plausible")
def _check_text_figures(name: str, table: pd.DataFrame) -> list[Violation]:
    """Years are plausible calendar years and counts are whole numbers."""
    problems = []
    for position in table.index:
        value = _plain(table.at[position, "value"])
        if value is None:
            continue
        is_year = str(table.at[position, "unit"]) == "year"
        if is_year and not 1990 <= float(value) <= 2030:
            problems.append(Violation(name, file_line(position), "value", value, "text_figure_is_plausible",
                                      f"{table.at[position, 'indicator']}: year {value} outside 1990-2030"))
        elif float(value) != int(float(value)):
            problems.append(Violation(name, file_line(position), "value", value, "text_figure_is_plausible",
                                      f"{table.at[position, 'indicator']}: a count or year must be whole, not {value}"))
    return problems


@invariant("platform_performance", "overall_within_parts")
def _check_overall_within_parts(name: str, table: pd.DataFrame) -> list[Violation]:
    """An ``overall`` value is a mean of its parts, so it lies between the smallest and largest part.

    Applies to indicators with an ``overall`` breakdown and at least two other breakdowns of the
    same country and year. A row that breaks it passes only with a ``note`` saying so: the value is
    kept as printed and the analysis must discuss it (satisfaction 2018-2020, notebook 04).
    """
    problems = []
    keys = ["country", "year", "indicator"]
    breakdown = table["breakdown"].astype(str)
    values = pd.to_numeric(table["value"], errors="coerce").astype(float)
    for position in table.index[breakdown == "overall"]:
        key = tuple(table.at[position, k] for k in keys)
        same = (table[keys[0]] == key[0]) & (table[keys[1]] == key[1]) & (table[keys[2]] == key[2])
        parts = values[same & (breakdown != "overall") & (breakdown != "total")].dropna()
        overall = values[position]
        if len(parts) < 2 or math.isnan(overall):
            continue
        low, high = float(parts.min()), float(parts.max())
        if low - 1e-9 <= overall <= high + 1e-9:
            continue
        note = table.at[position, "note"] if "note" in table.columns else None
        if isinstance(note, str) and note.strip():
            continue  # kept as printed, with the reason in the row
        problems.append(Violation(
            name, file_line(position), "value", _plain(table.at[position, "value"]), "overall_within_parts",
            f"overall {key[2]} of {key[0]} {key[1]} lies outside its parts ({low:g} to {high:g}); "
            "a mean of the parts cannot", expected=f"a value from {low:g} to {high:g}, or a note explaining it",
        ))
    return problems


@invariant("egdi_forecasts", "interval_holds_point")
def _check_interval(name: str, table: pd.DataFrame) -> list[Violation]:
    lower = pd.to_numeric(table["lower"], errors="coerce")
    upper = pd.to_numeric(table["upper"], errors="coerce")
    value = pd.to_numeric(table["value"], errors="coerce")
    bad = table.index[((lower > value) | (value > upper)).fillna(False).astype(bool)]
    return [Violation(name, file_line(p), "value", _plain(table.at[p, "value"]), "interval_holds_point",
                      f"{table.at[p, 'country']} {table.at[p, 'year']} {table.at[p, 'model']}: the point forecast "
                      "lies outside its interval", expected=f"{_plain(table.at[p, 'lower'])} <= value <= "
                      f"{_plain(table.at[p, 'upper'])}") for p in bad]
