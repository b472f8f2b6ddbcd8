# %% [markdown]
# # 11 · Policy targets against outcomes
#
# **Question.** The national programmes of Kazakhstan and its neighbours set quantitative targets: a
# place among the thirty leading countries of the UN E-Government ranking, among the five leaders in
# e-participation, a share of services online, a time to deliver a service. Which of them were met, which
# were missed, which are not yet due, and which cannot be judged from the data this collection holds?
#
# **DOI lens.** A target is a change agent's statement of the rate of adoption it wants (Rogers: the
# *change agency* sets the pace; the *social system* decides whether it follows). Comparing targets with
# outcomes shows whether the top-down diffusion the programmes planned happened at the planned pace.
#
# **Data.** `policy_targets`: the targets the seeds attribute to the programmes (Information Kazakhstan
# 2020 and the Third Modernisation from the Data Science Journal article, 2023; Digital Kazakhstan from
# Orazgaliyeva et al., 2023; the Kazakh National Plan, Kyrgyzstan's strategy, Digital Uzbekistan 2030
# and Georgia's plan from UNDP & ACSH, 2022). Outcomes: `un_egov_panel` (UN DESA, every round
# 2003-2024) for the EGDI rank and for the E-Participation Index, from which the rank is recomputed
# among all members; `services_digital` and `undp_uptake_market` for shares of services and strategy
# implementation.
#
# **Method.** One rule for every target (`egovlib.targets.judge`): the outcome of the target year (or
# the first later one, said so) against the target in its direction; a target year after the latest
# outcome is *not yet due* unless already met; a target without a year gets the latest outcome only; a
# target without an outcome in the collection is *not evaluable*, with the reason. No test statistic:
# a target is met or not, and the uncertainty is in the outcome's definition and date, which the
# verdicts state. UN **ranks** are used, not index levels: the UN redefined the Human Capital Index in
# 2014, the Telecommunication Infrastructure Index in 2020 and the method again in 2024, so levels are
# not comparable across those rounds, while a rank among the same 193 members keeps its meaning (it
# still moves when the method changes, because countries' relative strengths are weighted anew).

# %% tags=["parameters"]
countries = None  # ISO 3166 alpha-3 codes of the programmes to evaluate, or None for all
rank_source = "un_egov_panel"  # Kazakhstan's ranks: "un_egov_panel" (recomputed) or "orazgaliyeva2023" (Table 3)

# %%
import egovlib
from egovlib import params

targets = egovlib.load("policy_targets")
if countries is None:
    countries = sorted(targets["country"].astype(str).unique())
countries = params.subset("countries", countries, sorted(targets["country"].astype(str).unique()))
rank_source = params.choice("rank_source", rank_source, ["un_egov_panel", "orazgaliyeva2023"])

# %%
import matplotlib.pyplot as plt
import pandas as pd

from egovlib import formatting, plotting, un_method
from egovlib.prose import say
from egovlib.results import Results
from egovlib.targets import judge, rank_in_round

plotting.set_style()
NAMES = {"ARM": "Armenia", "AZE": "Azerbaijan", "GEO": "Georgia", "KAZ": "Kazakhstan", "KGZ": "Kyrgyzstan",
         "TJK": "Tajikistan", "UZB": "Uzbekistan"}
UNITS = {"percent_of_services": "% of services", "percent": "%", "percent_of_population": "% of population",
         "services": "services", "rank": "rank"}
formatting.use()  # numbers at the precision the data support, the same on every machine
results = Results("11_policy_targets", {"countries": countries, "rank_source": rank_source})
targets = targets[targets["country"].isin(countries)].reset_index(drop=True)
targets[["target_id", "country", "programme", "indicator", "target_value", "unit", "direction", "target_year"]]

# %% [markdown]
# ## Outcomes the collection holds
#
# Ranks of every UN round for each country with a rank target: the EGDI rank as published, the
# E-Participation rank recomputed as one plus the number of members with a higher index (ties share the
# better rank). For Kazakhstan the recomputed ranks can be set against those Orazgaliyeva et al. print
# in Table 3 (parameter `rank_source`).

# %%
panel = egovlib.load("un_egov_panel")
METHOD_CHANGES = {change.year: f"{'+'.join(i.upper() for i in change.indices)} changed"
                  for change in un_method.METHOD_CHANGES}  # one home: egovlib.un_method
METHOD_PROSE = {2014: "redefined the Human Capital Index", 2020: "changed the Telecommunication Infrastructure Index",
                2024: "revised its method"}


def un_ranks(country: str) -> pd.DataFrame:
    """EGDI rank (published) and E-Participation rank (recomputed) of one country in every round."""
    rows = []
    for year in sorted(panel["year"].unique()):
        egdi = panel[(panel["year"] == year) & (panel["indicator"] == "egdi_rank") & (panel["country"] == country)]
        rows.append({"year": int(year), "egdi_rank": float(egdi["value"].iloc[0]) if len(egdi) else None,
                     "epart_rank": rank_in_round(panel, "epart", country, int(year))})
    return pd.DataFrame(rows)


rank_countries = sorted(targets.loc[targets["unit"] == "rank", "country"].astype(str).unique())
ranks = {c: un_ranks(c) for c in rank_countries}
if "KAZ" in ranks:
    printed = egovlib.load("egdi_kazakhstan")
    printed = printed[printed["indicator"].isin(["egdi_rank", "epart_rank"])].pivot_table(
        index="year", columns="indicator", values="value", observed=True)
    check = ranks["KAZ"].merge(printed.add_suffix("_table3"), left_on="year", right_index=True, how="left").set_index("year")
    differ = int(((check["epart_rank"] != check["epart_rank_table3"]) & check["epart_rank_table3"].notna()).sum()
                 + ((check["egdi_rank"] != check["egdi_rank_table3"]) & check["egdi_rank_table3"].notna()).sum())
    results.add("kaz_rank_cells_differing_from_table3", differ, "cells",
                "EGDI and E-Participation ranks of Kazakhstan: UN panel (recomputed) against Orazgaliyeva et al. Table 3")
    if rank_source == "orazgaliyeva2023":
        ranks["KAZ"] = printed.reset_index().rename_axis(None, axis=1)[["year", "egdi_rank", "epart_rank"]]
    display(check)

# %%
if "KAZ" in ranks:
    say("rank_cells_differing", f"Recomputed and printed ranks of Kazakhstan differ in **{differ}** cell(s) of the "
                                "rounds both cover"
        + (", so the verdicts below do not depend on which of the two is used." if differ == 0 else
           f"; the verdicts below use the {rank_source} ranks (parameter `rank_source`), and may change with the other."))
else:
    say("rank_cells_differing", "")

# %% [markdown]
# {glue:md}`rank_cells_differing`

# %% [markdown]
# ## Target by target
#
# Each indicator is looked up where the collection holds it; the reason for every *not evaluable*
# names what is missing.

# %%
services = egovlib.load("services_digital")
market = egovlib.load("undp_uptake_market")
infrastructure = egovlib.load("infrastructure")


def series_from(table: pd.DataFrame, country: str, indicator: str) -> pd.DataFrame:
    rows = table[(table["country"] == country) & (table["indicator"] == indicator)]
    return pd.DataFrame({"year": rows["year"].astype(int), "value": rows["value"].astype(float),
                         "qualifier": rows["qualifier"].astype(str) if "qualifier" in rows else "exact",
                         "source": rows["source"].astype(str), "locator": rows["locator"].astype(str)})


MISSING = {
    "e_service_delivery_time": "no dataset holds delivery times: platform_performance counts violations of the "
                               "legal service terms and hours of technical failure, not the time a service takes",
    "development_rank": "the collection holds no ranking of developed nations (an economic goal) and the target "
                        "year lies in the future",
    "gdp_growth": "the collection holds no GDP series",
    "high_speed_internet_coverage": "the collection holds internet use and broadband subscriptions per 100 people "
                                    "(infrastructure), not network coverage",
    "organisations_with_edms": "no dataset counts government organisations running the document system",
}


def outcome_of(row: pd.Series) -> pd.DataFrame | None:
    country, indicator = str(row["country"]), str(row["indicator"])
    if indicator in ("egdi_rank", "epart_rank") and country in ranks:
        data = ranks[country][["year", indicator]].rename(columns={indicator: "value"}).dropna()
        source = "undesa_egov" if rank_source == "un_egov_panel" or country != "KAZ" else "orazgaliyeva2023"
        return data.assign(qualifier="exact", source=source, locator="every round")
    for table in (services, market):
        found = series_from(table, country, indicator)
        if len(found):
            return found
    return None


verdicts = []
for _, row in targets.iterrows():
    outcomes = outcome_of(row)
    verdict = judge(str(row["direction"]), row["target_value"], row["target_year"], outcomes,
                    why_missing=MISSING.get(str(row["indicator"]), "the collection holds no outcome for this indicator"))
    used = (outcomes[outcomes["year"] == verdict.outcome_year].iloc[0]
            if outcomes is not None and verdict.outcome_year is not None else None)
    verdicts.append({"outcome_source": None if used is None else used["source"],
                     "outcome_locator": None if used is None else used["locator"],
                     "target_id": row["target_id"], "country": row["country"], "programme": row["programme"],
                     "indicator": row["indicator"], "target": row["target_value"], "unit": row["unit"],
                     "direction": row["direction"], "target_year": row["target_year"], "status": verdict.status,
                     "outcome": verdict.outcome, "outcome_year": verdict.outcome_year, "reason": verdict.reason})
verdicts = pd.DataFrame(verdicts)
verdicts["outcome_year"] = verdicts["outcome_year"].astype("Int64")


def fragility(v: pd.Series) -> str:
    """Why a met or missed verdict is fragile: a later outcome, a margin of one rank, a method-change round."""
    if v["status"] not in ("met", "not_met") or pd.isna(v["outcome_year"]):
        return ""
    notes = []
    if int(v["outcome_year"]) != int(v["target_year"]):
        notes.append(f"{v['status'].replace('_', ' ')} by {int(v['outcome_year'])} (no {int(v['target_year'])} outcome)")
    if str(v["unit"]) == "rank" and abs(float(v["outcome"]) - float(v["target"])) <= 1:
        notes.append("margin of one place or less")
    if str(v["unit"]) == "rank" and int(v["outcome_year"]) in METHOD_CHANGES:
        notes.append(f"outcome from the {int(v['outcome_year'])} round, whose method changed")
    return "; ".join(notes)


verdicts["fragile"] = verdicts.apply(fragility, axis=1)
for _, v in verdicts.iterrows():
    key = str(v["target_id"]).lower()
    results.add(f"{key}_status", v["status"], "verdict", f"{v['programme']}: {v['indicator']}")
    if v["outcome"] is not None and not pd.isna(v["outcome"]):
        results.add(f"{key}_outcome", float(v["outcome"]), str(v["unit"]), f"outcome in {int(v['outcome_year'])}")
display(verdicts[["target_id", "country", "indicator", "target", "direction", "target_year", "status", "outcome",
                  "outcome_year", "fragile"]])
say("verdict_list", "\n".join(f"* **{v.target_id}** ({v.country}, {v.programme}, {str(v.indicator).replace('_', ' ')}): "
                               f"*{v.status.replace('_', ' ')}*; {v.reason}"
                               + (f"; **fragile**: {v.fragile}" if v.fragile else "") + "."
                               for v in verdicts.itertuples()))

# %% [markdown]
# ```{glue:md} verdict_list
# :format: myst
# ```

# %%
counts = verdicts["status"].value_counts()
for status in ("met", "not_met", "not_yet_due", "no_deadline", "not_evaluable"):
    results.add(f"targets_{status}", int(counts.get(status, 0)), "targets")
results.add("targets_total", len(verdicts), "targets")
fragile_met = int(((verdicts["status"] == "met") & (verdicts["fragile"] != "")).sum())
results.add("targets_met_fragile", fragile_met, "targets",
            "met, but with a later outcome, a margin of one rank or an outcome from a method-change round")
say("targets_total", str(len(verdicts)))
say("targets_met_fragile", str(fragile_met))
unmeasured = int(((verdicts["status"] == "not_evaluable")
                  & (verdicts["reason"] != "the target is stated without a number")).sum())
share_unmeasured = unmeasured / len(verdicts) if len(verdicts) else 0
say("not_evaluable_share", f"{unmeasured} of the {len(verdicts)} ("
    + ("most" if share_unmeasured > 0.5 else "half" if share_unmeasured == 0.5 else "fewer than half") + ")")
say("n_without_number", str(int((verdicts["reason"] == "the target is stated without a number").sum())))
for status in ("met", "not_met", "not_yet_due", "no_deadline", "not_evaluable"):
    say(f"targets_{status}", str(int(counts.get(status, 0))))

# %% [markdown]
# Of **{glue:md}`targets_total`** targets, {glue:md}`targets_met` met, {glue:md}`targets_not_met` missed,
# {glue:md}`targets_not_yet_due` not yet due, {glue:md}`targets_no_deadline` without a deadline and
# **{glue:md}`targets_not_evaluable` not evaluable** from the collection's data: {glue:md}`not_evaluable_share`
# programme targets concern quantities no source in the collection measures, and {glue:md}`n_without_number`
# is stated without a number. Of the met targets, {glue:md}`targets_met_fragile`
# are fragile (see the list: a later outcome, a margin of one place, or a round whose method changed).

# %% [markdown]
# ## Kazakhstan's UN ranks and the Information Kazakhstan 2020 targets
#
# Ranks on an inverted axis (first place at the top), with the targets as horizontal lines, the
# programme's period shaded and the UN's method changes marked. The E-Participation rank is recomputed
# from the index of every member, so it is the rank among all 193 in every round.

# %%
def rank_chart(country: str) -> plt.Figure:
    data = ranks[country]
    own = targets[(targets["country"] == country) & targets["indicator"].isin(["egdi_rank", "epart_rank"])]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    colours = dict(zip(["egdi_rank", "epart_rank"], plotting.palette(2), strict=True))
    labels = {"egdi_rank": "E-Government Development Index rank", "epart_rank": "E-Participation Index rank"}
    for indicator, colour in colours.items():
        ax.plot(data["year"], data[indicator], marker="o", color=colour, label=labels[indicator])
        for _, t in own[own["indicator"] == indicator].iterrows():
            ax.axhline(float(t["target_value"]), color=colour, linestyle="--", linewidth=1,
                       label=f"target: {labels[indicator].split(' rank')[0]} rank {t['target_value']:g} by {t['target_year']}")
    for _, t in own.drop_duplicates("programme").iterrows():
        start, end = int(str(t["programme_period"])[:4]), int(t["target_year"])
        ax.axvspan(start, end, color="0.92", zorder=0)
        ax.text((start + end) / 2, 1, str(t["programme"]), ha="center", va="top", fontsize=8, color="0.3")
    ax.set_ylim(100, 0)
    for year, label in METHOD_CHANGES.items():
        ax.axvline(year, color="0.6", linestyle=":", linewidth=1)
        ax.text(year - 0.2, 97, label, rotation=90, fontsize=7, color="0.4", ha="right", va="bottom")
    ax.set_xlabel("UN E-Government Survey round")
    ax.set_ylabel("rank among 193 UN members (1 = first)")
    ax.set_title(f"{NAMES.get(country, country)}: UN e-government ranks against the programme targets")
    ax.legend(loc="lower left", bbox_to_anchor=(1.01, 0), fontsize=8, frameon=False)
    return fig


for country in ranks:
    fig = rank_chart(country)
    rounds = panel[(panel["country"] == country) & panel["indicator"].isin(["egdi_rank", "epart"])]
    sources = [*sorted(rounds["source"].astype(str).unique()),
               *(["orazgaliyeva2023"] if rank_source == "orazgaliyeva2023" and country == "KAZ" else [])]
    caption = plotting.source_caption(targets[(targets["country"] == country)
                                              & targets["indicator"].isin(["egdi_rank", "epart_rank"])],
                                      keys=sources, extra="E-Participation ranks recomputed from the index of all members.")
    plotting.savefig(fig, f"11_ranks_{country.lower()}", caption=caption)
    plt.show()

# %%
rank_targets = targets[(targets["country"] == "KAZ") & targets["indicator"].isin(["egdi_rank", "epart_rank"])]
if "KAZ" in ranks and set(rank_targets["indicator"]) == {"egdi_rank", "epart_rank"}:
    kaz = ranks["KAZ"].set_index("year")
    goal = rank_targets.set_index("indicator")
    due = int(goal.at["egdi_rank", "target_year"])
    first = int(str(goal.at["egdi_rank", "programme_period"])[:4])
    period = kaz.loc[first:due]
    before = kaz.loc[:first - 1]
    egdi_goal, epart_goal = int(goal.at["egdi_rank", "target_value"]), int(goal.at["epart_rank", "target_value"])
    egdi_due, epart_due = int(kaz.at[due, "egdi_rank"]), int(kaz.at[due, "epart_rank"])
    best_epart = int(period["epart_rank"].min())
    best_year = int(period["epart_rank"].idxmin())
    rounds = f"{int(period.index.min())}-{int(period.index.max())}"
    results.add("kaz_egdi_rank_target_year", egdi_due, "rank", f"UN E-Government Survey {due}")
    results.add("kaz_epart_rank_target_year", epart_due, "rank", f"{due}, recomputed among all members")
    results.add("kaz_epart_best_rank_in_programme", best_epart, "rank",
                f"best E-Participation rank in the rounds {rounds} ({best_year})")
    later = kaz.loc[due + 1:, "egdi_rank"].dropna().astype(int)
    missed_all = bool((period["epart_rank"] > epart_goal).all())
    change = f", in which the UN {METHOD_PROSE[due]}" if due in METHOD_PROSE else ""
    glued = {"due": due, "method_change": change, "egdi_due": egdi_due, "egdi_goal": egdi_goal,
             "egdi_met": "met" if egdi_due <= egdi_goal else "missed", "egdi_places": abs(egdi_goal - egdi_due),
             "epart_due": epart_due, "epart_goal": epart_goal, "programme_rounds": rounds, "best_epart": best_epart,
             "best_epart_year": best_year,
             "epart_verdict": "missed in every one of them" if missed_all else "met in at least one of them",
             "before_year": int(before.index.max()), "before_epart": int(before["epart_rank"].iloc[-1]),
             "egdi_after": ", ".join(f"{r} ({y})" for y, r in later.items())}
else:  # no rank targets of Kazakhstan among the countries chosen
    glued = dict.fromkeys(["due", "method_change", "egdi_due", "egdi_goal", "egdi_met", "egdi_places", "epart_due",
                           "epart_goal", "programme_rounds", "best_epart", "best_epart_year", "epart_verdict",
                           "before_year", "before_epart", "egdi_after"], "n/a")
for key, value in glued.items():
    say(key, str(value))  # ranks and years as printed, without thousands separators

# %% [markdown]
# In the {glue:md}`due` round{glue:md}`method_change`, Kazakhstan ranked **{glue:md}`egdi_due`** on the EGDI
# (target: {glue:md}`egdi_goal` or better; {glue:md}`egdi_met` by {glue:md}`egdi_places` place(s)) and
# **{glue:md}`epart_due`** on E-Participation (target: {glue:md}`epart_goal` or better). In the programme's
# rounds {glue:md}`programme_rounds` its best E-Participation rank was {glue:md}`best_epart`
# ({glue:md}`best_epart_year`); the target was {glue:md}`epart_verdict`. In {glue:md}`before_year`, the last
# round before the programme, Kazakhstan ranked {glue:md}`before_epart`. After the target year its EGDI rank
# was {glue:md}`egdi_after`.

# %% [markdown]
# ## Progress towards the targets without a rank
#
# Outcome as a share of the target, for the quantitative targets with an outcome (a value above 100 %
# exceeds the target). Qualifiers are kept: an "approximately" or "more than" outcome is marked.

# %%
shares = verdicts[(verdicts["unit"] != "rank") & verdicts["outcome"].notna()].copy()
if len(shares):
    shares["progress"] = shares["outcome"].astype(float) / shares["target"].astype(float) * 100
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(shares) + 1.8))
    palette = dict(zip(["met", "not_met", "not_yet_due", "no_deadline"], plotting.palette(4), strict=True))
    ax.barh(range(len(shares)), shares["progress"], color=[palette[s] for s in shares["status"]])
    ax.axvline(100, color="0.3", linewidth=1)
    for position, (_, row) in enumerate(shares.iterrows()):
        ax.text(row["progress"] + 2, position, f"{row['outcome']:g} of {row['target']:g} {UNITS.get(row['unit'], row['unit'])} "
                f"({int(row['outcome_year'])}; {row['status'].replace('_', ' ')})", va="center", fontsize=8)
    ax.set_yticks(range(len(shares)), [f"{NAMES.get(r.country, r.country)}: {r.indicator.replace('_', ' ')}"
                                       for r in shares.itertuples()])
    ax.invert_yaxis()
    ax.set_xlim(0, max(230, float(shares["progress"].max()) + 60))
    ax.set_xlabel("outcome as per cent of the target")
    ax.set_ylabel("target")
    years = sorted({int(y) for y in shares["outcome_year"]})
    ax.set_title("Progress towards programme targets, outcomes of " + ", ".join(map(str, years)))
    used = shares[["outcome_source", "outcome_locator"]].set_axis(["source", "locator"], axis=1)
    plotting.savefig(fig, "11_target_progress", caption=plotting.source_caption(
        pd.concat([used, targets[targets["target_id"].isin(shares["target_id"])][["source", "locator"]]])))
    plt.show()

# %% [markdown]
# ## Caveats
#
# * Targets come from the seeds' paraphrases of the programmes, not from the programme texts, which
#   the collection does not hold; a target the seeds do not mention is missing here.
# * A UN round reflects data collected in the year before it appears: the 2020 round is the nearest
#   measure of "by 2020", not an exact one. Ranks move when the UN reweights an index (2014, 2020,
#   2024) even if nothing changed in the country.
# * Outcomes from the UNDP survey are one-off figures of 2021 with hedges ("more than 90 per cent",
#   "approximately 80 per cent"); Georgia's 700 services of 2021 judge a target for the end of 2020.
# * *Not evaluable* is a finding: the delivery-time targets (five days, five minutes), network coverage
#   and the economic goals of 2050 are not measured by any source in the collection.

# %%
results.show()
