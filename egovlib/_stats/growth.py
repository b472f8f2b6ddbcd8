"""Growth: percentage change and compound annual growth rate."""

from __future__ import annotations

import numpy as np

from egovlib._stats.result import ArrayLike, TestResult, as_series, as_times


# -- growth ---------------------------------------------------------------------------------
def percent_change(old: float, new: float) -> TestResult:
    """``(new - old) / old`` in per cent. A single pair has no sampling interval; a warning says so.

    Parameters
    ----------
    old, new : float

    Returns
    -------
    TestResult
        ``estimate`` the change in per cent, ``n`` 2.

    Raises
    ------
    ValueError
        If ``old`` is 0 (the change is undefined) or a value is not finite.

    Examples
    --------
    >>> percent_change(50, 60).estimate
    20.0
    """
    old_, new_ = as_series([old, new], "values")
    if old_ == 0:
        raise ValueError("old: percentage change from 0 is undefined")
    return TestResult("percentage change", "arithmetic, one pair", 2, estimate=float((new_ - old_) / old_ * 100),
                      warnings=("a single pair of values has no sampling interval",))


def cagr(y: ArrayLike, t: ArrayLike, *, n_boot: int = 2000, seed: int = 0, confidence: float = 0.95,
         min_residual_dof: int = 4) -> TestResult:
    """Compound annual growth rate, in per cent per unit of t.

    Two points: the endpoint CAGR. Three or more: ``expm1`` of the slope of log(y) on t (log-linear
    fit). A residual-bootstrap interval is given only when the fit leaves at least
    ``min_residual_dof`` residual degrees of freedom (n - 2); with fewer, resampling two or three
    residuals gives no interval worth the name, so none is returned and a warning says why.

    Parameters
    ----------
    y : array-like
        Positive values, at least 2.
    t : array-like
        Their times, sorted.
    n_boot : int, default 2000
        Bootstrap resamples.
    seed : int, default 0
        Seed of the bootstrap.
    confidence : float, default 0.95
        Level of the interval.
    min_residual_dof : int, default 4
        The fewest residual degrees of freedom for an interval.

    Returns
    -------
    TestResult

    Raises
    ------
    ValueError
        If a value is not positive, or from :func:`as_series` / :func:`as_times`.
    """
    values = as_series(y, "y", min_n=2, positive=True)  # a growth rate needs positive values
    times = as_times(t, len(values))
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
