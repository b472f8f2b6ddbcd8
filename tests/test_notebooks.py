"""The notebook collection: conventions, mirrors, non-default parameters, bad parameters, reproducibility.

Each notebook is run with papermill in a scratch folder; assertions are on its recorded results
(egovlib.results), recomputed independently from the data where they are numbers.
"""

from __future__ import annotations

import math
from pathlib import Path

import nbformat
import pandas as pd
import papermill as pm
import pytest
from figure_compare import figure_difference

import egovlib
from egovlib import diffusion, egdi, formatting, regional, stats, widgets
from egovlib._kernels import kernel_manager, private_runtime
from egovlib.notebooks import NOTEBOOKS, check_mirrors, collection
from egovlib.results import read_parameters, read_results

REPO = Path(__file__).resolve().parent.parent
FIGURES = REPO / "figures"
NAMES = [p.stem for p in collection()]


def run(name: str, out_dir: Path, **parameters) -> Path:
    """Execute notebook ``name`` with papermill into ``out_dir``; figures go to ``out_dir/figures``."""
    output = out_dir / f"{name}.ipynb"
    with private_runtime() as runtime:
        pm.execute_notebook(str(NOTEBOOKS / f"{name}.ipynb"), str(output), parameters=parameters,
                            cwd=str(NOTEBOOKS), km=kernel_manager(runtime), kernel_name="python3", progress_bar=False)
    # every glue role of the prose has its value on this path through the code too (the book builds grid runs)
    from egovlib import prose

    missing = prose.unresolved(nbformat.read(output, as_version=4))
    assert missing == [], f"{name} with {parameters}: glue roles without a glued value: {missing}"
    return output


def as_recorded(value: float, n: int | None = None, *, p: bool = False) -> float:
    """``value`` as a notebook records it: rounded by the formatting policy (egovlib.formatting).

    A test's estimate or interval from ``n`` observations is recorded at ``digits_for(n)``
    significant digits, a p-value (``p=True``) at two, any other number at four.
    """
    digits = formatting.P_DIGITS if p else formatting.digits_for(n) if n is not None else formatting.SIGNIFICANT
    return formatting.round_sig(float(value), digits)


def recorded(path: Path) -> dict:
    table = read_results(path)
    return dict(zip(table["name"], table["value"], strict=True))


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    monkeypatch.setenv("EGOV_FIGURES_DIR", str(tmp_path / "figures"))
    return tmp_path


# -- conventions ------------------------------------------------------------------------------
def test_collection_is_complete():
    assert {"00_data_catalog", "01_claims_audit", "02_egdi_trajectory", "03_portal_adoption_doi",
            "04_service_quality", "05_integration_and_ict", "06_regional_comparison", "07_doi_framework",
            "08_readiness_survey", "09_explorer", "10_egdi_forecasts"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_first_code_cell_is_parameters_and_next_validates(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", []), f"{name}: first code cell not tagged 'parameters'"
    assert "params." in code[1].source, f"{name}: the cell after the parameters does not validate them"
    assert nb.cells[0].cell_type == "markdown" and "**Question.**" in nb.cells[0].source
    assert any("## Caveats" in c.source for c in nb.cells if c.cell_type == "markdown"), f"{name}: no caveats"


@pytest.mark.parametrize("name", NAMES)
def test_stored_notebook_is_clean_and_records_results(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    assert "papermill" not in nb.metadata
    for cell in nb.cells:
        assert "papermill" not in cell.metadata and "execution" not in cell.metadata
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", f"{name}: stored output holds an error"
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), f"{name}: not executed in order from a fresh kernel"
    assert len(read_results(NOTEBOOKS / f"{name}.ipynb")) > 0


def test_mirrors_agree_with_notebooks():
    assert check_mirrors() == []


def test_a_stale_mirror_is_reported(tmp_path):
    for source in collection()[:1]:
        (tmp_path / source.name).write_bytes(source.read_bytes())
        text = source.with_suffix(".py").read_text()
        (tmp_path / source.with_suffix(".py").name).write_text(text.replace("# %%", "# %%\n# edited", 1))
    problems = check_mirrors(tmp_path)
    assert len(problems) == 1 and "differs from" in problems[0]


# -- reproducibility ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def default_runs(tmp_path_factory) -> dict[str, Path]:
    """Each notebook's default run in this session (executed on first use), with its figures."""
    cache: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in cache:
            folder = tmp_path_factory.mktemp(f"first-{name}")
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv("EGOV_FIGURES_DIR", str(folder / "figures"))
                cache[name] = run(name, folder)
        return cache[name]

    return get


@pytest.mark.parametrize("name", NAMES)
def test_rerun_reproduces_stored_results_and_committed_figures(name, default_runs):
    output = default_runs(name)
    fresh = read_results(output)
    stored = read_results(NOTEBOOKS / f"{name}.ipynb")
    assert fresh.fillna("").to_dict("records") == stored.fillna("").to_dict("records")
    written = sorted((output.parent / "figures").iterdir())
    assert written, f"{name} wrote no figure"
    for figure in written:
        committed = FIGURES / figure.name
        assert committed.is_file(), f"{figure.name} is not committed in figures/ (run `make notebooks`)"
        difference = figure_difference(committed, figure)
        assert difference is None, f"{difference} (run `make notebooks` if the change is meant)"


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_drawing_twice_on_one_machine_gives_identical_bytes(name, default_runs, scratch):
    first = default_runs(name).parent / "figures"
    second = run(name, scratch).parent / "figures"
    assert sorted(p.name for p in first.iterdir()) == sorted(p.name for p in second.iterdir())
    for figure in sorted(first.iterdir()):
        assert figure.read_bytes() == (second / figure.name).read_bytes(), f"{figure.name}: bytes differ between two runs"


def test_every_committed_figure_has_a_notebook():
    stems = {p.stem.split("_")[0] for p in collection()}
    for figure in FIGURES.glob("*.*"):
        if figure.name.startswith("."):
            continue
        assert figure.name.split("_")[0] in stems, f"{figure.name}: no notebook writes it"


# -- non-default parameters --------------------------------------------------------------------
def test_catalog_with_descriptions(scratch):
    results = recorded(run("00_data_catalog", scratch, show_descriptions=True))
    assert results["datasets"] == len(egovlib.list_datasets())
    assert results["rows"] == sum(len(egovlib.load(n)) for n in egovlib.list_datasets())


def test_claims_audit_for_one_source(scratch):
    output = run("01_claims_audit", scratch, sources=["undp2022"])
    results = recorded(output)
    expected = egovlib.claims()["source"].astype(str).eq("undp2022").sum()
    assert results["claims"] == expected
    assert results["claims_reproduced"] + results["claims_not_reproduced"] + results["claims_not_checkable"] == expected
    assert read_parameters(output) == {"sources": ["undp2022"]}


def test_egdi_trajectory_for_another_country(scratch):
    results = recorded(run("02_egdi_trajectory", scratch, country="ARM", focus_round=2016))
    armenia = egdi.trajectory("ARM")["egdi"].dropna()
    assert results["first_round"] == armenia.index.min() and results["last_round"] == armenia.index.max()
    assert results["egdi_last"] == as_recorded(armenia.iloc[-1])
    # percentile changes per year, recomputed from the panel: share of assessed members at or below Armenia
    panel = egovlib.load("un_egov_panel")
    panel = panel[(panel["indicator"] == "egdi") & (panel["value"] > 0)]
    share = {int(y): 100 * (g["value"] <= g.loc[g["country"] == "ARM", "value"].iloc[0]).mean()
             for y, g in panel.groupby("year") if (g["country"] == "ARM").any()}
    share = pd.Series(share).sort_index()
    changes = share.diff().dropna() / share.index.to_series().diff().dropna()
    assert results["focus_change_rank"] == (changes >= changes.loc[2016] - 1e-9).sum()
    assert results["focus_change_rank_n"] == len(changes)
    assert "focus_change_rank_p" not in results  # a rank among 11 cannot reject: no p-value


def test_egdi_trajectory_with_year_range(scratch):
    results = recorded(run("02_egdi_trajectory", scratch, start_year=2010, end_year=2020, focus_round=2012))
    kaz = egdi.trajectory("KAZ")
    assert results["egdi_first"] == as_recorded(kaz.at[2010, "egdi"])
    assert results["percentile_trend_n"] == len(kaz.loc[2010:2020])


def test_egdi_trajectory_un_wide(scratch, external_dir):
    folder = external_dir / "un_egov"
    results = recorded(run("02_egdi_trajectory", scratch, country="UZB", un_folder=str(folder)))
    uzb = egdi.trajectory("UZB", folder)
    assert results["egdi_last"] == as_recorded(uzb["egdi"].dropna().iloc[-1])
    assert results["rank_last"] == uzb["egdi_rank"].dropna().iloc[-1]
    table = egdi.percentiles(egdi.un_table(folder), ["UZB"])
    assert results["percentile_last"] == as_recorded(table["percentile"].iloc[-1])
    assert results["largest_driver"] in {"OSI", "HCI", "TII"}
    assert (scratch / "figures" / "02_egdi_global_uzb.png").is_file()


def test_portal_adoption_with_other_series_and_models(scratch):
    results = recorded(run("03_portal_adoption_doi", scratch, series="users_share_total",
                           models=["logistic", "linear"], horizon=3, n_boot=50))
    share = egovlib.load("portal_users")
    share = share[share["breakdown"] == "total"].sort_values("year")
    assert results["n_observations"] == len(share)
    assert results["best_model"] in {"logistic", "linear"} and "bass_p" not in results
    assert results["forecast_final_year"] == int(share["year"].max()) + 3
    assert results["stage_against_ceiling"] is None  # a share of current users: the stage is not identified
    assert results["stage_at_peak"] == f"at least {diffusion.adopter_stage(float(share['value'].max())).iloc[0]}"


def test_service_quality_with_another_break(scratch):
    results = recorded(run("04_service_quality", scratch, pandemic_start=2019, indicators=["service_satisfaction"]))
    table = egovlib.load("platform_performance")
    sat = table[table["indicator"] == "service_satisfaction"].pivot_table(
        index="year", columns="breakdown", values="value", observed=True)
    gap = sat["central_state_bodies"] - sat["local_executive_bodies"]
    assert results["gap_first"] == pytest.approx(gap.iloc[0])
    assert results["smallest_attainable_p"] == pytest.approx(2 / math.comb(len(sat), len(sat) - 1))
    assert not any(name.startswith("service_volume") for name in results)


def test_integration_with_wilson_intervals(scratch):
    results = recorded(run("05_integration_and_ict", scratch, interval_method="wilson", compare_years=[2019, 2021]))
    table = egovlib.load("integration_readiness")
    value = table.set_index(["indicator", "year"])["value"]
    expected = stats.proportion(int(value[("integrations_implemented", 2019)]),
                                int(value[("integrations_planned", 2019)]), method="wilson")
    assert results["fulfilment_2019"] == as_recorded(expected.estimate)
    assert results["fulfilment_2019_ci_low"] == as_recorded(expected.ci_low)


def test_egdi_trajectory_un_wide_convergence_and_averages(scratch, external_dir):
    folder = external_dir / "un_egov"
    results = recorded(run("02_egdi_trajectory", scratch, un_folder=str(folder), end_year=2012, focus_round=2012))
    members = regional.panel("egdi", regional.available_countries("egdi", folder), folder)
    # 2003-2012 has no UN method change: the spread over all members is compared over those six rounds
    spread = stats.sigma_convergence(members[members["year"] <= 2012])
    trend = stats.mann_kendall(spread["sd"], spread["year"])
    assert results["world_sigma_trend"] == as_recorded(trend.estimate, trend.n)
    assert results["world_sigma_trend_n"] == len(spread) == 6
    assert results["world_averages_unregistered"] == 0


def test_regional_comparison_for_e_participation(scratch):
    countries = ["ARM", "GEO", "KAZ", "TJK"]
    results = recorded(run("06_regional_comparison", scratch, index="epart", countries=countries, threshold=0.5))
    rows = regional.panel("epart", countries)
    wide = rows.pivot(index="year", columns="country", values="value")
    assert results["countries"] == 4 and results["rounds"] == len(wide)
    assert results["leader_last_round"] == wide.iloc[-1].idxmax()
    assert results["sd_last_round"] == as_recorded(wide.iloc[-1].std(ddof=1))
    reached = (wide >= 0.5).any()
    assert results["crossed_by_last_round"] == int(reached.sum())
    assert "internet_vs_egdi_rho" not in results  # that comparison is made for the EGDI only
    assert (scratch / "figures" / "06_epart_panel.png").is_file()


def test_regional_comparison_against_all_un_members(scratch, external_dir):
    folder = external_dir / "un_egov"
    results = recorded(run("06_regional_comparison", scratch, un_folder=str(folder), threshold=0.5))
    members = regional.panel("egdi", regional.available_countries("egdi", folder), folder)
    assert results["countries"] == len(regional.default_countries("egdi", folder))
    assert results["world_members_last_round"] == members[members["year"] == members["year"].max()].shape[0]
    crossed = regional.crossings(members, 0.5)
    assert results["world_crossed_share"] == as_recorded(100 * crossed["first_round"].notna().mean())
    check = regional.world_average_check(folder)
    assert results["world_averages_checked"] == len(check)
    assert results["world_averages_beyond_rounding"] == int(check["beyond_rounding"].sum()) >= 1
    assert results["world_averages_unregistered"] == 0
    assert (scratch / "figures" / "06_egdi_dispersion.png").is_file()


def test_doi_framework_for_two_countries(scratch):
    results = recorded(run("07_doi_framework", scratch, countries=["KAZ", "RUS"], first_year=2005))
    acts = egovlib.load("legal_acts")
    shown = acts[acts["country"].isin(["KAZ", "RUS", "EAEU"]) & acts["year"].between(2005, 2022)]
    assert results["legal_acts_in_window"] == len(shown)
    regulators = egovlib.load("ict_regulators")
    assert results["regulator_bodies"] == int(regulators["country"].isin(["KAZ", "RUS"]).sum())
    assert results["hypotheses"] >= 8
    # results of 03-05 are always found; 02 and 06 may rename theirs, which 07 then reports as missing
    table = read_results(scratch / "07_doi_framework.ipynb").set_index("name")
    missing = table.at["evidence_missing", "description"].split(": ", 1)[1]
    assert not any(key.strip()[:3] in {"03:", "04:", "05:"} for key in missing.split(",") if key.strip())


def test_readiness_survey_with_wilson_intervals(scratch):
    results = recorded(run("08_readiness_survey", scratch, countries=["KAZ", "UZB", "GEO"], interval="wilson",
                           confidence=0.9))
    table = egovlib.load("survey_responses")
    table = table[table["country"].isin(["KAZ", "UZB", "GEO"])]
    sent = int(table.loc[table["stage"] == "sent", "count"].sum())
    received = int(table.loc[table["stage"] == "received", "count"].sum())
    expected = stats.proportion(received, sent, method="wilson", confidence=0.9)
    assert results["response_rate_overall"] == as_recorded(expected.estimate)
    assert results["response_rate_overall_ci_low"] == as_recorded(expected.ci_low)
    assert results["response_rate_overall_n"] == sent
    kaz = table[table["country"] == "KAZ"].groupby("stage", observed=True)["count"].sum()
    assert results["response_rate_kaz"] == as_recorded(kaz["received"] / kaz["sent"])
    assert "response_rate_arm" not in results


def test_explorer_opens_on_another_dataset_and_stores_widget_state(scratch):
    output = run("09_explorer", scratch, dataset="portal_users")
    results = recorded(output)
    first = widgets.select(widgets.initial_selection("portal_users"))
    assert results["first_view_rows"] == len(first)
    assert results["first_view_series"] == first["series"].nunique()
    assert (scratch / "figures" / "09_explorer_portal_users.png").is_file()
    nb = nbformat.read(output, as_version=4)
    assert nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]


# -- bad parameters ------------------------------------------------------------------------------
BAD = [
    ("00_data_catalog", {"show_descriptions": "yes"}, "parameter show_descriptions='yes': expected True or False"),
    ("01_claims_audit", {"sources": ["nobody2020"]}, "parameter sources=['nobody2020']"),
    ("02_egdi_trajectory", {"country": "XYZ"}, "parameter country='XYZ': expected one of"),
    ("02_egdi_trajectory", {"start_year": 2022, "end_year": 2003}, "parameter end_year=2003"),
    ("02_egdi_trajectory", {"un_folder": "/nonexistent/un"}, "parameter un_folder='/nonexistent/un'"),
    ("03_portal_adoption_doi", {"models": ["bass", "weibull"]}, "unknown: ['weibull']"),
    ("04_service_quality", {"pandemic_start": 2030}, "parameter pandemic_start=2030: expected an integer from"),
    ("05_integration_and_ict", {"interval_method": "wald"}, "parameter interval_method='wald'"),
    ("06_regional_comparison", {"index": "osi"}, "parameter index='osi': expected one of"),
    ("06_regional_comparison", {"threshold": 1.5}, "parameter threshold=1.5: expected a number from"),
    ("06_regional_comparison", {"countries": ["KAZ", "XYZ"]}, "parameter countries=['KAZ', 'XYZ']"),
    ("07_doi_framework", {"last_year": 1995}, "parameter last_year=1995"),
    ("08_readiness_survey", {"interval": "wald"}, "parameter interval='wald'"),
    ("08_readiness_survey", {"confidence": 95}, "parameter confidence=95"),
    ("09_explorer", {"dataset": "legal_acts"}, "parameter dataset='legal_acts': expected one of"),
]


@pytest.mark.parametrize(("name", "parameters", "message"), BAD, ids=[f"{b[0]}-{next(iter(b[1]))}" for b in BAD])
def test_bad_parameter_is_refused_with_its_name(name, parameters, message, scratch):
    with pytest.raises(pm.PapermillExecutionError) as caught:
        run(name, scratch, **parameters)
    assert "ParameterError" in caught.value.ename
    assert message in caught.value.evalue
    assert not (scratch / "figures").exists() or not any((scratch / "figures").iterdir())
