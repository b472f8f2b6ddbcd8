# %% [markdown]
# # 00 · Data catalogue: what the collection holds and how far to trust it
#
# **Question.** Which datasets does egov-kz provide, what do they cover, where does every value come from, and where do the sources disagree?
#
# **DOI lens.** Rogers' diffusion framework needs evidence on the *innovation* (services put online), the *communication channels* (portals, regulators), *time* (survey rounds, adoption milestones) and the *social system* (the countries compared). This catalogue maps each dataset onto that evidence base before any analysis uses it.
#
# **Data.** The curated package in `data/` (Frictionless `datapackage.json`), transcribed from five documents: Orazgaliyeva et al. (2023), Zhanbyrbayeva et al. (2022), Bolatbekkyzy et al. (2023), a 2023 *Data Science Journal* article on the legal regulation of e-services in Kazakhstan, and the UNDP/ACSH feasibility survey report (2022). Cite any dataset with `egovlib.cite(name)`.

# %% tags=["parameters"]
# Parameters (papermill injects overrides below this cell)
show_descriptions = False

# %%
from egovlib import params

show_descriptions = params.boolean("show_descriptions", show_descriptions)

# %%
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

import egovlib
from egovlib import formatting, plotting
from egovlib.results import Results

plotting.set_style()
formatting.use()  # numbers at the precision the data support, the same on every machine
pd.set_option("display.max_colwidth", 80)
results = Results("00_data_catalog", {"show_descriptions": show_descriptions})


# %% [markdown]
# ## Datasets
#
# One row per dataset: its size, the years it covers, its units and the sources it cites. Every file's sha256 is checked on load.

# %%
def summarise(name):
    table = egovlib.load(name)
    meta = egovlib.info(name)
    years = table["year"] if "year" in table else pd.Series(dtype="Int64")
    span = f"{int(years.min())}-{int(years.max())}" if years.notna().any() else ""
    return {
        "dataset": name,
        "rows": len(table),
        "years": span,
        "units": ", ".join(meta.units)[:60],
        "sources": ", ".join(egovlib.datasets.default_package().source_keys(name)),
    }

catalogue = pd.DataFrame([summarise(n) for n in egovlib.list_datasets()])
catalogue

# %%
results.add("datasets", len(catalogue), "datasets")
results.add("rows", int(catalogue["rows"].sum()), "rows", "rows over all datasets")

# %% [markdown]
# ## Coverage: which dataset has data for which year
#
# Each cell counts the rows of a dataset for a year (datasets without a year column, such as the
# regulators, are left out). The gaps are the point: most series are short, which is why the analysis
# notebooks use small-sample methods.

# %%
def year_counts(name):
    table = egovlib.load(name)
    if "year" not in table:
        return None
    return table["year"].dropna().astype(int).value_counts().rename(name)


coverage = pd.concat([c for c in (year_counts(n) for n in egovlib.list_datasets()) if c is not None], axis=1).T
coverage = coverage.reindex(columns=sorted(coverage.columns)).fillna(0).astype(int)
fig, ax = plt.subplots(figsize=(10, 6.5))
sns.heatmap(coverage.where(coverage > 0), cmap="cividis", annot=coverage.where(coverage > 0), fmt=".0f",
            annot_kws={"fontsize": 6}, cbar_kws={"label": "rows (count)"}, linewidths=0.3, linecolor="0.9", ax=ax)
ax.set_xlabel("year")
ax.set_ylabel("dataset")
ax.set_title("Coverage of the curated datasets by year")
plotting.savefig(fig, "00_coverage", caption=plotting.source_caption(keys=sorted(egovlib.datasets.default_package().sources())))
plt.show()
results.add("first_year", int(coverage.columns.min()), "year")
results.add("last_year", int(coverage.columns.max()), "year")

# %%
if show_descriptions:
    for name in egovlib.list_datasets():
        print(egovlib.info(name), end="\n\n")

# %% [markdown]
# ## Where the sources disagree
#
# `data/conflicts.csv` records every disagreement, with both values and the resolution. Rows marked `code` are found by `egovlib.crosscheck.find_conflicts` (the test suite recomputes them against the official UN and World Bank files); rows marked `review` were found by reading or by the invariant checks.

# %%
register = egovlib.conflicts()
for how, count in register["found_by"].astype(str).value_counts().sort_index().items():
    results.add(f"conflicts_found_by_{how}", int(count), "conflicts")
register.groupby(["dataset", "found_by"], observed=True).size().rename("conflicts").reset_index()

# %%
register[["dataset", "country", "year", "indicator", "value_a", "source_a", "value_b", "source_b", "chosen_value"]]

# %% [markdown]
# ## Claims of the sources, recomputed
#
# Each quantitative statement in the documents is recorded in `data/claims.csv` with a formula over the data. The full audit is notebook 01; here only the tally.

# %%
from egovlib.replication import evaluate_claims

audit = evaluate_claims()
for status, count in audit["status"].value_counts().sort_index().items():
    results.add(f"claims_{status}", int(count), "claims")
pd.crosstab(audit["source"], audit["status"])

# %% [markdown]
# ## Caveats
#
# * The tables are transcriptions of text extracted from PDFs. Misaligned or mislabelled cells were reconstructed (see the descriptions of `egdi_leaders` and `infrastructure`); every correction keeps what the source printed in `value_printed` and says why in `note`.
# * Index levels of the UN survey are relative to each round; compare ranks across rounds rather than levels.
# * Counts with a `qualifier` of `more_than` or `approximately` are the sources' hedged figures, not measurements.

# %%
results.show()
