"""Time to reach a threshold over all members, with left- and right-censoring, read as Rogers categories."""

from __future__ import annotations

import numpy as np
import pandas as pd

from egovlib._diffusion.adopters import ADOPTER_CATEGORIES, STAGE_THRESHOLDS
from egovlib.errors import ParameterError

# -- time to reach a threshold, with censoring ---------------------------------------------------
#: Rogers' adopter categories and the cumulative share of eventual adopters at which each ends (per cent):
#: the categories and boundaries of :mod:`egovlib.diffusion` (one home), the last ending at 100.
ROGERS_BOUNDS = tuple(zip(ADOPTER_CATEGORIES, (*STAGE_THRESHOLDS, 100.0), strict=True))


def threshold_events(panel_rows: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Each member's time to first reach ``threshold``, as a censored time-to-event record.

    Time is counted in years from the panel's first round (``origin``). ``status`` is
    ``"crossed"``, ``"left-censored"`` (already at or above in its first assessed round, so its
    crossing time is unknown and it is left out of the risk set) or ``"right-censored"`` (not yet).
    Rounds are two to four years apart, so a crossing is known only to lie between the round before
    and the one recorded (interval-censoring, which this record approximates by the round).

    Parameters
    ----------
    panel_rows : pandas.DataFrame
        ``country``, ``year`` and ``value`` of the assessed members (as from :func:`panel`).
    threshold : float
        Strictly between 0 and 1.

    Returns
    -------
    pandas.DataFrame
        One row per country: ``entry`` (years from the origin to its first assessed round),
        ``first_round`` (the first round at or above the threshold, NA if none), ``time`` (to that
        round, or to the last assessed round when it has not crossed; NaN when left-censored),
        ``event`` (1 crossed, 0 censored) and ``status``. ``attrs`` hold ``origin``, ``threshold`` and
        ``last_round``.

    Raises
    ------
    ValueError
        For a threshold outside (0, 1), a missing column or an empty panel.
    """
    if not 0 < threshold < 1:
        raise ValueError(f"threshold={threshold!r}: expected a number strictly between 0 and 1")
    for column in ("country", "year", "value"):
        if column not in panel_rows:
            raise ValueError(f"threshold_events: panel_rows has no {column!r} column")
    if panel_rows.empty:
        raise ValueError("threshold_events: panel_rows is empty")
    origin = int(panel_rows["year"].min())
    rows = []
    for country, group in panel_rows.groupby("country", sort=True):
        group = group.sort_values("year")
        first_seen, last_seen = int(group["year"].iloc[0]), int(group["year"].iloc[-1])
        reached = group.loc[group["value"] >= threshold, "year"]
        first = int(reached.iloc[0]) if len(reached) else np.nan
        if len(reached) and first == first_seen:
            status, event, time = "left-censored", 0, np.nan
        elif len(reached):
            status, event, time = "crossed", 1, first - origin
        else:
            status, event, time = "right-censored", 0, last_seen - origin
        rows.append({"country": str(country), "entry": first_seen - origin, "first_round": first, "time": time,
                     "event": event, "status": status})
    out = pd.DataFrame(rows)
    out["first_round"] = out["first_round"].astype("Int64")
    out.attrs.update(origin=origin, threshold=threshold, last_round=int(panel_rows["year"].max()))
    return out


def time_to_threshold(events: pd.DataFrame, confidence: float = 0.95) -> tuple[pd.DataFrame, dict]:
    """Kaplan-Meier estimate of the share of members not yet at the threshold, over time.

    Uses statsmodels ``SurvfuncRight`` on the members at risk (left-censored members excluded,
    members assessed from a later round entering the risk set then: left truncation; a member not
    crossed and assessed in one round only gives no information and is left out of the fit).

    Parameters
    ----------
    events : pandas.DataFrame
        The rows of :func:`threshold_events` (``entry``, ``time``, ``event``, ``status``; ``attrs["origin"]``).
    confidence : float
        Level of the pointwise log-log band and of the median's interval (default 0.95).

    Returns
    -------
    curve : pandas.DataFrame
        ``time``, ``year``, ``surv``, ``ci_low``, ``ci_high``, ``at_risk``, ``crossed`` and
        ``adopted_share`` (per cent of *all* members, the left-censored counted as adopted before the
        first round, at or above the threshold; late entrants are counted from the start, an
        approximation); empty when no member at risk crossed.
    summary : dict
        ``members``, ``left_censored``, ``at_risk``, ``crossed``, ``right_censored``, ``median_years``
        with ``median_ci_low`` and ``median_ci_high`` (NaN where the curve does not reach 0.5, or an
        interval bound is open: not estimable) and ``method``.
    """
    from statsmodels.duration.survfunc import SurvfuncRight

    at_risk = events[events["status"] != "left-censored"]
    origin = int(events.attrs.get("origin", 0))
    left = int((events["status"] == "left-censored").sum())
    summary = {"members": len(events), "left_censored": left, "at_risk": len(at_risk),
               "crossed": int(at_risk["event"].sum()), "right_censored": int((at_risk["event"] == 0).sum()),
               "median_years": np.nan, "median_ci_low": np.nan, "median_ci_high": np.nan,
               "method": "Kaplan-Meier (statsmodels SurvfuncRight), late entry; left-censored members excluded"}
    if at_risk.empty or at_risk["event"].sum() == 0:
        return pd.DataFrame(columns=["time", "year", "surv", "ci_low", "ci_high", "at_risk", "crossed",
                                     "adopted_share"]), summary
    entry = at_risk["entry"].to_numpy(dtype=float)
    # SurvfuncRight wants entry < time; a member first assessed in its last round gives no information
    usable = at_risk["time"].to_numpy(dtype=float) > entry
    fit = SurvfuncRight(at_risk["time"].to_numpy(dtype=float)[usable], at_risk["event"].to_numpy()[usable],
                        entry=entry[usable])
    low, high = _pointwise_band(fit, confidence)
    curve = pd.DataFrame({"time": fit.surv_times, "surv": fit.surv_prob, "ci_low": low, "ci_high": high,
                          "at_risk": fit.n_risk, "crossed": fit.n_events})
    curve["year"] = (curve["time"] + origin).astype(int)
    cohort = usable.sum()
    # members entering late are counted in the cohort from the start: an approximation when few enter late
    curve["adopted_share"] = 100.0 * (left + cohort * (1 - curve["surv"])) / (left + cohort)
    if (fit.surv_prob <= 0.5).any():
        summary["median_years"] = float(fit.quantile(0.5))
        ci = fit.quantile_ci(0.5, alpha=1 - confidence)
        summary["median_ci_low"], summary["median_ci_high"] = (
            float(v) if v is not None and np.isfinite(v) else np.nan for v in ci)  # open-ended: not estimable
    curve = curve[["time", "year", "surv", "ci_low", "ci_high", "at_risk", "crossed", "adopted_share"]]
    return curve.reset_index(drop=True), summary


def _pointwise_band(fit, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Pointwise log-log interval of a Kaplan-Meier curve (Greenwood variance), kept inside [0, 1]."""
    from scipy import stats

    z = stats.norm.ppf((1 + confidence) / 2)
    surv = np.asarray(fit.surv_prob, dtype=float)
    se = np.asarray(fit.surv_prob_se, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_s = np.log(surv)
        theta = se / (surv * np.abs(log_s))
        low = surv ** np.exp(z * theta)
        high = surv ** np.exp(-z * theta)
    low = np.where(np.isfinite(low), low, 0.0)
    high = np.where(np.isfinite(high), high, 1.0)
    return np.clip(low, 0, 1), np.clip(high, 0, 1)


def _category_range(low: float, high: float) -> str:
    """The Rogers categories whose cumulative-share intervals meet [low, high] (per cent), joined by '/'."""
    names, start = [], 0.0
    for name, end in ROGERS_BOUNDS:
        if low < end and high > start or (low == high and start <= low < end):
            names.append(name)
        start = end
    return "/".join(names)


#: Who counts as an eventual adopter in :func:`censored_categories`: every member, or only those adopted by the last round.
EVENTUAL_ADOPTERS = ("all", "adopted")


def censored_categories(events: pd.DataFrame, curve: pd.DataFrame, eventual: str = "all") -> pd.DataFrame:
    """Rogers' category of each member from the share of all members adopted when it crossed.

    Rogers' categories are slices of the cumulative share of adopters (2.5, 13.5, 34, 34 and
    16 %). A member that crossed in round ``t`` lies between the share adopted by the round
    before and the share adopted by ``t`` (Kaplan-Meier, :func:`time_to_threshold`); its
    ``category`` is every category that interval meets (one name when it is determined, e.g.
    ``"early majority"``, several joined by ``/`` when the round spans a boundary). Left-censored
    members lie in [0, share already there at the start]; right-censored ones in
    [share adopted by the last round, 100]. ``determined`` says whether the category is a single one.

    Rogers' shares are shares of the *eventual* adopters, which a censored panel does not know.
    ``eventual`` gives the two bounds: ``"all"`` takes every member to adopt in the end (Rogers'
    own assumption; the default), ``"adopted"`` takes only the members at or above the threshold
    by the last round to be adopters, so shares are rescaled to that total and right-censored
    members get no category (``"not adopted"``). A category that both give is robust to the
    assumption.

    Parameters
    ----------
    events : pandas.DataFrame
        From :func:`threshold_events`.
    curve : pandas.DataFrame
        From :func:`time_to_threshold`.
    eventual : {"all", "adopted"}
        Who counts as an eventual adopter (see above).

    Returns
    -------
    pandas.DataFrame
        One row per member: ``country``, ``status``, ``first_round``, ``share_low``,
        ``share_high``, ``category``, ``determined``.

    Raises
    ------
    ParameterError
        If ``eventual`` is not ``"all"`` or ``"adopted"``.
    """
    if eventual not in EVENTUAL_ADOPTERS:
        raise ParameterError("eventual", eventual, f"one of {EVENTUAL_ADOPTERS} (censored_categories)")
    shares = curve.set_index("year")["adopted_share"] if len(curve) else pd.Series(dtype=float)
    origin = int(events.attrs.get("origin", 0))
    n = len(events)
    left_share = 100.0 * (events["status"] == "left-censored").sum() / n if n else np.nan
    last_share = float(shares.iloc[-1]) if len(shares) else left_share

    def share_by(year: float) -> float:
        before = shares[shares.index <= year]
        return float(before.iloc[-1]) if len(before) else left_share

    rows = []
    for row in events.itertuples(index=False):
        if row.status == "left-censored":
            low, high = 0.0, left_share
        elif row.status == "crossed":
            year = origin + row.time
            earlier = shares[shares.index < year]
            low = float(earlier.iloc[-1]) if len(earlier) else left_share
            high = share_by(year)
        else:
            low, high = last_share, 100.0
        not_adopted = eventual == "adopted" and (row.status == "right-censored" or not last_share)
        if not_adopted:
            low, high, category = np.nan, np.nan, "not adopted"
        else:
            if eventual == "adopted":  # shares of the members adopted by the last round
                low, high = 100.0 * low / last_share, 100.0 * high / last_share
            category = _category_range(low, high)
        rows.append({"country": row.country, "status": row.status, "first_round": row.first_round,
                     "share_low": low, "share_high": high, "category": category,
                     "determined": not not_adopted and "/" not in category})
    out = pd.DataFrame(rows)
    out["first_round"] = out["first_round"].astype("Int64")
    return out


def threshold_sweep(panel_rows: pd.DataFrame, countries: list[str], thresholds: list[float],
                    eventual: str = "all") -> pd.DataFrame:
    """The censored Rogers category of each of ``countries`` at each threshold, with the Kaplan-Meier median.

    Parameters
    ----------
    panel_rows : pandas.DataFrame
        ``country``, ``year``, ``value`` of every assessed member (as from :func:`panel`).
    countries : list of str
        The countries to report (the events are computed over all members).
    thresholds : list of float
    eventual : {"all", "adopted"}
        Who counts as an eventual adopter (passed to :func:`censored_categories`).

    Returns
    -------
    pandas.DataFrame
        One row per threshold and country: ``threshold``, ``country``, ``status``, ``first_round``,
        ``category``, ``determined``, and the threshold's ``median_years``, ``left_censored``,
        ``crossed`` and ``right_censored`` (from :func:`time_to_threshold`).
    """
    frames = []
    for threshold in thresholds:
        events = threshold_events(panel_rows, float(threshold))
        curve, summary = time_to_threshold(events)
        cats = censored_categories(events, curve, eventual)
        cats = cats[cats["country"].isin(countries)].assign(
            threshold=float(threshold), median_years=summary["median_years"], left_censored=summary["left_censored"],
            crossed=summary["crossed"], right_censored=summary["right_censored"])
        frames.append(cats)
    out = pd.concat(frames, ignore_index=True)
    return out[["threshold", "country", "status", "first_round", "category", "determined", "median_years",
                "left_censored", "crossed", "right_censored"]]


def category_stability(sweep: pd.DataFrame, threshold: float, width: float = 0.1) -> pd.DataFrame:
    """Per country: the categories it receives for thresholds within ``width`` of ``threshold``.

    Parameters
    ----------
    sweep : pandas.DataFrame
        From :func:`threshold_sweep`.
    threshold : float
        The centre of the window.
    width : float, default 0.1
        Half-width of the window.

    Returns
    -------
    pandas.DataFrame
        ``country``, ``thresholds`` (how many in the window), ``categories`` (joined by " | ", in
        threshold order) and ``stable``: True when every threshold in the window gives the same single
        category and every one of them is determined.
    """
    window = sweep[(sweep["threshold"] - threshold).abs() <= width + 1e-9]
    rows = []
    for country, group in window.groupby("country", sort=True):
        seen = list(dict.fromkeys(group.sort_values("threshold")["category"]))
        rows.append({"country": country, "thresholds": len(group), "categories": " | ".join(seen),
                     "stable": len(seen) == 1 and bool(group["determined"].all())})
    return pd.DataFrame(rows, columns=["country", "thresholds", "categories", "stable"])
