"""End-to-end tests of `egov report` on a small collection of test notebooks (and one real run)."""

from __future__ import annotations

import errno
import json
import math
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from egovlib import cli, report
from egovlib._report import plan as report_plan
from egovlib._report import publish as report_publish

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


def report_folder(out: str) -> Path:
    """The report folder named in the summary line ("...; report: <folder>/index.html ...")."""
    found = re.search(r"report: (\S+)/index\.html", out)
    assert found, out
    return Path(found[1])


@pytest.mark.slow
def test_the_html_page_of_a_run_shows_the_glued_numbers_of_its_prose(tmp_path, capsys):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    make_notebook(notebooks, "00_glue", "x = 1234",
                  'from egovlib.prose import say\nfrom egovlib.results import Results\nsay("x_shown", x)\n'
                  'results = Results("00_glue", {"x": x})\nresults.add("x", x, "1")\nresults.show()')
    nb = nbformat.read(notebooks / "00_glue.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("The value is {glue:md}`x_shown` units."))
    nbformat.write(nb, notebooks / "00_glue.ipynb")
    (tmp_path / "report.toml").write_text('[report]\nnotebooks_dir = "notebooks"\nout = "reports"\njobs = 1\n')
    code, out, err = egov(tmp_path, capsys=capsys)
    assert code == 0, err
    page = (report_folder(out) / "00_glue" / "00_glue.html").read_text(encoding="utf-8")
    assert "The value is 1,234 units." in page and "{glue" not in page
    executed = nbformat.read(report_folder(out) / "00_glue" / "00_glue.ipynb", as_version=4)
    assert "{glue:md}`x_shown`" in executed.cells[-1].source  # the notebook itself keeps its role


@pytest.mark.slow
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


@pytest.mark.slow
def test_grid_and_parameters(project, capsys):
    code, out, err = egov(project, "--grid", "x=3,4", "-p", "label", "b", capsys=capsys)
    assert code == 0, err
    run = report_folder(out)
    assert not (project / "reports" / "latest").exists()  # a grid run is not the report
    rows = json.loads((run / "results.json").read_text())
    assert [(r["run"], r["value"], r["parameters"]) for r in rows] == [
        ("00_square/x=3", 9, {"x": 3}), ("00_square/x=4", 16, {"x": 4})]
    assert (run / "00_square" / "x=4" / "figures" / "00_square_line.png").is_file()
    text = nbformat.read(run / "01_text" / "01_text.ipynb", as_version=4)
    assert text.cells[-1].outputs[0]["text"] == "b\n"


@pytest.mark.slow
def test_failing_notebook_does_not_stop_the_others(project, capsys):
    make_notebook(project / "notebooks", "02_broken", "y = 0", "z = 1 / y")
    code, out, err = egov(project, capsys=capsys)
    assert code == 1
    assert "FAILED 02_broken (failed at cell 2): ZeroDivisionError: division by zero" in err
    run = report_folder(out)
    assert not (project / "reports" / "latest").exists()  # a failed run never becomes latest
    assert f"1 notebook run(s) failed: kept under its run id {run.name}" in out
    kept = nbformat.read(run / "02_broken" / "02_broken.ipynb", as_version=4)
    assert any(o.get("output_type") == "error" for c in kept.cells for o in c.get("outputs", []))
    manifest = json.loads((run / "manifest.json").read_text())
    assert {n["run"]: n["status"] for n in manifest["notebooks"]} == {
        "00_square": "ok", "01_text": "ok", "02_broken": "failed"}
    assert "2 of 3 notebook run(s) succeeded" in out


@pytest.mark.slow
def test_timeout_and_dead_kernel_are_reported_and_the_run_goes_on(project, capsys):
    make_notebook(project / "notebooks", "02_hangs", "s = 600", "import time\ntime.sleep(s)")
    make_notebook(project / "notebooks", "03_dies", "code = 1", "import os\nos._exit(code)")
    start = time.perf_counter()
    code, out, err = egov(project, "--timeout", "20", capsys=capsys)
    assert time.perf_counter() - start < 120
    assert code == 1
    assert "FAILED 02_hangs (timeout): exceeded the timeout of 20 s" in err
    assert "FAILED 03_dies (kernel_died)" in err
    manifest = json.loads((report_folder(out) / "manifest.json").read_text())
    assert {n["run"]: n["status"] for n in manifest["notebooks"]}["00_square"] == "ok"


@pytest.mark.slow
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
        left = sorted(p.relative_to(reports).as_posix() for p in reports.glob(".staging-*/**/*"))
        assert not list(reports.glob(".staging-*")), f"the staging folder was left with {left}; stderr: {err!r}"
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


@pytest.mark.slow
def test_dask_local_cluster(project, capsys):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None) as cluster:
        code, out, err = egov(project, "--scheduler", cluster.scheduler_address, capsys=capsys)
    assert code == 0, err
    manifest = json.loads(((project / "reports" / "latest") / "manifest.json").read_text())
    assert manifest["executor"].startswith("dask distributed at tcp://127.0.0.1")
    assert [n["status"] for n in manifest["notebooks"]] == ["ok", "ok"]


KERNEL_AGE = """import os, time
ticks = int(open('/proc/self/stat').read().rsplit(')', 1)[1].split()[19])
print('age', round(time.clock_gettime(time.CLOCK_BOOTTIME) - ticks / os.sysconf('SC_CLK_TCK'), 2))
time.sleep(6)"""


@pytest.mark.slow
def test_a_single_threaded_dask_worker_starts_kernels_ahead_and_stops_them_at_the_end(project, capsys):
    distributed = pytest.importorskip("distributed")
    make_notebook(project / "notebooks", "02_age", "x = 0", KERNEL_AGE)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        code, out, err = egov(project, "--scheduler", cluster.scheduler_address, "--only", "02", "--grid", "x=1,2,3",
                              capsys=capsys)
        with distributed.Client(cluster) as client:
            from egovlib._report import worker

            def kernels_of_this_process() -> list[str]:  # pickled by value: runs on the worker
                found = []
                for pid in filter(str.isdigit, os.listdir("/proc")):
                    try:
                        command = Path(f"/proc/{pid}/cmdline").read_text()
                        parent = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]
                    except OSError:
                        continue
                    if "ipykernel" in command and parent == str(os.getpid()):
                        found.append(pid)
                return found

            spares = client.run(lambda: worker._STATE.get("spare"))
            kernels = client.run(kernels_of_this_process)
    assert code == 0, err
    folder = report_folder(out)
    manifest = json.loads((folder / "manifest.json").read_text())
    runs = sorted(manifest["notebooks"], key=lambda n: n["started"])
    ages = []
    for run in runs:
        nb = nbformat.read(folder / run["run"] / "02_age.ipynb", as_version=4)
        text = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
        ages.append(float(re.search(r"age (\S+)", text)[1]))
    # each run after the first ran in a kernel started while the one before slept for 6 s
    assert min(ages[1:]) > 4.5 and ages[0] < min(ages[1:]), ages
    assert [run["kernel"] for run in runs] == ["connected ahead"] * 3  # nbclient was handed the client
    assert list(spares.values()) == [None] and list(kernels.values()) == [[]]  # stopped when the report ended


@pytest.mark.slow
def test_report_of_the_real_collection(tmp_path):
    """Two real notebooks through the console script, as `make report` runs it."""
    egov_script = Path(sys.executable).with_name("egov")
    env = {k: v for k, v in os.environ.items() if k != "EGOV_FIGURES_DIR"}  # as `make report` runs it
    done = subprocess.run([str(egov_script), "report", "--only", "00", "01", "--jobs", "2", "--out", str(tmp_path),
                           "--quiet"], capture_output=True, text=True, cwd=REPO, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    run = report_folder(done.stdout)
    assert "a partial run (--only, -p or --grid)" in done.stdout and not (tmp_path / "latest").exists()
    assert "without encryption" not in done.stderr
    rows = json.loads((run / "results.json").read_text())
    assert {r["notebook"] for r in rows} == {"00_data_catalog", "01_claims_audit"}
    assert (run / "01_claims_audit" / "figures" / "01_claims_by_source.png").read_bytes() == (
        REPO / "figures" / "01_claims_by_source.png").read_bytes()


# -- bad input: each is refused with a message naming what was wrong, or handled without loss ------
def strict_json(path: Path):
    """Parse ``path`` as strict JSON (NaN, Infinity are refused, as by most JSON parsers)."""
    def refuse(constant):
        raise AssertionError(f"{path}: {constant} is not JSON")
    return json.loads(path.read_text(), parse_constant=refuse)


def no_run(*args, **kwargs):
    raise AssertionError("the run started although the request was refused")


def forbid_running(monkeypatch) -> None:
    """Make every function that would start a notebook fail the test."""
    from egovlib._report import execute

    for name in ("run_report", "execute"):
        monkeypatch.setattr(report, name, no_run)
    for name in ("run_task", "execute_notebook", "make_executor"):
        monkeypatch.setattr(execute, name, no_run)


@pytest.mark.parametrize(("args", "message"), [
    (["--timeout", "nan"], "--timeout nan: expected a number of seconds above 0 (finite: not nan or inf)"),
    (["--timeout", "inf"], "--timeout inf: expected a number of seconds above 0 (finite: not nan or inf)"),
    (["--timeout", "0"], "--timeout 0: expected a number of seconds above 0"),
], ids=["nan", "inf", "zero"])
def test_non_finite_timeout_is_refused(project, capsys, monkeypatch, args, message):
    monkeypatch.setattr(report, "run_report", no_run)
    code, _, err = egov(project, *args, capsys=capsys)
    assert code == 2 and message in err
    assert "Traceback" not in err and not (project / "reports").exists()


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0.0"])
def test_non_finite_timeout_in_settings_is_refused(project, capsys, value):
    config = project / "report.toml"
    config.write_text(f'[report]\nnotebooks_dir = "notebooks"\ntimeout = {value}\n')
    code, _, err = egov(project, capsys=capsys)
    assert code == 2
    assert f"{config}: timeout={float(value)!r}: expected a number of seconds above 0" in err


@pytest.mark.slow
def test_json_of_the_report_is_strict(project, capsys):
    """A non-finite result is recorded as null; a NaN parameter is refused; the JSON files parse strictly."""
    make_notebook(project / "notebooks", "02_inf", "y = 1.0",
                  'from egovlib.results import Results\nr = Results("02_inf", {"y": y})\n'
                  'r.add("ratio", y * float("inf"), "1")\nr.add("gap", float("nan"), "1")\nr.show()')
    code, out, err = egov(project, "--only", "02", capsys=capsys)
    assert code == 0, err
    run = report_folder(out)
    rows = strict_json(run / "results.json")
    assert {r["name"]: r["value"] for r in rows}["gap"] is None
    assert report_publish._finite_or_none({"a": [1.0, math.inf], "b": math.nan}) == {"a": [1.0, None], "b": None}
    assert strict_json(run / "manifest.json")["timeout_s"] == 120.0
    with pytest.raises(ValueError, match="Out of range float values are not JSON compliant"):
        report_publish._json({"x": math.nan})
    (project / "report.toml").write_text('[report]\nnotebooks_dir = "notebooks"\n[parameters."02_inf"]\ny = nan\n')
    code, _, err = egov(project, capsys=capsys)
    assert code == 2 and "report.toml 02_inf.y: value nan: expected a finite number (not nan or inf)" in err


def test_missing_settings_file_is_refused(project, capsys):
    missing = project / "nope.toml"
    code = cli.main(["report", "--config", str(missing), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"egov report: --config {missing}: no such file; expected a settings file such as report.toml" in err
    code = cli.main(["report", "--config", str(project), "--quiet"])
    assert code == 2 and f"--config {project}: not a file" in capsys.readouterr().err
    assert not (project / "reports").exists()


def test_malformed_settings_file_names_line_and_column(project, capsys):
    config = project / "report.toml"
    config.write_text('[report]\nnotebooks_dir = "notebooks"\njobs = = 2\n')
    code, _, err = egov(project, capsys=capsys)
    assert code == 2
    assert f"egov report: {config}, line 3, column 8: not valid TOML: Invalid value" in err
    assert "Traceback" not in err


def test_out_that_is_a_file_is_refused(project, capsys, monkeypatch):
    monkeypatch.setattr(report, "run_report", no_run)
    target = project / "a-file"
    target.write_text("mine\n")
    code, _, err = egov(project, "--out", str(target), capsys=capsys)
    assert code == 2
    assert f"--out {target}: is a file; expected a folder (new or existing) for the reports" in err
    code, _, err = egov(project, "--out", str(target / "sub"), capsys=capsys)
    assert code == 2 and f"{target}, a folder above it, is a file" in err
    assert target.read_text() == "mine\n"


def test_read_only_out_is_refused_before_anything_runs(project, capsys, monkeypatch):
    monkeypatch.setattr(report, "run_report", no_run)
    folder = project / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    if os.geteuid() == 0:  # root writes anywhere: simulate the refusal of the probe as a user would get it
        def refuse(*args, **kwargs):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(folder / ".probe-x"))
        monkeypatch.setattr(report_publish.tempfile, "mkdtemp", refuse)
    code, _, err = egov(project, "--out", str(folder), capsys=capsys)
    folder.chmod(0o755)
    assert code == 2
    assert f"--out {folder}: cannot write there (Permission denied); expected a writable folder" in err
    assert list(folder.iterdir()) == []


@pytest.mark.slow
def test_full_disk_while_writing_removes_the_staging_folder(project, capsys, monkeypatch):
    assert egov(project, capsys=capsys)[0] == 0
    reports = project / "reports"
    previous = (reports / "latest").resolve()
    before = sorted(p.relative_to(previous) for p in previous.rglob("*"))
    write_text = Path.write_text

    def full_disk(self, *args, **kwargs):
        if self.name == "manifest.json":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # as a failing flush reports it: no file name
        return write_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full_disk)
    code, _, err = egov(project, capsys=capsys)
    assert code == 1
    assert "egov report: could not write the report: No space left on device (" in err
    assert re.search(r"\(\S+/\.staging-[^/]+/manifest\.json\); nothing was published and ", err), err
    assert f"nothing was published and {reports / 'latest'} is unchanged" in err
    assert "Traceback" not in err
    assert not list(reports.glob(".staging-*"))
    assert (reports / "latest").resolve() == previous
    assert sorted(p.relative_to(previous) for p in previous.rglob("*")) == before
    assert {p.name for p in reports.iterdir()} == {previous.name, "latest", ".discover-cache.json"}


def test_unreadable_executed_notebook_counts_as_failed(tmp_path):
    """A notebook cut short by a full disk: no traceback, its run is marked failed."""
    (tmp_path / "00_square").mkdir()
    (tmp_path / "00_square" / "00_square.ipynb").write_text('{"cells": [{"cell_type": "m')
    outcome = report.Outcome("00_square", "00_square", {}, "ok", "", "", 1.0)
    assert report_publish.collect_results(tmp_path, [outcome]) == []
    assert outcome.status == "failed" and "its executed notebook could not be read" in outcome.error


@pytest.mark.slow
def test_runs_in_the_same_second_get_their_own_ids(project, capsys, monkeypatch):
    import datetime as dt

    monkeypatch.setattr(report_publish, "_utcnow", lambda: dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC))
    first = egov(project, "--only", "01", capsys=capsys)
    second = egov(project, "--only", "01", capsys=capsys)
    assert first[0] == second[0] == 0
    assert report_folder(first[1]).name == "20250102T030405Z"
    assert report_folder(second[1]).name == "20250102T030405Z-2"
    for out in (first[1], second[1]):
        manifest = strict_json(report_folder(out) / "manifest.json")
        assert manifest["run_id"] == report_folder(out).name
    # A staging folder held by another live run, and a published report, are both skipped.
    reports = project / "reports"
    (reports / ".staging-20250102T030405Z-3").mkdir()
    (reports / ".staging-20250102T030405Z-3" / ".owner").write_text(str(os.getppid()))
    run_id, staging = report_publish.new_staging(reports)
    assert run_id == "20250102T030405Z-4" and staging == reports / ".staging-20250102T030405Z-4"


@pytest.mark.slow
def test_grid_values_differing_in_punctuation_keep_their_own_folders(project, capsys):
    code, out, err = egov(project, "--only", "01", "--grid", "label=/data/a b,/data/a-b,plain", capsys=capsys)
    assert code == 0, err
    run = report_folder(out)
    manifest = strict_json(run / "manifest.json")
    runs = [n["run"] for n in manifest["notebooks"]]
    assert len(set(runs)) == 3
    assert runs[2] == "01_text/label=plain"
    assert all(re.fullmatch(r"01_text/label=-data-a-b~[0-9a-f]{8}", r) for r in runs[:2])
    for folder, label in zip(runs, ["/data/a b", "/data/a-b", "plain"], strict=True):
        executed = nbformat.read(run / folder / "01_text.ipynb", as_version=4)
        assert executed.cells[-1].outputs[0]["text"] == f"{label}\n"
    assert report_plan._labels(["KAZ", "kaz", "ARM"])[2] == "ARM"
    assert len({x.casefold() for x in report_plan._labels(["KAZ", "kaz", "ARM"])}) == 3


def test_a_real_latest_folder_is_never_deleted(project, capsys, monkeypatch):
    mine = project / "reports" / "latest"
    mine.mkdir(parents=True)
    (mine / "notes.txt").write_text("mine\n")
    monkeypatch.setattr(report, "run_report", no_run)
    code, _, err = egov(project, capsys=capsys)
    assert code == 2
    assert (f"{mine} is a real folder, not the link to the last complete report that egov report maintains; "
            "it is left alone: move or rename it, or choose another --out") in err
    assert (mine / "notes.txt").read_text() == "mine\n"
    # Should one appear during a run, publish() leaves it too and says so.
    staging = project / "reports" / ".staging-x"
    staging.mkdir()
    folder, problem = report.publish(staging, project / "reports", "x")
    assert folder.is_dir() and "is a real folder or file, not egov report's link; it was left alone" in problem
    assert (mine / "notes.txt").read_text() == "mine\n"


YEARS = """
from egovlib import params
start = 2000 if start_year is None else start_year
start_year, end_year = params.year_range("start_year", start, "end_year", 2010, [2000, 2005, 2010])
print(start_year)
"""


def test_parameter_with_none_default_is_type_checked_before_any_kernel(project, capsys, monkeypatch):
    make_notebook(project / "notebooks", "02_years", "start_year = None  # or a year", YEARS)
    forbid_running(monkeypatch)
    code, _, err = egov(project, "--only", "02", "-p", "start_year", "abc", capsys=capsys)
    assert code == 2
    assert ("-p start_year for 02_years: value 'abc' is str; expected int "
            "(or None, the default; the notebook checks it as int)") in err
    assert not (project / "reports").exists()
    code, out, _ = egov(project, "--dry-run", "--only", "02", "-p", "start_year", "2005", capsys=capsys)
    assert code == 0 and '02_years  {"start_year": 2005}' in out
    code, out, _ = egov(project, "--dry-run", "--only", "02", "-p", "start_year", "None", capsys=capsys)
    assert code == 0 and '02_years  {"start_year": null}' in out


def test_start_year_of_the_real_collection_is_checked_before_any_kernel(tmp_path, capsys, monkeypatch):
    forbid_running(monkeypatch)
    code = cli.main(["report", "--only", "02", "-p", "start_year", "abc", "--out", str(tmp_path), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and "-p start_year for 02_egdi_trajectory: value 'abc' is str; expected int" in err


@pytest.mark.slow
def test_latest_is_the_last_complete_report(project, capsys):
    reports = project / "reports"
    code, out, _ = egov(project, capsys=capsys)
    complete = report_folder(out)
    assert code == 0 and (reports / "latest").resolve() == complete and "(now " in out
    assert strict_json(complete / "manifest.json")["complete"] is True
    code, out, _ = egov(project, "--only", "01", capsys=capsys)
    partial = report_folder(out)
    assert code == 0 and partial != complete and (reports / "latest").resolve() == complete
    assert (f"a partial run (--only, -p or --grid): kept under its run id {partial.name}; "
            f"{reports / 'latest'} not updated") in out
    assert strict_json(partial / "manifest.json")["complete"] is False
    code, out, _ = egov(project, "-p", "label", "b", capsys=capsys)
    assert code == 0 and (reports / "latest").resolve() == complete


@pytest.mark.slow
def test_kernels_leave_no_connection_files_and_no_tcp_warning(project, tmp_path_factory):
    """Also after the watchdog killed a kernel: its private runtime folder (HMAC key, sockets) is removed."""
    make_notebook(project / "notebooks", "02_hangs", "s = 600", "import time\ntime.sleep(s)")
    temp = tmp_path_factory.mktemp("tmpdir")
    runtime = tmp_path_factory.mktemp("runtime")
    env = {**os.environ, "TMPDIR": str(temp), "JUPYTER_RUNTIME_DIR": str(runtime)}
    done = subprocess.run([sys.executable, "-m", "egovlib.cli", "report", "--config", str(project / "report.toml"),
                           "--timeout", "8"], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 1, done.stderr
    assert "FAILED 02_hangs (timeout)" in done.stderr and "00_square: ok" in done.stderr
    assert "without encryption" not in done.stderr
    assert list(temp.iterdir()) == [] and list(runtime.iterdir()) == []


def test_a_worker_that_breaks_counts_as_its_task_failing_and_the_others_go_on(project, monkeypatch):
    """The executor's future raises (a worker died): that task is failed, the run returns every outcome."""
    from concurrent.futures import ThreadPoolExecutor

    from egovlib._report import execute as report_execute

    def run_task(task, notebooks_dir, staging, timeout):
        if task.notebook == "00_square":
            raise RuntimeError("worker lost")
        return report.Outcome(task.run, task.notebook, task.parameters, "ok", "", "", 0.1, inputs=[])

    pool = ThreadPoolExecutor(max_workers=2)
    monkeypatch.setattr(report_execute, "run_task", run_task)
    monkeypatch.setattr(report_execute, "make_executor", lambda jobs, scheduler, **kw: (pool, pool.shutdown))
    tasks = [report.Task("00_square", {}, "00_square"), report.Task("01_text", {}, "01_text")]
    staging = project / "reports" / ".staging-x"
    staging.mkdir(parents=True)
    outcomes = report.execute(tasks, staging, notebooks_dir=project / "notebooks", force=True)
    assert [(o.run, o.status) for o in outcomes] == [("00_square", "failed"), ("01_text", "ok")]
    assert outcomes[0].error == "the worker failed: RuntimeError: worker lost" and outcomes[0].reason == "--force"
    assert outcomes[0].key is None and outcomes[1].key["inputs"] == []
