"""Step 3 of a run: write the report into its staging folder, then publish it by renaming.

:func:`collect_results`, :func:`write_results`, :func:`write_manifest` and :func:`write_index`
fill the staging folder ``out/.staging-<run-id>`` (reserved by :func:`new_staging`); the index
page comes from the Jinja2 template ``templates/index.html.j2``. :func:`publish` renames the
folder to ``out/<run-id>`` and, for a complete run, points ``out/latest`` at it. Until that
rename nothing is visible, so an interrupted run leaves the previous report untouched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
import math
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..errors import ReportError
from .execute import Outcome, remove_kernel_folders
from .settings import Settings

__all__ = ["PACKAGES", "STAGING_PREFIX", "RunSummary", "check_out", "collect_results", "new_staging", "publish",
           "write_index", "write_manifest", "write_results"]

STAGING_PREFIX = ".staging-"
#: Packages whose versions the manifest records.
PACKAGES = ("egovlib", "pandas", "numpy", "scipy", "statsmodels", "matplotlib", "seaborn", "papermill", "nbconvert",
            "nbformat", "nbval", "ipykernel", "ipywidgets", "jupyterlab")


def collect_results(staging: Path, outcomes: Iterable[Outcome]) -> list[dict[str, Any]]:
    """The recorded results of every run that produced an executed notebook.

    An executed notebook that cannot be read (cut short by a full disk) gives no rows, and its
    run, if it counted as ``ok``, is marked ``failed`` with the reason.
    """
    from ..results import read_results

    rows = []
    for outcome in outcomes:
        executed = staging / outcome.run / f"{outcome.notebook}.ipynb"
        if not executed.is_file():
            continue
        try:
            table = read_results(executed)
        except Exception as err:  # noqa: BLE001 - nbformat raises several kinds for a truncated file
            outcome.warnings.append(f"the executed notebook could not be read: {type(err).__name__}")
            if outcome.status == "ok":
                outcome.status, outcome.error = "failed", f"its executed notebook could not be read ({executed})"
            continue
        for record in table.to_dict("records"):
            record = {k: _finite_or_none(v) for k, v in record.items()}
            rows.append({"run": outcome.run, **record, "parameters": outcome.parameters})
    return rows


def _finite_or_none(value: Any) -> Any:
    """A missing or non-finite number (NaN, inf) becomes ``None``, JSON's null; also inside lists and dicts."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list | tuple):
        return [_finite_or_none(v) for v in value]
    if isinstance(value, dict):
        return {k: _finite_or_none(v) for k, v in value.items()}
    return value


def _json(data: Any, **kw: Any) -> str:
    """Strict JSON: a NaN or infinity raises ``ValueError`` instead of writing a file no JSON parser reads."""
    return json.dumps(data, allow_nan=False, default=str, **kw)


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def _data_checksums() -> dict[str, str]:
    from ..datasets import default_package

    package = default_package()
    return {r["name"]: r.get("hash", "") for r in package.descriptor["resources"]}


def write_results(staging: Path, rows: list[dict[str, Any]]) -> None:
    import csv

    (staging / "results.json").write_text(_json(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    with open(staging / "results.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["run", "notebook", "name", "value", "unit", "description", "parameters"])
        for row in rows:
            writer.writerow([row["run"], row["notebook"], row["name"], "" if row["value"] is None else row["value"],
                             row["unit"], row["description"], _json(row["parameters"], sort_keys=True)])


def write_manifest(staging: Path, run_id: str, outcomes: list[Outcome], *, started: dt.datetime,
                   finished: dt.datetime, settings: Settings, command: list[str], scheduler: str | None,
                   complete: bool = True) -> None:
    """``manifest.json``; ``complete``: the run asked for the whole collection as report.toml sets it up."""
    ok = all(o.status == "ok" for o in outcomes)
    manifest = {
        "run_id": run_id,
        "command": command,
        "started": started.isoformat(timespec="seconds"),
        "finished": finished.isoformat(timespec="seconds"),
        "duration_s": round((finished - started).total_seconds(), 3),
        "status": "ok" if ok else "failed",
        "complete": complete and ok,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "packages": _versions(),
        "executor": f"dask distributed at {scheduler}" if scheduler else f"process pool, {settings.jobs} workers",
        "timeout_s": settings.timeout,
        "data_checksums": _data_checksums(),
        "notebooks": [_finite_or_none(asdict(o)) for o in outcomes],
    }
    (staging / "manifest.json").write_text(_json(manifest, indent=1) + "\n", encoding="utf-8")




def write_index(staging: Path, run_id: str, outcomes: list[Outcome], rows: list[dict[str, Any]]) -> None:
    """Write ``index.html``: every run with its status and links, every figure, the table of results.

    Parameters
    ----------
    staging
        The report folder being assembled; links in the page are relative to it.
    run_id
        The run's id, shown in the title.
    outcomes
        The runs, in plan order.
    rows
        The recorded results (:func:`collect_results`).
    """
    import jinja2

    environment = jinja2.Environment(loader=jinja2.PackageLoader("egovlib._report", "templates"),
                                     autoescape=True, keep_trailing_newline=True, trim_blocks=True,
                                     lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    runs = []
    for o in outcomes:
        folder = staging / o.run
        links = [(f"{o.run}/{o.notebook}{suffix}", label) for suffix, label in ((".html", "HTML"), (".ipynb", "notebook"))
                 if (folder / f"{o.notebook}{suffix}").is_file()]
        figures = []
        for figure in sorted((folder / "figures").glob("*.png")) if (folder / "figures").is_dir() else []:
            svg = figure.with_suffix(".svg")
            figures.append({"src": figure.relative_to(staging).as_posix(), "stem": figure.stem, "name": figure.name,
                            "svg": svg.relative_to(staging).as_posix() if svg.is_file() else None})
        runs.append({"outcome": o, "links": links, "figures": figures,
                     "parameters": _json(o.parameters, sort_keys=True),
                     "error": (f"cell {o.cell}: " if o.cell else "") + (o.error or "")})
    results = [{**row, "shown": _shown(row["value"])} for row in rows]
    page = environment.get_template("index.html.j2").render(run_id=run_id, runs=runs, results=results)
    (staging / "index.html").write_text(page, encoding="utf-8")


def _shown(value: Any) -> str:
    """A recorded value as the index page shows it (six significant digits; ``n/a`` when missing)."""
    return f"{value:.6g}" if isinstance(value, float) else ("n/a" if value is None else str(value))


def _utcnow() -> dt.datetime:
    """The clock of run ids (a function, so that tests can stop it)."""
    return dt.datetime.now(dt.UTC)


def check_out(out: Path, option: str, *, create: bool = True) -> None:
    """Refuse an output folder that cannot take a report, before anything runs.

    ``option`` names where ``out`` came from (``--out``, report.toml). ``out`` must be a folder
    (or not exist yet, below a folder), writable (a probe folder is created and removed in it),
    and its ``latest`` must be the link this runner makes, never a real folder or file of the
    user's, which the runner will not replace. With ``create=False`` (``--dry-run``) nothing is
    created: an existing ``out`` is only checked with ``os.access``.

    Parameters
    ----------
    out : pathlib.Path
        The output folder of the report.
    option : str
        Where ``out`` came from, for the message.
    create : bool
        Whether the folder may be created and probed (False for a dry run).

    Raises
    ------
    ReportError
        If ``out`` is not a usable, writable folder or its ``latest`` is not the runner's link.
    """
    existing = next(f for f in [out, *out.parents] if f.exists() or f.is_symlink())
    if not existing.is_dir():
        what = "is a file" if existing.exists() else "is a broken link"
        where = "" if existing == out else f"{existing}, a folder above it, "
        raise ReportError(f"{option} {out}: {where}{what}; expected a folder (new or existing) for the reports")
    latest = out / "latest"
    if latest.exists() and not latest.is_symlink():
        raise ReportError(f"{option} {out}: {latest} is a real {'folder' if latest.is_dir() else 'file'}, not the "
                          "link to the last complete report that egov report maintains; it is left alone: move or "
                          "rename it, or choose another --out")
    if not create:
        if not os.access(existing, os.W_OK | os.X_OK):
            raise ReportError(f"{option} {out}: {existing} is not writable; expected a writable folder")
        return
    try:
        out.mkdir(parents=True, exist_ok=True)
        Path(tempfile.mkdtemp(prefix=".probe-", dir=out)).rmdir()
    except OSError as err:
        raise ReportError(f"{option} {out}: cannot write there ({err.strerror or err}); "
                          "expected a writable folder") from err


def new_staging(out: Path) -> tuple[str, Path]:
    """Reserve a new run id and create its hidden staging folder ``out/.staging-<run-id>``.

    The id is the UTC time to the second (``20250101T120000Z``), with ``-2``, ``-3``... for
    further runs started in the same second. It is reserved by ``mkdir`` of the staging folder,
    which succeeds in one process only, and kept only if no published report has it; so two runs,
    even two processes started in the same second, never get the same id. Stale staging folders
    of dead runs are removed first.
    """
    out.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(out)
    base = _utcnow().strftime("%Y%m%dT%H%M%SZ")
    for n in itertools.count(1):
        run_id = base if n == 1 else f"{base}-{n}"
        staging = out / f"{STAGING_PREFIX}{run_id}"
        if (out / run_id).exists() or (out / run_id).is_symlink():
            continue
        try:
            staging.mkdir()
        except FileExistsError:
            continue  # another run holds this id
        if (out / run_id).exists():  # the run that held it published it between our two checks
            staging.rmdir()
            continue
        (staging / ".owner").write_text(str(os.getpid()))
        return run_id, staging
    raise AssertionError("unreachable")


def _remove_stale_staging(out: Path) -> None:
    """Remove the staging folders (and kernel runtime folders) of runs whose process is gone."""
    for stale in out.glob(f"{STAGING_PREFIX}*"):
        try:
            pid = int((stale / ".owner").read_text())
        except (OSError, ValueError):
            with contextlib.suppress(OSError):
                if time.time() - stale.stat().st_mtime < 60:
                    continue  # just created by a run that is writing its .owner
            pid = 0
        if pid:
            try:
                os.kill(pid, 0)
                continue  # its run is still going
            except PermissionError:
                continue  # alive, another user's
            except OSError:
                pass
        remove_kernel_folders(stale)
        shutil.rmtree(stale, ignore_errors=True)  # its run was killed: nothing of it was published


def publish(staging: Path, out: Path, run_id: str, *, latest: bool = True) -> tuple[Path, str | None]:
    """Rename the staging folder to ``out/run_id``; if ``latest``, point ``out/latest`` at it (atomic renames).

    A real folder or file named ``latest`` (not our link) is never deleted.

    Parameters
    ----------
    staging : pathlib.Path
        The finished staging folder of the run.
    out : pathlib.Path
        The output folder (the report becomes ``out/run_id``).
    run_id : str
        The run's folder name.
    latest : bool
        Whether to point ``out/latest`` at the new report.

    Returns
    -------
    tuple of (pathlib.Path, str or None)
        The report folder and, when ``latest`` was asked for but not done, why not.
    """
    shutil.rmtree(staging / ".tasks", ignore_errors=True)
    (staging / ".owner").unlink(missing_ok=True)
    for path in [staging, *staging.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    final = out / run_id
    os.replace(staging, final)
    if not latest:
        return final, None
    link_path = out / "latest"
    if link_path.exists() and not link_path.is_symlink():
        return final, f"{link_path} is a real folder or file, not egov report's link; it was left alone"
    link = out / f".latest-{run_id}"
    link.unlink(missing_ok=True)
    try:
        link.symlink_to(run_id)
        os.replace(link, link_path)
    except OSError as err:
        link.unlink(missing_ok=True)
        return final, f"{link_path} could not be updated ({err.strerror or err})"
    return final, None


@dataclass
class RunSummary:
    """A finished run: its id and folder, the outcomes, and whether ``latest`` now points at it."""

    run_id: str
    folder: Path | None
    outcomes: list[Outcome]
    latest: bool = False
    note: str | None = None  # why the run is not ``latest``

    @property
    def failures(self) -> list[Outcome]:
        """The runs that did not end with status ``ok``."""
        return [o for o in self.outcomes if o.status != "ok"]

