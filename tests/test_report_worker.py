"""The runner's worker state: kernels started ahead, the notebook kept in memory, the cached HTML exporter."""

from __future__ import annotations

import os
import time
from pathlib import Path

import nbformat
import pytest

from egovlib import report
from egovlib._kernels import RUNTIME_PREFIX
from egovlib._report import execute as report_execute
from egovlib._report import worker

BODY = "import os\nprint(os.getpid(), os.getcwd(), os.environ.get('EGOV_FIGURES_DIR'))"


def make_notebook(folder: Path, name: str, body: str, parameters: str = "x = 1") -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cell = nbformat.v4.new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {name}"), cell, nbformat.v4.new_code_cell(body)]
    nbformat.write(nb, folder / f"{name}.ipynb")


@pytest.fixture
def prestarting(tmp_path, monkeypatch):
    """This process as a pool worker that starts kernels ahead; its spare is stopped afterwards."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    staging = tmp_path / "reports" / ".staging-x"
    staging.mkdir(parents=True)
    monkeypatch.setattr(report_execute, "die_with_parent", lambda: None)  # not the test process
    worker.init_worker(str(staging), str(notebooks), prestart=True)
    try:
        yield notebooks, staging
    finally:
        worker.discard_spare()
        worker._STATE.clear()


def printed(staging: Path, run: str, name: str) -> list[str]:
    nb = nbformat.read(staging / run / f"{name}.ipynb", as_version=4)
    return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", [])).split()


def spare_pid() -> int:
    return worker._STATE["spare"].kernel.provisioner.pid


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie has exited
        return stat.read().split()[2] != "Z"


@pytest.mark.slow
def test_runs_use_the_kernel_started_ahead_and_start_the_next(prestarting):
    notebooks, staging = prestarting
    make_notebook(notebooks, "00_where", BODY)
    first = spare_pid()
    first_folder = worker._STATE["spare"].runtime
    assert first_folder.name.startswith(RUNTIME_PREFIX)
    assert [p.read_text() for p in (staging / ".tasks").glob("spare-*.runtime")] == [str(first_folder)]
    outcome = report_execute.run_task(report.Task("00_where", {"x": 2}, "00_where/x=2"), str(notebooks),
                                      str(staging), 60)
    assert outcome.status == "ok", outcome.error
    pid, cwd, figures = printed(staging, "00_where/x=2", "00_where")
    assert int(pid) == first  # the notebook ran in the kernel started before the task arrived
    assert cwd == str(notebooks) and figures == str(staging / "00_where" / "x=2" / "figures")
    nb = nbformat.read(staging / "00_where" / "x=2" / "00_where.ipynb", as_version=4)
    assert [c.execution_count for c in nb.cells if c.cell_type == "code"] == [1, 2, 3]  # the setup left no trace
    second = spare_pid()
    assert second != first and alive(second)  # the next run's kernel is booting
    deadline = time.time() + 10
    while alive(first) and time.time() < deadline:
        time.sleep(0.1)
    assert not alive(first) and not first_folder.exists()  # the used kernel is stopped, its folder removed
    report_execute.run_task(report.Task("00_where", {"x": 3}, "00_where/x=3"), str(notebooks), str(staging), 60)
    assert int(printed(staging, "00_where/x=3", "00_where")[0]) == second
    last = worker._STATE["spare"]
    worker.discard_spare()
    deadline = time.time() + 10
    while alive(last.kernel.provisioner.pid) and time.time() < deadline:
        time.sleep(0.1)
    assert not alive(last.kernel.provisioner.pid) and not last.runtime.exists()
    assert not list((staging / ".tasks").glob("spare-*"))


@pytest.mark.slow
def test_a_run_uses_the_client_connected_while_the_previous_one_ran(prestarting, monkeypatch):
    notebooks, staging = prestarting
    make_notebook(notebooks, "00_where", BODY)
    ready = worker._STATE["spare"].ready
    assert ready is not None
    import nbclient

    def no_new_client(self, *args, **kwargs):
        raise AssertionError("nbclient connected a client of its own")

    monkeypatch.setattr(nbclient.NotebookClient, "start_new_kernel_client", no_new_client)
    monkeypatch.setattr(nbclient.NotebookClient, "async_start_new_kernel_client", no_new_client)
    outcome = report_execute.run_task(report.Task("00_where", {"x": 2}, "00_where/x=2"), str(notebooks),
                                      str(staging), 60)
    assert outcome.status == "ok", outcome.error
    assert outcome.kernel == "connected ahead"
    pid, cwd, figures = printed(staging, "00_where/x=2", "00_where")  # the setup still ran before the first cell
    assert cwd == str(notebooks) and figures == str(staging / "00_where" / "x=2" / "figures")
    assert ready.done() and not ready.result().channels_running  # closed after the run
    assert worker._STATE["spare"].ready is not ready  # the next spare is being connected


@pytest.mark.slow
def test_a_spare_started_for_other_notebooks_is_stopped_not_used(prestarting, tmp_path):
    notebooks, staging = prestarting
    old = worker._STATE["spare"]
    other = tmp_path / "other-notebooks"
    other.mkdir()
    worker.start_ahead(str(staging), str(other))  # a later report of another collection on the same (Dask) worker
    new = worker._STATE["spare"]
    assert new is not old and new.cwd == str(other)
    deadline = time.time() + 10
    while alive(old.kernel.provisioner.pid) and time.time() < deadline:
        time.sleep(0.1)
    assert not alive(old.kernel.provisioner.pid) and not old.runtime.exists()
    assert worker.take_kernel(str(notebooks)) is None  # and a spare never serves another folder's run


def test_only_one_single_threaded_dask_worker_per_process_starts_kernels_ahead(monkeypatch):
    distributed = pytest.importorskip("distributed")
    from types import SimpleNamespace

    from egovlib._report import executors

    monkeypatch.setattr(executors, "_OWNER", {})
    one, two = (SimpleNamespace(state=SimpleNamespace(nthreads=1)) for _ in range(2))
    several = SimpleNamespace(state=SimpleNamespace(nthreads=4))
    for found, expected in [(several, False), (one, True), (one, True), (two, False)]:
        monkeypatch.setattr(distributed, "get_worker", lambda found=found: found)
        assert executors.single_threaded_dask_worker() is expected
    monkeypatch.setattr(distributed, "get_worker", lambda: (_ for _ in ()).throw(ValueError("no worker")))
    assert executors.single_threaded_dask_worker() is False


@pytest.mark.slow
def test_a_dead_spare_is_replaced_and_a_timeout_still_stops_the_run(prestarting):
    notebooks, staging = prestarting
    make_notebook(notebooks, "00_where", BODY)
    make_notebook(notebooks, "01_hangs", "import time\ntime.sleep(600)")
    dead = worker._STATE["spare"]
    os.kill(dead.kernel.provisioner.pid, 9)
    time.sleep(0.5)
    outcome = report_execute.run_task(report.Task("00_where", {}, "00_where"), str(notebooks), str(staging), 60)
    assert outcome.status == "ok", outcome.error
    assert int(printed(staging, "00_where", "00_where")[0]) != dead.kernel.provisioner.pid
    assert not dead.runtime.exists()
    hanging = spare_pid()
    start = time.perf_counter()
    outcome = report_execute.run_task(report.Task("01_hangs", {}, "01_hangs"), str(notebooks), str(staging), 5)
    assert time.perf_counter() - start < 30
    assert outcome.status == "timeout" and "exceeded the timeout of 5 s" in outcome.error
    assert not alive(hanging)
    kept = nbformat.read(staging / "01_hangs" / "01_hangs.ipynb", as_version=4)  # kept, as far as it ran
    assert [c.execution_count for c in kept.cells if c.cell_type == "code"][0] == 1


@pytest.mark.slow
def test_failed_notebook_is_kept_with_papermills_error_cells(tmp_path):
    make_notebook(tmp_path, "00_bad", "1 / 0")
    status, cell, error, _ = report_execute.execute_notebook(
        tmp_path / "00_bad.ipynb", tmp_path / "out.ipynb", tmp_path / "out.html", parameters={"x": 2},
        figures=tmp_path / "figures", timeout=60)
    assert (status, cell) == ("failed", 3) and error == "ZeroDivisionError: division by zero"
    kept = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert sum("papermill-error-cell-tag" in c.metadata.get("tags", []) for c in kept.cells) == 2
    assert "papermill" not in kept.metadata  # cleaned
    assert "ZeroDivisionError" in (tmp_path / "out.html").read_text()


def test_papermill_is_not_asked_to_save_after_every_cell(tmp_path, monkeypatch):
    """The notebook is written once, by the runner; papermill gets no output path."""
    import papermill as pm

    seen = {}

    def fake(source, output, **kwargs):
        seen.update(output=output, **kwargs)
        return nbformat.v4.new_notebook()

    monkeypatch.setattr(pm, "execute_notebook", fake)
    nb, err = worker.execute(tmp_path / "x.ipynb", {}, kernel=None)
    assert err is None and seen["output"] is None and seen["request_save_on_cell_execute"] is False
    assert seen["engine_name"] == worker.ENGINE


def test_the_cached_exporter_gives_the_page_a_fresh_exporter_gives():
    from nbconvert import HTMLExporter

    repo = Path(__file__).resolve().parent.parent / "notebooks"
    for name in ("02_egdi_trajectory", "04_service_quality", "02_egdi_trajectory"):
        nb = nbformat.read(repo / f"{name}.ipynb", as_version=4)
        fresh, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
        assert worker.html_page(nb) == fresh


def test_take_kernel_without_prestart_returns_none():
    assert worker._STATE.get("prestart") is None
    assert worker.take_kernel("/anywhere") is None
