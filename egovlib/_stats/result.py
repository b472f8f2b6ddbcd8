"""The result type of every test and estimate, and the input checks they share."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from egovlib.formatting import fmt, pvalue

ArrayLike = Sequence[float] | np.ndarray | pd.Series


@dataclass(frozen=True)
class TestResult:
    """The outcome of one statistical procedure, as one tidy row."""

    name: str
    method: str
    n: int
    estimate: float = math.nan
    ci_low: float = math.nan
    ci_high: float = math.nan
    confidence: float = math.nan
    statistic: float = math.nan
    p_value: float = math.nan
    warnings: tuple[str, ...] = field(default_factory=tuple)

    __test__ = False  # not a pytest test class

    def to_row(self) -> dict[str, Any]:
        """A dict with one key per field (warnings joined by '; ')."""
        row = {k: getattr(self, k) for k in
               ("name", "estimate", "ci_low", "ci_high", "confidence", "statistic", "p_value", "n", "method")}
        row["warnings"] = "; ".join(self.warnings)
        return row

    def __str__(self) -> str:
        parts = [f"{self.name}: estimate {fmt(self.estimate)}"]
        if not math.isnan(self.ci_low):
            parts.append(f"{self.confidence:.0%} CI [{fmt(self.ci_low)}, {fmt(self.ci_high)}]")
        if not math.isnan(self.p_value):
            parts.append(f"p = {pvalue(self.p_value)}")
        parts.append(f"n = {self.n}, {self.method}")
        text = ", ".join(parts)
        return text + "".join(f"\n  warning: {w}" for w in self.warnings)


def results_table(results: Sequence[TestResult]) -> pd.DataFrame:
    """Collect results into a DataFrame, one row per result."""
    return pd.DataFrame([r.to_row() for r in results])


# -- input checks ---------------------------------------------------------------------------
def as_series(values: ArrayLike, name: str, *, min_n: int = 1, nonnegative: bool = False,
              positive: bool = False) -> np.ndarray:
    """A 1-D float array, refusing strings, NaN and too-short input with a clear message."""
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name}: expected a sequence of numbers, got a string")
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name}: expected numbers, got {list(values)[:5]!r}") from None
    if array.ndim != 1:
        raise ValueError(f"{name}: expected a one-dimensional sequence, got shape {array.shape}")
    if np.isnan(array).any():
        raise ValueError(f"{name}: contains NaN at position(s) {np.flatnonzero(np.isnan(array)).tolist()}")
    if np.isinf(array).any():
        raise ValueError(f"{name}: contains infinite values")
    if len(array) < min_n:
        raise ValueError(f"{name}: needs at least {min_n} values, got {len(array)}")
    if nonnegative and (array < 0).any():
        raise ValueError(f"{name}: must not be negative (found {array[array < 0][0]})")
    if positive and (array <= 0).any():
        raise ValueError(f"{name}: must be positive (found {array[array <= 0][0]})")
    return array


def as_times(times: ArrayLike | None, n: int, name: str = "t") -> np.ndarray:
    """Observation times: strictly increasing, as many as values (default 0..n-1)."""
    if times is None:
        return np.arange(n, dtype=float)
    t = as_series(times, name)
    if len(t) != n:
        raise ValueError(f"{name}: has {len(t)} values but the series has {n}")
    steps = np.diff(t)
    if (steps == 0).any():
        raise ValueError(f"{name}: duplicate time {t[1:][steps == 0][0]:g}")
    if (steps < 0).any():
        raise ValueError(f"{name}: times must be sorted ascending (found {t[:-1][steps < 0][0]:g} before "
                         f"{t[1:][steps < 0][0]:g})")
    return t
