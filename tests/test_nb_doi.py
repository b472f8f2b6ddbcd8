"""Notebooks 03, 04, 05 and 07 with non-default parameters (issue 15).

Each notebook is run with papermill in a scratch folder; assertions are on its recorded results,
checked against the data, the source document or a hand calculation, never against the code under test.
"""

from __future__ import annotations

import math
from pathlib import Path

import papermill as pm
import pytest

import egovlib
from egovlib import formatting
from egovlib._kernels import kernel_manager, private_runtime
from egovlib.notebooks import NOTEBOOKS
from egovlib.results import read_results

pytestmark = pytest.mark.slow  # every test here executes a notebook (make test, not make test-fast)

# bounds of the Bass search in egovlib.diffusion (documented there): p in [1e-6, 1], q in [1e-6, 5]
BASS_BOUNDS = {"p": (1e-6, 1.0), "q": (1e-6, 5.0)}


def run(name: str, out_dir: Path, **parameters) -> dict:
    """Execute notebook ``name`` with papermill into ``out_dir`` and return its recorded results."""
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


def off_bounds(value, name):
    low, high = BASS_BOUNDS[name]
    return value is None or (abs(value - low) > 1e-5 and abs(value - high) > 1e-5)


def test_organisations_have_no_denominator_and_no_bound_is_recorded(scratch):
    results = run("03_portal_adoption_doi", scratch, series="organisations_total", origin=2012, n_boot=30,
                  n_coverage=3, horizon=0)
    rows = egovlib.load("organisations_online")
    total = rows[rows["breakdown"] == "total"]
    assert results["n_observations"] == len(total) == 6
    assert results["origin"] == 2012
    assert results["bass_m"] is None  # no count of registered legal entities in the sources
    assert results["series_measure"] == "level"  # organisations online in the year, not adopters so far
    assert results["stage_against_ceiling"] is None
    assert off_bounds(results["bass_p"], "p") and off_bounds(results["bass_q"], "q")
    assert {"coverage_p", "coverage_q", "coverage_m"} <= set(results)
    # three simulated series: coverage is a count of three
    assert all(round(results[f"coverage_{k}"] * 3, 6) % 1 == 0 for k in "pqm")
    assert "forecast_final_year" not in results
    assert (scratch / "figures" / "03_origin_profile_organisations_total.png").is_file()


def test_share_with_an_estimated_ceiling_reports_m_as_not_identified(scratch):
    results = run("03_portal_adoption_doi", scratch, series="users_share_total", models=["bass", "linear"],
                  fix_ceiling=False, n_boot=30, n_coverage=0, horizon=2)
    share = egovlib.load("portal_users")
    share = share[share["breakdown"] == "total"].sort_values("year")
    assert results["origin"] == 2006  # egov.kz presented to the public on 12 April 2006 (DSJ 2023, section 3.1)
    assert results["bass_m"] is None
    assert off_bounds(results["bass_p"], "p") and off_bounds(results["bass_q"], "q")
    assert not any(name.startswith("coverage_") for name in results)
    # Table 4: 32.9 % in 2015, 34.6 % in 2018 (the peak), 26.7 % in 2021
    assert (results["users_share_first"], results["users_share_peak"], results["users_share_last"]) == (32.9, 34.6, 26.7)
    assert results["users_share_declines"] == int((share["value"].diff() < 0).sum()) == 3
    assert results["forecast_final_year"] == 2023


def test_service_quality_with_one_year_before_the_break(scratch):
    results = run("04_service_quality", scratch, pandemic_start=2019)
    assert results["smallest_attainable_p"] == pytest.approx(2 / math.comb(4, 1))  # 0.5: one against three
    assert not any(name.endswith("_p") and name != "smallest_attainable_p" for name in results)  # no powerless test
    # Table 6 prints 1600 in a row of hours and minutes: 1,600 h or 16 h 00 min
    assert results["failures_2018_hours"] == 1600 and results["failures_2018_hhmm"] == 16
    assert results["failures_rise_every_year_hhmm"] is True and results["failures_rise_every_year_hours"] is False
    # 4.9 thousand violations of service terms in 24.2 million services (2018): 4.9 / 24.2 per 1,000
    assert results["violations_of_service_terms_per_1000_first"] == formatting.round_sig(4.9 / 24.2)
    assert results["overall_outside_parts_years"] == 3  # 2018-2020: overall above central and local


def test_integration_difference_of_rates_without_tests(scratch):
    results = run("05_integration_and_ict", scratch, compare_years=[2019, 2020])
    # 2019: 146 of 170 integrations; 2020: 91 of 115 (Table 7)
    assert results["fulfilment_difference"] == formatting.round_sig(100 * (91 / 115 - 146 / 170))
    assert not any(name.endswith("_p") for name in results)  # no test against 0.5, no Fisher test
    assert "ict_costs_cagr_ci_low" not in results  # three points: no interval
    # 37,582.8 to 45,185.0 million KZT over two years (Table 8): (45185 / 37582.8) ** 0.5 - 1
    assert results["ict_costs_cagr_endpoints"] == formatting.round_sig(100 * ((45185.0 / 37582.8) ** 0.5 - 1))


def test_framework_says_what_is_missing_when_no_evidence_is_recorded(scratch):
    empty = scratch / "no_notebooks"
    empty.mkdir()
    results = run("07_doi_framework", scratch, evidence_dir=str(empty))
    assert results["evidence_missing"] == results["evidence_read"] > 0
    assert results["hypotheses_supported"] == 0 and results["hypotheses_refuted"] == 0
    assert results["hypotheses_undecided"] == results["hypotheses"]
    assert results["s_curve_verdict"] == "not recorded"
