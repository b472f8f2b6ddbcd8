"""Out-of-sample forecasts of a UN E-Government index for every member, scored on a later round.

Five pre-specified models forecast a round from the rounds up to an *origin* only:

``carry_forward``
    The last value (the naive baseline).
``theil_sen``
    A robust straight line (Theil-Sen, :func:`scipy.stats.theilslopes`) through the last
    ``trend_rounds`` rounds, clipped to 0-1.
``logistic``, ``gompertz``
    Diffusion curves with a ceiling of 1, ``1 / (1 + exp(-(a + b t)))`` and
    ``exp(-exp(-(a + b t)))``, fitted by least squares (:func:`scipy.optimize.least_squares`,
    started from the linearised fit) to every round of the country up to the origin.
``pooled_logit``
    One model for all members: the two-year change of ``logit(y)`` regressed on
    ``logit(y)`` two years before, with a country effect (:class:`statsmodels.api.OLS`), over the
    biennial rounds 2008 onward; a four-year horizon iterates it twice.

**Intervals (one method for every model).** Rolling origin: the model is refitted at each of
the ``calibration_origins`` latest earlier origins ``r`` whose target ``r + h`` is itself at or
before the forecast origin (for 2022 -> 2024: 2016 -> 2018, 2018 -> 2020, 2020 -> 2022); its
errors (actual minus forecast) of all members are pooled, and the interval is the point
forecast plus their empirical ``(1 - level) / 2`` and ``(1 + level) / 2`` quantiles, clipped to
0-1. For carry-forward these errors are exactly the past ``h``-year changes. No value after the
origin is ever read: :func:`forecast` drops those columns first.

**Scores.** :func:`score` gives, per model, the mean absolute error, the mean error (bias), the
MAE after removing the bias (what a uniform shift of the round, such as a change of the UN's
method, cannot touch), interval coverage, Spearman's rank correlation, and the same error and
coverage on percentiles (share of members at or below). All models are scored on the same
members (those every model forecast). :func:`paired_comparison` compares each model's absolute
errors with the baseline's, member by member (Wilcoxon signed-rank test, Holm-adjusted;
mean difference with a bootstrap interval).

``python -m egovlib.forecast publish`` writes the forecasts of the next two rounds after the
last one shipped (``data/egdi_forecasts.csv``) with the date and the code version, so that a
later round can score forecasts made before it existed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "FOCUS",
    "LABELS",
    "METHOD_CHANGES",
    "MODELS",
    "calibration_errors",
    "forecast",
    "method_shift",
    "paired_comparison",
    "percentile_of",
    "point_forecasts",
    "publish",
    "published_table",
    "score",
    "wide_panel",
]

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
#: Rounds in which the UN changed the method of a component (UN DESA, survey methodology annexes; see the
#: un_egov_panel description): levels of these rounds are not comparable with the round before.
METHOD_CHANGES = {"hci": (2014, 2024), "tii": (2020, 2024), "egdi": (2014, 2020, 2024)}
#: Indices are clipped into (EPS, 1 - EPS) before a logit or a log-log transform.
EPS = 0.005
FORECAST_DATASET = "egdi_forecasts"
PUBLISHED_COLUMNS = ["country", "year", "indicator", "model", "origin", "horizon", "value", "lower", "upper",
                     "level", "unit", "issued", "code_version", "source", "locator"]


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
    """The ``count`` latest rounds ``r`` with ``r + horizon`` a round at or before ``origin``."""
    rounds = [c for c in wide.columns if c <= origin]
    return [r for r in rounds if r + horizon in rounds][-count:]


def calibration_errors(wide: pd.DataFrame, origin: int, horizon: int, *, calibration_origins: int = 3,
                       trend_rounds: int = 4) -> pd.DataFrame:
    """Rolling-origin errors (actual minus forecast) of every model, from rounds up to ``origin`` only.

    Returns
    -------
    DataFrame
        ``model, country, origin, target, error``, pooled over the calibration origins.
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
    origin, horizons, trend_rounds
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


# -- scores --------------------------------------------------------------------------------------
def percentile_of(values: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Percentile of each value among ``reference``: 100 x the share of reference values at or below it."""
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
    tested with the Wilcoxon signed-rank test (two-sided; exact for n <= 25 without ties, else
    the normal approximation), Holm-adjusted over the models compared. The effect size is the
    mean difference with a percentile bootstrap interval over members, plus the share of members
    the model forecast more closely.

    Parameters
    ----------
    scale : {"level", "percentile"}
        Errors of the index levels, or of the members' percentiles.
    members : iterable of str, optional
        Restrict to these countries (default: every member scored).
    """
    from scipy.stats import wilcoxon

    from .stats import adjust_pvalues

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
    """Change of the world mean (members with a value in both rounds) between consecutive rounds.

    Returns
    -------
    DataFrame
        ``indicator, from, to, members, mean_change``; a change of method shows as a shift of
        the whole round, which the members' typical change does not explain.
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


# -- published forecasts -------------------------------------------------------------------------
def code_version(repo: Path | None = None) -> str:
    """``egovlib <version>`` plus the git commit of ``repo`` (``+dirty`` with uncommitted changes)."""
    from . import __version__

    repo = repo or Path(__file__).resolve().parent.parent
    text = f"egovlib {__version__}"
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True,
                                check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "egovlib"], cwd=repo, capture_output=True,
                               text=True, check=True).stdout.strip()
        text += f", git {commit}{'+dirty' if dirty else ''}"
    except (OSError, subprocess.CalledProcessError):
        text += ", git commit unknown"
    return text


def published_table(panel: pd.DataFrame, *, issued: str, version: str, level: float = 0.9,
                    horizons: Sequence[int] = (2, 4), indicator: str = "egdi") -> pd.DataFrame:
    """The forecasts to publish: every model, every member, the rounds ``horizons`` after the last one.

    The defaults (level 0.9, four trend rounds, three calibration origins) are those of notebook 10.
    """
    wide = wide_panel(panel, indicator)
    origin = max(wide.columns)
    table = forecast(wide, origin, horizons, level=level).dropna(subset=["point"])
    out = pd.DataFrame({
        "country": table["country"], "year": table["target"].astype(int), "indicator": indicator,
        "model": table["model"].astype(str), "origin": origin, "horizon": table["horizon"].astype(int),
        "value": table["point"], "lower": table["lower"], "upper": table["upper"], "level": level,
        "unit": "index_0_1", "issued": issued, "code_version": version, "source": f"undesa_egov_{origin}",
        "locator": f"forecast from un_egov_panel rounds up to {origin} (python -m egovlib.forecast publish)",
    })
    return out[PUBLISHED_COLUMNS].sort_values(["year", "model", "country"], ignore_index=True)


def _csv_text(table: pd.DataFrame) -> str:
    shown = table.copy()
    for column in ("value", "lower", "upper"):
        shown[column] = shown[column].map(lambda v: "" if pd.isna(v) else f"{v:.5f}")
    shown["level"] = shown["level"].map(lambda v: f"{v:g}")
    return shown.to_csv(index=False, lineterminator="\n")


def publish(data_dir: Path | None = None, *, issued: str | None = None, version: str | None = None) -> Path:
    """Write ``egdi_forecasts.csv`` and its ``datapackage.json`` entry (schema, units, provenance, hash).

    Parameters
    ----------
    data_dir : Path, optional
        The data folder (default: the package's).
    issued : str, optional
        ISO date of issue (default: today, UTC).
    version : str, optional
        Code version (default: :func:`code_version`).
    """
    from .atomic import write_text_atomic
    from .datasets import DataPackage, content_hash, default_data_dir

    data_dir = Path(data_dir or default_data_dir())
    package = DataPackage(data_dir)
    panel = package.load("un_egov_panel")
    issued = issued or dt.datetime.now(dt.UTC).date().isoformat()
    version = version or code_version()
    table = published_table(panel, issued=issued, version=version)
    text = _csv_text(table).encode("utf-8")
    path = data_dir / f"{FORECAST_DATASET}.csv"
    write_text_atomic(path, text.decode("utf-8"))
    descriptor_path = data_dir / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    panel_resource = next(r for r in descriptor["resources"] if r["name"] == "un_egov_panel")
    rounds = sorted({int(y) for y in panel["year"]})
    entry = _descriptor_entry(table, issued=issued, version=version, panel_hash=panel_resource.get("hash", ""),
                              sources=[f"undesa_egov_{r}" for r in rounds])
    entry["hash"], entry["bytes"] = content_hash(text), len(text)
    resources = [r for r in descriptor["resources"] if r["name"] != FORECAST_DATASET]
    descriptor["resources"] = [*resources, entry]
    write_text_atomic(descriptor_path, json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n")
    return path


def _descriptor_entry(table: pd.DataFrame, *, issued: str, version: str, panel_hash: str,
                      sources: list[str]) -> dict:
    origin = int(table["origin"].iloc[0])
    years = sorted(int(y) for y in table["year"].unique())
    string = {"type": "string", "constraints": {"required": True}}
    return {
        "name": FORECAST_DATASET,
        "path": f"{FORECAST_DATASET}.csv",
        "title": f"Forecasts of the EGDI of every UN member for {', '.join(map(str, years))}, issued {issued}",
        "description": (
            f"Forecasts published in advance: the E-Government Development Index of every UN member for the "
            f"survey rounds {', '.join(map(str, years))}, made from the un_egov_panel rounds up to {origin} by the "
            "five pre-specified models of notebook 10 (carry_forward, theil_sen, logistic and gompertz with ceiling "
            "1, pooled_logit), each with a prediction interval (lower, upper) of nominal coverage `level` from the "
            "pooled rolling-origin errors of the same model and horizon (egovlib.forecast). Written by "
            "`python -m egovlib.forecast publish` on the date in `issued` by the code in `code_version`; never "
            "edited by hand. Notebook 10 scores them when a later round is added (un_folder)."),
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "provenance": {"issued": issued, "code_version": version, "command": "python -m egovlib.forecast publish",
                       "derivedFrom": {"dataset": "un_egov_panel", "hash": panel_hash, "rounds_up_to": origin}},
        "schema": {
            "fields": [
                {"name": "country", "type": "string", "description": "ISO 3166-1 alpha-3 code",
                 "constraints": {"required": True, "pattern": "[A-Z]{3}"}},
                {"name": "year", "type": "integer", "description": "Survey round forecast",
                 "constraints": {"required": True, "enum": years}},
                {"name": "indicator", "type": "string", "description": "egdi (E-Government Development Index)",
                 "constraints": {"required": True, "enum": ["egdi"]}},
                {"name": "model", "type": "string", "description": "Forecasting model (egovlib.forecast.MODELS)",
                 "constraints": {"required": True, "enum": list(MODELS)}},
                {"name": "origin", "type": "integer", "description": "Last survey round the model saw",
                 "constraints": {"required": True}},
                {"name": "horizon", "type": "integer", "description": "Years between origin and year",
                 "constraints": {"required": True, "minimum": 1}},
                {"name": "value", "type": "number", "description": "Point forecast (index, 0-1)",
                 "constraints": {"required": True, "minimum": 0, "maximum": 1}},
                {"name": "lower", "type": "number", "description": "Lower end of the prediction interval (0-1)",
                 "constraints": {"minimum": 0, "maximum": 1}},
                {"name": "upper", "type": "number", "description": "Upper end of the prediction interval (0-1)",
                 "constraints": {"minimum": 0, "maximum": 1}},
                {"name": "level", "type": "number", "description": "Nominal coverage of the interval (share)",
                 "constraints": {"required": True, "minimum": 0, "maximum": 1}},
                {"name": "unit", "type": "string", "description": "Unit of value, lower and upper",
                 "constraints": {"required": True, "enum": ["index_0_1"]}},
                {"name": "issued", **string, "description": "Date of issue (ISO 8601)"},
                {"name": "code_version", **string, "description": "egovlib version and git commit that made the row"},
                {"name": "source", "type": "string",
                 "description": "Key into the package sources: the last round used (the forecasts draw on every "
                                "round up to it, all listed here)",
                 "constraints": {"required": True, "enum": sources}},
                {"name": "locator", **string, "description": "How the row was made"},
            ],
            "primaryKey": ["country", "year", "indicator", "model"],
        },
    }


def main(argv: list[str] | None = None) -> int:
    """``python -m egovlib.forecast publish [--data DIR] [--issued DATE]``."""
    parser = argparse.ArgumentParser(prog="python -m egovlib.forecast",
                                     description="Publish forecasts of the next two UN survey rounds")
    parser.add_argument("command", choices=["publish"])
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: the package's)")
    parser.add_argument("--issued", default=None, help="date of issue, YYYY-MM-DD (default: today, UTC)")
    args = parser.parse_args(argv)
    if args.issued is not None:
        try:
            dt.date.fromisoformat(args.issued)
        except ValueError:
            parser.error(f"--issued {args.issued!r}: expected a date YYYY-MM-DD")
    path = publish(args.data, issued=args.issued)
    print(f"publish: wrote {path} and its entry (schema, provenance, sha256) in datapackage.json", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
