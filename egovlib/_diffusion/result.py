"""The result of one fit: estimates, errors, intervals, bound hits, and what may be recorded."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from egovlib._diffusion.curves import MODELS, bass_peak_time
from egovlib.stats import ArrayLike


# -- fit results ----------------------------------------------------------------------------
@dataclass
class FitResult:
    """A fitted diffusion model with standard errors, bootstrap intervals and AICc (made by :func:`fit`).

    Attributes
    ----------
    model : str
        The key of :data:`MODELS`.
    params : dict
        Estimates by name (m included when fixed).
    se : dict
        Asymptotic standard errors from the Jacobian (NaN where undefined).
    ci : dict
        Bootstrap percentile intervals ``(low, high)`` by name (NaN without a bootstrap).
    n : int
        Observations.
    rss : float
        Residual sum of squares.
    aicc : float
        Small-sample Akaike criterion.
    origin : float
        The launch date τ is counted from.
    confidence : float
        Level of the intervals.
    k : int
        Free parameters (an m fixed from outside does not count).
    warnings : list of str
        Bound hits, declines, few observations.
    boot_params : numpy.ndarray or None
        One row of parameters per bootstrap fit.
    at_bound : tuple of str
        Free parameters whose estimate sits on a bound: not identified.
    boot_at_bound : dict
        Share of bootstrap fits on a bound, by parameter.
    m_fixed : bool
        Whether m was given from outside (a denominator), not estimated.
    """

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
