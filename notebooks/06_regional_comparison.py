# %% [markdown]
# # 06 · Regional comparison: Kazakhstan among its neighbours and all UN members
#
# **Question.** Where do Kazakhstan, the other countries of the UNDP readiness survey and the members
# of the Eurasian Economic Union (EAEU) stand among all UN members in e-government and
# e-participation, is the group's spread narrowing against the world's, do different indices rank
# the countries alike, does internet access go with the components of the EGDI that do not contain
# it, and how long did members take to reach a given index level?
#
# **DOI lens.** Rogers describes a *social system* in which members adopt an innovation at different
# *times*. Here the social system is the UN membership, and "adoption" is reaching an index
# threshold; the order and spacing of those times give the adopter categories (innovators ...
# laggards). Internet access is one of the conditions (the *communication channels*) through which
# digital services can spread.
#
# **Data.** The UN E-Government Survey of every member and round 2003-2024 (UN DESA, one source per
# round), shipped as `un_egov_panel` (built from the UN Data Center exports; 2024 from a
# third-party copy checked against the published figures). The printed world averages, the Digital
# Adoption Index (DAI) 2016, the Global Innovation Index (GII) 2021, the GovTech Maturity (GTMI) groups
# 2020 and internet users 2018 come from the UNDP & ACSH (2022) country tables (GTMI groups checked
# against the World Bank GTMI 2020 round), which cover the seven survey countries only. Give
# `un_folder` (a folder of Data Center exports, e.g. with a newer round) to read the index series
# from those files instead.
#
# **Method.** Levels are compared only within a round, or across rounds without a UN method change
# (`egovlib.un_method`); across rounds the primary series is the percentile among all members.
# Convergence: the spread (SD) of the group and of all members per round and their ratio, with
# Mann-Kendall trends, and beta convergence over the longest stretch of rounds without a method
# change. Agreement of indices: Kendall's W, descriptive. Internet access: Spearman's rho
# (permutation p, Fisher-z interval) against the Online Service and Human Capital indices, which
# do not contain internet use (the Telecommunication Infrastructure Index does, and it is a third
# of the EGDI). Time to reach `threshold`: a time-to-event analysis over all members (Kaplan-Meier,
# left-censoring for members already there when first assessed, right-censoring for those not
# there yet), Rogers categories from the share of all members adopted, and a sweep over thresholds.
# Each family of tests is adjusted by Holm's method.

# %% tags=["parameters"]
countries = None  # ISO 3166 alpha-3 codes, or None for the UNDP survey countries and EAEU members in the data
index = "egdi"  # "egdi" (E-Government Development Index) or "epart" (E-Participation Index)
threshold = 0.6  # index level (0-1) whose first crossing times are compared
un_folder = None  # None (the shipped UN panel), or a folder of UN E-Government Data Center exports (EGOV_DATA_<year>.csv)

# %%
from egovlib import params, regional

un_folder = params.folder_or_none("un_folder", un_folder)
index = params.choice("index", index, sorted(regional.INDEX_DATASETS))
threshold = params.number("threshold", threshold, 0.05, 0.95)
available = regional.available_countries(index, un_folder)
if countries is None:
    countries = regional.default_countries(index, un_folder)
countries = params.subset("countries", countries, available, min_size=3)

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from egovlib import agreement, diffusion, egdi, formatting, plotting, stats, un_method
from egovlib.prose import say
from egovlib.results import Results


plotting.set_style()
formatting.use()  # numbers at the precision the data support, the same on every machine
label = regional.INDEX_LABELS[index]
results = Results("06_regional_comparison", {"countries": countries, "index": index, "threshold": threshold,
                                             "un_folder": str(un_folder) if un_folder else None})
rows = regional.panel(index, countries, un_folder)
members = regional.panel(index, available, un_folder)
table = egdi.source_table(un_folder)
relative = egdi.world_relative(table, (index,))
names = {code: egdi.country_name(code) for code in countries}
caption = egdi.caption(rows.attrs["sources"])
method_caption = un_method.method_note(index)
wide = rows.pivot(index="year", columns="country", values="value")
position = relative[relative["country"].isin(countries)].pivot(index="year", columns="country", values="percentile")
wide

# %% [markdown]
# ## The group among all members
#
# The percentile is the share of the members assessed in a round that score at or below the
# country: it compares across rounds, where the levels of two rounds with different methods do not.

# %%
fig, ax = plt.subplots(figsize=(8.5, 4.5))
for colour, code in zip(plotting.palette(len(position.columns)), position.columns, strict=True):
    ax.plot(position.index, position[code], marker="o", color=colour, label=names[code],
            linewidth=2.5 if code == "KAZ" else 1.2)
ax.set_ylim(0, 100)
ax.set_xlim(position.index.min() - 0.8, position.index.max() + 0.8)
un_method.mark_method_changes(ax, index)
ax.set_xlabel("UN survey round (year)")
ax.set_ylabel("percentile among UN members (%)")
ax.set_title(f"{label}: the comparison group's position among all UN members, "
             f"{position.index.min()}-{position.index.max()}")
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
plotting.savefig(fig, f"06_{index}_panel",
                 caption=f"{caption} Percentile: share of the members assessed in the round at or below the "
                         f"country. {method_caption}")
plt.show()

# %%
last_round = int(wide.index.max())
first_round = int(wide.index.min())
latest = wide.loc[last_round].dropna().sort_values(ascending=False)
assessed_mean = regional.world_mean(index, un_folder, drop_zeros=True).set_index("year")["value"]
results.add("rounds", len(wide), "rounds")
results.add("countries", len(latest), "countries", f"countries with a value in {last_round}")
results.add("leader_last_round", latest.index[0], "country", f"highest {label} in {last_round}")
results.add("kaz_position_last_round", int(list(latest.index).index("KAZ")) + 1 if "KAZ" in latest else None,
            "position", f"Kazakhstan's position in the group in {last_round}")
above = int((latest > assessed_mean.get(last_round, np.nan)).sum())
results.add("above_world_mean_last_round", above, "countries",
            f"countries above the mean of the assessed members in {last_round}")
say("last_round", str(last_round))
say("label", label)
say("highest_value", formatting.fmt(latest.iloc[0]))
say("highest_name", names[latest.index[0]])
say("highest_percentile", formatting.fmt(position.at[last_round, latest.index[0]]))
say("lowest_value", formatting.fmt(latest.iloc[-1]))
say("lowest_name", names[latest.index[-1]])
say("lowest_percentile", formatting.fmt(position.at[last_round, latest.index[-1]]))
say("above_world_mean", str(above))
say("countries_last_round", str(len(latest)))
say("assessed_mean_last_round", formatting.fmt(assessed_mean.get(last_round, np.nan)))

# %% [markdown]
# In {glue:md}`last_round` the group's highest {glue:md}`label` is {glue:md}`highest_value`
# ({glue:md}`highest_name`, {glue:md}`highest_percentile`th percentile) and the lowest {glue:md}`lowest_value`
# ({glue:md}`lowest_name`, {glue:md}`lowest_percentile`th percentile); {glue:md}`above_world_mean` of
# {glue:md}`countries_last_round` countries score above the mean of the members assessed that round
# ({glue:md}`assessed_mean_last_round`).

# %% [markdown]
# ## Is the group converging, and against the world?
#
# Sigma convergence asks whether the spread shrinks; an SD of levels compares only within a stretch
# of rounds that used the same method, so the trends are tested over the longest such stretch. The
# ratio of the group's SD to the world's SD in the same round removes the round's scale (not a
# reordering of countries by a changed method) and is compared over all rounds. The group's own trend
# and its ratio to the world's use only the countries assessed in every round of the stretch, or of
# the panel (balanced panels), so that a country joining cannot move the spread. Beta convergence
# asks whether the countries that started low grew
# faster, over the same stretch. The four tests form one family (Holm).

# %%
spread = stats.sigma_convergence(rows).set_index("year")
world_spread = stats.sigma_convergence(members).set_index("year")
dispersion = pd.DataFrame({"group_sd": spread["sd"], "group_n": spread["n"], "world_sd": world_spread["sd"],
                           "world_n": world_spread["n"]})
dispersion["ratio"] = dispersion["group_sd"] / dispersion["world_sd"]
spans = un_method.comparable_spans(dispersion.index, index)
longest = max(spans, key=len)
dispersion["span"] = [f"{s[0]}-{s[-1]}" for y in dispersion.index for s in spans if y in s]
same_span = any(first_round in span and last_round in span for span in spans)
apart = "" if same_span else f"; not comparable with {last_round}: the method changed in between"
results.add("sd_first_round", dispersion["group_sd"].iloc[0], "index_0_1",
            f"SD across the group in {first_round}{apart}")
results.add("sd_last_round", dispersion["group_sd"].iloc[-1], "index_0_1", f"SD across the group in {last_round}")
results.add("world_members_last_round", int(dispersion["world_n"].iloc[-1]), "countries")
results.add("world_sd_first_round", dispersion["world_sd"].iloc[0], "index_0_1", f"{first_round}{apart}")
results.add("world_sd_last_round", dispersion["world_sd"].iloc[-1], "index_0_1", str(last_round))
results.add("dispersion_ratio_last_round", dispersion["ratio"].iloc[-1], "ratio",
            f"SD of the group / SD of all members, {last_round}")
dispersion

# %%
fig, ax = plt.subplots(figsize=(8, 4))
ax.plot(dispersion.index, dispersion["world_sd"], marker="o", color="0.3", label="all UN members")
ax.plot(dispersion.index, dispersion["group_sd"], marker="o", color=plotting.palette(1)[0], label="comparison group")
ax.set_ylim(0, max(dispersion[["world_sd", "group_sd"]].max()) * 1.15)
ax.set_xlim(dispersion.index.min() - 0.8, dispersion.index.max() + 0.8)
un_method.mark_method_changes(ax, index)
ax.set_xlabel("UN survey round (year)")
ax.set_ylabel(f"standard deviation of the {label}")
ax.set_title(f"Spread of the {label}: the comparison group against all UN members")
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
plotting.savefig(fig, f"06_{index}_dispersion",
                 caption=f"{caption} The group's SD is over the countries with a value in each round "
                         f"({int(dispersion['group_n'].min())} to {int(dispersion['group_n'].max())}), so part of a "
                         "change can be a country joining; the trend tests use balanced panels. "
                         f"{method_caption}")
plt.show()

# %%
MIN_ROUNDS = stats.min_trend_n()  # the shortest series whose exact Mann-Kendall test can reach p < 0.05 (5)
within = dispersion.loc[longest].copy()
# The group's SD is trended over a balanced panel: only the countries assessed in every round of the
# stretch, so that a country joining the panel cannot make the spread move.
stretch = rows[rows["year"].isin(longest)].dropna(subset=["value"])
balanced = sorted(set.intersection(*(set(stretch.loc[stretch["year"] == year, "country"]) for year in longest)))
if len(balanced) >= 3:
    within["group_sd"] = stats.sigma_convergence(stretch[stretch["country"].isin(balanced)]).set_index("year")["sd"]
else:  # too few countries in every round for a spread
    within["group_sd"] = np.nan
results.add("sigma_trend_countries", len(balanced), "countries",
            f"assessed in every round {longest[0]}-{longest[-1]}: {', '.join(balanced)}")
# The ratio's trend over all rounds uses the group countries assessed in every round, for the same reason.
assessed = rows.dropna(subset=["value"])
every_round = sorted(set.intersection(*(set(assessed.loc[assessed["year"] == year, "country"])
                                        for year in dispersion.index)))
if len(every_round) >= 3:
    balanced_sd = stats.sigma_convergence(assessed[assessed["country"].isin(every_round)]).set_index("year")["sd"]
    dispersion["ratio_balanced"] = balanced_sd / dispersion["world_sd"]
else:  # too few countries in every round for a spread
    dispersion["ratio_balanced"] = np.nan
results.add("ratio_trend_countries", len(every_round), "countries",
            f"assessed in every round {first_round}-{last_round}: {', '.join(every_round)}")
family, skipped = {}, []
for key, values in {"sigma_trend": within["group_sd"], "world_sigma_trend": within["world_sd"],
                    "dispersion_ratio_trend": dispersion["ratio_balanced"]}.items():
    values = values.dropna()
    if len(values) >= MIN_ROUNDS:
        family[key] = stats.mann_kendall(values.to_numpy(), values.index.to_numpy())
    else:
        skipped.append(f"{key}: {len(values)} rounds, too few for a test that could reject (need {MIN_ROUNDS})")
both = wide.loc[[longest[0], longest[-1]]].T.dropna() if len(longest) >= 2 else pd.DataFrame()
both = both[(both > 0).all(axis=1)] if len(both) else both
if len(both) >= 4:
    family["beta_slope"] = stats.beta_convergence(both[longest[0]], both[longest[-1]], longest[-1] - longest[0])
else:
    skipped.append(f"beta_slope: {len(both)} countries with values in {longest[0]} and {longest[-1]}")
units = {"sigma_trend": "Kendall tau", "world_sigma_trend": "Kendall tau", "dispersion_ratio_trend": "Kendall tau",
         "beta_slope": "log growth per log level"}
about = {"sigma_trend": f"group SD, {longest[0]}-{longest[-1]}, the {len(balanced)} countries assessed in every round",
         "world_sigma_trend": f"world SD, {longest[0]}-{longest[-1]}",
         "dispersion_ratio_trend": f"SD of the {len(every_round)} group countries assessed in every round / world "
                                   "SD, all rounds (a changed method can reorder countries, not only rescale them, "
                                   "so the ratio is not wholly free of the method changes)",
         "beta_slope": f"{longest[0]}-{longest[-1]}"}
convergence_holm = stats.adjust_pvalues([t.p_value for t in family.values()], "holm") if family else []
for (key, test), p_holm in zip(family.items(), convergence_holm, strict=True):
    results.add_test(key, test, units[key], about[key])
    results.add(f"{key}_p_holm", p_holm, "p-value", f"Holm-adjusted over the {len(family)} convergence tests")
stats.results_table(list(family.values())).assign(about=[about[k] for k in family], p_holm=[formatting.pvalue(p) for p in convergence_holm])

# %%
say("convergence_skipped", "\n\n".join(skipped))  # one line per test too short to run: a block, pasted below
say("stretch_first", str(longest[0]))
say("stretch_last", str(longest[-1]))
say("sigma_trend_countries", str(len(balanced)))
say("group_sd_first", formatting.fmt(within["group_sd"].iloc[0]))
say("group_sd_last", formatting.fmt(within["group_sd"].iloc[-1]))
say("world_sd_first", formatting.fmt(within["world_sd"].iloc[0]))
say("world_sd_last", formatting.fmt(within["world_sd"].iloc[-1]))
say("ratio_sentence",  # the whole sentence depends on the branch
    f"The spread of the {len(every_round)} group countries assessed in every round was "
    f"{formatting.fmt(dispersion['ratio_balanced'].iloc[0])} times the world's in {first_round} and "
    f"{formatting.fmt(dispersion['ratio_balanced'].iloc[-1])} times in {last_round} (the whole group, whose "
    f"members change, {formatting.fmt(dispersion['ratio'].iloc[-1])} times in {last_round})."
    if len(every_round) >= 3 else
    "Fewer than three group countries were assessed in every round, so the ratio is not followed over time.")
text = ""
for key, test in family.items():
    ci = (f", 95 % CI {test.shown('ci_low')} to {test.shown('ci_high')}"
          if not np.isnan(test.ci_low) else "")
    text += (f"{about[key]}: {test.shown('estimate')}{ci} ({formatting.p_phrase(test.p_value)}, "
             f"Holm {formatting.pvalue(results[key + '_p_holm'])}, n = {test.n}, {test.method}). ")
say("convergence_tests", text.strip())  # one sentence per test of the family, in the paragraph below
beta_reading = ""
if "beta_slope" in family:
    beta = family["beta_slope"]
    beta_reading = ("The beta slope's interval excludes zero." if beta.ci_high < 0 or beta.ci_low > 0 else
                    "The beta slope's interval includes zero: the data cannot tell catching up from no relation.")
say("beta_reading", beta_reading)

# %% [markdown]
# ```{glue:md} convergence_skipped
# :format: myst
# ```
#
# Over {glue:md}`stretch_first`-{glue:md}`stretch_last`, the longest stretch without a method change of the
# {glue:md}`label`, the SD of the {glue:md}`sigma_trend_countries` group countries assessed in every round went
# from {glue:md}`group_sd_first` to {glue:md}`group_sd_last` and the world's from {glue:md}`world_sd_first` to
# {glue:md}`world_sd_last`. {glue:md}`ratio_sentence` {glue:md}`convergence_tests` {glue:md}`beta_reading`

# %% [markdown]
# ## Do the indices rank the countries alike?
#
# The snapshot lines up the indices closest in time (measured in different years, so agreement is
# read loosely; the UNDP tables cover the seven survey countries only). Kendall's W is 1 when every
# index orders the countries the same way and 0 when they share no order; its p-value comes from
# shuffling each index's ranks independently (ties kept). The indices are not independent raters:
# the E-Participation Index is scored from the same online-service questionnaire as the OSI, a third
# of the EGDI, and the GTMI and DAI measure overlapping things. W is therefore also given without
# the E-Participation Index. No p-value is given: the only null a permutation test of W can reject is
# that the indices order the countries at random, and no one holds that of indices built partly from
# the same questionnaire. W is read as a description of these seven countries.

# %%
snap = regional.snapshot(countries)
complete = snap.dropna()
display(snap)
agreement_w = {}
if len(complete) >= 4:
    agreement_w["kendalls_w"] = stats.kendalls_w(complete.T.to_numpy()).estimate
    reduced = complete.drop(columns=["E-Participation 2020"])
    agreement_w["kendalls_w_without_epart"] = stats.kendalls_w(reduced.T.to_numpy()).estimate
    for key, value in agreement_w.items():
        results.add(key, value, "W (0-1)", f"agreement of the indices on {len(complete)} countries; descriptive, "
                    "no test (the indices share components)")
    say("kendalls_w_text",
        f"Kendall's W is {formatting.fmt(agreement_w['kendalls_w'], formatting.digits_for(len(complete)))} over "
        f"{complete.shape[1]} indices and {len(complete)} countries, and "
        f"{formatting.fmt(agreement_w['kendalls_w_without_epart'], formatting.digits_for(len(complete)))} "
        "without the E-Participation Index. Because related indices count as separate raters, this "
        "overstates how far independent measurements agree.")
else:  # the whole sentence depends on the branch: glued as one paragraph
    say("kendalls_w_text", f"Only {len(complete)} countries have every index; Kendall's W is not given for fewer than 4.")

# %% [markdown]
# {glue:md}`kendalls_w_text`

# %% [markdown]
# ## Internet access and the components of the EGDI that do not contain it
#
# Internet users per 100 people are one of the indicators of the Telecommunication Infrastructure
# Index, a third of the EGDI, so correlating internet use with the EGDI partly correlates it with
# itself. The comparison is made instead with the Online Service Index and the Human Capital Index
# of the same round (2018), which contain no internet indicator. The two correlations form one family (Holm).

# %%
internet = snap[["Internet users 2018 (%)"]].dropna()
component_values = table[(table["year"] == 2018) & table["indicator"].isin(["osi", "hci"])]
component_values = component_values.pivot_table(index="country", columns="indicator", values="value", aggfunc="first")
access = internet.join(component_values, how="inner").dropna()
access_tests = {}
if len(access) >= 5:
    for component in ["osi", "hci"]:
        access_tests[f"internet_vs_{component}_rho"] = agreement.spearman_with_interval(
            access["Internet users 2018 (%)"], access[component])
    access_holm = stats.adjust_pvalues([t.p_value for t in access_tests.values()], "holm")
    for (key, test), p_holm in zip(access_tests.items(), access_holm, strict=True):
        results.add_test(key, test, "Spearman rho", "internet users 2018 against the 2018 component")
        results.add(f"{key}_p_holm", p_holm, "p-value", "Holm-adjusted over the 2 correlations")
    display(stats.results_table(list(access_tests.values())).assign(p_holm=[formatting.pvalue(p) for p in access_holm]))
    fig, axes = plt.subplots(1, 2, figsize=(9, 4), sharex=True)
    for ax, component, full in zip(axes, ["osi", "hci"], ["Online Service Index", "Human Capital Index"], strict=True):
        test = access_tests[f"internet_vs_{component}_rho"]
        ax.scatter(access["Internet users 2018 (%)"], access[component], color=plotting.palette(1)[0])
        for code, row in access.iterrows():
            ax.annotate(egdi.country_name(code), (row["Internet users 2018 (%)"], row[component]),
                        textcoords="offset points", xytext=(4, 3), fontsize=7)
        ax.set_xlim(0, 100)
        ax.set_ylim(0, 1)
        ax.set_xlabel("internet users, 2018 (% of population)")
        ax.set_ylabel(f"{full}, 2018 (0-1)")
        ax.set_title(f"{full}\n(Spearman rho {test.shown('estimate')}, n = {test.n})", fontsize=10)
    fig.suptitle("Internet access and the EGDI components that do not contain it, 2018", fontsize=11, y=1.04)
    plotting.savefig(fig, "06_internet_vs_components",
                     caption=plotting.source_caption(snap.attrs["sources"][snap.attrs["sources"]["locator"]
                                                     .str.contains("ppendix 6")])
                             + " " + egdi.caption(table[(table["year"] == 2018)
                                                        & table["indicator"].isin(["osi", "hci"])]
                                                  [["source", "locator"]].drop_duplicates()).replace("Source: ", "", 1))
    plt.show()
    say("access_text", " ".join(  # one sentence per correlation, then the reading: one paragraph
        f"Spearman's rho of internet use against the {key.split('_')[2].upper()} is {t.shown('estimate')} "
        f"(95 % CI {t.shown('ci_low')} to {t.shown('ci_high')}, "
        f"{formatting.p_phrase(t.p_value, 'permutation p')}, Holm {formatting.pvalue(results[key + '_p_holm'])}, n = {t.n} countries)."
        for key, t in access_tests.items())
        + " With this few countries the intervals are wide: the data are compatible with weak and strong associations.")
else:  # the whole sentence depends on the branch: glued as one paragraph
    say("access_text", f"{len(access)} countries have internet users (2018) and the 2018 components; the correlation "
        "needs at least 5 for a permutation test that could reject.")

# %% [markdown]
# {glue:md}`access_text`

# %% [markdown]
# ## How long did members take to reach the threshold?
#
# A member "adopts" in the first round at or above the threshold. Time runs from the first round of
# the panel. Members already at or above it when first assessed are **left-censored** (their crossing
# time is unknown) and left out of the risk set; members not there by the last round are
# **right-censored**. The Kaplan-Meier curve (statsmodels `SurvfuncRight`, members assessed only
# from a later round entering then) estimates the share still below the threshold. Rogers'
# categories are slices of the cumulative share of adopters (2.5, 13.5, 34, 34 and 16 %), so a
# country's category follows from the share of *all* members that had adopted when it crossed;
# where its round spans a boundary, both categories are named. A crossing may also come from a
# method change rather than progress, which the last column of the summary counts.

# %%
events = regional.threshold_events(members, threshold)
curve, summary = regional.time_to_threshold(events)
categories = regional.censored_categories(events, curve)
group = events[events["country"].isin(countries)]
results.add("crossed_by_last_round", int(group["first_round"].notna().sum()), "countries",
            f"group countries at or above {threshold:g} by {last_round}")
results.add("not_yet", int((group["status"] == "right-censored").sum()), "countries")
results.add("left_censored", int((group["status"] == "left-censored").sum()), "countries")
results.add("world_crossed_share", 100 * events["first_round"].notna().mean(), "percent",
            f"share of members at or above {threshold:g} by the last round")
results.add("world_left_censored", summary["left_censored"], "countries",
            "members already at or above the threshold when first assessed")
results.add("world_crossed", summary["crossed"], "countries", "members that crossed during the panel")
results.add("world_right_censored", summary["right_censored"], "countries", "members not at the threshold by the last round")
crossed = events[events["status"] == "crossed"]
previous_round = {r: p for p, r in zip(sorted(members["year"].unique())[:-1], sorted(members["year"].unique())[1:])}
# per member that crossed: whether its crossing round's method differed from the round before
crossed_at_change = {country: un_method.crosses_change(previous_round[int(year)], int(year), index)
                     for country, year in zip(crossed["country"], crossed["first_round"], strict=True)}
at_change = 100 * np.mean(list(crossed_at_change.values())) if crossed_at_change else np.nan
results.add("crossings_at_method_change", at_change, "percent",
            "share of crossings in a round whose method differed from the round before")
median_on_bound = summary["median_years"] == last_round - events.attrs["origin"]  # reached only in the last round
if not np.isnan(summary["median_years"]) and not median_on_bound:
    results.add("km_median_years", summary["median_years"], "years",
                f"Kaplan-Meier median time from {events.attrs['origin']} to reach {threshold:g}")
    results.add("km_median_years_ci_low", summary["median_ci_low"], "years", "95 % interval (statsmodels)")
    results.add("km_median_years_ci_high", summary["median_ci_high"], "years",
                "95 % interval (statsmodels); n/a = open-ended")
display(pd.DataFrame([summary]))
display(categories[categories["country"].isin(countries)].assign(name=lambda t: t["country"].map(names)))

# %%
fig, ax = plt.subplots(figsize=(8.5, 4.5))
if len(curve):
    years_drawn = [events.attrs["origin"]] + list(curve["year"])
    start_share = 100.0 * summary["left_censored"] / summary["members"]
    ax.step(years_drawn, [start_share] + list(curve["adopted_share"]), where="post", color="0.2",
            label="all members (Kaplan-Meier)")
    cohort = 1 - start_share / 100
    ax.fill_between(years_drawn, [start_share] + list(start_share + 100 * cohort * (1 - curve["ci_high"])),
                    [start_share] + list(start_share + 100 * cohort * (1 - curve["ci_low"])), step="post",
                    color="0.8", label="95 % pointwise band")
for boundary in diffusion.STAGE_THRESHOLDS:
    ax.axhline(boundary, color="0.6", linewidth=0.6, linestyle="--")
crossed_group = categories[categories["country"].isin(countries) & (categories["status"] == "crossed")]
for year, at_round in crossed_group.groupby("first_round"):
    ax.plot([year], [at_round["share_high"].iloc[0]], marker="o", color=plotting.palette(1)[0], linestyle="none")
    ax.annotate("\n".join(names[c] for c in at_round["country"]), (year, at_round["share_high"].iloc[0]),
                textcoords="offset points", xytext=(-6, 6), ha="right", va="bottom", fontsize=7)
not_crossed = [names[c] for c in categories.loc[categories["country"].isin(countries)
                                                & (categories["status"] != "crossed"), "country"]]
ax.set_ylim(0, 100)
ax.set_xlim(events.attrs["origin"] - 0.8, last_round + 0.8)
un_method.mark_method_changes(ax, index)
ax.set_xlabel("UN survey round (year)")
ax.set_ylabel(f"members at or above {threshold:g} (% of all)")
ax.set_title(f"Time to reach {label} {threshold:g} among all UN members")
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7)
plotting.savefig(fig, f"06_{index}_threshold_crossing",
                 caption=f"{caption} Share of all members at or above the threshold: members already there when "
                         f"first assessed (left-censored, {summary['left_censored']}) counted from the start, the rest "
                         "by the Kaplan-Meier estimate (statsmodels SurvfuncRight). Dashed lines: Rogers' cumulative "
                         f"boundaries {', '.join(f'{b:g}' for b in diffusion.STAGE_THRESHOLDS)} %. Points: the "
                         "group's crossings"
                         + (f" (not shown: {', '.join(not_crossed)}, censored)" if not_crossed else "")
                         + f". {method_caption}")
plt.show()

# %% [markdown]
# ### How much do the categories depend on the threshold?
#
# The same analysis for thresholds from 0.3 to 0.8, and for the two bounds on who adopts in the end:
# every member (Rogers' assumption, the categories above) or only the members at or above the
# threshold by the last round (shares rescaled to them; members not there get no category). A
# country's category is called stable when every threshold within 0.1 of the chosen one gives the
# same single category under both assumptions, and when its crossing at the chosen threshold did not
# fall in a round whose method changed (such a crossing may be the method's doing). The
# `determined` column of the table above says only whether one category fits at the chosen
# threshold; this table says whether it is a finding.

# %%
thresholds = [round(t, 2) for t in np.arange(0.30, 0.801, 0.05)]
sweeps = {eventual: regional.threshold_sweep(members, countries, thresholds, eventual)
          for eventual in regional.EVENTUAL_ADOPTERS}
by_assumption = {eventual: regional.category_stability(sweep, threshold, width=0.1).set_index("country")
                 for eventual, sweep in sweeps.items()}
stability = pd.DataFrame({
    "if every member adopts": by_assumption["all"]["categories"],
    "if only members adopted by the last round": by_assumption["adopted"]["categories"],
    "stable": by_assumption["all"]["stable"] & by_assumption["adopted"]["stable"]
    & (by_assumption["all"]["categories"] == by_assumption["adopted"]["categories"]),
}).rename_axis("country").reset_index()
stability["crossed_at_method_change"] = stability["country"].map(crossed_at_change).fillna(False).astype(bool)
stability["stable"] = stability["stable"] & ~stability["crossed_at_method_change"]
stable = stability.loc[stability["stable"], "country"].tolist()
stable_if_all_adopt = [c for c in by_assumption["all"].index[by_assumption["all"]["stable"]]
                       if not crossed_at_change.get(c, False)]
SHORT = {"innovators": "I", "early adopters": "EA", "early majority": "EM", "late majority": "LM",
         "laggards": "L", "not adopted": "-"}
results.add("stable_categories", len(stable), "countries",
            f"group countries whose category is the same for every threshold within 0.1 of {threshold:g}, "
            "whether every member or only those adopted by the last round are taken as eventual adopters")
results.add("stable_countries", ", ".join(stable) if stable else "none", "countries")
results.add("stable_categories_if_all_adopt", len(stable_if_all_adopt), "countries",
            "the same, under Rogers' assumption alone (every member adopts in the end)")
both = pd.concat([sweep.assign(eventual=eventual) for eventual, sweep in sweeps.items()], ignore_index=True)
both["category"] = both["category"].map(lambda text: "/".join(SHORT[part] for part in text.split("/")))
print("Categories by threshold (I innovators, EA early adopters, EM early majority, LM late majority, L laggards, "
      "- not adopted by the last round); 'all': every member adopts in the end, 'adopted': only those adopted by "
      f"{last_round}.")
display(both.pivot_table(index=["country", "eventual"], columns="threshold", values="category", aggfunc="first"))
display(stability)
say("threshold", f"{threshold:g}")
say("world_left_censored", str(summary["left_censored"]))
say("world_members", str(summary["members"]))
say("world_crossed", str(summary["crossed"]))
say("world_right_censored", str(summary["right_censored"]))
say("km_median_clause",  # the clause depends on whether the median is estimated, and pinned down
    ((f"; the Kaplan-Meier estimate of the share still below falls under one half only in the last round "
             f"({last_round}), so the median time from {events.attrs['origin']} is not pinned down: it lies after the "
             f"round before, at most {formatting.fmt(summary['median_years'])} years, and is not recorded as a finding"
             if median_on_bound else
             f"; the Kaplan-Meier median time to reach it is {formatting.fmt(summary['median_years'])} years from "
             f"{events.attrs['origin']} (95 % interval from " + formatting.fmt(summary["median_ci_low"]) + " years, upper "
             "limit " + ("open-ended: not estimable" if np.isnan(summary["median_ci_high"])
                         else formatting.fmt(summary["median_ci_high"])) + ")")
            if not np.isnan(summary["median_years"]) else
            "; fewer than half of the members at risk crossed, so the median time is not estimable"))
say("crossings_at_method_change", formatting.fmt(results["crossings_at_method_change"]))
say("stable_names", ", ".join(names[c] for c in stable) if stable else "none")
say("stable_categories", str(len(stable)))
say("group_countries", str(len(countries)))
say("stable_categories_if_all_adopt", str(len(stable_if_all_adopt)))

# %% [markdown]
# At {glue:md}`label` {glue:md}`threshold`, {glue:md}`world_left_censored` of {glue:md}`world_members` members
# were already there when first assessed, {glue:md}`world_crossed` crossed during the panel and
# {glue:md}`world_right_censored` had not by {glue:md}`last_round`{glue:md}`km_median_clause`.
# {glue:md}`crossings_at_method_change` % of the crossings fell in a round whose method had changed. Categories
# stable within ±0.1 of the threshold: {glue:md}`stable_names` ({glue:md}`stable_categories` of
# {glue:md}`group_countries`, whether every member or only those adopted by {glue:md}`last_round` are counted as
# eventual adopters; under Rogers' assumption alone, {glue:md}`stable_categories_if_all_adopt`). The others change
# category with the threshold or with who is assumed to adopt in the end, so their category is not a finding.

# %% [markdown]
# ## The printed world averages recomputed
#
# UNDP & ACSH (2022) print world averages of the EGDI and the E-Participation Index. Recomputed over
# every member of the panel, differences beyond the printed rounding must be listed in the conflict
# register (`data/conflicts.csv`); the last column of the table says whether they are.

# %%
check = regional.world_average_check(un_folder)
unexplained = check[check["beyond_rounding"] & ~check["registered"]]
results.add("world_averages_checked", len(check), "averages")
results.add("world_averages_beyond_rounding", int(check["beyond_rounding"].sum()), "averages")
results.add("world_averages_unregistered", len(unexplained), "averages",
            "differences beyond rounding that the conflict register does not list")
display(check.drop(columns=["conflict_id", "source", "locator"]))
say("averages_reproduced", str(len(check) - results["world_averages_beyond_rounding"]))
say("averages_checked", str(len(check)))
say("averages_beyond_rounding", str(results["world_averages_beyond_rounding"]))
say("averages_unregistered", str(len(unexplained)))

# %% [markdown]
# {glue:md}`averages_reproduced` of {glue:md}`averages_checked` printed world averages are reproduced (within the
# printed rounding) as the mean over every row of the round, zeros included. Not reproduced:
# {glue:md}`averages_beyond_rounding`; of those, missing from the conflict register: {glue:md}`averages_unregistered`.
# The column `recomputed_assessed` drops the zeros (members not assessed): where it differs, the printed averages do
# not follow that definition.

# %% [markdown]
# ## Caveats
#
# * The comparison group is small (nine countries by default) and the snapshot indices cover seven:
#   agreement and correlation are descriptive, with wide intervals, and say little beyond these countries.
# * Index levels are compared only within a round or within a stretch of rounds without a method
#   change; a threshold of a level is still a level, so crossings in a round whose method changed may be
#   the method's doing (the share of such crossings is stated above).
# * Rounds are two to four years apart: a crossing is known only to lie between two rounds, and the
#   Kaplan-Meier curve treats it as happening at the later one. Rogers' categories are shares of the
#   eventual adopters, which a panel that ends in 2024 does not know: the two bounds used here (every
#   member adopts; only those adopted by the last round do) bracket the answer. The categories describe
#   the order of the members; they are not a test of the theory.
# * The indices of the snapshot were measured in different years (DAI 2016, GII 2021) and on
#   different scales; the snapshot compares orders, not levels, and a GTMI group ties most countries.

# %%
results.show()
