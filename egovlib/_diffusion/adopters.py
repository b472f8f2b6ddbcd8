"""Rogers' adopter categories and the stage a cumulative share puts a population in."""

from __future__ import annotations

import numpy as np
import pandas as pd

from egovlib.stats import ArrayLike, as_series

ADOPTER_CATEGORIES = ["innovators", "early adopters", "early majority", "late majority", "laggards"]
STAGE_THRESHOLDS = (2.5, 16.0, 50.0, 84.0)  # cumulative per cent at the category boundaries


# -- adopter categories ---------------------------------------------------------------------
def rogers_categories(adoption_times: ArrayLike) -> pd.Series:
    """Rogers' categories from the mean and standard deviation of adoption times.

    Innovators before mean - 2 sd, early adopters to mean - sd, early majority to the mean, late
    majority to mean + sd, laggards after. Because the categories are defined by the sample's own
    mean and sd, testing their 2.5/13.5/34/34/16 shares against the sample is circular; use
    :func:`bass_boundaries` for estimable boundaries.

    Parameters
    ----------
    adoption_times : array-like
        At least 2 times, not all equal.

    Returns
    -------
    pandas.Series
        Ordered categorical, one of :data:`ADOPTER_CATEGORIES` per time, in the input order.

    Raises
    ------
    ValueError
        If all times are equal, or from :func:`~egovlib.stats.as_series`.
    """
    times = as_series(adoption_times, "adoption_times", min_n=2)
    mean, sd = times.mean(), times.std(ddof=1)
    if sd == 0:
        raise ValueError("adoption_times: all equal; categories are undefined")
    edges = [-np.inf, mean - 2 * sd, mean - sd, mean, mean + sd, np.inf]
    return pd.Series(pd.cut(times, edges, labels=ADOPTER_CATEGORIES, right=False, ordered=True))


def adopter_stage(share_percent: float | ArrayLike) -> pd.Series:
    """Which Rogers stage a cumulative adoption share (per cent, 0-100) puts a population in.

    Below 2.5 % the innovators are adopting; 2.5-16 % early adopters; 16-50 % the early majority;
    50-84 % the late majority; from 84 % the laggards (:data:`STAGE_THRESHOLDS`; a share on a
    boundary belongs to the later stage).

    Parameters
    ----------
    share_percent : float or array-like
        Cumulative shares in per cent.

    Returns
    -------
    pandas.Series
        Ordered categorical of :data:`ADOPTER_CATEGORIES`, one per share.

    Raises
    ------
    ValueError
        For a negative share or one above 100.

    Examples
    --------
    >>> adopter_stage([1.0, 34.6])[1]
    'early majority'
    """
    shares = as_series(np.atleast_1d(share_percent), "share_percent", nonnegative=True)
    if (shares > 100).any():
        raise ValueError(f"share_percent: a cumulative share above 100 per cent ({shares.max()}) is impossible")
    edges = [-np.inf, *STAGE_THRESHOLDS, np.inf]
    return pd.Series(pd.cut(shares, edges, labels=ADOPTER_CATEGORIES, right=False, ordered=True))
