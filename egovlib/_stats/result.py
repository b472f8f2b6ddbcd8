"""The result type of every test and estimate, and the input checks they share."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from egovlib.formatting import P_DIGITS, digits_for, fmt, pvalue, round_sig

ArrayLike = Sequence[float] | np.ndarray | pd.Series


@dataclass(frozen=True)
class TestResult:
    """The outcome of one statistical procedure, as one tidy row.

    Attributes
    ----------
    name : str
        What was estimated or tested ("Mann-Kendall trend", "Hedges' g", ...).
    method : str
        How: the test or estimator and how its p-value or interval was obtained.
    n : int
        The number of observations the result rests on.
    estimate : float
        The point estimate (NaN where there is none).
    ci_low, ci_high : float
        The interval (NaN where none can be given; the warnings then say why).
    confidence : float
        The level of the interval (NaN without one).
    statistic : float
        The test statistic (NaN where there is none).
    p_value : float
        The p-value (NaN where no test is made).
    warnings : tuple of str
        What limits the result: small n, approximations, an unattainable significance level.
    """

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
        """The result as a dict, one key per field, ``warnings`` joined by ``"; "``.

        Returns
        -------
        dict
            ``name, estimate, ci_low, ci_high, confidence, statistic, p_value, n, method, warnings``.
        """
        row = {k: getattr(self, k) for k in
               ("name", "estimate", "ci_low", "ci_high", "confidence", "statistic", "p_value", "n", "method")}
        row["warnings"] = "; ".join(self.warnings)
        return row

    def reported(self) -> TestResult:
        """The result at the precision its sample supports, as tables, records and prose show it.

        Returns
        -------
        TestResult
            A copy whose estimate, interval and statistic are rounded to
            :func:`egovlib.formatting.digits_for` ``(n)`` significant digits and whose p-value to
            :data:`egovlib.formatting.P_DIGITS`. Adjust p-values (:func:`adjust_pvalues`) from
            the unrounded result, never from this one.
        """
        digits = digits_for(max(int(self.n), 1))

        def rounded(value: float, places: int) -> float:
            return value if value is None or math.isnan(value) else round_sig(value, places)

        return replace(self, estimate=rounded(self.estimate, digits), ci_low=rounded(self.ci_low, digits),
                       ci_high=rounded(self.ci_high, digits), statistic=rounded(self.statistic, digits),
                       p_value=rounded(self.p_value, P_DIGITS))

    def shown(self, field_name: str) -> str:
        """One field as prose quotes it: at the reported precision (:meth:`reported`).

        Parameters
        ----------
        field_name : {"estimate", "ci_low", "ci_high", "statistic", "p_value"}
            The field to show; a p-value is shown by :func:`egovlib.formatting.pvalue`.

        Returns
        -------
        str
            The formatted value (``"n/a"`` when it is missing).

        Raises
        ------
        ValueError
            If ``field_name`` is not one of the numeric fields above.
        """
        if field_name not in ("estimate", "ci_low", "ci_high", "statistic", "p_value"):
            raise ValueError(f"TestResult.shown: field_name={field_name!r}; expected estimate, ci_low, ci_high, "
                             "statistic or p_value")
        value = getattr(self.reported(), field_name)
        return pvalue(value) if field_name == "p_value" else fmt(value)

    def __str__(self) -> str:
        parts = [f"{self.name}: estimate {self.shown('estimate')}"]
        if not math.isnan(self.ci_low):
            parts.append(f"{self.confidence:.0%} CI [{self.shown('ci_low')}, {self.shown('ci_high')}]")
        if not math.isnan(self.p_value):
            parts.append(f"p = {self.shown('p_value')}")
        parts.append(f"n = {self.n}, {self.method}")
        text = ", ".join(parts)
        return text + "".join(f"\n  warning: {w}" for w in self.warnings)


def results_table(results: Sequence[TestResult]) -> pd.DataFrame:
    """Collect results into a DataFrame, one row per result, at their reported precision.

    Parameters
    ----------
    results : sequence of TestResult
        The results to tabulate.

    Returns
    -------
    pandas.DataFrame
        One row per result (:meth:`TestResult.to_row` of :meth:`TestResult.reported`): estimates,
        intervals and statistics to :func:`egovlib.formatting.digits_for` ``(n)`` significant
        digits, p-values to two.
    """
    return pd.DataFrame([r.reported().to_row() for r in results])


# -- input checks ---------------------------------------------------------------------------
def as_series(values: ArrayLike, name: str, *, min_n: int = 1, nonnegative: bool = False,
              positive: bool = False) -> np.ndarray:
    """A one-dimensional float array, refusing strings, NaN, infinities and too-short input.

    The input check of every function of :mod:`egovlib.stats` and :mod:`egovlib.diffusion`.

    Parameters
    ----------
    values : array-like
        The numbers.
    name : str
        The argument's name, for the messages.
    min_n : int, default 1
        The fewest values accepted.
    nonnegative : bool, default False
        Refuse negative values.
    positive : bool, default False
        Refuse values at or below 0 (the one positivity check, e.g. for a growth rate).

    Returns
    -------
    numpy.ndarray

    Raises
    ------
    TypeError
        For a string or values that are not numbers.
    ValueError
        For a shape other than 1-D, NaN, infinite values, fewer than ``min_n`` values, or a value the
        sign checks refuse; the message names the argument.

    Examples
    --------
    >>> as_series([1, 2.5], "y").tolist()
    [1.0, 2.5]
    >>> as_series([0.0, 1.0], "y", positive=True)
    Traceback (most recent call last):
    ValueError: y: must be positive (found 0.0)
    """
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
    """Observation times: strictly increasing, as many as the values (default ``0 .. n-1``).

    Parameters
    ----------
    times : array-like or None
        The times; None gives ``0, 1, ..., n - 1``.
    n : int
        The number of values they belong to.
    name : str, default "t"
        The argument's name, for the messages.

    Returns
    -------
    numpy.ndarray

    Raises
    ------
    ValueError
        If the times are not as many as the values, repeat a time or are not sorted ascending.
    """
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
