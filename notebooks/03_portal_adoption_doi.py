# %% [markdown]
# # 03 · Portal adoption through the lens of diffusion of innovations
#
# **Question.** Does the use of Kazakhstan's e-government portal (egov.kz) by citizens and organisations
# follow the S-shaped path that diffusion theory predicts, which model describes it best, and which
# adopter stage has the population reached, with what certainty?
#
# **DOI lens.** Rogers' *time* element: adoption spreads from innovators and early adopters to the
# majorities and laggards, and the Bass model gives that story its quantitative form (innovation
# coefficient p, imitation coefficient q, market potential m). Diffusion need not be S-shaped: Estonia's
# X-Road logs grew linearly, so a linear null model is always in the comparison.
#
# **Data.** Shares of the population using e-services by purpose, 2015-2021, and organisations dealing
# with government online by purpose, 2016-2021 (Orazgaliyeva et al. 2023, tables 4 and 5); the share of
# public services available electronically, 2018-2021 (table 6); registered portal users (milestones
# from the same paper and UNDP & ACSH 2022).
#
# **Method.** Bass, logistic, Gompertz and linear curves by bounded least squares (Bass started from its
# 1969 OLS linearisation), intervals from a residual bootstrap, models ranked by AICc with Akaike weights.
# The survey shares and organisation counts are *levels* of current use, measured with error, not
# cumulative adoptions: they may fall, and the curves then describe a trend.

# %% tags=["parameters"]
series = "organisations_total"  # one of egovlib.adoption.series_names()
models = ["bass", "logistic", "gompertz", "linear"]  # any of bass, logistic, gompertz, linear
horizon = 5  # years to forecast beyond the last observation
n_boot = 300  # bootstrap replicates for intervals
seed = 2023  # random seed of the bootstrap
fix_ceiling = False  # fix m at the series' natural ceiling (100 % for shares) instead of estimating it

# %%
from egovlib import adoption, params

series = params.choice("series", series, adoption.series_names())
models = params.subset("models", models, ["bass", "logistic", "gompertz", "linear"])
horizon = params.integer("horizon", horizon, 0, 30)
n_boot = params.integer("n_boot", n_boot, 0, 10000)
seed = params.integer("seed", seed, 0)
fix_ceiling = params.boolean("fix_ceiling", fix_ceiling)

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown

import egovlib
from egovlib import diffusion, formatting, plotting
from egovlib.results import Results

plotting.set_style()
formatting.use()  # numbers at the precision the data support, the same on every machine
results = Results("03_portal_adoption_doi", {"series": series, "models": models, "horizon": horizon,
                                             "n_boot": n_boot, "seed": seed, "fix_ceiling": fix_ceiling})

# %% [markdown]
# ## What the sources show
#
# Use by purpose, for citizens and for organisations. Obtaining information dominates; submitting forms,
# the step that replaces a visit to an office, is used by a minority.

# %%
users = egovlib.load("portal_users")
organisations = egovlib.load("organisations_online")
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
for ax, table, ylabel in [(left, users, "population using e-services (%)"),
                          (right, organisations, "organisations online (count)")]:
    wide = table.pivot_table(index="year", columns="breakdown", values="value", observed=True)
    for colour, column in zip(plotting.palette(len(wide.columns)), wide.columns, strict=True):
        ax.plot(wide.index, wide[column], marker="o", color=colour, label=str(column).replace("_", " "),
                linewidth=2.5 if column == "total" else 1.2)
    ax.set_xlabel("year")
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=7)
left.set_title("Citizens, by purpose")
right.set_title("Organisations, by purpose")
right.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
plotting.savefig(fig, "03_use_by_purpose", caption=plotting.source_caption(pd.concat([users, organisations])))
plt.show()

# %%
shares = egovlib.load("platform_performance")
shares = shares[shares["indicator"] == "electronic_public_services_share"][["year", "value", "unit", "locator"]]
registered = adoption.adoption_series("registered_users")[["year", "value", "qualifier", "locator"]]
display(shares.reset_index(drop=True))
registered

# %% [markdown]
# Registered users are three dated figures, two of them "more than": lower bounds that cannot carry a
# curve. The share of services online has four years, too few for a three-parameter model
# (the fitting code refuses fewer than five points).

# %% [markdown]
# ## Fitting the diffusion models

# %%
data = adoption.adoption_series(series)
spec = data.attrs["spec"]
for note in spec.notes:
    print("Note:", note)
m_fixed = spec.ceiling if (fix_ceiling and spec.ceiling is not None) else None
fittable = [m for m in models if len(data) >= (2 if m == "linear" else 3 - (m_fixed is not None)) + 2]
refused = sorted(set(models) - set(fittable))
if refused:
    print(f"Not fitted (too few observations, n = {len(data)}): {refused}")
results.add("n_observations", len(data), "years", spec.label)
data

# %%
if fittable:
    table, fits = diffusion.compare_models(data["year"], data["value"], models=fittable, data=spec.data,
                                           m=m_fixed, n_boot=n_boot, seed=seed)
    best = table.iloc[0]["model"]
    display(table)
    print(table.attrs["statement"])
    results.add("best_model", best, "model", table.attrs["statement"])
    results.add("best_model_weight", table.iloc[0]["weight"], "Akaike weight")
    if len(table) > 1:
        results.add("delta_aicc_second", table.iloc[1]["delta_aicc"], "AICc units",
                    f"AICc of {table.iloc[1]['model']} minus that of {best}")
else:
    fits, best = {}, None
    print(f"No model can be fitted to n = {len(data)} observations.")

# %%
if fits:
    estimates = pd.concat([fit.to_frame() for fit in fits.values()], ignore_index=True)
    display(estimates)
    for name, fit in fits.items():
        for message in fit.warnings:
            print(f"{name}: {message}")

# %%
if "bass" in fits:
    bass = fits["bass"]
    for name in ("p", "q", "m"):
        results.add(f"bass_{name}", bass.params[name], spec.unit if name == "m" else "per year",
                    f"Bass {name}, bootstrap {bass.confidence:.0%} interval {formatting.fmt(bass.ci[name][0])} to {formatting.fmt(bass.ci[name][1])}")
    results.add("bass_q_over_p", bass.params["q"] / bass.params["p"], "ratio", "imitation relative to innovation")

# %% [markdown]
# ## Fitted curves and forecast
#
# Observed values, every fitted curve, and the bootstrap interval of the best model's forecast.

# %%
if fits:
    last = int(data["year"].max())
    grid = np.arange(int(data["year"].min()) - 1, last + horizon + 1)
    fig, ax = plt.subplots(figsize=(7.5, 4.5))
    for colour, (name, fit) in zip(plotting.palette(len(fits)), fits.items(), strict=True):
        ax.plot(grid, fit.predict(grid), color=colour, linewidth=2.5 if name == best else 1.0,
                linestyle="-" if name == best else "--", label=f"{name}{' (best AICc)' if name == best else ''}")
    band = fits[best].forecast(grid)
    if band["low"].notna().all():
        ax.fill_between(grid, band["low"], band["high"], color="0.6", alpha=0.3,
                        label=f"{fits[best].confidence:.0%} bootstrap interval ({best})")
    ax.plot(data["year"], data["value"], "ko", label="observed", zorder=5)
    ax.axvline(last + 0.5, color="0.5", linewidth=0.8, linestyle=":")
    ax.set_xlabel("year")
    ax.set_ylabel(f"{spec.label}\n({spec.unit.replace('_', ' ')})")
    ax.set_title(f"Diffusion models for {series.replace('_', ' ')}")
    ax.legend(fontsize=8)
    plotting.savefig(fig, f"03_diffusion_fit_{series}", caption=plotting.source_caption(data))
    plt.show()
    forecast = fits[best].forecast(np.arange(last + 1, last + horizon + 1))
    display(forecast.rename(columns={"t": "year"}))
    if horizon:
        results.add("forecast_final_year", last + horizon, "year")
        results.add("forecast_final_value", float(forecast["forecast"].iloc[-1]), spec.unit, f"{best} model")

# %% [markdown]
# ## Which adopter stage, and how sure?
#
# Rogers' stages are read off the cumulative share of the eventual adopters: below 2.5 % innovators,
# to 16 % early adopters, to 50 % the early majority, to 84 % the late majority, then laggards. The
# share needs a denominator. For population shares the natural one is the whole population (100 %).
# Against a *fitted* ceiling m, the stage inherits m's uncertainty: each bootstrap draw of m gives a
# share and a stage, and the table counts how often each stage occurs.

# %%
latest = float(data["value"].iloc[-1])
if spec.ceiling is not None:
    stage_population = diffusion.adopter_stage(100 * latest / spec.ceiling).iloc[0]
    results.add("stage_against_ceiling", str(stage_population), "stage", f"latest value against {spec.ceiling:g}")
    print(f"Against the whole population ({spec.ceiling:g}): {latest:g} -> {stage_population}.")
s_models = [name for name in fits if name != "linear" and fits[name].boot_params is not None]
if s_models:
    chosen = best if best in s_models else s_models[0]
    fit = fits[chosen]
    m_draws = fit.boot_params[:, list(fit.params).index("m")]
    stages = diffusion.adopter_stage(np.clip(100 * latest / m_draws, 0, 100))
    certainty = stages.value_counts(normalize=True).rename("share of bootstrap draws").to_frame()
    display(certainty)
    top_stage = certainty.index[0]
    results.add("stage_against_fitted_m", str(top_stage), "stage", f"{chosen} model, most frequent stage")
    results.add("stage_certainty", float(certainty.iloc[0, 0]), "proportion", f"share of {len(m_draws)} bootstrap draws")
    display(Markdown(f"Against the ceiling fitted by the {chosen} model, the latest value puts {series.replace('_', ' ')} "
                     f"in the **{top_stage}** stage in {100 * results['stage_certainty']:.0f} % of bootstrap draws. "
                     + ("The linear model fits better, so no ceiling is supported by the data: read this stage "
                        "as conditional on an S-curve." if best == "linear" else "")))

# %% [markdown]
# ## Caveats
#
# * Six or seven annual points cannot identify three parameters well: several estimates sit on their
#   bounds (the warnings above), and the bootstrap intervals are optimistic with so few residuals
#   (coverage about 0.9 for nominal 0.95 in `benchmarks/bass_coverage.py`).
# * The population shares come from a survey whose sampling error the source does not give; the
#   organisation counts change as organisations open and close. Neither is a cumulative adoption count,
#   which is what the Bass model describes.
# * A forecast from these fits is an extrapolation of a trend, not a prediction of behaviour.

# %%
results.show()
