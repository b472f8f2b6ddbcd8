# %% [markdown]
# # 08 · The UNDP readiness survey: who answered, what is digitised, through which channels
#
# **Question.** How complete is the evidence base of the UNDP & ACSH (2022) readiness survey (response
# rates by country, respondent type and gender), how far had each of the seven countries digitised
# its public services by 2021, and through which channels are they delivered?
#
# **DOI lens.** The survey measures the *social system's* readiness to adopt the innovation and the
# *communication channels* that carry it to citizens. Its own response pattern is part of the
# evidence: a country where one official in ten answered speaks through very few voices.
#
# **Data.** UNDP & ACSH (2022): questionnaires sent and received by country, respondent type and
# gender (section B); digitised services and their shares (section D.9); channels of delivery named in
# the country sections (D.9, one from D.6). Figures other sources give for the same countries are in
# `services_digital` and the conflict register; this notebook keeps to the survey's own.
#
# **Method.** Response rates with exact (Clopper-Pearson) or Wilson intervals; Fisher's exact test for
# differences in response between respondent types and between genders (pooled over countries, so
# Simpson's paradox is possible and the country table is shown beside it). Counts and shares of
# services as printed, with their qualifiers ("more than", "approximately").

# %% tags=["parameters"]
countries = None  # ISO 3166 alpha-3 codes, or None for all seven survey countries
interval = "beta"  # "beta" (Clopper-Pearson, exact) or "wilson"
confidence = 0.95  # confidence level of the intervals

# %%
from egovlib import load, params, regional

responses = load("survey_responses")
if countries is None:
    countries = list(regional.UNDP_COUNTRIES)
countries = params.subset("countries", countries, sorted(responses["country"].astype(str).unique()))
interval = params.choice("interval", interval, ["beta", "wilson"])
confidence = params.number("confidence", confidence, 0.5, 0.999)

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown
from matplotlib.patches import Patch

from egovlib import formatting, plotting, stats
from egovlib.results import Results

plotting.set_style()
formatting.use()  # numbers at the precision the data support, the same on every machine
results = Results("08_readiness_survey", {"countries": countries, "interval": interval, "confidence": confidence})
interval_name = "Clopper-Pearson" if interval == "beta" else "Wilson"
responses = responses[responses["country"].isin(countries)]
counts = responses.pivot_table(index=["country", "respondent_type", "gender"], columns="stage", values="count",
                               aggfunc="sum", observed=True)[["sent", "received"]]
counts

# %% [markdown]
# ## Response rates

# %%
def rates(by: list[str]) -> pd.DataFrame:
    """Response rate with its interval for each group of ``by`` (pooled over the other columns)."""
    grouped = counts.groupby(level=by, observed=True).sum()
    rows = []
    for key, row in grouped.iterrows():
        test = stats.proportion(int(row["received"]), int(row["sent"]), method=interval, confidence=confidence)
        rows.append({**dict(zip(by, key if isinstance(key, tuple) else (key,), strict=True)),
                     "sent": int(row["sent"]), "received": int(row["received"]), "rate": test.estimate,
                     "ci_low": test.ci_low, "ci_high": test.ci_high})
    return pd.DataFrame(rows)


overall = stats.proportion(int(counts["received"].sum()), int(counts["sent"].sum()), method=interval,
                           confidence=confidence)
results.add_test("response_rate_overall", overall, "proportion")
by_country = rates(["country"])
by_type = rates(["respondent_type"])
by_gender = rates(["gender"])
display(by_country, by_type, by_gender)

# %%
fig, ax = plt.subplots(figsize=(7, 4))
order = by_country.sort_values("rate", ascending=False).reset_index(drop=True)
ax.errorbar(order["country"], order["rate"] * 100,
            yerr=[(order["rate"] - order["ci_low"]) * 100, (order["ci_high"] - order["rate"]) * 100],
            fmt="o", color=plotting.palette(1)[0], capsize=4)
for position, row in order.iterrows():
    ax.annotate(f"{row['received']}/{row['sent']}", (position, row["ci_high"] * 100), textcoords="offset points",
                xytext=(0, 4), ha="center", fontsize=8)
ax.axhline(overall.estimate * 100, color="0.4", linestyle="--", linewidth=1, label="all countries")
ax.set_ylim(0, 105)
ax.set_xlabel("country")
ax.set_ylabel("questionnaires returned (% of sent)")
ax.set_title(f"Survey response rate by country, {confidence:.0%} {interval_name} intervals")
ax.legend(loc="upper right")
plotting.savefig(fig, "08_response_rates", caption=plotting.source_caption(responses))
plt.show()

# %%
for _, row in by_country.iterrows():
    results.add(f"response_rate_{row['country'].lower()}", row["rate"], "proportion",
                f"{row['received']} of {row['sent']} returned")
Markdown(f"Of {overall.n} questionnaires sent, {int(counts['received'].sum())} came back "
         f"({overall.estimate:.0%}, {confidence:.0%} {interval_name} interval {overall.ci_low:.0%} to "
         f"{overall.ci_high:.0%}). Country rates range from {by_country['rate'].min():.0%} "
         f"({', '.join(by_country.loc[by_country['rate'] == by_country['rate'].min(), 'country'])}) to "
         f"{by_country['rate'].max():.0%} "
         f"({', '.join(by_country.loc[by_country['rate'] == by_country['rate'].max(), 'country'])}); with "
         f"{by_country['sent'].min()} to {by_country['sent'].max()} questionnaires per country the intervals are wide.")

# %% [markdown]
# ## Did the response differ by respondent type or gender?
#
# Fisher's exact test on the pooled 2x2 table (returned / not returned). The pooled table hides the
# country mix: a difference can come from which countries sent more questionnaires to whom.

# %%
def two_by_two(column: str, first: str, second: str) -> stats.TestResult:
    pooled = counts.groupby(level=column, observed=True).sum()
    table = np.array([[pooled.at[g, "received"], pooled.at[g, "sent"] - pooled.at[g, "received"]]
                      for g in (first, second)])
    return stats.fisher_exact(table)


type_test = two_by_two("respondent_type", "government", "independent_expert")
gender_test = two_by_two("gender", "female", "male")
results.add_test("response_by_type_odds_ratio", type_test, "odds ratio", "government vs independent experts")
results.add_test("response_by_gender_odds_ratio", gender_test, "odds ratio", "female vs male")
stats.results_table([type_test, gender_test])

# %%
Markdown(f"Government officials against independent experts: odds ratio of returning the questionnaire "
         f"{type_test.estimate:.2f} ({type_test.confidence:.0%} exact interval {type_test.ci_low:.2f} to "
         f"{type_test.ci_high:.2f}; Fisher's exact p = {formatting.pvalue(type_test.p_value)}, n = {type_test.n}). "
         f"Women against men: {gender_test.estimate:.2f} ({gender_test.ci_low:.2f} to {gender_test.ci_high:.2f}; "
         f"p = {formatting.pvalue(gender_test.p_value)}, n = {gender_test.n}). "
         "Neither test can say why people did not answer, and a p-value above 0.05 with these counts is "
         "not evidence that the groups answered alike.")

# %% [markdown]
# ## How far were public services digitised?
#
# The survey's own figures for 2021 (Armenia's is an experts' estimate of volume, not a count of
# services). Qualifiers are kept: "more than" is a lower bound.

# %%
services = load("services_digital")
services = services[services["country"].isin(countries) & (services["source"] == "undp2022")]
printed = services.assign(
    shown=services["value"].map("{:g}".format).where(services["qualifier"] == "exact",
                                                     services["qualifier"].map({"more_than": "> ",
                                                                                "approximately": "~ "}).astype(str)
                                                     + services["value"].map("{:g}".format)))
table = printed.pivot_table(index="country", columns="indicator", values="shown", aggfunc="first", observed=True)
display(table)
shares = services[services["indicator"].isin(["electronic_services_share", "electronic_transactions_share"])]
shares = shares.sort_values(["indicator", "value"], ascending=[True, False]).reset_index(drop=True)
results.add("countries_with_share", int(shares["country"].nunique()), "countries",
            "countries with a printed share of services or transactions delivered electronically")

# %%
fig, ax = plt.subplots(figsize=(7, 4))
kind_colours = dict(zip(["electronic_services_share", "electronic_transactions_share"], plotting.palette(2), strict=True))
kind_labels = {"electronic_services_share": "share of services offered electronically",
               "electronic_transactions_share": "share of service transactions done electronically"}
ax.barh(range(len(shares)), shares["value"], color=[kind_colours[k] for k in shares["indicator"]])
for position, row in shares.iterrows():
    mark = {"more_than": " (more than)", "approximately": " (approx.)"}.get(row["qualifier"], "")
    ax.text(row["value"] + 1, position, f"{row['value']:g} %{mark}", va="center", fontsize=8)
ax.set_yticks(range(len(shares)), shares["country"])
ax.invert_yaxis()
ax.set_xlim(0, 115)
ax.set_xlabel("per cent")
ax.set_ylabel("country")
ax.set_title("Digitised public services, 2021 (as the survey reports them)")
ax.legend(handles=[Patch(color=c, label=kind_labels[k]) for k, c in kind_colours.items()], fontsize=8, loc="lower right")
plotting.savefig(fig, "08_digitised_services", caption=plotting.source_caption(shares))
plt.show()

# %% [markdown]
# ## Channels of delivery
#
# One cell per channel a country section names; blank means the section does not mention it.

# %%
channels = load("delivery_channels")
channels = channels[channels["country"].isin(countries)]
status_codes = {"in_use": 2, "in_development": 1, "not_used": 0}
grid = channels.assign(code=channels["status"].astype(str).map(status_codes)).pivot(
    index="country", columns="channel", values="code").reindex(index=countries)
grid = grid.reindex(columns=[c for c in channels["channel"].cat.categories if c in grid.columns])
fig, ax = plt.subplots(figsize=(8, 0.45 * len(countries) + 2))
cmap = plt.get_cmap("cividis", 3)
image = ax.imshow(grid.to_numpy(dtype=float), cmap=cmap, vmin=-0.5, vmax=2.5, aspect="auto")
ax.set_xticks(range(grid.shape[1]), [c.replace("_", " ") for c in grid.columns], rotation=40, ha="right")
ax.set_yticks(range(grid.shape[0]), grid.index)
ax.set_xlabel("delivery channel")
ax.set_ylabel("country")
ax.set_title("Channels of public service delivery named by the survey, 2021")
ax.grid(False)
bar = fig.colorbar(image, ax=ax, ticks=[0, 1, 2])
bar.ax.set_yticklabels(["not used", "in development", "in use"])
bar.set_label("status (blank: not reported)")
plotting.savefig(fig, "08_delivery_channels", caption=plotting.source_caption(channels))
plt.show()

# %%
in_use = channels[channels["status"] == "in_use"].groupby("channel", observed=True).size().sort_values(ascending=False)
per_country = channels[channels["status"] == "in_use"].groupby("country", observed=True).size().reindex(countries,
                                                                                                       fill_value=0)
results.add("most_common_channel", in_use.index[0], "channel", f"in use in {in_use.iloc[0]} countries")
results.add("channels_in_use_max", int(per_country.max()), "channels", "most channels in use in one country")
results.add("channels_in_use_min", int(per_country.min()), "channels", "fewest channels in use in one country")
display(per_country.rename("channels in use").to_frame())
Markdown(f"The channel most often reported in use is the **{in_use.index[0].replace('_', ' ')}** "
         f"({in_use.iloc[0]} of {len(countries)} countries). Countries report between {per_country.min()} and "
         f"{per_country.max()} channels in use; a low count can mean a short country section as much as few channels.")

# %% [markdown]
# ## Caveats
#
# * Response counts are tiny (a handful of questionnaires per country); the intervals, not the point
#   rates, are the finding. Countries with no returned government questionnaire are described by
#   experts alone.
# * Shares of digitised services use different denominators (services in a register, services
#   offered, transactions) and dates; they are not comparable across countries without caution.
# * Channels come from free-text country sections. A channel not mentioned is not reported, not absent.

# %%
results.show()
