"""Incremental runs: a notebook reruns exactly when something it depends on changed, and says why."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from test_report import make_notebook

from egovlib import _inputs, cli
from egovlib._report import cache
from egovlib._report.plan import Task, discover, remember_parameters
from egovlib.datasets import DataPackage, default_data_dir
from egovlib.maintenance import update_checksums

LOADS = """
from egovlib.datasets import DataPackage
from egovlib.results import Results
table = DataPackage(r"{data}").load("{dataset}")
results = Results("{name}")
results.add("rows", len(table), "rows")
results.add("first_value", float(table["value"].iloc[0]), "1")
results.show()
"""

READS = """
from egovlib.results import Results, read_results
evidence = read_results(r"{evidence}")
results = Results("{name}")
results.add("evidence_rows", len(evidence), "rows")
results.show()
"""


@pytest.fixture
def project(tmp_path):
    """Three notebooks: two read one dataset each of a copy of the data package, one reads results."""
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    make_notebook(notebooks, "00_users", "x = 1", LOADS.format(data=data, dataset="portal_users", name="00_users"))
    make_notebook(notebooks, "01_egdi", "x = 1", LOADS.format(data=data, dataset="egdi_kazakhstan", name="01_egdi"))
    evidence = tmp_path / "evidence.ipynb"
    make_notebook(notebooks, "02_reader", "x = 1", READS.format(evidence=evidence, name="02_reader"))
    shutil.copyfile(notebooks / "00_users.ipynb", evidence)  # unexecuted: no results yet
    (tmp_path / "report.toml").write_text('[report]\nnotebooks_dir = "notebooks"\nout = "reports"\njobs = 2\n'
                                          'timeout = 120\n')
    return tmp_path


def run(project: Path, capsys, *args: str) -> dict[str, dict]:
    """One `egov report`; the manifest's entry of every notebook, by run name."""
    code = cli.main(["report", "--config", str(project / "report.toml"), "--quiet", *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    manifest = json.loads((project / "reports" / "latest" / "manifest.json").read_text())
    return {entry["run"]: entry for entry in manifest["notebooks"]} | {"_run_id": manifest["run_id"], "_out": out}


def actions(entries: dict) -> dict[str, str]:
    return {run: entry["action"] for run, entry in entries.items() if not run.startswith("_")}


@pytest.mark.slow
def test_only_what_changed_runs_again(project, capsys):
    first = run(project, capsys)
    assert actions(first) == {"00_users": "ran", "01_egdi": "ran", "02_reader": "ran"}
    assert first["00_users"]["reason"] == "no earlier successful run with a key"
    assert [(i["kind"], i["name"]) for i in first["00_users"]["key"]["inputs"]] == [("dataset", "portal_users")]
    assert [(i["kind"], i["name"]) for i in first["02_reader"]["key"]["inputs"]] == [("results", "evidence")]

    second = run(project, capsys)
    assert actions(second) == dict.fromkeys(actions(first), "reused")
    assert second["01_egdi"]["reason"] == f"nothing changed since {first['_run_id']}"
    assert "3 reused unchanged, 0 executed" in second["_out"]
    latest = project / "reports" / "latest"
    executed = nbformat.read(latest / "01_egdi" / "01_egdi.ipynb", as_version=4)
    assert any("application/vnd.egovkz.results+json" in o.get("data", {}) for o in executed.cells[-1].outputs)
    results = json.loads((latest / "results.json").read_text())
    assert {r["name"] for r in results} == {"rows", "first_value", "evidence_rows"}

    # One dataset changes: only its reader runs, and the manifest says which dataset.
    csv = project / "data" / "portal_users.csv"
    csv.write_text(csv.read_text().replace("KAZ,2015,egov_service_users_share,total,32.9,",
                                           "KAZ,2015,egov_service_users_share,total,32.8,", 1))
    assert update_checksums(project / "data") == ["portal_users"]
    third = run(project, capsys)
    assert actions(third) == {"00_users": "ran", "01_egdi": "reused", "02_reader": "reused"}
    assert third["00_users"]["reason"] == f"dataset portal_users changed since {second['_run_id']}"

    # The results another notebook reads change: the reader runs again.
    shutil.copyfile(latest / "00_users" / "00_users.ipynb", project / "evidence.ipynb")
    fourth = run(project, capsys)
    assert actions(fourth) == {"00_users": "reused", "01_egdi": "reused", "02_reader": "ran"}
    assert fourth["02_reader"]["reason"].startswith("results of evidence changed since")

    # The notebook's source changes; then --force runs everything.
    make_notebook(project / "notebooks", "01_egdi", "x = 2", LOADS.format(
        data=project / "data", dataset="egdi_kazakhstan", name="01_egdi"))
    fifth = run(project, capsys)
    assert actions(fifth) == {"00_users": "reused", "01_egdi": "ran", "02_reader": "reused"}
    assert fifth["01_egdi"]["reason"] == f"notebook source changed since {fourth['_run_id']}"
    forced = run(project, capsys, "--force")
    assert actions(forced) == dict.fromkeys(actions(first), "ran")
    assert {entry["reason"] for run_name, entry in forced.items() if not run_name.startswith("_")} == {"--force"}


def key_of(parameters: dict, **changes: str) -> dict:
    key = {"notebook": "sha256:n", "parameters": cache.parameters_digest(parameters), "egovlib": "sha256:e",
           "environment": "sha256:v"}
    return key | changes


def test_decide_names_every_part_that_changed(tmp_path):
    task = Task("00_x", {"x": 1}, "00_x")
    data = tmp_path / "evidence.csv"
    data.write_text("a\n")
    entry = {"kind": "file", "name": "evidence.csv", "path": str(data), "digest": _inputs.digest_bytes(b"a\n")}
    previous = cache.Previous(tmp_path, "R1", {"key": {**key_of({"x": 1}), "inputs": [entry]}})
    assert cache.decide(task, key_of({"x": 1}), previous).reuse is previous
    assert cache.decide(task, key_of({"x": 1}), previous, force=True).reason == "--force"
    assert cache.decide(task, key_of({"x": 1}), None).reason == "no earlier successful run with a key"
    changed = cache.decide(task, key_of({"x": 2}, egovlib="sha256:other", environment="sha256:other"), previous)
    assert changed.reuse is None
    assert changed.reason == "parameters, egovlib source, installed packages changed since R1"
    data.write_text("b\n")
    assert cache.decide(task, key_of({"x": 1}), previous).reason == "file evidence.csv changed since R1"
    data.unlink()
    assert cache.decide(task, key_of({"x": 1}), previous).reason == "file evidence.csv is missing since R1"


def test_notebook_digest_ignores_outputs_but_not_sources(tmp_path):
    make_notebook(tmp_path, "a", "x = 1", "print(x)")
    before = cache.notebook_digest(tmp_path / "a.ipynb")
    nb = nbformat.read(tmp_path / "a.ipynb", as_version=4)
    nb.cells[-1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    nb.cells[-1].execution_count = 1
    nbformat.write(nb, tmp_path / "a.ipynb")
    assert cache.notebook_digest(tmp_path / "a.ipynb") == before
    nb.cells[-1].source = "print(x + 1)"
    nbformat.write(nb, tmp_path / "a.ipynb")
    assert cache.notebook_digest(tmp_path / "a.ipynb") != before


def test_loads_are_recorded_only_inside_a_report_run(tmp_path, monkeypatch):
    log = tmp_path / "inputs.jsonl"
    monkeypatch.delenv(_inputs.ENV, raising=False)
    package = DataPackage()
    package.load("portal_users")
    assert not log.exists()
    monkeypatch.setenv(_inputs.ENV, str(log))
    package.load("portal_users")
    package.load("portal_users")  # read twice, recorded once
    package.load("egdi_kazakhstan")
    entries = _inputs.read_log(log)
    assert [(e["kind"], e["name"]) for e in entries] == [("dataset", "portal_users"), ("dataset", "egdi_kazakhstan")]
    assert all(_inputs.current_digest(e) == e["digest"] for e in entries)
    assert entries[0]["digest"] == package.dataset_digest("portal_users") != package.dataset_digest("egdi_kazakhstan")


def test_one_dataset_edited_leaves_the_digest_of_the_others(tmp_path):
    shutil.copytree(default_data_dir(), tmp_path / "data")
    before = DataPackage(tmp_path / "data")
    digests = {name: before.dataset_digest(name) for name in ("portal_users", "egdi_kazakhstan")}
    csv = tmp_path / "data" / "portal_users.csv"
    csv.write_text(csv.read_text().replace(",32.9,", ",32.8,", 1))
    update_checksums(tmp_path / "data")  # datapackage.json changes, egdi_kazakhstan's entry does not
    after = DataPackage(tmp_path / "data")
    assert after.dataset_digest("egdi_kazakhstan") == digests["egdi_kazakhstan"]
    assert after.dataset_digest("portal_users") != digests["portal_users"]


def test_an_unreadable_inputs_log_names_file_and_line(tmp_path):
    log = tmp_path / "inputs.jsonl"
    log.write_text('{"kind": "file", "name": "a", "path": "/a", "digest": "x"}\nnot json\n')
    with pytest.raises(ValueError, match=r"inputs\.jsonl, line 2: not an inputs record"):
        _inputs.read_log(log)
    with pytest.raises(ValueError, match="kind='table': expected one of dataset, results, file"):
        import os

        os.environ[_inputs.ENV] = str(log)
        try:
            _inputs.record("table", "a", log, "x")
        finally:
            del os.environ[_inputs.ENV]


def test_discover_reuses_its_cache_only_for_an_unchanged_notebook(tmp_path, monkeypatch):
    make_notebook(tmp_path, "00_a", 'x = 1\nlabel = "a"  # a label\nstart = None  # or a year', "print(x)")
    cache_file = tmp_path / "out" / ".discover-cache.json"
    first = discover(tmp_path, cache_file=cache_file)
    assert first["00_a"]["x"] == {"default": 1, "help": "", "type": int}
    assert first["00_a"]["label"]["type"] is str and first["00_a"]["start"]["type"] is None
    remember_parameters(tmp_path, first, cache_file)
    assert not cache_file.parent.exists()  # never creates the report folder
    cache_file.parent.mkdir()
    remember_parameters(tmp_path, first, cache_file)
    import papermill

    def refuse(*args, **kwargs):
        raise AssertionError("papermill was asked although the notebook did not change")

    monkeypatch.setattr(papermill, "inspect_notebook", refuse)
    assert discover(tmp_path, cache_file=cache_file) == first
    make_notebook(tmp_path, "00_a", "x = 2.5", "print(x)")
    with pytest.raises(AssertionError, match="papermill was asked"):
        discover(tmp_path, cache_file=cache_file)
