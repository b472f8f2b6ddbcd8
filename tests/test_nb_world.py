"""Notebooks 02 and 06 over all UN members from the shipped panel: non-default runs, with recorded
results checked against values computed here straight from data/un_egov_panel.csv (pandas and
numpy only, not the egovlib functions the notebooks use)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from test_notebooks import as_recorded, recorded, run

from egovlib.prose import resolve

pytestmark = pytest.mark.slow  # every test here executes a notebook (make test, not make test-fast)

REPO = Path(__file__).resolve().parent.parent
PANEL = REPO / "data" / "un_egov_panel.csv"


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return pd.read_csv(PANEL)


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    monkeypatch.setenv("EGOV_FIGURES_DIR", str(tmp_path / "figures"))
    return tmp_path


def assessed(panel: pd.DataFrame, indicator: str = "egdi") -> pd.DataFrame:
    """Rows of the members assessed in each round (EGDI above 0)."""
    members = panel[(panel["indicator"] == "egdi") & (panel["value"] > 0)][["country", "year"]]
    return panel[panel["indicator"] == indicator].merge(members, on=["country", "year"])


def percentile(panel: pd.DataFrame, country: str, year: int, indicator: str = "egdi") -> float:
    rows = assessed(panel, indicator)
    rows = rows[rows["year"] == year]
    own = rows.loc[rows["country"] == country, "value"].iloc[0]
    return 100.0 * (rows["value"] <= own).mean()


@pytest.mark.parametrize("name", ["02_egdi_trajectory", "06_regional_comparison"])
def test_default_outputs_show_the_world_from_the_shipped_panel(name):
    nb = nbformat.read(REPO / "notebooks" / f"{name}.ipynb", as_version=4)
    text = nbformat.writes(nb)
    assert "No un_folder given" not in text
    assert "un_egov_panel" in text  # the captions cite the shipped dataset


def test_stored_regional_comparison_includes_every_eaeu_member():
    from egovlib.results import read_results

    stored = read_results(REPO / "notebooks" / "06_regional_comparison.ipynb").set_index("name")["value"]
    assert stored["countries"] == 9  # seven UNDP survey countries plus Belarus and Russia
    assert stored["world_members_last_round"] == 193


def test_trajectory_of_belarus_against_the_panel(scratch, panel):
    results = recorded(run("02_egdi_trajectory", scratch, country="BLR", start_year=2008, focus_round=2020))
    assert results["first_round"] == 2008 and results["last_round"] == 2024
    assert results["percentile_first"] == as_recorded(percentile(panel, "BLR", 2008))
    assert results["percentile_last"] == as_recorded(percentile(panel, "BLR", 2024))
    ranks = panel[(panel["country"] == "BLR") & (panel["indicator"] == "egdi_rank")].set_index("year")["value"]
    assert results["rank_first"] == ranks[2008] and results["rank_last"] == ranks[2024]
    # the level change at 2020 of the percentile series, by ordinary least squares in numpy
    years = np.array([2008, 2010, 2012, 2014, 2016, 2018, 2020, 2022, 2024], dtype=float)
    y = np.array([percentile(panel, "BLR", int(t)) for t in years])
    after = (years >= 2020).astype(float)
    design = np.column_stack([np.ones_like(years), years - years[0], after, after * (years - 2020)])
    coefficients = np.linalg.lstsq(design, y, rcond=None)[0]
    assert results["focus_break"] == as_recorded(coefficients[2], len(years))
    assert results["focus_break_n"] == len(years) == results["hci_2014_break_n"] == results["tii_2020_break_n"]
    assert results["focus_prespecified"] is True
    # TII percentile at the 2020 TII redefinition, same design
    y_tii = np.array([percentile(panel, "BLR", int(t), "tii") for t in years])
    assert results["tii_2020_break"] == as_recorded(np.linalg.lstsq(design, y_tii, rcond=None)[0][2], len(years))
    # Holm over the three break tests: the smallest p is multiplied by 3 (recorded p-values have 2 digits, so
    # the comparison allows for their rounding)
    keys = ("focus_break", "hci_2014_break", "tii_2020_break")
    smallest = min(keys, key=lambda k: results[f"{k}_p"])
    assert results[f"{smallest}_p_holm"] == pytest.approx(min(1, 3 * results[f"{smallest}_p"]), rel=0.05)
    assert (scratch / "figures" / "02_egdi_global_blr.png").is_file()


def test_trajectory_with_too_few_rounds_says_so(scratch):
    output = run("02_egdi_trajectory", scratch, start_year=2014, end_year=2022, focus_round=2018)
    results = recorded(output)
    assert "focus_break" not in results and "hci_2014_break" not in results  # 5 rounds: too few
    assert results["focus_prespecified"] is False
    assert "world_sigma_trend" not in results  # 2014-2018, three rounds: a test that could not reject
    # the prose as a reader sees it: the markdown cells with the glued text pasted in
    nb = resolve(nbformat.read(output, as_version=4))
    text = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    assert "too few for a segmented regression" in text and "too few for a trend test that could reject" in text
    assert "is not this notebook's pre-specified hypothesis" in text
    assert "{glue" not in text  # every role and block of the prose resolved


def kaplan_meier_median(times, events, entries):
    """Product-limit estimate with late entry, by hand: first time at which S falls to 0.5 or below."""
    times, events, entries = map(np.asarray, (times, events, entries))
    surv = 1.0
    for t in np.unique(times[events == 1]):
        at_risk = ((entries < t) & (times >= t)).sum()
        surv *= 1 - ((times == t) & (events == 1)).sum() / at_risk
        if surv <= 0.5:
            return float(t)
    return float("nan")


def test_eaeu_time_to_threshold_over_all_members(scratch, panel):
    eaeu = ["ARM", "BLR", "KAZ", "KGZ", "RUS"]
    results = recorded(run("06_regional_comparison", scratch, countries=eaeu, threshold=0.5))
    rows = panel[(panel["indicator"] == "egdi") & (panel["value"] > 0)]
    origin, last = rows["year"].min(), rows["year"].max()
    left = crossed = right = 0
    times, events, entries = [], [], []
    group_reached = 0
    for country, series in rows.sort_values("year").groupby("country"):
        first_seen = series["year"].iloc[0]
        reached = series.loc[series["value"] >= 0.5, "year"]
        group_reached += country in eaeu and len(reached) > 0
        if len(reached) and reached.iloc[0] == first_seen:
            left += 1
        elif len(reached):
            crossed += 1
            times.append(reached.iloc[0] - origin), events.append(1), entries.append(first_seen - origin)
        else:
            right += 1
            times.append(series["year"].iloc[-1] - origin), events.append(0), entries.append(first_seen - origin)
    counts = (results["world_left_censored"], results["world_crossed"], results["world_right_censored"])
    assert counts == (left, crossed, right)
    assert results["world_crossed_share"] == as_recorded(100 * (left + crossed) / (left + crossed + right))
    assert results["crossed_by_last_round"] == group_reached
    median = kaplan_meier_median(times, events, entries)
    if np.isnan(median) or median == last - origin:
        assert "km_median_years" not in results
    else:
        assert results["km_median_years"] == median
    latest = rows[(rows["year"] == last) & rows["country"].isin(eaeu)]["value"]
    assert results["sd_last_round"] == as_recorded(latest.std(ddof=1))
    world_sd = rows[rows["year"] == last]["value"].std(ddof=1)
    assert results["dispersion_ratio_last_round"] == as_recorded(latest.std(ddof=1) / world_sd)
    # three of the five EAEU members are in the UNDP snapshot: too few for W or the correlations
    assert "kendalls_w" not in results and "internet_vs_osi_rho" not in results
    assert results["countries"] == 5 and results["stable_categories"] <= 5
