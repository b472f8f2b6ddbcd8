"""Association and agreement: rank correlation, Kendall's W, proportions, Fisher's test."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from egovlib._stats.result import ArrayLike, TestResult, as_series
from egovlib.formatting import pvalue


# -- association ----------------------------------------------------------------------------
def rank_correlation(x: ArrayLike, y: ArrayLike, *, method: str = "spearman", n_resamples: int = 20000,
                     seed: int = 0) -> TestResult:
    """Spearman's rho or Kendall's tau with a permutation p-value (exact when feasible).

    Parameters
    ----------
    x, y : array-like
        Paired values, at least 3 pairs, as many of each.
    method : {"spearman", "kendall"}, default "spearman"
    n_resamples : int, default 20000
        Permutations drawn when there are more than ``n!`` orderings to enumerate.
    seed : int, default 0

    Returns
    -------
    TestResult
        ``estimate`` the coefficient, ``p_value`` two-sided from the permutation test; warnings give the
        number of orderings and flag fewer than 6 pairs.

    Raises
    ------
    ValueError
        For unequal lengths, an unknown ``method``, or from :func:`as_series`.
    """
    from scipy import stats

    a = as_series(x, "x", min_n=3)
    b = as_series(y, "y", min_n=3)
    if len(a) != len(b):
        raise ValueError(f"x and y differ in length ({len(a)} and {len(b)})")
    if method not in ("spearman", "kendall"):
        raise ValueError(f"method={method!r}: expected 'spearman' or 'kendall'")
    func = stats.spearmanr if method == "spearman" else stats.kendalltau
    result = stats.permutation_test((a,), lambda u: func(u, b).statistic, permutation_type="pairings",
                                    n_resamples=n_resamples, random_state=seed)
    n = len(a)
    orderings = math.factorial(n)
    warnings = [f"n = {n}: {orderings} orderings" + (" (all enumerated)" if orderings <= n_resamples else "")]
    if n < 6:
        warnings.append("fewer than 6 pairs: only very strong association can be detected")
    return TestResult(f"{method} correlation", "permutation test", n, estimate=float(func(a, b).statistic),
                      statistic=float(result.statistic), p_value=float(result.pvalue), warnings=tuple(warnings))


def rankings_matrix(rankings: ArrayLike | pd.DataFrame) -> np.ndarray:
    """m rankings (rows) of n items (columns) as a float matrix, refusing fewer than 2 rows or 3 columns.

    The input rule of Kendall's W, shared by :func:`kendalls_w` and
    :func:`egovlib.agreement.kendalls_w_permutation`. NaN is not refused here.

    Parameters
    ----------
    rankings : array-like or pandas.DataFrame
        One ranking (or set of scores) per row, one item per column.

    Returns
    -------
    numpy.ndarray
        The values as a two-dimensional float array.

    Raises
    ------
    ValueError
        If the matrix is not two-dimensional with at least 2 rows and 3 columns.

    Examples
    --------
    >>> rankings_matrix([[1, 2, 3], [1, 3, 2]]).shape
    (2, 3)
    """
    matrix = np.asarray(rankings, dtype=float)
    if matrix.ndim != 2 or matrix.shape[0] < 2 or matrix.shape[1] < 3:
        raise ValueError("rankings: expected at least 2 rankings (rows) of at least 3 items (columns)")
    return matrix


def rank_rows(matrix: np.ndarray) -> np.ndarray:
    """Each row ranked (average ranks for ties; the highest value gets the highest rank).

    Parameters
    ----------
    matrix : numpy.ndarray
        Two-dimensional, one ranking per row (see :func:`rankings_matrix`).

    Returns
    -------
    numpy.ndarray
        Of the same shape.
    """
    from scipy import stats

    return np.apply_along_axis(stats.rankdata, 1, matrix)


def w_statistic(ranks: np.ndarray) -> float:
    """Kendall's W of a matrix of within-row ranks, the one formula of W in the package.

    ``W = 12 S / (m^2 (n^3 - n))`` with S the sum of squared deviations of the n column totals from
    their mean, for m rows (no correction for ties).

    Parameters
    ----------
    ranks : numpy.ndarray
        m rows of ranks of n items (from :func:`rank_rows`).

    Returns
    -------
    float
        Between 0 (no agreement) and 1 (identical rankings).
    """
    m, n = ranks.shape
    totals = ranks.sum(axis=0)
    return float(12 * ((totals - totals.mean()) ** 2).sum() / (m**2 * (n**3 - n)))


def kendalls_w(rankings: ArrayLike | pd.DataFrame) -> TestResult:
    """Kendall's W for agreement of m rankings (rows) of n items (columns), with the chi-square p.

    Parameters
    ----------
    rankings : array-like or DataFrame
        m rows (the rankings, e.g. indices) of n columns (the items ranked, e.g. countries); values
        are ranked within each row, higher value = higher rank.

    Returns
    -------
    TestResult
        ``estimate`` W (0 no agreement, 1 complete), ``statistic`` the chi-square ``m (n - 1) W`` on
        n - 1 degrees of freedom, ``p_value`` from it, ``n`` the number of items. Below 7 items a
        warning says the approximation is rough; :func:`egovlib.agreement.kendalls_w_permutation`
        gives a permutation p instead.

    Raises
    ------
    ValueError
        With fewer than 2 rankings or 3 items.
    """
    from scipy import stats

    ranks = rank_rows(rankings_matrix(rankings))
    m, n = ranks.shape
    w = w_statistic(ranks)
    chi2 = m * (n - 1) * w
    p = float(stats.chi2.sf(chi2, n - 1))
    warnings = []
    if n < 7:
        warnings.append(f"{n} items: the chi-square approximation of W's p-value is rough below 7 items")
    return TestResult("Kendall's W", "chi-square approximation", n, estimate=float(w), statistic=float(chi2),
                      p_value=p, warnings=tuple(warnings))


# -- proportions ----------------------------------------------------------------------------
def proportion(successes: int, trials: int, *, method: str = "wilson", confidence: float = 0.95,
               benchmark: float | None = None) -> TestResult:
    """A proportion with a Wilson or Clopper-Pearson ('beta') interval.

    Parameters
    ----------
    successes, trials : int
        Counts (whole numbers; ``0 <= successes <= trials``, ``trials >= 1``).
    method : str
        "wilson" or "beta" (Clopper-Pearson, exact).
    confidence : float
        Level of the interval.
    benchmark : float, optional
        A stated, meaningful reference proportion (a target, a rate elsewhere) to test against
        with the exact binomial test (two-sided). Without one no p-value is computed: a test against an
        arbitrary 0.5 answers no question, so the interval alone is the result.

    Returns
    -------
    TestResult
        ``estimate`` the share, the interval, ``statistic`` the successes, ``n`` the trials, ``p_value``
        only with a ``benchmark``, and a warning below 10 trials.

    Raises
    ------
    ValueError
        If a count is not a whole number in range, ``method`` is unknown, or ``benchmark`` is not strictly
        between 0 and 1.

    Examples
    --------
    >>> result = proportion(7, 20)
    >>> result.estimate, round(result.ci_low, 3), round(result.ci_high, 3)
    (0.35, 0.181, 0.567)
    """
    from scipy import stats
    from statsmodels.stats.proportion import proportion_confint

    if int(trials) != trials or trials < 1:
        raise ValueError(f"trials={trials!r}: expected a positive whole number")
    if int(successes) != successes or not 0 <= successes <= trials:
        raise ValueError(f"successes={successes!r}: expected a whole number between 0 and trials={trials}")
    if method not in ("wilson", "beta"):
        raise ValueError(f"method={method!r}: expected 'wilson' or 'beta' (Clopper-Pearson)")
    if benchmark is not None and not 0 < benchmark < 1:
        raise ValueError(f"benchmark={benchmark!r}: expected a proportion strictly between 0 and 1")
    low, high = proportion_confint(int(successes), int(trials), alpha=1 - confidence, method=method)
    warnings = [] if trials >= 10 else [f"{trials} trials: the interval is wide; report counts, not just the share"]
    name = {"wilson": "Wilson", "beta": "Clopper-Pearson"}[method]
    if benchmark is None:
        return TestResult("proportion", f"{name} interval (no test: no benchmark stated)", int(trials),
                          estimate=successes / trials, ci_low=float(low), ci_high=float(high),
                          confidence=confidence, statistic=float(successes), warnings=tuple(warnings))
    p = stats.binomtest(int(successes), int(trials), benchmark).pvalue
    return TestResult("proportion", f"{name} interval; exact binomial test vs {benchmark:g}", int(trials),
                      estimate=successes / trials, ci_low=float(low), ci_high=float(high), confidence=confidence,
                      statistic=float(successes), p_value=float(p), warnings=tuple(warnings))


def fisher_exact(table: ArrayLike, *, confidence: float = 0.95) -> TestResult:
    """Fisher's exact test on a 2x2 table.

    The estimate is the conditional maximum-likelihood odds ratio with its exact interval
    (``scipy.stats.contingency.odds_ratio``), the quantities that go with Fisher's test; the
    p-value is two-sided.

    Parameters
    ----------
    table : array-like
        A 2x2 table of non-negative counts.
    confidence : float, default 0.95
        Level of the interval.

    Returns
    -------
    TestResult
        ``n`` the table's total; a warning when a row or column is empty (the odds ratio is undefined).

    Raises
    ------
    ValueError
        If the table is not 2x2 or has a negative count.
    """
    from scipy import stats
    from scipy.stats.contingency import odds_ratio

    matrix = np.asarray(table)
    if matrix.shape != (2, 2) or (matrix < 0).any():
        raise ValueError("table: expected a 2x2 table of non-negative counts")
    result = stats.fisher_exact(matrix)
    conditional = odds_ratio(matrix.astype(int), kind="conditional")
    interval = conditional.confidence_interval(confidence)
    warnings = []
    if (matrix.sum(axis=0) == 0).any() or (matrix.sum(axis=1) == 0).any():
        warnings.append("a row or column of the table is empty: the odds ratio is undefined")
    return TestResult("odds ratio", "Fisher's exact test; conditional MLE odds ratio with exact interval",
                      int(matrix.sum()), estimate=float(conditional.statistic), ci_low=float(interval.low),
                      ci_high=float(interval.high), confidence=confidence, p_value=float(result.pvalue),
                      warnings=tuple(warnings))


def mantel_haenszel(tables: ArrayLike, *, confidence: float = 0.95) -> TestResult:
    """Odds ratio pooled over strata (Mantel-Haenszel) with the Cochran-Mantel-Haenszel test.

    Use it instead of a test on a pooled 2x2 table when the units come in strata (respondents
    within countries): pooling mixes the strata's composition into the odds ratio (Simpson's
    paradox), while the Mantel-Haenszel estimate compares like with like inside each stratum.
    Thin wrapper over :class:`statsmodels.stats.contingency_tables.StratifiedTable`.

    Parameters
    ----------
    tables : array-like of shape (k, 2, 2)
        One 2x2 table of non-negative counts per stratum (rows: the two groups; columns: event,
        no event).
    confidence : float
        Level of the interval of the pooled odds ratio (Robins-Breslow-Greenland variance).

    Returns
    -------
    TestResult
        ``estimate`` the pooled odds ratio with its interval, ``statistic`` the CMH chi-square
        (with continuity correction) and ``p_value`` its two-sided p (asymptotic), ``n`` the
        number of units in the strata that carry information. Warnings name the strata that
        carry none (a margin of zero), a small total, and heterogeneity of the strata's odds
        ratios (Breslow-Day p < 0.05).

    Raises
    ------
    ValueError
        If ``tables`` is not a stack of 2x2 tables of non-negative counts, or no stratum carries
        information.
    """
    from statsmodels.stats.contingency_tables import StratifiedTable

    stack = np.asarray(tables, dtype=float)
    if stack.ndim != 3 or stack.shape[1:] != (2, 2) or (stack < 0).any() or np.isnan(stack).any():
        raise ValueError(f"tables: expected a stack of 2x2 tables of non-negative counts, got shape {stack.shape}")
    informative = (stack.sum(axis=1) > 0).all(axis=1) & (stack.sum(axis=2) > 0).all(axis=1)
    if not informative.any():
        raise ValueError("tables: no stratum has both groups and both outcomes; the pooled odds ratio is undefined")
    used = stack[informative]
    result = StratifiedTable(np.moveaxis(used, 0, -1))
    low, high = result.oddsratio_pooled_confint(alpha=1 - confidence)
    test = result.test_null_odds(correction=True)
    warnings = []
    if (~informative).any():
        warnings.append(f"{int((~informative).sum())} of {len(stack)} strata carry no information (a group or an "
                        "outcome is empty) and are left out")
    n = int(used.sum())
    if n < 100 or len(used) < 5:
        warnings.append(f"n = {n} in {len(used)} strata: the CMH p-value and the interval are asymptotic and rough")
    if len(used) >= 2:
        homogeneity = result.test_equal_odds()
        if homogeneity.pvalue < 0.05:
            warnings.append(f"the strata's odds ratios differ (Breslow-Day p = {pvalue(homogeneity.pvalue)}): a "
                            "pooled odds ratio summarises unlike strata")
    return TestResult("odds ratio (Mantel-Haenszel)", "Cochran-Mantel-Haenszel test (continuity-corrected), "
                      "Mantel-Haenszel odds ratio with Robins-Breslow-Greenland interval", n,
                      estimate=float(result.oddsratio_pooled), ci_low=float(low), ci_high=float(high),
                      confidence=confidence, statistic=float(test.statistic), p_value=float(test.pvalue),
                      warnings=tuple(warnings))
