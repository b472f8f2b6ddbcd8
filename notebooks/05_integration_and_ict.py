# %% [markdown]
# # 05 · Integration and ICT resources of public administration
#
# **Question.** How much of the planned integration of government information systems was carried out
# each year, how far were functions automated and information kept up to date, and how did the ICT
# resources of public administration (spending, its composition, staff, equipment) change in 2019-2021?
#
# **DOI lens.** Rogers' *social system* and its capacity to adopt: an innovation diffuses inside
# government only as fast as the systems are connected and the staff and budgets exist to run them.
# Integration plans are the organisation's own *adoption decisions*; their fulfilment is implementation.
#
# **Data.** Integration plans, implemented integrations, automation and information relevance, 2018-2021,
# and the ICT statistics of public administration, 2019-2021 (Orazgaliyeva et al. 2023, sections on
# integration and tables 7 and 8).
#
# **Method.** Fulfilment rates with exact (Clopper-Pearson) or Wilson intervals, and no test: there is no
# stated benchmark to test a rate against (a test against 50 % answers no question), and the integrations
# of a year are not independent trials (many belong to one programme), so neither a binomial test nor
# Fisher's exact test between years has the sampling model it assumes. Two years are compared by the
# difference of their rates, described. Shares of ICT costs by category; growth as the compound annual rate
# of three years, from a log-linear fit, with no interval (one residual degree of freedom cannot give one);
# ratios per organisation and per specialist. **Costs are nominal tenge**: the collection's sources hold no
# official consumer price series for Kazakhstan, so nothing is deflated, and growth in costs includes
# inflation.

# %% tags=["parameters"]
interval_method = "beta"  # "beta" (Clopper-Pearson, exact) or "wilson"
compare_years = [2018, 2021]  # two years whose fulfilment rates are compared (difference of rates, no test)
cost_years = [2019, 2021]  # two years between which the composition of ICT costs is compared

# %%
import egovlib
from egovlib import params

integration = egovlib.load("integration_readiness")
ict = egovlib.load("ict_public_admin")
integration_years = sorted(int(y) for y in integration.loc[integration["indicator"] == "integrations_planned", "year"])
ict_years = sorted(int(y) for y in ict["year"].unique())
interval_method = params.choice("interval_method", interval_method, ["beta", "wilson"])
compare_years = params.subset("compare_years", compare_years, integration_years, min_size=2)
if len(compare_years) != 2:
    raise params.ParameterError("compare_years", compare_years, "exactly two years")
cost_years = params.subset("cost_years", cost_years, ict_years, min_size=2)
if len(cost_years) != 2:
    raise params.ParameterError("cost_years", cost_years, "exactly two years")
compare_years, cost_years = sorted(compare_years), sorted(cost_years)

# %%
import matplotlib.pyplot as plt
import pandas as pd

from egovlib import formatting, plotting, stats
from egovlib.prose import say
from egovlib.results import Results

plotting.set_style()
formatting.use()  # numbers at the precision the data support, the same on every machine
results = Results("05_integration_and_ict", {"interval_method": interval_method, "compare_years": compare_years,
                                             "cost_years": cost_years})
readiness = integration.pivot_table(index="year", columns="indicator", values="value", observed=True)
readiness

# %% [markdown]
# ## Integration: planned against implemented
#
# The rate is implemented / planned integrations in the year, with its interval alone. An integration is
# not an independent trial (many belong to one programme), so the binomial interval understates the real
# uncertainty: read it as a lower bound on it.

# %%
rates = []
for year, row in readiness.dropna(subset=["integrations_planned"]).iterrows():
    result = stats.proportion(int(row["integrations_implemented"]), int(row["integrations_planned"]),
                              method=interval_method)
    rates.append({"year": int(year), "implemented": int(row["integrations_implemented"]),
                  "planned": int(row["integrations_planned"]), "rate": result.estimate,
                  "ci_low": result.ci_low, "ci_high": result.ci_high, "method": result.method})
    results.add_test(f"fulfilment_{year}", result, "proportion", "integrations implemented / planned")
rates = pd.DataFrame(rates)
pooled = stats.proportion(int(rates["implemented"].sum()), int(rates["planned"].sum()), method=interval_method)
results.add_test("fulfilment_pooled", pooled, "proportion", "all years pooled")
rates

# %%
first, last = compare_years
pair = rates.set_index("year").loc[[first, last]]
difference = float(pair.at[last, "rate"] - pair.at[first, "rate"])
results.add("fulfilment_difference", 100 * difference, "percentage points",
            f"fulfilment {last} minus {first}; described, not tested (integrations are not independent trials)")
pair

# %%
fig, ax = plt.subplots(figsize=(6.5, 4))
colour = plotting.palette(1)[0]
ax.errorbar(rates["year"], 100 * rates["rate"],
            yerr=[100 * (rates["rate"] - rates["ci_low"]), 100 * (rates["ci_high"] - rates["rate"])],
            fmt="o", color=colour, capsize=4, label=f"rate and 95 % interval ({'Clopper-Pearson' if interval_method == 'beta' else 'Wilson'})")
ax.axhline(100 * pooled.estimate, color="0.4", linestyle="--", linewidth=1, label="pooled rate")
ax.set_xticks(rates["year"])
ax.set_ylim(0, 105)
ax.set_xlabel("year")
ax.set_ylabel("planned integrations implemented (%)")
ax.set_title("Fulfilment of integration plans")
ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2, frameon=False)
plotting.savefig(fig, "05_integration_fulfilment",
                 caption=plotting.source_caption(integration[integration["indicator"].astype(str).str.startswith("integrations")]))
plt.show()

# %%
say("fulfilment_min", 100 * rates["rate"].min())
say("fulfilment_max", 100 * rates["rate"].max())
say("fulfilment_years", len(rates))
say("pooled_rate", 100 * pooled.estimate)
say("pooled_low", 100 * pooled.ci_low)
say("pooled_high", 100 * pooled.ci_high)
say("pooled_n", formatting.count(pooled.n))
say("pooled_method", pooled.method)
say("fulfilment_first", str(first))
say("fulfilment_last", str(last))
say("fulfilment_difference", results["fulfilment_difference"])

# %% [markdown]
# Fulfilment ran from {glue:md}`fulfilment_min` % to {glue:md}`fulfilment_max` % of planned integrations a
# year; pooled over {glue:md}`fulfilment_years` years it was {glue:md}`pooled_rate` % (95 % interval
# {glue:md}`pooled_low`-{glue:md}`pooled_high` %, {glue:md}`pooled_n` integrations, {glue:md}`pooled_method`;
# a lower bound on the uncertainty, since the integrations are not independent). From
# {glue:md}`fulfilment_first` to {glue:md}`fulfilment_last` the rate changed by
# {glue:md}`fulfilment_difference` percentage points. No p-value is given: with no stated benchmark and no
# independent trials there is no test whose answer would mean something.

# %% [markdown]
# ## Automation and the relevance of information

# %%
quality = readiness[[c for c in ["automated_functions_share", "information_relevance", "architecture_portal_filled",
                                 "nonfunctional_information_systems"] if c in readiness]]
quality

# %% [markdown]
# ## ICT resources of public administration

# %%
costs = ict[ict["indicator"] == "ict_costs"].pivot_table(index="year", columns="breakdown", values="value",
                                                          observed=True)
listed = [c for c in costs.columns if c != "total"]
costs["other_not_itemised"] = costs["total"] - costs[listed].sum(axis=1)
shares = costs.drop(columns="total").div(costs["total"], axis=0).mul(100)
shares

# %%
start, end = cost_years
shift = (shares.loc[end] - shares.loc[start]).rename("change in share (percentage points)")
for category, value in shift.items():
    results.add(f"cost_share_change_{category}", value, "percentage points", f"{start} to {end}")
shift.to_frame()

# %%
fig, ax = plt.subplots(figsize=(7, 4))
left = pd.Series(0.0, index=shares.index.astype(str))
for colour, column in zip(plotting.palette(len(shares.columns)), shares.columns, strict=True):
    ax.barh(shares.index.astype(str), shares[column], left=left, color=colour, label=column.replace("_", " "))
    left += shares[column].to_numpy()
ax.set_xlabel("share of ICT costs (%)")
ax.set_ylabel("year")
ax.set_xlim(0, 100)
ax.set_title("Composition of ICT costs in public administration")
ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3)
plotting.savefig(fig, "05_ict_cost_composition", caption=plotting.source_caption(
    ict[ict["indicator"] == "ict_costs"], extra="Shares of nominal costs."))
plt.show()

# %%
def series(indicator, breakdown="total"):
    rows = ict[(ict["indicator"] == indicator) & (ict["breakdown"] == breakdown)]
    return rows.set_index(rows["year"].astype(int))["value"].astype(float).sort_index()


total_costs = series("ict_costs")
growth = stats.cagr(total_costs.to_numpy(), total_costs.index.to_numpy(), seed=1)
results.add_test("ict_costs_cagr", growth, "percent per year (nominal)", "total ICT costs in nominal tenge")
endpoints = stats.cagr(total_costs.iloc[[0, -1]].to_numpy(), total_costs.index[[0, -1]].to_numpy())
results.add("ict_costs_cagr_endpoints", endpoints.estimate, "percent per year (nominal)",
            f"{total_costs.index[0]} to {total_costs.index[-1]}, endpoints only")
ratios = pd.DataFrame({
    "ict_costs_million_kzt": total_costs,
    "organisations_using_computers": series("organisations", "using_computers"),
    "ict_specialists": series("ict_specialists"),
    "computers": series("computers"),
    "employees_using_computer_weekly": series("employees_using_computer_weekly"),
})
ratios["costs_per_organisation_million_kzt"] = ratios["ict_costs_million_kzt"] / ratios["organisations_using_computers"]
ratios["costs_per_specialist_million_kzt"] = ratios["ict_costs_million_kzt"] / ratios["ict_specialists"]
ratios["computers_per_weekly_user"] = ratios["computers"] / ratios["employees_using_computer_weekly"]
ratio_units = {"costs_per_organisation_million_kzt": "million_kzt per organisation (nominal)",
               "costs_per_specialist_million_kzt": "million_kzt per ICT specialist (nominal)",
               "computers_per_weekly_user": "computers per employee using one weekly"}
for column, unit in ratio_units.items():
    results.add(f"{column}_{ratios.index[-1]}", ratios[column].iloc[-1], unit)
display(stats.results_table([growth, endpoints]))
say("costs_growth", growth.shown("estimate"))
say("costs_growth_n", str(growth.n))
say("costs_growth_endpoints", endpoints.shown("estimate"))
say("costs_growth_df", str(growth.n - 2))
path = [f"{formatting.fmt(value)} million tenge in {year}" for year, value in total_costs.items()]
falls = [f"{a}-{b}" for a, b, up in zip(total_costs.index[:-1], total_costs.index[1:], total_costs.diff().iloc[1:] > 0,
                                        strict=True) if not up]
say("costs_path", "; ".join(path))
say("costs_falls", f"It fell in {', '.join(falls)}, which a single growth rate hides." if falls else
    "It rose every year.")

# %% [markdown]
# Year by year, total ICT costs were {glue:md}`costs_path` (nominal). {glue:md}`costs_falls`
# Summarised, they grew by {glue:md}`costs_growth` % a year in nominal tenge (log-linear fit of
# {glue:md}`costs_growth_n` years; {glue:md}`costs_growth_endpoints` % from the endpoints: with equally spaced
# years the least-squares slope of three points gives the middle one no weight). With {glue:md}`costs_growth_n`
# points the fit has {glue:md}`costs_growth_df` residual degree of freedom, so no interval is given. The figures
# are **nominal**: no official consumer price index is among the collection's sources, so real growth, which is
# lower by the rate of inflation, is not computed.

# %%
ratios.rename(columns={"ict_costs_million_kzt": "ict_costs_million_kzt_nominal",
                       "costs_per_organisation_million_kzt": "costs_per_organisation_million_kzt_nominal",
                       "costs_per_specialist_million_kzt": "costs_per_specialist_million_kzt_nominal"})

# %% [markdown]
# ## Caveats
#
# * Three years of ICT statistics give a growth rate with no interval and no test of a trend;
#   costs are nominal tenge, not deflated (no official price index is in the sources).
# * The itemised categories do not add up to the total; the remainder is shown as "other, not itemised".
# * Fulfilment intervals treat integrations as independent; they are not, so read them as lower bounds
#   on the uncertainty. For the same reason no test compares years.

# %%
results.show()
