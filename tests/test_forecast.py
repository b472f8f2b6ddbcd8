"""egovlib.forecast: models, intervals, scores, the no-leak property and the published forecasts.

Expected values come from closed forms and hand calculations written in the comments, never from
the functions under test.
"""

from __future__ import annotations

import json
import math
import shutil

import numpy as np
import pandas as pd
import pytest

import egovlib
from egovlib import forecast as fc
from egovlib.datasets import DataPackage, DataValidationError, default_data_dir

ROUNDS = list(range(2008, 2026, 2))  # 2008 ... 2024


def tidy(wide: pd.DataFrame, indicator: str = "egdi") -> pd.DataFrame:
    rows = [{"country": c, "year": y, "indicator": indicator, "value": v}
            for c, row in wide.iterrows() for y, v in row.items() if pd.notna(v)]
    return pd.DataFrame(rows)


def linear_panel(n: int = 40, seed: int = 1) -> pd.DataFrame:
    """Countries on straight lines 0.2 + 0.01 * k * (year - 2008) plus a little noise."""
    rng = np.random.default_rng(seed)
    data = {f"C{i:02d}": [0.2 + 0.01 * (i % 5 + 1) * (y - 2008) / 2 + rng.normal(0, 0.01) for y in ROUNDS]
            for i in range(n)}
    wide = pd.DataFrame(data, index=ROUNDS).T.clip(0.01, 0.99)
    wide.index.name, wide.columns.name = "country", "year"
    return wide


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return egovlib.load("un_egov_panel")


# -- models ------------------------------------------------------------------------------------
def test_carry_forward_and_theil_sen_on_a_line():
    # One country on the line y = 0.3 + 0.02 (t - 2016): carry-forward of 2022 is 0.42; the Theil-Sen
    # line through the last four rounds is the line itself, so 2024 gives 0.3 + 0.02 * 8 = 0.46.
    wide = pd.DataFrame([[0.3 + 0.02 * (y - 2016) for y in ROUNDS]], index=["AAA"], columns=ROUNDS)
    table = fc.point_forecasts(wide, 2022, [2]).set_index("model")["point"]
    assert table["carry_forward"] == pytest.approx(0.42)
    assert table["theil_sen"] == pytest.approx(0.46)


def test_theil_sen_is_clipped_at_one():
    # Slope 0.1 per year from 0.5 in 2016: the line gives 1.3 in 2024, the forecast is capped at 1.
    wide = pd.DataFrame([[min(0.99, 0.5 + 0.1 * (y - 2016)) if y >= 2016 else np.nan for y in ROUNDS]],
                        index=["AAA"], columns=ROUNDS)
    wide.loc["AAA", 2022] = 0.95
    assert fc.point_forecasts(wide, 2022, [2]).set_index("model").at["theil_sen", "point"] == 1.0


@pytest.mark.parametrize("model,curve", [
    ("logistic", lambda z: 1 / (1 + math.exp(-z))),
    ("gompertz", lambda z: math.exp(-math.exp(-z))),
])
def test_curves_recover_an_exact_curve(model, curve):
    # y = curve(-1 + 0.15 (t - 2008)) exactly: the fit is exact, so 2024 gives curve(-1 + 0.15 * 16) = curve(1.4).
    wide = pd.DataFrame([[curve(-1 + 0.15 * (y - 2008)) for y in ROUNDS[:-1]] + [np.nan]], index=["AAA"],
                        columns=ROUNDS)
    point = fc.point_forecasts(wide, 2022, [2]).set_index("model").at[model, "point"]
    assert point == pytest.approx(curve(1.4), abs=1e-6)


def test_pooled_logit_follows_an_exact_process():
    # logit y_{t+2} = logit y_t + a_i + b logit y_t with b = -0.1 and a_i in {0.1, 0.2, 0.3}: OLS is exact.
    # Country B starts at logit 0 in 2008; each step z <- z + 0.2 - 0.1 z = 0.9 z + 0.2.
    b, effects = -0.1, {"A": 0.1, "B": 0.2, "C": 0.3}
    rows = {}
    for country, a in effects.items():
        z = {"A": -1.0, "B": 0.0, "C": 1.0}[country]
        series = []
        for _ in ROUNDS:
            series.append(1 / (1 + math.exp(-z)))
            z = z + a + b * z
        rows[country] = series
    wide = pd.DataFrame(rows, index=ROUNDS).T
    z = 0.0
    for _ in range(7):  # 2008 -> 2022
        z = 0.9 * z + 0.2
    two = 0.9 * z + 0.2  # 2024
    four = 0.9 * two + 0.2  # 2026
    table = fc.point_forecasts(wide, 2022, [2, 4])
    pooled = table[(table["model"] == "pooled_logit") & (table["country"] == "B")].set_index("horizon")["point"]
    assert pooled[2] == pytest.approx(1 / (1 + math.exp(-two)), abs=1e-9)
    assert pooled[4] == pytest.approx(1 / (1 + math.exp(-four)), abs=1e-9)


def test_too_little_history_gives_nan_not_an_error():
    wide = pd.DataFrame([[np.nan] * 6 + [0.4, 0.5, np.nan]], index=["AAA"], columns=ROUNDS)
    table = fc.point_forecasts(wide, 2022, [2]).set_index("model")["point"]
    assert table["carry_forward"] == 0.5 and table["theil_sen"] == pytest.approx(0.6)
    # A curve needs three rounds; the pooled model needs more changes than country effects plus a slope.
    assert set(table.dropna().index) == {"carry_forward", "theil_sen"}


def test_bad_arguments_are_refused():
    wide = linear_panel(3)
    with pytest.raises(ValueError, match="origin=2021"):
        fc.point_forecasts(wide, 2021)
    with pytest.raises(ValueError, match="even"):
        fc.point_forecasts(wide, 2020, [3])
    with pytest.raises(ValueError, match="level=1.5"):
        fc.forecast(wide, 2020, level=1.5)
    with pytest.raises(ValueError, match="'xyz'"):
        fc.wide_panel(tidy(wide), "xyz")


# -- intervals ---------------------------------------------------------------------------------
def test_carry_forward_interval_is_the_quantiles_of_past_changes():
    wide = linear_panel()
    table = fc.forecast(wide, 2022, [2], level=0.8)
    # Calibration origins for 2022: 2016 -> 2018, 2018 -> 2020, 2020 -> 2022 (the three latest).
    changes = np.concatenate([(wide[t + 2] - wide[t]).to_numpy() for t in (2016, 2018, 2020)])
    low, high = np.quantile(changes, [0.1, 0.9])
    row = table[(table["model"] == "carry_forward") & (table["country"] == "C07")].iloc[0]
    assert row["lower"] == pytest.approx(wide.at["C07", 2022] + low)
    assert row["upper"] == pytest.approx(wide.at["C07", 2022] + high)
    assert row["calibration"] == "2016->2018, 2018->2020, 2020->2022"


def test_too_few_calibration_errors_give_no_interval():
    table = fc.forecast(linear_panel(5), 2022, [2])  # 3 origins x 5 countries = 15 < 30
    assert table["lower"].isna().all() and table["point"].notna().all()


# -- no leak -----------------------------------------------------------------------------------
@pytest.mark.slow  # fits every model for every member
def test_no_leak_changing_2024_changes_scores_not_forecasts(panel):
    wide = fc.wide_panel(panel)
    before = fc.forecast(wide, 2022, [2])
    changed = wide.copy()
    rng = np.random.default_rng(0)
    changed[2024] = (changed[2024] + rng.normal(0, 0.05, len(changed))).clip(0.01, 0.99)
    after = fc.forecast(changed, 2022, [2])
    pd.testing.assert_frame_equal(before, after)  # every forecast and interval, exactly
    without = fc.forecast(wide.drop(columns=[2024]), 2022, [2])
    pd.testing.assert_frame_equal(before, without)
    scores_before = fc.score(before, wide[2024]).set_index("model")
    scores_after = fc.score(after, changed[2024]).set_index("model")
    for column in ("mae", "bias", "spearman", "pct_mae"):
        assert (scores_before[column] != scores_after[column]).all(), column


def test_the_2024_method_shift_is_in_the_panel(panel):
    # Independent: world means of the members with a positive value in both rounds, from the shipped CSV.
    table = pd.read_csv(default_data_dir() / "un_egov_panel.csv")
    shift = fc.method_shift(panel, ["hci", "tii"]).set_index(["indicator", "to"])["mean_change"]
    for indicator in ("hci", "tii"):
        rows = table[(table["indicator"] == indicator) & (table["value"] > 0)]
        wide = rows.pivot(index="country", columns="year", values="value")[[2022, 2024]].dropna()
        assert shift[(indicator, 2024)] == pytest.approx((wide[2024] - wide[2022]).mean())
    assert shift[("hci", 2024)] < -0.03 and shift[("tii", 2024)] > 0.08  # the "about -0.05, +0.12"


# -- scores ------------------------------------------------------------------------------------
def hand_forecasts() -> tuple[pd.DataFrame, pd.Series]:
    # Four countries, two models. Actual: A 0.5, B 0.6, C 0.7, D 0.8.
    # m1 (carry_forward) points 0.4, 0.6, 0.75, 0.8 -> errors 0.1, 0, -0.05, 0 ; |e| mean 0.0375, bias 0.0125
    # intervals +-0.06: A [0.34, 0.46] misses 0.5, the rest cover -> coverage 0.75.
    # m2 (theil_sen) points 0.5, 0.5, 0.5, 0.5 -> errors 0, 0.1, 0.2, 0.3 ; MAE 0.15.
    actual = pd.Series({"A": 0.5, "B": 0.6, "C": 0.7, "D": 0.8})
    rows = []
    for model, points in (("carry_forward", [0.4, 0.6, 0.75, 0.8]), ("theil_sen", [0.5] * 4)):
        for country, point in zip("ABCD", points, strict=True):
            rows.append({"country": country, "model": model, "origin": 2022, "horizon": 2, "target": 2024,
                         "point": point, "lower": point - 0.06, "upper": point + 0.06, "level": 0.9})
    table = pd.DataFrame(rows)
    table["model"] = pd.Categorical(table["model"], categories=list(fc.MODELS), ordered=True)
    return table, actual


def test_score_by_hand():
    table, actual = hand_forecasts()
    scores = fc.score(table, actual, groups={"two": ["A", "B"]}).set_index(["group", "model"])
    cf = scores.loc[("all", "carry_forward")]
    assert cf["n"] == 4 and cf["mae"] == pytest.approx(0.0375) and cf["bias"] == pytest.approx(0.0125)
    assert cf["coverage"] == 0.75
    # Unbiased MAE: |0.1-0.0125| + |0-0.0125| + |-0.05-0.0125| + |0-0.0125| = 0.0875+0.0125+0.0625+0.0125 = 0.175; /4
    assert cf["mae_unbiased"] == pytest.approx(0.04375)
    assert cf["spearman"] == pytest.approx(1.0)  # the points are in the order of the actual values
    # Percentiles of actual: 25, 50, 75, 100; of m1's points: 25, 50, 75, 100 -> pct MAE 0.
    assert cf["pct_mae"] == pytest.approx(0.0)
    ts = scores.loc[("all", "theil_sen")]
    assert ts["mae"] == pytest.approx(0.15) and math.isnan(ts["spearman"])  # constant points: no rank order
    two = scores.loc[("two", "carry_forward")]
    assert two["n"] == 2 and two["mae"] == pytest.approx(0.05)


def test_members_without_every_model_are_not_scored():
    table, actual = hand_forecasts()
    table = table[~((table["model"] == "theil_sen") & (table["country"] == "D"))]
    scores = fc.score(table, actual).set_index("model")
    assert (scores["n"] == 3).all()


def test_percentile_of_by_hand():
    # reference 1, 2, 2, 4: 0 -> 0 %, 2 -> 3 of 4 = 75 %, 4 -> 100 %
    assert list(fc.percentile_of(np.array([0, 2, 4]), np.array([4, 2, 1, 2]))) == [0.0, 75.0, 100.0]


def test_paired_comparison_exact_wilcoxon_by_hand():
    # Six members, the model closer than the baseline for every one: exact two-sided signed-rank
    # p = 2 / 2**6 = 0.03125 (only the all-negative and all-positive sign patterns are as extreme).
    actual = pd.Series({c: 0.5 for c in "ABCDEF"})
    rows = []
    for i, country in enumerate("ABCDEF"):
        rows.append({"country": country, "model": "carry_forward", "point": 0.5 - 0.01 * (i + 2)})
        rows.append({"country": country, "model": "pooled_logit", "point": 0.5 - 0.01 * (i + 1) / 2})
    table = pd.DataFrame(rows).assign(origin=2022, horizon=2, target=2024, lower=0.0, upper=1.0, level=0.9)
    table["model"] = pd.Categorical(table["model"], categories=list(fc.MODELS), ordered=True)
    result = fc.paired_comparison(table, actual, n_boot=500).set_index("model").loc["pooled_logit"]
    assert result["n"] == 6 and result["p_value"] == pytest.approx(0.03125)
    assert result["share_closer"] == 1.0 and result["ci_high"] < 0
    assert "few members" in result["warning"]
    # mean of |e_model| - |e_cf| = mean((i+1)/200 - (i+2)/100) over i = 0..5 = 0.0175 - 0.045 = -0.0275
    assert result["mean_difference"] == pytest.approx(-0.0275)


# -- published forecasts -----------------------------------------------------------------------
def test_shipped_forecasts_load_and_cover_every_member(panel):
    published = egovlib.load("egdi_forecasts")
    members = set(panel["country"].astype(str))
    assert set(published["year"]) == {2026, 2028} and set(published["origin"]) == {2024}
    for (_, _), part in published.groupby(["year", "model"], observed=True):
        assert set(part["country"].astype(str)) == members
    assert (published["lower"] <= published["value"]).all() and (published["value"] <= published["upper"]).all()
    resource = DataPackage().resource("egdi_forecasts")
    assert resource["provenance"]["issued"] == published["issued"].iloc[0]
    assert published["code_version"].iloc[0].startswith("egovlib ") and " git " in published["code_version"].iloc[0]


def test_shipped_forecasts_are_those_of_the_code(panel):
    # The point forecasts shipped are what the models give today from the shipped panel.
    published = egovlib.load("egdi_forecasts")
    fresh = fc.published_table(panel, issued="x", version="y")
    merged = published.merge(fresh, on=["country", "year", "model"], suffixes=("", "_fresh"))
    assert len(merged) == len(published)
    assert np.allclose(merged["value"], merged["value_fresh"], atol=6e-6)  # five decimals written


@pytest.mark.slow  # fits every model for every member
def test_publish_writes_dataset_and_descriptor(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    assert fc.main(["publish", "--data", str(data), "--issued", "2030-01-02"]) == 0
    package = DataPackage(data)
    table = package.load("egdi_forecasts")  # checksum, schema and invariants checked
    assert set(table["issued"]) == {"2030-01-02"}
    entry = json.loads((data / "datapackage.json").read_text())["resources"][-1]
    assert entry["name"] == "egdi_forecasts" and entry["provenance"]["issued"] == "2030-01-02"
    assert [r["name"] for r in json.loads((data / "datapackage.json").read_text())["resources"]].count(
        "egdi_forecasts") == 1


def test_publish_refuses_a_bad_date(tmp_path, capsys):
    with pytest.raises(SystemExit):
        fc.main(["publish", "--data", str(tmp_path), "--issued", "2. Januar"])
    assert "--issued" in capsys.readouterr().err


def test_invariant_catches_a_point_outside_its_interval(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    path = data / "egdi_forecasts.csv"
    lines = path.read_text().splitlines(keepends=True)
    fields = lines[1].split(",")
    fields[7] = "0.99000"  # lower above the point (value is field 6)
    lines[1] = ",".join(fields)
    path.write_text("".join(lines))
    from egovlib.maintenance import update_checksums

    update_checksums(data)
    with pytest.raises(DataValidationError, match="interval_holds_point"):
        DataPackage(data).load("egdi_forecasts")
