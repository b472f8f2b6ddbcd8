"""The five forecasting models, their rolling-origin calibration errors and intervals."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from egovlib.un_method import changes

#: The models, in the order tables show them.
MODELS = ("carry_forward", "theil_sen", "logistic", "gompertz", "pooled_logit")
LABELS = {
    "carry_forward": "carry-forward",
    "theil_sen": "Theil-Sen trend",
    "logistic": "logistic (ceiling 1)",
    "gompertz": "Gompertz (ceiling 1)",
    "pooled_logit": "pooled logit change, country effects",
}
#: Kazakhstan and its neighbours (Central Asia, the South Caucasus, the other EAEU members).
FOCUS = ("KAZ", "KGZ", "TJK", "UZB", "TKM", "ARM", "AZE", "GEO", "BLR", "RUS")
#: Rounds in which the UN changed the method of a component, by index: levels of these rounds are not comparable
#: with the round before. Read from the one list with its sources, :data:`egovlib.un_method.METHOD_CHANGES`
#: (hci 2014, 2024; tii 2020, 2024; egdi, which moves with any component, 2014, 2020, 2024).
METHOD_CHANGES = {index: tuple(change.year for change in changes(index)) for index in ("hci", "tii", "egdi")}
#: Indices are clipped into (EPS, 1 - EPS) before a logit or a log-log transform.
EPS = 0.005


# -- data ----------------------------------------------------------------------------------------
def wide_panel(panel: pd.DataFrame, indicator: str = "egdi") -> pd.DataFrame:
    """One row per country, one column per round, of a tidy UN panel's ``indicator``.

    Parameters
    ----------
    panel : DataFrame
        Tidy rows with ``country``, ``year``, ``indicator`` and ``value`` (``egovlib.load("un_egov_panel")``
        or :func:`egovlib.external.read_un_egov`).
    indicator : str
        An index of the panel (``egdi``, ``osi``, ``hci``, ``tii``, ``epart``).

    Returns
    -------
    DataFrame
        Values as floats; zeros (the exports' "not assessed") and missing cells are NaN.

    Raises
    ------
    ValueError
        If a column is missing or the panel has no rows of ``indicator``.
    """
    missing = {"country", "year", "indicator", "value"} - set(panel.columns)
    if missing:
        raise ValueError(f"wide_panel: the panel lacks the columns {sorted(missing)}")
    rows = panel[panel["indicator"].astype(str) == indicator]
    if rows.empty:
        found = sorted(panel["indicator"].astype(str).unique())
        raise ValueError(f"wide_panel: no rows of indicator {indicator!r}; found {found}")
    table = pd.DataFrame({"country": rows["country"].astype(str), "year": rows["year"].astype(int),
                          "value": rows["value"].astype(float)})
    wide = table.pivot_table(index="country", columns="year", values="value", aggfunc="first")
    wide = wide.where(wide > 0).sort_index().sort_index(axis=1)
    wide.columns = [int(c) for c in wide.columns]
    wide.columns.name, wide.index.name = "year", "country"
    return wide


def _logit(y: np.ndarray) -> np.ndarray:
    y = np.clip(y, EPS, 1 - EPS)
    return np.log(y / (1 - y))


def _expit(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


# -- models --------------------------------------------------------------------------------------
def _theil_sen(years: np.ndarray, values: np.ndarray, target: int, trend_rounds: int) -> float:
    from scipy.stats import theilslopes

    years, values = years[-trend_rounds:], values[-trend_rounds:]
    if len(values) < 2:
        return float("nan")
    slope, intercept, _, _ = theilslopes(values, years)
    return float(np.clip(intercept + slope * target, 0.0, 1.0))


_CURVES = {
    # name: (curve of a + b t, linearising transform of y)
    "logistic": (lambda z: _expit(z), _logit),
    "gompertz": (lambda z: np.exp(-np.exp(-z)), lambda y: -np.log(-np.log(np.clip(y, EPS, 1 - EPS)))),
}


def _curve(model: str, years: np.ndarray, values: np.ndarray, origin: int, targets: Sequence[int]) -> list[float]:
    from scipy.optimize import least_squares

    if len(values) < 3:
        return [float("nan")] * len(targets)
    curve, transform = _CURVES[model]
    t = years - origin
    start = np.polyfit(t, transform(values), 1)[::-1]  # (a, b) of the linearised fit
    fit = least_squares(lambda p: curve(p[0] + p[1] * t) - values, start, method="lm",
                        ftol=1e-12, xtol=1e-12, gtol=1e-12)
    a, b = fit.x
    return [float(curve(a + b * (target - origin))) for target in targets]


def _pooled_logit(history: pd.DataFrame, origin: int, horizons: Sequence[int]) -> pd.DataFrame:
    """Forecasts of the pooled logit-change model for every country with at least one change."""
    import statsmodels.api as sm

    years = [y for y in history.columns if y >= 2008 and y - 2 in history.columns]
    rows = []
    for year in years:
        before, after = history[year - 2], history[year]
        ok = before.notna() & after.notna()
        rows.append(pd.DataFrame({"country": before.index[ok], "z0": _logit(before[ok].to_numpy()),
                                  "dz": _logit(after[ok].to_numpy()) - _logit(before[ok].to_numpy())}))
    columns = {h: pd.Series(np.nan, index=history.index) for h in horizons}
    data = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=["country", "z0", "dz"])
    countries = sorted(data["country"].unique())
    if len(data) <= len(countries) + 1:  # no degree of freedom left for the common slope
        return pd.DataFrame(columns)
    dummies = pd.get_dummies(pd.Categorical(data["country"], categories=countries), dtype=float)
    design = np.column_stack([data["z0"].to_numpy(), dummies.to_numpy()])
    fit = sm.OLS(data["dz"].to_numpy(), design).fit()
    beta, effects = fit.params[0], dict(zip(countries, fit.params[1:], strict=True))
    last = history[origin]
    for country in countries:
        if pd.isna(last.get(country)):
            continue
        z = float(_logit(np.array([last[country]]))[0])
        for step in range(1, max(horizons) // 2 + 1):
            z = z + effects[country] + beta * z
            if 2 * step in columns:
                columns[2 * step][country] = float(_expit(z))
    return pd.DataFrame(columns)


def point_forecasts(wide: pd.DataFrame, origin: int, horizons: Sequence[int] = (2,), *,
                    trend_rounds: int = 4) -> pd.DataFrame:
    """Point forecasts of every model for ``origin + h``, from the rounds up to ``origin`` only.

    Parameters
    ----------
    wide : DataFrame
        From :func:`wide_panel`; columns after ``origin`` are dropped before anything is fitted.
    origin : int
        The last round the models may see; it must be a column of ``wide``.
    horizons : sequence of int
        Years ahead, even numbers (the survey is biennial).
    trend_rounds : int
        Rounds of the Theil-Sen trend.

    Returns
    -------
    DataFrame
        ``country, model, origin, horizon, target, point``; a model that cannot forecast a
        country (no value at the origin, too few rounds) gives NaN.

    Raises
    ------
    ValueError
        If ``origin`` is not a round of ``wide``, or a horizon is not a positive even number.
    """
    if origin not in wide.columns:
        raise ValueError(f"origin={origin}: not a round of the panel (rounds: {list(wide.columns)})")
    horizons = [int(h) for h in horizons]
    if any(h <= 0 or h % 2 for h in horizons):
        raise ValueError(f"horizons={horizons}: expected positive even numbers of years")
    history = wide.loc[:, [c for c in wide.columns if c <= origin]]
    targets = [origin + h for h in horizons]
    out: dict[str, dict[int, dict[str, float]]] = {m: {h: {} for h in horizons} for m in MODELS}
    for country, series in history.iterrows():
        series = series.dropna()
        if origin not in series.index:
            continue
        years, values = series.index.to_numpy(dtype=float), series.to_numpy(dtype=float)
        for h, target in zip(horizons, targets, strict=True):
            out["carry_forward"][h][country] = float(values[-1])
            out["theil_sen"][h][country] = _theil_sen(years, values, target, trend_rounds)
        for model in _CURVES:
            for h, value in zip(horizons, _curve(model, years, values, origin, targets), strict=True):
                out[model][h][country] = value
    pooled = _pooled_logit(history, origin, horizons)
    for h in horizons:
        out["pooled_logit"][h] = pooled[h].dropna().to_dict()
    rows = [{"country": country, "model": model, "origin": origin, "horizon": h, "target": origin + h,
             "point": value}
            for model in MODELS for h in horizons for country, value in out[model][h].items()]
    table = pd.DataFrame(rows, columns=["country", "model", "origin", "horizon", "target", "point"])
    table["model"] = pd.Categorical(table["model"], categories=list(MODELS), ordered=True)
    return table.sort_values(["model", "horizon", "country"], ignore_index=True)


def calibration_origins_for(wide: pd.DataFrame, origin: int, horizon: int, count: int) -> list[int]:
    """The ``count`` latest rounds ``r`` whose target ``r + horizon`` is itself a round at or before ``origin``.

    Parameters
    ----------
    wide : pandas.DataFrame
        Members by rounds (from :func:`wide_panel`).
    origin : int
        The forecast origin: no later round is used.
    horizon : int
        Years ahead.
    count : int
        How many calibration origins at most.

    Returns
    -------
    list of int
        Oldest first; shorter than ``count`` when the panel has fewer such rounds.

    Examples
    --------
    >>> wide = pd.DataFrame(columns=[2014, 2016, 2018, 2020, 2022])
    >>> calibration_origins_for(wide, 2022, 2, 3)
    [2016, 2018, 2020]
    """
    rounds = [c for c in wide.columns if c <= origin]
    return [r for r in rounds if r + horizon in rounds][-count:]


def calibration_errors(wide: pd.DataFrame, origin: int, horizon: int, *, calibration_origins: int = 3,
                       trend_rounds: int = 4) -> pd.DataFrame:
    """Rolling-origin errors (actual minus forecast) of every model, from rounds up to ``origin`` only.

    Parameters
    ----------
    wide : pandas.DataFrame
        Members by rounds (from :func:`wide_panel`).
    origin : int
        The forecast origin.
    horizon : int
        Years ahead.
    calibration_origins : int, default 3
        How many earlier origins (:func:`calibration_origins_for`).
    trend_rounds : int, default 4
        Rounds of the Theil-Sen trend.

    Returns
    -------
    pandas.DataFrame
        ``model, country, origin, target, error``, pooled over the calibration origins (empty, with
        these columns, when there is none).
    """
    frames = []
    for start in calibration_origins_for(wide, origin, horizon, calibration_origins):
        points = point_forecasts(wide, start, [horizon], trend_rounds=trend_rounds)
        actual = wide[start + horizon]
        points["error"] = points["country"].map(actual) - points["point"]
        frames.append(points.dropna(subset=["error"])[["model", "country", "origin", "target", "error"]])
    if not frames:
        return pd.DataFrame(columns=["model", "country", "origin", "target", "error"])
    return pd.concat(frames, ignore_index=True)


def forecast(wide: pd.DataFrame, origin: int, horizons: Sequence[int] = (2,), *, level: float = 0.9,
             trend_rounds: int = 4, calibration_origins: int = 3, min_errors: int = 30) -> pd.DataFrame:
    """Point forecasts with rolling-origin prediction intervals (see the module docstring).

    Parameters
    ----------
    wide : DataFrame
        From :func:`wide_panel`. Only the rounds up to ``origin`` are read.
    origin, horizons, trend_rounds : int, sequence of int, int
        As in :func:`point_forecasts`.
    level : float
        Nominal coverage of the intervals, in (0, 1).
    calibration_origins : int
        Earlier origins whose errors calibrate the intervals.
    min_errors : int
        Fewest pooled calibration errors for an interval; with fewer, ``lower`` and ``upper`` are NaN.

    Returns
    -------
    DataFrame
        ``country, model, origin, horizon, target, point, lower, upper, level, calibration``
        (``calibration``: the origins -> targets used, e.g. ``2016->2018, 2018->2020``).

    Raises
    ------
    ValueError
        If ``level`` is not strictly between 0 and 1, or from :func:`point_forecasts`.
    """
    if not 0 < level < 1:
        raise ValueError(f"level={level}: expected a number between 0 and 1")
    history = wide.loc[:, [c for c in wide.columns if c <= origin]]  # nothing after the origin, ever
    table = point_forecasts(history, origin, horizons, trend_rounds=trend_rounds)
    table["lower"] = table["upper"] = np.nan
    table["level"] = level
    table["calibration"] = ""
    for h in sorted(set(table["horizon"])):
        errors = calibration_errors(history, origin, h, calibration_origins=calibration_origins,
                                    trend_rounds=trend_rounds)
        used = ", ".join(f"{r}->{r + h}" for r in calibration_origins_for(history, origin, h, calibration_origins))
        for model in MODELS:
            own = errors.loc[errors["model"] == model, "error"].to_numpy()
            rows = (table["horizon"] == h) & (table["model"] == model)
            table.loc[rows, "calibration"] = used
            if len(own) < min_errors:
                continue
            low, high = np.quantile(own, [(1 - level) / 2, (1 + level) / 2])
            table.loc[rows, "lower"] = np.clip(table.loc[rows, "point"] + low, 0.0, 1.0)
            table.loc[rows, "upper"] = np.clip(table.loc[rows, "point"] + high, 0.0, 1.0)
    return table
