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
# table reads the results recorded in the stored outputs of notebooks 02-06.
#
# **Method.** Descriptive: a timeline, counts and cross-tabulations. No test is run: the units are
# five states, and the stages are qualitative codings.

# %% tags=["parameters"]
countries = None  # ISO 3166 alpha-3 codes, or None for the EAEU members
first_year = 2000  # left edge of the timeline (year)
last_year = 2022  # right edge of the timeline (year)
evidence_dir = None  # None for the collection's notebooks folder, or a folder holding notebooks 02-06 with outputs

# %%
from pathlib import Path

from egovlib import load, params, regional
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
from IPython.display import Markdown
from matplotlib.lines import Line2D

from egovlib import formatting, plotting
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
          fontsize=8, loc="lower left", ncol=3)
shown = pd.concat([acts[["source", "locator"]], stages[["source", "locator"]]])
plotting.savefig(fig, "07_doi_timeline", caption=plotting.source_caption(shown))
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
else:
    matrix = channels.pivot(index="country", columns="channel", values="status").astype("string").fillna("not reported")
    results.add("channel_countries", matrix.shape[0], "countries", "countries shown with delivery-channel data")
    display(matrix)
    display(Markdown(f"Delivery channels are reported for {matrix.shape[0]} of the {len(countries)} countries "
                     f"shown ({', '.join(matrix.index)}; the table covers the seven UNDP survey countries only). "
                     "A channel the source does not mention is *not reported*, not absent."))

# %% [markdown]
# ## The four elements and the evidence in this collection
#
# Each row links an element of Rogers' framework to a result that another notebook records (read from
# its stored outputs, so the values are those of the committed analysis).

# %%
EVIDENCE = [
    ("innovation", "03_portal_adoption_doi", "best_model", "which diffusion curve fits organisations dealing with government online"),
    ("innovation", "05_integration_and_ict", "fulfilment_pooled", "share of integration plans fulfilled (proportion)"),
    ("communication channels", "06_regional_comparison", "internet_vs_egdi_rho", "internet access against EGDI across the region"),
    ("communication channels", "04_service_quality", "gap_last", "satisfaction gap, central vs local bodies (last year)"),
    ("time", "02_egdi_trajectory", "egdi_trend", "monotone trend of Kazakhstan's EGDI (Kendall tau)"),
    ("time", "02_egdi_trajectory", "rank_last", "Kazakhstan's EGDI rank in the last round"),
    ("time", "06_regional_comparison", "crossed_by_last_round", "countries that reached the EGDI threshold"),
    ("social system", "06_regional_comparison", "kendalls_w", "agreement of indices on the regional ranking (W)"),
    ("social system", "06_regional_comparison", "sd_last_round", "spread of EGDI across the region (SD, last round)"),
]
if evidence_dir is None:
    print("No notebooks folder found: pass evidence_dir to fill in the evidence table.")
else:
    recorded = {}
    table = []
    for element, notebook, name, reading in EVIDENCE:
        path = Path(evidence_dir) / f"{notebook}.ipynb"
        if notebook not in recorded:
            recorded[notebook] = read_results(path).set_index("name") if path.is_file() else pd.DataFrame()
        found = recorded[notebook]
        value = found.at[name, "value"] if name in found.index else None
        unit = found.at[name, "unit"] if name in found.index else None
        p_value = found.at[f"{name}_p", "value"] if f"{name}_p" in found.index else None
        n = found.at[f"{name}_n", "value"] if f"{name}_n" in found.index else None
        table.append({"element": element, "notebook": notebook, "result": name, "reading": reading,
                      "value": value, "unit": unit, "p": p_value, "n": n})
    evidence = pd.DataFrame(table)
    results.add("evidence_rows", len(evidence), "rows")
    results.add("evidence_missing", int(evidence["value"].isna().sum()), "rows", "results not found in the notebooks")
    display(evidence)

# %% [markdown]
# ## Caveats
#
# * Stages are the article's coding of national histories; their dates mix the adoption of a programme
#   with the launch of a portal, and some are printed only as a decade. Belarus's stage III is dated
#   before its stage II as printed.
# * The legal acts are those the sources list, not a complete register; a country with few acts here
#   may simply be less documented.
# * The evidence table points to results; it does not combine them into a test of Rogers' theory, which
#   five states and a handful of rounds could not support.

# %%
results.show()
