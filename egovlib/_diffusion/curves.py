"""The model curves of cumulative adoption (Bass, logistic, Gompertz, linear) and their registry."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from egovlib.stats import ArrayLike


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
