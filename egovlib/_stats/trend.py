"""Trend in one series: Mann-Kendall, Theil-Sen and segmented (interrupted) regression."""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np
import pandas as pd

from egovlib._stats.result import ArrayLike, TestResult, as_series, as_times, results_table


# -- trend ----------------------------------------------------------------------------------
def min_trend_n(alpha: float = 0.05) -> int:
    """The shortest series whose exact two-sided Mann-Kendall test can reach ``p <= alpha``.

    Without ties the most extreme ordering of n values has the exact two-sided p ``2 / n!``, so
    a shorter series cannot show a significant trend whatever its values. The one rule for
    "too few rounds for a trend test" (:func:`mann_kendall` warns below it).

    Parameters
    ----------
    alpha : float, default 0.05
        The level, strictly between 0 and 1.

    Returns
    -------
    int
        The smallest n with ``2 / n! <= alpha`` (at least 3, the test's minimum).

    Raises
    ------
    ValueError
        If ``alpha`` is not strictly between 0 and 1.

    Examples
    --------
    >>> min_trend_n(), min_trend_n(0.1), min_trend_n(0.01)
    (5, 4, 6)
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha={alpha!r}: expected a level strictly between 0 and 1")
    n = 3
    while 2 / math.factorial(n) > alpha:
        n += 1
    return n


def mann_kendall(y: ArrayLike, t: ArrayLike | None = None) -> TestResult:
    """Mann-Kendall trend test: Kendall's tau between time and value, exact p for small n.

    Parameters
    ----------
    y : array-like
        The series, at least 3 values.
    t : array-like, optional
        Its times (default ``0 .. n-1``); only their order matters.

    Returns
    -------
    TestResult
        ``estimate`` tau, ``statistic`` S (concordant minus discordant pairs), ``p_value`` two-sided,
        exact without ties. Warnings: below :func:`min_trend_n` values no trend can be significant at
        0.05 (the smallest attainable p is ``2 / n!``); below 8, low power; with ties scipy uses the
        normal approximation.

    Raises
    ------
    ValueError
        From :func:`as_series` / :func:`as_times` (fewer than 3 values, NaN, unsorted times).

    Examples
    --------
    >>> round(mann_kendall([1, 2, 3, 5, 4]).estimate, 6)  # 8 concordant, 2 discordant of 10 pairs
    0.8
    """
    from scipy import stats

    values = as_series(y, "y", min_n=3)
    times = as_times(t, len(values))
    n = len(values)
    ties = len(np.unique(values)) < n
    method = "asymptotic" if ties else "exact"
    result = stats.kendalltau(times, values, method=method)
    s = sum(np.sign(values[j] - values[i]) for i, j in combinations(range(n), 2))
    warnings = []
    if n < min_trend_n():
        smallest = 2 / math.factorial(n)
        warnings.append(f"n = {n}: the smallest attainable two-sided exact p is {smallest:.3f}; "
                        "no trend can be significant at 0.05")
    elif n < 8:
        warnings.append(f"n = {n}: low power; a non-significant result says little")
    if ties:
        warnings.append("tied values: p from the normal approximation, not exact")
    return TestResult("Mann-Kendall trend", f"Kendall tau vs time, {method} p", n,
                      estimate=float(result.statistic), statistic=float(s), p_value=float(result.pvalue),
                      warnings=tuple(warnings))


def theil_sen(y: ArrayLike, t: ArrayLike | None = None, confidence: float = 0.95) -> TestResult:
    """Theil-Sen slope (median of pairwise slopes) with its distribution-free interval.

    Parameters
    ----------
    y : array-like
        The series, at least 3 values.
    t : array-like, optional
        Its times (default ``0 .. n-1``).
    confidence : float, default 0.95
        The level of the interval (``scipy.stats.theilslopes``).

    Returns
    -------
    TestResult
        ``estimate`` the slope per unit of t with ``ci_low``, ``ci_high``; a warning below 6 values.

    Raises
    ------
    ValueError
        From :func:`as_series` / :func:`as_times`.
    """
    from scipy import stats

    values = as_series(y, "y", min_n=3)
    times = as_times(t, len(values))
    slope, _intercept, low, high = stats.theilslopes(values, times, alpha=confidence)
    warnings = []
    if len(values) < 6:
        warnings.append(f"n = {len(values)}: the slope interval rests on few pairwise slopes and is wide")
    return TestResult("Theil-Sen slope", "median pairwise slope (scipy.stats.theilslopes)", len(values),
                      estimate=float(slope), ci_low=float(low), ci_high=float(high), confidence=confidence,
                      warnings=tuple(warnings))


def segmented_regression(y: ArrayLike, t: ArrayLike, break_at: float, *, maxlags: int = 1) -> pd.DataFrame:
    """Interrupted time series: level and slope change at ``break_at``, with HAC standard errors.

    OLS of y on ``t - t0``, a step at ``break_at`` and the slope after it (statsmodels, HAC errors).

    Parameters
    ----------
    y : array-like
        The series, at least 5 values.
    t : array-like
        Its times, sorted.
    break_at : float
        The first time of the new regime (``t >= break_at``).
    maxlags : int, default 1
        Lags of the HAC (Newey-West) covariance.

    Returns
    -------
    pandas.DataFrame
        Four rows of :meth:`TestResult.to_row` (``intercept``, ``pre-break slope``, ``level change``,
        ``slope change``) with 95 % intervals, t statistics and p-values; warnings state the residual
        degrees of freedom and that HAC errors are unreliable below about 12 observations.

    Raises
    ------
    ValueError
        With fewer than 2 observations on either side of the break, or from :func:`as_series`.
    """
    import statsmodels.api as sm

    values = as_series(y, "y", min_n=5)
    times = as_times(t, len(values))
    after = (times >= break_at).astype(float)
    if after.sum() < 2 or (1 - after).sum() < 2:
        raise ValueError(f"break_at={break_at}: needs at least 2 observations on each side")
    design = sm.add_constant(np.column_stack([times - times[0], after, after * (times - break_at)]))
    fit = sm.OLS(values, design).fit(cov_type="HAC", cov_kwds={"maxlags": maxlags})
    ci = fit.conf_int(0.05)
    warnings = [f"n = {len(values)} with 4 parameters: {len(values) - 4} residual degrees of freedom"]
    if len(values) < 12:
        warnings.append("HAC standard errors are unreliable below about 12 observations")
    names = ["intercept", "pre-break slope", "level change", "slope change"]
    rows = [TestResult(names[i], f"OLS, HAC (maxlags={maxlags}) errors", len(values), estimate=float(fit.params[i]),
                       ci_low=float(ci[i, 0]), ci_high=float(ci[i, 1]), confidence=0.95,
                       statistic=float(fit.tvalues[i]), p_value=float(fit.pvalues[i]), warnings=tuple(warnings))
            for i in range(4)]
    return results_table(rows)
