# %% [markdown]
# # 02 · EGDI trajectory: how Kazakhstan climbed the UN e-government ranking
#
# **Question.** Where has a country stood among all UN members in the E-Government Development
# Index (EGDI) and its three components from round to round, which component moved it relative to
# the world, is there a monotone trend in its position, and did its position break at the pandemic
# round (2020)?
#
# **DOI lens.** In Rogers' terms the EGDI tracks the *innovation's* availability (online services,
# OSI) and the conditions for adoption in the *social system* (human capital, HCI; telecommunication
# infrastructure, TII) over *time*. A jump in OSI without TII means services ran ahead of the means to use them.
#
# **Data.** The UN E-Government Survey of every member and every round 2003-2024 (UN DESA, one
# source per round), shipped as the dataset `un_egov_panel` and built from the UN Data Center
# exports by the project's importer (the 2024 round from a third-party copy, checked against the
# published figures). Kazakhstan's values 2003-2022 equal those of Orazgaliyeva et al. (2023,
# table 3) except the 2010 EGDI, where the conflict register (`data/conflicts.csv`) keeps the UN
# value. Give `un_folder` (a folder of Data Center exports, `EGOV_DATA_<year>.csv`, for example
# with a newer round) to read every series from those files instead.
#
# **Method.** Index levels are relative to each round's method, and the UN changed its method in
# 2014 (HCI), 2020 (TII) and 2024 (`egovlib.un_method.METHOD_CHANGES`, with the documents that
# describe each change). So the primary series are the country's **rank and percentile** among the
# members assessed in each round, and its change is decomposed in **z-scores** (distance from the
# world mean in world standard deviations, per round): where EGDI is the mean of its components,
# the z-score is exactly a weighted sum of the components' z-scores. Trend of the percentile:
# Mann-Kendall (exact p without ties, the normal approximation with them) and the Theil-Sen slope with its interval. Break at the focus round:
# segmented regression (level and slope change, HAC errors) of the percentile, beside the two
# method changes, each tested on the percentile of the component it redefined: the 2014 HCI and the
# 2020 TII. The three form one family, Holm-adjusted. The pre-specified focus round is 2020, the
# pandemic round; another `focus_round` is the user's own hypothesis, and the notebook says that its
# test is exploratory unless the round was chosen before looking at the series.

# %% tags=["parameters"]
country = "KAZ"  # ISO 3166 alpha-3 code
start_year = None  # first round to include, or None for the first round with data
end_year = None  # last round to include, or None for the last round with data
focus_round = 2020  # the round whose break is tested (2020, the pandemic round, is pre-specified)
un_folder = None  # None (the shipped UN panel), or a folder of UN E-Government Data Center exports (EGOV_DATA_<year>.csv)

# %%
from egovlib import egdi, params

un_folder = params.folder_or_none("un_folder", un_folder)
country = params.choice("country", country, egdi.countries(un_folder))
series = egdi.trajectory(country, un_folder)
available_years = [int(y) for y in series.dropna(subset=["egdi"]).index]
start_year = min(available_years) if start_year is None else start_year
end_year = max(available_years) if end_year is None else end_year
start_year, end_year = params.year_range("start_year", start_year, "end_year", end_year, available_years)
selected_years = [y for y in available_years if start_year <= y <= end_year]
focus_round = params.choice("focus_round", focus_round, selected_years[1:])

# %%
import matplotlib.pyplot as plt
import pandas as pd
from egovlib import formatting, plotting, regional, stats, un_method
from egovlib.prose import say
from egovlib.results import Results


plotting.set_style()
formatting.use()  # numbers at the precision the data support, the same on every machine
results = Results("02_egdi_trajectory", {"country": country, "start_year": start_year, "end_year": end_year,
                                         "focus_round": focus_round, "un_folder": str(un_folder) if un_folder else None})
name = egdi.country_name(country)
series = series.loc[start_year:end_year].dropna(how="all")
world = egdi.source_table(un_folder)
relative = egdi.world_relative(world, ("egdi", "osi", "hci", "tii"))
relative = relative[relative["year"].between(start_year, end_year)]
own = relative[relative["country"] == country]
percentile = own.pivot(index="year", columns="indicator", values="percentile")
caption = egdi.caption(series.attrs["sources"])
method_caption = un_method.method_note()
series

# %% [markdown]
# ## The trajectory: rank and percentile among all members
#
# The percentile is the share of the members assessed in that round that score at or below the
# country; the rank is the EGDI rank among them (1 = best; the number of members grew from
# 173 assessed in 2003 to 193). Both are comparable across rounds in a way the levels are not.

# %%
COMPONENT_NAMES = {"egdi": "EGDI", "osi": "Online Service Index", "hci": "Human Capital Index",
                   "tii": "Telecommunication Infrastructure Index"}
fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 6.2), sharex=True, height_ratios=[3, 2])
colours = plotting.palette(4)
for colour, column in zip(colours, ["egdi", "osi", "hci", "tii"], strict=True):
    if column in percentile and percentile[column].notna().any():
        style = {"linewidth": 2.5} if column == "egdi" else {"linewidth": 1.2, "linestyle": "--"}
        top.plot(percentile.index, percentile[column], marker="o", color=colour, label=COMPONENT_NAMES[column], **style)
top.set_ylim(0, 100)
top.set_ylabel("percentile among UN members (%)")
top.set_title(f"{name}: position among all UN members in the EGDI and its components, {start_year}-{end_year}")
top.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
ranks = own[own["indicator"] == "egdi"].set_index("year")
published = series["egdi_rank"].dropna() if "egdi_rank" in series else pd.Series(dtype=float)
# the UN's published rank where the source has it, else the rank among the members assessed
ranks["rank"] = published.reindex(ranks.index).fillna(ranks["rank"]).astype(int)
bottom.plot(ranks.index, ranks["rank"], marker="o", color=colours[0], label="EGDI rank")
bottom.plot(ranks.index, ranks["members"], color="0.6", linestyle="-.", linewidth=1, label="members assessed")
bottom.set_ylim(max(200, ranks["members"].max() + 5), 0)  # the whole range: 1 (best) at the top
bottom.set_ylabel("EGDI rank (1 = best)")
bottom.set_xlabel("UN survey round (year)")
bottom.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
bottom.set_xticks(series.index, [str(y) for y in series.index], rotation=45)
for ax in (top, bottom):
    ax.set_xlim(series.index.min() - 0.8, series.index.max() + 0.8)
    un_method.mark_method_changes(ax, label=ax is top)
plotting.savefig(fig, f"02_egdi_trajectory_{country.lower()}",
                 caption=f"{caption} Percentiles and ranks over the members assessed in each round (EGDI > 0). "
                         f"{method_caption}")
plt.show()

# %%
first, last = int(percentile.index.min()), int(percentile.index.max())
results.add("first_round", first, "year")
results.add("last_round", last, "year")
results.add("egdi_first", series.at[first, "egdi"], "index_0_1", "level in the first round (its own round's method)")
results.add("egdi_last", series.at[last, "egdi"], "index_0_1", "level in the last round (its own round's method)")
results.add("rank_first", int(ranks.at[first, "rank"]), "rank", f"EGDI rank in {first}")
results.add("rank_last", int(ranks.at[last, "rank"]), "rank", f"EGDI rank in {last}")
results.add("rank_best", int(ranks["rank"].min()), "rank")
results.add("percentile_first", percentile.at[first, "egdi"], "percent", f"EGDI percentile in {first}")
results.add("percentile_last", percentile.at[last, "egdi"], "percent", f"EGDI percentile in {last}")
say("country_name", name)
say("percentile_first", formatting.fmt(results["percentile_first"]))
say("members_first", str(int(ranks.at[first, "members"])))
say("first_round", str(first))
say("rank_first", str(results["rank_first"]))
say("percentile_last", formatting.fmt(results["percentile_last"]))
say("members_last", str(int(ranks.at[last, "members"])))
say("last_round", str(last))
say("rank_last", str(results["rank_last"]))
say("rank_best", str(results["rank_best"]))
say("egdi_first", formatting.fmt(results["egdi_first"]))
say("egdi_last", formatting.fmt(results["egdi_last"]))

# %% [markdown]
# {glue:md}`country_name` stood at the {glue:md}`percentile_first`th percentile of the {glue:md}`members_first`
# members assessed in {glue:md}`first_round` (rank {glue:md}`rank_first`) and at the {glue:md}`percentile_last`th
# of {glue:md}`members_last` in {glue:md}`last_round` (rank {glue:md}`rank_last`; best rank {glue:md}`rank_best`).
# Its EGDI level went from {glue:md}`egdi_first` to {glue:md}`egdi_last`, but the two levels were computed by
# different methods and are not compared here.

# %% [markdown]
# ## Which component moved the country relative to the world?
#
# Each round's change of the EGDI z-score splits into one contribution per component,
# `w_c z_c` of the later round minus that of the earlier (weights `w_c = sd_c / (3 sd_EGDI)` of the
# round); the residual is what the simple-mean rule does not explain (2008, 2010). Beside it, the
# level decomposition (one third of each component's change of level) shows what the method changes
# do: in the pairs marked `method_change`, a level contribution includes the redefinition.

# %%
parts = egdi.decompose_relative(relative, country)
levels = egdi.decompose(series)
parts["method_change"] = [un_method.crosses_change(a, b, "egdi") for a, b in zip(parts["from"], parts["to"], strict=True)]
parts

# %%
labels = [f"{a}-{b}" for a, b in zip(parts["from"], parts["to"], strict=True)]
fig, ax = plt.subplots(figsize=(8.5, 4.2))
bottoms_pos = pd.Series(0.0, index=parts.index)
bottoms_neg = pd.Series(0.0, index=parts.index)
for colour, component in zip(colours[1:], ["osi", "hci", "tii"], strict=True):
    values = parts[f"{component}_contribution"].fillna(0.0)
    base = bottoms_pos.where(values >= 0, bottoms_neg)
    ax.bar(range(len(labels)), values, bottom=base, color=colour, label=COMPONENT_NAMES[component])
    bottoms_pos += values.clip(lower=0)
    bottoms_neg += values.clip(upper=0)
ax.plot(range(len(labels)), parts["z_change"], "ko", label="change of the EGDI z-score")
ax.axhline(0, color="0.3", linewidth=0.8)
ax.set_xticks(range(len(labels)), labels, rotation=45)
ax.set_xlim(-0.6, len(labels) - 0.4)
un_method.mark_method_changes(ax, rounds=list(parts["to"]))
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
ax.set_title(f"{name}: change of its EGDI position relative to the world, by component")
ax.set_xlabel("pair of survey rounds")
ax.set_ylabel("change in world standard deviations")
plotting.savefig(fig, f"02_egdi_decomposition_{country.lower()}",
                 caption=f"{caption} Contributions: change of w_c z_c per component, with z the distance from the "
                         f"world mean of the members assessed in each round in world standard deviations and "
                         f"w_c = sd_c / (3 sd_EGDI). A line before a pair marks a method change within it. "
                         f"{method_caption}")
plt.show()

# %%
totals = parts[["osi_contribution", "hci_contribution", "tii_contribution"]].sum()
driver = totals.idxmax().removesuffix("_contribution")
results.add("largest_driver", driver.upper(), "component",
            "component with the largest summed contribution to the change of the EGDI z-score")
for component in ["osi", "hci", "tii"]:
    results.add(f"{component}_contribution_z", totals[f"{component}_contribution"], "world SD",
                "summed contribution to the change of the EGDI z-score")
results.add("residual_z_max_abs", parts["residual"].abs().max(), "world SD",
            "largest change of the z-score not explained by the simple-mean rule")
crossing = parts[parts["method_change"]].merge(levels[["from", "to", "osi_contribution", "hci_contribution",
                                                        "tii_contribution"]], on=["from", "to"],
                                                suffixes=("_z", "_level"))
display(crossing[["from", "to", "hci_contribution_level", "hci_contribution_z", "tii_contribution_level",
                  "tii_contribution_z"]])
say("z_first", formatting.fmt(parts["z_before"].iloc[0]))
say("z_last", formatting.fmt(parts["z_after"].iloc[-1]))
say("driver_name", COMPONENT_NAMES[driver])
say("driver_total", formatting.fmt(totals.max()))

# %% [markdown]
# Over {glue:md}`first_round`-{glue:md}`last_round` {glue:md}`country_name`'s EGDI z-score went from
# {glue:md}`z_first` to {glue:md}`z_last`; the largest summed contribution came from **{glue:md}`driver_name`**
# ({glue:md}`driver_total` world SD). The table shows the pairs of rounds across a method change: there the level
# contribution of the redefined component differs from its contribution relative to the world, which is the part
# of the change that is the country's own.

# %% [markdown]
# ## Is there a trend in the country's position?

# %%
egdi_percentile = percentile["egdi"].dropna()
trend_tests = {"percentile_trend": stats.mann_kendall(egdi_percentile, egdi_percentile.index.to_numpy()),
               "percentile_slope": stats.theil_sen(egdi_percentile, egdi_percentile.index.to_numpy())}
rank_series = ranks["rank"].astype(float)
if len(rank_series) >= 3:
    trend_tests["rank_trend"] = stats.mann_kendall(rank_series, rank_series.index.to_numpy())
units = {"percentile_trend": "Kendall tau", "percentile_slope": "percentile points per year", "rank_trend": "Kendall tau"}
for key, test in trend_tests.items():
    results.add_test(key, test, units[key])
stats.results_table(list(trend_tests.values()))

# %% [markdown]
# Mann-Kendall asks only whether later rounds tend to rank higher; the Theil-Sen slope is the median
# of the pairwise slopes per year, so it allows for the unequal spacing of the rounds (1 to 3 years).
# A falling rank number is an improvement, so `rank_trend` is negative when the country climbs. The
# rank and the percentile carry the same information (the number of members changes little), so
# `rank_trend` repeats `percentile_trend` with the opposite sign; the Theil-Sen slope, which says how
# fast, is the result to read.

# %% [markdown]
# ## Did the country's position break at the focus round?
#
# The focus change is first ranked among all round-to-round changes of the percentile (per year).
# With a dozen rounds that rank cannot be significant (the smallest attainable p is 1/n), so it is
# reported as a description only. The test is a segmented regression of the percentile with a level
# and a slope change at the focus round. The other hypothesised breaks are the two method changes,
# each tested on the percentile of the component that was redefined: the HCI in 2014 and the TII in
# 2020 (if a redefinition moved the country relative to others, that component's percentile should
# jump there). The three tests form one family, adjusted by Holm's method.

# %%
changes = (egdi_percentile.diff() / egdi_percentile.index.to_series().diff()).dropna()
focus_position = int(list(changes.index).index(focus_round))
jump = stats.rank_of_focus(changes.to_numpy(), focus_position)
results.add("focus_change_rank", int(jump.estimate), "rank",
            f"rank of the {focus_round} change of the percentile per year among {jump.n} changes (descriptive)")
results.add("focus_change_rank_n", jump.n, "changes")
results.add("focus_change_per_year", changes.loc[focus_round], "percentile points per year")

PRESPECIFIED_FOCUS = 2020  # the pandemic round, named in the question before the data were looked at
hypotheses = {"focus_break": ("egdi", focus_round, f"EGDI percentile, break at {focus_round}"),
              "hci_2014_break": ("hci", 2014, "HCI percentile, break at the 2014 HCI redefinition"),
              "tii_2020_break": ("tii", 2020, "TII percentile, break at the 2020 TII redefinition")}
results.add("focus_prespecified", focus_round == PRESPECIFIED_FOCUS, "1",
            f"whether the focus round is the pre-specified {PRESPECIFIED_FOCUS}; otherwise its test is exploratory")
breaks, skipped = {}, []
for key, (column, year, description) in hypotheses.items():
    values = percentile[column].dropna() if column in percentile else pd.Series(dtype=float)
    before, after = (values.index < year).sum(), (values.index >= year).sum()
    if len(values) < 8 or before < 3 or after < 3:
        skipped.append(f"{description}: {len(values)} rounds ({before} before, {after} from {year}); "
                       "too few for a segmented regression with 4 parameters (at least 8, 3 on each side)")
        continue
    table = stats.segmented_regression(values.to_numpy(), values.index.to_numpy(), year)
    row = table.set_index("name").loc["level change"]
    breaks[key] = stats.TestResult(f"level change against the pre-break trend: {description}", row["method"],
                                   int(row["n"]),
                                   estimate=row["estimate"], ci_low=row["ci_low"], ci_high=row["ci_high"],
                                   confidence=0.95, statistic=row["statistic"], p_value=row["p_value"],
                                   warnings=tuple(str(row["warnings"]).split("; ")))
if breaks:
    adjusted = stats.adjust_pvalues([b.p_value for b in breaks.values()], "holm")
    for (key, test), p_holm in zip(breaks.items(), adjusted, strict=True):
        results.add_test(key, test, "percentile points")
        results.add(f"{key}_p_holm", p_holm, "p-value", f"Holm-adjusted over the {len(breaks)} break tests")
    display(stats.results_table(list(breaks.values())).assign(p_holm=[formatting.pvalue(p) for p in adjusted]))

# %%
say("breaks_skipped", "\n\n".join(skipped))  # one line per break test too short to run: a block, pasted below
say("focus_round", str(focus_round))
say("focus_change_per_year", formatting.fmt(results["focus_change_per_year"]))
say("focus_change_rank", str(results["focus_change_rank"]))
say("focus_change_n", str(jump.n))
text = ""
for key, test in breaks.items():
    p_holm = results[f"{key}_p_holm"]
    column, year, _ = hypotheses[key]
    observed = percentile[column].dropna()
    earlier = observed[observed.index < year]
    step = (f"; observed, the percentile went from {formatting.fmt(earlier.iloc[-1])} ({earlier.index[-1]}) to "
            f"{formatting.fmt(observed.loc[year])} ({year})") if len(earlier) and year in observed.index else ""
    text += (f"{test.name}: {test.shown('estimate')} percentile points relative to the pre-{year} trend "
             f"carried forward, not relative to the previous round{step} (95 % CI {test.shown('ci_low')} "
             f"to {test.shown('ci_high')}; {formatting.p_phrase(test.p_value)}, Holm-adjusted "
             f"{formatting.pvalue(p_holm)}, n = {test.n} rounds, {test.method}). ")
say("break_tests", text.strip())  # one sentence per break test, in the paragraph below
text = ""
if breaks:
    text += ("With about a dozen rounds and 4 parameters the HAC errors are unreliable (see the warnings): "
             "read a non-significant level change as 'not detectable with these data', not as 'no break'. "
             "The pre-break trend extrapolated towards the percentile's ceiling of 100 overstates what could "
             "have continued, so a negative level change can sit beside an observed rise.")
    if focus_round == 2020 and "tii_2020_break" in breaks:
        text += (" The 2020 round is also the round in which the UN redefined the TII, so a break of the EGDI "
                 "percentile there cannot be told apart from the method change; the TII percentile's own level "
                 f"change at 2020 ({breaks['tii_2020_break'].shown('estimate')} points, Holm-adjusted p "
                 f"{formatting.pvalue(results['tii_2020_break_p_holm'])}) is where a shift due to the redefinition "
                 "would show, but a pandemic-year change of the infrastructure itself would show there too, so even "
                 "the TII break cannot be assigned to the method alone.")
    elif focus_round == 2020:
        text += (" The 2020 round is also the round in which the UN redefined the TII, so a break there cannot be "
                 "told apart from the method change.")
say("break_reading", text.strip())
say("focus_exploratory", "" if focus_round == PRESPECIFIED_FOCUS else
    f"The focus round {focus_round} is not this notebook's pre-specified hypothesis ({PRESPECIFIED_FOCUS}, "
    "the pandemic round): unless it was chosen before looking at the series, its test is exploratory and "
    "its p-value is not evidence of a break.")

# %% [markdown]
# ```{glue:md} breaks_skipped
# :format: myst
# ```
#
# The change into {glue:md}`focus_round` ({glue:md}`focus_change_per_year` percentile points per year) ranks
# {glue:md}`focus_change_rank` of {glue:md}`focus_change_n` round-to-round changes; with {glue:md}`focus_change_n`
# changes no rank could reach p < 0.05 (smallest attainable p = 1/{glue:md}`focus_change_n`), so this is a
# description. {glue:md}`break_tests` {glue:md}`break_reading` {glue:md}`focus_exploratory`

# %% [markdown]
# ## Within the distribution of all members
#
# Every member's EGDI per round, with the country and its neighbours marked; the table gives their
# percentiles. Levels are drawn within each round; the dotted lines mark where the method changed, so
# the boxes of two rounds on either side of a line are not on the same scale. Below: the spread over
# all members, compared only within stretches of rounds without a method change, and the world
# averages printed by UNDP & ACSH (2022) recomputed from the panel (notebook 06 discusses both).

# %%
members = regional.panel("egdi", regional.available_countries("egdi", un_folder), un_folder)
members = members[members["year"].between(start_year, end_year)]
marked = egdi.percentiles(world, [country] + [c for c in egdi.NEIGHBOURS if c != country])
marked = marked[marked["year"].between(start_year, end_year)]
rounds = sorted(members["year"].unique())
fig, ax = plt.subplots(figsize=(8.5, 4.5))
regional.draw_distribution(ax, members, marked, country)
un_method.mark_method_changes(ax, rounds=rounds)
ax.set_ylim(0, 1)
ax.set_xlabel("UN survey round (year)")
ax.set_ylabel("EGDI (0-1, the round's own method)")
ax.set_title(f"{name} and its neighbours within the distribution of all UN members")
plotting.savefig(fig, f"02_egdi_global_{country.lower()}",
                 caption=f"{caption} Boxes: quartiles of all assessed members; whiskers 1.5 IQR. {method_caption}")
plt.show()
display(marked.pivot(index="country", columns="year", values="percentile"))

# %%
world_spread = stats.sigma_convergence(members)
spans = un_method.comparable_spans(world_spread["year"], "egdi")
world_spread["span"] = world_spread["year"].map({y: f"{s[0]}-{s[-1]}" for s in spans for y in s})
longest = max(spans, key=len)
within = world_spread[world_spread["year"].isin(longest)]
MIN_ROUNDS = stats.min_trend_n()  # the shortest series whose exact Mann-Kendall test can reach p < 0.05 (5)
if len(within) >= MIN_ROUNDS:
    world_sigma = stats.mann_kendall(within["sd"], within["year"])
    results.add_test("world_sigma_trend", world_sigma, "Kendall tau",
                     f"trend of the EGDI SD over all members, {longest[0]}-{longest[-1]} (no method change)")
    sigma_text = (f"Within {longest[0]}-{longest[-1]}, the longest stretch without a method change, the SD over all "
                  f"members has Mann-Kendall tau {world_sigma.shown('estimate')} ("
                  f"{formatting.p_phrase(world_sigma.p_value)}, {world_sigma.method}, n = {world_sigma.n} rounds).")
else:
    sigma_text = (f"The longest stretch without a method change in the selected years, {longest[0]}-{longest[-1]}, has "
                  f"{len(within)} rounds, too few for a trend test that could reject (need {MIN_ROUNDS}): none is run.")
display(world_spread)
check = regional.world_average_check(un_folder)
check = check[(check["index"] == "egdi") & check["year"].between(start_year, end_year)]
results.add("world_averages_unregistered", int((check["beyond_rounding"] & ~check["registered"]).sum()),
            "averages", "printed EGDI world averages off beyond rounding and not in the conflict register")
display(check[["year", "printed", "recomputed", "members", "difference", "beyond_rounding", "registered"]])
say("sigma_sentence", sigma_text)
say("averages_checked", str(len(check)))
say("averages_years", ", ".join(str(int(y)) for y in sorted(check["year"].unique())) or "none")
say("averages_unregistered", str(results["world_averages_unregistered"]))

# %% [markdown]
# {glue:md}`sigma_sentence` Of {glue:md}`averages_checked` printed EGDI world averages (rounds {glue:md}`averages_years`),
# {glue:md}`averages_unregistered` differ beyond rounding without an entry in the conflict register.

# %% [markdown]
# ## Caveats
#
# * Levels are shown only within their own round. Ranks and percentiles compare across rounds, but
#   they move with other countries' progress as well as the country's own, and with the number of
#   members assessed (173 to 193).
# * The 2008 and 2010 rounds did not compute EGDI as the simple mean (see the residual); the z-score
#   decomposition is exact only for the other rounds.
# * Twelve rounds are few: the trend test and the break tests have little power, and the HAC errors
#   of a 4-parameter regression on about a dozen points are unreliable. No causal reading of the
#   pandemic round is possible from one series, and the 2020 round is also the TII redefinition, so a
#   break there mixes the two. A level change is measured against the pre-break trend carried forward,
#   which the percentile's ceiling of 100 makes optimistic.
# * The 2024 round comes from a third-party copy of the UN export (its checked values agree with the
#   published ones; see the dataset's description).

# %%
results.show()
