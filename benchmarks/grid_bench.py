"""Benchmark of a country grid of notebook 02: total time, time per run, and the share that is overhead.

    .venv/bin/python benchmarks/grid_bench.py                 # 10 countries, process pool and Dask
    .venv/bin/python benchmarks/grid_bench.py --countries all --executors pool
    .venv/bin/python benchmarks/grid_bench.py --countries KAZ KGZ UZB --jobs 2
    .venv/bin/python benchmarks/grid_bench.py --countries all --executors pool --keep /tmp/grid   # keep the report

Each executor runs `egov report --only 02 --grid country=...` once, with `--jobs N` (a process pool) or
`--scheduler ADDRESS` of a Dask `LocalCluster` of N single-threaded worker processes started here (its
start-up is timed separately and not counted). The report's manifest gives, per run, its duration
in the worker and `cells_s`, the time spent in the notebook's own cells (papermill's per-cell
durations). From them:

  * time per run     = N x wall time / runs   (worker-seconds each run costs)
  * cells per run    = mean of cells_s
  * overhead per run = time per run - cells per run: kernel start, papermill, the HTML page, and
                       scheduling (process start, waiting, report assembly)
  * of which in the worker (duration - cells_s) and outside it (the rest); of the worker's part,
    `pages_s` is writing the run's outputs (the executed notebook and its HTML page), the rest is
    kernel start and papermill. The issue's overhead is "kernel start and scheduling": overhead
    minus the pages. Both are printed; the target is judged on the whole overhead (pages included)
  * fixed costs: the wall time before the first run started (the command, planning, the workers'
    start) and after the last one ended (report assembly, shutdown), from the manifest's start and
    end times (whole seconds), and the overhead per run without them; on a small grid they
    dominate the overhead, on the 193-member grid they are a few hundredths of a second per run

Targets (issue 14): overhead < 1 s per run; the 193-member grid in under 15 minutes on 2 cores.
With the UN exports beside the clone (../shared/external/un_egov) they are passed as --un-folder, so
that every member is a valid country of notebook 02 and its all-members view runs too. Nothing here
is asserted by the test suite: timings depend on the machine and on who else uses it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
UN_FOLDER = REPO.parent / "shared" / "external" / "un_egov"
TARGET_OVERHEAD_S = 1.0
TARGET_FULL_GRID_S = 15 * 60
FIRST_TEN = ["KAZ", "KGZ", "TJK", "UZB", "TKM", "ARM", "AZE", "GEO", "BLR", "RUS"]


def members() -> list[str]:
    """Every UN member of the shipped panel."""
    import egovlib

    return sorted(set(egovlib.load("un_egov_panel")["country"].astype(str)))


def run_grid(countries: list[str], out: Path, *, jobs: int, scheduler: str | None) -> tuple[float, float, float]:
    """Wall time of one `egov report` over the grid, and when it started and ended (epoch seconds)."""
    egov = Path(sys.executable).with_name("egov")
    command = [str(egov), "report", "--only", "02", "--grid", "country=" + ",".join(countries),
               "--out", str(out), "--quiet", "--timeout", "600"]
    command += ["--scheduler", scheduler] if scheduler else ["--jobs", str(jobs)]
    if UN_FOLDER.is_dir():
        command += ["--un-folder", str(UN_FOLDER)]
    launched, start = time.time(), time.perf_counter()
    done = subprocess.run(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall, ended = time.perf_counter() - start, time.time()
    if done.returncode not in (0, 1):
        raise SystemExit(f"egov report failed ({done.returncode}): {done.stderr[-2000:]}")
    return wall, launched, ended


def manifest(out: Path) -> dict:
    """The manifest of the only report in ``out``."""
    found = [p for p in out.glob("*/manifest.json") if p.parent.name != "latest"]
    if len(found) != 1:
        raise SystemExit(f"expected one report in {out}, found {len(found)}")
    return json.loads(found[0].read_text())


def figures(timed: tuple[float, float, float], runs: list[dict], jobs: int) -> dict[str, float]:
    """The derived figures of one grid (see the module docstring)."""
    import datetime as dt

    wall, launched, ended = timed
    n = len(runs)
    first = min(dt.datetime.fromisoformat(r["started"]).timestamp() for r in runs)
    last = max(dt.datetime.fromisoformat(r["finished"]).timestamp() for r in runs)
    before, after = max(0.0, first - launched), max(0.0, ended - last)  # manifest times are whole seconds
    per_run = jobs * wall / n
    cells = statistics.fmean(r.get("cells_s") or 0.0 for r in runs)
    duration = statistics.fmean(r["duration_s"] for r in runs)
    pages = statistics.fmean(r.get("pages_s") or 0.0 for r in runs)
    return {"runs": n, "failed": sum(r["status"] != "ok" for r in runs), "wall_s": wall, "throughput_s": wall / n,
            "per_run_s": per_run, "cells_s": cells, "overhead_s": per_run - cells,
            "in_worker_s": duration - cells, "outside_s": per_run - duration, "pages_s": pages,
            "kernel_s": duration - cells - pages,
            "share": (per_run - cells) / per_run, "before_s": before, "after_s": after,
            "steady_overhead_s": jobs * (wall - before - after) / n - cells}


def with_local_cluster(jobs: int, action) -> tuple[float, float]:
    """Start a Dask LocalCluster of ``jobs`` single-threaded worker processes, run ``action(address)``."""
    from distributed import Client, LocalCluster

    start = time.perf_counter()
    cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    client.wait_for_workers(jobs)
    started = time.perf_counter() - start
    try:
        return started, action(cluster.scheduler_address)
    finally:
        client.close()
        cluster.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--countries", nargs="+", default=None,
                        help="ISO3 codes, or 'all' for every UN member (default: Kazakhstan and its 9 neighbours)")
    parser.add_argument("--jobs", type=int, default=2, help="workers (default 2)")
    parser.add_argument("--executors", nargs="+", choices=["pool", "dask"], default=["pool", "dask"])
    parser.add_argument("--keep", type=Path, default=None,
                        help="write the reports into this (new) folder and keep them (default: a temporary folder)")
    args = parser.parse_args()
    countries = FIRST_TEN if args.countries is None else members() if args.countries == ["all"] else args.countries
    print(f"notebook 02 over {len(countries)} countries, {args.jobs} workers, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f} at start (the machine may be shared), "
          f"UN exports {'passed' if UN_FOLDER.is_dir() else 'not found'}")
    rows = {}
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch) if args.keep is None else args.keep
        for executor in args.executors:
            out = scratch / executor
            if executor == "pool":
                timed = run_grid(countries, out, jobs=args.jobs, scheduler=None)
                note = ""
            else:
                started, timed = with_local_cluster(
                    args.jobs, lambda address, out=out: run_grid(countries, out, jobs=args.jobs, scheduler=address))
                note = f" (LocalCluster start {started:.1f} s, not counted)"
            rows[executor] = figures(timed, manifest(out)["notebooks"], args.jobs)
            rows[executor]["note"] = note
    for executor, row in rows.items():
        print(f"{executor}{row['note']}:")
        print(f"  runs {row['runs']} ({row['failed']} failed); total {row['wall_s']:.1f} s "
              f"({row['wall_s'] / 60:.2f} min); {row['throughput_s']:.2f} s of wall time per run")
        print(f"  per run on one worker {row['per_run_s']:.2f} s = cells {row['cells_s']:.2f} s + overhead "
              f"{row['overhead_s']:.2f} s ({row['share']:.0%}: in the worker {row['in_worker_s']:.2f} s = "
              f"kernel start and papermill {row['kernel_s']:.2f} s + notebook and HTML page written "
              f"{row['pages_s']:.2f} s; scheduling and assembly {row['outside_s']:.2f} s)")
        print(f"  kernel start and scheduling (overhead without the pages): "
              f"{row['overhead_s'] - row['pages_s']:.2f} s per run")
        print(f"  of the wall time, {row['before_s']:.0f} s before the first run started (command, planning, "
              f"workers' start) and {row['after_s']:.0f} s after the last ended (report assembly, shutdown); "
              f"without them, overhead {row['steady_overhead_s']:.2f} s per run")
        met = row["overhead_s"] < TARGET_OVERHEAD_S
        print(f"  overhead target < {TARGET_OVERHEAD_S:g} s per run: {'met' if met else 'MISSED'}")
        projected = row["throughput_s"] * 193
        print(f"  193 runs at this rate: {projected / 60:.1f} min (target < {TARGET_FULL_GRID_S / 60:.0f} min: "
              f"{'met' if projected < TARGET_FULL_GRID_S else 'MISSED'})")


if __name__ == "__main__":
    main()
