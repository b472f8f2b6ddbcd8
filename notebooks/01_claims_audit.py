# %% [markdown]
# # 01 · Claims audit: do the sources' numbers follow from their own tables?
#
# **Question.** The five source documents make quantitative statements: growth rates, ratios, ranks,
# "more than" and "one third". Which of them can be recomputed from the tables the same documents
# print, which cannot, and why?
#
# **DOI lens.** Rogers' theory is tested here on the sources' own evidence. A claim that the adoption of
# e-services "peaked" or that a country lags "in every year" is a statement about the *time* element of
# diffusion; if it does not follow from the data, later notebooks must not lean on it.
#
# **Data.** `data/claims.csv`: one row per claim with the document, its location, the stated figure, a
# formula over the curated datasets, a tolerance, and, for claims that fail, the kind of discrepancy.
# The formulas are evaluated by `egovlib.replication.evaluate_claims`, which accepts only arithmetic on
# dataset lookups (no arbitrary code).
#
# **Method.** A claim is *reproduced* when the recomputed value matches the stated one within its
# tolerance (for "more than" and "at most" claims, when the inequality holds); *not reproduced* when the
# data contradict it; *not checkable* when the source does not print what the claim needs.

# %% tags=["parameters"]
sources = "all"  # "all", or a list of source keys from data/datapackage.json

# %%
import egovlib
from egovlib import params

known_sources = sorted(egovlib.claims()["source"].astype(str).unique())
if sources == "all":
    sources = known_sources
sources = params.subset("sources", sources, known_sources)

# %%
import matplotlib.pyplot as plt
import pandas as pd

from egovlib import formatting, plotting
from egovlib.replication import evaluate_claims
from egovlib.results import Results

plotting.set_style()
formatting.use()  # numbers at the precision the data support, the same on every machine
pd.set_option("display.max_colwidth", 90)
results = Results("01_claims_audit", {"sources": sources})

# %% [markdown]
# ## Every claim, recomputed

# %%
audit = evaluate_claims()
audit = audit[audit["source"].astype(str).isin(sources)].reset_index(drop=True)
audit["discrepancy"] = audit["claim_id"].map(egovlib.claims().set_index("claim_id")["discrepancy"])
tally = pd.crosstab(audit["source"].astype(str), audit["status"], margins=True, margins_name="all")
tally

# %%
n_claims = results.add("claims", len(audit), "claims", "claims audited")
n_reproduced = results.add("claims_reproduced", int((audit["status"] == "reproduced").sum()), "claims")
n_failed = results.add("claims_not_reproduced", int((audit["status"] == "not_reproduced").sum()), "claims")
n_unchecked = results.add("claims_not_checkable", int((audit["status"] == "not_checkable").sum()), "claims")
print(f"{n_reproduced} of {n_claims} claims reproduced, {n_failed} not reproduced, {n_unchecked} not checkable.")

# %% [markdown]
# The share reproduced is a proportion of a small, non-random set of statements, so it gets an exact
# (Clopper-Pearson) interval; it describes these documents, not e-government writing in general.

# %%
from egovlib import stats

share = stats.proportion(n_reproduced, n_claims, method="beta")
results.add_test("claims_reproduced_share", share, "proportion")
stats.results_table([share])

# %% [markdown]
# ## The claims that fail, and why
#
# Each failure carries its kind: the statement holds for a *different year*, mixes *units*, has an
# *arithmetic* slip, *rounds* past what the data allow, *overgeneralises* from some countries or years
# to all, or needs data the source does not print (*missing data*).

# %%
failures = audit[audit["status"] != "reproduced"][
    ["claim_id", "source", "statement", "stated_value", "computed", "discrepancy", "detail"]
]
failures

# %%
kinds = failures["discrepancy"].value_counts().sort_index()
for kind, count in kinds.items():
    results.add(f"discrepancy_{kind}", int(count), "claims")
kinds.rename("claims").to_frame()

# %% [markdown]
# ## Figure: outcome by document

# %%
order = ["reproduced", "not_reproduced", "not_checkable"]
counts = pd.crosstab(audit["source"].astype(str), audit["status"]).reindex(columns=order, fill_value=0)
fig, ax = plt.subplots(figsize=(7, 0.5 + 0.45 * len(counts)))
left = pd.Series(0, index=counts.index)
for colour, status in zip(plotting.palette(3), order, strict=True):
    ax.barh(counts.index, counts[status], left=left, color=colour, label=status.replace("_", " "))
    left += counts[status]
ax.set_xlabel("claims (count)")
ax.set_ylabel("source document (citation key)")
ax.set_title("Claims of the source documents recomputed from their own tables")
ax.legend(loc="lower right")
ax.invert_yaxis()
plotting.savefig(fig, "01_claims_by_source", caption=plotting.source_caption(keys=sources))
plt.show()

# %% [markdown]
# ## Caveats
#
# * The register holds the claims we found and could express as formulas; it is not an exhaustive
#   census of every number in the documents.
# * A reproduced claim means the document is internally consistent, not that the underlying
#   measurement is right: the conflict register (notebook 00) compares the sources with the official
#   UN and World Bank series.
# * Tolerances are set per claim from the precision the source prints (a rank must match exactly; a
#   percentage to its last printed digit).

# %%
results.show()
