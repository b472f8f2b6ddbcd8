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
(``scipy.optimize.least_squares``): p, q > 0 and m at least the largest observation, or m
fixed by the user (e.g. the population). Intervals come from a residual bootstrap (residuals
rescaled by sqrt(n/(n-k))); in simulation (``benchmarks/bass_coverage.py``: n = 14, 100
series) the nominal 95 % intervals covered the true p, q and m in 91 %, 87 % and 92 % of
series, so read them as somewhat optimistic. Models
are compared by AICc, and :func:`compare_models` says plainly when the data cannot tell
them apart.

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
    "gompertz_cumulative", "linear_cumulative", "logistic_cumulative", "rogers_categories",
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
        """One row per parameter: estimate, standard error, interval."""
        return pd.DataFrame([
            {"model": self.model, "parameter": name, "estimate": value, "se": self.se[name],
             "ci_low": self.ci[name][0], "ci_high": self.ci[name][1], "n": self.n}
            for name, value in self.params.items()
        ])


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


def _bounds_and_start(model: str, tau: np.ndarray, y: np.ndarray, m_fixed: float | None):
    top = float(y.max())
    span = float(tau[-1] - tau[0]) or 1.0
    m_start = m_fixed if m_fixed is not None else max(1.5 * top, top + 1e-9)
    m_low, m_high = (top, max(100 * top, 1.0)) if m_fixed is None else (m_fixed, m_fixed)
    if model == "bass":
        start = bass_ols_start(y) or (0.03, 0.4, m_start)
        p0, q0, m0 = start
        m0 = m_fixed if m_fixed is not None else min(max(m0, top * 1.01), m_high)
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
    """Fit one diffusion model to cumulative adoption ``y`` observed at times ``t``.

    Parameters
    ----------
    model: "bass", "logistic", "gompertz" or "linear".
    origin: launch time (τ = 0); default one period before the first observation.
    m: fix the market potential (e.g. the population, or 100 for a share in per cent).
    data: "cumulative" (default); "per_period" (new adopters per period, summed here); or
        "level": the current number or share of users, measured with error (a survey share, a
        count of active organisations). A level may fall between observations (sampling error,
        churn); the fit then describes its trend, and a warning names each decline.
    n_boot: residual-bootstrap replicates for the intervals (0 for none).
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
    origin = float(times[0] - (times[1] - times[0])) if origin is None else float(origin)
    if origin >= times[0]:
        raise ValueError(f"origin={origin}: the launch must precede the first observation ({times[0]})")
    tau = times - origin
    start, bounds = _bounds_and_start(model, tau, values, m)
    params, result, free, lower, upper = _least_squares(model, tau, values, start, bounds, m is not None)
    rss = float(np.sum(result.fun**2))
    n = len(values)
    messages: list[str] = []
    for j, i in enumerate(free):
        span = upper[j] - lower[j]
        tol = 1e-6 * (abs(span) if np.isfinite(span) else 1.0)
        at_low = np.isfinite(lower[j]) and abs(result.x[j] - lower[j]) <= tol
        at_high = np.isfinite(upper[j]) and abs(result.x[j] - upper[j]) <= tol
        if at_low or at_high:
            messages.append(f"{spec.params[i]} = {fmt(params[i])} sits on its bound; "
                            "the estimate is not identified by the data")
    if declines and model != "linear":
        shown = ", ".join(f"{d:g}" for d in declines)
        messages.append(f"the level falls at {shown}: a diffusion curve cannot follow a decline, "
                        "so the fit describes the trend only")
    if n - k < 4:
        messages.append(f"n = {n} for {k} parameters: intervals are rough and the fit can be driven by single points")
    se = _standard_errors(result, free, spec.params, rss, n)
    boot = _bootstrap(model, tau, values, params, bounds, m is not None, n_boot, seed)
    alpha = (1 - confidence) / 2
    ci = {name: ((float(np.quantile(boot[:, i], alpha)), float(np.quantile(boot[:, i], 1 - alpha)))
                 if boot is not None and len(boot) else (math.nan, math.nan))
          for i, name in enumerate(spec.params)}
    return FitResult(model=model, params=dict(zip(spec.params, map(float, params), strict=True)), se=se, ci=ci,
                     n=n, rss=rss, aicc=_aicc(rss, n, k), origin=origin, confidence=confidence, k=k,
                     warnings=messages, boot_params=boot)


def _standard_errors(result, free, names, rss, n) -> dict[str, float]:
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


def _bootstrap(model, tau, y, params, bounds, fixed_m, n_boot, seed) -> np.ndarray | None:
    if n_boot <= 0:
        return None
    spec = MODELS[model]
    fitted = spec.curve(tau, *params)
    free = len(spec.params) - (1 if fixed_m and "m" in spec.params else 0)
    # fitted residuals are too small by about sqrt((n - k) / n); rescale (Davison & Hinkley 1997)
    residuals = (y - fitted) * math.sqrt(len(y) / max(len(y) - free, 1))
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(n_boot):
        sample = fitted + rng.choice(residuals, size=len(residuals), replace=True)
        if model != "linear":
            sample = np.maximum.accumulate(np.maximum(sample, 0.0))  # keep it a cumulative series
        lo, hi = np.array(bounds[0], dtype=float), np.array(bounds[1], dtype=float)
        if fixed_m is False and "m" in spec.params:
            lo[spec.params.index("m")] = sample.max()
            hi[spec.params.index("m")] = max(hi[spec.params.index("m")], sample.max() * 1.0001)
        start = np.clip(params, lo, hi)
        est, *_ = _least_squares(model, tau, sample, start, (lo, hi), fixed_m)
        rows.append(est)
    return np.array(rows)


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
                           "warnings": "; ".join(f.warnings)} for name, f in fits.items()])
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
