# %% [markdown]
# # 09 · Explorer: browse the datasets before you write
#
# **Question.** What does a dataset hold for a country and period, in which unit, from which
# source, and does a diffusion curve describe it? This notebook is a tool rather than an argument:
# it lets a reader look at any tidy dataset of the collection before using it in an analysis.
#
# **DOI lens.** The optional overlay fits a Bass or logistic curve (Rogers' diffusion in its
# quantitative form) to one series, as notebook 03 does: the origin is the launch of the portal that
# the data record (egov.kz: 2006, `adoption_milestones`), never a year before the first observation;
# m is fixed by an outside denominator (100 for a share of the population in per cent), and only then
# are Rogers' adopter stages shaded (innovators 2.5 %, early adopters 13.5 %, early majority and late
# majority 34 % each, laggards 16 % of that denominator). A count without a denominator gets a fit with
# m estimated and no stage bands; a series with no recorded launch gets no fit; and no fit is drawn when
# an estimate sits on its bound. The caption says which of these applies.
#
# **Data.** Every dataset of the package in the tidy layout (country, year, indicator, value, unit);
# the caption under the chart and the table name the source and table of each value shown.
#
# **Method.** `egovlib.widgets`: pure functions (`choices`, `reconcile`, `select`, `empty_message`,
# `make_figure`, `export`) with a thin ipywidgets shell. The same functions work without widgets,
# as the last section shows.
#
# ## How to use it
# 1. Run all cells (in JupyterLab: *Run › Run All Cells*); the explorer appears below.
# 2. Pick a **dataset** and an **indicator**. Choices that do not exist in the new dataset are reset;
#    those that do are kept.
# 3. Pick **countries** (Ctrl/Cmd-click for several), a **year range** and, where the dataset has
#    them, a **breakdown**.
# 4. For one series, choose a **diffusion fit** (Bass or logistic) to overlay the curve and its 95 %
#    bootstrap interval (and the adopter-stage bands for a share). With fewer than five years, no
#    recorded launch or an estimate on its bound, the explorer says so in the caption instead.
# 5. **Export** writes the figure (PNG, SVG) and the table (CSV) to the `exports/` folder beside
#    this notebook, with the source caption on the figure.

# %% tags=["parameters"]
dataset = "egdi_regional"  # the dataset shown first (any tidy dataset of the package)
export_folder = "exports"  # where the export button writes the figure and the table

# %%
from egovlib import params, widgets

dataset = params.choice("dataset", dataset, widgets.explorable_datasets())
if not isinstance(export_folder, str) or not export_folder.strip():
    raise params.ParameterError("export_folder", export_folder, "a folder path (text)")

# %%
import pandas as pd

from egovlib import formatting, plotting
from egovlib.results import Results

plotting.set_style()
formatting.use()  # numbers at the precision the data support, the same on every machine
results = Results("09_explorer", {"dataset": dataset, "export_folder": export_folder})
explorer = widgets.Explorer(dataset, export_folder=export_folder)
explorer.widget

# %% [markdown]
# ## The first view, as a figure for the report
#
# The batch report cannot show live widgets; it shows the explorer's first view instead: the
# dataset's title, the indicator and unit in words, a y axis from 0, the UN method changes marked.

# %%
plotting.savefig(explorer.figure, f"09_explorer_{dataset}", caption=explorer.caption)
results.add("datasets_available", len(widgets.explorable_datasets()), "datasets")
results.add("first_view_rows", len(explorer.rows), "rows")
results.add("first_view_series", int(explorer.rows["series"].nunique()), "series")
results.add("first_view_indicator", explorer.selection.indicator, "indicator")
explorer.rows.drop(columns=["locator"])

# %% [markdown]
# ## Without widgets
#
# The explorer's functions can be called directly, for example to script a selection. An empty
# selection gives a message instead of an error.

# %%
options = widgets.choices(dataset)
selection = widgets.Selection(dataset, options.indicators[0], options.countries[:2], options.years)
print(options)
print(widgets.empty_message(widgets.Selection(dataset, options.indicators[0], (), options.years)))
widgets.select(selection).drop(columns=["locator"])

# %% [markdown]
# ## Caveats
#
# * The explorer shows values as transcribed; where sources disagree, the series carry the source
#   in their label and the conflict register (notebook 00) says which value the analyses use.
# * A diffusion fit to a handful of years is descriptive: the interval is wide and a level that
#   falls (survey shares, counts of active users) cannot be a cumulative adoption curve; the caption
#   repeats the fit's warnings.
# * Indices such as the EGDI are relative to each survey round, and the UN changed their method
#   (`egovlib.un_method`): the chart marks each change with a dotted line, and levels across a marked
#   line are not on one scale (a line across it mixes changes of the country with changes of the method).

# %%
results.show()
