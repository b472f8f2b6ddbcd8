"""The helpers a formula may call (``v``, ``cell``, ``total``, ``argmax`` ...), over one package."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import pandas as pd

from egovlib.datasets import DataPackage
from egovlib.errors import FormulaError

_VALUE_COLUMNS = ("value", "count", "economies")
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
