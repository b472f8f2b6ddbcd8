"""Diffusion-of-Innovation models: Rogers' theory made quantitative.

Models of *cumulative* adoption N(t), in the units of the data (users, a share in per
cent, organisations):

* Bass (1969): ``m (1 - e^{-(p+q)τ}) / (1 + (q/p) e^{-(p+q)τ})`` with τ = t - origin;
  p is the coefficient of innovation (external influence), q of imitation (word of mouth);
* logistic: ``m / (1 + e^{-k (t - t_mid)})``;
* Gompertz: ``m exp(-b e^{-c τ})``;
* linear: ``a + b τ`` (the null: Estonia's X-Road logs grew linearly, not in an S).

Fitting starts from the Bass OLS linearisation (per-period adoption regressed on lagged
cumulative adoption and its square) and refines with bounded nonlinear least squares
(``scipy.optimize.least_squares``): p, q > 0 and m at least the largest observation (half of it
for a measured level, which may overshoot its trend), or m fixed from an outside denominator
(e.g. the population). An estimate that ends on one of these bounds is not identified by the
data: :attr:`FitResult.at_bound` names it and :meth:`FitResult.recordable` returns ``None`` for it,
so it is never recorded as a finding. Intervals come from a residual bootstrap (residuals rescaled
by sqrt(n/(n-k))) that keeps the bounds of the fit and the data as they are (no monotone
smoothing, no floor reset to each resample's maximum), so it cannot manufacture an answer. How well
those intervals cover the truth depends on the design (n, origin, model): :func:`interval_coverage`
measures it by simulation for the design at hand; no coverage figure is typed anywhere.
:func:`profile_origin` refits over plausible launch dates. Models are compared by AICc, and
:func:`compare_models` says plainly when the data cannot tell them apart.

Adopter categories: Rogers' five categories from the mean and standard deviation of
adoption times, and the Bass-based boundaries of Mahajan, Muller & Srivastava (1990)
(the inflection points and the peak of f(t)). :func:`adopter_stage` says which stage a
cumulative adoption share puts a population in (2.5 / 16 / 50 / 84 %).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from egovlib.formatting import fmt
from egovlib.stats import ArrayLike, as_series, as_times

__all__ = [
    "ADOPTER_CATEGORIES", "MODELS", "STAGE_THRESHOLDS", "FitResult", "Model", "adopter_stage", "bass_boundaries",
    "bass_cumulative", "bass_density", "bass_ols_start", "bass_peak_time", "compare_models", "fit",
    "gompertz_cumulative", "interval_coverage", "linear_cumulative", "logistic_cumulative", "profile_origin",
    "rogers_categories",
]

ADOPTER_CATEGORIES = ["innovators", "early adopters", "early majority", "late majority", "laggards"]
STAGE_THRESHOLDS = (2.5, 16.0, 50.0, 84.0)  # cumulative per cent at the category boundaries


# -- model curves ---------------------------------------------------------------------------
def bass_cumulative(tau: ArrayLike, p: float, q: float, m: float) -> np.ndarray:
    """Bass cumulative adoption N(τ) with τ = time since launch."""
    tau = np.asarray(tau, dtype=float)
    e = np.exp(-(p + q) * tau)
    return m * (1 - e) / (1 + (q / p) * e)


def bass_density(tau: ArrayLike, p: float, q: float, m: float) -> np.ndarray:
    """Bass adoption rate dN/dτ."""
    tau = np.asarray(tau, dtype=float)
    e = np.exp(-(p + q) * tau)
    return m * ((p + q) ** 2 / p) * e / (1 + (q / p) * e) ** 2


def bass_peak_time(p: float, q: float) -> float:
    """Time of peak adoption, ln(q/p)/(p+q) (negative when p > q: no interior peak)."""
    return math.log(q / p) / (p + q)


def bass_boundaries(p: float, q: float) -> dict[str, float]:
    """Mahajan, Muller & Srivastava (1990) category boundaries in time since launch.

    T1 and T2 are the inflection points of the adoption rate f(t) and T* its peak:
    early adopters adopt before T1, the early majority between T1 and T*, the late
    majority between T* and T2 and laggards after T2. Boundaries before launch (p >= q/(2+√3))
    are returned as they are, negative, and mean the category is empty.
    """
    root = 2 + math.sqrt(3)
    return {
        "T1": -math.log(root * p / q) / (p + q),
        "T*": -math.log(p / q) / (p + q),
        "T2": -math.log(p / (root * q)) / (p + q),
    }


def logistic_cumulative(tau: ArrayLike, k: float, t_mid: float, m: float) -> np.ndarray:
    tau = np.asarray(tau, dtype=float)
    return m / (1 + np.exp(-k * (tau - t_mid)))


def gompertz_cumulative(tau: ArrayLike, b: float, c: float, m: float) -> np.ndarray:
    tau = np.asarray(tau, dtype=float)
    return m * np.exp(-b * np.exp(-c * tau))


def linear_cumulative(tau: ArrayLike, a: float, b: float) -> np.ndarray:
    tau = np.asarray(tau, dtype=float)
    return a + b * tau


@dataclass(frozen=True)
class Model:
    name: str
    curve: Callable[..., np.ndarray]
    params: tuple[str, ...]


MODELS: dict[str, Model] = {
    "bass": Model("bass", bass_cumulative, ("p", "q", "m")),
    "logistic": Model("logistic", logistic_cumulative, ("k", "t_mid", "m")),
    "gompertz": Model("gompertz", gompertz_cumulative, ("b", "c", "m")),
    "linear": Model("linear", linear_cumulative, ("a", "b")),
}


# -- fit results ----------------------------------------------------------------------------
@dataclass
class FitResult:
    """A fitted diffusion model with standard errors, bootstrap intervals and AICc."""

    model: str
    params: dict[str, float]
    se: dict[str, float]
    ci: dict[str, tuple[float, float]]
    n: int
    rss: float
    aicc: float
    origin: float
    confidence: float
    k: int = 0  # free parameters (m fixed by the user does not count)
    warnings: list[str] = field(default_factory=list)
    boot_params: np.ndarray | None = field(default=None, repr=False)
    at_bound: tuple[str, ...] = ()  # free parameters whose estimate sits on a bound of the fit
    boot_at_bound: dict[str, float] = field(default_factory=dict)  # share of bootstrap fits on a bound
    m_fixed: bool = False  # m given from outside (a denominator), not estimated

    def identified(self, name: str) -> bool:
        """Whether parameter ``name`` is estimated from the data: free and not on a bound."""
        if name not in self.params:
            raise KeyError(f"{name!r}: the {self.model} model has parameters {list(self.params)}")
        if name == "m" and self.m_fixed:
            return False
        return name not in self.at_bound

    def recordable(self, name: str) -> float | None:
        """The estimate of ``name`` if it is identified, else ``None`` (never record a bound as a finding)."""
        return float(self.params[name]) if self.identified(name) else None

    def predict(self, t: ArrayLike) -> np.ndarray:
        """Cumulative adoption at times t (in the data's time units)."""
        spec = MODELS[self.model]
        return spec.curve(np.asarray(t, dtype=float) - self.origin, *self.params.values())

    def forecast(self, t: ArrayLike) -> pd.DataFrame:
        """Point forecast and bootstrap percentile interval at times t."""
        t = np.asarray(t, dtype=float)
        point = self.predict(t)
        if self.boot_params is None or len(self.boot_params) == 0:
            low = high = np.full_like(point, np.nan)
        else:
            spec = MODELS[self.model]
            paths = np.array([spec.curve(t - self.origin, *row) for row in self.boot_params])
            alpha = (1 - self.confidence) / 2
            low, high = np.quantile(paths, [alpha, 1 - alpha], axis=0)
        return pd.DataFrame({"t": t, "forecast": point, "low": low, "high": high})

    def peak_time(self) -> float:
        """Bass only: calendar time of peak adoption."""
        if self.model != "bass":
            raise ValueError(f"peak_time is defined for the Bass model, not {self.model!r}")
        return self.origin + bass_peak_time(self.params["p"], self.params["q"])

    def to_frame(self) -> pd.DataFrame:
        """One row per parameter: estimate, standard error, interval, and whether it is identified."""
        rows = []
        for name, value in self.params.items():
            if name == "m" and self.m_fixed:
                status = "fixed from outside"
            else:
                status = "on its bound: not identified" if name in self.at_bound else "estimated"
            rows.append({"model": self.model, "parameter": name, "estimate": value, "se": self.se[name],
                         "ci_low": self.ci[name][0], "ci_high": self.ci[name][1], "n": self.n, "status": status,
                         "boot_on_bound": self.boot_at_bound.get(name, math.nan)})
        return pd.DataFrame(rows)


# -- fitting --------------------------------------------------------------------------------
def bass_ols_start(cumulative: np.ndarray) -> tuple[float, float, float] | None:
    """Bass (1969) linearisation: s_t = a + b N_{t-1} + c N_{t-1}^2 -> (p, q, m), or None."""
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
    needed = k + 2
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


def profile_origin(model: str, t: ArrayLike, y: ArrayLike, origins: Sequence[float], **kwargs) -> pd.DataFrame:
    """Refit ``model`` for each launch date in ``origins``: estimates, fit and bound hits per origin.

    The origin is not estimated; where it is uncertain (a programme adopted, a portal launched,
    a relaunch), this table shows how much the parameters depend on it.

    Parameters
    ----------
    model : str
        A name in :data:`MODELS`.
    t, y : array-like
        Observation times and values.
    origins : sequence of float
        Candidate launch dates, each before the first observation.
    **kwargs
        Passed to :func:`fit` (``n_boot`` defaults to 0 here).

    Returns
    -------
    pandas.DataFrame
        One row per origin: the parameters, RSS, AICc and ``at_bound`` (names joined by ", ").
    """
    if not len(origins):
        raise ValueError("origins: give at least one launch date")
    kwargs.setdefault("n_boot", 0)
    rows = []
    for origin in origins:
        result = fit(model, t, y, origin=float(origin), **kwargs)
        rows.append({"origin": float(origin), **result.params, "rss": result.rss, "aicc": result.aicc,
                     "at_bound": ", ".join(result.at_bound), "identified": not result.at_bound})
    return pd.DataFrame(rows)


def interval_coverage(
    model: str,
    t: ArrayLike,
    truth: dict[str, float],
    *,
    origin: float,
    sigma: float,
    m: float | None = None,
    n_sim: int = 40,
    n_boot: int = 100,
    confidence: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Coverage of the bootstrap intervals for one design, by simulation.

    Draws ``n_sim`` series from ``model`` with parameters ``truth`` at times ``t`` plus normal
    noise of sd ``sigma``, fits each as :func:`fit` would (``data='level'``, the same origin and
    ``m``), and counts how often each interval contains the true value. Use the notebook's own
    n, origin and model: coverage differs between designs, so it is never typed.

    Returns
    -------
    pandas.DataFrame
        One row per free parameter: ``coverage`` (share of series whose interval holds the truth),
        ``on_bound`` (share of fits whose estimate sits on a bound), ``n_sim``, ``n``, ``nominal``
        and a Clopper-Pearson 95 % interval of the coverage itself.
    """
    from statsmodels.stats.proportion import proportion_confint

    if model not in MODELS:
        raise ValueError(f"model={model!r}: expected one of {list(MODELS)}")
    spec = MODELS[model]
    missing = [name for name in spec.params if name not in truth]
    if missing:
        raise ValueError(f"truth: missing parameter(s) {missing} of the {model} model")
    if sigma <= 0 or not math.isfinite(sigma):
        raise ValueError(f"sigma={sigma!r}: expected a positive noise standard deviation")
    if n_sim < 1 or n_boot < 1:
        raise ValueError(f"n_sim={n_sim}, n_boot={n_boot}: both must be at least 1")
    times = as_times(t, len(np.asarray(t)))
    clean = spec.curve(times - origin, *[truth[name] for name in spec.params])
    rng = np.random.default_rng(seed)
    names = [name for name in spec.params if not (name == "m" and m is not None)]
    covered = {name: 0 for name in names}
    bound = {name: 0 for name in names}
    for i in range(n_sim):
        sample = np.maximum(clean + rng.normal(0.0, sigma, len(times)), 0.0)
        if m is not None:
            sample = np.minimum(sample, m)
        result = fit(model, times, sample, origin=origin, m=m, data="level", n_boot=n_boot,
                     confidence=confidence, seed=seed + i + 1)
        for name in names:
            low, high = result.ci[name]
            covered[name] += bool(low <= truth[name] <= high)
            bound[name] += name in result.at_bound
    rows = []
    for name in names:
        low, high = proportion_confint(covered[name], n_sim, alpha=0.05, method="beta")
        rows.append({"parameter": name, "coverage": covered[name] / n_sim, "coverage_ci_low": float(low),
                     "coverage_ci_high": float(high), "on_bound": bound[name] / n_sim, "nominal": confidence,
                     "n_sim": n_sim, "n": len(times), "origin": origin})
    return pd.DataFrame(rows)


def compare_models(
    t: ArrayLike,
    y: ArrayLike,
    models: Sequence[str] = ("bass", "logistic", "gompertz", "linear"),
    **kwargs,
) -> tuple[pd.DataFrame, dict[str, FitResult]]:
    """Fit several models and rank them by AICc, with Akaike weights and a plain verdict.

    The returned table has ``attrs["statement"]``: which model the data favour, or that
    they cannot tell the best models apart (ΔAICc < 2).
    """
    fits = {name: fit(name, t, y, **kwargs) for name in models}
    table = pd.DataFrame([{"model": name, "k": f.k, "n": f.n, "rss": f.rss, "aicc": f.aicc,
                           "at_bound": ", ".join(f.at_bound), "warnings": "; ".join(f.warnings)}
                          for name, f in fits.items()])
    table["delta_aicc"] = table["aicc"] - table["aicc"].min()
    weights = np.exp(-0.5 * table["delta_aicc"])
    table["weight"] = weights / weights.sum()
    table = table.sort_values("aicc", ignore_index=True)
    close = table[table["delta_aicc"] < 2]["model"].tolist()
    n = int(table["n"].iloc[0])
    if len(close) > 1:
        statement = (f"With n = {n} observations the data cannot tell {', '.join(close)} apart "
                     "(AICc within 2 of the best); no diffusion shape is established.")
    else:
        statement = (f"{close[0]} fits best (next model {table['delta_aicc'].iloc[1]:.1f} AICc units behind, "
                     f"n = {n}).")
    table.attrs["statement"] = statement
    return table, fits


# -- adopter categories ---------------------------------------------------------------------
def rogers_categories(adoption_times: ArrayLike) -> pd.Series:
    """Rogers' categories from the mean and standard deviation of adoption times.

    Innovators before mean - 2 sd, early adopters to mean - sd, early majority to the mean,
    late majority to mean + sd, laggards after. Because the categories are defined by the
    sample's own mean and sd, testing their 2.5/13.5/34/34/16 shares against the sample is
    circular; use :func:`bass_boundaries` for estimable boundaries.
    """
    times = as_series(adoption_times, "adoption_times", min_n=2)
    mean, sd = times.mean(), times.std(ddof=1)
    if sd == 0:
        raise ValueError("adoption_times: all equal; categories are undefined")
    edges = [-np.inf, mean - 2 * sd, mean - sd, mean, mean + sd, np.inf]
    return pd.Series(pd.cut(times, edges, labels=ADOPTER_CATEGORIES, right=False, ordered=True))


def adopter_stage(share_percent: float | ArrayLike) -> pd.Series:
    """Which Rogers stage a cumulative adoption share (per cent, 0-100) puts a population in.

    Below 2.5 % the innovators are adopting; 2.5-16 % early adopters; 16-50 % the early
    majority; 50-84 % the late majority; above 84 % the laggards.
    """
    shares = as_series(np.atleast_1d(share_percent), "share_percent", nonnegative=True)
    if (shares > 100).any():
        raise ValueError(f"share_percent: a cumulative share above 100 per cent ({shares.max()}) is impossible")
    edges = [-np.inf, *STAGE_THRESHOLDS, np.inf]
    return pd.Series(pd.cut(shares, edges, labels=ADOPTER_CATEGORIES, right=False, ordered=True))
