"""Policy targets against outcomes: one verdict rule, and ranks recomputed from a UN round.

A target of ``policy_targets`` says that an indicator must be *at most* (ranks, times) or
*at least* (shares, counts) a value by a year. :func:`judge` compares one outcome with it and
returns a :class:`Verdict`; it never guesses: without an outcome, or for a target stated
without a number, the verdict is ``not_evaluable`` with the reason. A hedged outcome
("more than", "approximately") is judged on the printed number, and the verdict says so where
the hedge could change it.

Statuses:

* ``met`` / ``not_met``: the outcome of the target year (or, when the data hold no value for that
  year, the first one after it: the reason then names the year used);
* ``not_yet_due``: the target year lies after the latest outcome, and the latest outcome does not
  yet meet the target (a target already met early is ``met``);
* ``no_deadline``: the source gives no target year; the reason states the latest outcome;
* ``not_evaluable``: no outcome in the collection, or no number in the target.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

__all__ = ["STATUSES", "Verdict", "judge", "rank_in_round"]

STATUSES = ("met", "not_met", "not_yet_due", "no_deadline", "not_evaluable")
_DIRECTIONS = ("at_most", "at_least")
_HEDGES = {"exact": "", "approximately": "about ", "more_than": "more than ", "less_than": "less than "}


@dataclass(frozen=True)
class Verdict:
    """The outcome of one target: status, the outcome used (value, year) and why."""

    status: str
    outcome: float | None
    outcome_year: int | None
    reason: str


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def judge(direction: str, target: float | None, target_year: int | None, outcomes: pd.DataFrame | None,
          *, why_missing: str = "the collection holds no outcome for this indicator") -> Verdict:
    """Judge one target against a series of outcomes.

    Parameters
    ----------
    direction : str
        ``"at_most"``, ``"at_least"`` or ``"qualitative"``.
    target : float or None
        Target value (``None`` for a qualitative target).
    target_year : int or None
        Year by which the target is due, or ``None`` when the source gives none.
    outcomes : pandas.DataFrame or None
        Columns ``year``, ``value`` and optionally ``qualifier`` (``exact``, ``approximately``,
        ``more_than``, ``less_than``); ``None`` or empty when the collection has no outcome.
    why_missing : str
        The reason given when there is no outcome.

    Returns
    -------
    Verdict
        Status (one of :data:`STATUSES`), the outcome used and a one-sentence reason.

    Raises
    ------
    ValueError
        If ``direction`` is unknown, or ``outcomes`` lacks ``year`` or ``value``.
    """
    if direction not in (*_DIRECTIONS, "qualitative"):
        raise ValueError(f"direction={direction!r}: expected one of {[*_DIRECTIONS, 'qualitative']}")
    if direction == "qualitative" or _missing(target):
        return Verdict("not_evaluable", None, None, "the target is stated without a number")
    if outcomes is None or len(outcomes) == 0:
        return Verdict("not_evaluable", None, None, why_missing)
    missing = {"year", "value"} - set(outcomes.columns)
    if missing:
        raise ValueError(f"outcomes: missing column(s) {sorted(missing)}; expected year, value[, qualifier]")
    series = outcomes.dropna(subset=["value"]).sort_values("year")
    if series.empty:
        return Verdict("not_evaluable", None, None, why_missing)
    target = float(target)

    def meets(value: float) -> bool:
        return value <= target if direction == "at_most" else value >= target

    def shown(row: pd.Series) -> str:
        hedge = _HEDGES.get(str(row.get("qualifier", "exact")), "")
        return f"{hedge}{float(row['value']):g} in {int(row['year'])}"

    latest = series.iloc[-1]
    sign = "<=" if direction == "at_most" else ">="
    if _missing(target_year):
        state = "meets" if meets(float(latest["value"])) else "does not yet meet"
        return Verdict("no_deadline", float(latest["value"]), int(latest["year"]),
                       f"no target year; latest outcome {shown(latest)} {state} the target ({sign} {target:g})")
    target_year = int(target_year)
    due = series[series["year"] >= target_year]
    if due.empty:
        if meets(float(latest["value"])):
            return Verdict("met", float(latest["value"]), int(latest["year"]),
                           f"met before the target year {target_year}: {shown(latest)} ({sign} {target:g})")
        return Verdict("not_yet_due", float(latest["value"]), int(latest["year"]),
                       f"due in {target_year}; latest outcome {shown(latest)} against {sign} {target:g}")
    row = due.iloc[0]
    value = float(row["value"])
    late = "" if int(row["year"]) == target_year else f" (no outcome for {target_year}; first later value used)"
    hedge = str(row.get("qualifier", "exact"))
    doubt = ""
    if hedge == "approximately" and abs(value - target) <= 0.05 * max(abs(target), 1.0):
        doubt = "; the outcome is approximate and within 5 % of the target, so the verdict is fragile"
    status = "met" if meets(value) else "not_met"
    return Verdict(status, value, int(row["year"]), f"{shown(row)} against {sign} {target:g}{late}{doubt}")


def rank_in_round(panel: pd.DataFrame, indicator: str, country: str, year: int) -> int | None:
    """Rank of ``country`` on ``indicator`` in one UN round: 1 + the number of members scoring higher.

    Ties share the better rank (the UN's practice for the EGDI rank); members without a value
    in that round are not counted.

    Parameters
    ----------
    panel : pandas.DataFrame
        Tidy rows with columns ``country``, ``year``, ``indicator`` and ``value``.
    indicator : str
        The indicator, e.g. ``"egdi"``.
    country : str
        ISO3 code of the country ranked.
    year : int
        The round.

    Returns
    -------
    int or None
        The rank, or ``None`` when the country has no value in that round.

    Raises
    ------
    ValueError
        If ``panel`` lacks one of the four columns.

    Examples
    --------
    >>> panel = pd.DataFrame({"country": ["KAZ", "UZB", "KGZ"], "year": 2022, "indicator": "egdi",
    ...                       "value": [0.86, 0.71, 0.86]})
    >>> rank_in_round(panel, "egdi", "KGZ", 2022), rank_in_round(panel, "egdi", "UZB", 2022)
    (1, 3)
    """
    needed = {"country", "year", "indicator", "value"}
    if not needed <= set(panel.columns):
        raise ValueError(f"panel: expected columns {sorted(needed)}, found {sorted(panel.columns)}")
    values = panel[(panel["year"] == year) & (panel["indicator"] == indicator)].dropna(subset=["value"])
    own = values.loc[values["country"] == country, "value"]
    if own.empty:
        return None
    return int(1 + (values["value"].astype(float) > float(own.iloc[0])).sum())
