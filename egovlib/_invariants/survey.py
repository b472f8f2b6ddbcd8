"""Rules of the survey answers, the uptake and market figures and the policy targets (issue 16)."""

from __future__ import annotations

import math

import pandas as pd

from egovlib._invariants.generic import BOUNDS
from egovlib._invariants.registry import Violation, _plain, invariant
from egovlib.schema import file_line

# -- Survey, targets and market figures (issue 16) ---------------------------------------------
# The checks of policy_targets, undp_survey_answers and undp_uptake_market.

#: (part, whole) indicators of undp_uptake_market: a part never exceeds its whole (same country, year).
UPTAKE_PARTS = [
    ("cloud_market_iaas", "cloud_market"),
    ("cloud_market_iaas_usd", "cloud_market_usd"),
    ("electronic_service_providers", "public_service_providers"),
]


@invariant("undp_survey_answers", "answers_follow_codebook")
def _check_survey_answers(name: str, table: pd.DataFrame) -> list[Violation]:
    """Each category allowed by the codebook for its item; one theme per item; value iff unit;
    nothing numeric on a ``not_reported`` row; every item answered for every country."""
    from egovlib.datasets import default_package

    spec = default_package().resource(name)["codebook"]
    problems = []
    items = table["item"].astype(str)
    for position in table.index:
        item, category = items[position], str(table.at[position, "category"])
        entry = spec.get(item)
        if entry is None:
            problems.append(Violation(name, file_line(position), "item", item, "item_in_codebook",
                                      "item is not in the codebook", expected=f"one of {sorted(spec)}"))
            continue
        allowed = [c["code"] for c in entry["categories"]]
        if category not in allowed:
            problems.append(Violation(name, file_line(position), "category", category, "category_allowed_for_item",
                                      f"category not allowed for item {item!r}", expected=f"one of {allowed}"))
        if str(table.at[position, "theme"]) != entry["theme"]:
            problems.append(Violation(name, file_line(position), "theme", str(table.at[position, "theme"]),
                                      "theme_of_item", f"item {item!r} belongs to another theme",
                                      expected=entry["theme"]))
        value, unit = _plain(table.at[position, "value"]), _plain(table.at[position, "unit"])
        if (value is None) != (unit is None):
            problems.append(Violation(name, file_line(position), "unit", unit, "value_has_unit",
                                      "a value needs a unit and a unit needs a value",
                                      expected="both filled or both empty"))
        if category == "not_reported" and value is not None:
            problems.append(Violation(name, file_line(position), "value", value, "not_reported_has_no_value",
                                      "a not_reported answer carries a number", expected="empty"))
    countries = sorted(set(table["country"].astype(str)))
    answered = set(zip(table["country"].astype(str), items, strict=True))
    for country in countries:
        for item in spec:
            if (country, item) not in answered:
                problems.append(Violation(name, None, "item", item, "every_item_answered",
                                          f"{country} has no row for item {item!r}",
                                          expected="one row per country and item (not_reported when silent)"))
    return problems


@invariant("undp_uptake_market", "part_not_above_whole")
def _check_uptake_parts(name: str, table: pd.DataFrame) -> list[Violation]:
    """Parts (IaaS segment, electronic providers) never exceed their whole."""
    values = {(str(r.country), int(r.year), str(r.indicator)): (position, float(r.value))
              for position, r in zip(table.index, table.itertuples(index=False), strict=True)
              if _plain(r.value) is not None}
    problems = []
    for (country, year, indicator), (position, value) in values.items():
        for part, whole in UPTAKE_PARTS:
            if indicator == part and (country, year, whole) in values:
                total = values[(country, year, whole)][1]
                if value > total:
                    problems.append(Violation(name, file_line(position), "value", value, "part_not_above_whole",
                                              f"{country} {year} {part} exceeds {whole} ({total:g})",
                                              expected=f"<= {total:g}"))
    return problems


@invariant("policy_targets", "targets_well_formed")
def _check_policy_targets(name: str, table: pd.DataFrame) -> list[Violation]:
    """A qualitative target has no value or unit, a quantitative one both; rank targets are whole
    numbers in 1-193; percentage targets at most 100; the target year not before the programme start."""
    problems = []
    for position in table.index:
        direction = str(table.at[position, "direction"])
        value, unit = _plain(table.at[position, "target_value"]), _plain(table.at[position, "unit"])
        if direction == "qualitative" and (value is not None or unit is not None):
            problems.append(Violation(name, file_line(position), "target_value", value, "qualitative_has_no_value",
                                      "a qualitative target carries a value or unit", expected="both empty"))
        if direction != "qualitative" and (value is None or unit is None):
            problems.append(Violation(name, file_line(position), "target_value", value, "target_has_value_and_unit",
                                      f"a {direction} target needs a value and a unit", expected="both filled"))
        if unit is not None and value is not None:
            low, high = BOUNDS.get(str(unit), (0.0, math.inf))
            if not low <= float(value) <= high or (unit == "rank" and float(value) != round(float(value))):
                problems.append(Violation(name, file_line(position), "target_value", value, "target_within_unit",
                                          f"target outside the range of its unit {unit!r}",
                                          expected=f"{low:g}-{high:g}" + (" and whole" if unit == "rank" else "")))
        year = _plain(table.at[position, "target_year"])
        start = str(table.at[position, "programme_period"])[:4]
        if year is not None and start.isdigit() and int(year) < int(start):
            problems.append(Violation(name, file_line(position), "target_year", year, "target_year_in_programme",
                                      f"target year before the programme starts ({start})", expected=f">= {start}"))
    return problems
