"""Fitting one model: OLS start, bounded least squares, bound hits, standard errors, bootstrap."""

from __future__ import annotations

import math
import warnings

import numpy as np

from egovlib._diffusion.curves import MODELS
from egovlib._diffusion.result import FitResult
from egovlib.formatting import fmt
from egovlib.stats import ArrayLike, as_series, as_times


# -- fitting --------------------------------------------------------------------------------
def bass_ols_start(cumulative: np.ndarray) -> tuple[float, float, float] | None:
    """Bass (1969) linearisation, the start of the nonlinear fit.

    Per-period adoption ``s_t = a + b N_{t-1} + c N_{t-1}^2`` by least squares, solved for
    ``(p, q, m)``.

    Parameters
    ----------
    cumulative : numpy.ndarray
        Cumulative adoption at consecutive periods.

    Returns
    -------
    tuple of float or None
        ``(p, q, m)``, or None when the quadratic has no admissible solution (c >= 0, no real root,
        or a non-positive m, p or q).
    """
    lagged = np.concatenate([[0.0], cumulative[:-1]])
    sales = np.diff(np.concatenate([[0.0], cumulative]))
    design = np.column_stack([np.ones_like(lagged), lagged, lagged**2])
    try:
        a, b, c = np.linalg.lstsq(design, sales, rcond=None)[0]
    except np.linalg.LinAlgError:
        return None
    if c >= 0 or b * b - 4 * a * c < 0:
        return None
    m = (-b - math.sqrt(b * b - 4 * a * c)) / (2 * c)
    if m <= 0:
        return None
    p, q = a / m, -c * m
    if p <= 0 or q <= 0:
        return None
    return p, q, m


def _aicc(rss: float, n: int, k: int) -> float:
    rss = max(rss, 1e-300)
    return n * math.log(rss / n) + 2 * k + 2 * k * (k + 1) / (n - k - 1)


def _bounds_and_start(model: str, tau: np.ndarray, y: np.ndarray, m_fixed: float | None, level: bool = False):
    top = float(y.max())
    span = float(tau[-1] - tau[0]) or 1.0
    m_start = m_fixed if m_fixed is not None else max(1.5 * top, top + 1e-9)
    floor = 0.5 * top if level else top  # a measured level may overshoot its trend; a cumulative count cannot
    m_low, m_high = (floor, max(100 * top, 1.0)) if m_fixed is None else (m_fixed, m_fixed)
    if model == "bass":
        start = bass_ols_start(y) or (0.03, 0.4, m_start)
        p0, q0, m0 = start
        m0 = m_fixed if m_fixed is not None else min(max(m0, m_low * 1.01, top * 1.01), m_high)
        return [max(p0, 1e-5), max(q0, 1e-4), m0], ([1e-6, 1e-6, m_low], [1.0, 5.0, m_high])
    if model == "logistic":
        lower = [1e-6, tau[0] - 10 * span, m_low]
        upper = [20.0, tau[-1] + 10 * span, m_high]
        return [4.0 / span, float(tau.mean()), m_start], (lower, upper)
    if model == "gompertz":
        return [2.0, 1.0 / span, m_start], ([1e-6, 1e-6, m_low], [1e3, 20.0, m_high])
    slope, intercept = np.polyfit(tau, y, 1)
    return [intercept, slope], ([-np.inf, -np.inf], [np.inf, np.inf])


#: Convergence tolerance of the least-squares fits, far tighter than scipy's default (1e-8), which
#: stopped Bass fits about 4e-5 (relative) short of the optimum. With it, estimates from machines
#: with other BLAS kernels agree to about 1e-8 (relative), four orders of magnitude below the
#: digits that :mod:`egovlib.formatting` shows. Parameters along flat directions of the residual
#: sum of squares cannot be pinned down more closely than that, whatever the tolerance.
_TOLERANCE = 1e-12


def _least_squares(model: str, tau: np.ndarray, y: np.ndarray, start, bounds, fixed_m: bool):
    from scipy.optimize import least_squares

    spec = MODELS[model]
    free = [i for i, name in enumerate(spec.params) if not (fixed_m and name == "m")]
    full = np.array(start, dtype=float)

    def residuals(theta):
        params = full.copy()
        params[free] = theta
        return spec.curve(tau, *params) - y

    lower = np.array(bounds[0], dtype=float)[free]
    upper = np.array(bounds[1], dtype=float)[free]
    with np.errstate(invalid="ignore"):  # infinite bounds stay infinite
        inner_low = np.where(np.isfinite(lower), lower + 1e-9 * (np.abs(lower) + 1), lower)
        inner_high = np.where(np.isfinite(upper), upper - 1e-9 * (np.abs(upper) + 1), upper)
    x0 = np.clip(full[free], inner_low, np.maximum(inner_high, inner_low))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        result = least_squares(residuals, x0, bounds=(lower, upper), method="trf",
                               ftol=_TOLERANCE, xtol=_TOLERANCE, gtol=_TOLERANCE, max_nfev=5000)
    params = full.copy()
    params[free] = result.x
    return params, result, free, lower, upper


def _on_bounds(x: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Which entries of ``x`` sit on a finite bound (within 1e-6 of the span between the bounds)."""
    span = upper - lower
    with np.errstate(invalid="ignore"):
        tol = 1e-6 * np.where(np.isfinite(span), np.abs(span), 1.0)
        at_low = np.isfinite(lower) & (np.abs(x - lower) <= tol)
        at_high = np.isfinite(upper) & (np.abs(x - upper) <= tol)
    return at_low | at_high


def min_observations(model: str, *, m_fixed: bool = False) -> int:
    """The fewest observations :func:`fit` accepts for ``model``: its free parameters plus 2.

    The one rule for how short a series may be fitted (the explorer asks the same). Two more
    observations than free parameters leave the residual variance and the AICc defined.

    Parameters
    ----------
    model : str
        A key of :data:`MODELS` (``"bass"``, ``"logistic"``, ``"gompertz"``, ``"linear"``).
    m_fixed : bool, default False
        Whether the market potential m is fixed from an outside denominator (one parameter fewer
        for the models that have m).

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If ``model`` is not a known model.

    Examples
    --------
    >>> min_observations("bass"), min_observations("bass", m_fixed=True), min_observations("linear")
    (5, 4, 4)
    """
    if model not in MODELS:
        raise ValueError(f"model={model!r}: expected one of {list(MODELS)}")
    params = MODELS[model].params
    return len(params) - (1 if m_fixed and "m" in params else 0) + 2


def fit(
    model: str,
    t: ArrayLike,
    y: ArrayLike,
    *,
    origin: float | None = None,
    m: float | None = None,
    data: str = "cumulative",
    n_boot: int = 300,
    confidence: float = 0.95,
    seed: int = 0,
) -> FitResult:
    """Fit one diffusion model to adoption ``y`` observed at times ``t``.

    Parameters
    ----------
    model : str
        "bass", "logistic", "gompertz" or "linear".
    t, y : array-like
        Observation times and values.
    origin : float, optional
        Launch time (τ = 0), e.g. the launch year of the portal. Without it one period before the
        first observation is assumed, and a warning says so: the origin moves p and q a great deal.
    m : float, optional
        Fix the market potential from an outside denominator (e.g. 100 for a share of the
        population in per cent). Without it m is estimated, and is often on its bound.
    data : str
        "cumulative" (default); "per_period" (new adopters per period, summed here); or "level":
        the current number or share of users, measured with error (a survey share, a count of
        active organisations). A level may fall between observations; the fit then describes its
        trend, and a warning names each decline.
    n_boot : int
        Residual-bootstrap replicates for the intervals (0 for none).
    confidence : float
        Level of the bootstrap percentile intervals.
    seed : int
        Seed of the bootstrap.

    Returns
    -------
    FitResult
        With :attr:`FitResult.at_bound` naming every estimate that sits on a bound.

    Raises
    ------
    ValueError
        For an unknown ``model`` or ``data``, fewer observations than :func:`min_observations`, a fixed
        ``m`` below the largest observation, decreasing cumulative values, or an ``origin`` not before the
        first observation.
    """
    if model not in MODELS:
        raise ValueError(f"model={model!r}: expected one of {list(MODELS)}")
    if data not in ("cumulative", "per_period", "level"):
        raise ValueError(f"data={data!r}: expected 'cumulative', 'per_period' or 'level'")
    values = as_series(y, "y", nonnegative=model != "linear")
    if data == "per_period":
        values = np.cumsum(values)
    times = as_times(t, len(values))
    spec = MODELS[model]
    k = len(spec.params) - (1 if (m is not None and "m" in spec.params) else 0)
    needed = min_observations(model, m_fixed=m is not None)
    if len(values) < needed:
        raise ValueError(
            f"{model}: needs at least {needed} observations ({k} free parameters, plus 2 so that the "
            f"residual variance and AICc are defined); got {len(values)}"
        )
    if m is not None and m < values.max():
        raise ValueError(f"m={m}: the market potential cannot be below the largest observation {values.max()}")
    declines = [float(times[i + 1]) for i in np.flatnonzero(np.diff(values) < 0)]
    if model != "linear" and declines and data != "level":
        raise ValueError("y: cumulative adoption must not decrease; pass cumulative, not per-period, values "
                         "(or data='level' for a measured share or count of current users)")
    messages: list[str] = []
    if origin is None:
        origin = float(times[0] - (times[1] - times[0]))
        if model != "linear":
            messages.append(f"origin not given: assumed {origin:g}, one period before the first observation; "
                            "p and q depend on it, so pass the launch date")
    origin = float(origin)
    if origin >= times[0]:
        raise ValueError(f"origin={origin}: the launch must precede the first observation ({times[0]})")
    tau = times - origin
    level = data == "level"
    start, bounds = _bounds_and_start(model, tau, values, m, level)
    params, result, free, lower, upper = _least_squares(model, tau, values, start, bounds, m is not None)
    rss = float(np.sum(result.fun**2))
    n = len(values)
    hits = _on_bounds(result.x, lower, upper)
    at_bound = tuple(spec.params[i] for j, i in enumerate(free) if hits[j])
    for name in at_bound:
        messages.append(f"{name} = {fmt(params[spec.params.index(name)])} sits on its bound; "
                        "the estimate is not identified by the data")
    if declines and model != "linear":
        shown = ", ".join(f"{d:g}" for d in declines)
        messages.append(f"the level falls at {shown}: a diffusion curve cannot follow a decline, "
                        "so the fit describes the trend only")
    if n - k < 4:
        messages.append(f"n = {n} for {k} parameters: intervals are rough and the fit can be driven by single points")
    se = _standard_errors(result, free, spec.params, rss, n)
    boot, boot_hits = _bootstrap(model, tau, values, params, bounds, m is not None, n_boot, seed)
    alpha = (1 - confidence) / 2
    ci = {name: ((float(np.quantile(boot[:, i], alpha)), float(np.quantile(boot[:, i], 1 - alpha)))
                 if boot is not None and len(boot) else (math.nan, math.nan))
          for i, name in enumerate(spec.params)}
    boot_at_bound = {}
    if boot_hits is not None:
        boot_at_bound = {spec.params[i]: float(boot_hits[:, j].mean()) for j, i in enumerate(free)}
        worst = max(boot_at_bound, key=boot_at_bound.get) if boot_at_bound else None
        if worst is not None and boot_at_bound[worst] > 0.1 and worst not in at_bound:
            messages.append(f"{worst} is on its bound in {boot_at_bound[worst]:.0%} of bootstrap fits: "
                            "its interval is cut off by the bound")
    return FitResult(model=model, params=dict(zip(spec.params, map(float, params), strict=True)), se=se, ci=ci,
                     n=n, rss=rss, aicc=_aicc(rss, n, k), origin=origin, confidence=confidence, k=k,
                     warnings=messages, boot_params=boot, at_bound=at_bound, boot_at_bound=boot_at_bound,
                     m_fixed=m is not None and "m" in spec.params)


def _standard_errors(result, free, names, rss, n) -> dict[str, float]:
    """Asymptotic standard errors from the Jacobian at the optimum (NaN where undefined)."""
    se = {name: math.nan for name in names}
    dof = n - len(free)
    if dof <= 0:
        return se
    jac = result.jac
    try:
        cov = np.linalg.pinv(jac.T @ jac) * rss / dof
    except np.linalg.LinAlgError:
        return se
    for j, i in enumerate(free):
        se[names[i]] = float(math.sqrt(cov[j, j])) if cov[j, j] >= 0 else math.nan
    return se


def _bootstrap(model, tau, y, params, bounds, fixed_m, n_boot, seed):
    """Residual bootstrap with the fit's own bounds; returns (estimates, on-bound flags) or (None, None).

    Resamples are fitted as they come: no monotone smoothing and no bound moved to the
    resample, so the bootstrap cannot force an answer the data do not give.
    """
    if n_boot <= 0:
        return None, None
    spec = MODELS[model]
    fitted = spec.curve(tau, *params)
    free = len(spec.params) - (1 if fixed_m and "m" in spec.params else 0)
    # fitted residuals are too small by about sqrt((n - k) / n); rescale (Davison & Hinkley 1997)
    residuals = (y - fitted) * math.sqrt(len(y) / max(len(y) - free, 1))
    rng = np.random.default_rng(seed)
    rows, flags = [], []
    for _ in range(n_boot):
        sample = fitted + rng.choice(residuals, size=len(residuals), replace=True)
        start = np.clip(params, np.array(bounds[0], dtype=float), np.array(bounds[1], dtype=float))
        est, result, _free, lower, upper = _least_squares(model, tau, sample, start, bounds, fixed_m)
        rows.append(est)
        flags.append(_on_bounds(result.x, lower, upper))
    return np.array(rows), np.array(flags)
