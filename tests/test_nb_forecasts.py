"""Notebook 10 (EGDI forecasts) with non-default parameters, and scoring a synthetic 2026 export.

Expected values are computed here from the shipped CSVs with plain pandas, or follow from how the
synthetic export is built (written in the comments), never from egovlib.forecast.
"""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from test_notebooks import as_recorded, recorded, run

from egovlib.datasets import default_data_dir
from egovlib.results import read_results

pytestmark = pytest.mark.slow  # every test here executes a notebook (make test, not make test-fast)

NAME = "10_egdi_forecasts"
DATA = default_data_dir()


def egdi_wide() -> pd.DataFrame:
    table = pd.read_csv(DATA / "un_egov_panel.csv")
    table = table[(table["indicator"] == "egdi") & (table["value"] > 0)]
    return table.pivot(index="country", columns="year", values="value")


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    monkeypatch.setenv("EGOV_FIGURES_DIR", str(tmp_path / "figures"))
    return tmp_path


def test_forecasts_from_2020_scored_on_2022(scratch):
    results = recorded(run(NAME, scratch, origin=2020, level=0.8, focus=["KAZ", "KGZ", "UZB", "TJK"]))
    wide = egdi_wide()[[2020, 2022]].dropna()
    # Carry-forward's error is the change 2020 -> 2022; every member with both values is scored.
    assert results["mae_all_carry_forward"] == as_recorded((wide[2022] - wide[2020]).abs().mean())
    assert results["bias_all_carry_forward"] == as_recorded((wide[2022] - wide[2020]).mean())
    focus = wide.loc[["KAZ", "KGZ", "UZB", "TJK"]]
    assert results["mae_focus_carry_forward"] == as_recorded((focus[2022] - focus[2020]).abs().mean())
    assert "mae_all_pooled_logit" in results and "paired_level_all_gompertz_p_holm" in results
    assert (scratch / "figures" / "10_backtest_egdi_2022.png").is_file()


def test_another_index(scratch):
    results = recorded(run(NAME, scratch, indicator="tii"))
    table = pd.read_csv(DATA / "un_egov_panel.csv")
    tii = table[(table["indicator"] == "tii") & (table["value"] > 0)].pivot(index="country", columns="year",
                                                                              values="value")[[2022, 2024]].dropna()
    assert results["mae_all_carry_forward"] == as_recorded((tii[2024] - tii[2022]).abs().mean())


def write_export(folder, values: dict[str, float], year: int) -> None:
    """A UN Data Center export of one round: every index set to the member's EGDI, ranks by EGDI."""
    names = pd.read_csv(DATA.parent / "egovlib" / "resources" / "un_country_names.csv", dtype=str,
                        keep_default_na=False).drop_duplicates("iso3").set_index("iso3")["name"]
    ordered = sorted(values, key=lambda c: -values[c])
    with open(folder / f"EGOV_DATA_{year}.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["Survey Year", "Country Name", "E-Government Rank", "E-Government Index",
                         "E-Participation Index", "Online Service Index", "Human Capital Index",
                         "Telecommunication Infrastructure Index"])
        for rank, country in enumerate(ordered, start=1):
            value = f"{values[country]:.5f}"
            writer.writerow([year, names[country], rank, value, value, value, value, value])


def test_a_2026_export_scores_the_published_forecasts(scratch):
    published = pd.read_csv(DATA / "egdi_forecasts.csv")
    cf = published[(published["year"] == 2026) & (published["model"] == "carry_forward")].set_index("country")
    # Every member's synthetic 2026 EGDI is its published carry-forward forecast + 0.01, so that
    # model's MAE is 0.01 and its rank correlation 1; its coverage is the share of intervals holding +0.01.
    synthetic = (cf["value"] + 0.01).round(5)
    folder = scratch / "un"
    folder.mkdir()
    write_export(folder, synthetic.to_dict(), 2026)
    output = run(NAME, scratch, un_folder=str(folder))
    results = recorded(output)
    assert results["published_rounds_scored"] == 1
    assert results["published_2026_mae_all_carry_forward"] == pytest.approx(0.01, abs=1e-9)
    assert results["published_2026_spearman_all_carry_forward"] == pytest.approx(1.0)
    inside = ((synthetic >= cf["lower"]) & (synthetic <= cf["upper"])).mean()
    assert results["published_2026_coverage_all_carry_forward"] == as_recorded(inside)
    pooled = published[(published["year"] == 2026) & (published["model"] == "pooled_logit")].set_index("country")
    expected = (synthetic - pooled["value"].reindex(synthetic.index)).abs().mean()
    assert results["published_2026_mae_all_pooled_logit"] == as_recorded(expected)
    # Nothing else changed: the 2024 scores are those of the stored default run.
    stored = read_results(DATA.parent / "notebooks" / f"{NAME}.ipynb").set_index("name")["value"]
    for name in ("mae_all_carry_forward", "coverage_focus_gompertz", "paired_percentile_all_theil_sen_p_holm"):
        assert results[name] == stored[name]


@pytest.mark.parametrize("parameters,message", [
    ({"origin": 2023}, "parameter origin=2023: expected one of"),
    ({"origin": 2024}, "parameter origin=2024: expected one of"),
    ({"focus": ["KAZ", "XYZ"]}, "parameter focus=['KAZ', 'XYZ']"),
    ({"level": 1.2}, "parameter level=1.2"),
    ({"indicator": "egdi_rank"}, "parameter indicator='egdi_rank'"),
])
def test_bad_parameters_are_refused(parameters, message, scratch):
    import papermill as pm

    with pytest.raises(pm.PapermillExecutionError, match="ParameterError") as caught:
        run(NAME, scratch, **parameters)
    assert message in str(caught.value)
