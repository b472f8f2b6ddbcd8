"""Notebooks 08 (readiness survey) and 11 (policy targets) with non-default parameters and bad ones.

Expected values are computed here from the CSV files and the codebook with plain pandas, not with the
library functions the notebooks call.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import papermill as pm
import pytest

import egovlib
from egovlib import formatting
from egovlib._kernels import kernel_manager, private_runtime
from egovlib.datasets import default_data_dir
from egovlib.notebooks import NOTEBOOKS
from egovlib.results import read_results

pytestmark = pytest.mark.slow  # every test here executes a notebook (make test, not make test-fast)


def run(name: str, out_dir: Path, **parameters) -> dict:
    output = out_dir / f"{name}.ipynb"
    with private_runtime() as runtime:
        pm.execute_notebook(str(NOTEBOOKS / f"{name}.ipynb"), str(output), parameters=parameters,
                            cwd=str(NOTEBOOKS), km=kernel_manager(runtime), kernel_name="python3", progress_bar=False)
    table = read_results(output)
    return dict(zip(table["name"], table["value"], strict=True))


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    monkeypatch.setenv("EGOV_FIGURES_DIR", str(tmp_path / "figures"))
    return tmp_path


def _scores_by_hand(country: str, not_reported_as: float | None) -> float:
    descriptor = json.loads((default_data_dir() / "datapackage.json").read_text())
    spec = next(r for r in descriptor["resources"] if r["name"] == "undp_survey_answers")["codebook"]
    answers = pd.read_csv(default_data_dir() / "undp_survey_answers.csv")
    mine = answers[answers["country"] == country]
    scores = []
    for row in mine.itertuples():
        entry = spec[row.item]
        if not entry["scored"]:
            continue
        score = {c["code"]: c["score"] for c in entry["categories"]}[row.category]
        if score is None and not_reported_as is not None:
            score = not_reported_as
        if score is not None:
            scores.append(score)
    return sum(scores) / len(scores)


def test_readiness_for_central_asia_only_scoring_silence_as_no(scratch):
    results = run("08_readiness_survey", scratch, countries=["KAZ", "KGZ", "TJK", "UZB"], not_reported_as=0,
                  un_round=2020)
    for country in ("KAZ", "TJK"):
        assert results[f"readiness_overall_{country.lower()}"] == formatting.round_sig(_scores_by_hand(country, 0))
    assert "readiness_overall_arm" not in results
    # Four countries: 4! = 24 orderings, so no two-sided exact test can go below 2/24 = 0.083: none is run.
    assert results["readiness_tests_run"] == 0
    assert "tau_overall_vs_un" not in results
    assert "region_cliffs_delta" not in results  # one region only


def test_readiness_default_orders_agree_with_hand_scores(scratch):
    results = run("08_readiness_survey", scratch, countries=["ARM", "AZE", "GEO", "KAZ", "KGZ"])
    assert results["readiness_overall_geo"] == formatting.round_sig(_scores_by_hand("GEO", None))
    # Five countries without ties in overall readiness (1.118, 1.667, 0.7273, 1.562, 1.062) or EGDI rank:
    # 5! = 120 orderings, smallest two-sided p = 2/120 < 0.05, so that test runs; tied scores may stop others.
    assert results["tau_overall_vs_un_n"] == 5
    assert 1 <= results["readiness_tests_run"] <= 3
    assert results["tau_overall_vs_un_p_holm"] >= results["tau_overall_vs_un_p"]
    # 2 Caucasus (ARM, AZE, GEO: 3) against KAZ, KGZ: C(5, 2) = 10 arrangements, smallest p = 2/10.
    assert results["region_split_smallest_p"] == formatting.round_sig(2 / 10)


def test_policy_targets_for_kazakhstan_with_the_printed_ranks(scratch):
    results = run("11_policy_targets", scratch, countries=["KAZ"], rank_source="orazgaliyeva2023")
    targets = pd.read_csv(default_data_dir() / "policy_targets.csv")
    assert results["targets_total"] == int((targets["country"] == "KAZ").sum())
    printed = egovlib.load("egdi_kazakhstan")
    ranks = printed[printed["year"] == 2020].set_index("indicator")["value"]
    # Orazgaliyeva et al. (2023), Table 3: 2020 EGDI rank 29 (target <= 30), E-Participation rank 26 (target <= 5).
    assert results["t01_outcome"] == ranks["egdi_rank"] == 29 and results["t01_status"] == "met"
    assert results["t02_outcome"] == ranks["epart_rank"] and results["t02_status"] == "not_met"
    assert results["t03_status"] == "not_evaluable" and "t13_status" not in results
    assert results["kaz_rank_cells_differing_from_table3"] == 0


@pytest.mark.parametrize(("name", "parameters", "message"), [
    ("11_policy_targets", {"rank_source": "wikipedia"}, "parameter rank_source='wikipedia'"),
    ("11_policy_targets", {"countries": ["KAZ", "RUS"]}, "parameter countries=['KAZ', 'RUS']"),
    ("08_readiness_survey", {"un_round": 2019}, "parameter un_round=2019"),
    ("08_readiness_survey", {"not_reported_as": 3}, "parameter not_reported_as=3"),
])
def test_bad_parameter_is_refused(name, parameters, message, scratch):
    with pytest.raises(pm.PapermillExecutionError) as caught:
        run(name, scratch, **parameters)
    assert "ParameterError" in caught.value.ename
    assert message in caught.value.evalue
