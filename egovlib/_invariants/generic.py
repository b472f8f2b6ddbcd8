"""Rules for every dataset that has their columns: unit bounds, parts not above their total."""

from __future__ import annotations

import math

import pandas as pd

from egovlib._invariants.registry import Check, Violation, _plain
from egovlib.schema import file_line

PERCENT_UNITS = {"percent", "percent_of_population", "percent_of_services", "percent_of_transactions"}
BOUNDS = {
    **{u: (0.0, 100.0) for u in PERCENT_UNITS},
    "index_0_1": (0.0, 1.0),
    "score_0_100": (0.0, 100.0),
    "rank": (1.0, 193.0),
}
#: (dataset, country, year, indicator) of values outside their unit's range that are
#: published so and kept deliberately, each with a note in the row.
KNOWN_OUT_OF_RANGE = {
    ("un_egov_panel", "FSM", 2003, "hci"),  # 1.42200 in the 2003 export
    ("un_egov_panel", "TUV", 2003, "hci"),  # 1.03000 in the 2003 export
}


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
            name, file_line(position), "value", value, "unit_bounds",
            f"value is outside the range of its unit {units[position]!r}", expected=bounds,
        ))
    ranks = (units == "rank") & values.notna() & finite
    for position in table.index[(ranks & (values != values.round())).astype(bool)]:
        problems.append(Violation(
            name, file_line(position), "value", _plain(table.at[position, "value"]), "rank_is_whole",
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
                name, file_line(position), "value", value, "part_not_above_total",
                f"part {table.at[position, 'breakdown']!s} of {key} = {value} exceeds its total {total} "
                f"(line {file_line(total_line)})",
            ))
    return problems


#: Rules for every dataset that has the columns they need: (rule, columns, check).
GENERIC_RULES: list[tuple[str, set[str], Check]] = [
    ("unit_bounds", {"value", "unit"}, _check_bounds),
    ("part_not_above_total", {"breakdown", "value"}, _check_parts),
]
