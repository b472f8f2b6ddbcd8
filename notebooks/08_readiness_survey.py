# %% [markdown]
# # 08 · The UNDP readiness survey: who answered, how ready each country is, through which channels
#
# **Question.** How complete is the evidence base of the UNDP & ACSH (2022) readiness survey (response
# rates by country, respondent type and gender)? What do its answers say about each of the seven
# countries' readiness to digitalise government (strategy, governance, staff, training, law, standards,
# infrastructure, inclusion, services, emerging technologies), how far had each digitised its public
# services, and through which channels are they delivered?
#
# **DOI lens.** Rogers' *social system* is the set of units and norms through which an innovation spreads:
# here the strategies, bodies, officers, training and laws of each government. His *communication
# channels* are how the innovation reaches adopters: delivery channels, training of citizens, feedback
# and price incentives. The survey's coded answers measure both; its own response pattern is evidence
# too: a country where one official in ten answered speaks through very few voices.
#
# **Data.** UNDP & ACSH (2022): questionnaires sent and received (section B); the country sections
# D.1-D.12, coded into `undp_survey_answers` (20 items, one category per country, with the codebook in
# `datapackage.json` and `docs/codebook_undp_survey.md`); digitised services and their shares (D.9);
# channels of delivery (D.9, one from D.6). UN DESA's 2022 round (`un_egov_panel`, data of the survey
# year) gives the outside measure of e-government the readiness codes are checked against.
#
# **Method.** Response rates with exact (Clopper-Pearson) or Wilson intervals; for respondent type and
# gender the Mantel-Haenszel odds ratio over the countries (respondents are clustered in countries, so a
# pooled table is not used) with the Cochran-Mantel-Haenszel test, one family of two, Holm-adjusted. Readiness: each coded category carries
# an ordinal score 0-2 from the codebook; a country's readiness per DOI element is the mean over the items
# its section answers, with `not_reported` left out (and, as a sensitivity check, scored 0). Agreement of
# readiness with the UN measures: Kendall's tau-b with an exact permutation p over all 5,040 orderings of
# seven countries, one family of three, Holm-adjusted, and an approximate interval for tau. Seven
# countries are too few for some comparisons: where a test cannot reach p < 0.05 it is not run, and the
# notebook says so.

# %% tags=["parameters"]
countries = None  # ISO 3166 alpha-3 codes, or None for all seven survey countries
interval = "beta"  # "beta" (Clopper-Pearson, exact) or "wilson"
confidence = 0.95  # confidence level of the intervals
un_round = 2022  # UN E-Government Survey round the readiness codes are checked against (2022: data of the survey year)
not_reported_as = None  # readiness score of 'not_reported' answers: None leaves them out, 0 scores them as 'no'

# %%
from egovlib import load, params, regional

responses = load("survey_responses")
if countries is None:
    countries = list(regional.UNDP_COUNTRIES)
countries = params.subset("countries", countries, sorted(responses["country"].astype(str).unique()))
interval = params.choice("interval", interval, ["beta", "wilson"])
confidence = params.number("confidence", confidence, 0.5, 0.999)
un_round = params.choice("un_round", un_round, sorted(int(y) for y in load("un_egov_panel")["year"].unique()))
if not_reported_as is not None:
    not_reported_as = params.number("not_reported_as", not_reported_as, 0, 2)

# %%
import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from egovlib import formatting, plotting, stats
from egovlib.prose import say
from egovlib.results import Results

plotting.set_style()
formatting.use()  # numbers at the precision the data support, the same on every machine
results = Results("08_readiness_survey", {"countries": countries, "interval": interval, "confidence": confidence,
                                         "un_round": un_round, "not_reported_as": not_reported_as})
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
about = f"{overall.method.split(';')[0]}, n = {overall.n}"  # the interval alone: nobody expects a response rate of 0.5
results.add("response_rate_overall", overall.estimate, "proportion", about)
results.add("response_rate_overall_ci_low", overall.ci_low, "proportion", f"{confidence:.0%} interval; {about}")
results.add("response_rate_overall_ci_high", overall.ci_high, "proportion", f"{confidence:.0%} interval; {about}")
results.add("response_rate_overall_n", int(overall.n), "observations", about)
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
say("sent", str(overall.n))
say("received", str(int(counts["received"].sum())))
say("response_rate", f"{overall.estimate:.0%}")
say("confidence", f"{confidence:.0%}")
say("interval_name", interval_name)
say("response_low", f"{overall.ci_low:.0%}")
say("response_high", f"{overall.ci_high:.0%}")
say("rate_min", f"{by_country['rate'].min():.0%}")
say("rate_min_countries", ", ".join(by_country.loc[by_country["rate"] == by_country["rate"].min(), "country"]))
say("rate_max", f"{by_country['rate'].max():.0%}")
say("rate_max_countries", ", ".join(by_country.loc[by_country["rate"] == by_country["rate"].max(), "country"]))
say("sent_min", str(by_country["sent"].min()))
say("sent_max", str(by_country["sent"].max()))

# %% [markdown]
# Of {glue:md}`sent` questionnaires sent, {glue:md}`received` came back ({glue:md}`response_rate`,
# {glue:md}`confidence` {glue:md}`interval_name` interval {glue:md}`response_low` to {glue:md}`response_high`).
# Country rates range from {glue:md}`rate_min` ({glue:md}`rate_min_countries`) to {glue:md}`rate_max`
# ({glue:md}`rate_max_countries`); with {glue:md}`sent_min` to {glue:md}`sent_max` questionnaires per country
# the intervals are wide.

# %% [markdown]
# ## Did the response differ by respondent type or gender?
#
# Respondents are clustered in countries (a country's questionnaires went out, and came back, together),
# so a test on one 2x2 table pooled over countries would treat them as independent and mix the countries'
# composition into the odds ratio. The comparison is made within each country and pooled by the
# Mantel-Haenszel odds ratio, with the Cochran-Mantel-Haenszel test (`stats.mantel_haenszel`, statsmodels'
# `StratifiedTable`); countries where one of the two groups got no questionnaire, or where none or all
# came back, carry no information and are left out. The two tests form one family (Holm). With so few
# questionnaires per country the test is asymptotic and rough, and the interval is the finding.

# %%
def by_country_tables(column: str, first: str, second: str) -> np.ndarray:
    """One 2x2 table (returned / not returned, for ``first`` and ``second``) per country."""
    tables = []
    for country in countries:
        own = counts.xs(country, level="country").groupby(level=column, observed=True).sum()
        rows = [[own.at[g, "received"], own.at[g, "sent"] - own.at[g, "received"]] if g in own.index else [0, 0]
                for g in (first, second)]
        tables.append(rows)
    return np.array(tables, dtype=float)


type_test = stats.mantel_haenszel(by_country_tables("respondent_type", "government", "independent_expert"))
gender_test = stats.mantel_haenszel(by_country_tables("gender", "female", "male"))
results.add_test("response_by_type_odds_ratio", type_test, "odds ratio",
                 "government vs independent experts, within countries")
results.add_test("response_by_gender_odds_ratio", gender_test, "odds ratio", "female vs male, within countries")
response_holm = stats.adjust_pvalues([type_test.p_value, gender_test.p_value], method="holm")
results.add("response_by_type_odds_ratio_p_holm", response_holm[0], "p-value",
            f"Holm-adjusted over the 2 response tests; {type_test.method}, n = {type_test.n}")
results.add("response_by_gender_odds_ratio_p_holm", response_holm[1], "p-value",
            f"Holm-adjusted over the 2 response tests; {gender_test.method}, n = {gender_test.n}")
stats.results_table([type_test, gender_test]).assign(p_holm=[formatting.pvalue(p) for p in response_holm])

# %%
for key, test, holm in (("type", type_test, response_holm[0]), ("gender", gender_test, response_holm[1])):
    say(f"{key}_or", test.shown("estimate"))
    say(f"{key}_or_low", test.shown("ci_low"))
    say(f"{key}_or_high", test.shown("ci_high"))
    say(f"{key}_p", formatting.p_phrase(test.p_value, "CMH p"))
    say(f"{key}_p_holm", formatting.pvalue(holm))
    say(f"{key}_n", str(test.n))
say("type_confidence", f"{type_test.confidence:.0%}")

# %% [markdown]
# Government officials against independent experts, within countries: Mantel-Haenszel odds ratio of
# returning the questionnaire {glue:md}`type_or` ({glue:md}`type_confidence` interval {glue:md}`type_or_low`
# to {glue:md}`type_or_high`; {glue:md}`type_p`, Holm-adjusted {glue:md}`type_p_holm`, n = {glue:md}`type_n`
# questionnaires in the countries that carry information). Women against men: {glue:md}`gender_or`
# ({glue:md}`gender_or_low` to {glue:md}`gender_or_high`; {glue:md}`gender_p`, Holm-adjusted
# {glue:md}`gender_p_holm`, n = {glue:md}`gender_n`). Neither comparison can say why people did not answer,
# and a p-value above 0.05 with these counts is not evidence that the groups answered alike.

# %% [markdown]
# ## How far were public services digitised?
#
# The survey's own figures, each dated by the year it refers to, which is not always the survey year
# (Armenia's is an experts' estimate of volume, not a count of services). Qualifiers are kept: "more
# than" is a lower bound.

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
share_years = sorted(int(y) for y in shares["year"].unique())
span = f"{share_years[0]}" if len(share_years) == 1 else f"{share_years[0]}-{share_years[-1]}"
off_year = shares[shares["year"] != max(share_years)]
kinds = {"electronic_services_share": "share of services", "electronic_transactions_share": "share of transactions"}
say("share_span", span)
say("share_off_year", "." if off_year.empty else ": " + "; ".join(
    f"{r.country}'s {kinds[r.indicator]} is of {r.year}" for r in off_year.itertuples())
    + f"; the others are of {max(share_years)}.")

# %% [markdown]
# The shares refer to {glue:md}`share_span`{glue:md}`share_off_year`

# %%
fig, ax = plt.subplots(figsize=(7, 4))
kind_colours = dict(zip(["electronic_services_share", "electronic_transactions_share"], plotting.palette(2), strict=True))
kind_labels = {"electronic_services_share": "share of services offered electronically",
               "electronic_transactions_share": "share of service transactions done electronically"}
ax.barh(range(len(shares)), shares["value"], color=[kind_colours[k] for k in shares["indicator"]])
for position, row in shares.iterrows():
    mark = {"more_than": " (more than)", "approximately": " (approx.)"}.get(row["qualifier"], "")
    ax.text(row["value"] + 1, position, f"{row['value']:g} %{mark}", va="center", fontsize=8)
ax.set_yticks(range(len(shares)), [f"{r.country} ({r.year})" for r in shares.itertuples()])
ax.invert_yaxis()
ax.set_xlim(0, 115)
ax.set_xlabel("per cent")
ax.set_ylabel("country (reference year)")
ax.set_title(f"Digitised public services as the survey reports them, {span}")
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
channel_years = sorted({int(y) for y in channels["year"].unique()})
ax.set_title("Channels of public service delivery named by the survey, " + "-".join(map(str, sorted({channel_years[0], channel_years[-1]}))))
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
say("top_channel", in_use.index[0].replace("_", " "))
say("top_channel_countries", str(in_use.iloc[0]))
say("n_countries", str(len(countries)))
say("channels_min", str(per_country.min()))
say("channels_max", str(per_country.max()))

# %% [markdown]
# The channel most often reported in use is the **{glue:md}`top_channel`** ({glue:md}`top_channel_countries`
# of {glue:md}`n_countries` countries). Countries report between {glue:md}`channels_min` and
# {glue:md}`channels_max` channels in use; a low count can mean a short country section as much as few
# channels.

# %% [markdown]
# ## Readiness from the survey's answers
#
# Each country section is coded item by item (`undp_survey_answers`). The heat map shows the score of
# every answer (0 = least ready, 2 = most ready, as the codebook defines them), grouped by DOI element;
# a blank cell is an item the section does not answer. Items without a readiness order (staff
# retention, competence evaluation, Korean programmes) are described in the dataset but not scored.

# %%
from egovlib import survey

answers = load("undp_survey_answers")
answers = answers[answers["country"].isin(countries)]
book = survey.codebook()
scored = survey.scored_answers(answers, book)
if not_reported_as is not None:
    scored.loc[scored["category"] == survey.NOT_REPORTED, "score"] = not_reported_as
element_order = {e: i for i, e in enumerate(survey.DOI_ELEMENTS)}
items = book[book["scored"]].drop_duplicates("item")
items = items.sort_values("doi_element", key=lambda c: c.map(element_order), kind="stable")
score_grid = scored.pivot(index="country", columns="item", values="score").reindex(index=countries,
                                                                                    columns=items["item"])
score_grid

# %%
fig, ax = plt.subplots(figsize=(10, 0.45 * len(countries) + 3))
cmap = plt.get_cmap("cividis", 3).copy()
cmap.set_bad("white")
image = ax.imshow(np.ma.masked_invalid(score_grid.to_numpy(dtype=float)), cmap=cmap, vmin=-0.5, vmax=2.5, aspect="auto")
ax.set_xticks(range(score_grid.shape[1]), [c.replace("_", " ") for c in score_grid.columns], rotation=45, ha="right")
ax.set_yticks(range(score_grid.shape[0]), score_grid.index)
boundaries = items["doi_element"].reset_index(drop=True)
for position in range(1, len(boundaries)):
    if boundaries[position] != boundaries[position - 1]:
        ax.axvline(position - 0.5, color="0.2", linewidth=1.5)
for element, group in boundaries.groupby(boundaries, sort=False):
    short = {"social_system": "social system", "communication_channels": "communication\nchannels",
             "infrastructure": "infra-\nstructure", "innovation": "inno-\nvation"}
    ax.text(group.index.to_numpy().mean(), -0.6, short.get(element, element), ha="center", va="bottom", fontsize=8)
ax.set_xlabel("coded item (grouped by DOI element)")
ax.set_ylabel("country")
ax.set_title("Readiness answers of the UNDP & ACSH survey, coded 0-2", pad=34)
ax.grid(False)
bar = fig.colorbar(image, ax=ax, ticks=[0, 1, 2])
bar.ax.set_yticklabels(["0 least ready", "1", "2 most ready"])
bar.set_label("score (blank: not reported)")
plotting.savefig(fig, "08_readiness_answers", caption=plotting.source_caption(keys=["undp2022"], extra=(
    "Country sections D.1-D.12, coded in undp_survey_answers (row locators there).")))
plt.show()

# %% [markdown]
# ### Readiness by DOI element
#
# The mean score of the answered items per element, the number answered, and, for the communication
# channels, the number of delivery channels the section names as in use (a count, not part of the score).

# %%
ready = survey.readiness(answers, book, not_reported_as=not_reported_as).reindex(countries)
elements = [e for e in ("social_system", "communication_channels", "infrastructure") if e in ready.columns]
summary = ready[[*elements, "overall", "overall_answered", "overall_not_reported"]].assign(
    channels_in_use=per_country.reindex(countries).to_numpy())
for country in countries:
    results.add(f"readiness_overall_{country.lower()}", float(ready.at[country, "overall"]), "score_0_2",
                f"mean readiness over {int(ready.at[country, 'overall_answered'])} answered items")
for element in elements:
    top = ready[element].max()
    leaders = sorted(ready.index[ready[element] == top])
    results.add(f"readiness_top_{element}", ", ".join(leaders), "country", f"highest mean score ({top:.2f} of 2)")
summary

# %%
fig, ax = plt.subplots(figsize=(8, 4.5))
markers = dict(zip(elements, ["o", "s", "^"], strict=False))
labels = {"social_system": "social system", "communication_channels": "communication channels",
          "infrastructure": "infrastructure"}
order = summary.sort_values("overall", ascending=True).index
for (element, marker), colour in zip(markers.items(), plotting.palette(len(elements)), strict=True):
    ax.scatter(summary.loc[order, element], range(len(order)), marker=marker, color=colour, s=50,
               label=labels[element], zorder=3)
ax.scatter(summary.loc[order, "overall"], range(len(order)), marker="|", color="0.2", s=300, label="all scored items",
           zorder=4)
ax.set_yticks(range(len(order)), [f"{c} ({int(summary.at[c, 'overall_answered'])} items)" for c in order])
ax.set_xlim(-0.1, 2.1)
ax.set_xlabel("mean readiness score (0 least, 2 most ready)")
ax.set_ylabel("country (items answered)")
ax.set_title("Readiness by DOI element, UNDP & ACSH survey (survey year " + str(int(answers["year"].max())) + ")")
ax.legend(loc="lower left", bbox_to_anchor=(1.01, 0), frameon=False, fontsize=8)
plotting.savefig(fig, "08_readiness_elements", caption=plotting.source_caption(keys=["undp2022"], extra=(
    "Country sections D.1-D.12, coded in undp_survey_answers (row locators there).")))
plt.show()

# %%
left_out = survey.readiness(answers, book)["overall"].reindex(countries)
as_no = survey.readiness(answers, book, not_reported_as=0)["overall"].reindex(countries)
from scipy.stats import kendalltau  # noqa: E402

sensitivity = float(kendalltau(left_out, as_no).statistic)
results.add("readiness_sensitivity_tau", sensitivity, "kendall_tau",
            "agreement of the overall orderings with not_reported left out and scored 0")
quiet = ready["overall_not_reported"].sort_values(ascending=False)
say("silence_effect", "keeps the overall ordering close" if sensitivity >= 0.8 else "changes the overall ordering")
say("sensitivity_tau", formatting.fmt(sensitivity, formatting.digits_for(len(countries))))
say("quiet_countries", ", ".join(f"{c} ({int(n)} of {len(items)} items not reported)" for c, n in quiet.items() if n > 0))

# %% [markdown]
# Scoring silence as 'no' instead of leaving it out {glue:md}`silence_effect` (Kendall's tau
# {glue:md}`sensitivity_tau` between the two orderings); it lowers most the countries whose sections answer
# least: {glue:md}`quiet_countries`.

# %% [markdown]
# ### Does the coded readiness agree with the UN's measure?
#
# The codes come from prose, so a check against an outside measure is due: the UN E-Government Survey
# round whose data were collected in the survey year (parameter `un_round`). Kendall's tau-b between a
# readiness score and the country's UN standing (the rank with its sign turned, so a positive tau means
# agreement), with the exact permutation p over every ordering of the countries. Three tests, one
# family, Holm-adjusted: overall readiness and social-system readiness against the EGDI rank;
# communication-channel readiness against the E-Participation rank (recomputed among all members). The
# OSI part of the EGDI scores institutional features too, so agreement is expected, not independent
# confirmation. A test is run only if its smallest attainable p (with the ties the scores have) is
# below 0.05; otherwise it is reported as not testable.

# %%
from itertools import permutations  # noqa: E402

from egovlib.targets import rank_in_round  # noqa: E402

panel = load("un_egov_panel")
un_rank = pd.DataFrame({
    "egdi_rank": [rank_in_round(panel, "egdi", c, un_round) for c in countries],
    "epart_rank": [rank_in_round(panel, "epart", c, un_round) for c in countries]}, index=countries)
published = panel[(panel["year"] == un_round) & (panel["indicator"] == "egdi_rank") & panel["country"].isin(countries)]
results.add("un_egdi_rank_recomputed_differs", int((published.set_index("country")["value"].reindex(countries)
                                                     != un_rank["egdi_rank"]).sum()), "countries",
            f"countries whose recomputed {un_round} EGDI rank differs from the published one")


def smallest_p(x: pd.Series, y: pd.Series) -> float:
    """Smallest two-sided p the exact permutation test of Kendall's tau can give for these scores (ties kept)."""
    if len(x) > 8:
        return 0.0
    taus = np.array([kendalltau(x.to_numpy(), np.array(p)).statistic for p in permutations(y.to_numpy())])
    return float(np.mean(np.abs(taus) >= np.nanmax(np.abs(taus)) - 1e-12))


pairs = [("overall", "egdi_rank", "overall readiness vs EGDI standing"),
         ("social_system", "egdi_rank", "social-system readiness vs EGDI standing"),
         ("communication_channels", "epart_rank", "communication-channel readiness vs E-Participation standing")]
rows, tests = [], []
for score, rank, label in pairs:
    x, y = ready[score].astype(float), -un_rank[rank].astype(float)
    floor = smallest_p(x, y)
    row = {"comparison": label, "n": len(x), "smallest_p": floor, "tau": float(kendalltau(x, y).statistic)}
    if floor < 0.05:
        test = stats.rank_correlation(x, y, method="kendall")
        low, high = survey.kendall_interval(test.estimate, test.n, confidence)
        test = stats.TestResult(label, "Kendall's tau-b, exact permutation p; Fieller-Hartley-Pearson interval",
                                test.n, estimate=test.estimate, ci_low=low, ci_high=high, confidence=confidence,
                                statistic=test.statistic, p_value=test.p_value, warnings=test.warnings)
        tests.append((score, test))
        row.update(ci_low=low, ci_high=high, p=test.p_value)
    rows.append(row)
agreement = pd.DataFrame(rows)
if tests:
    adjusted = stats.adjust_pvalues([t.p_value for _, t in tests], method="holm")
    for (score, test), p_holm in zip(tests, adjusted, strict=True):
        results.add_test(f"tau_{score}_vs_un", test, "kendall_tau", f"UN round {un_round}")
        results.add(f"tau_{score}_vs_un_p_holm", p_holm, "p-value",
                    f"Holm-adjusted over the {len(tests)} readiness tests; {test.method}, n = {test.n}")
    agreement.loc[agreement["p"].notna(), "p_holm"] = adjusted
results.add("readiness_tests_run", len(tests), "tests", f"of {len(pairs)} planned (the others cannot reach p < 0.05)")
shown_agreement = agreement.copy()  # at the precision n supports (formatting.digits_for), p-values at two digits
for column in ("tau", "ci_low", "ci_high"):
    if column in shown_agreement:
        shown_agreement[column] = [formatting.round_sig(v, formatting.digits_for(n)) if pd.notna(v) else v
                                   for v, n in zip(shown_agreement[column], shown_agreement["n"], strict=True)]
for column in ("smallest_p", "p", "p_holm"):
    if column in shown_agreement:
        shown_agreement[column] = shown_agreement[column].map(formatting.pvalue)
shown_agreement

# %%
lines = []
for row in agreement.itertuples():
    if pd.isna(getattr(row, "p", float("nan"))):
        lines.append(f"* {row.comparison}: tau = {formatting.fmt(row.tau, formatting.digits_for(row.n))}; **not tested**: "
                     f"with n = {row.n} and these "
                     f"ties the smallest attainable p is {formatting.pvalue(row.smallest_p)}.")
    else:
        digits = formatting.digits_for(row.n)
        lines.append(f"* {row.comparison}: tau = {formatting.fmt(row.tau, digits)} ({confidence:.0%} interval "
                     f"{formatting.fmt(row.ci_low, digits)} to {formatting.fmt(row.ci_high, digits)}), "
                     f"{formatting.p_phrase(row.p, 'exact p')}, {formatting.p_phrase(row.p_holm, 'Holm-adjusted p')}, "
                     f"n = {row.n}.")
tested = agreement.dropna(subset=["p"]) if "p" in agreement else agreement.iloc[0:0]
if len(tested) and bool(((tested["ci_low"] < 0) & (tested["ci_high"] > 0)).all()):
    lines.append(f"\nEvery interval includes zero and reaches from about {formatting.fmt(tested['ci_low'].min(), 2)} to "
                 f"{formatting.fmt(tested['ci_high'].max(), 2)}: with {len(countries)} countries the data cannot say whether "
                 "the coded readiness tracks the UN's measure.")
    place_ready = ready["overall"].rank(ascending=False, method="min")
    place_un = un_rank["egdi_rank"].rank(method="min")
    gap = (place_ready - place_un).abs().sort_values(ascending=False)
    far = gap.index[0]
    lines.append(f"The orderings differ most for {far}: {int(place_ready[far])} of {len(countries)} by its coded "
                 f"readiness, {int(place_un[far])} of {len(countries)} by the EGDI rank ({int(un_rank.at[far, 'egdi_rank'])} "
                 f"in the world, {un_round}). Neither measure can stand in for the other.")
elif len(tested):
    lines.append("\nAt least one interval excludes zero; see the adjusted p-values before reading it as agreement.")
say("agreement_list", "\n".join(lines))  # one line per comparison, then the reading: a block, pasted below

# %% [markdown]
# ```{glue:md} agreement_list
# :format: myst
# ```

# %% [markdown]
# ### Where seven countries are too few
#
# A natural question, whether the South Caucasus (Armenia, Azerbaijan, Georgia) is more or less ready than
# Central Asia, cannot be tested: a permutation test of the two groups has only as many arrangements as
# ways to choose the smaller group, and the two most extreme of them already give the smallest p. The
# ordering is described instead (Cliff's delta, Central Asia minus South Caucasus, without an interval).

# %%
caucasus = [c for c in countries if c in ("ARM", "AZE", "GEO")]
central_asia = [c for c in countries if c not in caucasus]
if caucasus and central_asia:
    arrangements = math.comb(len(countries), len(caucasus))
    floor = 2 / arrangements
    results.add("region_split_smallest_p", floor, "p-value",
                f"two-sided permutation test of {len(caucasus)} against {len(central_asia)} countries: "
                f"{arrangements} arrangements")
    delta = stats.cliffs_delta(ready.loc[caucasus, "overall"], ready.loc[central_asia, "overall"], confidence=confidence)
    pairs = len(caucasus) * len(central_asia)
    results.add("region_cliffs_delta", delta.reported().estimate, "cliffs_delta",
                f"overall readiness, Central Asia minus South Caucasus; {pairs} pairs of countries; an ordering, "
                "no interval (a bootstrap of groups this small gives none worth stating)")
    say("region_comparison",
        f"{len(caucasus)} against {len(central_asia)} countries allow {arrangements} arrangements, so no test can go "
        f"below p = {formatting.pvalue(floor)}" + (" and none is run" if floor >= 0.05 else "") + ". Cliff's delta "
        f"is {delta.shown('estimate')} over the {pairs} pairs of countries: a description of how the two groups "
        "are ordered, with no interval, since a bootstrap of groups this small gives none worth stating.")
else:
    say("region_comparison", "The selected countries lie in one region only; there is no regional comparison.")

# %% [markdown]
# {glue:md}`region_comparison`

# %% [markdown]
# ## Caveats
#
# * Response counts are tiny (a handful of questionnaires per country); the intervals, not the point
#   rates, are the finding. Countries with no returned government questionnaire are described by
#   experts alone.
# * Shares of digitised services use different denominators (services in a register, services
#   offered, transactions) and dates; they are not comparable across countries without caution.
# * Channels come from free-text country sections. A channel not mentioned is not reported, not absent.
# * The readiness codes are this collection's reading of the report's prose (the respondents' own
#   questionnaires are not published); the codebook says what each category means, the note of each row
#   what the section says. Scores 0-2 are ordinal, and their mean is a summary, not a measurement: two
#   countries one step apart on one item may differ more or less than two steps elsewhere.
# * Sections differ in length: the shortest leave many items unanswered (the readiness table counts them),
#   so their means rest on fewer items (the sensitivity check scores silence as "no").
# * Seven countries are the whole population the survey covers, not a sample: the tests ask whether the
#   ordering agrees more than chance orderings would, not whether it generalises to other countries.

# %%
results.show()
