"""Agreement and association for a handful of countries: exact or permutation p-values and intervals.

* :func:`kendalls_w_permutation` is Kendall's coefficient of concordance W of m rankings of n
  items with a permutation p-value (each ranking shuffled independently, ties kept), instead of
  the chi-square approximation, which is poor for few items and ties.
* :func:`spearman_with_interval` is Spearman's rho with its exact (or Monte Carlo) permutation
  p-value and a Fisher-z interval with the Bonett-Wright (2000) standard error.

Both return :class:`egovlib.stats.TestResult`.
"""

from __future__ import annotations

import math

import numpy as np

from .stats import ArrayLike, TestResult, as_series, rank_correlation, rank_rows, rankings_matrix, w_statistic

__all__ = ["kendalls_w_permutation", "spearman_with_interval"]


def kendalls_w_permutation(rankings: ArrayLike, *, n_resamples: int = 20000, seed: int = 0) -> TestResult:
    """Kendall's W of m rankings (rows) of n items (columns), with a permutation p-value.

    Values are ranked within each row (average ranks for ties; higher value = higher rank).
    Under the null each row's ranks are an independent random ordering of that row's own
    ranks, so ties are kept; the p-value is ``(1 + k) / (1 + n_resamples)``, k the number of
    shuffles with a W at least as large as observed. The rows are treated as independent
    raters: where they are related indices (one a component of another), W overstates the
    independent agreement, which the warnings say.

    Parameters
    ----------
    rankings : array-like
        An m x n matrix (or DataFrame): one row per ranking, one column per item.
    n_resamples : int
        Number of random shuffles, at least 100 (default 20000).
    seed : int
        Seed of the random generator (default 0), so the p-value is reproducible.

    Returns
    -------
    TestResult
        ``estimate`` and ``statistic`` W, ``p_value`` the permutation p, ``n`` the items, and warnings.

    Raises
    ------
    ValueError
        If the matrix is not valid for :func:`egovlib.stats.rankings_matrix`, holds NaN or infinite
        values, or ``n_resamples`` is not an integer of at least 100.
    """
    matrix = rankings_matrix(rankings)
    if not np.isfinite(matrix).all():
        raise ValueError("rankings: contains NaN or infinite values; drop incomplete items first")
    if not isinstance(n_resamples, int) or n_resamples < 100:
        raise ValueError(f"n_resamples={n_resamples!r}: expected an integer of at least 100")
    ranks = rank_rows(matrix)
    m, n = ranks.shape
    observed = w_statistic(ranks)
    rng = np.random.default_rng(seed)
    null = np.empty(n_resamples)
    for i in range(n_resamples):
        null[i] = w_statistic(np.array([rng.permutation(row) for row in ranks]))
    p = float((1 + np.sum(null >= observed - 1e-12)) / (1 + n_resamples))
    ties = any(len(np.unique(row)) < n for row in ranks)
    warnings = [f"{m} rankings of {n} items; p from {n_resamples} random shuffles (Monte Carlo), "
                f"smallest attainable p {1 / (1 + n_resamples):.2g}",
                "the rankings are treated as independent raters; related indices overstate agreement"]
    if ties:
        warnings.append("tied values: ranks averaged, ties kept under the null")
    return TestResult("Kendall's W", "permutation test (each ranking shuffled independently)", n,
                      estimate=observed, statistic=observed, p_value=p, warnings=tuple(warnings))


def spearman_with_interval(x: ArrayLike, y: ArrayLike, *, confidence: float = 0.95, n_resamples: int = 20000,
                           seed: int = 0) -> TestResult:
    """Spearman's rho with a permutation p and a Fisher-z interval.

    The p-value is exact (every ordering enumerated) while ``n! <= n_resamples``, i.e. up to 7 pairs
    at the default, and Monte Carlo above (:func:`egovlib.stats.rank_correlation`). The interval uses
    the Bonett-Wright (2000) standard error ``sqrt((1 + rho**2 / 2) / (n - 3))`` on the z scale; it
    needs n >= 4 and is rough below about 10 pairs (said in the warnings).

    Parameters
    ----------
    x, y : array-like
        Paired values, at least 4 pairs.
    confidence : float, default 0.95
    n_resamples : int, default 20000
    seed : int, default 0

    Returns
    -------
    TestResult
        ``estimate`` and ``statistic`` rho, the interval, ``p_value`` two-sided.

    Raises
    ------
    ValueError
        From :func:`egovlib.stats.as_series` (fewer than 4 pairs, NaN) or unequal lengths.
    """
    from scipy import stats

    a = as_series(x, "x", min_n=4)
    b = as_series(y, "y", min_n=4)
    test = rank_correlation(a, b, method="spearman", n_resamples=n_resamples, seed=seed)
    n = len(a)
    rho = float(test.estimate)
    z = math.atanh(max(min(rho, 1 - 1e-12), -1 + 1e-12))
    se = math.sqrt((1 + rho**2 / 2) / (n - 3))
    crit = stats.norm.ppf((1 + confidence) / 2)
    low, high = math.tanh(z - crit * se), math.tanh(z + crit * se)
    warnings = list(test.warnings)
    if n < 10:
        warnings.append(f"n = {n}: the Fisher-z (Bonett-Wright) interval is approximate and wide")
    return TestResult("Spearman correlation", "permutation test; Fisher-z interval (Bonett-Wright SE)", n,
                      estimate=rho, ci_low=low, ci_high=high, confidence=confidence, statistic=rho,
                      p_value=float(test.p_value), warnings=tuple(warnings))
