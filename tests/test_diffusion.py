"""egovlib.diffusion: recovery of known parameters, interval coverage, categories, errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

from egovlib import diffusion

TRUE = (0.02, 0.45, 1000.0)
T = np.arange(2001, 2015, dtype=float)


def noisy(seed: int, noise: float = 10.0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    clean = diffusion.bass_cumulative(T - 2000, *TRUE)
    return np.maximum.accumulate(np.maximum(clean + rng.normal(0, noise, len(T)), 0))


@pytest.mark.parametrize("seed", range(25))
def test_bass_recovers_known_parameters(seed):
    fit = diffusion.fit("bass", T, noisy(seed), origin=2000, n_boot=0)
    p, q, m = TRUE
    assert fit.params["p"] == pytest.approx(p, rel=0.25)
    assert fit.params["q"] == pytest.approx(q, rel=0.15)
    assert fit.params["m"] == pytest.approx(m, rel=0.05)


def test_bass_interval_coverage_is_near_nominal():
    reps = 30
    hits = 0
    for seed in range(reps):
        fit = diffusion.fit("bass", T, noisy(seed), origin=2000, n_boot=100, seed=seed)
        hits += sum(fit.ci[k][0] <= v <= fit.ci[k][1] for k, v in zip(("p", "q", "m"), TRUE, strict=True))
    rate = hits / (3 * reps)
    print(f"coverage of nominal 95 % intervals over {reps} series: {rate:.2f}")
    assert rate >= 0.75


def test_ols_start_on_exact_bass_data():
    clean = diffusion.bass_cumulative(np.arange(1, 30), *TRUE)
    p, q, m = diffusion.bass_ols_start(clean)
    assert m == pytest.approx(1000, rel=0.1) and q == pytest.approx(0.45, rel=0.2)


def test_compare_models_prefers_the_true_shape_and_says_when_it_cannot():
    table, fits = diffusion.compare_models(T, noisy(1), origin=2000, n_boot=0)
    assert table["model"].iloc[0] in {"bass", "logistic"}
    assert table["weight"].sum() == pytest.approx(1.0)
    assert "fits best" in table.attrs["statement"] or "cannot tell" in table.attrs["statement"]
    line = 10 + 5 * np.arange(6.0)
    table, _ = diffusion.compare_models(np.arange(2015, 2021), line + np.array([0, .1, -.1, .1, 0, -.1]), n_boot=0)
    assert "linear" in table["model"].head(2).tolist()


def test_forecast_interval_brackets_the_point():
    fit = diffusion.fit("bass", T, noisy(3), origin=2000, n_boot=100)
    fc = fit.forecast([2016, 2020])
    assert (fc["low"] <= fc["forecast"] + 1e-9).all() and (fc["forecast"] <= fc["high"] + 1e-9).all()
    assert fit.peak_time() == pytest.approx(2000 + math.log(0.45 / 0.02) / 0.47, abs=1.0)


def test_fixed_market_potential():
    fit = diffusion.fit("bass", T, noisy(2), origin=2000, m=1000, n_boot=0)
    assert fit.params["m"] == 1000 and fit.k == 2


def test_bound_warning():
    y = np.array([5.0, 9.9, 10.0, 10.0, 10.0, 10.0])  # saturated at once: m sits on its lower bound
    fit = diffusion.fit("bass", np.arange(2015, 2021), y, n_boot=0)
    assert any("sits on its bound" in w for w in fit.warnings)


@pytest.mark.parametrize("call, message", [
    (lambda: diffusion.fit("bass", [1, 2, 3, 4], [1, 2, 3, 4]), "at least 5 observations"),
    (lambda: diffusion.fit("bass", [1, 2, 3, 4, 5], [1, 3, 2, 4, 5]), "must not decrease"),
    (lambda: diffusion.fit("bass", [1, 2, 3, 4, 5], [1, 2, -3, 4, 5]), "must not be negative"),
    (lambda: diffusion.fit("bass", [1, 2, 2, 4, 5], [1, 2, 3, 4, 5]), "duplicate time"),
    (lambda: diffusion.fit("bass", [1, 3, 2, 4, 5], [1, 2, 3, 4, 5]), "sorted ascending"),
    (lambda: diffusion.fit("bass", [1, 2, 3, 4, 5], [1, 2, float("nan"), 4, 5]), "NaN"),
    (lambda: diffusion.fit("bass", [1, 2, 3, 4, 5], ["a", "b", "c", "d", "e"]), "expected numbers"),
    (lambda: diffusion.fit("bass", [1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6], m=3), "market potential"),
    (lambda: diffusion.fit("s-curve", [1, 2, 3, 4, 5], [1, 2, 3, 4, 5]), "expected one of"),
    (lambda: diffusion.fit("bass", [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], origin=3), "launch must precede"),
])
def test_bad_input_is_named(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


def test_rogers_categories_are_ordered():
    times = np.r_[0.0, np.full(20, 10.0), 20.0]  # mean 10, sd 3.09
    cats = diffusion.rogers_categories(times)
    assert cats.cat.ordered and list(cats.cat.categories) == diffusion.ADOPTER_CATEGORIES
    assert cats.iloc[0] == "innovators" and cats.iloc[-1] == "laggards" and cats.iloc[1] == "late majority"
    spread = diffusion.rogers_categories(np.arange(30.0))
    assert (np.diff(spread.cat.codes) >= 0).all()


def test_bass_boundaries_bracket_the_peak():
    b = diffusion.bass_boundaries(0.02, 0.45)
    assert b["T1"] < b["T*"] < b["T2"]
    assert b["T*"] == pytest.approx(diffusion.bass_peak_time(0.02, 0.45))
    density = diffusion.bass_density(np.array([b["T*"] - 0.01, b["T*"], b["T*"] + 0.01]), 0.02, 0.45, 1)
    assert density[1] >= density[0] and density[1] >= density[2]


def test_adopter_stage_thresholds():
    stages = diffusion.adopter_stage([0, 2.4, 2.5, 15.9, 16, 49.9, 50, 83.9, 84, 100])
    assert stages.tolist() == ["innovators", "innovators", "early adopters", "early adopters", "early majority",
                               "early majority", "late majority", "late majority", "laggards", "laggards"]
    with pytest.raises(ValueError, match="above 100"):
        diffusion.adopter_stage(120)


def test_per_period_data_is_summed():
    cumulative = noisy(4)
    per_period = np.diff(np.r_[0.0, cumulative])
    a = diffusion.fit("bass", T, cumulative, origin=2000, n_boot=0)
    b = diffusion.fit("bass", T, per_period, origin=2000, n_boot=0, data="per_period")
    assert a.params["q"] == pytest.approx(b.params["q"], rel=1e-6)
    with pytest.raises(ValueError, match="per_period"):
        diffusion.fit("bass", T, cumulative, data="annual")


def test_level_data_may_fall_and_the_fit_says_so():
    t = np.arange(2015, 2022)
    y = np.array([32.9, 33.8, 33.2, 34.6, 30.4, 30.8, 26.7])
    with pytest.raises(ValueError, match="must not decrease"):
        diffusion.fit("logistic", t, y, m=100, n_boot=0)
    result = diffusion.fit("logistic", t, y, m=100, n_boot=0, data="level")
    assert any("falls at 2017, 2019, 2021" in w for w in result.warnings)
    with pytest.raises(ValueError, match="data='flow'"):
        diffusion.fit("logistic", t, y, data="flow")


# -- identification, bounds and the bootstrap (issue 15) ---------------------------------------
def test_a_parameter_on_its_bound_is_flagged_and_never_recordable():
    # a share that falls every year: with m fixed at 100 no positive imitation can fit, so q ends at its
    # lower bound (1e-6); p stays inside its bounds
    years = np.arange(2015, 2022, dtype=float)
    share = np.array([34.0, 33.5, 33.0, 32.0, 31.0, 30.5, 29.0])
    result = diffusion.fit("bass", years, share, origin=2006, m=100.0, data="level", n_boot=0)
    assert result.at_bound == ("q",)
    assert result.recordable("q") is None and not result.identified("q")
    assert result.recordable("p") == pytest.approx(result.params["p"])
    assert not result.identified("m") and result.m_fixed  # fixed from outside, not estimated
    frame = result.to_frame().set_index("parameter")
    assert frame.at["q", "status"].startswith("on its bound") and frame.at["m", "status"] == "fixed from outside"


def test_known_parameters_away_from_bounds_are_identified():
    result = diffusion.fit("bass", T, noisy(2), origin=2000, n_boot=0)
    assert result.at_bound == ()
    assert all(result.identified(name) for name in ("p", "q", "m"))


def test_a_missing_origin_is_warned_about():
    result = diffusion.fit("bass", T, noisy(2), n_boot=0)
    assert result.origin == 2000 and any("origin not given" in w for w in result.warnings)


def test_bootstrap_keeps_the_fits_bounds_instead_of_resetting_them():
    # level data that overshoot their trend: the old bootstrap reset m's floor to each resample's maximum
    # and forced the resample to rise, so latest / m was about 96 % in every draw; now m's floor is the
    # fit's own (half the largest value) and resamples may fall
    years = np.arange(2016, 2022, dtype=float)
    level = np.array([61357.0, 68332.0, 84389.0, 88722.0, 98295.0, 94518.0])
    result = diffusion.fit("bass", years, level, origin=2006, data="level", n_boot=200, seed=1)
    m_draws = result.boot_params[:, 2]
    assert (m_draws < level.max()).any()  # below the largest observation: impossible before
    shares = level[-1] / m_draws
    assert shares.std() > 0.01  # the stage is not decided by construction
    assert set(result.boot_at_bound) == {"p", "q", "m"}


def test_profile_origin_moves_p_and_q_and_marks_bounds():
    years = np.arange(2016, 2022, dtype=float)
    level = np.array([61357.0, 68332.0, 84389.0, 88722.0, 98295.0, 94518.0])
    profile = diffusion.profile_origin("bass", years, level, [2006, 2012], data="level")
    assert list(profile["origin"]) == [2006.0, 2012.0]
    # a later origin leaves less time to reach the same level, so the innovation coefficient rises
    assert profile["p"].iloc[1] > profile["p"].iloc[0]
    assert profile["identified"].dtype == bool
    with pytest.raises(ValueError, match="at least one launch date"):
        diffusion.profile_origin("bass", years, level, [])


def test_interval_coverage_is_computed_for_the_design_and_can_be_low():
    years = np.arange(2015, 2022, dtype=float)
    truth = {"p": 0.03, "q": 0.38, "m": 100.0}
    table = diffusion.interval_coverage("bass", years, truth, origin=2006, sigma=2.0, m=100.0, n_sim=8, n_boot=30,
                                        seed=4)
    assert list(table["parameter"]) == ["p", "q"]  # m is fixed, so not covered
    assert ((table["coverage"] >= 0) & (table["coverage"] <= 1)).all()
    assert (table["coverage_ci_low"] <= table["coverage"]).all() and (table["n"] == 7).all()
    assert ((table["coverage"] * 8) % 1 == 0).all()  # a count of 8 simulated series
    with pytest.raises(ValueError, match="missing parameter"):
        diffusion.interval_coverage("bass", years, {"p": 0.03}, origin=2006, sigma=1.0)
    with pytest.raises(ValueError, match="sigma"):
        diffusion.interval_coverage("bass", years, truth, origin=2006, sigma=0.0)


def test_min_observations_is_the_rule_fit_and_the_explorer_follow():
    from egovlib import widgets

    # bass has p, q, m: 3 + 2 = 5; with m fixed 2 + 2 = 4; linear a, b: 4
    assert diffusion.min_observations("bass") == 5
    assert diffusion.min_observations("bass", m_fixed=True) == 4
    assert diffusion.min_observations("linear", m_fixed=True) == 4
    assert widgets.MIN_FIT_YEARS == 5
    with pytest.raises(ValueError, match="at least 5 observations"):
        diffusion.fit("bass", [1, 2, 3, 4], [1.0, 3.0, 6.0, 9.0])
    with pytest.raises(ValueError, match="model='nope'"):
        diffusion.min_observations("nope")
