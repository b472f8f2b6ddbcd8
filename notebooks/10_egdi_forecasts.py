# %% [markdown]
# # 10 · Forecasts of the EGDI scored out of sample, and forecasts published in advance
#
# **Question.** Does the diffusion view of e-government predict the next UN survey round better than
# the naive view that a country stays where it was? Five models are fitted to the rounds up to an
# origin (2022) and forecast the next round (2024) for every UN member; the forecasts are then scored
# against what the UN published. The 2024 round was in the collection before the models were written,
# so this is a pseudo-out-of-sample backtest: the fitting never sees 2024 (a test proves it), but the
# choice of models was not made blind to it, so the 2024 scores are exploratory. Only the forecasts
# published in advance (of 2028, issued before that round's year) can be a confirmatory test.
#
# **DOI lens.** Rogers' diffusion of innovations describes adoption that accelerates and then slows as
# it approaches saturation: an S-curve towards a ceiling. Bolatbekkyzy et al. (2023) read the EAEU's
# e-government development through this lens. If the lens has predictive content, S-curves with the
# index's natural ceiling of 1 (logistic, Gompertz) should forecast the next round better than carrying
# the last value forward or extending a straight line. A pooled model, in which every member's change in
# logit space depends on how far it already is, is the diffusion view's panel form (late adopters catch up).
#
# **Data.** The UN E-Government Survey of every member, every round 2003-2024 (`un_egov_panel`, UN DESA,
# one source per round; 2024 from a third-party copy of the Data Center export with renamed headers).
# The published forecasts of 2026 and 2028 (`egdi_forecasts`) were made by `python -m egovlib.forecast
# publish` from the rounds up to 2024. Give `un_folder` (a folder of UN Data Center exports, e.g. with
# `EGOV_DATA_2026.csv`) to add later rounds: this notebook then scores the published forecasts.
#
# **Method.** `egovlib.forecast`: carry-forward; a Theil-Sen line through the last `trend_rounds`
# rounds; logistic and Gompertz curves with ceiling 1 fitted by least squares to every round up to the
# origin; a pooled OLS of two-year logit changes on the starting logit with country effects. Every
# interval comes from one rule: the empirical quantiles of the same model's errors at earlier
# origins (rolling origin, `calibration_origins` of them), pooled over members. Scores: mean absolute
# error (MAE), interval coverage, Spearman's rank correlation, and the error of members' percentiles;
# models are compared member by member with the Wilcoxon signed-rank test (Holm-adjusted).

# %% tags=["parameters"]
indicator = "egdi"  # index forecast: egdi, osi, hci, tii or epart
origin = 2022  # last round the models may see; the next round is forecast and scored
level = 0.9  # nominal coverage of the prediction intervals (share)
trend_rounds = 4  # rounds of the Theil-Sen trend
calibration_origins = 3  # earlier origins whose errors calibrate the intervals
focus = None  # ISO3 codes of the focus group, or None for Kazakhstan and its neighbours
un_folder = None  # None, or a folder of UN Data Center exports whose later rounds are added (e.g. 2026)
n_boot = 2000  # bootstrap resamples of the paired differences
seed = 0  # random seed of the bootstrap

# %%
from egovlib import forecast, load, params
from egovlib.external import read_un_egov

indicator = params.choice("indicator", indicator, ["egdi", "osi", "hci", "tii", "epart"])
un_folder = params.folder_or_none("un_folder", un_folder)
shipped = load("un_egov_panel")
extra = read_un_egov(un_folder) if un_folder is not None else None
shipped_rounds = sorted({int(y) for y in shipped["year"]})
added_rounds = sorted({int(y) for y in extra["year"]} - set(shipped_rounds)) if extra is not None else []
rounds = shipped_rounds + added_rounds
origin = params.choice("origin", origin, [r for r in rounds[:-1] if len([x for x in rounds if x <= r]) >= 6])
level = params.number("level", level, 0.5, 0.99)
trend_rounds = params.integer("trend_rounds", trend_rounds, 2, 8)
calibration_origins = params.integer("calibration_origins", calibration_origins, 1, 5)
members = sorted(set(shipped["country"].astype(str)))
focus = params.subset("focus", list(forecast.FOCUS) if focus is None else focus, members)
n_boot = params.integer("n_boot", n_boot, 200, 100000)
seed = params.integer("seed", seed, 0, 2**32 - 1)

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from egovlib import formatting, plotting, stats, un_method
from egovlib.formatting import fmt
from egovlib.prose import say
from egovlib.results import Results

plotting.set_style()
formatting.use()  # numbers at the precision the data support, the same on every machine
results = Results("10_egdi_forecasts", {"indicator": indicator, "origin": origin, "level": level,
                                        "trend_rounds": trend_rounds, "calibration_origins": calibration_origins,
                                        "focus": focus, "un_folder": str(un_folder) if un_folder else None})
columns = ["country", "year", "indicator", "value"]
panel = shipped[columns].assign(country=lambda t: t["country"].astype(str), indicator=lambda t: t["indicator"].astype(str))
if added_rounds:
    panel = pd.concat([panel, extra.loc[extra["year"].isin(added_rounds), columns]], ignore_index=True)
wide = forecast.wide_panel(panel, indicator)
target = min(r for r in wide.columns if r > origin)
horizon = target - origin
caption = plotting.source_caption(keys=[f"undesa_egov_{r}" for r in shipped_rounds if r <= target],
                                  extra="Forecasts: egovlib.forecast (notebook 10).")
say("n_members", str(wide.shape[0]))
say("rounds", ", ".join(map(str, wide.columns)))
say("origin", str(origin))
say("target", str(target))
say("rounds_added", f"Rounds added from un_folder: {', '.join(map(str, added_rounds))}." if added_rounds
    else "No round beyond the shipped panel (un_folder not given or holding no later round).")

# %% [markdown]
# {glue:md}`n_members` members, rounds {glue:md}`rounds`; origin {glue:md}`origin`, target {glue:md}`target`.
# {glue:md}`rounds_added`

# %% [markdown]
# ## The target round changed method: what levels can and cannot show
#
# Index levels are relative to each round, and the UN changed the method in 2014 (HCI), 2020 (TII) and
# 2024. A change of method moves every member at once. The table shows the change of the world mean
# (members with a value in both rounds) between consecutive rounds: a shift that the rounds before do
# not show is the method, not e-government.

# %%
shift = forecast.method_shift(panel)
shift_table = shift.pivot(index="to", columns="indicator", values="mean_change")[["egdi", "osi", "hci", "tii"]]
shift_table.index.name = "round (change from the previous one)"
for name in ("egdi", "hci", "tii"):
    results.add(f"world_mean_change_{name}_{target}", shift_table.at[target, name], "index_0_1",
                f"change of the world mean {name.upper()} into {target} (members with a value in both rounds)")
shift_table.loc[2012:]

# %%
earlier = shift_table.loc[2016:origin]
largest_tii = int(earlier["tii"].idxmax())
changed_tii = ", itself a round whose TII method changed" if largest_tii in forecast.METHOD_CHANGES["tii"] else ""
for name in ("hci", "tii", "egdi"):
    say(f"shift_{name}", shift_table.at[target, name])
for name in ("hci", "tii"):
    say(f"earlier_{name}_min", earlier[name].min())
    say(f"earlier_{name}_max", earlier[name].max())
say("largest_tii", str(largest_tii))
say("changed_tii", changed_tii)

# %% [markdown]
# Into {glue:md}`target` the world mean HCI moved by {glue:md}`shift_hci` and the TII by {glue:md}`shift_tii`
# (earlier changes since 2016: HCI {glue:md}`earlier_hci_min` to {glue:md}`earlier_hci_max`, TII
# {glue:md}`earlier_tii_min` to {glue:md}`earlier_tii_max`; the largest TII change was into
# {glue:md}`largest_tii`{glue:md}`changed_tii`). The EGDI, a mean of the three components, moved by
# {glue:md}`shift_egdi`. Level scores (MAE, coverage) therefore mix forecasting skill with the round's shift;
# the percentile scores and the rank correlation do not depend on a shift common to all members, and the MAE
# after removing the mean error (`mae_unbiased`) shows what remains of the level error without it.

# %% [markdown]
# ## The forecasts of the target round
#
# Every model sees only the rounds up to the origin (`forecast.forecast` drops the later columns before
# fitting; a test changes the target round's values and checks that no forecast moves). The intervals'
# calibration origins are listed in the last column.

# %%
backtest = forecast.forecast(wide, origin, [horizon], level=level, trend_rounds=trend_rounds,
                             calibration_origins=calibration_origins)
actual = wide[target]
summary = backtest.groupby("model", observed=True).agg(members=("point", "count"), mean_point=("point", "mean"),
                                                       mean_width=("upper", "mean"), calibration=("calibration", "first"))
summary["mean_width"] -= backtest.groupby("model", observed=True)["lower"].mean()
summary.index = [forecast.LABELS[m] for m in summary.index]
summary

# %% [markdown]
# The focus countries: the value published for the target round (black) against each model's
# forecast and interval.

# %%
def plot_focus(table: pd.DataFrame, truth: pd.Series, countries: list[str], title: str):
    """Point forecasts with intervals of every model for each country, and the actual value."""
    colours = dict(zip(forecast.MODELS, plotting.palette(len(forecast.MODELS)), strict=True))
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(countries) + 1.6))
    for k, model in enumerate(forecast.MODELS):
        own = table[table["model"] == model].set_index("country").reindex(countries)
        y = np.arange(len(countries)) + (k - 2) * 0.13
        ax.errorbar(own["point"], y, xerr=[own["point"] - own["lower"], own["upper"] - own["point"]], fmt="o",
                    markersize=4, color=colours[model], label=forecast.LABELS[model], linewidth=1)
    ax.scatter(truth.reindex(countries), np.arange(len(countries)), marker="D", color="black", zorder=5,
               label="published value", s=22)
    ax.set_yticks(range(len(countries)), countries)
    ax.invert_yaxis()
    ax.set_xlabel(f"{indicator.upper()} (index, 0-1)")
    ax.set_xlim(0, 1)  # the index's whole scale: no truncated axis
    ax.set_ylabel("country")
    ax.set_title(title)
    ax.legend(fontsize=7, loc="lower left", ncol=2)
    return fig


fig = plot_focus(backtest, actual, focus, f"{indicator.upper()} {target}: forecasts from {origin} ({level:.0%} intervals)")
target_changes = [c for c in un_method.changes(indicator) if c.year == target]
plotting.savefig(fig, f"10_backtest_{indicator}_{target}",
                 caption=caption + (f" The UN changed its method in the {target} round ({target_changes[0].what}), so "
                                    "the published values are on a scale the forecasts, made from earlier rounds, "
                                    "did not know." if target_changes else ""))
plt.show()

# %% [markdown]
# ## Scores on the target round
#
# All models are scored on the same members (those every model forecast and the target round assessed).
# `coverage` is the share of members whose value lies inside the interval (nominal: `level`);
# `pct_mae` is the mean absolute error of the members' percentiles (share of members at or below, in
# percentile points), and `pct_coverage` the coverage of the interval's ends taken as percentiles.

# %%
scores = forecast.score(backtest, actual, groups={"focus": focus})
for row in scores.itertuples(index=False):
    for column, unit in (("mae", "index_0_1"), ("bias", "index_0_1"), ("mae_unbiased", "index_0_1"),
                         ("coverage", "share"), ("spearman", "1"), ("pct_mae", "percentile_points")):
        results.add(f"{column}_{row.group}_{row.model}", getattr(row, column), unit,
                    f"{row.model}, {row.group} ({row.n} members), {indicator} {target} from {origin}")
shown = scores.assign(model=scores["model"].map(forecast.LABELS)).set_index(["group", "model"]).drop(columns="target")
shown

# %%
def verdict(group: str) -> str:
    """Which model has the lowest MAE and the best rank correlation in ``group``, in words."""
    own = scores[scores["group"] == group].set_index("model")
    best, ranked = own["mae"].idxmin(), own["pct_mae"].idxmin()
    cf = own.loc["carry_forward"]

    def against(model: str, column: str, unit: str = "") -> str:
        value = f"{fmt(own.at[model, column])}{unit}"
        return f"{value}, carry-forward itself" if model == "carry_forward" else f"{value}; carry-forward {fmt(cf[column])}{unit}"

    return (f"**{group}** ({int(cf['n'])} members): lowest MAE {forecast.LABELS[best]} ({against(best, 'mae')}; "
            "a description: which model is closest is tested only against carry-forward, below); "
            f"lowest percentile error {forecast.LABELS[ranked]} ({against(ranked, 'pct_mae', ' points')}); coverage "
            f"of the {level:.0%} intervals {fmt(own['coverage'].min())} to {fmt(own['coverage'].max())}.")


say("verdicts", "\n\n".join(verdict(g) for g in ("all", "focus")))  # one paragraph per group

# %% [markdown]
# ```{glue:md} verdicts
# :format: myst
# ```

# %% [markdown]
# ## On equal terms: each model against carry-forward, member by member
#
# For each member the difference of absolute errors, model minus carry-forward (negative: the model was
# closer). Wilcoxon signed-rank test, two-sided; the mean difference with a percentile bootstrap interval
# over members; Holm's adjustment over all tests of this table (four models, two scales, two groups).
# With the ten focus countries the test has little power: an absence of a difference there is not
# evidence of equal skill.

# %%
comparisons = []
for group, chosen in (("all", None), ("focus", focus)):
    for scale in ("level", "percentile"):
        table = forecast.paired_comparison(backtest, actual, members=chosen, scale=scale, n_boot=n_boot, seed=seed)
        comparisons.append(table.assign(group=group))
paired = pd.concat(comparisons, ignore_index=True)
paired["p_holm"] = stats.adjust_pvalues(paired["p_value"].to_numpy(), "holm")
for row in paired.itertuples(index=False):
    stem = f"paired_{row.scale}_{row.group}_{row.model}"
    about = f"mean |error| difference {row.model} - carry_forward, {row.scale}, {row.group}; {row.method}, n = {row.n}"
    results.add(stem, row.mean_difference, "index_0_1" if row.scale == "level" else "percentile_points", about)
    results.add(f"{stem}_ci_low", row.ci_low, "index_0_1" if row.scale == "level" else "percentile_points", about)
    results.add(f"{stem}_ci_high", row.ci_high, "index_0_1" if row.scale == "level" else "percentile_points", about)
    results.add(f"{stem}_p_holm", row.p_holm, "p-value", f"{about}; Holm over {len(paired)} tests")
paired_shown = paired.assign(model=paired["model"].map(forecast.LABELS), p_value=paired["p_value"].map(formatting.pvalue),
                             p_holm=paired["p_holm"].map(formatting.pvalue))
paired_shown.set_index(["group", "scale", "model"])[["n", "mean_difference", "ci_low", "ci_high", "share_closer",
                                                     "p_value", "p_holm", "warning"]]

# %%
def beats(group: str, scale: str) -> tuple[list[str], list[str]]:
    """Models significantly closer and significantly farther than carry-forward (Holm p < 0.05)."""
    own = paired[(paired["group"] == group) & (paired["scale"] == scale) & (paired["p_holm"] < 0.05)]
    return (list(own.loc[own["mean_difference"] < 0, "model"]), list(own.loc[own["mean_difference"] > 0, "model"]))


lines = []
for group in ("all", "focus"):
    for scale in ("level", "percentile"):
        better, worse = beats(group, scale)
        named = lambda models: ", ".join(forecast.LABELS[m] for m in models) or "none"  # noqa: E731
        lines.append(f"- {group}, {scale}: closer than carry-forward: {named(better)}; farther: {named(worse)}.")
better_anywhere = any(beats("all", s)[0] for s in ("level", "percentile"))
results.add("carry_forward_beaten_all_members", better_anywhere, "boolean",
            "some model significantly closer than carry-forward over all members (Holm p < 0.05, level or percentile)")
say("beats_list", "\n".join(lines))  # one line per group and scale
say("conclusion", "**No model was shown to be closer than carry-forward**: none forecasts the members' values "
                  "or percentiles significantly more closely than the last published value (which is not evidence "
                  "that they forecast equally well)." if not better_anywhere else
                  "At least one model is significantly closer than carry-forward over all members (listed above).")

# %% [markdown]
# ```{glue:md} beats_list
# :format: myst
# ```
#
# {glue:md}`conclusion`

# %% [markdown]
# ## What the change of method does to the level scores
#
# Carry-forward's mean error (actual minus forecast) over all members is the world-mean change of the
# round. Into a round whose method changed it is partly the method; the percentile scores and the
# rank correlation are untouched by a common shift.

# %%
cf = scores[(scores["group"] == "all")].set_index("model")
results.add("bias_share_of_mae_carry_forward", cf.at["carry_forward", "bias"] / cf.at["carry_forward", "mae"], "share",
            "carry-forward: mean error over MAE, all members (1 = the whole error is a common shift)")
for column in ("bias", "mae", "mae_unbiased", "coverage", "pct_coverage"):
    say(f"cf_{column}", cf.at["carry_forward", column])
say("indicator", indicator.upper())
say("level", level)

# %% [markdown]
# Carry-forward's mean error over all members is {glue:md}`cf_bias`, the world-mean {glue:md}`indicator` change
# into {glue:md}`target`; its MAE falls from {glue:md}`cf_mae` to {glue:md}`cf_mae_unbiased` once that common
# shift is removed. Its coverage of {glue:md}`cf_coverage` (nominal {glue:md}`level`) holds for levels; on
# percentiles it is {glue:md}`cf_pct_coverage`. The models that extrapolate (Theil-Sen, the curves) carry the
# earlier rounds' growth into the forecast, so their level error depends on how much growth the new method
# happens to show; ranks and percentiles are the fair comparison across a change of method.

# %% [markdown]
# ## Forecasts published in advance: 2026 and 2028
#
# `data/egdi_forecasts.csv` holds the same five models' forecasts of the next two rounds, made from the
# rounds up to 2024 and published with their date and code version before those rounds exist. Below:
# when and by what they were issued, whether today's code reproduces them, and the focus countries.

# %%
published = load("egdi_forecasts")
issued = sorted(set(published["issued"]))
versions = sorted(set(published["code_version"]))
fresh = forecast.published_table(shipped, issued="", version="")
check = published.merge(fresh, on=["country", "year", "model"], suffixes=("", "_now"))
reproduced = bool(len(check) == len(published) and (check["value"] - check["value_now"]).abs().max() <= 5e-6 + 1e-9)
results.add("published_forecasts", len(published), "rows", f"rows of egdi_forecasts (issued {', '.join(issued)})")
results.add("published_reproduced_now", reproduced, "boolean",
            "today's code gives every published point forecast again (to the 5 decimals written)")
years_published = sorted(int(y) for y in set(published["year"]))
say("issued", ", ".join(issued))
say("versions", "; ".join(versions))
say("published_origins", str(sorted(int(o) for o in set(published["origin"]))))
say("published_rounds", str(years_published))
say("reproduced_now", "yes" if reproduced else "NO (the code changed since)")
# A round's forecast is made in advance only if it was issued before that round's year began: the UN
# publishes each round during its year (2024: September), so a forecast issued later in the year may
# postdate the release, even if the collection did not yet hold the round.
last_issued = max(pd.Timestamp(day) for day in issued)
advance = [year for year in years_published if last_issued < pd.Timestamp(year, 1, 1)]
results.add("first_advance_round", min(advance) if advance else None, "year",
            "first published round whose forecasts were all issued before that round's year began")
late = [year for year in years_published if year not in advance]
say("late_rounds", f"Issued on {last_issued:%Y-%m-%d}, within or after the year of round(s) {late}: those forecasts "
                   "may postdate the round's publication and are not a test in advance. "
                   + (f"The first forecast in advance is of {min(advance)}." if advance else "None is in advance.")
    if late else "")

# %% [markdown]
# Issued {glue:md}`issued` by {glue:md}`versions`; origin {glue:md}`published_origins`, rounds
# {glue:md}`published_rounds`; reproduced by today's code: {glue:md}`reproduced_now`. {glue:md}`late_rounds`

# %%
published[published["country"].isin(focus)].pivot_table(index="country", columns=["year", "model"], values="value",
                                                         observed=True).reindex(focus)

# %%
def plot_published(table: pd.DataFrame, countries: list[str]):
    """History of each focus country and the published forecasts of carry-forward and the pooled model.

    Two of the published models are drawn (the naive baseline and the model that pools countries), to keep
    the panels readable; the caption says so. Every drawn forecast has its interval.
    """
    fig, axes = plt.subplots(2, (len(countries) + 1) // 2, figsize=(11, 4.6), sharex=True, sharey=True, squeeze=False)
    history = forecast.wide_panel(shipped, "egdi")
    colours = dict(zip(["carry_forward", "pooled_logit"], plotting.palette(2), strict=True))
    for ax, country in zip(axes.flat, countries, strict=False):
        ax.plot(history.columns, history.loc[country], color="0.3", marker="o", markersize=2.5, linewidth=1)
        for model, colour in colours.items():
            own = table[(table["country"] == country) & (table["model"] == model)].sort_values("year")
            ax.fill_between(own["year"], own["lower"], own["upper"], color=colour, alpha=0.25, linewidth=0)
            ax.plot(own["year"], own["value"], color=colour, marker="o", markersize=2.5, label=forecast.LABELS[model])
        ax.axvspan(history.columns.max() + 0.5, table["year"].max() + 1, color="0.93", linewidth=0, zorder=0)
        un_method.mark_method_changes(ax, "egdi", label=ax is axes.flat[0])
        ax.set_ylim(0, 1)
        ax.set_title(country, fontsize=9)
    for ax in axes.flat[len(countries):]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel("EGDI (0-1)")
    for ax in axes[-1, :]:
        ax.set_xlabel("round")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, fontsize=7, loc="upper right", bbox_to_anchor=(1.0, 1.02), ncol=2, frameon=False)
    fig.suptitle(f"Published EGDI forecasts (issued {', '.join(issued)}), {level:.0%} intervals; shaded: extrapolation",
                 fontsize=10, x=0.35)
    return fig


fig = plot_published(published, focus)
plotting.savefig(fig, "10_published_forecasts", caption=plotting.source_caption(
    keys=[f"undesa_egov_{r}" for r in shipped_rounds],
    extra=f"Forecasts: data/egdi_forecasts.csv, issued {', '.join(issued)}. Shown: {forecast.LABELS['carry_forward']} "
          f"and {forecast.LABELS['pooled_logit']}, each with its {level:.0%} interval; the other "
          f"{published['model'].nunique() - 2} published models are in the table above. The shaded region is an "
          f"extrapolation, possibly under a method the UN has not yet published. {un_method.method_note()}"))
plt.show()

# %% [markdown]
# ## Scoring the published forecasts
#
# When a round that the published forecasts cover is in the data (added with `un_folder`), it is scored
# here exactly as the target round above; nothing else needs to change.

# %%
due = sorted(set(int(y) for y in published["year"]) & set(forecast.wide_panel(panel, "egdi").columns))
results.add("published_rounds_scored", len(due), "rounds", "rounds of the published forecasts present in the data")
later = forecast.wide_panel(panel, "egdi")
as_forecasts = published.rename(columns={"year": "target", "value": "point"}).assign(
    model=lambda t: pd.Categorical(t["model"].astype(str), categories=list(forecast.MODELS), ordered=True))
published_scores = [forecast.score(as_forecasts[as_forecasts["target"] == year], later[year], groups={"focus": focus})
                    for year in due]
say("published_waiting", f"No round of {years_published} in the data yet: the published forecasts wait for it. "
                         "Add the UN export of that round with un_folder." if not due else "")
if due:
    published_scores = pd.concat(published_scores, ignore_index=True)
    for row in published_scores.itertuples(index=False):
        for column, unit in (("mae", "index_0_1"), ("coverage", "share"), ("spearman", "1"),
                             ("pct_mae", "percentile_points")):
            results.add(f"published_{row.target}_{column}_{row.group}_{row.model}", getattr(row, column), unit,
                        f"published forecast of {row.target}, {row.model}, {row.group} ({row.n} members)")
    display(published_scores.assign(model=published_scores["model"].map(forecast.LABELS)).set_index(
        ["target", "group", "model"]))

# %% [markdown]
# {glue:md}`published_waiting`

# %% [markdown]
# ## Caveats
#
# - **One target round.** The 2024 scores rest on one round. The calibration origins show how the
#   errors varied before; a model that wins one round may lose the next.
# - **The 2024 method.** Levels are not comparable across rounds whose method changed (HCI 2014, TII 2020,
#   2024). The level scores above mix skill with the shift; percentiles and ranks do not. Intervals
#   calibrated on earlier rounds cannot anticipate a new method.
# - **Not independent members.** Members share the round's shift, so the paired tests treat the
#   members as independent units conditional on the round, not as a sample of future rounds.
# - **Small focus group.** Ten countries: the tests for them have little power, and their intervals
#   are wide; they are reported, not used for the verdict.
# - **Zeros.** A published 0 (not assessed) is treated as missing; such members are not scored.
# - **Published forecasts.** They are fixed when issued: rerunning `python -m egovlib.forecast publish`
#   replaces them and records a new date, so a fair test uses the forecasts issued before the round.
#   The shipped forecasts were issued in the 2026 round's own year, possibly after its release (the
#   collection holds no 2026 data, but nothing proves the forecasts could not have been tuned to it):
#   2028 (`first_advance_round`) is the first round forecast strictly in advance.

# %% [markdown]
# ## Recorded results

# %%
results.show()
