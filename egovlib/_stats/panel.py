"""Panels of countries: sigma and beta convergence."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from egovlib._stats.result import ArrayLike, TestResult, as_series


# -- panels ---------------------------------------------------------------------------------
def sigma_convergence(panel: pd.DataFrame, *, value: str = "value", by: str = "year",
                      unit: str = "country") -> pd.DataFrame:
    """Dispersion per period: standard deviation (ddof 1) and coefficient of variation, with n units.

    Parameters
    ----------
    panel : pandas.DataFrame
        Long panel with a column per ``value``, ``by`` and ``unit``.
    value : str, default "value"
    by : str, default "year"
        The period column.
    unit : str, default "country"
        The unit column; not read (each row is one unit). Missing values are dropped per period.

    Returns
    -------
    pandas.DataFrame
        One row per period: ``by``, ``n``, ``sd``, ``cv``. A falling sd over periods is sigma convergence.
    """
    rows = []
    for period, group in panel.groupby(by):
        values = group[value].astype(float).dropna()
        rows.append({by: period, "n": len(values), "sd": values.std(ddof=1),
                     "cv": values.std(ddof=1) / values.mean()})
    return pd.DataFrame(rows)


def beta_convergence(initial: ArrayLike, final: ArrayLike, span: float) -> TestResult:
    """Regress average annual log growth on the initial log level; a negative slope is convergence.

    Parameters
    ----------
    initial, final : array-like
        Positive values of the same units at the start and the end, at least 3, as many of each.
    span : float
        Years between them.

    Returns
    -------
    TestResult
        ``estimate`` the OLS slope with a 95 % t interval, ``statistic`` its t, ``p_value`` two-sided; a
        warning below 15 units (convergence cannot be told from regression to the mean).

    Raises
    ------
    ValueError
        For a value that is not positive, unequal lengths, or from :func:`as_series`.
    """
    from scipy import stats

    start = as_series(initial, "initial", min_n=3, positive=True)  # log growth needs positive values
    end = as_series(final, "final", min_n=3, positive=True)
    if len(start) != len(end):
        raise ValueError("initial and final differ in length")
    growth = (np.log(end) - np.log(start)) / span
    fit = stats.linregress(np.log(start), growth)
    tcrit = stats.t.ppf(0.975, len(start) - 2)
    warnings = [f"{len(start)} countries: a cross-section this small cannot separate convergence from "
                "regression to the mean"] if len(start) < 15 else []
    return TestResult("beta convergence slope", "OLS of log growth on initial log level", len(start),
                      estimate=float(fit.slope), ci_low=float(fit.slope - tcrit * fit.stderr),
                      ci_high=float(fit.slope + tcrit * fit.stderr), confidence=0.95,
                      statistic=float(fit.slope / fit.stderr) if fit.stderr else math.nan, p_value=float(fit.pvalue),
                      warnings=tuple(warnings))
