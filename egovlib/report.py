"""Minimal batch runner behind ``make report`` (the full ``egov report`` is a later issue).

Executes every ``notebooks/NN_*.ipynb`` headlessly with papermill, in name order, into a
temporary folder, and moves the finished run to ``reports/<run-id>/`` (pointing
``reports/latest`` at it) only when it is complete, so an interrupted run never leaves a
half-written report. A failing notebook does not stop the others; the exit status is
non-zero when any failed.

``python -m egovlib.report --in-place`` instead re-executes the notebooks in place (the
stored outputs that nbval compares against), clearing papermill's metadata.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def notebooks(folder: Path) -> list[Path]:
    """The collection's notebooks, in the order they are meant to run."""
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def execute(source: Path, target: Path, cwd: Path) -> None:
    """Run one notebook with papermill and strip papermill's per-run metadata."""
    import nbformat
    import papermill as pm

    pm.execute_notebook(
        str(source), str(target), cwd=str(cwd), kernel_name="python3", progress_bar=False,
        request_save_on_cell_execute=False,
    )
    nb = nbformat.read(target, as_version=4)
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    nbformat.write(nb, target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m egovlib.report")
    parser.add_argument("--in-place", action="store_true", help="refresh stored outputs in notebooks/")
    parser.add_argument("--out", type=Path, default=REPO / "reports")
    args = parser.parse_args(argv)
    folder = REPO / "notebooks"
    found = notebooks(folder)
    if not found:
        print(f"no notebooks in {folder}", file=sys.stderr)
        return 1
    failures: list[tuple[str, str]] = []
    if args.in_place:
        for nb in found:
            print(f"executing {nb.name} in place", flush=True)
            try:
                execute(nb, nb, folder)
            except Exception as err:  # noqa: BLE001 - report and go on
                failures.append((nb.name, f"{type(err).__name__}: {err}"))
    else:
        args.out.mkdir(parents=True, exist_ok=True)
        run_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        staging = Path(tempfile.mkdtemp(prefix=f".{run_id}-", dir=args.out))
        for nb in found:
            start = time.perf_counter()
            print(f"running {nb.name} ...", end=" ", flush=True)
            try:
                execute(nb, staging / nb.name, folder)
                print(f"ok ({time.perf_counter() - start:.1f} s)")
            except Exception as err:  # noqa: BLE001 - report and go on
                print("FAILED")
                failures.append((nb.name, f"{type(err).__name__}: {str(err).splitlines()[0]}"))
        final = args.out / run_id
        staging.chmod(0o755)  # mkdtemp makes it private
        os.replace(staging, final)
        latest = args.out / "latest"
        if latest.is_symlink() or latest.exists():
            latest.unlink() if latest.is_symlink() else shutil.rmtree(latest)
        latest.symlink_to(final.name)
        print(f"report written to {final} (also {latest})")
    for name, error in failures:
        print(f"FAILED {name}: {error}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
