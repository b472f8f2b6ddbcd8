# %% [markdown]
# # 04 · Service quality: satisfaction, failures and violations around the pandemic
#
# **Question.** How did the quality of Kazakhstan's public services move from 2018 to 2021: satisfaction
# overall and with central and local bodies (and the gap between them), the hours lost to technical
# failures, violations of service terms and of document requirements, and the volume of services? What,
# if anything, changed when the pandemic pushed services online in 2020, and what can four years show?
#
# **DOI lens.** Rogers' *relative advantage* and *complexity*: adopters weigh whether the electronic
# channel is better and easier than the office. Satisfaction and reliability are the observable side of
# that judgement; failures and violations are what makes an early majority hesitate.
#
# **Data.** Table 6 of Orazgaliyeva et al. (2023), 2018-2021: satisfaction by level of government, the
# duration of technical failures (converted from hours and minutes), violations in thousands, service
# volume. The UNDP & ACSH (2022) report cites a different satisfaction figure for 2020; the conflict
# register explains why it is not used here.
#
# **Method.** Four years give little to test. Changes are stated as percent changes 2018 to 2021; the
# before/after comparison of the pandemic years uses the exact permutation test, which with two years
# on each side has only six distinct arrangements, so its smallest attainable p is 1/3. It can describe,
# not confirm.

# %% tags=["parameters"]
pandemic_start = 2020  # first year counted as "during the pandemic"
indicators = ["service_satisfaction", "technical_failures_duration", "violations_of_service_terms",
              "violations_of_document_requirements", "service_volume"]  # indicators of platform_performance

# %%
import egovlib
from egovlib import params

performance = egovlib.load("platform_performance")
performance = performance[performance["country"] == "KAZ"]
years = sorted(int(y) for y in performance["year"].unique())
pandemic_start = params.integer("pandemic_start", pandemic_start, years[1], years[-1])
indicators = params.subset("indicators", indicators, sorted(performance["indicator"].astype(str).unique()))

# %%
import math

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown

from egovlib import formatting, plotting, stats
from egovlib.results import Results

plotting.set_style()
formatting.use()  # numbers at the precision the data support, the same on every machine
results = Results("04_service_quality", {"pandemic_start": pandemic_start, "indicators": indicators})
selected = performance[performance["indicator"].astype(str).isin(indicators)].copy()
selected["series"] = selected["indicator"].astype(str) + ":" + selected["breakdown"].astype(str)
wide = selected.pivot_table(index="year", columns="series", values="value", observed=True)
wide

# %% [markdown]
# ## Satisfaction and the central-local gap

# %%
if "service_satisfaction" in indicators:
    satisfaction = wide[[c for c in wide.columns if c.startswith("service_satisfaction:")]].rename(
        columns=lambda c: c.split(":")[1])
    satisfaction["gap_central_minus_local"] = satisfaction["central_state_bodies"] - satisfaction["local_executive_bodies"]
    display(satisfaction)
    fig, ax = plt.subplots(figsize=(7, 4))
    for colour, column in zip(plotting.palette(3), ["overall", "central_state_bodies", "local_executive_bodies"],
                              strict=True):
        ax.plot(satisfaction.index, satisfaction[column], marker="o", color=colour, label=column.replace("_", " "))
    ax.axvspan(pandemic_start - 0.5, satisfaction.index.max() + 0.5, color="0.85", zorder=0, label="pandemic years")
    ax.set_xticks(satisfaction.index)
    ax.set_xlabel("year")
    ax.set_ylabel("users satisfied with services (%)")
    ax.set_title("Satisfaction with public services, by level of government")
    ax.legend(fontsize=8)
    plotting.savefig(fig, "04_satisfaction", caption=plotting.source_caption(
        selected[selected["indicator"] == "service_satisfaction"]))
    plt.show()
    gap = satisfaction["gap_central_minus_local"]
    results.add("gap_first", gap.iloc[0], "percentage points", f"central minus local, {gap.index[0]}")
    results.add("gap_last", gap.iloc[-1], "percentage points", f"central minus local, {gap.index[-1]}")
    results.add("satisfaction_overall_change", satisfaction["overall"].iloc[-1] - satisfaction["overall"].iloc[0],
                "percentage points", f"{satisfaction.index[0]} to {satisfaction.index[-1]}")
    display(Markdown(
        f"Satisfaction with local bodies trailed central bodies by {results['gap_first']:.1f} points in "
        f"{gap.index[0]}; by {gap.index[-1]} the gap was {results['gap_last']:+.1f} points."))

# %% [markdown]
# ## Every indicator: change 2018-2021 and before/after the pandemic

# %%
rows, tests = [], []
for series_name in wide.columns:
    values = wide[series_name].dropna()
    if len(values) < 2:
        continue
    change = stats.percent_change(values.iloc[0], values.iloc[-1])
    before = values[values.index < pandemic_start]
    after = values[values.index >= pandemic_start]
    row = {"series": series_name, "first_year": int(values.index[0]), "last_year": int(values.index[-1]),
           "first": values.iloc[0], "last": values.iloc[-1], "percent_change": change.estimate}
    if len(before) and len(after):
        test = stats.permutation_difference(before, after)
        row.update({"mean_before": before.mean(), "mean_during": after.mean(), "difference": test.estimate,
                    "p_exact": test.p_value, "n": test.n,
                    "smallest_attainable_p": min(1.0, 2 / math.comb(len(values), len(after)))})
        tests.append((series_name, test))
    rows.append(row)
changes = pd.DataFrame(rows)
changes

# %%
for series_name, test in tests:
    key = series_name.replace(":", "_").replace("service_satisfaction", "satisfaction")
    results.add(f"{key}_pct_change", changes.set_index("series").at[series_name, "percent_change"], "percent")
    unit = str(selected.loc[selected["series"] == series_name, "unit"].iloc[0])
    results.add_test(f"{key}_pandemic_diff", test, unit,
                     f"mean {pandemic_start}+ minus mean before {pandemic_start}")
print(tests[0][1] if tests else "no before/after comparison possible")
if tests:
    results.add("smallest_attainable_p", changes["smallest_attainable_p"].min(), "p-value",
                "floor of the exact permutation p with these years")

# %% [markdown]
# The p-values above are exact, and none can be small: the column `smallest_attainable_p` gives the
# floor set by the number of distinct arrangements of the years. The differences are descriptive. Technical failures and violations
# of service terms moved in opposite directions to satisfaction in some years, which four points
# cannot disentangle from changes in how the agencies counted.

# %%
fig, axes = plt.subplots(1, 3, figsize=(11, 3.6))
panels = [("technical_failures_duration:total", "duration of technical failures (hours)"),
          ("violations_of_service_terms:total", "violations of service terms (thousands)"),
          ("violations_of_document_requirements:total", "violations of document requirements (thousands)")]
for ax, colour, (column, label) in zip(axes, plotting.palette(3), panels, strict=True):
    if column in wide:
        ax.bar(wide.index.astype(str), wide[column], color=colour)
    else:
        ax.text(0.5, 0.5, "not selected", transform=ax.transAxes, ha="center")
    ax.set_xlabel("year")
    ax.set_ylabel(label, fontsize=8)
fig.suptitle("Reliability and compliance of public services")
fig.tight_layout()
plotting.savefig(fig, "04_failures_violations", caption=plotting.source_caption(selected))
plt.show()

# %% [markdown]
# ## A second source for 2020
#
# The conflict register records where sources disagree about these indicators.

# %%
register = egovlib.conflicts()
related = register[register["indicator"].astype(str).isin(indicators)]
related[["dataset", "year", "indicator", "value_a", "source_a", "value_b", "source_b", "chosen_source", "reason"]]

# %% [markdown]
# ## Caveats
#
# * Four annual values per indicator: no trend or break test has the power to confirm anything; the
#   changes are descriptions of one administrative series (the smallest attainable p is printed above).
# * Satisfaction is measured by the agencies' own surveys, whose sample sizes and wording the source
#   does not give; a different instrument gives a different 2020 figure (see the register).
# * The pandemic coincided with other changes (new services; a rising share of services online, see
#   notebook 03), so "during the pandemic" is a period, not a cause.

# %%
results.show()
