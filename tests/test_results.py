"""egovlib.results: recorded results, rounded, validated and read back from a notebook."""

from __future__ import annotations

import json

import nbformat
import numpy as np
import pytest

from egovlib import stats
from egovlib.results import MIME_TYPE, Results, read_parameters, read_results


def test_results_round_validate_and_replace():
    results = Results("nb", {"x": 1})
    assert results.add("share", 1 / 3, "proportion") == 0.3333  # four significant digits (egovlib.formatting)
    assert results.add("count", np.int64(7), "items") == 7
    assert results.add("missing", float("nan"), "items") is None
    results.add("share", 0.5, "proportion")
    assert results["share"] == 0.5 and len(results) == 3
    with pytest.raises(ValueError, match="name='Bad-Name'"):
        results.add("Bad-Name", 1, "x")
    with pytest.raises(ValueError, match="unit is empty"):
        results.add("ok", 1, "")
    with pytest.raises(TypeError, match="expected a number or text"):
        results.add("ok", [1, 2], "x")


def test_add_test_records_p_with_n_and_method():
    results = Results("nb")
    results.add_test("trend", stats.mann_kendall([1.0, 2.0, 4.0, 3.0, 5.0, 6.0]), "Kendall tau")
    rows = {r["name"]: r for r in results.rows()}
    assert set(rows) == {"trend", "trend_p", "trend_n"}
    assert rows["trend_n"]["value"] == 6
    assert "n = 6" in rows["trend_p"]["description"] and "exact p" in rows["trend_p"]["description"]


def test_results_survive_a_notebook_round_trip(tmp_path):
    results = Results("nb", {"country": "KAZ"})
    results.add("value", 0.123456789, "index_0_1")
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("results.show()")
    cell.outputs = [nbformat.v4.new_output("display_data", data={MIME_TYPE: results.payload(), "text/plain": "x"})]
    nb.cells.append(cell)
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    table = read_results(path)
    assert table.to_dict("records") == [
        {"notebook": "nb", "name": "value", "value": 0.1235, "unit": "index_0_1", "description": ""}]
    assert read_parameters(path) == {"country": "KAZ"}
    json.dumps(results.payload())  # the payload is plain JSON


def test_results_table_shows_years_without_thousands_separators():
    from egovlib.results import shown_value

    assert shown_value(2021, "year") == "2021"
    assert shown_value(2021.0, "year") == "2021"
    assert shown_value(108604, "users") == "108,604"
    assert shown_value(None, "year") == "n/a"
    assert shown_value("linear", "model") == "linear"


def test_a_test_is_recorded_at_the_precision_its_n_supports():
    # A Theil-Sen slope over 6 points: estimate and interval at 2 significant digits, p at 2.
    results = Results("nb")
    test = stats.TestResult("slope", "made up", 6, estimate=0.912345, ci_low=0.41234, ci_high=1.53456,
                            confidence=0.95, p_value=0.0123456)
    results.add_test("slope", test, "points per year")
    assert (results["slope"], results["slope_ci_low"], results["slope_ci_high"]) == (0.91, 0.41, 1.5)
    assert results["slope_p"] == 0.012
    # the same estimate from 202 observations keeps the collection's four digits
    results.add_test("share", stats.TestResult("share", "made up", 202, estimate=0.912345), "proportion")
    assert results["share"] == 0.9123


def test_p_values_are_recorded_and_shown_at_two_digits():
    from egovlib.results import shown_value

    results = Results("nb")
    assert results.add("holm", 0.0456789, "p-value") == 0.046
    assert results.add("tiny", 0.000456, "p-value") == 0.00046
    assert shown_value(0.00046, "p-value") == "< 0.001"
    assert shown_value(0.046, "p-value") == "0.046"
    assert results.add("level", 0.0456789, "index_0_1") == 0.04568  # other units keep four digits
