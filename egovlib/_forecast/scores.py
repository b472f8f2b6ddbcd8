"""Scores of forecasts against a later round: errors, coverage, ranks, paired comparison with the baseline."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from egovlib._forecast.models import MODELS, wide_panel


# -- scores --------------------------------------------------------------------------------------
def percentile_of(values: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Percentile of each value among ``reference``: 100 x the share of reference values at or below it.

    Parameters
    ----------
    values : array-like
    reference : array-like
        Not empty.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> percentile_of([0.5], [0.2, 0.5, 0.9, 1.0]).tolist()
    [50.0]
    """
    reference = np.sort(np.asarray(reference, dtype=float))
    return 100.0 * np.searchsorted(reference, np.asarray(values, dtype=float), side="right") / len(reference)


def _scored(forecasts: pd.DataFrame, actual: pd.Series) -> pd.DataFrame:
    """Forecast rows of the members that every model forecast and that have an actual value."""
    table = forecasts.dropna(subset=["point"]).copy()
    table = table[table["country"].map(actual).notna()]
    counts = table.groupby("country")["model"].nunique()
    common = counts.index[counts == table["model"].nunique()]
    table = table[table["country"].isin(common)].copy()
    table["actual"] = table["country"].map(actual)
    table["error"] = table["actual"] - table["point"]
    parts = []
    for _, own in table.groupby("model", observed=True):
        own = own.copy()
        points = own["point"].to_numpy()
        own["point_pct"] = percentile_of(points, points)
        own["lower_pct"] = percentile_of(own["lower"].to_numpy(), points)
        own["upper_pct"] = percentile_of(own["upper"].to_numpy(), points)
        own["actual_pct"] = percentile_of(own["actual"].to_numpy(), own["actual"].to_numpy())
        parts.append(own)
    return pd.concat(parts, ignore_index=True) if parts else table


def score(forecasts: pd.DataFrame, actual: pd.Series, *, groups: dict[str, Iterable[str]] | None = None) -> pd.DataFrame:
    """Scores of every model on one target round, for all members and for each group.

    Parameters
    ----------
    forecasts : DataFrame
        Rows of :func:`forecast` for one target round.
    actual : Series
        The target round's values by country (NaN or absent: not scored).
    groups : dict, optional
        Extra groups of countries, e.g. ``{"focus": FOCUS}``; ``"all"`` is always scored.
        Percentiles are always among all members scored.

    Returns
    -------
    DataFrame
        One row per group and model: ``n``, ``mae``, ``bias`` (mean of actual minus forecast),
        ``mae_unbiased`` (mean absolute error after subtracting the bias of all members),
        ``coverage`` (share of actual values inside the interval), ``spearman``,
        ``pct_mae`` (percentile points) and ``pct_coverage``.

    Raises
    ------
    ValueError
        If ``forecasts`` hold more than one target round.
    """
    from scipy.stats import spearmanr

    targets = set(forecasts["target"])
    if len(targets) != 1:
        raise ValueError(f"score: forecasts of one target round expected, got {sorted(targets)}")
    table = _scored(forecasts, actual)
    bias_all = table.groupby("model", observed=True)["error"].mean()
    chosen = {"all": None, **{k: list(v) for k, v in (groups or {}).items()}}
    rows = []
    for group, members in chosen.items():
        part = table if members is None else table[table["country"].isin(members)]
        for model, own in part.groupby("model", observed=True):
            if own.empty:
                continue
            inside = (own["actual"] >= own["lower"]) & (own["actual"] <= own["upper"])
            inside_pct = (own["actual_pct"] >= own["lower_pct"]) & (own["actual_pct"] <= own["upper_pct"])
            has_interval = own["lower"].notna()
            ranked = len(own) >= 3 and own["point"].nunique() > 1 and own["actual"].nunique() > 1
            rho = spearmanr(own["point"], own["actual"]).statistic if ranked else float("nan")
            rows.append({"group": group, "model": model, "target": int(next(iter(targets))), "n": len(own),
                         "mae": own["error"].abs().mean(), "bias": own["error"].mean(),
                         "mae_unbiased": (own["error"] - bias_all[model]).abs().mean(),
                         "coverage": inside[has_interval].mean() if has_interval.any() else float("nan"),
                         "spearman": float(rho),
                         "pct_mae": (own["actual_pct"] - own["point_pct"]).abs().mean(),
                         "pct_coverage": inside_pct[has_interval].mean() if has_interval.any() else float("nan")})
    return pd.DataFrame(rows)


def paired_comparison(forecasts: pd.DataFrame, actual: pd.Series, *, members: Iterable[str] | None = None,
                      baseline: str = "carry_forward", scale: str = "level", n_boot: int = 2000,
                      seed: int = 0, confidence: float = 0.95) -> pd.DataFrame:
    """Each model's absolute errors against the baseline's, member by member, on one target round.

    The difference ``|error of model| - |error of baseline|`` (negative: the model is closer) is
    tested with the Wilcoxon signed-rank test (two-sided; SciPy's ``method="auto"``, which in SciPy
    1.17 is exact up to n = 50 without ties or zero differences, a full sign-flip permutation up to
    n = 13 with them, and the normal approximation otherwise; zero differences are dropped),
    Holm-adjusted over the models with a p-value. The effect size is the mean difference with a
    percentile bootstrap interval over members, plus the share of members the model forecast more
    closely. Only members that every model forecast and that have an actual value are compared.

    Parameters
    ----------
    forecasts : DataFrame
        Rows of :func:`forecast` for one target round.
    actual : Series
        The target round's values by country (NaN or absent: not compared).
    members : iterable of str, optional
        Restrict to these countries (default: every member scored).
    baseline : str
        The model compared against (default ``"carry_forward"``).
    scale : {"level", "percentile"}
        Errors of the index levels, or of the members' percentiles.
    n_boot : int
        Bootstrap resamples of the mean difference (default 2000).
    seed : int
        Seed of the bootstrap (default 0).
    confidence : float
        Level of the bootstrap interval (default 0.95).

    Returns
    -------
    DataFrame
        One row per other model in :data:`MODELS` that was forecast: ``model``, ``baseline``, ``scale``,
        ``n``, ``mean_difference``, ``ci_low``, ``ci_high``, ``share_closer``, ``p_value`` (NaN when
        every difference is 0 or n is 0), ``method``, ``warning`` (below 12 members) and ``p_holm``.

    Raises
    ------
    ValueError
        If ``scale`` is neither ``"level"`` nor ``"percentile"``.
    """
    from scipy.stats import wilcoxon

    from egovlib.stats import adjust_pvalues

    if scale not in ("level", "percentile"):
        raise ValueError(f"scale={scale!r}: expected 'level' or 'percentile'")
    table = _scored(forecasts, actual)
    if members is not None:
        table = table[table["country"].isin(list(members))]
    column = table["error"].abs() if scale == "level" else (table["actual_pct"] - table["point_pct"]).abs()
    errors = table.assign(abs_error=column).pivot(index="country", columns="model", values="abs_error")
    rng = np.random.default_rng(seed)
    rows = []
    for model in [m for m in MODELS if m != baseline and m in errors.columns]:
        diff = (errors[model] - errors[baseline]).dropna().to_numpy()
        n = len(diff)
        warning = ""
        if n < 12:
            warning = f"n = {n}: few members; the test has little power and the interval is wide"
        if n == 0 or np.all(diff == 0):
            p = float("nan")
        else:
            p = float(wilcoxon(diff, alternative="two-sided").pvalue)
        boots = rng.choice(diff, size=(n_boot, n), replace=True).mean(axis=1) if n else np.array([np.nan])
        low, high = np.quantile(boots, [(1 - confidence) / 2, (1 + confidence) / 2])
        rows.append({"model": model, "baseline": baseline, "scale": scale, "n": n, "mean_difference": diff.mean(),
                     "ci_low": low, "ci_high": high, "share_closer": float((diff < 0).mean()) if n else np.nan,
                     "p_value": p, "method": "Wilcoxon signed-rank, two-sided; bootstrap CI of the mean",
                     "warning": warning})
    result = pd.DataFrame(rows)
    if not result.empty:
        finite = result["p_value"].notna()
        result["p_holm"] = np.nan
        result.loc[finite, "p_holm"] = adjust_pvalues(result.loc[finite, "p_value"].to_numpy(), "holm")
    return result


def method_shift(panel: pd.DataFrame, indicators: Sequence[str] = ("egdi", "osi", "hci", "tii")) -> pd.DataFrame:
    """Mean change between consecutive rounds over the members with a value in both.

    A change of the UN's method shows as a shift of the whole round, which the members' typical
    change does not explain.

    Parameters
    ----------
    panel : pandas.DataFrame
        The tidy UN panel.
    indicators : sequence of str, default ("egdi", "osi", "hci", "tii")

    Returns
    -------
    pandas.DataFrame
        ``indicator, from, to, members, mean_change``, one row per indicator and pair of rounds.
    """
    rows = []
    for indicator in indicators:
        wide = wide_panel(panel, indicator)
        rounds = list(wide.columns)
        for before, after in zip(rounds[:-1], rounds[1:], strict=True):
            both = wide[[before, after]].dropna()
            rows.append({"indicator": indicator, "from": before, "to": after, "members": len(both),
                         "mean_change": float((both[after] - both[before]).mean()) if len(both) else np.nan})
    return pd.DataFrame(rows)
