"""Effect sizes (Hedges' g, Cliff's delta) and multiplicity (Holm, Benjamini-Hochberg)."""

from __future__ import annotations

import math

import numpy as np

from egovlib._stats.result import ArrayLike, TestResult, as_series


# -- effect sizes and multiplicity ------------------------------------------------------------
def hedges_g(a: ArrayLike, b: ArrayLike, confidence: float = 0.95) -> TestResult:
    """Hedges' g (b minus a, small-sample corrected) with a normal-approximation interval.

    Parameters
    ----------
    a, b : array-like
        The two groups, at least 2 values each.
    confidence : float, default 0.95
        Level of the interval.

    Returns
    -------
    TestResult
        ``estimate`` g; a warning when a group has fewer than 10 values (the interval is optimistic).

    Raises
    ------
    ValueError
        If both groups are constant (the pooled standard deviation is 0), or from :func:`as_series`.
    """
    from scipy import stats

    x = as_series(a, "a", min_n=2)
    y = as_series(b, "b", min_n=2)
    n1, n2 = len(x), len(y)
    pooled = math.sqrt(((n1 - 1) * x.var(ddof=1) + (n2 - 1) * y.var(ddof=1)) / (n1 + n2 - 2))
    if pooled == 0:
        raise ValueError("a, b: both groups are constant; a standardised difference is undefined")
    d = (y.mean() - x.mean()) / pooled
    correction = 1 - 3 / (4 * (n1 + n2) - 9)
    g = d * correction
    se = math.sqrt((n1 + n2) / (n1 * n2) + g**2 / (2 * (n1 + n2)))
    z = stats.norm.ppf((1 + confidence) / 2)
    warnings = [] if min(n1, n2) >= 10 else ["groups under 10: the normal-approximation interval is optimistic"]
    return TestResult("Hedges' g", "standardised mean difference, normal approximation", n1 + n2,
                      estimate=g, ci_low=g - z * se, ci_high=g + z * se, confidence=confidence, warnings=tuple(warnings))


def cliffs_delta(a: ArrayLike, b: ArrayLike, *, n_boot: int = 2000, seed: int = 0,
                 confidence: float = 0.95) -> TestResult:
    """Cliff's delta, ``P(b > a) - P(b < a)``, with a percentile bootstrap interval.

    With fewer than 3 values in a group, resampling gives a degenerate interval (two values that
    do not overlap resample to delta = +-1 every time), so no interval is returned and a warning
    says why.

    Parameters
    ----------
    a, b : array-like
        The two groups, at least 1 value each.
    n_boot : int, default 2000
        Bootstrap resamples.
    seed : int, default 0
    confidence : float, default 0.95

    Returns
    -------
    TestResult
        ``estimate`` delta in [-1, 1]; the interval contains it; a warning below 5 values a group.

    Raises
    ------
    ValueError
        From :func:`as_series`.
    """
    x = as_series(a, "a", min_n=1)
    y = as_series(b, "b", min_n=1)

    def delta(u: np.ndarray, v: np.ndarray) -> float:
        diff = v[:, None] - u[None, :]
        return float((np.sign(diff)).mean())

    estimate = delta(x, y)
    if min(len(x), len(y)) < 3:
        return TestResult("Cliff's delta", "dominance statistic (no interval)", len(x) + len(y), estimate=estimate,
                          warnings=(f"groups of {len(x)} and {len(y)}: too few values for a bootstrap interval; "
                                    "delta only describes how the values are ordered",))
    rng = np.random.default_rng(seed)
    boot = [delta(rng.choice(x, len(x)), rng.choice(y, len(y))) for _ in range(n_boot)]
    low, high = np.quantile(boot, [(1 - confidence) / 2, (1 + confidence) / 2])
    warnings = [] if min(len(x), len(y)) >= 5 else ["groups under 5: bootstrap interval is unreliable"]
    return TestResult("Cliff's delta", "dominance statistic, percentile bootstrap", len(x) + len(y),
                      estimate=estimate, ci_low=float(min(low, estimate)), ci_high=float(max(high, estimate)),
                      confidence=confidence, warnings=tuple(warnings))


def adjust_pvalues(p_values: ArrayLike, method: str = "holm") -> np.ndarray:
    """Holm or Benjamini-Hochberg adjusted p-values (statsmodels ``multipletests``).

    Parameters
    ----------
    p_values : array-like
        p-values in [0, 1], at least one: one family.
    method : {"holm", "fdr_bh"}, default "holm"

    Returns
    -------
    numpy.ndarray
        The adjusted p-values, in the input order.

    Raises
    ------
    ValueError
        For an unknown ``method`` or a p-value outside [0, 1].
    """
    from statsmodels.stats.multitest import multipletests

    if method not in ("holm", "fdr_bh"):
        raise ValueError(f"method={method!r}: expected 'holm' or 'fdr_bh'")
    p = as_series(p_values, "p_values", min_n=1)
    if ((p < 0) | (p > 1)).any():
        raise ValueError("p_values: must lie in [0, 1]")
    return multipletests(p, method=method)[1]
