# %% [markdown]
# # 02 · EGDI trajectory: how Kazakhstan climbed the UN e-government ranking
#
# **Question.** How did a country's E-Government Development Index (EGDI) and its three components
# move between the UN survey rounds, which component drove each change, is there a monotone trend,
# and was the change into the pandemic round (2018 to 2020) unusual against the earlier rounds?
#
# **DOI lens.** In Rogers' terms the EGDI tracks the *innovation's* availability (online services,
# OSI) and the conditions for adoption in the *social system* (human capital, HCI; telecommunication
# infrastructure, TII) over *time*. A jump in OSI without TII means services ran ahead of the means to use them.
#
# **Data.** By default the bundled series: Kazakhstan's EGDI, components and rank for 2003-2022
# (Orazgaliyeva et al. 2023, table 3, corrected against the UN DESA survey where they disagree; see
# the conflict register); EGDI only for the regional comparators (UNDP & ACSH 2022) and the leaders
# (Zhanbyrbayeva et al. 2022). Give `un_folder` (a folder of UN E-Government Data Center exports)
# to take every series from the official exports and to add the view over all UN members.
#
# **Method.** EGDI is the mean of OSI, HCI and TII in most rounds, so each round's change splits exactly
# into one third of each component's change; the residual shows where a round used another rule.
# Trend: Mann-Kendall (exact p for n <= 50 without ties) and the Theil-Sen slope with its interval.
# Unusual change: the rank of the focus round's change per year among all round-to-round changes,
# with its exact p under exchangeability.

# %% tags=["parameters"]
country = "KAZ"  # ISO 3166 alpha-3 code
start_year = None  # first round to include, or None for the first round with data
end_year = None  # last round to include, or None for the last round with data
focus_round = 2020  # the round whose change from the previous round is tested
un_folder = None  # None, or the path of a folder of UN E-Government Data Center exports (EGOV_DATA_<year>.csv)

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
from IPython.display import Markdown

from egovlib import formatting, plotting, regional, stats
from egovlib.results import Results

plotting.set_style()
formatting.use()  # numbers at the precision the data support, the same on every machine
results = Results("02_egdi_trajectory", {"country": country, "start_year": start_year, "end_year": end_year,
                                         "focus_round": focus_round, "un_folder": str(un_folder) if un_folder else None})
series = series.loc[start_year:end_year].dropna(how="all")
caption = plotting.source_caption(series.attrs["sources"])
series

# %% [markdown]
# ## The trajectory

# %%
fig, (top, bottom) = plt.subplots(2, 1, figsize=(7, 6), sharex=True, height_ratios=[3, 2])
colours = plotting.palette(4)
for colour, column, label in zip(colours, ["egdi", "osi", "hci", "tii"],
                                 ["EGDI", "Online Service Index", "Human Capital Index", "Telecom. Infrastructure Index"],
                                 strict=True):
    if series[column].notna().any():
        style = {"linewidth": 2.5} if column == "egdi" else {"linewidth": 1.2, "linestyle": "--"}
        top.plot(series.index, series[column], marker="o", color=colour, label=label, **style)
top.set_ylabel("index value (0-1)")
top.set_title(f"{country}: EGDI and its components, {start_year}-{end_year}")
top.legend(loc="lower right")
if series["egdi_rank"].notna().any():
    bottom.plot(series.index, series["egdi_rank"], marker="o", color=colours[0])
    bottom.invert_yaxis()
else:
    bottom.text(0.5, 0.5, "rank not in the data", ha="center", va="center", transform=bottom.transAxes)
bottom.set_ylabel("EGDI rank (1 = best)")
bottom.set_xlabel("UN survey round (year)")
bottom.set_xticks(series.index, [str(y) for y in series.index], rotation=45)
plotting.savefig(fig, f"02_egdi_trajectory_{country.lower()}", caption=caption)
plt.show()

# %%
first, last = series["egdi"].first_valid_index(), series["egdi"].last_valid_index()
results.add("first_round", int(first), "year")
results.add("last_round", int(last), "year")
results.add("egdi_first", series.at[first, "egdi"], "index_0_1")
results.add("egdi_last", series.at[last, "egdi"], "index_0_1")
if series["egdi_rank"].notna().any():
    rank_first, rank_last = series["egdi_rank"].dropna().iloc[[0, -1]]
    results.add("rank_first", int(rank_first), "rank")
    results.add("rank_last", int(rank_last), "rank")
    results.add("rank_best", int(series["egdi_rank"].min()), "rank")
    display(Markdown(f"{country}'s EGDI went from {results['egdi_first']:.3f} in {first} to "
                     f"{results['egdi_last']:.3f} in {last}; its rank from {results['rank_first']} to "
                     f"{results['rank_last']} (best: {results['rank_best']})."))
else:
    display(Markdown(f"{country}'s EGDI went from {results['egdi_first']:.3f} in {first} to "
                     f"{results['egdi_last']:.3f} in {last}."))

# %% [markdown]
# ## Which component drove each round's change?
#
# Contributions are one third of each component's change; they add up to the EGDI change except
# where the round did not use the simple mean (the residual column).

# %%
parts = egdi.decompose(series)
parts

# %%
has_components = parts[["osi_contribution", "hci_contribution", "tii_contribution"]].notna().all(axis=None)
labels = [f"{a}-{b}" for a, b in zip(parts["from"], parts["to"], strict=True)]
fig, ax = plt.subplots(figsize=(7.5, 4))
if has_components:
    bottoms_pos = pd.Series(0.0, index=parts.index)
    bottoms_neg = pd.Series(0.0, index=parts.index)
    for colour, component, label in zip(colours[1:], ["osi", "hci", "tii"], ["OSI", "HCI", "TII"], strict=True):
        values = parts[f"{component}_contribution"]
        base = bottoms_pos.where(values >= 0, bottoms_neg)
        ax.bar(labels, values, bottom=base, color=colour, label=f"{label} / 3")
        bottoms_pos += values.clip(lower=0)
        bottoms_neg += values.clip(upper=0)
    ax.plot(labels, parts["egdi_change"], "ko", label="EGDI change")
    ax.legend(ncol=4, loc="upper left")
    ax.set_title(f"{country}: EGDI change per round and its sources")
    decomposition_note = "Contributions are one third of each component's change."
else:
    ax.bar(labels, parts["egdi_change"], color=colours[0])
    ax.set_title(f"{country}: EGDI change per round (components not in the bundled data)")
    decomposition_note = "Components are bundled for Kazakhstan only; give un_folder to decompose."
ax.axhline(0, color="0.3", linewidth=0.8)
ax.set_xlabel("pair of survey rounds")
ax.set_ylabel("change in index value (0-1 scale)")
ax.tick_params(axis="x", rotation=45)
plotting.savefig(fig, f"02_egdi_decomposition_{country.lower()}", caption=f"{caption} {decomposition_note}")
plt.show()

# %%
if has_components:
    totals = parts[["osi_contribution", "hci_contribution", "tii_contribution"]].sum()
    driver = totals.idxmax().removesuffix("_contribution")
    results.add("largest_driver", driver.upper(), "component", "component with the largest summed contribution")
    for component in ["osi", "hci", "tii"]:
        results.add(f"{component}_contribution_total", totals[f"{component}_contribution"], "index_0_1")
    results.add("residual_max_abs", parts["residual"].abs().max(), "index_0_1",
                "largest change not explained by the simple-mean rule")
    display(Markdown(f"Over {first}-{last} the largest contribution came from **{driver.upper()}** "
                     f"({totals.max():+.3f} of a total EGDI change of {parts['egdi_change'].sum():+.3f})."))

# %% [markdown]
# ## Is there a trend?

# %%
years = series.dropna(subset=["egdi"]).index.to_numpy()
trend_tests = {"egdi_trend": stats.mann_kendall(series["egdi"].dropna(), years),
               "egdi_slope": stats.theil_sen(series["egdi"].dropna(), years)}
if series["egdi_rank"].notna().sum() >= 3:
    ranked = series["egdi_rank"].dropna()
    trend_tests["rank_trend"] = stats.mann_kendall(ranked, ranked.index.to_numpy())
for name, test in trend_tests.items():
    results.add_test(name, test, "index_0_1 per year" if name == "egdi_slope" else "Kendall tau")
stats.results_table(list(trend_tests.values()))

# %% [markdown]
# Mann-Kendall asks only whether later rounds tend to score higher; it ignores the unequal spacing of
# rounds (1, 1, 3 and then 2 years). The Theil-Sen slope is the median of pairwise slopes per year.

# %% [markdown]
# ## Was the change into the focus round unusual?
#
# The rounds are unevenly spaced, so changes are compared per year. Under exchangeability (no round is
# special) the focus change is equally likely to hold any rank; its rank `k` among `n` changes gives the
# exact one-sided p-value `k / n`.

# %%
focus_position = int((parts["to"] == focus_round).to_numpy().nonzero()[0][0])
jump = stats.rank_of_focus(parts["egdi_change_per_year"], focus_position)
results.add_test("focus_change_rank", jump, "rank", f"rank of the {focus_round} change per year among all rounds")
results.add("focus_change_per_year", parts.at[focus_position, "egdi_change_per_year"], "index_0_1 per year")
display(stats.results_table([jump]))
print(jump)

# %%
Markdown(
    f"The change into {focus_round} ({results['focus_change_per_year']:+.4f} per year) ranks "
    f"{int(jump.estimate)} of {jump.n} round-to-round changes (exact p = {formatting.pvalue(jump.p_value)}, n = {jump.n}). "
    + ("With so few rounds no change could be called unusual at the 5 % level; "
       "the rank is descriptive." if jump.n < 20 else "")
)

# %% [markdown]
# ## Global context (with the UN exports)
#
# With `un_folder`, every member's EGDI per round is read from the official exports. The figure shows
# the distribution per round with the country and its neighbours marked; the table gives their
# percentiles (share of assessed members scoring at or below them). Below it: the spread over all
# members per round (sigma convergence) and the world averages printed by UNDP & ACSH (2022)
# recomputed from the exports (notebook 06 discusses both).

# %%
if un_folder is None:
    print("No un_folder given: the global view needs the UN E-Government Data Center exports.")
else:
    members = regional.panel("egdi", regional.available_countries("egdi", un_folder), un_folder)
    members = members[members["year"].between(start_year, end_year)]
    marked = egdi.percentiles(egdi.un_table(un_folder), [country] + [c for c in egdi.NEIGHBOURS if c != country])
    marked = marked[marked["year"].between(start_year, end_year)]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    regional.draw_distribution(ax, members, marked, country)
    ax.set_xlabel("UN survey round (year)")
    ax.set_ylabel("EGDI (0-1)")
    ax.set_title(f"{country} and neighbours within the distribution of all UN members")
    plotting.savefig(fig, f"02_egdi_global_{country.lower()}",
                     caption=plotting.source_caption(keys=["undesa_egov"], extra="Boxes: quartiles of all assessed members."))
    plt.show()
    own = marked[marked["country"] == country].set_index("year")
    results.add("percentile_first", own["percentile"].iloc[0], "percent", f"percentile in {own.index[0]}")
    results.add("percentile_last", own["percentile"].iloc[-1], "percent", f"percentile in {own.index[-1]}")
    display(marked.pivot(index="country", columns="year", values="percentile").round(1))

# %%
if un_folder is not None:
    world_spread = stats.sigma_convergence(members)
    world_sigma = stats.mann_kendall(world_spread["sd"], world_spread["year"])
    results.add_test("world_sigma_trend", world_sigma, "Kendall tau", "trend of the EGDI SD over all members")
    display(world_spread)
    check = regional.world_average_check(un_folder)
    check = check[(check["index"] == "egdi") & check["year"].between(start_year, end_year)]
    results.add("world_averages_unregistered", int((check["beyond_rounding"] & ~check["registered"]).sum()),
                "averages", "printed EGDI world averages off beyond rounding and not in the conflict register")
    display(check[["year", "printed", "recomputed", "members", "difference", "beyond_rounding", "registered"]])

# %% [markdown]
# ## Caveats
#
# * EGDI levels are relative to each round's membership and method; the rank is the better
#   comparison across rounds, but it moves with other countries' progress as well as one's own.
# * The 2008 and 2010 rounds did not compute EGDI as the simple mean (see the residual); the
#   decomposition is exact only for the other rounds.
# * Eleven rounds are few: the trend test and the rank test have little power, and no causal
#   reading of the pandemic round is possible from one series.

# %%
results.show()
