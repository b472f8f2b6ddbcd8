"""The model curves of cumulative adoption (Bass, logistic, Gompertz, linear) and their registry."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from egovlib.stats import ArrayLike


# -- model curves ---------------------------------------------------------------------------
def bass_cumulative(tau: ArrayLike, p: float, q: float, m: float) -> np.ndarray:
    """Bass cumulative adoption ``N(τ) = m (1 - e^{-(p+q)τ}) / (1 + (q/p) e^{-(p+q)τ})``.

    Parameters
    ----------
    tau : array-like
        Time since launch (τ = t - origin).
    p, q : float
        Coefficients of innovation and imitation, positive.
    m : float
        Market potential (the ceiling), in the units of the data.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> float(bass_cumulative(0.0, 0.03, 0.4, 100.0))
    0.0
    """
    tau = np.asarray(tau, dtype=float)
    e = np.exp(-(p + q) * tau)
    return m * (1 - e) / (1 + (q / p) * e)


def bass_density(tau: ArrayLike, p: float, q: float, m: float) -> np.ndarray:
    """Bass adoption rate ``dN/dτ`` (adopters per unit of time) at time since launch τ.

    Parameters
    ----------
    tau : array-like
    p, q, m : float
        As in :func:`bass_cumulative`.

    Returns
    -------
    numpy.ndarray
    """
    tau = np.asarray(tau, dtype=float)
    e = np.exp(-(p + q) * tau)
    return m * ((p + q) ** 2 / p) * e / (1 + (q / p) * e) ** 2


def bass_peak_time(p: float, q: float) -> float:
    """Time since launch of peak adoption, ``ln(q/p) / (p+q)``.

    Parameters
    ----------
    p, q : float
        Positive coefficients.

    Returns
    -------
    float
        Negative when p > q: the rate falls from launch and has no interior peak.
    """
    return math.log(q / p) / (p + q)


def bass_boundaries(p: float, q: float) -> dict[str, float]:
    """Mahajan, Muller & Srivastava (1990) category boundaries in time since launch.

    T1 and T2 are the inflection points of the adoption rate f(t) and T* its peak: early adopters
    adopt before T1, the early majority between T1 and T*, the late majority between T* and T2 and
    laggards after T2. Boundaries before launch (p >= q/(2+√3)) are returned as they are, negative,
    and mean the category is empty.

    Parameters
    ----------
    p, q : float
        Positive coefficients of innovation and imitation.

    Returns
    -------
    dict
        ``{"T1": ..., "T*": ..., "T2": ...}`` in the time units of p and q.
    """
    root = 2 + math.sqrt(3)
    return {
        "T1": -math.log(root * p / q) / (p + q),
        "T*": -math.log(p / q) / (p + q),
        "T2": -math.log(p / (root * q)) / (p + q),
    }


def logistic_cumulative(tau: ArrayLike, k: float, t_mid: float, m: float) -> np.ndarray:
    """Logistic cumulative adoption ``m / (1 + e^{-k (τ - t_mid)})``.

    Parameters
    ----------
    tau : array-like
        Time since launch.
    k : float
        Growth rate.
    t_mid : float
        Time since launch of the inflection point (half of m).
    m : float
        Ceiling.

    Returns
    -------
    numpy.ndarray
    """
    tau = np.asarray(tau, dtype=float)
    return m / (1 + np.exp(-k * (tau - t_mid)))


def gompertz_cumulative(tau: ArrayLike, b: float, c: float, m: float) -> np.ndarray:
    """Gompertz cumulative adoption ``m exp(-b e^{-c τ})``.

    Parameters
    ----------
    tau : array-like
        Time since launch.
    b : float
        Displacement (larger b, later take-off).
    c : float
        Growth rate.
    m : float
        Ceiling.

    Returns
    -------
    numpy.ndarray
    """
    tau = np.asarray(tau, dtype=float)
    return m * np.exp(-b * np.exp(-c * tau))


def linear_cumulative(tau: ArrayLike, a: float, b: float) -> np.ndarray:
    """Linear cumulative adoption ``a + b τ``, the null against an S-curve.

    Parameters
    ----------
    tau : array-like
        Time since launch.
    a, b : float
        Level at launch and growth per unit of time.

    Returns
    -------
    numpy.ndarray
    """
    tau = np.asarray(tau, dtype=float)
    return a + b * tau


@dataclass(frozen=True)
class Model:
    """A diffusion model of :data:`MODELS`.

    Attributes
    ----------
    name : str
        Its key.
    curve : callable
        ``curve(tau, *params)`` gives cumulative adoption.
    params : tuple of str
        The parameter names, in the order ``curve`` takes them.
    """
    name: str
    curve: Callable[..., np.ndarray]
    params: tuple[str, ...]


MODELS: dict[str, Model] = {
    "bass": Model("bass", bass_cumulative, ("p", "q", "m")),
    "logistic": Model("logistic", logistic_cumulative, ("k", "t_mid", "m")),
    "gompertz": Model("gompertz", gompertz_cumulative, ("b", "c", "m")),
    "linear": Model("linear", linear_cumulative, ("a", "b")),
}
