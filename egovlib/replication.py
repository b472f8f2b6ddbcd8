"""Evaluate the quantitative claims of the source documents against the curated data.

Each row of ``data/claims.csv`` has a ``formula``: a Python *expression* over dataset
values, built only from numbers, arithmetic (``+ - * / **``), ``abs``, ``round``, ``min``,
``max`` and the helpers below. Nothing else is allowed (no attributes, no imports, no
names), so a formula cannot do anything but compute.

Helpers
-------
``v(dataset, **filters)``
    The ``value`` (or ``count``/``economies``) of the single row matching the filters.
``cell(dataset, column, **filters)``
    The given column of the single matching row (for wide tables).
``total(dataset, **filters)``
    Sum over the matching rows.
``argmax(dataset, by, **filters)``
    The ``by`` value (e.g. ``"year"``) of the matching row with the largest value.
``count_below(dataset, indicator, reference, **filters)``
    How many countries have ``indicator`` below the WLD row's ``reference`` indicator.
``pct_change(old, new)``
    ``(new - old) / old * 100``.
``mean``, ``minimum``, ``maximum``, ``count``, ``count_where(dataset, op, threshold)``,
``count_distinct(dataset, column)``, ``rank_of(dataset, key)``, ``argmin``, ``min_step``, ``max_step``,
``prev_value(dataset, year)``
    Aggregates over the matching rows (see :class:`_Helpers`). Two keywords are not filters:
    ``among="ARM AZE KAZ"`` keeps the rows whose ``country`` is one of the listed codes, and
    ``of="year"`` aggregates that column instead of the value column.

Comparisons (``== != < <= > >=``) and ``and`` / ``or`` / ``not`` are allowed and give 1 (true)
or 0 (false), so "all seven except Tajikistan" is one formula. ``argmax``/``argmin`` by a text
column (``by="country"``) give the text, to be compared with ``==``.

A claim without a year in its sentence is checked in every year the data cover: its
``year_scope`` is ``every_year:<dataset>``, its formula uses the free name ``year``, and it is
evaluated once for every year of that dataset for which the formula's rows exist. It is
reproduced only if it holds in every one of them; ``holds_in`` and ``fails_in`` list the years.
A claim whose ``basis`` is ``proxy`` (the data lack what the sentence needs, e.g. its base year
2015, and the formula computes the nearest stand-in, e.g. 2016) is ``not_checkable`` whatever
the stand-in gives; the detail reports the stand-in and whether it would agree. This is the one
rule for a missing base year.

``evaluate_claims()`` returns the register with ``computed``, ``status`` (reproduced,
not_reproduced, not_checkable), ``detail``, ``holds_in`` and ``fails_in`` columns.

Work is bounded: a formula longer than :data:`MAX_FORMULA_LENGTH` characters or with more
than :data:`MAX_FORMULA_NODES` syntax nodes is refused, and so is any step that would build
an integer above :data:`MAX_INT_BITS` bits (``10**10**10``) or a string above
:data:`MAX_STRING_LENGTH` characters (``'a'*10**10``), checked *before* the power or the
repetition is computed. Division by zero, overflow and other arithmetic errors become a
:class:`~egovlib.errors.FormulaError` naming the formula.

One claim that cannot be evaluated does not stop the audit: ``evaluate_claims`` gives it
the status ``error`` (a category that appears only when some claim has it, so an audit
without errors has exactly the three statuses above), ``computed`` NaN and a ``detail``
naming the claim id, its formula and the reason, goes on with the other claims and warns
(:class:`ClaimEvaluationWarning`) listing the failed ones. ``evaluate_claim(claim_id)``
evaluates one claim and raises :class:`~egovlib.errors.ClaimError` instead.
"""

from __future__ import annotations

import ast
import math
import operator
import warnings
from collections.abc import Callable
from typing import Any

import pandas as pd

from egovlib.datasets import DataPackage, default_package
from egovlib.errors import ClaimError, EgovlibError, FormulaError, UnknownClaimError

__all__ = [
    "ClaimError", "ClaimEvaluationWarning", "FormulaError", "evaluate_claim", "evaluate_claims",
    "evaluate_formula", "judge",
]

STATUSES = ("reproduced", "not_reproduced", "not_checkable")
#: Status of a claim whose formula could not be evaluated (see the module docstring).
ERROR_STATUS = "error"
_VALUE_COLUMNS = ("value", "count", "economies")

#: Bounds on the work one formula may ask for.
MAX_FORMULA_LENGTH = 1000
MAX_FORMULA_NODES = 200
MAX_INT_BITS = 4096
MAX_STRING_LENGTH = 10_000
MAX_ROUND_DIGITS = 100


class ClaimEvaluationWarning(UserWarning):
    """Some claims of the register could not be evaluated (their status is ``error``)."""


def _check_size(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
        raise FormulaError(f"an intermediate integer has more than {MAX_INT_BITS} bits")
    if isinstance(value, str) and len(value) > MAX_STRING_LENGTH:
        raise FormulaError(f"an intermediate string is longer than {MAX_STRING_LENGTH} characters")
    return value


def _power(base: Any, exponent: Any) -> Any:
    # |base| ** exponent has about exponent * log2|base| bits: refuse before computing it
    if (isinstance(base, int) and isinstance(exponent, int) and exponent > 0 and abs(base) > 1
            and (exponent > MAX_INT_BITS or exponent * (abs(base).bit_length() - 1) > MAX_INT_BITS)):
        raise FormulaError(
            f"{_short(base)} ** {_short(exponent)} would have more than {MAX_INT_BITS} bits; "
            "refused before computing it"
        )
    return operator.pow(base, exponent)


def _short(number: int) -> str:
    return str(number) if number.bit_length() <= 64 else f"<a {number.bit_length()}-bit integer>"


def _multiply(left: Any, right: Any) -> Any:
    for text, times in ((left, right), (right, left)):
        if isinstance(text, str) and isinstance(times, int) and len(text) * max(times, 0) > MAX_STRING_LENGTH:
            raise FormulaError(
                f"repeating a string of {len(text)} characters {times} times would exceed "
                f"{MAX_STRING_LENGTH} characters; refused before computing it"
            )
    return operator.mul(left, right)


def _round(number: Any, ndigits: Any = None) -> Any:
    if ndigits is not None and (not isinstance(ndigits, int) or abs(ndigits) > MAX_ROUND_DIGITS):
        raise FormulaError(f"round() takes a whole number of digits within +-{MAX_ROUND_DIGITS}, not {ndigits!r}")
    return round(number, ndigits)


_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: _multiply,
    ast.Div: operator.truediv, ast.Pow: _power,
}
_UNARY: dict[type, Callable[[Any], Any]] = {ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Not: operator.not_}
_COMPARE: dict[type, Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge,
}
_COMPARE_TEXT: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}


class _Helpers:
    def __init__(self, package: DataPackage) -> None:
        self.package = package
        self._cache: dict[str, pd.DataFrame] = {}

    def table(self, dataset: str) -> pd.DataFrame:
        if dataset not in self._cache:
            self._cache[dataset] = self.package.load(dataset)
        return self._cache[dataset]

    def rows(self, dataset: str, filters: dict[str, Any]) -> pd.DataFrame:
        table = self.table(dataset)
        mask = pd.Series(True, index=table.index)
        for column, wanted in filters.items():
            if column not in table.columns:
                raise FormulaError(f"dataset {dataset!r} has no column {column!r}")
            mask &= (table[column] == wanted).fillna(False).astype(bool)
        return table[mask]

    @staticmethod
    def value_column(table: pd.DataFrame) -> str:
        for column in _VALUE_COLUMNS:
            if column in table.columns:
                return column
        raise FormulaError(f"no value column among {table.columns.tolist()}")

    def v(self, dataset: str, **filters: Any) -> float:
        match = self.rows(dataset, filters)
        if len(match) != 1:
            raise FormulaError(f"v({dataset!r}, {filters}) matches {len(match)} rows, expected 1")
        return float(match[self.value_column(match)].iloc[0])

    def cell(self, dataset: str, column: str, **filters: Any) -> float:
        match = self.rows(dataset, filters)
        if len(match) != 1 or column not in match.columns:
            raise FormulaError(f"cell({dataset!r}, {column!r}, {filters}) does not name one cell")
        return float(match[column].iloc[0])

    def total(self, dataset: str, **filters: Any) -> float:
        match = self.rows(dataset, filters)
        if match.empty:
            raise FormulaError(f"total({dataset!r}, {filters}) matches no rows")
        return float(match[self.value_column(match)].sum())

    def count_below(self, dataset: str, indicator: str, reference: str, **filters: Any) -> float:
        values = self.rows(dataset, {**filters, "indicator": indicator})
        ref = self.v(dataset, indicator=reference, country="WLD", **filters)
        return float((values["value"].astype(float) < ref).sum())

    def select(self, dataset: str, filters: dict[str, Any]) -> tuple[pd.DataFrame, str]:
        """Rows matching the filters (``among`` restricts countries) and the column to aggregate."""
        filters = dict(filters)
        among = filters.pop("among", None)
        column = filters.pop("of", None)
        match = self.rows(dataset, filters)
        if among is not None:
            if not isinstance(among, str):
                raise FormulaError(f"among= takes a space-separated list of country codes, not {among!r}")
            match = match[match["country"].astype(str).isin(among.split())]
        if match.empty:
            raise FormulaError(f"{dataset!r} with {filters} matches no rows")
        column = column or self.value_column(match)
        if column not in match.columns:
            raise FormulaError(f"dataset {dataset!r} has no column {column!r}")
        return match, column

    def numbers(self, dataset: str, filters: dict[str, Any]) -> pd.Series:
        match, column = self.select(dataset, filters)
        values = pd.to_numeric(match[column], errors="coerce").dropna().astype(float)
        if values.empty:
            raise FormulaError(f"{dataset!r} with {filters} matches no rows with a number in {column!r}")
        return values

    def mean(self, dataset: str, **filters: Any) -> float:
        return float(self.numbers(dataset, filters).mean())

    def minimum(self, dataset: str, **filters: Any) -> float:
        return float(self.numbers(dataset, filters).min())

    def maximum(self, dataset: str, **filters: Any) -> float:
        return float(self.numbers(dataset, filters).max())

    def count(self, dataset: str, **filters: Any) -> float:
        return float(len(self.select(dataset, filters)[0]))

    def count_where(self, dataset: str, op: str, threshold: float, **filters: Any) -> float:
        if op not in _COMPARE_TEXT:
            raise FormulaError(f"count_where() takes one of {sorted(_COMPARE_TEXT)}, not {op!r}")
        values = self.numbers(dataset, filters)
        return float(_COMPARE_TEXT[op](values, threshold).sum())

    def count_distinct(self, dataset: str, column: str, **filters: Any) -> float:
        match, _ = self.select(dataset, {**filters, "of": column})
        return float(match[column].nunique())

    def rank_of(self, dataset: str, key: str, by: str = "country", **filters: Any) -> float:
        """Rank of the row whose ``by`` is ``key`` (1 = largest value; ties share the best rank)."""
        match, column = self.select(dataset, filters)
        values = pd.to_numeric(match[column], errors="coerce")
        mine = values[match[by].astype(str) == key]
        if len(mine) != 1:
            raise FormulaError(f"rank_of({dataset!r}, {key!r}, {filters}) finds {len(mine)} rows for {key!r}")
        return float((values > float(mine.iloc[0])).sum() + 1)

    def _arg(self, dataset: str, by: str, filters: dict[str, Any], largest: bool) -> Any:
        match, column = self.select(dataset, filters)
        values = pd.to_numeric(match[column], errors="coerce")
        where = values.idxmax() if largest else values.idxmin()
        found = match.loc[where, by]
        try:
            return float(found)
        except (TypeError, ValueError):
            return str(found)

    def argmax(self, dataset: str, by: str, **filters: Any) -> Any:
        return self._arg(dataset, by, filters, largest=True)

    def argmin(self, dataset: str, by: str, **filters: Any) -> Any:
        return self._arg(dataset, by, filters, largest=False)

    def prev_value(self, dataset: str, year: int, **filters: Any) -> float:
        """The value of the matching row with the latest year before ``year`` (the previous round)."""
        match, column = self.select(dataset, filters)
        earlier = match[pd.to_numeric(match["year"], errors="coerce") < year]
        if earlier.empty:
            raise FormulaError(f"prev_value({dataset!r}, {year}, {filters}) matches no rows before {year}")
        return float(earlier.sort_values("year")[column].iloc[-1])

    def _steps(self, dataset: str, filters: dict[str, Any]) -> pd.Series:
        filters = {"of": "year", **filters}
        values = pd.Series(sorted(self.numbers(dataset, filters).unique()))
        if len(values) < 2:
            raise FormulaError(f"{dataset!r} with {filters} has fewer than two distinct values")
        return values.diff().dropna()

    def min_step(self, dataset: str, **filters: Any) -> float:
        """Smallest gap between consecutive distinct values of ``of`` (default ``year``)."""
        return float(self._steps(dataset, filters).min())

    def max_step(self, dataset: str, **filters: Any) -> float:
        """Largest gap between consecutive distinct values of ``of`` (default ``year``)."""
        return float(self._steps(dataset, filters).max())

    @staticmethod
    def pct_change(old: float, new: float) -> float:
        return (new - old) / old * 100.0


def evaluate_formula(formula: str, package: DataPackage | None = None, year: int | None = None) -> float:
    """Compute one formula (see the module docstring for what it may contain).

    ``year`` binds the free name ``year`` of a formula for a claim checked in every year.
    Raises :class:`~egovlib.errors.FormulaError` (naming the formula) on any problem.
    """
    helpers = _Helpers(package or default_package())
    return _evaluate_number(formula, helpers, {} if year is None else {"year": int(year)})


def _evaluate_number(formula: str, helpers: _Helpers, names: dict[str, Any] | None = None) -> float:
    value = _evaluate(formula, helpers, names or {})
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise FormulaError(f"formula {formula!r} gives {value!r}, not a number") from None
    if not math.isfinite(number):
        raise FormulaError(f"formula {formula!r} gives {number}, not a finite number")
    return number


def _evaluate(formula: str, helpers: _Helpers, names: dict[str, Any]) -> Any:
    if not isinstance(formula, str):
        raise FormulaError(f"a formula must be text, not {type(formula).__name__}")
    if len(formula) > MAX_FORMULA_LENGTH:
        raise FormulaError(
            f"formula {formula[:60]!r}... is {len(formula)} characters long; at most {MAX_FORMULA_LENGTH} allowed"
        )
    try:
        tree = ast.parse(formula, mode="eval")
    except (SyntaxError, ValueError) as err:
        raise FormulaError(f"cannot parse formula {formula!r}: {getattr(err, 'msg', err)}") from None
    nodes = sum(1 for _ in ast.walk(tree))
    if nodes > MAX_FORMULA_NODES:
        raise FormulaError(f"formula {formula!r} has {nodes} syntax nodes; at most {MAX_FORMULA_NODES} allowed")
    functions: dict[str, Callable[..., Any]] = {
        "v": helpers.v, "cell": helpers.cell, "total": helpers.total, "argmax": helpers.argmax,
        "argmin": helpers.argmin, "count_below": helpers.count_below, "pct_change": helpers.pct_change,
        "mean": helpers.mean, "minimum": helpers.minimum, "maximum": helpers.maximum,
        "count": helpers.count, "count_where": helpers.count_where,
        "count_distinct": helpers.count_distinct,
        "rank_of": helpers.rank_of, "prev_value": helpers.prev_value,
        "min_step": helpers.min_step, "max_step": helpers.max_step,
        "abs": abs, "round": _round, "min": min, "max": max,
    }

    def walk(node: ast.AST) -> Any:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str)):
            return _check_size(node.value)
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            return _check_size(_BINARY[type(node.op)](walk(node.left), walk(node.right)))
        if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
            return _UNARY[type(node.op)](walk(node.operand))
        if isinstance(node, ast.Name) and node.id in names:
            return names[node.id]
        if isinstance(node, ast.Compare) and all(type(op) in _COMPARE for op in node.ops):
            left = walk(node.left)
            for op, right_node in zip(node.ops, node.comparators, strict=True):
                right = walk(right_node)
                if not _COMPARE[type(op)](left, right):
                    return False
                left = right
            return True
        if isinstance(node, ast.BoolOp) and isinstance(node.op, (ast.And, ast.Or)):
            values = [bool(walk(v)) for v in node.values]
            return all(values) if isinstance(node.op, ast.And) else any(values)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in functions:
            args = [walk(a) for a in node.args]
            kwargs = {k.arg: walk(k.value) for k in node.keywords if k.arg is not None}
            return _check_size(functions[node.func.id](*args, **kwargs))
        raise FormulaError(f"formula {formula!r} uses {ast.dump(node)[:60]}..., which is not allowed")

    try:
        return walk(tree)
    except FormulaError as err:
        if repr(formula) in str(err):
            raise
        raise FormulaError(f"formula {formula!r}: {err}") from None
    except EgovlibError:
        raise
    except (ArithmeticError, TypeError, ValueError, KeyError, IndexError) as err:
        reason = str(err) or type(err).__name__
        raise FormulaError(f"formula {formula!r}: {type(err).__name__}: {reason}") from None


def judge(computed: float, stated: float, comparison: str, tolerance: float) -> bool:
    """Whether a computed figure reproduces the stated one under the claim's comparison."""
    if comparison == "approx":
        return abs(computed - stated) <= tolerance + 1e-9
    if comparison == "at_least":
        return computed >= stated - tolerance - 1e-9
    if comparison == "at_most":
        return computed <= stated + tolerance + 1e-9
    raise FormulaError(f"unknown comparison {comparison!r}")


def evaluate_claims(package: DataPackage | None = None) -> pd.DataFrame:
    """The claims register with computed values and a status for each claim.

    A claim whose formula fails gets the status ``error`` and a ``detail`` naming the claim,
    its formula and the reason; the other claims are evaluated as usual, and a
    :class:`ClaimEvaluationWarning` lists the failed ones.
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
    """Evaluate one claim of the register: ``{"claim_id", "computed", "status", "detail"}``.

    Raises :class:`~egovlib.errors.ClaimError` (naming the claim id and its formula) when
    the formula cannot be evaluated, and :class:`KeyError` for an unknown claim id.
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
