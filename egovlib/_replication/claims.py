"""The claims audit: each claim of ``data/claims.csv`` evaluated and judged, in one year or every year."""

from __future__ import annotations

import math
import warnings
from typing import Any

import pandas as pd

from egovlib._replication.formula import _evaluate_number
from egovlib._replication.helpers import _Helpers
from egovlib.datasets import DataPackage, default_package
from egovlib.errors import ClaimError, EgovlibError, FormulaError, UnknownClaimError

STATUSES = ("reproduced", "not_reproduced", "not_checkable")
#: Status of a claim whose formula could not be evaluated (see the module docstring).
ERROR_STATUS = "error"


class ClaimEvaluationWarning(UserWarning):
    """Some claims of the register could not be evaluated (their status is ``error``)."""


def judge(computed: float, stated: float, comparison: str, tolerance: float) -> bool:
    """Whether a computed figure reproduces the stated one under the claim's comparison.

    Parameters
    ----------
    computed : float
        The value the formula gives.
    stated : float
        The value the source states.
    comparison : {"approx", "at_least", "at_most"}
        ``approx``: within ``tolerance``; ``at_least`` / ``at_most``: not below / above ``stated``
        by more than ``tolerance`` (a 1e-9 slack absorbs floating-point error).
    tolerance : float

    Returns
    -------
    bool

    Raises
    ------
    FormulaError
        For an unknown comparison.

    Examples
    --------
    >>> judge(10.04, 10.0, "approx", 0.05), judge(9.0, 10.0, "at_least", 0.5)
    (True, False)
    """
    if comparison == "approx":
        return abs(computed - stated) <= tolerance + 1e-9
    if comparison == "at_least":
        return computed >= stated - tolerance - 1e-9
    if comparison == "at_most":
        return computed <= stated + tolerance + 1e-9
    raise FormulaError(f"unknown comparison {comparison!r}")


def evaluate_claims(package: DataPackage | None = None) -> pd.DataFrame:
    """The claims register with computed values and a status for each claim.

    A claim whose formula fails gets the status ``error`` and a ``detail`` naming the claim, its
    formula and the reason; the other claims are evaluated as usual, and a
    :class:`ClaimEvaluationWarning` lists the failed ones.

    Parameters
    ----------
    package : DataPackage, optional
        The data package (default: the shipped one).

    Returns
    -------
    pandas.DataFrame
        ``data/claims.csv`` with ``computed`` (Float64), ``status`` (categorical of :data:`STATUSES`, plus
        ``error`` only when a claim has it), ``detail``, ``holds_in`` and ``fails_in``.

    Warns
    -----
    ClaimEvaluationWarning
        When some claims could not be evaluated.
    """
    package = package or default_package()
    helpers = _Helpers(package)
    register = package.load("claims")
    computed, status, detail, holds_in, fails_in = [], [], [], [], []
    failed: list[ClaimError] = []
    for claim in register.to_dict("records"):
        try:
            value, verdict, text, holds, fails = _evaluate_claim(claim, helpers)
        except ClaimError as err:
            failed.append(err)
            value, verdict, text, holds, fails = math.nan, ERROR_STATUS, str(err), "", ""
        computed.append(value)
        status.append(verdict)
        detail.append(text)
        holds_in.append(holds)
        fails_in.append(fails)
    result = register.copy()
    result["computed"] = pd.Series(computed, dtype="Float64")
    categories = list(STATUSES) + ([ERROR_STATUS] if failed else [])
    result["status"] = pd.Categorical(status, categories=categories)
    result["detail"] = pd.Series(detail, dtype="string")
    result["holds_in"] = pd.Series(holds_in, dtype="string")
    result["fails_in"] = pd.Series(fails_in, dtype="string")
    if failed:
        warnings.warn(
            f"{len(failed)} claim(s) could not be evaluated (status 'error'): "
            + "; ".join(str(err) for err in failed),
            ClaimEvaluationWarning,
            stacklevel=2,
        )
    return result


def evaluate_claim(claim_id: str, package: DataPackage | None = None) -> dict[str, Any]:
    """Evaluate one claim of the register.

    Parameters
    ----------
    claim_id : str
    package : DataPackage, optional

    Returns
    -------
    dict
        ``claim_id``, ``computed``, ``status``, ``detail``, ``holds_in`` and ``fails_in``.

    Raises
    ------
    UnknownClaimError
        For a claim id the register does not hold (a ``KeyError`` and a ``NotFoundError``).
    ClaimError
        When the formula cannot be evaluated (naming the claim id and its formula).
    """
    package = package or default_package()
    register = package.load("claims")
    rows = register[register["claim_id"].astype(str) == claim_id]
    if rows.empty:
        raise UnknownClaimError(f"no claim {claim_id!r} in data/claims.csv")
    value, verdict, text, holds, fails = _evaluate_claim(rows.to_dict("records")[0], _Helpers(package))
    return {"claim_id": claim_id, "computed": value, "status": verdict, "detail": text,
            "holds_in": holds, "fails_in": fails}


YEAR_SCOPE_PREFIX = "every_year:"


def _text(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _years_of(scope: str, helpers: _Helpers) -> list[int]:
    dataset = scope[len(YEAR_SCOPE_PREFIX):].strip()
    table = helpers.table(dataset)
    if "year" not in table.columns:
        raise FormulaError(f"year_scope {scope!r}: dataset {dataset!r} has no year column")
    return sorted(int(y) for y in pd.to_numeric(table["year"], errors="coerce").dropna().unique())


def _not_covered(err: FormulaError) -> bool:
    text = str(err)
    return "matches 0 rows" in text or "matches no rows" in text or "finds 0 rows" in text


def _judge_claim(claim: dict[str, Any], value: float) -> bool:
    tolerance = 0.0 if pd.isna(claim["tolerance"]) else float(claim["tolerance"])
    return judge(value, float(claim["stated_value"]), claim["comparison"], tolerance)


def _evaluate_claim(claim: dict[str, Any], helpers: _Helpers) -> tuple[float, str, str, str, str]:
    """computed, status, detail, holds_in, fails_in of one claim."""
    formula = claim["formula"]
    note = _text(claim.get("note"))
    if formula is None or pd.isna(formula):
        return math.nan, "not_checkable", note or "no formula: the data do not cover it", "", ""
    scope = _text(claim.get("year_scope"))
    proxy = _text(claim.get("basis")) == "proxy"
    try:
        if scope.startswith(YEAR_SCOPE_PREFIX):
            held: list[int] = []
            failed: list[str] = []
            value = math.nan
            for year in _years_of(scope, helpers):
                try:
                    value = _evaluate_number(formula, helpers, {"year": year})
                except FormulaError as err:
                    if _not_covered(err):
                        continue
                    raise
                if _judge_claim(claim, value):
                    held.append(year)
                else:
                    failed.append(f"{year} ({value:.4g})")
            if not held and not failed:
                raise FormulaError(f"no year of {scope!r} has the rows the formula needs")
            holds = ", ".join(str(y) for y in held)
            fails = ", ".join(failed)
            ok = not failed
            summary = f"holds in {holds or 'no year'}" + (f"; fails in {fails}" if fails else " (every year covered)")
        else:
            value = _evaluate_number(formula, helpers)
            ok = _judge_claim(claim, value)
            holds = fails = summary = ""
    except EgovlibError as err:
        raise ClaimError(str(claim["claim_id"]), str(formula), str(err)) from err
    fails_years = ", ".join(part.split(" ")[0] for part in fails.split(", ")) if fails else ""
    if proxy:
        verdict = "would agree" if ok else "would not agree"
        detail = f"{note} Stand-in computed: {value:.4g} ({verdict})".strip()
        return value, "not_checkable", detail, holds, fails_years
    detail = summary if ok else "; ".join(part for part in (note, summary) if part)
    return value, "reproduced" if ok else "not_reproduced", detail, holds, fails_years
