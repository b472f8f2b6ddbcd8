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

``evaluate_claims()`` returns the register with ``computed``, ``status`` (reproduced,
not_reproduced, not_checkable) and ``detail`` columns.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable
from typing import Any

import pandas as pd

from egovlib.datasets import DataPackage, default_package

STATUSES = ("reproduced", "not_reproduced", "not_checkable")
_VALUE_COLUMNS = ("value", "count", "economies")

_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.Pow: operator.pow,
}
_UNARY: dict[type, Callable[[Any], Any]] = {ast.USub: operator.neg, ast.UAdd: operator.pos}


class FormulaError(ValueError):
    """A claim formula that is malformed, uses something not allowed, or matches no data."""


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

    def argmax(self, dataset: str, by: str, **filters: Any) -> float:
        match = self.rows(dataset, filters)
        if match.empty:
            raise FormulaError(f"argmax({dataset!r}, {filters}) matches no rows")
        column = self.value_column(match)
        return float(match.loc[match[column].astype(float).idxmax(), by])

    def count_below(self, dataset: str, indicator: str, reference: str, **filters: Any) -> float:
        values = self.rows(dataset, {**filters, "indicator": indicator})
        ref = self.v(dataset, indicator=reference, country="WLD", **filters)
        return float((values["value"].astype(float) < ref).sum())

    @staticmethod
    def pct_change(old: float, new: float) -> float:
        return (new - old) / old * 100.0


def evaluate_formula(formula: str, package: DataPackage | None = None) -> float:
    """Compute one formula (see the module docstring for what it may contain)."""
    helpers = _Helpers(package or default_package())
    return float(_evaluate(formula, helpers))


def _evaluate(formula: str, helpers: _Helpers) -> Any:
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError as err:
        raise FormulaError(f"cannot parse formula {formula!r}: {err.msg}") from None
    functions: dict[str, Callable[..., Any]] = {
        "v": helpers.v, "cell": helpers.cell, "total": helpers.total, "argmax": helpers.argmax,
        "count_below": helpers.count_below, "pct_change": helpers.pct_change,
        "abs": abs, "round": round, "min": min, "max": max,
    }

    def walk(node: ast.AST) -> Any:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str)):
            return node.value
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            return _BINARY[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
            return _UNARY[type(node.op)](walk(node.operand))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in functions:
            args = [walk(a) for a in node.args]
            kwargs = {k.arg: walk(k.value) for k in node.keywords if k.arg is not None}
            return functions[node.func.id](*args, **kwargs)
        raise FormulaError(f"formula {formula!r} uses {ast.dump(node)[:60]}..., which is not allowed")

    return walk(tree)


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
    """The claims register with computed values and a status for each claim."""
    package = package or default_package()
    helpers = _Helpers(package)
    register = package.load("claims")
    computed, status, detail = [], [], []
    for claim in register.to_dict("records"):
        formula = claim["formula"]
        if formula is None or pd.isna(formula):
            computed.append(math.nan)
            status.append("not_checkable")
            detail.append(claim["note"] if not pd.isna(claim["note"]) else "no formula: the data do not cover it")
            continue
        value = float(_evaluate(formula, helpers))
        computed.append(value)
        tolerance = 0.0 if pd.isna(claim["tolerance"]) else float(claim["tolerance"])
        ok = judge(value, float(claim["stated_value"]), claim["comparison"], tolerance)
        status.append("reproduced" if ok else "not_reproduced")
        detail.append("" if ok else (claim["note"] if not pd.isna(claim["note"]) else ""))
    result = register.copy()
    result["computed"] = pd.Series(computed, dtype="Float64")
    result["status"] = pd.Categorical(status, categories=list(STATUSES))
    result["detail"] = pd.Series(detail, dtype="string")
    return result
