"""egovlib.un_method, the world-relative functions of egovlib.egdi, the censored time-to-threshold
functions of egovlib.regional and egovlib.agreement. Expected values are hand calculations (in the
comments) or come from another implementation."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from egovlib import agreement, egdi, regional, stats, un_method
from egovlib.errors import ParameterError

matplotlib.use("Agg")


# -- un_method ------------------------------------------------------------------------------------
def test_method_changes_are_listed_once_with_a_known_source():
    from egovlib.datasets import default_package

    sources = default_package().sources()
    assert [c.year for c in un_method.METHOD_CHANGES] == [2014, 2020, 2024]
    for change in un_method.METHOD_CHANGES:
        assert change.source in sources and change.locator and change.what


def test_crosses_change_by_index():
    assert un_method.crosses_change(2012, 2014, "hci") and un_method.crosses_change(2012, 2014, "egdi")
    assert not un_method.crosses_change(2012, 2014, "tii") and not un_method.crosses_change(2012, 2014, "osi")
    assert un_method.crosses_change(2018, 2020, "tii") and not un_method.crosses_change(2014, 2018, "egdi")
    assert not un_method.crosses_change(2020, 2022, "egdi") and un_method.crosses_change(2022, 2024, "hci")
    with pytest.raises(ValueError, match="index='gdp'"):
        un_method.crosses_change(2010, 2012, "gdp")
    with pytest.raises(ValueError, match="earlier"):
        un_method.crosses_change(2014, 2012)


def test_comparable_spans_split_at_every_change():
    rounds = [2003, 2004, 2005, 2008, 2010, 2012, 2014, 2016, 2018, 2020, 2022, 2024]
    assert un_method.comparable_spans(rounds, "egdi") == [rounds[:6], [2014, 2016, 2018], [2020, 2022], [2024]]
    assert un_method.comparable_spans(rounds, "osi") == [rounds]  # no listed change of the OSI
    assert un_method.comparable_spans(rounds, "epart") == [rounds]


def test_world_mean_shifts_measure_the_changes_from_the_data():
    table = pd.DataFrame({"country": ["A", "B", "A", "B"], "year": [2012, 2012, 2014, 2014],
                          "indicator": "hci", "value": [0.8, 0.6, 0.7, 0.5]})
    shifts = un_method.world_mean_shifts(table, ["hci"]).set_index("year")
    # world means 0.7 and 0.6: the change is -0.1, across the 2014 redefinition
    assert shifts.at[2014, "change"] == pytest.approx(-0.1) and bool(shifts.at[2014, "method_change"])
    assert math.isnan(shifts.at[2012, "change"])


def test_mark_method_changes_draws_inside_the_axis_only():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.set_xlim(2010, 2021)
    assert un_method.mark_method_changes(ax) == [2014, 2020]
    fig2, ax2 = plt.subplots()
    ax2.set_xlim(-0.5, 3.5)  # categorical rounds 2012, 2014, 2016, 2018: only the 2014 change lies between them
    assert un_method.mark_method_changes(ax2, rounds=[2012, 2014, 2016, 2018]) == [2014]
    plt.close("all")


# -- egdi: relative to the world --------------------------------------------------------------------
def test_world_relative_z_percentile_and_rank_by_hand():
    table = pd.DataFrame({"country": list("ABCDE"), "year": 2020, "indicator": "egdi",
                          "value": [0.2, 0.4, 0.6, 0.8, 0.0]})  # E not assessed
    out = egdi.world_relative(table, ("egdi",)).set_index("country")
    # mean 0.5, SD (ddof 1) sqrt((0.09 + 0.01 + 0.01 + 0.09) / 3) = 0.258199
    assert "E" not in out.index and (out["members"] == 4).all()
    assert out.at["D", "z"] == pytest.approx(0.3 / 0.258199, rel=1e-5)
    assert out.at["C", "percentile"] == pytest.approx(75.0) and out.at["C", "rank"] == 2


def toy_world() -> pd.DataFrame:
    """Four members, two rounds; EGDI is the mean of the components. In 2014 every HCI is 0.1 higher."""
    base = {"A": (0.5, 0.4, 0.2), "B": (0.7, 0.6, 0.5), "C": (0.3, 0.5, 0.1), "D": (0.6, 0.3, 0.4)}
    rows = []
    for year, shift in [(2012, 0.0), (2014, 0.1)]:
        for country, (osi, hci, tii) in base.items():
            comps = {"osi": osi, "hci": hci + shift, "tii": tii}
            rows += [{"country": country, "year": year, "indicator": k, "value": v} for k, v in comps.items()]
            rows.append({"country": country, "year": year, "indicator": "egdi", "value": sum(comps.values()) / 3})
    return pd.DataFrame(rows)


def test_decompose_relative_is_exact_and_ignores_a_change_that_moves_everyone_alike():
    world = toy_world()
    parts = egdi.decompose_relative(egdi.world_relative(world), "A")
    # every member's HCI rose by 0.1 (a redefinition): nobody moved relative to the world
    assert parts.loc[0, ["osi_contribution", "hci_contribution", "tii_contribution", "z_change"]].abs().max() < 1e-12
    levels = egdi.decompose(world[world["country"] == "A"].pivot(index="year", columns="indicator", values="value"))
    assert levels.loc[0, "hci_contribution"] == pytest.approx(0.1 / 3)  # the level decomposition shows it


def test_decompose_relative_matches_z_scores_computed_directly():
    world = toy_world()
    world.loc[(world["country"] == "B") & (world["year"] == 2014) & (world["indicator"] == "osi"), "value"] += 0.2
    egdi_rows = world["indicator"] == "egdi"
    wide = world[~egdi_rows].pivot_table(index=["country", "year"], columns="indicator", values="value")
    world.loc[egdi_rows, "value"] = wide.mean(axis=1).reindex(
        pd.MultiIndex.from_frame(world.loc[egdi_rows, ["country", "year"]])).to_numpy()
    parts = egdi.decompose_relative(egdi.world_relative(world), "B").iloc[0]
    e = world[egdi_rows].pivot(index="year", columns="country", values="value")
    z = (e - e.mean(axis=1).to_numpy()[:, None]) / e.std(axis=1, ddof=1).to_numpy()[:, None]  # numpy, by hand
    assert parts["z_change"] == pytest.approx(z.at[2014, "B"] - z.at[2012, "B"])
    explained = parts[["osi_contribution", "hci_contribution", "tii_contribution"]].sum()
    assert explained == pytest.approx(parts["z_change"]) and abs(parts["residual"]) < 1e-12
    assert parts["osi_contribution"] > 0.1  # B's own OSI gain


def test_decompose_relative_refuses_an_unknown_country():
    with pytest.raises(ValueError, match="country='ZZZ'"):
        egdi.decompose_relative(egdi.world_relative(toy_world()), "ZZZ")


def test_shipped_panel_is_the_default_source():
    kaz = egdi.trajectory("KAZ")
    raw = pd.read_csv(Path(egdi.__file__).parent.parent / "data" / "un_egov_panel.csv")
    expected = raw[(raw["country"] == "KAZ") & (raw["indicator"] == "egdi")].set_index("year")["value"]
    assert list(kaz.index) == list(expected.index) and np.allclose(kaz["egdi"], expected)
    assert len(egdi.countries()) == 193
    assert egdi.caption(kaz.attrs["sources"]).startswith("Source: UN DESA, United Nations E-Government Survey 2003,")
    assert egdi.country_name("KGZ") == "Kyrgyzstan" and egdi.country_name("XXX") == "XXX"


# -- regional: time to a threshold with censoring ------------------------------------------------------
def toy_members() -> pd.DataFrame:
    values = {"A": {2010: 0.7, 2012: 0.8, 2014: 0.9}, "B": {2010: 0.3, 2012: 0.5, 2014: 0.65},
              "C": {2010: 0.2, 2012: 0.3, 2014: 0.4}, "D": {2010: 0.4, 2012: 0.62, 2014: 0.7},
              "E": {2012: 0.3, 2014: 0.61}}  # E first assessed in 2012
    return pd.DataFrame([{"country": c, "year": y, "value": v} for c, s in values.items() for y, v in s.items()])


def test_threshold_events_censoring():
    events = regional.threshold_events(toy_members(), 0.6).set_index("country")
    assert events.at["A", "status"] == "left-censored"
    assert events.at["B", "status"] == "crossed" and events.at["B", "time"] == 4 and events.at["B", "event"] == 1
    assert events.at["C", "status"] == "right-censored" and events.at["C", "time"] == 4 and events.at["C", "event"] == 0
    assert events.at["D", "time"] == 2 and events.at["E", "entry"] == 2 and events.at["E", "time"] == 4
    with pytest.raises(ValueError, match="threshold=1.5"):
        regional.threshold_events(toy_members(), 1.5)


def test_kaplan_meier_by_hand():
    events = regional.threshold_events(toy_members(), 0.6)
    curve, summary = regional.time_to_threshold(events)
    # risk set at t=2: B, C, D (E enters at 2) -> 1 event: S = 2/3
    # at t=4: B, C, E -> 2 events (B, E): S = 2/3 * 1/3 = 2/9
    assert list(curve["year"]) == [2012, 2014]
    assert curve["surv"].tolist() == pytest.approx([2 / 3, 2 / 9])
    assert summary["left_censored"] == 1 and summary["crossed"] == 3 and summary["right_censored"] == 1
    # share of all five members adopted: (1 + 4 (1 - S)) / 5
    assert curve["adopted_share"].tolist() == pytest.approx([100 * (1 + 4 / 3) / 5, 100 * (1 + 4 * 7 / 9) / 5])
    assert summary["median_years"] == 4  # S falls below 0.5 at t = 4


def test_censored_categories_by_hand():
    events = regional.threshold_events(toy_members(), 0.6)
    curve, _ = regional.time_to_threshold(events)
    cats = regional.censored_categories(events, curve).set_index("country")
    # A in [0, 20] %, D in [20, 46.7], B and E in [46.7, 82.2], C in [82.2, 100]
    assert cats.at["A", "category"] == "innovators/early adopters/early majority"
    assert cats.at["D", "category"] == "early majority" and bool(cats.at["D", "determined"])
    assert cats.at["B", "category"] == "early majority/late majority" and not cats.at["B", "determined"]
    assert cats.at["C", "category"] == "late majority/laggards"


def test_censored_categories_among_members_adopted_by_the_last_round():
    events = regional.threshold_events(toy_members(), 0.6)
    curve, _ = regional.time_to_threshold(events)
    cats = regional.censored_categories(events, curve, "adopted").set_index("country")
    last = 100 * (1 + 4 * 7 / 9) / 5  # share adopted by 2014: the eventual adopters under this bound
    # D in [20, 46.7] % of all = [24.3, 56.8] % of the adopted: crosses the 50 % boundary now
    assert cats.at["D", "share_low"] == pytest.approx(100 * 20 / last)
    assert cats.at["D", "share_high"] == pytest.approx(100 * (100 * (1 + 4 / 3) / 5) / last)
    assert cats.at["D", "category"] == "early majority/late majority"
    assert cats.at["B", "category"] == "late majority/laggards" and cats.at["B", "share_high"] == pytest.approx(100)
    assert cats.at["C", "category"] == "not adopted" and not cats.at["C", "determined"]
    with pytest.raises(ParameterError, match="eventual='some': expected one of"):
        regional.censored_categories(events, curve, "some")


def test_threshold_sweep_and_stability():
    sweep = regional.threshold_sweep(toy_members(), ["B", "D"], [0.55, 0.6, 0.65])
    assert len(sweep) == 6 and set(sweep["threshold"]) == {0.55, 0.6, 0.65}
    stability = regional.category_stability(sweep, 0.6, width=0.05).set_index("country")
    assert stability.at["D", "thresholds"] == 3
    d = sweep[sweep["country"] == "D"]
    assert bool(stability.at["D", "stable"]) == (d["category"].nunique() == 1 and d["determined"].all())
    assert not stability.at["B", "stable"]  # undetermined at 0.6 already


# -- agreement -----------------------------------------------------------------------------------------
def test_kendalls_w_by_hand_and_exact_null():
    rankings = np.array([[1, 2, 3], [1, 3, 2]])
    result = agreement.kendalls_w_permutation(rankings, n_resamples=20000, seed=1)
    # rank sums 2, 5, 5; S = 4 + 1 + 1 = 6; W = 12 S / (m^2 (n^3 - n)) = 72 / 96
    assert result.estimate == pytest.approx(0.75)
    assert result.estimate == pytest.approx(stats.kendalls_w(rankings).estimate)  # the other implementation
    # exact null: the second ranking uniform over the 6 orders; W >= 0.75 for the identical and 2 adjacent swaps
    ws = []
    for perm in itertools.permutations([1, 2, 3]):
        totals = np.array([1, 2, 3]) + np.array(perm)
        ws.append(12 * ((totals - totals.mean()) ** 2).sum() / (4 * 24))
    exact = np.mean(np.array(ws) >= 0.75 - 1e-12)
    assert exact == pytest.approx(0.5)
    assert result.p_value == pytest.approx(exact, abs=0.015)
    assert any("independent raters" in w for w in result.warnings)


def test_kendalls_w_refuses_bad_input():
    with pytest.raises(ValueError, match="at least 2 rankings"):
        agreement.kendalls_w_permutation(np.array([[1, 2, 3]]))
    with pytest.raises(ValueError, match="NaN"):
        agreement.kendalls_w_permutation(np.array([[1, 2, np.nan], [1, 2, 3]]))


def test_spearman_interval_by_formula():
    x = [21.9, 38.0, 52.3, 63.9, 64.7, 78.9, 79.8]
    y = [0.34, 0.65, 0.79, 0.69, 0.56, 0.87, 0.73]
    result = agreement.spearman_with_interval(x, y)
    rho = sps.spearmanr(x, y).statistic
    se = math.sqrt((1 + rho**2 / 2) / (7 - 3))  # Bonett & Wright (2000)
    assert result.estimate == pytest.approx(rho)
    assert result.ci_low == pytest.approx(math.tanh(math.atanh(rho) - 1.959964 * se), rel=1e-5)
    assert result.ci_high == pytest.approx(math.tanh(math.atanh(rho) + 1.959964 * se), rel=1e-5)
    # exact permutation p: share of the 5040 orderings with |rho| >= observed
    null = [sps.spearmanr(x, p).statistic for p in itertools.permutations(y)]
    assert result.p_value == pytest.approx(np.mean(np.abs(null) >= abs(rho) - 1e-12), abs=1e-9)


def test_world_means_one_rule_for_every_world_average():
    from egovlib.crosscheck import world_means

    rows = pd.DataFrame({"year": [2020, 2020, 2020, 2022, 2022], "value": [0.0, 0.4, 0.8, 0.5, float("nan")]})
    # by hand: 2020 (0 + 0.4 + 0.8) / 3 = 0.4 over 3 members, assessed only (0.4 + 0.8) / 2 = 0.6;
    # 2022: 0.5, the NaN left out
    every = world_means(rows)
    assert every["members"].tolist() == [3, 1] and every["value"].tolist() == pytest.approx([0.4, 0.5])
    assert world_means(rows, drop_zeros=True)["value"].tolist() == pytest.approx([0.6, 0.5])
    table = rows.assign(country=["A", "B", "C", "A", "B"], indicator="hci")
    shifts = un_method.world_mean_shifts(table, ["hci"])
    assert shifts["world_mean"].tolist() == pytest.approx([0.6, 0.5])
