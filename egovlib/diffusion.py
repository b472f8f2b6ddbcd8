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

This module is the public face; import from it. The code lives by job in ``_diffusion/``: ``curves`` (and
MODELS), ``fitting``, ``result`` (FitResult), ``design``, ``adopters``.
"""

from __future__ import annotations

from egovlib._diffusion.adopters import (
    ADOPTER_CATEGORIES,
    STAGE_THRESHOLDS,
    adopter_stage,
    rogers_categories,
)
from egovlib._diffusion.curves import (
    MODELS,
    Model,
    bass_boundaries,
    bass_cumulative,
    bass_density,
    bass_peak_time,
    gompertz_cumulative,
    linear_cumulative,
    logistic_cumulative,
)
from egovlib._diffusion.design import (
    compare_models,
    interval_coverage,
    profile_origin,
)
from egovlib._diffusion.fitting import (
    bass_ols_start,
    fit,
    min_observations,
)
from egovlib._diffusion.result import FitResult

__all__ = [
    "ADOPTER_CATEGORIES", "FitResult", "MODELS", "Model", "STAGE_THRESHOLDS", "adopter_stage", "bass_boundaries",
    "bass_cumulative", "bass_density", "bass_ols_start", "bass_peak_time", "compare_models", "fit",
    "gompertz_cumulative", "interval_coverage", "linear_cumulative", "logistic_cumulative", "min_observations",
    "profile_origin", "rogers_categories",
]
