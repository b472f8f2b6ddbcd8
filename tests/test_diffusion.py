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
