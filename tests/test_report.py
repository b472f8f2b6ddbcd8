"""End-to-end tests of `egov report` on a small collection of test notebooks (and one real run)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from egovlib import cli

REPO = Path(__file__).resolve().parent.parent

RECORD = """
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from egovlib import plotting
from egovlib.results import Results
results = Results("{name}", {{"x": x}})
results.add("x_squared", x * x, "1")
fig, ax = plt.subplots()
ax.plot([0, 1], [0, x])
ax.set_xlabel("t (years)")
ax.set_ylabel("y (units)")
plotting.savefig(fig, "{name}_line", caption="Source: test.", formats=["png"])
results.show()
"""


def make_notebook(folder: Path, name: str, parameters: str, body: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cell = nbformat.v4.new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {name}"), cell, nbformat.v4.new_code_cell(body)]
    nbformat.write(nb, folder / f"{name}.ipynb")


@pytest.fixture
def project(tmp_path):
    """A collection of two good notebooks and a settings file pointing at it."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    make_notebook(notebooks, "00_square", "x = 2", RECORD.format(name="00_square"))
    make_notebook(notebooks, "01_text", 'label = "a"\nrepeat = 1', "print(label * repeat)")
    config = tmp_path / "report.toml"
    config.write_text('[report]\nnotebooks_dir = "notebooks"\nout = "reports"\njobs = 2\ntimeout = 120\n')
    return tmp_path


def egov(project: Path, *args: str, capsys=None) -> tuple[int, str, str]:
    code = cli.main(["report", "--config", str(project / "report.toml"), "--quiet", *args])
    out, err = capsys.readouterr() if capsys else ("", "")
    return code, out, err


def test_clean_run_writes_a_complete_report(project, capsys):
    code, out, err = egov(project, capsys=capsys)
    assert code == 0, err
    latest = project / "reports" / "latest"
    assert latest.is_symlink()
    run = latest.resolve()
    assert (run / "00_square" / "00_square.ipynb").is_file() and (run / "00_square" / "00_square.html").is_file()
    assert (run / "00_square" / "figures" / "00_square_line.png").is_file()
    index = (run / "index.html").read_text()
    assert "00_square/00_square.html" in index and "00_square/figures/00_square_line.png" in index
    rows = json.loads((run / "results.json").read_text())
    assert rows == [{"run": "00_square", "notebook": "00_square", "name": "x_squared", "value": 4, "unit": "1",
                     "description": "", "parameters": {}}]
    assert "x_squared,4,1" in (run / "results.csv").read_text()
    manifest = json.loads((run / "manifest.json").read_text())
    assert manifest["status"] == "ok" and manifest["python"] == sys.version.split()[0]
    assert {"pandas", "papermill", "egovlib"} <= set(manifest["packages"])
    assert manifest["data_checksums"]["egdi_kazakhstan"].startswith("sha256:")
    assert [n["status"] for n in manifest["notebooks"]] == ["ok", "ok"]
    assert all(n["duration_s"] > 0 and n["started"] <= n["finished"] for n in manifest["notebooks"])
    assert not list((project / "reports").glob(".staging-*"))
    assert "2 of 2 notebook run(s) succeeded" in out


def test_grid_and_parameters(project, capsys):
    code, _, err = egov(project, "--grid", "x=3,4", "-p", "label", "b", capsys=capsys)
    assert code == 0, err
    run = (project / "reports" / "latest").resolve()
    rows = json.loads((run / "results.json").read_text())
    assert [(r["run"], r["value"], r["parameters"]) for r in rows] == [
        ("00_square/x=3", 9, {"x": 3}), ("00_square/x=4", 16, {"x": 4})]
    assert (run / "00_square" / "x=4" / "figures" / "00_square_line.png").is_file()
    text = nbformat.read(run / "01_text" / "01_text.ipynb", as_version=4)
    assert text.cells[-1].outputs[0]["text"] == "b\n"


def test_failing_notebook_does_not_stop_the_others(project, capsys):
    make_notebook(project / "notebooks", "02_broken", "y = 0", "z = 1 / y")
    code, out, err = egov(project, capsys=capsys)
    assert code == 1
    assert "FAILED 02_broken (failed at cell 2): ZeroDivisionError: division by zero" in err
    run = (project / "reports" / "latest").resolve()
    kept = nbformat.read(run / "02_broken" / "02_broken.ipynb", as_version=4)
    assert any(o.get("output_type") == "error" for c in kept.cells for o in c.get("outputs", []))
    manifest = json.loads((run / "manifest.json").read_text())
    assert {n["run"]: n["status"] for n in manifest["notebooks"]} == {
        "00_square": "ok", "01_text": "ok", "02_broken": "failed"}
    assert "2 of 3 notebook run(s) succeeded" in out


def test_timeout_and_dead_kernel_are_reported_and_the_run_goes_on(project, capsys):
    make_notebook(project / "notebooks", "02_hangs", "s = 600", "import time\ntime.sleep(s)")
    make_notebook(project / "notebooks", "03_dies", "code = 1", "import os\nos._exit(code)")
    start = time.perf_counter()
    code, _, err = egov(project, "--timeout", "20", capsys=capsys)
    assert time.perf_counter() - start < 120
    assert code == 1
    assert "FAILED 02_hangs (timeout): exceeded the timeout of 20 s" in err
    assert "FAILED 03_dies (kernel_died)" in err
    manifest = json.loads(((project / "reports" / "latest") / "manifest.json").read_text())
    assert {n["run"]: n["status"] for n in manifest["notebooks"]}["00_square"] == "ok"


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=["ctrl-c", "term", "kill"])
def test_interrupted_run_leaves_the_previous_report_intact(project, capsys, how):
    assert egov(project, capsys=capsys)[0] == 0
    reports = project / "reports"
    previous = (reports / "latest").resolve()
    before = sorted(p.relative_to(previous) for p in previous.rglob("*"))
    make_notebook(project / "notebooks", "02_slow", "s = 600", "import time\ntime.sleep(s)")
    process = subprocess.Popen([sys.executable, "-m", "egovlib.cli", "report", "--config", str(project / "report.toml"),
                                "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while time.time() < deadline and not list(reports.glob(".staging-*/02_slow")):
        time.sleep(0.2)
    time.sleep(2)
    process.send_signal(how)
    _, err = process.communicate(timeout=60)
    assert process.returncode != 0
    if how != signal.SIGKILL:
        assert process.returncode == 130 and b"previous report is untouched" in err
        assert not list(reports.glob(".staging-*"))
    assert (reports / "latest").resolve() == previous
    assert sorted(p.relative_to(previous) for p in previous.rglob("*")) == before
    assert {p.name for p in reports.iterdir() if not p.name.startswith(".")} == {previous.name, "latest"}
    (project / "notebooks" / "02_slow.ipynb").unlink()
    assert egov(project, capsys=capsys)[0] == 0  # the next run also clears a killed run's staging folder
    assert not list(reports.glob(".staging-*"))


@pytest.mark.parametrize(("args", "message"), [
    (["--only", "07"], "--only '07': unknown notebook"),
    (["-p", "colour", "red"], "-p colour: no selected notebook has a parameter 'colour'"),
    (["-p", "x", "two"], "-p x for 00_square: value 'two' is str; expected int"),
    (["-p", "repeat", "1.5"], "value '1.5' is float; expected int"),
    (["--grid", "x"], "--grid 'x': expected KEY=V1,V2"),
    (["--grid", "x=1,,2"], "expected KEY=V1,V2"),
    (["--grid", "x=1,1"], "a value is repeated"),
    (["--grid", "nope=1,2"], "no selected notebook has a parameter 'nope'"),
    (["--jobs", "0"], "--jobs 0: expected at least 1"),
    (["--timeout", "-1"], "--timeout -1: expected a number of seconds above 0"),
])
def test_bad_requests_are_refused_before_anything_runs(project, capsys, args, message):
    code, _, err = egov(project, *args, capsys=capsys)
    assert code == 2
    assert message in err
    assert not (project / "reports").exists()


def test_bad_settings_file_is_refused(project, capsys):
    (project / "report.toml").write_text('[report]\nnotebooks_dir = "notebooks"\njobz = 2\n')
    code, _, err = egov(project, capsys=capsys)
    assert code == 2 and "unknown settings ['jobz']" in err
    (project / "report.toml").write_text('[report]\nnotebooks_dir = "notebooks"\n[parameters."00_square"]\ny = 1\n')
    code, _, err = egov(project, capsys=capsys)
    assert code == 2 and "unknown parameters ['y']" in err


def test_list_and_dry_run(project, capsys):
    assert egov(project, "--list", capsys=capsys)[1].splitlines() == [
        "00_square", "    x = 2", "01_text", "    label = 'a'", "    repeat = 1"]
    code, out, _ = egov(project, "--dry-run", "--only", "00", "--grid", "x=1,2", capsys=capsys)
    assert code == 0 and "2 run(s)" in out and '00_square/x=2  {"x": 2}' in out
    assert not (project / "reports").exists()


def test_dask_local_cluster(project, capsys):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None) as cluster:
        code, out, err = egov(project, "--scheduler", cluster.scheduler_address, capsys=capsys)
    assert code == 0, err
    manifest = json.loads(((project / "reports" / "latest") / "manifest.json").read_text())
    assert manifest["executor"].startswith("dask distributed at tcp://127.0.0.1")
    assert [n["status"] for n in manifest["notebooks"]] == ["ok", "ok"]


def test_report_of_the_real_collection(tmp_path):
    """Two real notebooks through the console script, as `make report` runs it."""
    egov_script = Path(sys.executable).with_name("egov")
    env = {k: v for k, v in os.environ.items() if k != "EGOV_FIGURES_DIR"}  # as `make report` runs it
    done = subprocess.run([str(egov_script), "report", "--only", "00", "01", "--jobs", "2", "--out", str(tmp_path),
                           "--quiet"], capture_output=True, text=True, cwd=REPO, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    run = (tmp_path / "latest").resolve()
    rows = json.loads((run / "results.json").read_text())
    assert {r["notebook"] for r in rows} == {"00_data_catalog", "01_claims_audit"}
    assert (run / "01_claims_audit" / "figures" / "01_claims_by_source.png").read_bytes() == (
        REPO / "figures" / "01_claims_by_source.png").read_bytes()
