"""egovlib.widgets: the explorer's pure functions and its callbacks, without a browser."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from egovlib import load, widgets
from egovlib.widgets import Selection


def test_explorable_datasets_are_the_tidy_ones():
    names = widgets.explorable_datasets()
    assert "egdi_regional" in names and "portal_users" in names
    assert "legal_acts" not in names and "survey_responses" not in names
    for name in names:
        assert set(load(name).columns) >= widgets.TIDY_COLUMNS


def test_choices_follow_the_indicator():
    options = widgets.choices("egdi_regional", "egdi")
    table = load("egdi_regional")
    egdi = table[table["indicator"] == "egdi"]
    assert options.countries == tuple(sorted(egdi["country"].astype(str).unique()))
    assert options.years == (int(egdi["year"].min()), int(egdi["year"].max()))
    assert options.breakdowns == ()
    assert "total" in widgets.choices("portal_users").breakdowns


def test_unknown_dataset_is_refused_with_the_list():
    with pytest.raises(ValueError, match=r"dataset='nope': expected one of \["):
        widgets.choices("nope")


def test_reconcile_resets_what_no_longer_applies_and_keeps_the_rest():
    current = Selection("egdi_regional", "egdi", ("KAZ", "TJK"), (2012, 2018), "bass")
    moved = widgets.reconcile(current, "portal_users")
    options = widgets.choices("portal_users")
    assert moved.indicator == options.indicators[0]  # 'egdi' is not in portal_users
    assert moved.countries == ("KAZ",)  # TJK has no portal data; KAZ is kept
    assert moved.years == (max(2012, options.years[0]), min(2018, options.years[1]))
    assert moved.overlay == "bass"
    back = widgets.reconcile(Selection("egdi_regional", "egdi", ("TJK",), (2010, 2020)), "portal_users")
    assert back.countries == options.countries  # nothing kept: all of the new countries


def test_reconcile_keeps_all_years_when_all_were_chosen():
    full = widgets.initial_selection("egdi_regional")
    moved = widgets.reconcile(full, "portal_users")
    assert moved.years == widgets.choices("portal_users").years


def test_select_returns_exactly_the_chosen_rows():
    selection = Selection("egdi_regional", "egdi", ("ARM", "KAZ"), (2012, 2016))
    rows = widgets.select(selection)
    table = load("egdi_regional")
    expected = table[(table["indicator"] == "egdi") & table["country"].isin(["ARM", "KAZ"])
                     & table["year"].between(2012, 2016)]
    assert len(rows) == len(expected) and set(rows["series"]) == {"ARM", "KAZ"}
    assert rows["value"].sum() == pytest.approx(expected["value"].astype(float).sum())
    assert {"unit", "source", "locator"} <= set(rows.columns)


def test_select_labels_breakdowns_and_disagreeing_sources():
    rows = widgets.select(Selection("portal_users", "egov_service_users_share", ("KAZ",), (2015, 2021)))
    assert rows["series"].str.contains(" · ").all() and rows["series"].nunique() > 1
    only_total = widgets.select(Selection("portal_users", "egov_service_users_share", ("KAZ",), (2015, 2021),
                                          breakdown="total"))
    assert set(only_total["series"]) == {"KAZ · total"}
    shares = widgets.select(Selection("services_digital", "electronic_services_share", ("KAZ",), (2021, 2021)))
    assert shares["series"].str.contains(r"\(").all()  # several sources for one year: labelled by source
    assert not shares.duplicated(["series", "year"]).any()


def test_empty_selections_are_explained():
    options = widgets.choices("egdi_regional", "egdi")
    assert "No country selected" in widgets.empty_message(Selection("egdi_regional", "egdi", (), options.years))
    message = widgets.empty_message(Selection("portal_users", "egov_service_users_share", ("KAZ",), (2000, 2005)))
    assert "between 2000 and 2005" in message and "2015" in message
    assert widgets.empty_message(Selection("egdi_regional", "egdi", ("KAZ",), options.years)) is None


def load_title(name):
    from egovlib import info

    return info(name).title


def _vertical_lines(ax) -> list[float]:
    return sorted(float(line.get_xdata()[0]) for line in ax.get_lines()
                  if len(set(line.get_xdata())) == 1 and line.get_linestyle() == ":")


def test_labels_are_words():
    assert widgets.indicator_label("egdi", ["index_0_1"]) == "E-Government Development Index (0-1)"
    assert widgets.indicator_label("egov_service_users_share", ["percent_of_population"]) == (
        "Population using e-government services (% of population)")
    assert widgets.indicator_label("citizens_trained", ["persons"]) == "Citizens trained (persons)"
    assert widgets.dataset_title("egdi_regional") == load_title("egdi_regional")


def test_first_view_names_things_in_words_from_zero_with_method_changes_marked():
    selection = widgets.initial_selection("egdi_regional")
    fig, caption = widgets.make_figure(widgets.select(selection), selection)
    ax = fig.axes[0]
    assert ax.get_title() == load_title("egdi_regional") and "egdi_regional" not in ax.get_title()
    assert ax.get_ylabel() == "E-Government Development Index (0-1)"
    assert ax.get_ylim()[0] == 0
    assert _vertical_lines(ax) == [2013.5, 2019.5]  # HCI 2014 and TII 2020, between the rounds around them
    assert "HCI 2014" in caption and "TII 2020" in caption and "not on one scale" in caption
    legend = ax.get_legend()
    anchor = legend.get_bbox_to_anchor().transformed(ax.transAxes.inverted())
    assert anchor.x0 > 1  # outside the data, to the right of the axes
    plt.close(fig)


def test_method_changes_only_on_levels_of_a_un_index():
    assert widgets.method_index("egdi", ["index_0_1"]) == "egdi"
    assert widgets.method_index("epart_world_mean", ["index_0_1"]) == "epart"
    assert widgets.method_index("egdi_rank", ["rank"]) is None  # ranks are compared across rounds
    assert widgets.method_index("dai", ["index_0_1"]) is None  # not a UN survey index
    selection = Selection("dai_regional", "dai", widgets.choices("dai_regional", "dai").countries,
                          widgets.choices("dai_regional", "dai").years)
    fig, caption = widgets.make_figure(widgets.select(selection), selection)
    assert _vertical_lines(fig.axes[0]) == [] and "method change" not in caption
    plt.close(fig)


def test_a_count_keeps_its_own_axis():
    selection = Selection("organisations_online", "organisations_using_internet_with_government", ("KAZ",),
                          widgets.choices("organisations_online").years, "none", "total")
    fig, _ = widgets.make_figure(widgets.select(selection), selection)
    assert fig.axes[0].get_ylim()[0] > 0
    plt.close(fig)


def test_fit_origin_is_the_recorded_launch_or_none():
    assert widgets.fit_origin("portal_users", "egov_service_users_share", "KAZ")[0] == 2006
    assert "launch of the portal" in widgets.fit_origin("portal_users", "egov_service_users_share", "KAZ")[1]
    assert widgets.fit_origin("egdi_regional", "egdi", "KAZ") is None
    assert widgets.fit_origin("infrastructure", "internet_users_share", "KAZ") is None  # a share, but no launch
    assert widgets.adoption_spec("portal_users", "egov_service_users_share", "total").ceiling == 100.0
    assert widgets.adoption_spec("organisations_online", "organisations_using_internet_with_government",
                                 "total").denominator is None


def _spy_on_fit(monkeypatch):
    from egovlib import diffusion

    calls = []
    real = diffusion.fit

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(diffusion, "fit", spy)
    return calls


def _stage_texts(ax) -> list[str]:
    from egovlib.diffusion import ADOPTER_CATEGORIES

    return [t.get_text() for t in ax.texts if t.get_text() in ADOPTER_CATEGORIES]


def test_share_fit_starts_at_the_launch_with_m_fixed_and_stage_bands(monkeypatch):
    calls = _spy_on_fit(monkeypatch)
    selection = Selection("portal_users", "egov_service_users_share", ("KAZ",), (2015, 2021), "bass",
                          "downloading_forms")
    fig, caption = widgets.make_figure(widgets.select(selection), selection)
    ax = fig.axes[0]
    assert calls[-1]["origin"] == 2006 and calls[-1]["m"] == 100.0
    assert any(line.get_label() == "bass fit" for line in ax.get_lines())
    assert "Bass fit with the origin 2006" in caption and "m = 100 per cent, fixed" in caption
    assert "innovators" in _stage_texts(ax) and "shares of that denominator" in caption
    assert "Orazgaliyeva" in caption
    plt.close(fig)


def test_no_fit_is_drawn_when_an_estimate_sits_on_its_bound():
    selection = Selection("portal_users", "egov_service_users_share", ("KAZ",), (2015, 2021), "logistic", "total")
    fig, caption = widgets.make_figure(widgets.select(selection), selection)
    ax = fig.axes[0]
    assert not any("fit" in line.get_label() for line in ax.get_lines())
    assert not any("interval" in str(c.get_label()) for c in ax.collections)
    assert "No logistic fit drawn" in caption and "t_mid sits on its bound" in caption
    assert _stage_texts(ax) == []
    plt.close(fig)


def test_count_fit_has_no_stage_bands(monkeypatch):
    calls = _spy_on_fit(monkeypatch)
    selection = Selection("organisations_online", "organisations_using_internet_with_government", ("KAZ",),
                          widgets.choices("organisations_online").years, "bass", "total")
    fig, caption = widgets.make_figure(widgets.select(selection), selection)
    ax = fig.axes[0]
    assert calls[-1]["origin"] == 2006 and calls[-1]["m"] is None
    assert any(line.get_label() == "bass fit" for line in ax.get_lines())
    assert _stage_texts(ax) == [] and not ax.patches
    assert "estimated" in caption and "No adopter-stage bands" in caption
    plt.close(fig)


def test_no_fit_without_a_recorded_launch_and_other_refusals(monkeypatch):
    calls = _spy_on_fit(monkeypatch)
    one = Selection("egdi_regional", "egdi", ("KAZ",), (2010, 2020), "bass")
    fig, caption = widgets.make_figure(widgets.select(one), one)
    assert calls == [] and not any("fit" in line.get_label() for line in fig.axes[0].get_lines())
    assert "No bass fit: the collection records no launch date" in caption
    plt.close(fig)
    many = Selection("egdi_regional", "egdi", ("ARM", "KAZ"), (2010, 2020), "bass")
    fig, caption = widgets.make_figure(widgets.select(many), many)
    assert "No bass fit: pick one series" in caption
    plt.close(fig)
    short = Selection("egdi_regional", "egdi", ("KAZ",), (2018, 2020), "bass")
    fig, caption = widgets.make_figure(widgets.select(short), short)
    assert "needs at least 5 years" in caption
    plt.close(fig)
    with pytest.raises(ValueError, match="no rows"):
        widgets.make_figure(pd.DataFrame(columns=["series"]), short)


def test_export_writes_figure_and_table(tmp_path):
    selection = Selection("egdi_regional", "egdi", ("KAZ",), (2010, 2020))
    rows = widgets.select(selection)
    fig, caption = widgets.make_figure(rows, selection)
    stem = widgets.export_stem(selection)
    paths = widgets.export(fig, rows, caption, tmp_path, stem)
    assert sorted(p.name for p in paths) == sorted(f"{stem}.{ext}" for ext in ("png", "svg", "csv"))
    assert pd.read_csv(tmp_path / f"{stem}.csv")["value"].tolist() == pytest.approx(rows["value"].tolist())
    first = (tmp_path / f"{stem}.png").read_bytes()
    widgets.export(fig, rows, caption, tmp_path, stem)
    assert (tmp_path / f"{stem}.png").read_bytes() == first  # byte-stable
    plt.close(fig)


# -- the callbacks -----------------------------------------------------------------------------
def test_dataset_change_resets_choices_and_redraws(tmp_path):
    explorer = widgets.Explorer("egdi_regional", export_folder=tmp_path)
    chart_before, table_before = explorer.chart.value, explorer.table.value
    explorer.countries.value = ("TJK",)
    explorer.dataset.value = "portal_users"
    options = widgets.choices("portal_users")
    assert explorer.indicator.options == options.indicators
    assert explorer.countries.value == options.countries  # TJK does not apply: all of the new ones
    assert (explorer.years.min, explorer.years.max) == options.years
    assert explorer.breakdown.disabled is False and "total" in explorer.breakdown.options
    assert explorer.chart.value != chart_before and explorer.table.value != table_before
    assert explorer.selection.dataset == "portal_users"


def test_country_change_changes_chart_and_table():
    explorer = widgets.Explorer("egdi_regional")
    table_before = explorer.table.value
    explorer.countries.value = ("KAZ",)
    assert "ARM" not in explorer.table.value and "ARM" in table_before
    assert explorer.rows["series"].unique().tolist() == ["KAZ"]


def test_empty_selection_shows_a_message_not_an_error(tmp_path):
    explorer = widgets.Explorer("egdi_regional", export_folder=tmp_path)
    explorer.countries.value = ()
    assert "No country selected" in explorer.message.value
    assert explorer.chart.layout.display == "none" and explorer.table.value == ""
    assert explorer.on_export() == [] and "Nothing to export" in explorer.message.value
    assert not any(tmp_path.iterdir())


def test_export_button_writes_into_the_export_folder(tmp_path):
    explorer = widgets.Explorer("egdi_regional", export_folder=tmp_path / "out")
    explorer.export_button.click()
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir()) == [".csv", ".png", ".svg"]
    assert "Exported" in explorer.message.value


def test_widget_model_ids_are_renumbered_consistently():
    import nbformat

    from egovlib.notebooks import WIDGET_STATE_MIME, renumber_widget_models

    a, b = "a" * 32, "b" * 32
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {WIDGET_STATE_MIME: {"state": {
        b: {"state": {"layout": f"IPY_MODEL_{a}"}}, a: {"state": {}}}, "version_major": 2}}
    cell = nbformat.v4.new_code_cell("w")
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "application/vnd.jupyter.widget-view+json": {"model_id": b, "version_major": 2}})]
    nb.cells.append(cell)
    renumber_widget_models(nb)
    state = nb.metadata["widgets"][WIDGET_STATE_MIME]["state"]
    first, second = f"{1:032x}", f"{2:032x}"
    assert set(state) == {first, second}
    assert state[first]["state"]["layout"] == f"IPY_MODEL_{second}"  # the displayed root comes first
    assert cell.outputs[0]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"] == first
