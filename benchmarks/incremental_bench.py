"""Benchmark of incremental builds: `make report` (notebooks, then the book) three times.

    .venv/bin/python benchmarks/incremental_bench.py [--dataset portal_users]

Works on a copy of the project in a temporary folder (egovlib, data, notebooks, report.toml), so
the checkout is never touched, and prints for each build its wall time and which notebooks ran:
  1. a full build (`egov report --force`, then the book from scratch);
  2. a rebuild with nothing changed;
  3. a rebuild after one value of one dataset changed (and `egov checksums` recorded it).
Targets on the 2-core machine: (2) under 10 s in all, including the site; (3) only the readers
of that dataset, and the notebooks that read their results, run. Nothing is asserted by the test
suite: timings depend on the machine (tests/test_incremental.py checks what reruns and why).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COPIED = ("egovlib", "data", "notebooks", "report.toml", "pyproject.toml")


def build(project: Path, *extra: str) -> tuple[float, dict[str, str]]:
    """`make report` in the copy: the report, then the book; wall time and each notebook's action."""
    env = {**os.environ, "PYTHONPATH": str(project)}  # the copy's egovlib, also in the kernels
    env.pop("EGOV_FIGURES_DIR", None)
    started = time.perf_counter()
    for command in (["-m", "egovlib.cli", "report", "--quiet", *extra], ["-m", "egovlib._book", "--report",
                                                                          "reports/latest"]):
        subprocess.run([sys.executable, *command], cwd=project, env=env, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    manifest = json.loads((project / "reports" / "latest" / "manifest.json").read_text(encoding="utf-8"))
    return seconds, {n["run"]: n["action"] + (f" ({n['reason']})" if n["action"] == "ran" else "")
                     for n in manifest["notebooks"]}


def change_one_value(project: Path, dataset: str) -> str:
    """Nudge the first numeric value of a dataset by one unit in its last digit; record the checksum."""
    descriptor = json.loads((project / "data" / "datapackage.json").read_text(encoding="utf-8"))
    path = project / "data" / next(r["path"] for r in descriptor["resources"] if r["name"] == dataset)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    old = rows[0]["value"]
    digits = old.split(".")[1] if "." in old else ""
    rows[0]["value"] = f"{float(old) - 10 ** -len(digits):.{len(digits)}f}"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(project)}
    subprocess.run([sys.executable, "-m", "egovlib.cli", "checksums"], cwd=project, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return f"{dataset}: first value {old} -> {rows[0]['value']}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="portal_users", help="the dataset changed before the third build")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="egov-incremental-") as scratch:
        project = Path(scratch) / "project"
        project.mkdir()
        for name in COPIED:
            source = REPO / name
            if source.is_dir():
                shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, project / name)
        steps = [("full build (--force, book from scratch)", lambda: None, ("--force",)),
                 ("rebuild, nothing changed", lambda: None, ()),
                 ("rebuild after one dataset changed", lambda: print(f"  changed {change_one_value(project, args.dataset)}"),
                  ())]
        timings = {}
        for label, prepare, extra in steps:
            prepare()
            seconds, actions = build(project, *extra)
            timings[label] = seconds
            ran = [run for run, action in actions.items() if action.startswith("ran")]
            print(f"{label:<40} {seconds:6.1f} s   ran {len(ran)} of {len(actions)}")
            for run in ran:
                print(f"    {run}: {actions[run]}")
    quick = timings["rebuild, nothing changed"]
    print(f"target: nothing changed under 10 s in all: {quick:.1f} s, {'met' if quick < 10 else 'MISSED'}")


if __name__ == "__main__":
    main()
