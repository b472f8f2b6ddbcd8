"""Over fits: the origin profile, simulated interval coverage and the comparison of models."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from egovlib._diffusion.curves import MODELS
from egovlib._diffusion.fitting import fit
from egovlib._diffusion.result import FitResult
from egovlib.stats import ArrayLike, as_times


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
        One row per origin: ``origin``, the parameters, ``rss``, ``aicc``, ``at_bound`` (names joined
        by ", ") and ``identified`` (no estimate on a bound).

    Raises
    ------
    ValueError
        Without origins, or from :func:`fit`.
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

    Parameters
    ----------
    model : str
        A key of :data:`MODELS`.
    t : array-like
        The design's observation times.
    truth : dict
        The true value of every parameter of ``model``.
    origin : float
        The launch date.
    sigma : float
        Standard deviation of the normal noise, positive.
    m : float, optional
        m fixed in every fit, as the notebook fixes it.
    n_sim, n_boot : int, default 40, 100
        Simulated series, and bootstrap resamples per fit.
    confidence : float, default 0.95
        Level of the intervals whose coverage is measured.
    seed : int, default 0

    Returns
    -------
    pandas.DataFrame
        One row per free parameter: ``parameter``, ``coverage`` (share of series whose interval
        holds the truth), ``coverage_ci_low`` and ``coverage_ci_high`` (Clopper-Pearson 95 %),
        ``on_bound`` (share of fits whose estimate sits on a bound), ``nominal``, ``n_sim``, ``n``
        and ``origin``.

    Raises
    ------
    ValueError
        For an unknown model, a missing true parameter, a sigma that is not positive and finite, or
        ``n_sim``/``n_boot`` below 1.
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

    Parameters
    ----------
    t, y : array-like
        Observation times and values.
    models : sequence of str, default ("bass", "logistic", "gompertz", "linear")
        Keys of :data:`MODELS`.
    **kwargs
        Passed to :func:`fit` for every model (``origin``, ``m``, ``data``, ``n_boot``, ...).

    Returns
    -------
    table : pandas.DataFrame
        One row per model, best first: ``model``, ``k``, ``n``, ``rss``, ``aicc``, ``at_bound``,
        ``warnings``, ``delta_aicc``, ``weight``. ``table.attrs["statement"]`` says which model the
        data favour, or that they cannot tell the best models apart (ΔAICc < 2).
    fits : dict
        The :class:`FitResult` of each model.

    Raises
    ------
    ValueError
        From :func:`fit` (an unknown model, too few observations for one of them, ...).
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
