# %% [markdown]
# # 01 · Claims audit: do the sources' numbers follow from their own tables?
#
# **Question.** The five source documents make quantitative statements: levels, changes, ranks,
# "the highest", "above the world average", "grew", "peaked", "one third", totals and averages.
# Which of them can be recomputed from the tables the same documents print (or from another source,
# or the official UN series), which cannot, and why?
#
# **DOI lens.** Rogers' theory is tested here on the sources' own evidence. A claim that the adoption of
# e-services "grew" or "peaked", or that a country lags "in every year", is a statement about the *time*
# element of diffusion; a claim about a country's rank among its neighbours is one about the *social
# system*. If it does not follow from the data, later notebooks must not lean on it.
#
# **Data.** `data/claims.csv`: one row per statement with the document, its location, what kind of
# statement it is, the stated figure, a formula over the curated datasets, a tolerance, the years it is
# checked in (`year_scope`), whether the formula computes the claim itself or only a stand-in (`basis`),
# the recorded verdict and, for claims that fail, the kind of discrepancy. Figures that only the prose
# states (counts of stages, launch years, questionnaire sections) are in `text_figures`. The formulas are
# evaluated by `egovlib.replication.evaluate_claims`, which accepts only arithmetic, comparisons and
# dataset lookups (no arbitrary code).
#
# **Method.** A claim is *reproduced* when the recomputed value matches the stated one within its
# tolerance (for "more than" and "at most" claims, when the inequality holds); *not reproduced* when the
# data contradict it; *not checkable* when the collection does not hold what the claim needs: the figure
# exists only in the sentence itself, or the data lack the claim's year and only a stand-in can be
# computed (for example a 2016 base for a claim about 2015; the stand-in is shown, but never counts as a
# pass). A sentence that names no year is checked in **every year the data cover**, and is reproduced
# only if it holds in all of them.

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
from egovlib.prose import say
from egovlib.replication import evaluate_claims
from egovlib.results import Results

plotting.set_style()
formatting.use()  # numbers at the precision the data support, the same on every machine
pd.set_option("display.max_colwidth", 90)
pd.set_option("display.max_rows", 400)
results = Results("01_claims_audit", {"sources": sources})
ORDER = ["reproduced", "not_reproduced", "not_checkable"]

# %% [markdown]
# ## Every claim, recomputed: counts per source and per verdict

# %%
audit = evaluate_claims()
audit = audit[audit["source"].astype(str).isin(sources)].reset_index(drop=True)
audit["source"] = audit["source"].astype(str)
audit["status"] = pd.Categorical(audit["status"].astype(str), categories=ORDER)
tally = pd.crosstab(audit["source"], audit["status"], margins=True, margins_name="all", dropna=False)
tally

# %%
n_claims = results.add("claims", len(audit), "claims", "claims audited")
n_reproduced = results.add("claims_reproduced", int((audit["status"] == "reproduced").sum()), "claims")
n_failed = results.add("claims_not_reproduced", int((audit["status"] == "not_reproduced").sum()), "claims")
n_unchecked = results.add("claims_not_checkable", int((audit["status"] == "not_checkable").sum()), "claims")
for source, row in tally.drop(index="all").iterrows():
    results.add(f"claims_{source}", int(row["all"]), "claims", f"claims of {source}")
say("n_reproduced", formatting.count(n_reproduced))
say("n_claims", formatting.count(n_claims))
say("n_failed", formatting.count(n_failed))
say("n_unchecked", formatting.count(n_unchecked))

# %% [markdown]
# {glue:md}`n_reproduced` of {glue:md}`n_claims` claims reproduced, {glue:md}`n_failed` not reproduced,
# {glue:md}`n_unchecked` not checkable.

# %% [markdown]
# What the statements are about: the kind of claim against its verdict.

# %%
pd.crosstab(audit["kind"].astype(str), audit["status"], margins=True, margins_name="all", dropna=False)

# %% [markdown]
# The share reproduced is a proportion of a non-random set of statements, so it gets an exact
# (Clopper-Pearson) interval and describes these documents, not e-government writing in general. Two
# denominators: all claims, and the claims the data can check (reproduced or not reproduced).

# %%
from egovlib import stats

share = stats.proportion(n_reproduced, n_claims, method="beta")
results.add_test("claims_reproduced_share", share, "proportion")
checkable = n_reproduced + n_failed
tests = [share]
if checkable:
    share_checkable = stats.proportion(n_reproduced, checkable, method="beta")
    results.add_test("checkable_claims_reproduced_share", share_checkable, "proportion")
    tests.append(share_checkable)
stats.results_table(tests)

# %% [markdown]
# ## Claims without a year: in which years they hold
#
# A sentence that names no year ("all seven are above the world average except Tajikistan", "one third
# of the population uses e-government") is evaluated in every year of the dataset named in its
# `year_scope`. The table lists the years in which it holds and those in which it fails.

# %%
yearless = audit[audit["year_scope"].astype(str).str.startswith("every_year:")]
yearless_table = yearless[["claim_id", "source", "statement", "status", "holds_in", "fails_in"]].reset_index(drop=True)
n_yearless = results.add("yearless_claims", len(yearless), "claims", "claims without a year, checked in every year")
n_yearless_fail = results.add("yearless_claims_failing_some_year", int((yearless["fails_in"].astype(str) != "").sum()),
                              "claims")
say("n_yearless", formatting.count(n_yearless))
say("n_yearless_fail", formatting.count(n_yearless_fail))

# %% [markdown]
# {glue:md}`n_yearless` claims name no year; {glue:md}`n_yearless_fail` of them fail in at least one year
# the data cover.

# %%
yearless_table

# %%
if len(yearless):
    years = sorted({int(y) for text in pd.concat([yearless["holds_in"], yearless["fails_in"]]).astype(str)
                    for y in text.split(", ") if y})
    grid = pd.DataFrame(float("nan"), index=yearless["claim_id"], columns=years)
    for row in yearless.itertuples():
        for y in str(row.holds_in).split(", "):
            if y:
                grid.loc[row.claim_id, int(y)] = 1.0
        for y in str(row.fails_in).split(", "):
            if y:
                grid.loc[row.claim_id, int(y)] = 0.0
    colours = plotting.palette(3)
    fig, ax = plt.subplots(figsize=(8, 0.6 + 0.32 * len(grid)))
    for i, claim_id in enumerate(grid.index):
        for j, year in enumerate(grid.columns):
            value = grid.loc[claim_id, year]
            if value == value:  # not NaN: the claim was checked in this year
                ax.scatter(j, i, s=70, marker="o" if value else "X", color=colours[0] if value else colours[1])
    ax.set_xticks(range(len(grid.columns)), grid.columns, rotation=90)
    ax.set_yticks(range(len(grid.index)), grid.index)
    ax.invert_yaxis()
    ax.set_xlabel("year of the data (round or survey year)")
    ax.set_ylabel("claim (see data/claims.csv)")
    ax.set_title("Claims without a year: holds (circle) or fails (cross), by year")
    plotting.savefig(fig, "01_yearless_claims", caption=plotting.source_caption(keys=sources))
    plt.show()

# %% [markdown]
# ## The claims that fail, and why
#
# Each failure carries its kind: the statement holds for a *different year*, mixes *units*, has an
# *arithmetic* slip (the parts do not give the stated total, ratio or share), *rounds* past what the
# data allow, *overgeneralises* from some countries or years to all, or is *contradicted* by the
# source's own figures or another source.

# %%
failures = audit[audit["status"] == "not_reproduced"][
    ["claim_id", "source", "statement", "stated_value", "computed", "discrepancy", "detail"]
].reset_index(drop=True)
failures

# %%
kinds = audit.loc[audit["status"] != "reproduced", "discrepancy"].astype(str).value_counts().sort_index()
for kind, number in kinds.items():
    results.add(f"discrepancy_{kind}", int(number), "claims")
by_kind = pd.crosstab(audit.loc[audit["status"] != "reproduced", "discrepancy"].astype(str),
                      audit.loc[audit["status"] != "reproduced", "status"].astype(str))
by_kind

# %% [markdown]
# ## The claims the data cannot check
#
# Most are figures that exist only in the sentence that states them (*single source*: nothing to check
# them against without reading the cited report), targets and forecasts, or claims whose base year the
# tables lack. Where a stand-in could be computed, the detail shows it and whether it would agree.

# %%
unchecked = audit[audit["status"] == "not_checkable"][
    ["claim_id", "source", "statement", "basis", "discrepancy", "detail"]
].reset_index(drop=True)
unchecked

# %% [markdown]
# ## Figure: outcome by document

# %%
counts = pd.crosstab(audit["source"], audit["status"], dropna=False).reindex(columns=ORDER, fill_value=0)
fig, ax = plt.subplots(figsize=(7, 0.5 + 0.45 * len(counts)))
left = pd.Series(0, index=counts.index)
for colour, status in zip(plotting.palette(3), ORDER, strict=True):
    ax.barh(counts.index, counts[status], left=left, color=colour, label=status.replace("_", " "))
    left += counts[status]
ax.set_xlabel("claims (count)")
ax.set_ylabel("source document (citation key)")
ax.set_title("Claims of the source documents recomputed from the data")
ax.legend(loc="lower right")
ax.invert_yaxis()
plotting.savefig(fig, "01_claims_by_source", caption=plotting.source_caption(keys=sources))
plt.show()

# %% [markdown]
# ## Caveats
#
# * The register aims at every quantitative statement of the five documents, but a statement can be
#   split or merged in more than one way; counts of claims are counts of register rows, not a census.
# * A reproduced claim means the document agrees with its own tables (or another source), not that the
#   underlying measurement is right: the conflict register (notebook 00) compares the sources with each
#   other and with the official UN and World Bank series.
# * Tolerances are set per claim from the precision the source prints (a rank must match exactly; a
#   percentage to its last printed digit; "one third" to 1.5 points).
# * "Not checkable" is a result, not a gap in the audit: it says which numbers of the literature rest on
#   nothing but the sentence that states them.

# %%
results.show()
