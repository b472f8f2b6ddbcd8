"""Benchmark of the report runner: prints timings and the ratios the project targets.

    .venv/bin/python benchmarks/report_bench.py [--only 00 01 ...]

Measures, side by side in one run on this machine:
  * the whole report with --jobs 1 and then with --jobs 2 (`egov report`, wall time; the second run
    finds the first one's manifest and starts the longest notebooks first, as reruns do);
  * a plain sequential papermill loop over the same notebooks (no HTML, no report assembly);
  * the floor: papermill on an empty notebook, times the number of notebooks;
  * `import egovlib` in a fresh interpreter (median of 7).
Targets: jobs 2 <= 0.65 x jobs 1 (on 2 cores); jobs 1 <= 1.3 x the plain loop; import < 0.3 s.
Nothing here is asserted by the test suite: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def report(jobs: int, only: list[str], out: Path) -> None:
    egov = Path(sys.executable).with_name("egov")
    command = [str(egov), "report", "--jobs", str(jobs), "--out", str(out), "--quiet", "--force"]  # no reuse
    if only:
        command += ["--only", *only]
    subprocess.run(command, check=True, cwd=REPO, stdout=subprocess.DEVNULL)


def papermill_loop(paths: list[Path], out: Path) -> None:
    import papermill as pm

    for path in paths:
        pm.execute_notebook(str(path), str(out / path.name), cwd=str(NOTEBOOKS), kernel_name="python3",
                            progress_bar=False)


def empty_floor(count: int, out: Path) -> None:
    import nbformat
    import papermill as pm

    empty = out / "empty.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("pass")]
    nbformat.write(nb, empty)
    for i in range(count):
        pm.execute_notebook(str(empty), str(out / f"empty-{i}.ipynb"), kernel_name="python3", progress_bar=False)


def import_time() -> float:
    code = "import time; t = time.perf_counter(); import egovlib; print(time.perf_counter() - t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
            for _ in range(7)]
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", default=[], help="notebook names or numbers (default: all)")
    args = parser.parse_args()
    from egovlib.notebooks import collection

    paths = [p for p in collection() if not args.only or any(p.stem.startswith(o) for o in args.only)]
    print(f"{len(paths)} notebooks on {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        os.environ["EGOV_FIGURES_DIR"] = str(scratch / "figures")  # the loop must not touch figures/
        results = {
            "report --jobs 1": timed(lambda: report(1, args.only, scratch / "r1")),
            "report --jobs 2": timed(lambda: report(2, args.only, scratch / "r1")),  # after a previous run, as in use
            "plain papermill loop": timed(lambda: papermill_loop(paths, scratch)),
            "floor (empty notebook x n)": timed(lambda: empty_floor(len(paths), scratch)),
        }
    for name, seconds in results.items():
        print(f"  {name:<28} {seconds:7.1f} s")
    imported = import_time()
    print(f"  {'import egovlib (median of 7)':<28} {imported:7.3f} s")
    parallel = results["report --jobs 2"] / results["report --jobs 1"]
    overhead = results["report --jobs 1"] / results["plain papermill loop"]
    floor = results["floor (empty notebook x n)"] / results["plain papermill loop"]
    print("ratios:")
    print(f"  jobs 2 / jobs 1            {parallel:5.2f}   target <= 0.65  {'met' if parallel <= 0.65 else 'MISSED'}")
    print(f"  jobs 1 / plain loop        {overhead:5.2f}   target <= 1.30  {'met' if overhead <= 1.3 else 'MISSED'}")
    print(f"  floor / plain loop         {floor:5.2f}   (share of the loop that is kernel start-up)")
    print(f"  import egovlib             {imported:5.3f} s target < 0.3 s {'met' if imported < 0.3 else 'MISSED'}")


if __name__ == "__main__":
    main()
