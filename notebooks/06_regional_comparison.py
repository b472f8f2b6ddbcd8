# %% [markdown]
# # 06 · Regional comparison: Kazakhstan among its neighbours
#
# **Question.** Where do Kazakhstan, the other countries of the UNDP readiness survey and the EAEU
# members stand on e-government and e-participation, are they converging, do the different indices
# rank them alike, does internet access go with a higher EGDI, and how long did each take to reach
# a given EGDI level?
#
# **DOI lens.** Rogers describes a *social system* in which members adopt an innovation at different
# *times*. Here the members are countries and "adoption" is reaching an index threshold; the order and
# spacing of those times give the adopter categories (innovators ... laggards). Internet access is
# one of the conditions (the *communication channels*) through which digital services can spread.
#
# **Data.** EGDI and E-Participation Index 2010-2020 with the printed world averages, the Digital
# Adoption Index (DAI) 2016, the Global Innovation Index (GII) 2021, GovTech Maturity (GTMI) groups 2020
# and internet users 2018, all from the UNDP & ACSH (2022) country tables (GTMI groups checked
# against the World Bank GTMI 2020 round). Give `un_folder` (a folder of UN E-Government Data
# Center exports) to take the index series from the official exports, to add Belarus and Russia,
# and to compare the region with all UN members.
#
# **Method.** Sigma convergence: the spread (SD, coefficient of variation) across countries per round,
# with a Mann-Kendall test on the SD. Beta convergence: average log growth regressed on the initial
# log level (a negative slope means laggards grow faster). Agreement of rankings: Kendall's W across
# indices and Spearman's rho (permutation p) of internet access against EGDI. Threshold crossing: the
# first round at or above `threshold`, read as Rogers categories (mean +/- sd of crossing years).

# %% tags=["parameters"]
countries = None  # ISO 3166 alpha-3 codes, or None for the UNDP survey countries and EAEU members in the data
index = "egdi"  # "egdi" (E-Government Development Index) or "epart" (E-Participation Index)
threshold = 0.6  # index level (0-1) whose first crossing times are compared
un_folder = None  # None, or the path of a folder of UN E-Government Data Center exports (EGOV_DATA_<year>.csv)

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
import pandas as pd
from IPython.display import Markdown
from matplotlib.patches import Patch

from egovlib import egdi, formatting, plotting, stats
from egovlib.results import Results

plotting.set_style()
formatting.use()  # numbers at the precision the data support, the same on every machine
label = regional.INDEX_LABELS[index]
results = Results("06_regional_comparison", {"countries": countries, "index": index, "threshold": threshold,
                                             "un_folder": str(un_folder) if un_folder else None})
rows = regional.panel(index, countries, un_folder)
world = regional.world_mean(index, un_folder)
caption = plotting.source_caption(rows.attrs["sources"])
wide = rows.pivot(index="year", columns="country", values="value")
wide

# %% [markdown]
# ## The panel

# %%
fig, ax = plt.subplots(figsize=(7.5, 4.5))
for colour, code in zip(plotting.palette(len(wide.columns)), wide.columns, strict=True):
    ax.plot(wide.index, wide[code], marker="o", color=colour, label=code,
            linewidth=2.5 if code == "KAZ" else 1.2)
world_in_range = world[world["year"].between(wide.index.min(), wide.index.max())]
ax.plot(world_in_range["year"], world_in_range["value"], color="0.3", linestyle=":", linewidth=2,
        label="world mean")
ax.axhline(threshold, color="0.5", linewidth=0.8, linestyle="--")
ax.set_xlabel("UN survey round (year)")
ax.set_ylabel(f"{label} (0-1)")
ax.set_title(f"{label} of the comparison group, {wide.index.min()}-{wide.index.max()}")
ax.legend(ncol=4, fontsize=8, loc="lower right")
plotting.savefig(fig, f"06_{index}_panel", caption=f"{caption} Dashed line: threshold {threshold:g}.")
plt.show()

# %%
last_round = int(wide.index.max())
latest = wide.loc[last_round].dropna().sort_values(ascending=False)
results.add("rounds", len(wide), "rounds")
results.add("countries", len(latest), "countries", f"countries with a value in {last_round}")
results.add("leader_last_round", latest.index[0], "country", f"highest {label} in {last_round}")
results.add("kaz_position_last_round", int(list(latest.index).index("KAZ")) + 1 if "KAZ" in latest else None,
            "position", f"Kazakhstan's position in the group in {last_round}")
world_last = world.loc[world["year"] == last_round, "value"]
above = int((latest > world_last.iloc[0]).sum()) if len(world_last) else None
results.add("above_world_mean_last_round", above, "countries", f"countries above the world mean in {last_round}")
Markdown(f"In {last_round} the group's highest {label} is {latest.iloc[0]:.3f} ({latest.index[0]}) and the lowest "
         f"{latest.iloc[-1]:.3f} ({latest.index[-1]})"
         + (f"; {above} of {len(latest)} countries score above the world mean ({world_last.iloc[0]:.3f})."
            if above is not None else "."))

# %% [markdown]
# ## Are the countries converging?
#
# Sigma convergence asks whether the spread shrinks; beta convergence whether the countries that
# started low grew faster. With a handful of countries and rounds both are descriptive: the tests
# have little power and the warnings below say so.

# %%
spread = stats.sigma_convergence(rows)
sigma_trend = stats.mann_kendall(spread["sd"], spread["year"])
first_round = int(wide.index.min())
both = wide.loc[[first_round, last_round]].T.dropna()
both = both[(both > 0).all(axis=1)]
beta = stats.beta_convergence(both[first_round], both[last_round], last_round - first_round)
results.add("sd_first_round", spread["sd"].iloc[0], "index_0_1", f"SD across countries in {first_round}")
results.add("sd_last_round", spread["sd"].iloc[-1], "index_0_1", f"SD across countries in {last_round}")
results.add_test("sigma_trend", sigma_trend, "Kendall tau")
results.add_test("beta_slope", beta, "log growth per log level")
display(spread)
stats.results_table([sigma_trend, beta])

# %%
verdict = ("narrowed" if spread["sd"].iloc[-1] < spread["sd"].iloc[0] else "did not narrow")
Markdown(f"The spread {verdict}: SD {results['sd_first_round']:.3f} in {first_round} and "
         f"{results['sd_last_round']:.3f} in {last_round} (Mann-Kendall tau {sigma_trend.estimate:.2f}, "
         f"exact p = {formatting.pvalue(sigma_trend.p_value)}, n = {sigma_trend.n} rounds). The beta slope is "
         f"{beta.estimate:.4f} (95 % CI {beta.ci_low:.4f} to {beta.ci_high:.4f}, n = {beta.n} countries); "
         + ("a negative slope whose interval excludes zero would indicate catching up."
            if beta.ci_high < 0 or beta.ci_low > 0 else "its interval includes zero, so the data cannot tell "
            "catching up from no relation."))

# %% [markdown]
# ## Do the indices rank the countries alike?
#
# The snapshot lines up the indices closest in time (they were measured in different years, so
# agreement is read loosely). Kendall's W is 1 when every index orders the countries the same way and
# 0 when they share no order; its chi-square p is only an approximation for so few countries.

# %%
snap = regional.snapshot(countries)
complete = snap.dropna()
display(snap)
if len(complete) >= 3:
    agreement = stats.kendalls_w(complete.T.to_numpy())
    results.add_test("kendalls_w", agreement, "W (0-1)", f"agreement of {complete.shape[1]} indices on "
                     f"{len(complete)} countries")
    display(stats.results_table([agreement]))
else:
    print(f"Only {len(complete)} countries have every index; Kendall's W needs at least 3.")

# %%
access = pd.DataFrame(columns=["Internet users 2018 (%)", "egdi_2018"])
if index == "egdi" and 2018 in wide.index:
    access = snap[["Internet users 2018 (%)"]].assign(egdi_2018=wide.loc[2018]).dropna()
if len(access) >= 3:
    rho = stats.rank_correlation(access["Internet users 2018 (%)"], access["egdi_2018"])
    results.add_test("internet_vs_egdi_rho", rho, "Spearman rho")
    fig, ax = plt.subplots(figsize=(6, 4.5))
    ax.scatter(access["Internet users 2018 (%)"], access["egdi_2018"], color=plotting.palette(1)[0])
    for code, row in access.iterrows():
        ax.annotate(code, (row["Internet users 2018 (%)"], row["egdi_2018"]), textcoords="offset points",
                    xytext=(4, 3), fontsize=8)
    ax.set_xlabel("internet users, 2018 (% of population)")
    ax.set_ylabel("EGDI 2018 (0-1)")
    ax.set_title(f"Internet access and EGDI, 2018 (Spearman rho {rho.estimate:.2f}, n = {rho.n})")
    plotting.savefig(fig, "06_internet_vs_egdi", caption=plotting.source_caption(snap.attrs["sources"]))
    plt.show()
    display(Markdown(f"Spearman's rho between internet access and EGDI in 2018 is {rho.estimate:.2f} "
                     f"(permutation p = {formatting.pvalue(rho.p_value)}, n = {rho.n} countries)."))
else:
    print("The internet-access comparison is made for index='egdi' with at least 3 countries "
          "that have both values in 2018.")

# %% [markdown]
# ## How long did each country take to reach the threshold?
#
# A country "adopts" in the first round at or above the threshold. Countries already above it in the
# first round are left-censored (they may have crossed earlier); those below it in the last round have
# not crossed yet. The categories come from the crossing years of the countries that crossed.

# %%
crossed = regional.crossings(rows, threshold)
reached = regional.share_reached(rows, threshold)
results.add("crossed_by_last_round", int(crossed["first_round"].notna().sum()), "countries",
            f"countries at or above {threshold:g} by {last_round}")
results.add("not_yet", int((crossed["status"] == "not yet").sum()), "countries")
results.add("left_censored", int((crossed["status"] == "at or above from the start").sum()), "countries")
display(crossed)

# %%
fig, ax = plt.subplots(figsize=(7, 0.45 * len(crossed) + 1.5))
order = crossed.sort_values(["first_round", "country"], na_position="last").reset_index(drop=True)
status_colours = dict(zip(["crossed", "at or above from the start", "not yet"], plotting.palette(3), strict=True))
for position, row in order.iterrows():
    end = row["first_round"] if pd.notna(row["first_round"]) else last_round
    ax.barh(position, end - first_round, left=first_round, color=status_colours[row["status"]], height=0.6)
    text = row["category"] if isinstance(row["category"], str) else row["status"]
    ax.text(end + 0.2, position, text, va="center", fontsize=8)
ax.legend(handles=[Patch(color=colour, label=status) for status, colour in status_colours.items()],
          fontsize=8, loc="upper right")
ax.set_yticks(range(len(order)), order["country"])
ax.invert_yaxis()
ax.set_xlim(first_round, last_round + 6)
ax.set_xlabel("year of the first round at or above the threshold")
ax.set_ylabel("country")
ax.set_title(f"Time to reach {label} {threshold:g}, with Rogers categories")
plotting.savefig(fig, f"06_{index}_threshold_crossing",
                 caption=f"{caption} Bars run from {first_round} to the crossing round (or to {last_round}).")
plt.show()

# %%
display(reached)
Markdown(f"By {last_round}, {results['crossed_by_last_round']} of {len(crossed)} countries had reached "
         f"{label} {threshold:g}; {results['left_censored']} were already there in {first_round} and "
         f"{results['not_yet']} had not reached it. The share at or above the threshold went from "
         f"{reached['share'].iloc[0]:.0f} % to {reached['share'].iloc[-1]:.0f} %.")

# %% [markdown]
# ## Against all UN members (with the UN exports)
#
# With `un_folder`, the comparison group is placed in the distribution of all assessed members per
# round, convergence is measured over all members, and the world averages printed by UNDP & ACSH
# (2022) are recomputed from the exports. Differences beyond the printed rounding must be listed in
# the conflict register (`data/conflicts.csv`); the last column of the table says whether they are.

# %%
if un_folder is None:
    print("No un_folder given: the view over all UN members needs the UN E-Government Data Center exports.")
else:
    members = regional.panel(index, regional.available_countries(index, un_folder), un_folder)
    marked = egdi.percentiles(egdi.un_table(un_folder), countries, indicator=index)
    focus = "KAZ" if "KAZ" in countries else countries[0]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    regional.draw_distribution(ax, members, marked, focus)
    ax.set_xlabel("UN survey round (year)")
    ax.set_ylabel(f"{label} (0-1)")
    ax.set_title(f"The comparison group within the distribution of all UN members ({label})")
    plotting.savefig(fig, f"06_{index}_global", caption=plotting.source_caption(
        keys=["undesa_egov"], extra="Boxes: quartiles of all assessed members."))
    plt.show()
    display(marked.pivot(index="country", columns="year", values="percentile").round(1))
    world_spread = stats.sigma_convergence(members)
    world_sigma = stats.mann_kendall(world_spread["sd"], world_spread["year"])
    results.add_test("world_sigma_trend", world_sigma, "Kendall tau", "trend of the SD over all members")
    results.add("world_members_last_round", int(world_spread["n"].iloc[-1]), "countries")
    results.add("world_sd_first_round", world_spread["sd"].iloc[0], "index_0_1")
    results.add("world_sd_last_round", world_spread["sd"].iloc[-1], "index_0_1")
    display(world_spread)
    world_crossed = regional.crossings(members, threshold)
    results.add("world_crossed_share", 100 * world_crossed["first_round"].notna().mean(), "percent",
                f"share of members at or above {threshold:g} by the last round")
    display(world_crossed.groupby(["status", "category"], dropna=False).size().rename("countries").to_frame())

# %%
if un_folder is not None:
    check = regional.world_average_check(un_folder)
    unexplained = check[check["beyond_rounding"] & ~check["registered"]]
    results.add("world_averages_checked", len(check), "averages")
    results.add("world_averages_beyond_rounding", int(check["beyond_rounding"].sum()), "averages")
    results.add("world_averages_unregistered", len(unexplained), "averages",
                "differences beyond rounding that the conflict register does not list")
    display(check.drop(columns=["conflict_id", "source", "locator"]))
    display(Markdown(
        f"{len(check) - results['world_averages_beyond_rounding']} of {len(check)} printed world averages are "
        "reproduced (within the printed rounding) as the mean over every row of the export, zeros included. "
        f"Not reproduced: {results['world_averages_beyond_rounding']}; of those, missing from the conflict "
        f"register: {len(unexplained)}. The column `recomputed_assessed` drops the zeros (members not "
        "assessed): where it differs, the printed averages do not follow that definition."))

# %% [markdown]
# ## Caveats
#
# * The group is small (seven to nine countries) and the rounds few: convergence tests and rank
#   agreement are descriptive, and a p-value here says little about other countries or periods.
# * The indices were measured in different years (DAI 2016, GII 2021) and on different scales; the
#   snapshot compares orders, not levels, and a GTMI group ties most countries.
# * Crossing times depend on the threshold and on the two-year spacing of the rounds; Rogers'
#   categories are defined by the sample's own mean and spread, so they describe the order of these
#   countries and are not a test of the theory.
# * EGDI levels are relative to each round's method and membership; a country can cross a threshold
#   because the round's scaling changed.

# %%
results.show()
