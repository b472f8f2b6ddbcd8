# %% [markdown]
# # 03 · Portal adoption through the lens of diffusion of innovations
#
# **Question.** Does the use of Kazakhstan's e-government portal (egov.kz) by citizens and organisations
# follow the S-shaped path that diffusion theory predicts, what the data can say about the adopter stage reached,
# and how sure can one be, given the data at hand?
#
# **DOI lens.** Rogers' *time* element: adoption spreads from innovators and early adopters to the
# majorities and laggards, and the Bass model gives that story its quantitative form (innovation
# coefficient p, imitation coefficient q, market potential m). Diffusion need not be S-shaped: Estonia's
# X-Road logs grew linearly, so a linear null model is always in the comparison. Rogers also describes
# *discontinuance*: adopters who stop using an innovation, which a cumulative curve cannot show.
#
# **Data.** Shares of the population using e-services by purpose, 2015-2021, and organisations dealing
# with government online by purpose, 2016-2021 (Orazgaliyeva et al. 2023, tables 4 and 5); the share of
# public services available electronically, 2018-2021 (table 6); registered portal users (milestones
# from the same paper and UNDP & ACSH 2022); the portal's launch date and the dated legal acts that could
# stand for the start of diffusion (the Data Science Journal article, DOI 10.5334/dsj-2023-015, section 3.1,
# and UNDP & ACSH 2022, appendix 5); published mean Bass coefficients (Sultan, Farley & Lehmann 1990).
#
# **Method.** Bass, logistic, Gompertz and linear curves by bounded least squares (Bass started from its
# 1969 OLS linearisation), with the portal's launch as the origin and the fits profiled over other
# plausible origins. The market potential m comes from an outside denominator where the data have one
# (the population, for a share of it); otherwise it is reported as not identified. An estimate that sits
# on a bound of the fit is never recorded as a finding. Intervals come from a residual bootstrap; how often
# they cover the truth *for this design* (its n, origin and model) is measured by simulation below.

# %% tags=["parameters"]
series = "users_share_total"  # one of egovlib.adoption.series_names()
models = ["bass", "logistic", "gompertz", "linear"]  # any of bass, logistic, gompertz, linear
horizon = 5  # years to forecast beyond the last observation
n_boot = 300  # bootstrap replicates for intervals
seed = 2023  # random seed of the bootstrap and the coverage simulation
fix_ceiling = True  # fix m at the series' outside denominator (100 % of the population for shares) where it has one
origin = None  # launch year (tau 0), or None for the launch of egov.kz recorded in adoption_milestones
n_coverage = 40  # simulated series for the interval coverage of this design (0 to skip)

# %%
from egovlib import adoption, params

series = params.choice("series", series, adoption.series_names())
models = params.subset("models", models, ["bass", "logistic", "gompertz", "linear"])
horizon = params.integer("horizon", horizon, 0, 30)
n_boot = params.integer("n_boot", n_boot, 0, 10000)
seed = params.integer("seed", seed, 0)
fix_ceiling = params.boolean("fix_ceiling", fix_ceiling)
first_observed = int(adoption.adoption_series(series)["year"].min())
if origin is not None:
    origin = params.integer("origin", origin, 1990, first_observed - 1)
n_coverage = params.integer("n_coverage", n_coverage, 0, 1000)

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import egovlib
from egovlib import diffusion, formatting, plotting
from egovlib.formatting import fmt
from egovlib.prose import say
from egovlib.results import Results

plotting.set_style()
formatting.use()  # numbers at the precision the data support, the same on every machine
results = Results("03_portal_adoption_doi", {"series": series, "models": models, "horizon": horizon,
                                             "n_boot": n_boot, "seed": seed, "fix_ceiling": fix_ceiling,
                                             "origin": origin, "n_coverage": n_coverage})
thousands = plt.FuncFormatter(lambda v, _: f"{v:,.0f}")

# %% [markdown]
# ## What the sources show
#
# Use by purpose, for citizens and for organisations. Obtaining information dominates; submitting forms,
# the step that replaces a visit to an office, is used by a minority. Both axes start at zero.

# %%
users = egovlib.load("portal_users")
organisations = egovlib.load("organisations_online")
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.6))
for ax, table, ylabel in [(left, users, "population using e-services (%)"),
                          (right, organisations, "organisations dealing with government online")]:
    wide = table.pivot_table(index="year", columns="breakdown", values="value", observed=True)
    for colour, column in zip(plotting.palette(len(wide.columns)), wide.columns, strict=True):
        ax.plot(wide.index, wide[column], marker="o", color=colour, label=str(column).replace("_", " "),
                linewidth=2.5 if column == "total" else 1.2)
    ax.set_xlabel("year")
    ax.set_ylabel(ylabel)
    ax.set_ylim(0, None)
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2, frameon=False)
left.set_title("Citizens, by purpose")
right.set_title("Organisations, by purpose")
right.yaxis.set_major_formatter(thousands)
fig.tight_layout()
plotting.savefig(fig, "03_use_by_purpose", caption=plotting.source_caption(pd.concat([users, organisations])))
plt.show()

# %% [markdown]
# ## The citizens' share falls: what that means for a diffusion reading
#
# The survey share is the part of the population that *used* e-services in the year, not the part that has
# ever adopted them.

# %%
citizens = adoption.adoption_series("users_share_total")
peak = citizens.loc[citizens["value"].idxmax()]
first_share, last_share = citizens.iloc[0], citizens.iloc[-1]
say("share_first", results.add("users_share_first", float(first_share["value"]), "percent_of_population",
                                f"{int(first_share['year'])}"))
say("share_peak", results.add("users_share_peak", float(peak["value"]), "percent_of_population",
                               f"{int(peak['year'])}"))
say("share_last", results.add("users_share_last", float(last_share["value"]), "percent_of_population",
                               f"{int(last_share['year'])}"))
declines = int((citizens["value"].diff() < 0).sum())
say("share_declines", results.add("users_share_declines", declines, "years",
                                  "years in which the share fell from the year before"))
say("year_first", int(first_share["year"]), unit="year")
say("year_peak", int(peak["year"]), unit="year")
say("year_last", int(last_share["year"]), unit="year")
say("share_intervals", len(citizens) - 1)

# %% [markdown]
# The share was {glue:md}`share_first` % in {glue:md}`year_first`, peaked at {glue:md}`share_peak` % in
# {glue:md}`year_peak` and was {glue:md}`share_last` % in {glue:md}`year_last`; it fell in
# {glue:md}`share_declines` of {glue:md}`share_intervals` years. A cumulative adoption curve (Bass,
# logistic, Gompertz) can only rise, so no S-curve can follow this series: fitted to it, a curve describes a
# trend, and its ceiling and stage are not those of adoption. The source offers one explanation: new channels
# (social networks, a mobile application) took over part of the use, so the survey's question about using the
# Internet for e-government services no longer counts every user (Orazgaliyeva et al. 2023, text on table 4).
# In Rogers' terms the fall is discontinuance of one channel or substitution by another, not a reversal of
# adoption; the data cannot tell these apart, and the share of people who have *ever* used the portal is not
# measured.

# %%
shares = egovlib.load("platform_performance")
shares = shares[shares["indicator"] == "electronic_public_services_share"][["year", "value", "unit", "locator"]]
registered = adoption.adoption_series("registered_users")[["year", "value", "qualifier", "locator"]]
display(shares.reset_index(drop=True))
registered

# %% [markdown]
# Registered users are the only cumulative series (three dated figures, two of them "more than": lower
# bounds that cannot carry a curve). The share of services online has four years, too few for a
# three-parameter model. So every fit below is to a level of current use.

# %% [markdown]
# ## The origin and the denominator
#
# The origin of a diffusion curve is the launch of the innovation. egov.kz was presented to the public in
# 2006 (adoption_milestones, cited below); the fits use that year unless the parameter `origin` says
# otherwise. The market potential m needs an outside denominator.

# %%
data = adoption.adoption_series(series)
spec = data.attrs["spec"]
for note in spec.notes:
    print("Note:", note)
launch = adoption.launch()
launch_row = pd.DataFrame([{"source": launch["source"], "locator": launch["locator"]}])
origin_year = launch["year"] if origin is None else origin
say("origin_year", results.add("origin", origin_year, "year",
                               "launch of egov.kz" if origin is None else "set by the parameter origin"), unit="year")
m_fixed = spec.ceiling if (fix_ceiling and spec.ceiling is not None) else None
if m_fixed is not None:
    denominator_text = f"m is fixed at {fmt(m_fixed)} ({spec.unit.replace('_', ' ')}): {spec.denominator}."
elif spec.ceiling is not None:
    denominator_text = "m is estimated (fix_ceiling = False), so it is not identified by an outside denominator."
else:
    denominator_text = ("m has no outside denominator in the collection's sources and is not identified; p and q "
                        "are conditional on the fitted ceiling.")
say("launch_date", str(launch["date"]))
say("launch_source", plotting.source_caption(keys=[launch["source"]]).removeprefix("Source: ").rstrip("."))
say("launch_locator", str(launch["locator"]))
say("denominator", denominator_text)
fittable = [m for m in models if len(data) >= (2 if m == "linear" else 3 - (m_fixed is not None)) + 2]
refused = sorted(set(models) - set(fittable))
if refused:
    print(f"Not fitted (too few observations, n = {len(data)}): {refused}")
results.add("n_observations", len(data), "years", spec.label)
results.add("series_measure", spec.data, "measure", "cumulative: adopters so far; level: use in the year")

# %% [markdown]
# Origin: **{glue:md}`origin_year`** (egov.kz presented to the public on {glue:md}`launch_date`,
# {glue:md}`launch_source`, {glue:md}`launch_locator`). {glue:md}`denominator`

# %%
data

# %% [markdown]
# ## Fitting the diffusion models

# %%
if fittable:
    table, fits = diffusion.compare_models(data["year"], data["value"], models=fittable, data=spec.data,
                                           origin=origin_year, m=m_fixed, n_boot=n_boot, seed=seed)
    best = table.iloc[0]["model"]
    display(table.drop(columns="warnings"))
    say("model_statement", table.attrs["statement"])
    results.add("best_model", best, "model", table.attrs["statement"])
    digits = formatting.digits_for(len(data))  # estimates from n observations: the digits n supports
    results.add("best_model_weight", formatting.round_sig(table.iloc[0]["weight"], digits), "Akaike weight",
                f"n = {len(data)} observations")
    if len(table) > 1:
        results.add("delta_aicc_second", formatting.round_sig(table.iloc[1]["delta_aicc"], digits), "AICc units",
                    f"AICc of {table.iloc[1]['model']} minus that of {best}")
else:
    fits, best = {}, None
    say("model_statement", f"No model can be fitted to n = {len(data)} observations.")

# %% [markdown]
# {glue:md}`model_statement`

# %% [markdown]
# Every estimate with its bootstrap interval and its status: *estimated*, *on its bound: not identified*
# (the optimiser stopped at a limit of the search, so the data did not determine it), or *fixed from
# outside*. `boot_on_bound` is the share of bootstrap fits that ended on a bound.

# %%
if fits:
    estimates = pd.concat([fit.to_frame() for fit in fits.values()], ignore_index=True)
    display(estimates)
    for name, fit in fits.items():
        for message in fit.warnings:
            print(f"{name}: {message}")
    on_bound = int(sum(len(fit.at_bound) for fit in fits.values()))
    results.add("estimates_on_bound", on_bound, "estimates", "estimates of all fitted models that sit on a bound")

# %% [markdown]
# Only identified estimates are recorded. A parameter on its bound is recorded as missing, with the
# reason; so is m when it has no outside denominator.

# %%
if "bass" in fits:
    bass = fits["bass"]
    shape_on_bound = [name for name in ("p", "q") if not bass.identified(name)]
    for name in ("p", "q"):
        if name in shape_on_bound:
            value, about = None, f"not identified: the estimate {fmt(bass.params[name])} sits on its bound"
        elif shape_on_bound:
            value = None
            about = (f"not recorded: with {', '.join(shape_on_bound)} on its bound the fitted curve has no S-shape, "
                     f"so {name} = {fmt(bass.params[name])} is not a Bass coefficient that compares with others")
        else:
            value = bass.recordable(name)
            about = (f"Bass {name}, bootstrap {bass.confidence:.0%} interval {fmt(bass.ci[name][0])} to "
                     f"{fmt(bass.ci[name][1])}")
        results.add(f"bass_{name}", value, "per year", about)
    if bass.m_fixed:
        results.add("bass_m", None, spec.unit, f"not estimated: fixed at {fmt(bass.params['m'])} from the denominator")
    else:
        results.add("bass_m", None, spec.unit,
                    f"not identified: no outside denominator (fitted ceiling {fmt(bass.params['m'])})")
    identified = bass.identified("p") and bass.identified("q")
    results.add("bass_q_over_p", bass.params["q"] / bass.params["p"] if identified else None, "ratio",
                "imitation relative to innovation" if identified else "not identified: p or q on its bound")

# %% [markdown]
# ## How much the origin matters
#
# The same data fitted with each plausible origin: the dated events before the first observation that a
# reader might take as the start, and the year before the first observation (no event; what the fitting
# code assumed before the origin was set). Hollow markers: p or q on its bound, so neither is a Bass
# coefficient at that origin and neither is compared with the published means.

# %%
origins = adoption.plausible_origins(int(data["year"].min()))
if "bass" in fits:
    profile = diffusion.profile_origin("bass", data["year"], data["value"], origins["origin"].tolist(),
                                       data=spec.data, m=m_fixed)
    profile = origins.merge(profile, on="origin")
    display(profile.drop(columns=["source", "locator"]))
    results.add("origins_profiled", len(profile), "origins")
    results.add("origins_bass_identified", int(profile["identified"].sum()), "origins",
                "origins at which no free Bass estimate sits on its bound")

# %% [markdown]
# ## Against published Bass coefficients
#
# Sultan, Farley & Lehmann (1990) averaged the Bass coefficients of published applications (mostly consumer
# durables): their means are a yardstick, not a test. The figure puts the portal's p and q at each origin
# beside them.

# %%
benchmarks = egovlib.load("bass_benchmarks").set_index("parameter")
display(benchmarks[["value", "n_estimates", "scope", "locator"]])
if "bass" in fits:
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.2))
    for ax, name, colour in zip(axes, ("p", "q"), plotting.palette(2), strict=True):
        # a coefficient is a Bass coefficient only where neither p nor q sits on its bound
        hit = ~profile["identified"].astype(bool)
        ax.scatter(profile.loc[~hit, "origin"], profile.loc[~hit, name], color=colour, zorder=3,
                   label="estimated (p and q off their bounds)")
        ax.scatter(profile.loc[hit, "origin"], profile.loc[hit, name], facecolors="none", edgecolors=colour,
                   zorder=3, label="p or q on its bound: not a Bass coefficient")
        ax.axhline(benchmarks.at[name, "value"], color="0.3", linestyle="--", linewidth=1,
                   label="published mean (Sultan et al. 1990)")
        ax.axvline(origin_year, color="0.6", linestyle=":", linewidth=1)
        ax.set_xlabel("origin of the fit (launch year assumed)")
        ax.set_ylabel(f"Bass {name} (per year)")
        ax.set_ylim(0, None)
        ax.set_title({"p": "Innovation coefficient", "q": "Imitation coefficient"}[name])
        ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False)
    fig.tight_layout()
    sourced = pd.concat([data[["source", "locator"]], origins.loc[origins["source"] != "", ["source", "locator"]],
                         benchmarks[["source", "locator"]]])
    plotting.savefig(fig, f"03_origin_profile_{series}", caption=plotting.source_caption(sourced))
    plt.show()
    at_launch = profile.set_index("origin").loc[origin_year] if origin_year in set(profile["origin"]) else None
else:
    at_launch = None
if at_launch is not None:
    readings = []
    launch_on_bound = [name for name in ("p", "q") if name in str(at_launch["at_bound"]).split(", ")]
    if launch_on_bound:
        readings.append(f"{' and '.join(launch_on_bound)} on its bound, so neither coefficient is compared with "
                        "the published means (a Bass curve with a coefficient on its bound has no S-shape)")
    else:
        readings.extend(f"{name} = {fmt(at_launch[name])} against a published mean of "
                        f"{fmt(benchmarks.at[name, 'value'])}" for name in ("p", "q"))
    spread = []
    for name in ("p", "q"):
        free = profile.loc[~profile["at_bound"].str.contains(fr"\b{name}\b", regex=True), name]
        spread.append(f"{name} off its bound at {len(free)} of {len(profile)} origins")
    # a coefficient is a Bass coefficient only where neither sits on its bound (origins_bass_identified)
    both_free = profile.loc[profile["identified"].astype(bool)]
    spread.append(f"both off their bounds at {len(both_free)} of {len(profile)} origins"
                  + ("".join(f"; there {name} from {fmt(both_free[name].min())} to {fmt(both_free[name].max())}"
                             for name in ("p", "q")) if len(both_free) else
                     ", so at no origin are p and q Bass coefficients that could be compared"))
    say("launch_reading", "; ".join(readings))
    say("origin_spread", "; ".join(spread))
else:  # no Bass fit, or its origin not among those profiled
    say("launch_reading", "the Bass model was not fitted at this origin")
    say("origin_spread", "no Bass fit to compare")

# %% [markdown]
# With origin {glue:md}`origin_year`: {glue:md}`launch_reading`. Across the origins: {glue:md}`origin_spread`.
# Where an estimate is identified it still moves with the assumed origin, so the origin is part of the result,
# not a detail.

# %% [markdown]
# ## Fitted curves and forecast
#
# Observed values, every fitted curve, the bootstrap band of each fit with no estimate on its bound, and
# the extrapolation (shaded). The axis starts at zero.

# %%
if fits:
    last = int(data["year"].max())
    grid = np.arange(int(data["year"].min()) - 1, last + horizon + 1)
    fig, ax = plt.subplots(figsize=(8, 5))
    for colour, (name, fit) in zip(plotting.palette(len(fits)), fits.items(), strict=True):
        label = (f"{name}{' (best AICc)' if name == best else ''}"
                 f"{', estimate on a bound: no band' if fit.at_bound else ''}")
        ax.plot(grid, fit.predict(grid), color=colour, linewidth=2.5 if name == best else 1.2,
                linestyle="-" if name == best else "--", label=label)
        band = fit.forecast(grid)
        if band["low"].notna().all() and not fit.at_bound:  # no interval is drawn for a fit on its bound
            ax.fill_between(grid, band["low"], band["high"], color=colour, alpha=0.15, linewidth=0)
    ax.plot(data["year"], data["value"], "ko", label="observed", zorder=5)
    ax.axvline(last + 0.5, color="0.5", linewidth=0.8, linestyle=":")
    if horizon:
        ax.axvspan(last + 0.5, last + horizon + 0.5, color="0.94", linewidth=0, zorder=0)
        ax.text(last + 0.7, 0.02, "extrapolation", transform=ax.get_xaxis_transform(), fontsize=7, color="0.35")
    ax.set_ylim(0, None)
    ax.set_xlabel("year")
    ax.set_ylabel(f"{spec.label}\n({spec.unit.replace('_', ' ')})")
    if spec.unit == "organisations":
        ax.yaxis.set_major_formatter(thousands)
    ax.set_title(f"Diffusion models for the {spec.label}, origin {origin_year}")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
              title=f"shaded: {fits[best].confidence:.0%} bootstrap bands", title_fontsize=7)
    plotting.savefig(fig, f"03_diffusion_fit_{series}",
                     caption=plotting.source_caption(pd.concat([data[["source", "locator"]], launch_row])))
    plt.show()
    forecast = fits[best].forecast(np.arange(last + 1, last + horizon + 1))
    print(f"Extrapolation of the {best} fit (not a prediction):")
    display(forecast.rename(columns={"t": "year"}).astype({"year": int}))
    if horizon:
        results.add("forecast_final_year", last + horizon, "year")
        results.add("forecast_final_value", float(forecast["forecast"].iloc[-1]), spec.unit,
                    f"{best} model; an extrapolated trend, not a prediction"
                    + ("; it extends a fall that may be a change in what the survey counts" if
                       spec.data == "level" and bool((data["value"].diff() < 0).any()) else ""))

# %% [markdown]
# ## How good are these intervals for this design?
#
# The bootstrap intervals are only as good as their coverage, which depends on n, the origin and the model.
# Here series are simulated from a Bass curve with the published mean coefficients (p and q of Sultan et
# al.), this series' years, origin and m (fixed, or as fitted), and noise with the residual standard
# deviation of the Bass fit; each is refitted exactly as above, and the table counts how often the interval
# holds the true value. The simulated truth is a rising S-curve; where the observed series falls or the fit
# puts a coefficient on its bound (as for the default series), the data do not resemble that truth, and
# the coverage describes what the intervals would do for a series that did diffuse, not for this one.

# %%
if "bass" in fits and n_coverage:
    bass = fits["bass"]
    sigma = float(np.sqrt(bass.rss / max(bass.n - bass.k, 1)))
    truth = {"p": float(benchmarks.at["p", "value"]), "q": float(benchmarks.at["q", "value"]), "m": bass.params["m"]}
    coverage = diffusion.interval_coverage("bass", data["year"], truth, origin=origin_year, sigma=sigma, m=m_fixed,
                                           n_sim=n_coverage, n_boot=min(n_boot, 100) or 50, seed=seed)
    display(coverage)
    for row in coverage.itertuples(index=False):
        results.add(f"coverage_{row.parameter}", row.coverage, "proportion",
                    f"describes the design, not this series: simulated coverage of the nominal {row.nominal:.0%} "
                    f"interval for a rising Bass curve, n = {row.n}, origin {row.origin:g}, "
                    f"{row.n_sim} series (exact 95 % interval {fmt(row.coverage_ci_low)} to {fmt(row.coverage_ci_high)})")
    say("coverage_by_parameter", "; ".join(
        f"{r.parameter} {fmt(r.coverage)} (exact 95 % interval {fmt(r.coverage_ci_low)}-{fmt(r.coverage_ci_high)}, "
        f"estimate on a bound in {fmt(100 * r.on_bound)} % of fits)" for r in coverage.itertuples(index=False)))
    say("coverage_nominal", f"{coverage['nominal'].iloc[0]:.0%}")
else:
    say("coverage_by_parameter", "not simulated (no Bass fit, or n_coverage = 0)")
    say("coverage_nominal", "n/a")

# %% [markdown]
# Simulated coverage for this design: {glue:md}`coverage_by_parameter`, for a nominal {glue:md}`coverage_nominal`.

# %% [markdown]
# ## Which adopter stage?
#
# Rogers' stages are read off the cumulative share of the eventual adopters: below 2.5 % innovators,
# to 16 % early adopters, to 50 % the early majority, to 84 % the late majority, then laggards. That needs
# a denominator from outside the fit. For a share of the population the population is one (100 %); for the
# organisation counts there is none in the sources, and the stage is not identified. A fitted ceiling is
# not used: it sits at the data's own plateau, so the stage it gives is built in.

# %%
latest = float(data["value"].iloc[-1])
if spec.ceiling is not None and spec.data == "cumulative":
    stage_latest = str(diffusion.adopter_stage(100 * latest / spec.ceiling).iloc[0])
    results.add("stage_against_ceiling", stage_latest, "stage", f"latest value against {spec.ceiling:g} ({spec.denominator})")
    say("stage_reading", f"Against {spec.denominator}: the latest value ({fmt(latest)}) is in the "
                         f"**{stage_latest}** band.")
elif spec.ceiling is not None:
    peak_value = float(data["value"].max())
    stage_peak = str(diffusion.adopter_stage(100 * peak_value / spec.ceiling).iloc[0])
    results.add("stage_against_ceiling", None, "stage",
                "not identified: the series counts use in the year, not adopters so far")
    results.add("stage_at_peak", f"at least {stage_peak}", "stage",
                f"lower bound: the largest share of current users ({fmt(peak_value)}) against {spec.denominator}; "
                "those who ever adopted are at least as many, and the population's age range is not stated")
    say("stage_reading", f"The share counts current users, so it does not say which stage adoption has reached: "
                         f"those who ever adopted are at least the largest value ({fmt(peak_value)}), which puts "
                         f"the stage at **{stage_peak}** or beyond, against a denominator whose age range the "
                         "source does not state. That lower bound is all the data support.")
else:
    results.add("stage_against_ceiling", None, "stage", "not identified: no outside denominator for this series")
    say("stage_reading", "Stage not identified: the series has no outside denominator in the collection's sources.")

# %% [markdown]
# {glue:md}`stage_reading`

# %% [markdown]
# ## Caveats
#
# * Six or seven annual points cannot identify three parameters: the table above says which estimates sit
#   on their bounds, and the profile shows that p and q follow the assumed origin.
# * The population shares come from a survey whose sampling error the source does not give; the
#   organisation counts change as organisations open and close. Neither is a cumulative adoption count,
#   which is what the Bass model describes; the citizens' share falls, which no S-curve can follow.
# * The interval coverage above is for one design and one assumed truth (the published mean coefficients);
#   other truths give other coverage. It is computed, not assumed.
# * A forecast from these fits is an extrapolation of a trend, not a prediction of behaviour.

# %%
results.show()
