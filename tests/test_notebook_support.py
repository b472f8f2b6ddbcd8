"""Unit tests of the notebook support modules: plotting, results, params, egdi, adoption."""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import egovlib  # noqa: E402
from egovlib import adoption, egdi, formatting, params, plotting, stats  # noqa: E402
from egovlib.results import MIME_TYPE, Results, read_parameters, read_results  # noqa: E402


def _figure():
    plotting.set_style()
    fig, ax = plt.subplots()
    ax.plot([2018, 2019, 2020], [1.0, 2.0, 1.5], marker="o")
    ax.set_xlabel("year")
    ax.set_ylabel("value (unit)")
    return fig


# -- plotting ----------------------------------------------------------------------------------
def test_savefig_is_byte_identical_across_calls_and_figures(tmp_path):
    first = plotting.savefig(_figure(), "demo", caption="Source: test.", folder=tmp_path / "a")
    second = plotting.savefig(_figure(), "demo", caption="Source: test.", folder=tmp_path / "b")
    assert [p.name for p in first] == ["demo.png", "demo.svg"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
    svg = first[1].read_text()
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    assert b"Software" not in first[0].read_bytes()
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["demo.png", "demo.svg"]  # no temp files left


def test_savefig_writes_to_the_configured_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(plotting.FIGURES_ENV, str(tmp_path / "elsewhere"))
    written = plotting.savefig(_figure(), "demo", caption="Source: test.", formats=["png"])
    assert written == [tmp_path / "elsewhere" / "demo.png"]


def test_savefig_caption_is_not_repeated(tmp_path):
    fig = _figure()
    plotting.savefig(fig, "demo", caption="Source: one.", folder=tmp_path)
    plotting.savefig(fig, "demo", caption="Source: two.", folder=tmp_path)
    captions = [t.get_text() for t in fig.texts if t.get_gid() == "egov-caption"]
    assert captions == ["Source: two."]


def test_savefig_refuses_unlabelled_axes_bad_names_and_empty_captions(tmp_path):
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    ax.set_xlabel("year")
    with pytest.raises(ValueError, match="no y-label"):
        plotting.savefig(fig, "demo", caption="Source: x.", folder=tmp_path)
    with pytest.raises(ValueError, match="name='Bad Name'"):
        plotting.savefig(_figure(), "Bad Name", caption="Source: x.", folder=tmp_path)
    with pytest.raises(ValueError, match="caption is empty"):
        plotting.savefig(_figure(), "demo", caption=" ", folder=tmp_path)
    with pytest.raises(ValueError, match="formats"):
        plotting.savefig(_figure(), "demo", caption="Source: x.", formats=["jpg"], folder=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_savefig_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    fig = _figure()
    [old] = plotting.savefig(fig, "demo", caption="Source: x.", formats=["png"], folder=tmp_path)
    before = old.read_bytes()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(fig, "savefig", broken)
    with pytest.raises(OSError, match="disk full"):
        plotting.savefig(fig, "demo", caption="Source: x.", formats=["png"], folder=tmp_path)
    assert old.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["demo.png"]


def test_source_caption_names_sources_and_locators():
    table = egovlib.load("platform_performance").head(3)
    caption = plotting.source_caption(table)
    assert caption.startswith("Source: Orazgaliyeva et al. (2023), Table 6")
    assert "UN DESA (2022)" in plotting.source_caption(keys=["undesa_egov"])
    with pytest.raises(ValueError, match="unknown source key 'nobody'"):
        plotting.source_caption(keys=["nobody"])
    with pytest.raises(ValueError, match="no sources given"):
        plotting.source_caption()


# -- results -----------------------------------------------------------------------------------
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


# -- params ------------------------------------------------------------------------------------
def test_parameter_checks_name_the_parameter_and_the_rule():
    assert params.choice("c", "KAZ", ["KAZ", "KGZ"]) == "KAZ"
    with pytest.raises(params.ParameterError, match=r"parameter c='XYZ': expected one of \['KAZ', 'KGZ'\]"):
        params.choice("c", "XYZ", ["KAZ", "KGZ"])
    with pytest.raises(params.ParameterError, match="expected a list"):
        params.subset("m", "bass", ["bass"])
    with pytest.raises(params.ParameterError, match="no repeated entries"):
        params.subset("m", ["bass", "bass"], ["bass"])
    with pytest.raises(params.ParameterError, match="an integer from 0 to 5"):
        params.integer("h", 6, 0, 5)
    with pytest.raises(params.ParameterError, match="an integer"):
        params.integer("h", True)
    with pytest.raises(params.ParameterError, match="True or False"):
        params.boolean("b", "yes")
    assert params.year_range("s", 2010, "e", 2014, [2008, 2010, 2012, 2014]) == (2010, 2014)
    with pytest.raises(params.ParameterError, match="at least two data years"):
        params.year_range("s", 2010, "e", 2011, [2008, 2010, 2012])
    with pytest.raises(params.ParameterError, match="a year after s=2012"):
        params.year_range("s", 2012, "e", 2010, [2008, 2010, 2012])
    assert params.folder_or_none("f", None) is None
    with pytest.raises(params.ParameterError, match="not found"):
        params.folder_or_none("f", "/no/such/folder")


# -- egdi --------------------------------------------------------------------------------------
def test_decomposition_adds_up_where_egdi_is_the_mean():
    parts = egdi.decompose(egdi.trajectory("KAZ", source="bundled"))
    contributions = parts[["osi_contribution", "hci_contribution", "tii_contribution"]].sum(axis=1)
    mean_rounds = ~parts["to"].isin([2008, 2010]) & ~parts["from"].isin([2008, 2010])
    assert np.allclose(contributions[mean_rounds], parts.loc[mean_rounds, "egdi_change"], atol=2e-4)
    assert (parts["residual"] == parts["egdi_change"] - contributions).all()


def test_trajectory_refuses_unknown_country_and_matches_the_un_exports(external_dir):
    with pytest.raises(ValueError, match="country='XYZ' has no EGDI series in the shipped UN panel"):
        egdi.trajectory("XYZ")
    with pytest.raises(ValueError, match="country='XYZ' has no EGDI series in the bundled data"):
        egdi.trajectory("XYZ", source="bundled")
    bundled = egdi.trajectory("KAZ", source="bundled")
    official = egdi.trajectory("KAZ", external_dir / "un_egov")
    assert np.allclose(bundled["egdi"], official["egdi"], atol=1e-5)
    assert (bundled["egdi_rank"] == official["egdi_rank"]).all()
    assert len(egdi.countries(external_dir / "un_egov")) == 193


def test_percentiles_are_shares_of_members_at_or_below():
    import pandas as pd

    un = pd.DataFrame({"country": list("ABCD"), "year": 2020, "indicator": "egdi", "value": [0.1, 0.2, 0.3, 0.0]})
    table = egdi.percentiles(un, ["B", "D"])
    assert table.to_dict("records") == [
        {"year": 2020, "country": "B", "value": 0.2, "percentile": pytest.approx(100 * 2 / 3), "members": 3}]


# -- adoption ----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", adoption.series_names())
def test_every_adoption_series_loads(name):
    frame = adoption.adoption_series(name)
    assert frame["year"].is_monotonic_increasing and frame["year"].is_unique
    assert frame["value"].notna().all() and frame.attrs["spec"].unit


def test_unknown_adoption_series_is_refused():
    with pytest.raises(ValueError, match="series='nope'"):
        adoption.adoption_series("nope")


# -- formatting ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "shown"), [
    (108604, "108,604"),  # an integer count in full
    (108604.0, "108,604"),  # a count read as float
    (9693.8452, "9,694"),  # an estimate: four significant digits, separators
    (108604.8667, "108,600"),  # a forecast of a count is not known to the unit
    (0.86275, "0.8628"),
    (-0.5, "-0.5"),
    (1.5e-07, "1.5e-07"),
    (None, "n/a"),
    (float("nan"), "n/a"),
    ("text", "text"),
])
def test_fmt_shows_four_significant_digits(value, shown):
    assert formatting.fmt(value) == shown


def test_digits_below_the_shown_ones_never_change_the_text():
    # the cross-machine noise seen in issue 12: 9693.8452 on one CPU, 9693.8449 on another
    assert formatting.fmt(9693.8452) == formatting.fmt(9693.8449)
    assert formatting.round_sig(108604.8667) == formatting.round_sig(108604.8665) == 108600.0


def test_pvalue_and_count_and_bad_digits():
    assert formatting.pvalue(0.0234) == "0.023" and formatting.pvalue(2e-5) == "< 0.001"
    assert formatting.count(108604.8667) == "108,605"
    with pytest.raises(ValueError, match="not a probability"):
        formatting.pvalue(1.5)
    with pytest.raises(ValueError, match="digits=0"):
        formatting.fmt(1.0, 0)


def test_use_makes_pandas_print_floats_with_the_policy():
    import pandas as pd

    with pd.option_context("display.float_format", None):
        formatting.use()
        assert "9,694" in pd.DataFrame({"x": [9693.8452]}).to_string()
        assert "9,694" in pd.DataFrame({"x": [9693.8452]}).to_html()
