# %% [markdown]
# # 07 · The Diffusion-of-Innovation framework applied to the EAEU
#
# **Question.** How do Rogers' four elements of diffusion (the innovation, communication channels,
# time and the social system) map onto e-government in the member states of the Eurasian Economic
# Union, and which quantitative evidence in this collection speaks to each element?
#
# **DOI lens.** This notebook *is* the lens. Following Bolatbekkyzy et al., the innovation is
# electronic delivery of public services; the channels are the regulators, portals and delivery
# channels through which it reaches users; time is the sequence of legal acts and of three
# e-government stages (I: formation begins; II: a unified portal; III: transition of services to
# electronic form); the social system is each state and the Union.
#
# **Data.** E-government stages, ICT regulators and portals of the EAEU members (Bolatbekkyzy et al.,
# tables 1-2 and section 4); dated legal acts (UNDP & ACSH 2022, appendix 5, and the acts the articles
# name); delivery channels and digital service counts (UNDP & ACSH 2022, section D.9). The evidence
# table reads the results recorded in the stored outputs of notebooks 02-06 (by name, listed below).
#
# **Method.** Descriptive: a timeline, counts and cross-tabulations; no test is run here, since the units
# are five states and the stages are qualitative codings. Each of Rogers' elements is then stated as a
# hypothesis, with the evidence that would support it and the evidence that would refute it; a rule
# written in code turns the recorded results into a verdict (supported, refuted, cannot tell, or not
# measured, not testable). A p-value is used as the notebook that computed it adjusted it within its
# own family of tests; it is not adjusted again here. Rogers' perceived attributes of an innovation (relative advantage,
# compatibility, complexity, trialability, observability) are measured where the collection has data,
# and said to be unmeasured where it has none.

# %% tags=["parameters"]
countries = None  # ISO 3166 alpha-3 codes, or None for the EAEU members
first_year = 2000  # left edge of the timeline (year)
last_year = 2022  # right edge of the timeline (year)
evidence_dir = None  # None for the collection's notebooks folder, or a folder holding notebooks 02-06 with outputs

# %%
from pathlib import Path

from egovlib import load, params, regional
from egovlib.datasets import author_year, default_package
from egovlib.notebooks import NOTEBOOKS

stages = load("egov_stages")
acts = load("legal_acts")
regulators = load("ict_regulators")
known = sorted((set(stages["country"].astype(str)) | set(regulators["country"].astype(str))
                | set(acts["country"].astype(str))) - {"EAEU"})
if countries is None:
    countries = list(regional.EAEU_MEMBERS)
countries = params.subset("countries", countries, known)
first_year = params.integer("first_year", first_year, 1990, 2020)
last_year = params.integer("last_year", last_year, first_year + 1, 2030)
evidence_dir = params.folder_or_none("evidence_dir", evidence_dir)
if evidence_dir is None and NOTEBOOKS.is_dir():
    evidence_dir = NOTEBOOKS

# %%
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from egovlib import formatting, plotting
from egovlib.formatting import fmt
from egovlib.prose import say
from egovlib.results import Results, read_results

plotting.set_style()
formatting.use()  # numbers at the precision the data support, the same on every machine
pd.set_option("display.max_colwidth", 80)
results = Results("07_doi_framework", {"countries": countries, "first_year": first_year, "last_year": last_year,
                                       "evidence_dir": None if evidence_dir in (None, NOTEBOOKS) else str(evidence_dir)})
stages = stages[stages["country"].isin(countries)]
acts = acts[acts["country"].isin(countries + ["EAEU"]) & acts["year"].between(first_year, last_year)]
regulators = regulators[regulators["country"].isin(countries)]

# %% [markdown]
# ## Time: legal acts and e-government stages
#
# Each row is a country (and the Union's own acts). Dots are dated legal acts, laws filled and other
# acts (decrees, programmes, strategies...) hollow; the diamonds mark the start of each e-government
# stage, with a bar where the source gives an end year.

# %%
rows = countries + (["EAEU"] if (acts["country"] == "EAEU").any() else [])
colours = dict(zip(rows, plotting.palette(len(rows)), strict=True))
fig, ax = plt.subplots(figsize=(8, 0.6 * len(rows) + 1.8))
for position, code in enumerate(rows):
    own = acts[acts["country"] == code]
    laws = own[own["kind"] == "law"]
    other = own[own["kind"] != "law"]
    ax.scatter(laws["year"], [position - 0.12] * len(laws), color=colours[code], s=30, zorder=3)
    ax.scatter(other["year"], [position - 0.12] * len(other), facecolors="none", edgecolors=colours[code],
               s=30, zorder=3)
    for stage in stages[stages["country"] == code].itertuples(index=False):
        if pd.isna(stage.start_year):
            continue
        if pd.notna(stage.end_year):
            ax.plot([stage.start_year, stage.end_year], [position + 0.18] * 2, color=colours[code], linewidth=3)
        ax.scatter([stage.start_year], [position + 0.18], marker="D", color="0.2", s=28, zorder=4)
        ax.annotate(stage.stage, (stage.start_year, position + 0.18), textcoords="offset points", xytext=(0, 6),
                    ha="center", fontsize=8)
ax.set_yticks(range(len(rows)), rows)
ax.set_ylim(len(rows) - 0.4, -0.7)
ax.set_xlim(first_year - 0.5, last_year + 0.5)
ax.set_xlabel("year")
ax.set_ylabel("country")
ax.set_title("Legal acts and e-government stages")
ax.legend(handles=[Line2D([], [], marker="o", linestyle="", color="0.3", label="law"),
                   Line2D([], [], marker="o", linestyle="", markerfacecolor="none", color="0.3", label="other act"),
                   Line2D([], [], marker="D", linestyle="", color="0.2", label="stage start (I-III)")],
          fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, frameon=False)
sources = default_package().sources()


def who(frame):
    """The sources of ``frame`` as 'Author (year)' names, joined."""
    return "; ".join(author_year(sources[key], short=True) for key in sorted(frame["source"].astype(str).unique()))


caption = (f"Sources: legal acts from {who(acts)} (lists of legislation and the acts their texts name); "
           f"e-government stages from {who(stages)} (country tables).")
plotting.savefig(fig, "07_doi_timeline", caption=caption)
plt.show()

# %%
first_act = acts.groupby("country", observed=True)["year"].min()
first_stage = stages.dropna(subset=["start_year"]).groupby("country", observed=True)["start_year"].min()
timing = pd.DataFrame({"first_legal_act": first_act, "stage_I_start": first_stage,
                       "acts_in_window": acts.groupby("country", observed=True).size()})
timing = timing.reindex(rows)
results.add("legal_acts_in_window", len(acts), "acts", f"dated acts {first_year}-{last_year} of the countries shown")
results.add("countries_with_stage_dates", int(timing["stage_I_start"].notna().sum()), "countries")
earliest = timing["stage_I_start"].dropna()
if len(earliest):
    results.add("earliest_stage_1", int(earliest.min()), "year", f"first stage I start ({earliest.idxmin()})")
    results.add("latest_stage_1", int(earliest.max()), "year", f"last stage I start ({earliest.idxmax()})")
timing

# %% [markdown]
# ## The social system and its channels: regulators, portals and delivery channels

# %%
bodies = regulators.groupby("country", observed=True).agg(regulators=("regulator", "size"),
                                                          portal=("portal_url", "first"))
bodies = bodies.reindex(countries)
results.add("regulator_bodies", int(bodies["regulators"].sum()), "bodies", "ICT regulator bodies named, all countries shown")
most = bodies.index[bodies["regulators"] == bodies["regulators"].max()]
results.add("most_regulators", ", ".join(most), "country", "countries naming the most regulator bodies (ties listed)")
bodies

# %%
channels = load("delivery_channels")
channels = channels[channels["country"].isin(countries)]
if channels.empty:
    print("None of the countries shown is in the UNDP survey's delivery-channel table (section D.9).")
    say("channel_countries", 0)
    say("channel_country_list", "none")
else:
    matrix = channels.pivot(index="country", columns="channel", values="status").astype("string").fillna("not reported")
    results.add("channel_countries", matrix.shape[0], "countries", "countries shown with delivery-channel data")
    display(matrix)
    say("channel_countries", results["channel_countries"])
    say("channel_country_list", ", ".join(matrix.index))
say("countries_shown", len(countries))

# %% [markdown]
# Delivery channels are reported for {glue:md}`channel_countries` of the {glue:md}`countries_shown` countries
# shown ({glue:md}`channel_country_list`; the table covers the seven UNDP survey countries only). A channel the
# source does not mention is *not reported*, not absent.

# %% [markdown]
# ## The four elements as hypotheses
#
# Each element of Rogers' framework is stated as a hypothesis about Kazakhstan's e-government (or the
# region), with what would support it, what would refute it, and the recorded results that bear on it.
# The values are read by name from the stored outputs of notebooks 02-06, not recomputed, so they are
# those of the committed analysis; a result a notebook no longer records is reported as missing, not
# guessed. The names read are listed after the table.

# %%
READS = {
    "02_egdi_trajectory": ["rank_first", "rank_last", "percentile_slope", "percentile_trend", "percentile_trend_p",
                           "percentile_trend_n"],
    "03_portal_adoption_doi": ["series_measure", "best_model", "delta_aicc_second", "bass_q", "bass_q_over_p",
                               "users_share_peak", "users_share_last", "users_share_declines"],
    "04_service_quality": ["satisfaction_overall_change", "overall_outside_parts_years", "smallest_attainable_p"],
    "05_integration_and_ict": [f"fulfilment_{year}" for year in range(2018, 2022)],
    "06_regional_comparison": ["internet_vs_osi_rho", "internet_vs_osi_rho_p_holm", "internet_vs_osi_rho_n",
                               "sigma_trend", "sigma_trend_p_holm", "sigma_trend_n"],
}
NOT_RECORDED = "not recorded"  # the notebook has no result of that name (None: recorded as not estimable)
values: dict[str, object] = {}
if evidence_dir is None:
    print("No notebooks folder found: pass evidence_dir to fill in the evidence.")
else:
    for notebook, names in READS.items():
        path = Path(evidence_dir) / f"{notebook}.ipynb"
        found = read_results(path).set_index("name") if path.is_file() else pd.DataFrame(columns=["value"])
        for name in names:
            values[f"{notebook[:2]}:{name}"] = found.at[name, "value"] if name in found.index else NOT_RECORDED


def get(key):
    """A recorded value by 'NN:name'; None when it is recorded as not estimable or not recorded at all."""
    value = values.get(key, NOT_RECORDED)
    return None if value is None or value is NOT_RECORDED or (isinstance(value, float) and pd.isna(value)) else value


# %% [markdown]
# The rules that turn values into verdicts. A p-value counts only as its own notebook adjusted it for
# its family (notebook 06 Holm-adjusts its correlations and its convergence tests, each family defined
# there); this notebook does not adjust again. A test that cannot reject (four years, smallest
# attainable p above 0.05) gives at most a direction.

# %%
ALPHA = 0.05


def verdict_s_curve():
    best, delta = get("03:best_model"), get("03:delta_aicc_second")
    if best is None:
        return "not recorded", "notebook 03 records no model comparison"
    if get("03:series_measure") != "cumulative":
        falls = get("03:users_share_declines")
        return ("not testable", f"notebook 03's series measures use in the year, not cumulative adoption, and it fell "
                f"in {falls} years, which no S-curve can follow; {best} fits it best (by {fmt(delta)} AICc units), "
                "a description of the trend, not a test of the diffusion curve. The one cumulative series "
                "(registered users) has three dated figures, two of them lower bounds")
    if delta is None or delta < 2:
        return "cannot tell", f"best model {best}, but the next is within 2 AICc units"
    if best == "linear":
        return "refuted for this series", f"the linear trend fits best by {fmt(delta)} AICc units"
    return "supported", f"{best} fits best by {fmt(delta)} AICc units"


def verdict_imitation():
    ratio = get("03:bass_q_over_p")
    if get("03:bass_q") is None or ratio is None:
        return "not identified", "Bass q sits on its bound (or Bass was not fitted): the data do not determine it"
    return ("supported" if ratio > 1 else "refuted"), f"q/p = {fmt(ratio)}"


def verdict_rank():
    first, last = get("02:rank_first"), get("02:rank_last")
    if first is None or last is None:
        return "not recorded", "notebook 02 records no first and last rank"
    text = f"EGDI rank {int(first)} in the first round, {int(last)} in the last (ranks compare across rounds; levels do not)"
    tau, p, n = get("02:percentile_trend"), get("02:percentile_trend_p"), get("02:percentile_trend_n")
    if tau is None or p is None:
        return ("consistent, not tested" if last < first else "refuted"), text
    text += (f"; Theil-Sen slope of the EGDI percentile {fmt(get('02:percentile_slope'))} points per year, "
             f"Mann-Kendall tau = {fmt(tau)}, {formatting.p_phrase(p)}, n = {n} rounds (notebook 02's one trend test "
             "of its pre-specified series, a family of one)")
    if p >= ALPHA:
        return "cannot tell", text
    return ("supported" if tau > 0 else "refuted"), text


def verdict_channels():
    peak, last, falls = get("03:users_share_peak"), get("03:users_share_last"), get("03:users_share_declines")
    if peak is None or last is None:
        return "not recorded", "notebook 03 records no citizens' share"
    if last < peak:
        return ("consistent, not tested", f"the share fell from a peak of {fmt(peak)} % to {fmt(last)} % "
                f"(falls in {falls} years); other channels are not measured as shares, so substitution is not shown")
    return "refuted", f"the share is at its peak ({fmt(last)} %)"


def verdict_access():
    rho, p = get("06:internet_vs_osi_rho"), get("06:internet_vs_osi_rho_p_holm")
    if rho is None or p is None:
        return "not recorded", "notebook 06 does not record this comparison with its adjusted p-value"
    return (("supported" if rho > 0 else "refuted") if p < ALPHA else "not shown",
            f"rho = {fmt(rho)}, {formatting.p_phrase(p, 'Holm-adjusted p')}, n = {get('06:internet_vs_osi_rho_n')}")


def verdict_advantage():
    change, floor = get("04:satisfaction_overall_change"), get("04:smallest_attainable_p")
    if change is None:
        return "not recorded", "notebook 04 records no satisfaction change"
    odd = get("04:overall_outside_parts_years")
    direction = "rose" if change > 0 else "fell"
    return ("direction only", f"overall satisfaction {direction} by {fmt(abs(change))} points over four years; no test "
            f"can reject (smallest attainable p {fmt(floor)}); the overall figure is outside its parts in {odd} years; "
            "and it is satisfaction with public services through every channel, not with electronic services alone, "
            "so it bears on relative advantage only indirectly")


def verdict_capacity():
    shares = {year: get(f"05:fulfilment_{year}") for year in range(2018, 2022)}
    shares = {year: share for year, share in shares.items() if share is not None}
    if not shares:
        return "not recorded", "notebook 05 records no yearly fulfilment"
    above = [year for year, share in shares.items() if share > 0.5]
    reading = (f"fulfilment above one half in {len(above)} of {len(shares)} years ("
               + ", ".join(f"{year}: {fmt(share)}" for year, share in shares.items())
               + "); integrations are not independent trials (notebook 05), so notebook 05's Clopper-Pearson "
               "intervals understate the uncertainty, no test is used here, and four years cannot carry one")
    return "direction only", reading


def verdict_convergence():
    tau, p = get("06:sigma_trend"), get("06:sigma_trend_p_holm")
    if tau is None or p is None:
        return "not recorded", "notebook 06 does not record a dispersion trend with its adjusted p-value"
    text = (f"Kendall tau of the SD over rounds = {fmt(tau)}, {formatting.p_phrase(p, 'Holm-adjusted p')}, "
            f"n = {get('06:sigma_trend_n')} rounds; notebook 06's group (the UNDP survey countries and the EAEU, not "
            "the EAEU alone), the countries assessed in every round of its longest stretch without a method change")
    if p >= ALPHA:
        return "cannot tell", text
    return ("supported" if tau < 0 else "refuted"), text


HYPOTHESES = [
    ("time", "Use of egov.kz follows an S-shaped diffusion curve",
     "an S-curve (Bass, logistic, Gompertz) fits clearly better than a straight line",
     "a straight line fits clearly better", verdict_s_curve),
    ("time", "Imitation (word of mouth) outweighs external influence: Bass q > p",
     "identified q and p with q/p > 1", "identified q/p < 1", verdict_imitation),
    ("time", "Kazakhstan moves ahead of other countries over the UN rounds",
     "a better (smaller) rank in the last round than in the first", "a worse rank", verdict_rank),
    ("communication channels", "Use moves from the web portal to other channels (apps, bots, service centres)",
     "the portal-use share falls while other channels grow", "the portal share keeps rising", verdict_channels),
    ("communication channels", "Where more people are online, online services are further developed (region; OSI, the EGDI component that does not contain internet use)",
     "a positive rank correlation that survives the family adjustment", "a negative one", verdict_access),
    ("innovation (relative advantage)", "Users judge public services (all channels; electronic services are not asked about separately) better over time",
     "satisfaction rising, beyond what chance could give", "satisfaction falling", verdict_advantage),
    ("social system (capacity)", "The administration implements most of the integrations it plans",
     "fulfilment above one half in every year, with an interval that respects the dependence between "
     "integrations", "fulfilment below one half in every year", verdict_capacity),
    ("social system (region)", "The region's states converge in e-government development",
     "dispersion of EGDI falls over rounds (significant after adjustment)", "dispersion rises", verdict_convergence),
]
USES_P = {verdict_rank, verdict_access, verdict_convergence}  # the rules that read a p-value
if values:
    rows = []
    for element, hypothesis, support, refute, rule in HYPOTHESES:
        verdict, reading = rule()
        rows.append({"element": element, "hypothesis": hypothesis, "would support": support,
                     "would refute": refute, "verdict": verdict, "evidence": reading})
    framework = pd.DataFrame(rows)
    # the verdicts whose rule reads a p-value, where that p-value was recorded
    p_based = [rule in USES_P and verdict not in ("not recorded", "consistent, not tested")
               for (*_, rule), verdict in zip(HYPOTHESES, framework["verdict"], strict=True)]
    framework["rests on a p-value"] = p_based
    with pd.option_context("display.max_colwidth", None):  # the evidence in full
        display(framework)
    counts = framework["verdict"].value_counts()
    results.add("hypotheses", len(framework), "hypotheses")
    results.add("hypotheses_supported", int(counts.get("supported", 0)), "hypotheses")
    results.add("hypotheses_refuted", int(sum(v for k, v in counts.items() if k.startswith("refuted"))), "hypotheses")
    results.add("hypotheses_undecided", int(len(framework) - counts.get("supported", 0)
                                            - sum(v for k, v in counts.items() if k.startswith("refuted"))),
                "hypotheses", "cannot tell, direction only, consistent but untested, not identified, not testable "
                "or not recorded")
    results.add("s_curve_verdict", framework.at[0, "verdict"], "verdict", framework.at[0, "evidence"])
    results.add("hypotheses_on_p_values", int(sum(p_based)), "hypotheses",
                "verdicts that rest on a recorded p-value (each adjusted within its own notebook's family)")
    say("n_on_p_values", int(sum(p_based)))
    missing = [key for key, value in values.items() if value is NOT_RECORDED]
    results.add("evidence_missing", len(missing), "results", "names not recorded by their notebook: " + ", ".join(missing))
    results.add("evidence_read", len(values), "results")
    print("Results read (notebook:name):", ", ".join(values))
    if missing:
        print("Not recorded by their notebook:", ", ".join(missing))
else:
    say("n_on_p_values", None)

# %% [markdown]
# ## Perceived attributes of the innovation
#
# Rogers names five attributes that adopters weigh. The table says, for each, what this collection can
# measure and, where it cannot, what would be needed.

# %%
ATTRIBUTES = [
    ("relative advantage", "partly", "satisfaction with public services 2018-2021 (notebook 04); the share of "
     "services available electronically (notebook 03)", "satisfaction with the electronic channel against the office, "
     "time and cost saved per service"),
    ("compatibility", "no", "none", "whether services fit users' existing practices (survey of users)"),
    ("complexity", "no (qualitative only)", "UNDP & ACSH (2022, section E.8) describe low usability of electronic "
     "services in the region, in words", "task completion rates, usability scores"),
    ("trialability", "no", "none", "whether services can be tried without commitment"),
    ("observability", "no", "none", "whether others' use is visible (awareness surveys)"),
]
attributes = pd.DataFrame(ATTRIBUTES, columns=["attribute", "measured", "data in the collection", "what would measure it"])
results.add("attributes_measured", int((attributes["measured"] == "partly").sum()), "attributes",
            "of Rogers' five perceived attributes, those the collection measures at least in part")
with pd.option_context("display.max_colwidth", 200):
    display(attributes)

# %% [markdown]
# ## Caveats
#
# * Stages are the article's coding of national histories; their dates mix the adoption of a programme
#   with the launch of a portal, and some are printed only as a decade. Belarus's stage III is dated
#   before its stage II as printed.
# * The legal acts are those the sources list, not a complete register; a country with few acts here
#   may simply be less documented.
# * The hypotheses are judged one by one from results recorded elsewhere; they are not combined into a
#   test of Rogers' theory, which one country's few years and five states could not support.
#   {glue:md}`n_on_p_values` of them rest on a p-value, each adjusted within its own notebook's family
#   (notebook 02's percentile trend is a family of one); the others are directions or descriptions.
# * Four of Rogers' five perceived attributes are not measured at all in this collection.

# %%
results.show()
