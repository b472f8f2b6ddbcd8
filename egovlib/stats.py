"""Small-sample statistics, stated honestly.

Thin wrappers over scipy and statsmodels. Every test and estimate returns a :class:`TestResult`
(estimate, confidence interval, statistic, p-value, n, method, warnings) that renders as
one tidy row; :func:`results_table` collects several into a DataFrame. The exceptions:
:func:`segmented_regression` returns such rows as a DataFrame (one per coefficient),
:func:`adjust_pvalues` an array of adjusted p-values, and the input checks
:func:`as_series`/:func:`as_times` arrays. Nothing here prints
a p-value without its n and method, and every function warns when n is below what its
method needs. Exact or permutation methods are used wherever n allows.

scipy and statsmodels are imported inside the functions so that ``import egovlib`` stays
cheap.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

from .formatting import P_DIGITS, digits_for, fmt, pvalue, round_sig

__all__ = [
    "TestResult", "adjust_pvalues", "as_series", "as_times", "beta_convergence", "cagr", "cliffs_delta", "fisher_exact",
    "hedges_g", "kendalls_w", "mann_kendall", "percent_change", "permutation_difference", "proportion",
    "rank_correlation", "rank_of_focus", "results_table", "segmented_regression", "sigma_convergence", "theil_sen",
]

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
def as_series(values: ArrayLike, name: str, *, min_n: int = 1, nonnegative: bool = False) -> np.ndarray:
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


# -- trend ----------------------------------------------------------------------------------
def mann_kendall(y: ArrayLike, t: ArrayLike | None = None) -> TestResult:
    """Mann-Kendall trend test: Kendall's tau between time and value, exact p for small n.

    Estimate is tau; statistic is S (concordant minus discordant pairs). With ties scipy
    falls back to the normal approximation, which is said in a warning.
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
    if n < 5:
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
    """Theil-Sen slope (median of pairwise slopes) with its distribution-free interval."""
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


# -- change between periods -----------------------------------------------------------------
def smallest_attainable_p(n_before: int, n_after: int) -> float:
    """The smallest two-sided p a permutation test of two groups of these sizes can give.

    ``2 / C(n, k)`` (capped at 1): the observed split is one of C(n, k) equally likely
    arrangements, and the two-sided p counts the most extreme arrangement on each side.
    Two against two gives 2 / 6 = 1/3.
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

    The number of distinct permutations C(n, k) is stated; when it is at most
    ``n_resamples`` every one is enumerated (exact test). When the smallest attainable p
    (:func:`smallest_attainable_p`) exceeds ``alpha`` the test cannot reject whatever the data:
    a warning says so, and with ``refuse_powerless=True`` a :class:`PowerlessTestError` is
    raised instead, so that only the difference (an effect size) is reported.
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

    The estimate is the focus value's rank (1 = the largest when ``larger_is_unusual``). Under
    exchangeability every position is equally likely to hold any rank, so the one-sided
    p-value ``P(rank <= observed)`` is exactly ``rank / n`` (ties count against the focus).
    The smallest attainable p is ``1 / n``, which the warnings state: with ten values no result
    can be significant at the 5 % level.
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


def segmented_regression(y: ArrayLike, t: ArrayLike, break_at: float, *, maxlags: int = 1) -> pd.DataFrame:
    """Interrupted time series: level and slope change at ``break_at``, HAC standard errors.

    Returns a tidy table (one row per coefficient, as TestResult rows). With few points
    the HAC correction is itself unreliable, which the warnings say.
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


# -- growth ---------------------------------------------------------------------------------
def percent_change(old: float, new: float) -> TestResult:
    """(new - old) / old in per cent. A single pair has no sampling interval; it says so."""
    old_, new_ = as_series([old, new], "values")
    if old_ == 0:
        raise ValueError("old: percentage change from 0 is undefined")
    return TestResult("percentage change", "arithmetic, one pair", 2, estimate=float((new_ - old_) / old_ * 100),
                      warnings=("a single pair of values has no sampling interval",))


def cagr(y: ArrayLike, t: ArrayLike, *, n_boot: int = 2000, seed: int = 0, confidence: float = 0.95,
         min_residual_dof: int = 4) -> TestResult:
    """Compound annual growth rate, in per cent per unit of t.

    Two points: endpoint CAGR. Three or more: the slope of log(y) on t (log-linear fit). A
    residual-bootstrap interval is given only when the fit leaves at least ``min_residual_dof``
    residual degrees of freedom (n - 2); with fewer, resampling two or three residuals gives
    no interval worth the name, so none is returned and a warning says why.
    """
    values = as_series(y, "y", min_n=2)
    times = as_times(t, len(values))
    if (values <= 0).any():
        raise ValueError("y: CAGR needs positive values")
    span = times[-1] - times[0]
    if len(values) == 2:
        rate = (values[-1] / values[0]) ** (1 / span) - 1
        return TestResult("CAGR", "endpoints", 2, estimate=float(rate * 100),
                          warnings=("two points: no sampling interval can be given",))
    logs = np.log(values)
    slope, intercept = np.polyfit(times, logs, 1)
    estimate = float(np.expm1(slope) * 100)
    dof = len(values) - 2
    if dof < min_residual_dof:
        return TestResult("CAGR", "log-linear slope (no interval)", len(values), estimate=estimate,
                          warnings=(f"n = {len(values)}: {dof} residual degree(s) of freedom, fewer than "
                                    f"{min_residual_dof}; no interval can be given",))
    residuals = logs - (intercept + slope * times)
    rng = np.random.default_rng(seed)
    boot = np.empty(n_boot)
    for i in range(n_boot):
        sample = intercept + slope * times + rng.choice(residuals, size=len(residuals), replace=True)
        boot[i] = np.polyfit(times, sample, 1)[0]
    low, high = np.quantile(boot, [(1 - confidence) / 2, (1 + confidence) / 2])
    warnings = []
    if len(values) < 8:
        warnings.append(f"n = {len(values)}: bootstrap interval from few residuals; treat as rough")
    # a perfectly log-linear series gives a degenerate bootstrap; keep the estimate inside
    return TestResult("CAGR", "log-linear slope, residual bootstrap", len(values), estimate=estimate,
                      ci_low=min(float(np.expm1(low) * 100), estimate), ci_high=max(float(np.expm1(high) * 100), estimate),
                      confidence=confidence, warnings=tuple(warnings))


# -- association ----------------------------------------------------------------------------
def rank_correlation(x: ArrayLike, y: ArrayLike, *, method: str = "spearman", n_resamples: int = 20000,
                     seed: int = 0) -> TestResult:
    """Spearman's rho or Kendall's tau with a permutation p-value (exact when feasible)."""
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


def kendalls_w(rankings: ArrayLike | pd.DataFrame) -> TestResult:
    """Kendall's W for agreement of m rankings (rows) of n items (columns); chi-square p."""
    from scipy import stats

    matrix = np.asarray(rankings, dtype=float)
    if matrix.ndim != 2 or matrix.shape[0] < 2 or matrix.shape[1] < 3:
        raise ValueError("rankings: expected at least 2 rankings (rows) of at least 3 items (columns)")
    ranks = np.apply_along_axis(stats.rankdata, 1, matrix)
    m, n = ranks.shape
    totals = ranks.sum(axis=0)
    s = ((totals - totals.mean()) ** 2).sum()
    w = 12 * s / (m**2 * (n**3 - n))
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
        Counts.
    method : str
        "wilson" or "beta" (Clopper-Pearson, exact).
    confidence : float
        Level of the interval.
    benchmark : float, optional
        A stated, meaningful reference proportion (a target, a rate elsewhere) to test against
        with the exact binomial test. Without one no p-value is computed: a test against an
        arbitrary 0.5 answers no question, so the interval alone is the result.
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


# -- panels ---------------------------------------------------------------------------------
def sigma_convergence(panel: pd.DataFrame, *, value: str = "value", by: str = "year",
                      unit: str = "country") -> pd.DataFrame:
    """Dispersion (standard deviation and coefficient of variation) per period, with n units."""
    rows = []
    for period, group in panel.groupby(by):
        values = group[value].astype(float).dropna()
        rows.append({by: period, "n": len(values), "sd": values.std(ddof=1),
                     "cv": values.std(ddof=1) / values.mean()})
    return pd.DataFrame(rows)


def beta_convergence(initial: ArrayLike, final: ArrayLike, span: float) -> TestResult:
    """Regress average annual log growth on the initial log level; a negative slope is convergence."""
    from scipy import stats

    start = as_series(initial, "initial", min_n=3)
    end = as_series(final, "final", min_n=3)
    if len(start) != len(end):
        raise ValueError("initial and final differ in length")
    if (start <= 0).any() or (end <= 0).any():
        raise ValueError("initial/final: need positive values for log growth")
    growth = (np.log(end) - np.log(start)) / span
    fit = stats.linregress(np.log(start), growth)
    tcrit = stats.t.ppf(0.975, len(start) - 2)
    warnings = [f"{len(start)} countries: a cross-section this small cannot separate convergence from "
                "regression to the mean"] if len(start) < 15 else []
    return TestResult("beta convergence slope", "OLS of log growth on initial log level", len(start),
                      estimate=float(fit.slope), ci_low=float(fit.slope - tcrit * fit.stderr),
                      ci_high=float(fit.slope + tcrit * fit.stderr), confidence=0.95,
                      statistic=float(fit.slope / fit.stderr) if fit.stderr else math.nan, p_value=float(fit.pvalue),
                      warnings=tuple(warnings))


# -- effect sizes and multiplicity ------------------------------------------------------------
def hedges_g(a: ArrayLike, b: ArrayLike, confidence: float = 0.95) -> TestResult:
    """Hedges' g (b minus a, small-sample corrected) with a normal-approximation interval."""
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
    """Cliff's delta, P(b > a) - P(b < a), with a percentile bootstrap interval.

    With fewer than 3 values in a group, resampling gives a degenerate interval (two values that
    do not overlap resample to delta = +-1 every time), so no interval is returned and a warning
    says why.
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
    """Holm ('holm') or Benjamini-Hochberg ('fdr_bh') adjusted p-values (statsmodels)."""
    from statsmodels.stats.multitest import multipletests

    if method not in ("holm", "fdr_bh"):
        raise ValueError(f"method={method!r}: expected 'holm' or 'fdr_bh'")
    p = as_series(p_values, "p_values", min_n=1)
    if ((p < 0) | (p > 1)).any():
        raise ValueError("p_values: must lie in [0, 1]")
    return multipletests(p, method=method)[1]
