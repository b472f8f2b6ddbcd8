"""egovlib.stats against independent implementations, textbook values and properties."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pymannkendall
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from egovlib import stats

finite = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_infinity=False)
distinct_series = st.lists(finite, min_size=4, max_size=12, unique=True)


@pytest.mark.parametrize("seed", range(40))
def test_mann_kendall_agrees_with_pymannkendall(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(8, 25))
    y = rng.normal(size=n) + rng.uniform(-0.3, 0.3) * np.arange(n)
    ours = stats.mann_kendall(y)
    ref = pymannkendall.original_test(y)
    assert ours.statistic == ref.s
    assert ours.estimate == pytest.approx(ref.Tau)
    # pymannkendall uses the normal approximation; the exact p differs a little for small n
    assert ours.p_value == pytest.approx(ref.p, abs=0.03)


def test_mann_kendall_exact_small_n():
    result = stats.mann_kendall([1, 2, 3, 4])
    assert result.p_value == pytest.approx(2 / 24)
    assert any("smallest attainable" in w for w in result.warnings)


@pytest.mark.parametrize("seed", range(20))
def test_theil_sen_agrees_with_scipy(seed):
    rng = np.random.default_rng(seed)
    t = np.sort(rng.choice(np.arange(2000, 2030), size=10, replace=False)).astype(float)
    y = 0.3 * t + rng.normal(size=10)
    ours = stats.theil_sen(y, t)
    ref = sps.theilslopes(y, t, alpha=0.95)
    assert (ours.estimate, ours.ci_low, ours.ci_high) == pytest.approx((ref.slope, ref.low_slope, ref.high_slope))


def test_proportion_intervals_match_textbook():
    # Agresti & Coull (1998)-style check: 3 of 10, Wilson 95 % interval (0.108, 0.603)
    wilson = stats.proportion(3, 10, method="wilson")
    assert (wilson.ci_low, wilson.ci_high) == pytest.approx((0.1078, 0.6032), abs=5e-4)
    exact = stats.proportion(3, 10, method="beta")  # Clopper-Pearson (0.0667, 0.6525)
    assert (exact.ci_low, exact.ci_high) == pytest.approx((0.0667, 0.6525), abs=5e-4)
    assert math.isnan(exact.p_value) and "no benchmark" in exact.method  # no test without a stated benchmark
    # with a stated benchmark: the exact binomial test of scipy (3 of 10 against 0.5: p = 0.34375 = 352/1024)
    tested = stats.proportion(3, 10, method="beta", benchmark=0.5)
    assert tested.p_value == pytest.approx(352 / 1024) and "vs 0.5" in tested.method
    # against 0.1: P(X >= 3 | n = 10, p = 0.1) = 0.0702 and the two-sided p adds the lower tail P(X = 0) = 0.3487
    assert stats.proportion(3, 10, benchmark=0.1).p_value == pytest.approx(sps.binomtest(3, 10, 0.1).pvalue)
    with pytest.raises(ValueError, match="benchmark=1"):
        stats.proportion(3, 10, benchmark=1)


def test_permutation_difference_is_exact_for_small_groups():
    result = stats.permutation_difference([1, 2, 3], [4, 5, 6])
    assert result.p_value == pytest.approx(2 / 20)
    assert "exact" in result.method and "20 distinct permutations" in result.warnings[0]


def test_percent_change_and_cagr():
    assert stats.percent_change(37582.8, 45185.0).estimate == pytest.approx(20.2279, abs=1e-3)
    two = stats.cagr([100, 121], [2019, 2021])
    assert two.estimate == pytest.approx(10.0) and math.isnan(two.ci_low)
    assert "no sampling interval" in two.warnings[0]
    many = stats.cagr([100 * 1.1**k for k in range(6)], list(range(2015, 2021)))
    assert many.estimate == pytest.approx(10.0) and many.ci_low - 1e-9 <= 10.0 <= many.ci_high + 1e-9


def test_segmented_regression_recovers_a_level_change():
    t = np.arange(2010, 2022, dtype=float)
    y = 1 + 0.5 * (t - 2010) + 3 * (t >= 2016)
    table = stats.segmented_regression(y + np.random.default_rng(1).normal(0, 0.05, len(t)), t, 2016)
    level = table.set_index("name").loc["level change"]
    assert level["estimate"] == pytest.approx(3, abs=0.2) and level["p_value"] < 0.01


def test_rank_correlation_and_kendalls_w():
    rho = stats.rank_correlation([1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 5])
    assert rho.estimate == pytest.approx(sps.spearmanr([1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 5]).statistic)
    assert 0 < rho.p_value < 0.2
    w = stats.kendalls_w([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]])
    assert w.estimate == pytest.approx(1.0)
    assert stats.kendalls_w([[1, 2, 3], [3, 2, 1]]).estimate == pytest.approx(0.0)


def test_effect_sizes_and_adjustment():
    g = stats.hedges_g([1, 2, 3, 4], [3, 4, 5, 6])
    assert g.estimate > 0 and g.ci_low < g.estimate < g.ci_high
    delta = stats.cliffs_delta([1, 2, 3], [4, 5, 6])
    assert delta.estimate == 1.0
    assert stats.adjust_pvalues([0.01, 0.04, 0.03], "holm") == pytest.approx([0.03, 0.06, 0.06])
    assert stats.adjust_pvalues([0.01, 0.04, 0.03], "fdr_bh") == pytest.approx([0.03, 0.04, 0.04])


def test_convergence():
    panel = pd.DataFrame({"year": [2010] * 3 + [2020] * 3, "country": list("abc") * 2,
                          "value": [0.2, 0.5, 0.8, 0.5, 0.6, 0.7]})
    sigma = stats.sigma_convergence(panel)
    assert sigma["sd"].iloc[1] < sigma["sd"].iloc[0] and (sigma["n"] == 3).all()
    beta = stats.beta_convergence([0.2, 0.5, 0.8], [0.5, 0.6, 0.7], span=10)
    assert beta.estimate < 0 and beta.n == 3 and beta.warnings


def test_results_render_as_rows():
    table = stats.results_table([stats.mann_kendall([1, 3, 2, 5, 4]), stats.theil_sen([1, 3, 2, 5, 4])])
    assert list(table["n"]) == [5, 5] and {"p_value", "method", "warnings"} <= set(table.columns)
    assert "n = 5" in str(stats.mann_kendall([1, 3, 2, 5, 4]))


@pytest.mark.parametrize("call, message", [
    (lambda: stats.mann_kendall([1, float("nan"), 3, 4]), "NaN at position"),
    (lambda: stats.mann_kendall([1, 2, 3, 4], t=[2001, 2000, 2002, 2003]), "sorted ascending"),
    (lambda: stats.mann_kendall([1, 2, 3, 4], t=[2000, 2000, 2002, 2003]), "duplicate time"),
    (lambda: stats.theil_sen("1234"), "got a string"),
    (lambda: stats.theil_sen(["a", "b", "c"]), "expected numbers"),
    (lambda: stats.mann_kendall([1, 2]), "at least 3"),
    (lambda: stats.cagr([1, -2, 3], [1, 2, 3]), "positive"),
    (lambda: stats.proportion(11, 10), "between 0 and trials"),
    (lambda: stats.adjust_pvalues([0.1], "bonferroni"), "holm"),
])
def test_bad_input_is_named(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


@settings(max_examples=60, deadline=None)
@given(distinct_series)
def test_trend_changes_sign_when_reversed(values):
    forward = stats.mann_kendall(values)
    backward = stats.mann_kendall(values[::-1])
    assert forward.statistic == -backward.statistic
    assert stats.theil_sen(values).estimate == pytest.approx(-stats.theil_sen(values[::-1]).estimate, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(distinct_series, st.floats(min_value=-1e3, max_value=1e3))
def test_theil_sen_unchanged_by_a_constant(values, shift):
    base = stats.theil_sen(values)
    shifted = stats.theil_sen([v + shift for v in values])
    assert shifted.estimate == pytest.approx(base.estimate, abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=0.1, max_value=1e6), st.integers(min_value=2, max_value=10))
def test_cagr_of_a_constant_series_is_zero(level, n):
    assert stats.cagr([level] * n, list(range(n))).estimate == pytest.approx(0.0, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=50), st.data())
def test_intervals_contain_their_estimate(trials, data):
    successes = data.draw(st.integers(min_value=0, max_value=trials))
    for method in ("wilson", "beta"):
        result = stats.proportion(successes, trials, method=method)
        assert result.ci_low - 1e-12 <= result.estimate <= result.ci_high + 1e-12


def test_rank_of_focus_is_exact_and_warns():
    values = [0.01, 0.05, 0.02, 0.09, 0.03]
    top = stats.rank_of_focus(values, 3)
    assert top.estimate == 1 and top.p_value == pytest.approx(1 / 5) and top.n == 5
    assert any("cannot reach p < 0.05" in w for w in top.warnings)
    bottom = stats.rank_of_focus(values, 0)
    assert bottom.estimate == 5 and bottom.p_value == 1.0
    assert stats.rank_of_focus(values, 0, larger_is_unusual=False).estimate == 1
    with pytest.raises(ValueError, match="focus=7"):
        stats.rank_of_focus(values, 7)


def test_permutation_difference_with_one_value_before():
    result = stats.permutation_difference([1.0], [2.0, 3.0, 4.0])
    # four arrangements; the observed split is the most extreme of them in one direction
    assert result.estimate == pytest.approx(2.0)
    assert result.p_value == pytest.approx(0.5)
    assert "4 distinct permutations" in result.warnings[0]
    two = stats.permutation_difference([1.0, 2.0], [3.0, 4.0])
    assert two.p_value == pytest.approx(1 / 3)


def test_fisher_exact_matches_r_fisher_test_on_the_tea_tasting_table():
    # R: fisher.test(matrix(c(3, 1, 1, 3), 2)) gives odds ratio 6.408309,
    # two-sided 95 % CI 0.2117329 to 621.9337505, p-value 0.4857
    result = stats.fisher_exact([[3, 1], [1, 3]])
    assert result.estimate == pytest.approx(6.408309, rel=1e-5)
    assert result.ci_low == pytest.approx(0.2117329, rel=1e-4)
    assert result.ci_high == pytest.approx(621.9337505, rel=1e-2)  # R solves this bound with uniroot's coarse tolerance
    assert result.p_value == pytest.approx(0.4857, abs=1e-4)
    assert result.n == 8


def test_fisher_exact_warns_on_an_empty_row_and_refuses_a_bad_table():
    result = stats.fisher_exact([[0, 0], [3, 4]])
    assert any("empty" in w for w in result.warnings)
    with pytest.raises(ValueError, match="2x2"):
        stats.fisher_exact([[1, 2, 3], [4, 5, 6]])


def test_smallest_attainable_p_by_hand():
    # two against two: C(4, 2) = 6 arrangements, two-sided floor 2/6; one against three: 2/4; three against three: 2/20
    assert stats.smallest_attainable_p(2, 2) == pytest.approx(1 / 3)
    assert stats.smallest_attainable_p(1, 3) == pytest.approx(0.5)
    assert stats.smallest_attainable_p(3, 3) == pytest.approx(0.1)
    assert stats.smallest_attainable_p(1, 1) == 1.0
    with pytest.raises(ValueError, match="at least one"):
        stats.smallest_attainable_p(0, 3)


def test_a_test_that_cannot_reject_is_warned_about_and_refused_on_request():
    warned = stats.permutation_difference([1.0, 2.0], [3.0, 4.0])
    assert any("cannot reject at alpha = 0.05" in w for w in warned.warnings)
    with pytest.raises(stats.PowerlessTestError, match="smallest attainable p is 0.333"):
        stats.permutation_difference([1.0, 2.0], [3.0, 4.0], refuse_powerless=True)
    # four against four: floor 2/70 < 0.05, so the test runs even when refusal is asked for
    result = stats.permutation_difference([1, 2, 3, 4], [5, 6, 7, 8], refuse_powerless=True)
    assert result.p_value == pytest.approx(2 / 70)
    assert not any("cannot reject" in w for w in result.warnings)


def test_cagr_of_three_points_has_no_interval():
    # 100, 110, 121: log-linear slope = ln(1.1) exactly, so 10 % a year; one residual degree of freedom
    three = stats.cagr([100, 110, 121], [2019, 2020, 2021])
    assert three.estimate == pytest.approx(10.0)
    assert math.isnan(three.ci_low) and math.isnan(three.ci_high)
    assert "1 residual degree" in three.warnings[0]
    six = stats.cagr([100, 112, 119, 135, 144, 163], list(range(2015, 2021)))
    assert not math.isnan(six.ci_low) and six.ci_low <= six.estimate <= six.ci_high


def test_cliffs_delta_gives_no_degenerate_interval_for_two_values_a_side():
    # 3 and 4 both above 1 and 2: all four pairs favour b, delta = 1 (hand count)
    small = stats.cliffs_delta([1.0, 2.0], [3.0, 4.0])
    assert small.estimate == 1.0 and math.isnan(small.ci_low) and "too few" in small.warnings[0]
    # pairs of [1, 2, 3] against [2, 3, 4]: 6 higher, 1 lower, 2 ties of 9 -> (6 - 1) / 9 = 5/9
    larger = stats.cliffs_delta([1.0, 2.0, 3.0], [2.0, 3.0, 4.0])
    assert larger.estimate == pytest.approx(5 / 9) and not math.isnan(larger.ci_low)


def test_reported_rounds_by_n_and_results_table_shows_it():
    raw = stats.TestResult("tau", "exact", 12, estimate=0.787878, ci_low=0.45678, ci_high=0.93456, confidence=0.95,
                           statistic=52.0, p_value=0.000456)
    shown = raw.reported()
    assert (shown.estimate, shown.ci_low, shown.ci_high, shown.statistic, shown.p_value) == \
        (0.79, 0.46, 0.93, 52.0, 0.00046)
    assert raw.estimate == 0.787878  # the raw result is untouched (adjust p-values from it)
    assert raw.shown("estimate") == "0.79" and raw.shown("p_value") == "< 0.001"
    row = stats.results_table([raw]).iloc[0]
    assert row["estimate"] == 0.79 and row["p_value"] == 0.00046
    assert "estimate 0.79" in str(raw) and "[0.46, 0.93]" in str(raw)
    missing = stats.TestResult("x", "none", 3).reported()
    assert np.isnan(missing.estimate) and np.isnan(missing.p_value)
    with pytest.raises(ValueError, match="field_name='n'"):
        raw.shown("n")


def test_min_trend_n_is_where_the_exact_test_can_first_reject():
    # by hand: 2 / 4! = 0.083 > 0.05 >= 2 / 5! = 0.0167; 2 / 3! = 0.33 > 0.1 >= 0.083; 0.0167 > 0.01 >= 2 / 6! = 0.0028
    assert (stats.min_trend_n(), stats.min_trend_n(0.1), stats.min_trend_n(0.01)) == (5, 4, 6)
    assert any("no trend can be significant" in w for w in stats.mann_kendall([1, 2, 3, 4]).warnings)
    assert not any("no trend can be significant" in w for w in stats.mann_kendall([1, 2, 3, 4, 5]).warnings)
    with pytest.raises(ValueError, match="alpha"):
        stats.min_trend_n(1.5)


def test_kendalls_w_has_one_formula_for_both_p_values():
    from egovlib import agreement

    rankings = [[1, 2, 3, 4], [2, 1, 3, 4], [1, 3, 2, 4]]
    # by hand: column rank totals 4, 6, 8, 12 (mean 7.5), S = 12.25 + 2.25 + 0.25 + 20.25 = 35,
    # W = 12 * 35 / (3**2 * (4**3 - 4)) = 420 / 540 = 7 / 9
    chi2 = stats.kendalls_w(rankings)
    perm = agreement.kendalls_w_permutation(rankings, n_resamples=200, seed=0)
    assert chi2.estimate == pytest.approx(7 / 9) and perm.estimate == chi2.estimate
    for func in (stats.kendalls_w, agreement.kendalls_w_permutation):
        with pytest.raises(ValueError, match="at least 2 rankings"):
            func([[1, 2, 3]])


def test_as_series_positive_is_the_one_positivity_check():
    with pytest.raises(ValueError, match="initial: must be positive"):
        stats.beta_convergence([0.5, 0.0, 0.4], [0.6, 0.5, 0.5], span=2)
    with pytest.raises(ValueError, match=r"y: must be positive \(found -2.0\)"):
        stats.cagr([1, -2, 3], [1, 2, 3])
    assert stats.as_series([0.1, 2], "x", positive=True).tolist() == [0.1, 2.0]


def test_mantel_haenszel_by_hand_and_against_pooling():
    # two strata with the same odds ratio 4, pooled into a table whose odds ratio is far from it (Simpson)
    strata = [[[8, 2], [40, 40]], [[40, 40], [2, 8]]]
    result = stats.mantel_haenszel(strata + [[[0, 3], [0, 4]]])
    by_hand = sum(a * d / (a + b + c + d) for (a, b), (c, d) in strata) / \
        sum(b * c / (a + b + c + d) for (a, b), (c, d) in strata)
    assert result.estimate == pytest.approx(by_hand) == pytest.approx(4.0)
    assert result.ci_low < 4 < result.ci_high and result.n == 180
    assert any("1 of 3 strata carry no information" in w for w in result.warnings)
    pooled = stats.fisher_exact(np.array(strata).sum(axis=0))
    assert abs(np.log(pooled.estimate)) < 0.5 < abs(np.log(result.estimate))  # pooling hides the effect
    with pytest.raises(ValueError, match="stack of 2x2 tables"):
        stats.mantel_haenszel([[1, 2], [3, 4]])
    with pytest.raises(ValueError, match="no stratum"):
        stats.mantel_haenszel([[[0, 3], [0, 4]]])
