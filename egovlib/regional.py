"""Kazakhstan and its neighbours side by side: index panels, threshold crossings, snapshots.

The functions here are pure (data in, tables out) so that ``06_regional_comparison`` and
``02_egdi_trajectory`` share them and the tests can check them without running a notebook.

* :func:`panel` gives one index (EGDI or E-Participation) per country and round, by default
  from the shipped UN panel (every member, 2003-2024), or from a folder of UN exports, or
  (``source="undp"``) from the UNDP (2022) tables of the seven survey countries.
* :func:`world_mean` gives the world average recomputed over all members, or the one the seeds print.
* :func:`crossings` finds the first round in which each country reached a threshold and reads
  the crossing times as Rogers adopter categories.
* :func:`snapshot` lines the indices of one period up, one column per index, for rank agreement.
* :func:`world_average_check` compares the printed world averages with those recomputed from
  the official exports and says which differences the conflict register lists.
* :func:`threshold_events`, :func:`time_to_threshold` and :func:`censored_categories` treat
  reaching a threshold as a time-to-event outcome over all members, with left- and
  right-censoring (Kaplan-Meier, statsmodels ``SurvfuncRight``); :func:`threshold_sweep` and
  :func:`category_stability` say where the Rogers categories survive a change of threshold.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .datasets import DataPackage, default_package
from .errors import NotFoundError, ParameterError

__all__ = [
    "EAEU_MEMBERS", "GTMI_SCORE", "INDEX_DATASETS", "INDEX_LABELS", "SNAPSHOT_INDICES", "UNDP_COUNTRIES",
    "available_countries", "crossings", "default_countries", "draw_distribution", "panel", "share_reached", "snapshot",
    "world_average_check", "world_mean",
]

#: The seven countries of the UNDP (2022) readiness survey.
UNDP_COUNTRIES = ("ARM", "AZE", "GEO", "KAZ", "KGZ", "TJK", "UZB")
#: Members of the Eurasian Economic Union.
EAEU_MEMBERS = ("ARM", "BLR", "KAZ", "KGZ", "RUS")
#: Bundled dataset holding each index for the regional comparison.
INDEX_DATASETS = {"egdi": "egdi_regional", "epart": "epart_regional"}
INDEX_LABELS = {"egdi": "EGDI", "epart": "E-Participation Index"}
#: Where :func:`panel` and friends read: the UN panel (or exports), or the UNDP (2022) tables.
SOURCES = ("un", "undp")


def _check_source(source: str) -> None:
    if source not in SOURCES:
        raise ValueError(f"source={source!r}: expected one of {list(SOURCES)}")


def _where(un_folder: str | Path | None, source: str) -> str:
    if source == "undp":
        return "the bundled UNDP (2022) tables"
    return f"the UN exports in {un_folder}" if un_folder is not None else "the shipped UN panel (un_egov_panel)"


def _check_index(index: str) -> None:
    if index not in INDEX_DATASETS:
        raise NotFoundError(f"index={index!r}: expected one of {sorted(INDEX_DATASETS)}")


def _un_rows(index: str, un_folder: str | Path | None, *, drop_zeros: bool = True) -> pd.DataFrame:
    """Rows of one index from the exports (or the shipped panel when ``un_folder`` is None); zeros dropped by default."""
    from .egdi import source_table

    table = source_table(un_folder)
    table = table[(table["indicator"] == index) & table["value"].notna()]
    if drop_zeros:
        table = table[table["value"] > 0]
    return pd.DataFrame({"country": table["country"].astype(str), "year": table["year"].astype(int),
                         "value": table["value"].astype(float)})


def available_countries(index: str = "egdi", un_folder: str | Path | None = None,
                        package: DataPackage | None = None, *, source: str = "un") -> list[str]:
    """Countries with a series of ``index`` (every member of the UN panel or exports, or the UNDP table)."""
    _check_index(index)
    _check_source(source)
    if source == "un":
        return sorted(_un_rows(index, un_folder)["country"].unique())
    table = (package or default_package()).load(INDEX_DATASETS[index])
    return sorted(c for c in table["country"].astype(str).unique() if c != "WLD")


def default_countries(index: str = "egdi", un_folder: str | Path | None = None, *,
                      source: str = "un") -> list[str]:
    """The UNDP survey countries and the EAEU members, as far as the source covers them."""
    known = set(available_countries(index, un_folder, source=source))
    return sorted(c for c in set(UNDP_COUNTRIES) | set(EAEU_MEMBERS) if c in known)


def panel(index: str, countries: list[str], un_folder: str | Path | None = None,
          package: DataPackage | None = None, *, source: str = "un") -> pd.DataFrame:
    """One row per country and round: ``country``, ``year``, ``value`` (0-1), sorted.

    Rounds in which a country was not assessed (value 0) are left out. ``frame.attrs["sources"]``
    holds the source and locator rows used, for a figure caption.
    """
    _check_index(index)
    _check_source(source)
    if source == "un" and un_folder is None:
        from .egdi import panel_table

        table = panel_table(package)
        table = table[(table["indicator"] == index) & (table["value"] > 0)]
        rows = table[["country", "year", "value"]].reset_index(drop=True)
        sources = table[table["country"].isin(countries)][["source", "locator"]].drop_duplicates(ignore_index=True)
    elif source == "un":
        rows = _un_rows(index, un_folder)
        sources = pd.DataFrame({"source": ["undesa_egov"], "locator": ["Data Center exports"]})
    else:
        table = (package or default_package()).load(INDEX_DATASETS[index])
        table = table[table["indicator"].astype(str) == index]
        rows = pd.DataFrame({"country": table["country"].astype(str), "year": table["year"].astype(int),
                             "value": table["value"].astype(float)})
        sources = table[["source", "locator"]].astype(str).drop_duplicates().reset_index(drop=True)
    missing = sorted(set(countries) - set(rows["country"]))
    if missing:
        raise NotFoundError(f"countries: no {index} series for {missing} in {_where(un_folder, source)}")
    out = rows[rows["country"].isin(countries)].sort_values(["country", "year"], ignore_index=True)
    out.attrs["sources"] = sources
    return out


def world_mean(index: str, un_folder: str | Path | None = None,
               package: DataPackage | None = None, *, drop_zeros: bool = False, source: str = "un") -> pd.DataFrame:
    """The world average per round: ``year``, ``value``, ``members`` (NaN when printed, not recomputed).

    Recomputed from the shipped panel (or the exports in ``un_folder``) it is the mean over every
    row of the round, zeros included (the definition the printed averages follow);
    ``drop_zeros=True`` averages only the members with a positive value, i.e. those assessed.
    ``source="undp"`` gives the averages printed by UNDP & ACSH (2022).
    """
    _check_index(index)
    _check_source(source)
    if source == "un":
        rows = _un_rows(index, un_folder, drop_zeros=drop_zeros)
        grouped = rows.groupby("year")["value"]
        return pd.DataFrame({"year": grouped.mean().index.astype(int), "value": grouped.mean().to_numpy(),
                             "members": grouped.size().to_numpy()})
    table = (package or default_package()).load(INDEX_DATASETS[index])
    table = table[(table["country"] == "WLD") & (table["indicator"].astype(str) == f"{index}_world_mean")]
    return pd.DataFrame({"year": table["year"].astype(int).to_numpy(), "value": table["value"].astype(float).to_numpy(),
                         "members": np.nan}).sort_values("year", ignore_index=True)


def crossings(panel_rows: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """The first round in which each country's value reached ``threshold``.

    Columns: ``country``, ``first_round`` (NaN when never reached), ``status`` and, for the
    countries that crossed, ``years_after_start`` (from the panel's first round) and the Rogers
    ``category`` read from the crossing times (mean +/- sd; see
    :func:`egovlib.diffusion.rogers_categories`). ``status`` is ``"crossed"``, ``"at or above
    from the start"`` (left-censored: the true crossing may be earlier) or ``"not yet"``
    (right-censored).
    """
    from .diffusion import rogers_categories

    if not 0 < threshold < 1:
        raise ValueError(f"threshold={threshold!r}: expected a number strictly between 0 and 1")
    start = int(panel_rows["year"].min())
    rows = []
    for country, group in panel_rows.groupby("country", sort=True):
        group = group.sort_values("year")
        reached = group[group["value"] >= threshold]
        if reached.empty:
            rows.append({"country": country, "first_round": np.nan, "status": "not yet"})
            continue
        first = int(reached["year"].iloc[0])
        status = "at or above from the start" if first == int(group["year"].iloc[0]) else "crossed"
        rows.append({"country": country, "first_round": first, "status": status})
    out = pd.DataFrame(rows, columns=["country", "first_round", "status"])
    out["years_after_start"] = out["first_round"] - start
    out["category"] = pd.Series(pd.NA, index=out.index, dtype="object")
    timed = out.dropna(subset=["first_round"])
    if len(timed) >= 2 and timed["first_round"].nunique() > 1:
        out.loc[timed.index, "category"] = rogers_categories(timed["first_round"].to_numpy()).astype(str).to_numpy()
    return out


def share_reached(panel_rows: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Per round, how many assessed countries were at or above ``threshold`` and their share in per cent."""
    grouped = panel_rows.assign(reached=panel_rows["value"] >= threshold).groupby("year")["reached"]
    out = pd.DataFrame({"year": grouped.sum().index.astype(int), "reached": grouped.sum().to_numpy().astype(int),
                        "assessed": grouped.size().to_numpy()})
    out["share"] = 100.0 * out["reached"] / out["assessed"]
    return out


#: Indices for the snapshot: (label, dataset, indicator, year); for every one, higher is better.
SNAPSHOT_INDICES = (
    ("EGDI 2020", "egdi_regional", "egdi", 2020),
    ("E-Participation 2020", "epart_regional", "epart", 2020),
    ("DAI 2016", "dai_regional", "dai", 2016),
    ("GII 2021", "gii_2021", "global_innovation_index", 2021),
    ("Internet users 2018 (%)", "infrastructure", "internet_users_share", 2018),
)


def snapshot(countries: list[str], package: DataPackage | None = None) -> pd.DataFrame:
    """The indices of :data:`SNAPSHOT_INDICES` and the GTMI group (2020), one row per country.

    The GTMI group is coded as a score (A = 4 ... D = 1) so that it ranks with the others.
    Missing values stay NaN.
    """
    package = package or default_package()
    out = pd.DataFrame(index=pd.Index(sorted(countries), name="country"))
    used = []
    for label, dataset, indicator, year in SNAPSHOT_INDICES:
        table = package.load(dataset)
        table = table[(table["indicator"].astype(str) == indicator) & (table["year"] == year)]
        table = table.assign(country=table["country"].astype(str))
        out[label] = table.set_index("country")["value"].astype(float)
        used.append(table[table["country"].isin(countries)][["source", "locator"]].astype(str))
    groups = package.load("gtmi_groups")
    groups = groups[groups["year"] == 2020].assign(country=lambda t: t["country"].astype(str))
    out["GTMI group 2020 (A=4)"] = groups.set_index("country")["gtmi_group"].astype(str).map(GTMI_SCORE)
    used.append(groups[groups["country"].isin(countries)][["source", "locator"]].astype(str))
    out.attrs["sources"] = pd.concat(used, ignore_index=True).drop_duplicates(ignore_index=True)
    return out


#: GTMI groups as scores, so that they rank with the other indices (A is the most mature).
GTMI_SCORE = {"A": 4, "B": 3, "C": 2, "D": 1}


def draw_distribution(ax, members: pd.DataFrame, marked: pd.DataFrame, focus: str) -> None:
    """Boxes of every member's value per round, with the ``marked`` countries' lines on top.

    ``members`` has ``year`` and ``value`` for all assessed members; ``marked`` has
    ``year``, ``country`` and ``value`` (e.g. from :func:`egovlib.egdi.percentiles`). The
    ``focus`` country is drawn heavier. Axis labels are left to the caller.
    """
    from .plotting import palette

    rounds = sorted(members["year"].unique())
    ax.boxplot([members.loc[members["year"] == y, "value"] for y in rounds], positions=range(len(rounds)),
               widths=0.6, showfliers=False, patch_artist=True,
               boxprops={"facecolor": "0.9", "edgecolor": "0.5"}, medianprops={"color": "0.3"})
    from .egdi import country_name

    codes = [focus] + sorted(c for c in marked["country"].unique() if c != focus)
    for colour, code in zip(palette(len(codes)), codes, strict=True):
        own = marked[marked["country"] == code].set_index("year")["value"].reindex(rounds)
        ax.plot(range(len(rounds)), own.to_numpy(), marker="o" if code == focus else ".",
                linewidth=2.5 if code == focus else 0.8, color=colour, label=country_name(code))
    ax.set_xticks(range(len(rounds)), [str(y) for y in rounds])
    ax.legend(ncol=1, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))  # off the data


def world_average_check(un_folder: str | Path | None = None, package: DataPackage | None = None) -> pd.DataFrame:
    """Printed world averages (UNDP 2022) against the means recomputed over all members of each round.

    The members are those of the shipped UN panel, or of the exports in ``un_folder``.

    One row per index and round the seeds print: ``printed``, ``recomputed`` (mean over all
    rows of the export, zeros included, as :mod:`egovlib.crosscheck` computes it), ``members``,
    ``difference`` (printed - recomputed), ``beyond_rounding`` (larger than the printed
    precision allows), ``conflict_id``, ``registered`` (listed in ``data/conflicts.csv``) and,
    for comparison, ``recomputed_assessed`` (zeros dropped) with its ``assessed`` count.
    """
    from .crosscheck import EPS, PRINTED_TOLERANCE, UN_SOURCE, as_printed, conflict_id

    package = package or default_package()
    register = set(package.load("conflicts")["conflict_id"].astype(str))
    rows = []
    for index, dataset in INDEX_DATASETS.items():
        table = package.load(dataset)
        table = table[(table["country"] == "WLD") & (table["indicator"].astype(str) == f"{index}_world_mean")]
        table = table.assign(printed=as_printed(table))
        recomputed = world_mean(index, un_folder).set_index("year")
        assessed = world_mean(index, un_folder, drop_zeros=True).set_index("year")
        for row in table.itertuples(index=False):
            year = int(row.year)
            if year not in recomputed.index:
                continue
            value = float(recomputed.at[year, "value"])
            difference = float(row.printed) - value
            key = conflict_id(dataset, "WLD", year, f"{index}_world_mean", str(row.source), UN_SOURCE)
            rows.append({"index": index, "year": year, "printed": float(row.printed), "recomputed": value,
                         "members": int(recomputed.at[year, "members"]), "difference": difference,
                         "beyond_rounding": abs(difference) > PRINTED_TOLERANCE[dataset] + EPS,
                         "conflict_id": key, "registered": key in register,
                         "recomputed_assessed": float(assessed.at[year, "value"]),
                         "assessed": int(assessed.at[year, "members"]),
                         "source": str(row.source), "locator": str(row.locator)})
    return pd.DataFrame(rows)


# -- time to reach a threshold, with censoring ---------------------------------------------------
#: Rogers' adopter categories and the cumulative share of eventual adopters at which each ends (per cent).
ROGERS_BOUNDS = (("innovators", 2.5), ("early adopters", 16.0), ("early majority", 50.0),
                 ("late majority", 84.0), ("laggards", 100.0))


def threshold_events(panel_rows: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Each member's time to first reach ``threshold``, as a censored time-to-event record.

    ``panel_rows`` has ``country``, ``year`` and ``value`` of the assessed members (as from
    :func:`panel`). Time is counted in years from the panel's first round (``origin``). One row
    per country with ``entry`` (years from the origin to its first assessed round), ``first_round``
    (the first round at or above the threshold, NaN if none), ``time`` (to that round, or to the
    last assessed round when it has not crossed), ``event`` (1 crossed, 0 right-censored) and
    ``status``: ``"crossed"``, ``"left-censored"`` (already at or above in its first assessed
    round, so its crossing time is unknown and it is left out of the risk set) or
    ``"right-censored"`` (not yet). Rounds are two to four years apart, so a crossing is known
    only to lie between the round before and the one recorded (interval-censoring, which this
    record approximates by the round).
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
    members assessed from a later round entering the risk set then: left truncation). Returns
    the curve (``time``, ``year``, ``surv``, ``ci_low``, ``ci_high``, ``at_risk``, ``crossed``,
    and ``adopted_share``: the share of *all* members, the left-censored counted as adopted
    before the first round, at or above the threshold) and a summary with ``members``,
    ``left_censored``, ``at_risk``, ``crossed``, ``right_censored``, the median time with its
    interval (NaN where the curve does not reach 0.5, i.e. not estimable) and the method.
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
        if eventual == "adopted":
            if row.status == "right-censored" or not last_share:
                rows.append({"country": row.country, "status": row.status, "first_round": row.first_round,
                             "share_low": np.nan, "share_high": np.nan, "category": "not adopted",
                             "determined": False})
                continue
            low, high = 100.0 * low / last_share, 100.0 * high / last_share
        category = _category_range(low, high)
        rows.append({"country": row.country, "status": row.status, "first_round": row.first_round,
                     "share_low": low, "share_high": high, "category": category, "determined": "/" not in category})
    out = pd.DataFrame(rows)
    out["first_round"] = out["first_round"].astype("Int64")
    return out


def threshold_sweep(panel_rows: pd.DataFrame, countries: list[str], thresholds: list[float],
                    eventual: str = "all") -> pd.DataFrame:
    """The censored Rogers category of each of ``countries`` at each threshold, with the Kaplan-Meier median.

    One row per threshold and country: ``threshold``, ``country``, ``status``, ``first_round``,
    ``category``, ``determined``, and per threshold the summary counts and ``median_years``.
    ``eventual`` is passed to :func:`censored_categories` (who counts as an eventual adopter).
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

    ``stable`` is True when every threshold in the window gives the same, single category.
    """
    window = sweep[(sweep["threshold"] - threshold).abs() <= width + 1e-9]
    rows = []
    for country, group in window.groupby("country", sort=True):
        seen = list(dict.fromkeys(group.sort_values("threshold")["category"]))
        rows.append({"country": country, "thresholds": len(group), "categories": " | ".join(seen),
                     "stable": len(seen) == 1 and bool(group["determined"].all())})
    return pd.DataFrame(rows, columns=["country", "thresholds", "categories", "stable"])
