"""The book's page generators and builder (egovlib._book), without a browser (see tests/ui/test_book.py)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from egovlib._book import BookError, build_book, pages, read_content
from egovlib._book.content import Content, Run
from egovlib._book.findings import KEY_FINDINGS, Finding, state
from egovlib._book.sources import _widget_images
from egovlib.datasets import default_data_dir, default_package

REPO = Path(__file__).resolve().parents[1]
DESCRIPTOR = json.loads((REPO / "data" / "datapackage.json").read_text(encoding="utf-8"))
SOURCES = {s["name"]: s for s in DESCRIPTOR["sources"]}
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"]}


def row(name, value, unit="1", description="", run="02_egdi_trajectory"):
    return {"run": run, "notebook": run.split("/")[0], "name": name, "value": value, "unit": unit,
            "description": description, "parameters": {}}


def test_escape_makes_markdown_punctuation_literal():
    assert pages.escape("a_b*c [d] <e> | $f`") == r"a\_b\*c \[d\] \<e\> \| \$f\`"
    assert pages.escape("two\nlines") == "two lines"
    assert pages.escape(None) == ""


def test_table_has_a_separator_row_per_column():
    text = pages.table(["a", "b"], [["1", "2"]])
    assert text.splitlines() == ["| a | b |", "|---|---|", "| 1 | 2 |"]


def test_finding_states_value_interval_p_and_n_from_the_results():
    results = {r["name"]: r for r in [
        row("egdi_slope", 0.0252, "index_0_1 per year", "median pairwise slope, n = 11"),
        row("egdi_slope_ci_low", 0.02057, "index_0_1 per year", "95% interval; median pairwise slope, n = 11"),
        row("egdi_slope_ci_high", 0.02939, "index_0_1 per year", "95% interval; median pairwise slope, n = 11"),
        row("egdi_slope_p", 0.0004, "p-value"), row("egdi_slope_n", 11, "observations")]}
    text = state(Finding("02_egdi_trajectory", "egdi_slope", "Slope"), results)
    assert text.startswith("**Slope**: 0.0252 index points (0-1 scale) per year")
    assert "95 % interval 0.02057 to 0.02939" in text and "p < 0.001" in text and "n = 11" in text
    assert "Method: median pairwise slope, n = 11." in text


def test_finding_without_its_result_says_so():
    text = state(Finding("05_integration_and_ict", "fulfilment_pooled", "Fulfilment"), {})
    assert "not recorded in this run" in text and "fulfilment_pooled" in text


def test_key_findings_name_results_the_notebooks_record():
    from egovlib.results import read_results

    for finding in KEY_FINDINGS:
        names = set(read_results(REPO / "notebooks" / f"{finding.notebook}.ipynb")["name"])
        assert finding.name in names, f"{finding.notebook} records no {finding.name}"


def test_sources_without_authors_are_cited_by_venue_never_by_key():
    # datapackage.json: dsj2023 has no authors; its journal is the Data Science Journal, 2023.
    assert pages.cite_label(SOURCES["dsj2023"]) == "Data Science Journal (2023)"
    # Orazgaliyeva, Satpayeva, Tazhiyeva, Nurseiytova (2023): four authors.
    assert pages.cite_label(SOURCES["orazgaliyeva2023"]) == "Orazgaliyeva et al. (2023)"
    from egovlib import plotting

    caption = plotting.source_caption(keys=sorted(SOURCES))
    assert not re.search(r"\b[a-z_]+\d{4} \(\d{4}\)", caption), caption


def test_dataset_page_has_title_units_schema_sources_licence_and_file():
    resource = RESOURCES["egdi_kazakhstan"]
    text = pages.dataset_page(resource, SOURCES, DESCRIPTOR["licenses"], rows=77, csv_name="egdi_kazakhstan.csv",
                              run_hash="sha256:other")
    assert text.startswith("# egdi\\_kazakhstan: UN E-Government indices of Kazakhstan, 2003-2022\n")
    assert "{download}`egdi_kazakhstan.csv <egdi_kazakhstan.csv>` (77 rows)" in text
    assert "`index_0_1`, `rank`" in text
    for field in resource["schema"]["fields"]:
        assert f"| `{field['name']}` |" in text
    assert "{ref}`Orazgaliyeva et al. (2023) <bib-orazgaliyeva2023>`" in text
    assert "CC-BY-4.0" in text
    assert "another version of this file" in text
    assert "Primary key: `country`, `year`, `indicator`." in text


def test_bibliography_has_one_target_per_source_and_links_datasets():
    text = pages.bibliography_page(SOURCES, {"orazgaliyeva2023": ["egdi_kazakhstan"]})
    for key in SOURCES:
        assert f"(bib-{key})=" in text
    assert "DOI [10.21511/ppm.21(2).2023.53](https://doi.org/10.21511/ppm.21(2).2023.53)" in text
    assert "{doc}`egdi_kazakhstan <data/egdi_kazakhstan>`" in text


def test_register_page_links_sources_and_keeps_every_row():
    records = [{"claim_id": "C1", "source": "dsj2023", "statement": "a | b", "formula": "v('x') * 2"},
               {"claim_id": "C2", "source": "unknown_key", "statement": "c", "formula": ""}]
    text = pages.register_page("Claims", "intro", ["claim_id", "source", "statement", "formula"], records,
                               code_columns=("claim_id", "formula"), source_columns=("source",), sources=SOURCES)
    assert "```{container} egov-register" in text
    assert "| `C1` | {ref}`Data Science Journal (2023) <bib-dsj2023>` | a \\| b | `v('x') * 2` |" in text
    assert "| `C2` | unknown\\_key | c |  |" in text


def content_with_grid():
    runs = [Run("02_egdi_trajectory", "02_egdi_trajectory", None, duration_s=12.34),
            Run("02_egdi_trajectory/country=ARM", "02_egdi_trajectory", None, parameters={"country": "ARM"},
                status="failed", error="boom", cell=3, duration_s=2.0)]
    manifest = {"run_id": "R1", "started": "s", "finished": "f", "duration_s": 14.3, "status": "failed",
                "complete": False, "python": "3.11.9", "platform": "Linux", "executor": "process pool, 1 workers",
                "timeout_s": 900.0, "packages": {"pandas": "2.2.3"}}
    return Content(Path("."), runs, [row("egdi_slope", 0.0252), row("egdi_slope", 0.5, run=runs[1].run)], manifest)


def test_grid_runs_get_their_own_section_one_page_each():
    content = content_with_grid()
    assert [r.run for r in content.chapters] == ["02_egdi_trajectory"]
    assert [pages.chapter_doc(r) for r in content.grid] == ["grid/02_egdi_trajectory--country=ARM"]
    landing = pages.landing_page(content, {"02_egdi_trajectory": "EGDI"})
    assert ":caption: Grid runs" in landing and "grid/index" in landing
    assert "02_egdi_trajectory/country=ARM (failed)" in landing
    index = pages.grid_index(content, {"02_egdi_trajectory": "EGDI"})
    assert "{doc}`country=ARM <02_egdi_trajectory--country=ARM>`" in index
    assert index.rstrip().endswith("02_egdi_trajectory--country=ARM\n```")


def test_status_page_lists_status_run_time_and_packages():
    text = pages.status_page(content_with_grid(), {}, built_with={"sphinx": "9.0"})
    assert "| {doc}`02_egdi_trajectory </chapters/02_egdi_trajectory>` | ok | 12.3 |" in text
    assert "| failed | 2.0 | `{\"country\": \"ARM\"}` | cell 3: boom |" in text
    assert "| `pandas` | 2.2.3 |" in text and "| `sphinx` | 9.0 |" in text
    assert "a partial run" in text


def test_results_page_shows_each_run_with_its_rows():
    text = pages.results_page(content_with_grid(), {"02_egdi_trajectory": "EGDI"})
    assert "## EGDI\n" in text and "## EGDI (country=ARM)\n" in text
    assert "| `egdi_slope` | 0.0252 |" in text and "| `egdi_slope` | 0.5 |" in text


def test_widget_images_follow_the_model_tree():
    state = {"a": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_b", "IPY_MODEL_c"]}},
             "b": {"model_name": "DropdownModel", "state": {}},
             "c": {"model_name": "ImageModel", "state": {}, "buffers": [{"path": ["value"], "data": "PNG"}]},
             "d": {"model_name": "ImageModel", "state": {}, "buffers": [{"path": ["value"], "data": "OTHER"}]}}
    assert _widget_images(state, "a") == ["PNG"]
    assert _widget_images(state, "missing") == []


def test_a_folder_that_is_no_report_is_refused_with_its_name(tmp_path):
    with pytest.raises(BookError, match="no notebooks named NN_slug.ipynb"):
        read_content(tmp_path)
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(BookError, match=r"manifest\.json: unreadable"):
        read_content(tmp_path)
    with pytest.raises(BookError, match="not a folder"):
        read_content(tmp_path / "nope")


def test_build_book_from_a_small_report(tmp_path):
    report = tmp_path / "report"
    entries = []
    for stem in ("00_data_catalog", "01_claims_audit"):
        (report / stem).mkdir(parents=True)
        shutil.copy(REPO / "notebooks" / f"{stem}.ipynb", report / stem / f"{stem}.ipynb")
        entries.append({"run": stem, "notebook": stem, "parameters": {}, "status": "ok", "duration_s": 3.0})
    (report / "manifest.json").write_text(json.dumps({"run_id": "R1", "status": "ok", "notebooks": entries,
                                                      "data_checksums": {}}))
    old = report / "book"
    old.mkdir()
    (old / "stale.html").write_text("old")
    built = build_book(report)
    site = built["out"]
    assert site == old and not (site / "stale.html").exists(), "the previous book is replaced as a whole"
    assert built["warnings"] == []
    for page in ("index.html", "status.html", "results.html", "bibliography.html", "registers/claims.html",
                 "chapters/00_data_catalog.html", "chapters/01_claims_audit.html", "search.html", "searchindex.js"):
        assert (site / page).is_file(), page
    for name in default_package().list_datasets():
        assert (site / "data" / f"{name}.html").is_file(), name
    landing = (site / "index.html").read_text(encoding="utf-8")
    # the share of reproduced claims, counted here from data/claims.csv itself (recorded by 01)
    import pandas as pd

    from egovlib.formatting import fmt

    claims = pd.read_csv(default_data_dir() / "claims.csv")
    assert fmt(float((claims["verdict"] == "reproduced").mean())) in landing
    assert "not recorded in this run" in landing  # 02-08 are not in this report
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"(https?:)?//", text), f"{html}: a remote asset"
    assert json.loads((site / "book.json").read_text())["run_id"] == "R1"
    # the prose of the chapters takes its numbers from the computation (myst-nb's glue): every role resolved,
    # every glued value in the page, and the sentence of 01 with the counts 01 recorded
    for stem in ("00_data_catalog", "01_claims_audit"):
        assert_glue_resolved(site / "chapters" / f"{stem}.html", report / stem / f"{stem}.ipynb")
    from egovlib.results import read_results

    recorded = read_results(report / "01_claims_audit" / "01_claims_audit.ipynb", record_read=False)
    value = recorded.set_index("name")["value"]
    assert (f"{fmt(value['claims_reproduced'])} of {fmt(value['claims'])} claims reproduced, "
            f"{fmt(value['claims_not_reproduced'])} not reproduced") in page_text(site / "chapters" / "01_claims_audit.html")


def page_text(html: Path) -> str:
    """The visible text of a built page, tags removed and white space collapsed."""
    import html as entities

    text = re.sub(r"<(script|style)\b.*?</\1>", " ", html.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"\s+", " ", entities.unescape(re.sub(r"<[^>]+>", " ", text))).replace(" ,", ",").strip()


def assert_glue_resolved(html: Path, notebook: Path) -> None:
    """No glue role is left in the page, and every value glued in the notebook appears in it."""
    import nbformat

    from egovlib import prose

    raw = html.read_text(encoding="utf-8")
    assert "{glue" not in raw, f"{html.name}: an unresolved glue role"
    def bare(text: str) -> str:  # compared without white space, Markdown marks and typographic quotes
        return re.sub(r"\s+", "", text.replace("\u2018", "'").replace("\u2019", "'"))

    text = bare(page_text(html))
    for key, value in prose.glued(nbformat.read(notebook, as_version=4)).items():
        shown = bare(re.sub(r"^[-*] |[*`]", "", value, flags=re.M))
        assert shown in text, f"{html.name}: glued {key!r} = {value!r} missing"


NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_glue_role_of_a_chapter_names_a_value_its_notebook_glued_once(path):
    import nbformat

    from egovlib import prose

    nb = nbformat.read(path, as_version=4)
    assert prose.unresolved(nb) == [], f"{path.stem}: glue roles without a glued value"
    keys = [o["metadata"]["scrapbook"]["name"] for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
            if "scrapbook" in o.get("metadata", {})]
    assert len(keys) == len(set(keys)), f"{path.stem}: a glue key is repeated (myst-nb warns, the build fails)"


#: Notebooks whose mirrors still build prose as Python strings; the lead converts them with the
#: pattern of egovlib.prose and then removes them from this list.
@pytest.mark.parametrize("path", sorted((REPO / "notebooks").glob("[0-9][0-9]_*.py")), ids=lambda p: p.stem)
def test_mirrors_keep_prose_in_markdown_cells(path):
    text = path.read_text(encoding="utf-8")
    built = re.findall(r"Markdown\(\s*f?[\"']", text)
    assert not built, f"{path.stem}: prose built as Markdown(...) in a code cell; glue its numbers instead"
    assert "from IPython.display import Markdown" not in text, path.stem


def test_a_glue_role_without_its_value_fails_the_build(tmp_path):
    import nbformat

    report = small_report(tmp_path / "report")
    copy = report / "01_claims_audit" / "01_claims_audit.ipynb"
    nb = nbformat.read(copy, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("There are {glue:md}`no_such_key` claims."))
    nbformat.write(nb, copy)
    with pytest.raises(BookError, match="no_such_key"):
        build_book(report)


def small_report(folder: Path, stems=("01_claims_audit",)) -> Path:
    entries = []
    for stem in stems:
        (folder / stem).mkdir(parents=True)
        shutil.copy(REPO / "notebooks" / f"{stem}.ipynb", folder / stem / f"{stem}.ipynb")
        entries.append({"run": stem, "notebook": stem, "parameters": {}, "status": "ok", "duration_s": 1.0})
    (folder / "manifest.json").write_text(json.dumps({"run_id": "R2", "notebooks": entries}))
    return folder


def test_a_broken_internal_link_fails_the_build_and_keeps_the_previous_book(tmp_path, monkeypatch):
    report = small_report(tmp_path / "report")
    previous = report / "book"
    previous.mkdir()
    (previous / "index.html").write_text("previous")
    original = pages.landing_page
    monkeypatch.setattr(pages, "landing_page", lambda *a, **k: original(*a, **k) + "\nSee {doc}`no-such-page`.\n")
    with pytest.raises(BookError, match="no-such-page"):
        build_book(report)
    assert (previous / "index.html").read_text() == "previous"
    assert [p.name for p in tmp_path.joinpath("report").iterdir() if p.name.startswith(".")] == []


def test_the_command_refuses_a_missing_report_and_never_writes_among_the_notebooks(tmp_path, monkeypatch, capsys):
    from egovlib._book.__main__ import main

    with pytest.raises(SystemExit) as stopped:
        main(["--report", str(tmp_path / "missing")])
    assert stopped.value.code == 2 and "not a folder" in capsys.readouterr().err
    with pytest.raises(BookError, match="pass out="):
        build_book(REPO / "notebooks")


@pytest.mark.slow
def test_every_chapter_of_the_committed_notebooks_shows_its_glued_numbers(tmp_path):
    built = build_book(REPO / "notebooks", out=tmp_path / "book", cache=None)
    assert built["warnings"] == []
    for notebook in NOTEBOOKS:
        assert_glue_resolved(tmp_path / "book" / "chapters" / f"{notebook.stem}.html", notebook)
