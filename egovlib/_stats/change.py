"""Change between periods: exact permutation tests and the rank of one value among all."""

from __future__ import annotations

import itertools
import math

import numpy as np

from egovlib._stats.result import ArrayLike, TestResult, as_series


# -- change between periods -----------------------------------------------------------------
def smallest_attainable_p(n_before: int, n_after: int) -> float:
    """The smallest two-sided p a permutation test of two groups of these sizes can give.

    ``2 / C(n, k)`` (capped at 1): the observed split is one of C(n, k) equally likely
    arrangements, and the two-sided p counts the most extreme arrangement on each side.

    Parameters
    ----------
    n_before, n_after : int
        The sizes of the two groups, each at least 1.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If a group is empty.

    Examples
    --------
    >>> round(smallest_attainable_p(2, 2), 4)  # 2 / 6
    0.3333
    """
    if n_before < 1 or n_after < 1:
        raise ValueError(f"n_before={n_before}, n_after={n_after}: each group needs at least one value")
    return min(1.0, 2 / math.comb(n_before + n_after, n_after))


class PowerlessTestError(ValueError):
    """A test was asked for that cannot reject at the stated alpha, whatever the data."""


def permutation_difference(
    before: ArrayLike, after: ArrayLike, *, n_resamples: int = 20000, seed: int = 0,
    alpha: float = 0.05, refuse_powerless: bool = False,
) -> TestResult:
    """Difference of means (after - before) with an exact permutation p where feasible.

    The number of distinct permutations C(n, k) is stated; when it is at most ``n_resamples``
    every one is enumerated (exact test), otherwise ``n_resamples`` random ones are drawn. With one
    value in a group, the n arrangements are enumerated directly.

    Parameters
    ----------
    before, after : array-like
        The two periods' values, at least one each.
    n_resamples : int, default 20000
        Permutations drawn when there are more distinct ones.
    seed : int, default 0
        Seed of the random permutations.
    alpha : float, default 0.05
        The level against which the smallest attainable p (:func:`smallest_attainable_p`) is judged.
    refuse_powerless : bool, default False
        Raise instead of testing when the test cannot reject at ``alpha`` whatever the data.

    Returns
    -------
    TestResult
        ``estimate`` and ``statistic`` the difference of means, ``p_value`` two-sided; warnings give the
        number of permutations, say when the test cannot reject at ``alpha`` and when a period has
        fewer than 3 values.

    Raises
    ------
    PowerlessTestError
        With ``refuse_powerless=True``, when the smallest attainable p exceeds ``alpha``.
    ValueError
        From :func:`as_series`.
    """
    from scipy import stats

    a = as_series(before, "before", min_n=1)
    b = as_series(after, "after", min_n=1)
    n, k = len(a) + len(b), len(b)
    distinct = math.comb(n, k)
    exact = distinct <= n_resamples
    floor = smallest_attainable_p(len(a), len(b))
    if floor > alpha and refuse_powerless:
        raise PowerlessTestError(
            f"permutation test of {len(a)} against {len(b)} values: the smallest attainable p is {floor:.3g}, "
            f"above alpha = {alpha:g}; it cannot reject whatever the data. Report the difference and an "
            "effect size instead")
    if min(len(a), len(b)) >= 2:
        result = stats.permutation_test(
            (b, a), lambda x, y: np.mean(x) - np.mean(y), permutation_type="independent",
            n_resamples=n_resamples, alternative="two-sided", random_state=seed,
        )
        statistic, p_value = float(result.statistic), float(result.pvalue)
    else:  # scipy needs two values per group; with one, enumerate the n arrangements directly
        pooled = np.concatenate([a, b])
        statistic = float(np.mean(b) - np.mean(a))
        null = [np.mean(pooled[list(idx)]) - np.mean(np.delete(pooled, list(idx)))
                for idx in itertools.combinations(range(n), k)]
        p_value = float(min(1.0, 2 * min(np.mean(np.array(null) >= statistic - 1e-12),
                                          np.mean(np.array(null) <= statistic + 1e-12))))
    warnings = [f"{distinct} distinct permutations: the smallest attainable p is {2 / distinct:.3g}"
                if distinct < 40 else f"{distinct} distinct permutations"]
    if floor > alpha:
        warnings.append(f"cannot reject at alpha = {alpha:g} whatever the data (smallest attainable p {floor:.3g})")
    if min(len(a), len(b)) < 3:
        warnings.append("a period with fewer than 3 observations: the test cannot separate change from noise")
    how = "exact, all" if exact else "Monte Carlo,"
    method = f"permutation test of mean difference ({how} {min(distinct, n_resamples)} permutations)"
    return TestResult("difference in means (after - before)", method, n,
                      estimate=float(np.mean(b) - np.mean(a)), statistic=statistic,
                      p_value=p_value, warnings=tuple(warnings))


def rank_of_focus(values: ArrayLike, focus: int, *, larger_is_unusual: bool = True) -> TestResult:
    """How unusual one value of a series is among all of them (for example one round's change).

    Under exchangeability every position is equally likely to hold any rank, so the one-sided
    p-value ``P(rank <= observed)`` is exactly ``rank / n`` (ties count against the focus). The
    smallest attainable p is ``1 / n``, which the warnings state: with ten values no result can be
    significant at the 5 % level.

    Parameters
    ----------
    values : array-like
        At least 2 values.
    focus : int
        The position of the value judged.
    larger_is_unusual : bool, default True
        Rank 1 is the largest value (False: the smallest).

    Returns
    -------
    TestResult
        ``estimate`` the rank, ``statistic`` the focus value, ``p_value`` ``rank / n``.

    Raises
    ------
    ValueError
        If ``focus`` is not a position of ``values``, or from :func:`as_series`.
    """
    x = as_series(values, "values", min_n=2)
    if not isinstance(focus, int | np.integer) or not 0 <= focus < len(x):
        raise ValueError(f"focus={focus!r}: expected a position from 0 to {len(x) - 1}")
    sign = 1.0 if larger_is_unusual else -1.0
    rank = int(np.sum(sign * x >= sign * x[focus]))
    n = len(x)
    warnings = [f"n = {n}: the smallest attainable p is {1 / n:.3g}"]
    if n < 20:
        warnings.append("fewer than 20 values: the test cannot reach p < 0.05; read the rank, not the p-value")
    direction = "largest" if larger_is_unusual else "smallest"
    method = f"exact rank test under exchangeability (rank 1 = {direction})"
    return TestResult("rank of the focus value", method, n, estimate=float(rank), statistic=float(x[focus]),
                      p_value=rank / n, warnings=tuple(warnings))
