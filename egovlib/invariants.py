"""Substantive checks of the curated data beyond its schema.

``find_violations(name, table)`` returns every violation in one dataset as a
:class:`Violation` (line, column, value, rule); ``check_invariants(name, table)`` gives
the same as human-readable strings (empty when the dataset is sound). ``DataPackage.load``
runs them on every load and refuses a file with any violation, listing them all; the test
suite runs them over every dataset too. Rules:

* values in a percentage unit lie in 0-100, indices in 0-1, scores in 0-100, ranks are whole
  numbers in 1-193, counts and amounts are non-negative; every value is finite. The only
  admitted exceptions are listed in :data:`KNOWN_OUT_OF_RANGE`: the UN's 2003 Human Capital
  Index values above 1 (Micronesia, Tuvalu), kept as published in ``un_egov_panel`` with a note;
* a part (a ``breakdown`` other than ``total``) never exceeds its total, and responses
  never exceed questionnaires sent;
* EGDI equals the mean of OSI, TII and HCI within rounding in the rounds where the UN
  method makes it so (2003-2005 and 2012 onwards; 2008 and 2010 were weighted otherwise).
  In ``un_egov_panel`` this holds for every country in 2014-2024 and, in 2003-2005 and
  2012, for every country except those the UN gave an EGDI of 0 (no online presence);
* an ``overall`` value lies between its parts (it is a mean of them), unless a note in the row
  says why it is kept as printed (platform_performance satisfaction 2018-2020);
* a forecast's interval holds its point forecast (``lower <= value <= upper`` in
  ``egdi_forecasts``);
* per-100 rates agree with their counts and the population within the rounding and the
  mismatch of reference years (10 %), except where a note marks the count as suspect.

Rules of one dataset live in a registry keyed by the dataset's name, :data:`DATASET_RULES`
(``{dataset: {rule: check}}``). Registering the rules of a new dataset is one line above each
check function::

    @invariant("my_new_dataset", "parts_sum_to_total")
    def _check_my_new_dataset(name: str, table: pd.DataFrame) -> list[Violation]:
        ...  # return one Violation per broken row (line = _line(position))

Nothing else is needed: ``DataPackage.load`` and ``egov validate`` run every registered rule.
Tests check that every key of the registry names a dataset of the package (a rename cannot
silently switch checks off) and that every ``_check_*`` function of this module is registered.
The generic rules (:data:`GENERIC_RULES`) apply to every dataset that has their columns.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "BOUNDS", "DATASET_RULES", "EGDI_MEAN_TOLERANCE", "EGDI_MEAN_YEARS", "GENERIC_RULES", "KNOWN_OUT_OF_RANGE",
    "PERCENT_UNITS", "Check", "Violation", "check_invariants", "find_violations", "invariant", "rules_for",
]

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
HEADER_LINES = 1  # line of the row at position i = i + HEADER_LINES + 1


@dataclass(frozen=True)
class Violation:
    """One broken invariant: the file line (1-based, header = 1), column, value and rule."""

    dataset: str
    line: int | None
    column: str | None
    value: object
    rule: str
    message: str
    expected: str | None = None

    def __str__(self) -> str:
        where = self.dataset + (f", line {self.line}" if self.line is not None else "")
        where += f", column {self.column!r}" if self.column is not None else ""
        expected = f"; expected {self.expected}" if self.expected else ""
        return f"{where}: {self.message} (found {self.value!r}){expected} [rule: {self.rule}]"


#: A rule: ``check(dataset_name, table)`` returns the violations (row labels are file positions).
Check = Callable[[str, pd.DataFrame], list[Violation]]

#: The registry of dataset-specific rules: ``{dataset: {rule: check}}``, filled by :func:`invariant`.
DATASET_RULES: dict[str, dict[str, Check]] = {}


def invariant(dataset: str, rule: str) -> Callable[[Check], Check]:
    """Register the decorated function as rule ``rule`` of dataset ``dataset``.

    Parameters
    ----------
    dataset
        The dataset's name in ``datapackage.json`` (a test checks that it exists).
    rule
        A short identifier of the rule, reported with every violation; unique per dataset.

    Returns
    -------
    Callable
        The decorator; it returns the check unchanged.

    Raises
    ------
    ValueError
        If the dataset already has a rule of that name.
    """
    def register(check: Check) -> Check:
        rules = DATASET_RULES.setdefault(dataset, {})
        if rule in rules:
            raise ValueError(f"invariant {rule!r} of {dataset!r} is registered twice")
        rules[rule] = check
        return check

    return register


def rules_for(name: str, columns: object) -> list[tuple[str, Check]]:
    """The rules that apply to dataset ``name`` with these ``columns``: generic ones, then its own.

    Parameters
    ----------
    name
        The dataset's name.
    columns
        Its column names.

    Returns
    -------
    list of (rule, check)
    """
    present = set(columns)
    generic = [(rule, check) for rule, needed, check in GENERIC_RULES if needed <= present]
    return generic + list(DATASET_RULES.get(name, {}).items())


def _line(position: int) -> int:
    """The file line (1-based, header = 1) of the row at ``position``."""
    return int(position) + HEADER_LINES + 1


def find_violations(name: str, table: pd.DataFrame) -> list[Violation]:
    """Every violation of the package's invariants in one dataset, in file order.

    Parameters
    ----------
    name
        The dataset's name (picks its rules from :data:`DATASET_RULES`).
    table
        The typed table, as :meth:`egovlib.datasets.DataPackage.load` reads it.

    Returns
    -------
    list of Violation
        Sorted by line; a rule that could not run (a row it needs is missing) is one violation
        without a line.
    """
    table = table.reset_index(drop=True)  # row labels are positions, so line = label + 2
    found: list[Violation] = []
    for rule, check in rules_for(name, table.columns):
        try:
            found += check(name, table)
        except (KeyError, ValueError, TypeError, IndexError) as err:
            found.append(Violation(
                name, None, None, None, rule,
                f"the rule could not be checked: a row it needs is missing or malformed ({err!r})",
            ))
    return sorted(found, key=lambda v: (v.line is None, v.line or 0))


def check_invariants(name: str, table: pd.DataFrame) -> list[str]:
    """Violations of the package's invariants in one dataset as text (an empty list when none).

    See :func:`find_violations` for the parameters.
    """
    return [str(v) for v in find_violations(name, table)]


def _check_bounds(name: str, table: pd.DataFrame) -> list[Violation]:
    units = table["unit"].astype(str)
    values = pd.to_numeric(table["value"], errors="coerce").astype(float)
    low = units.map(lambda u: BOUNDS.get(u, (0.0, math.inf))[0])
    high = units.map(lambda u: BOUNDS.get(u, (0.0, math.inf))[1])
    finite = values.map(math.isfinite)
    bad = values.notna() & ((~finite) | (values < low) | (values > high))  # <NA>: left to the schema
    problems = []
    for position in table.index[bad.astype(bool)]:
        value = _plain(table.at[position, "value"])
        if _admitted(name, table, position):
            continue
        lo, hi = low[position], high[position]
        bounds = f"{lo:g}-{hi:g}" if math.isfinite(hi) else f">= {lo:g}"
        problems.append(Violation(
            name, _line(position), "value", value, "unit_bounds",
            f"value is outside the range of its unit {units[position]!r}", expected=bounds,
        ))
    ranks = (units == "rank") & values.notna() & finite
    for position in table.index[(ranks & (values != values.round())).astype(bool)]:
        problems.append(Violation(
            name, _line(position), "value", _plain(table.at[position, "value"]), "rank_is_whole",
            "a rank is not a whole number", expected="a whole number from 1 to 193",
        ))
    return problems


def _admitted(name: str, table: pd.DataFrame, position: int) -> bool:
    """Whether an out-of-range value is a deliberate, documented exception (with a note)."""
    key = tuple(str(table.at[position, c]) if c in table.columns else "" for c in ("country", "year", "indicator"))
    known = {(d, c, str(y), i) for d, c, y, i in KNOWN_OUT_OF_RANGE}
    note = table.at[position, "note"] if "note" in table.columns else None
    return (name, *key) in known and isinstance(note, str) and bool(note.strip())


def _check_parts(name: str, table: pd.DataFrame) -> list[Violation]:
    problems = []
    keys = [k for k in ("country", "year", "indicator") if k in table.columns]
    is_total = table["breakdown"].astype(str) == "total"
    totals = {tuple(_plain(x) for x in key): (position, _plain(value))
              for position, key, value in zip(table.index[is_total],
                                              table.loc[is_total, keys].itertuples(index=False, name=None),
                                              table.loc[is_total, "value"], strict=True)}
    for position in table.index[~is_total]:
        key = tuple(_plain(table.at[position, k]) for k in keys)
        if key not in totals:
            continue
        total_line, total = totals[key]
        value = _plain(table.at[position, "value"])
        if value is not None and total is not None and value > total + 1e-9:
            problems.append(Violation(
                name, _line(position), "value", value, "part_not_above_total",
                f"part {table.at[position, 'breakdown']!s} of {key} = {value} exceeds its total {total} "
                f"(line {_line(total_line)})",
            ))
    return problems


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
                name, _line(position), "value", value, "organisations_not_above_enterprises",
                f"{year} organisations {table.at[position, 'breakdown']!s} = {value} exceed the "
                f"{enterprises[year]} enterprises",
            ))
    computers = table[indicator == "computers"]
    totals = {_plain(r.year): _plain(r.value) for r in computers.itertuples() if str(r.breakdown) == "total"}
    for position in computers.index[computers["breakdown"].astype(str) == "connected_to_internet"]:
        year, value = _plain(table.at[position, "year"]), _plain(table.at[position, "value"])
        if value is not None and totals[year] is not None and value > totals[year]:
            problems.append(Violation(
                name, _line(position), "value", value, "connected_not_above_computers",
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
                name, _line(position), "value", egdi, "egdi_is_mean_of_components",
                f"{year} EGDI {egdi:.5f} differs from the mean of its components {mean:.5f}",
            ))
    return problems


@invariant("un_egov_panel", "egdi_is_mean_of_components")
def _check_panel_egdi_mean(name: str, table: pd.DataFrame) -> list[Violation]:
    tidy = pd.DataFrame({"country": table["country"].astype(str), "year": table["year"].astype(int),
                         "indicator": table["indicator"].astype(str), "value": table["value"].astype(float),
                         "line": [_line(p) for p in table.index]})
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
                name, _line(position), "count", received, "received_not_above_sent",
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
                    name, _line(index[(country, rate)]), "value", printed, "rate_agrees_with_count",
                    f"{country} {rate} printed {printed} but {count} / population gives {implied:.1f}",
                ))
    return problems


@invariant("regional_usage_kz", "share_min_not_above_max")
def _check_share_range(name: str, table: pd.DataFrame) -> list[Violation]:
    bad = table.index[(table["share_min"] > table["share_max"]).fillna(False).astype(bool)]
    return [Violation(name, _line(p), "share_min", _plain(table.at[p, "share_min"]), "share_min_not_above_max",
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
            problems.append(Violation(name, _line(position), "value", value, "text_figure_is_plausible",
                                      f"{table.at[position, 'indicator']}: year {value} outside 1990-2030"))
        elif float(value) != int(float(value)):
            problems.append(Violation(name, _line(position), "value", value, "text_figure_is_plausible",
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
            name, _line(position), "value", _plain(table.at[position, "value"]), "overall_within_parts",
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
    return [Violation(name, _line(p), "value", _plain(table.at[p, "value"]), "interval_holds_point",
                      f"{table.at[p, 'country']} {table.at[p, 'year']} {table.at[p, 'model']}: the point forecast "
                      "lies outside its interval", expected=f"{_plain(table.at[p, 'lower'])} <= value <= "
                      f"{_plain(table.at[p, 'upper'])}") for p in bad]


def _plain(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


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
            problems.append(Violation(name, _line(position), "item", item, "item_in_codebook",
                                      "item is not in the codebook", expected=f"one of {sorted(spec)}"))
            continue
        allowed = [c["code"] for c in entry["categories"]]
        if category not in allowed:
            problems.append(Violation(name, _line(position), "category", category, "category_allowed_for_item",
                                      f"category not allowed for item {item!r}", expected=f"one of {allowed}"))
        if str(table.at[position, "theme"]) != entry["theme"]:
            problems.append(Violation(name, _line(position), "theme", str(table.at[position, "theme"]),
                                      "theme_of_item", f"item {item!r} belongs to another theme",
                                      expected=entry["theme"]))
        value, unit = _plain(table.at[position, "value"]), _plain(table.at[position, "unit"])
        if (value is None) != (unit is None):
            problems.append(Violation(name, _line(position), "unit", unit, "value_has_unit",
                                      "a value needs a unit and a unit needs a value",
                                      expected="both filled or both empty"))
        if category == "not_reported" and value is not None:
            problems.append(Violation(name, _line(position), "value", value, "not_reported_has_no_value",
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
                    problems.append(Violation(name, _line(position), "value", value, "part_not_above_whole",
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
            problems.append(Violation(name, _line(position), "target_value", value, "qualitative_has_no_value",
                                      "a qualitative target carries a value or unit", expected="both empty"))
        if direction != "qualitative" and (value is None or unit is None):
            problems.append(Violation(name, _line(position), "target_value", value, "target_has_value_and_unit",
                                      f"a {direction} target needs a value and a unit", expected="both filled"))
        if unit is not None and value is not None:
            low, high = BOUNDS.get(str(unit), (0.0, math.inf))
            if not low <= float(value) <= high or (unit == "rank" and float(value) != round(float(value))):
                problems.append(Violation(name, _line(position), "target_value", value, "target_within_unit",
                                          f"target outside the range of its unit {unit!r}",
                                          expected=f"{low:g}-{high:g}" + (" and whole" if unit == "rank" else "")))
        year = _plain(table.at[position, "target_year"])
        start = str(table.at[position, "programme_period"])[:4]
        if year is not None and start.isdigit() and int(year) < int(start):
            problems.append(Violation(name, _line(position), "target_year", year, "target_year_in_programme",
                                      f"target year before the programme starts ({start})", expected=f">= {start}"))
    return problems


#: Rules for every dataset that has the columns they need: (rule, columns, check).
GENERIC_RULES: list[tuple[str, set[str], Check]] = [
    ("unit_bounds", {"value", "unit"}, _check_bounds),
    ("part_not_above_total", {"breakdown", "value"}, _check_parts),
]
