"""The ``egov`` command line: one entry point for the collection's jobs.

=================  ===============================================================  ============
command            what it does                                                     make target
=================  ===============================================================  ============
``egov report``    execute every notebook headlessly, write ``reports/<run-id>/``   make report
``egov notebooks`` re-execute notebooks in place, rewrite their ``.py`` mirrors     make notebooks
``egov checksums`` record each CSV's sha256 and size in ``datapackage.json``        make checksums
``egov validate``  check every dataset: checksum, schema, invariants                make validate
``egov un-panel``  rebuild or ``--check`` the UN panel from the UN exports
=================  ===============================================================  ============

``python -m egovlib.notebooks ...`` and ``python -m egovlib.maintenance checksums|un-panel ...``
are aliases of ``egov notebooks ...`` and ``egov checksums|un-panel ...``. Commands are a
registry (:data:`COMMANDS`: name -> options, handler), not an if-chain.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import report

__all__ = ["COMMANDS", "main"]


def _report_parser(sub: Any) -> argparse.ArgumentParser:
    """The options of ``egov report``."""
    p = sub.add_parser("report", help="execute the notebooks and write a browsable report",
                       description="Execute the notebook collection headlessly (papermill) and write "
                                   "reports/<run-id>/ with HTML pages, index.html, results and a manifest.")
    p.add_argument("--only", nargs="+", metavar="NAME", default=[],
                   help="run only these notebooks (full name, number such as 02, or a unique prefix)")
    p.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("KEY", "VALUE"), default=[],
                   help="set a parameter for every selected notebook that has it (repeatable)")
    p.add_argument("--grid", action="append", metavar="KEY=V1,V2", default=[],
                   help="one run per value (repeat for a cartesian product), each in its own sub-folder")
    p.add_argument("--jobs", type=int, help="notebooks run in parallel in a process pool (default: report.toml, 1)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="send the runs to a Dask distributed scheduler instead")
    p.add_argument("--timeout", type=float, metavar="S", help="seconds allowed per notebook (default: report.toml)")
    p.add_argument("--un-folder", metavar="DIR", help="UN E-Government Data Center exports for the UN-wide views")
    p.add_argument("--out", type=Path, metavar="DIR", help="where reports go (default: reports/)")
    p.add_argument("--config", type=Path, metavar="FILE", help="settings file (default: report.toml, if present)")
    p.add_argument("--list", action="store_true", help="list the notebooks and their parameters, then stop")
    p.add_argument("--dry-run", action="store_true", help="show the runs that would be made, then stop")
    p.add_argument("--quiet", action="store_true", help="no progress lines; only the summary")
    p.add_argument("--force", action="store_true",
                   help="execute every notebook; by default a run whose notebook, parameters, egovlib, installed "
                        "packages and recorded inputs are unchanged is reused from an earlier report")
    return p


def _settings(args: argparse.Namespace) -> report.Settings:
    """report.toml (a file named by --config must exist), overridden by the command line."""
    if args.config is None:
        settings = report.load_settings(report.CONFIG)
    else:
        settings = report.load_settings(args.config, required=True)
    if args.jobs is not None:
        settings.jobs = report.check_jobs(args.jobs, f"--jobs {args.jobs}")
    if args.timeout is not None:
        settings.timeout = report.check_timeout(args.timeout)
    if args.out is not None:
        settings.out = args.out.expanduser().resolve()
        settings.out_option = "--out"
    if args.un_folder:
        folder = Path(args.un_folder).expanduser().resolve()
        if not folder.is_dir():
            raise report.ReportError(f"--un-folder {args.un_folder}: no such folder")
        settings.un_folder = str(folder)
    return settings


def _list(catalogue: dict[str, dict[str, dict[str, Any]]]) -> None:
    """Print the notebooks and their parameters (``egov report --list``)."""
    for name, parameters in catalogue.items():
        print(name)
        for key, info in parameters.items():
            note = f"  # {info['help']}" if info["help"] else ""
            print(f"    {key} = {info['default']!r}{note}")


def _run_report(args: argparse.Namespace, argv: list[str]) -> int:
    """``egov report``: plan (refusals: exit 2), run, print the summary; the exit status."""
    try:
        settings = _settings(args)
        catalogue = report.discover(settings.notebooks_dir, cache_file=settings.out / ".discover-cache.json")
        if args.list:
            _list(catalogue)
            return 0
        tasks = report.plan(settings, only=args.only, overrides=[tuple(p) for p in args.parameter],
                            grids=args.grid, catalogue=catalogue)
        report.check_out(settings.out, settings.out_option, create=not args.dry_run)
    except report.ReportError as err:
        print(f"egov report: {err}", file=sys.stderr)
        return 2
    # Only a run of the whole collection with report.toml's parameters can become reports/latest.
    complete = {t.notebook for t in tasks} == set(catalogue) and not args.parameter and not args.grid
    if args.dry_run:
        where = f"Dask scheduler {args.scheduler}" if args.scheduler else f"{settings.jobs} process(es)"
        print(f"{len(tasks)} run(s) on {where}, timeout {settings.timeout:g} s each, into {settings.out}/<run-id>:")
        for task in tasks:
            print(f"  {task.run}  {json.dumps(task.parameters, sort_keys=True)}")
        return 0
    try:
        summary = report.run_report(tasks, settings, scheduler=args.scheduler, quiet=args.quiet,
                                    command=["egov", *argv], complete=complete, force=args.force)
    except KeyboardInterrupt:
        left = report.discard_own_staging()  # a second sweep, after every worker has stopped
        print("egov report: interrupted; nothing was published and the previous report is untouched"
              + (f" (a staging folder could not be removed: {left})" if left else ""), file=sys.stderr)
        return 130
    except report.ReportError as err:
        print(f"egov report: {err}", file=sys.stderr)
        return 2
    except report.PublishError as err:
        print(f"egov report: {err}", file=sys.stderr)
        return 1
    report.remember_parameters(settings.notebooks_dir, catalogue, settings.out / ".discover-cache.json")
    ok = len(summary.outcomes) - len(summary.failures)
    where = f"report: {summary.folder / 'index.html'}"
    if summary.latest:
        where += f" (now {settings.out / 'latest'})"
    else:
        where += f" ({summary.note}: kept under its run id {summary.run_id}; {settings.out / 'latest'} not updated)"
    reused = sum(1 for o in summary.outcomes if o.action == "reused")
    print(f"{ok} of {len(summary.outcomes)} notebook run(s) succeeded"
          + (f" ({reused} reused unchanged, {len(summary.outcomes) - reused} executed)" if reused else "")
          + f"; {where}")
    for failure in summary.failures:
        where = f" at cell {failure.cell}" if failure.cell else ""
        print(f"FAILED {failure.run} ({failure.status}{where}): {failure.error}", file=sys.stderr)
        print(f"       executed notebook kept at {summary.folder / failure.run / (failure.notebook + '.ipynb')}",
              file=sys.stderr)
    return 1 if summary.failures else 0


def _notebooks_parser(sub: Any) -> argparse.ArgumentParser:
    """The options of ``egov notebooks`` (alias: ``python -m egovlib.notebooks``)."""
    from .notebooks import __doc__ as doc

    p = sub.add_parser("notebooks", help="re-execute notebooks in place and rewrite their .py mirrors",
                       description=doc.split("\n")[0])
    p.add_argument("names", nargs="*", help="notebook names or stems (default: all)")
    p.add_argument("--from-py", type=Path, metavar="FILE", help="update a notebook from its edited mirror")
    p.add_argument("--check", action="store_true", help="only check that every mirror agrees")
    return p


def _run_notebooks(args: argparse.Namespace, argv: list[str]) -> int:
    """``egov notebooks``: see :func:`egovlib.notebooks.run`."""
    from .notebooks import run

    return run(args.names, from_py=args.from_py, check=args.check)


def _data_dir_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", type=Path, default=None,
                   help="folder with datapackage.json (default: the package's data)")


def _checksums_parser(sub: Any) -> argparse.ArgumentParser:
    """The options of ``egov checksums``."""
    p = sub.add_parser("checksums", help="record each CSV's sha256 and size in datapackage.json (after editing one)")
    _data_dir_option(p)
    return p


def _run_checksums(args: argparse.Namespace, argv: list[str]) -> int:
    """``egov checksums``: rewrite the recorded checksums, print what changed."""
    from .maintenance import update_checksums

    changed = update_checksums(args.data_dir)
    print("updated: " + (", ".join(changed) if changed else "nothing (all checksums current)"))
    return 0


def _validate_parser(sub: Any) -> argparse.ArgumentParser:
    """The options of ``egov validate``."""
    p = sub.add_parser("validate", help="check every dataset: checksum, schema and invariants",
                       description="Load every dataset (or those named) as the library does: checksum, "
                                   "schema and invariants; list every problem. Exit status 1 if any.")
    p.add_argument("names", nargs="*", help="datasets to check (default: all)")
    _data_dir_option(p)
    return p


def _run_validate(args: argparse.Namespace, argv: list[str]) -> int:
    """``egov validate``: the problems of every dataset; exit status 1 if there are any."""
    from .maintenance import validate

    checked, problems = validate(args.data_dir, args.names or None)
    for name, error in problems.items():
        print(f"FAILED {name}: {error}", file=sys.stderr)
    print(f"validate: {len(checked)} table(s) checked (checksum, schema, invariants), {len(problems)} with problems")
    return 1 if problems else 0


def _un_panel_parser(sub: Any) -> argparse.ArgumentParser:
    """The options of ``egov un-panel``."""
    p = sub.add_parser("un-panel", help="rebuild data/un_egov_panel.csv from the UN exports (or --check it)")
    _data_dir_option(p)
    p.add_argument("--from", dest="source", type=Path, required=True, metavar="FOLDER",
                   help="folder holding un_egov/ and un_egov_2024_third_party/ (e.g. ../shared/external)")
    p.add_argument("--from-2024", dest="source_2024", type=Path, default=None,
                   help="folder (or file) of the 2024 copy, if not under --from")
    p.add_argument("--check", action="store_true", help="verify the shipped file against a fresh build, write nothing")
    return p


def _run_un_panel(args: argparse.Namespace, argv: list[str]) -> int:
    """``egov un-panel``: see :func:`egovlib.maintenance.un_panel`."""
    from .maintenance import un_panel

    return un_panel(args.source, args.source_2024, args.data_dir, args.check)


#: The commands: name -> (function adding its parser, handler returning the exit status).
COMMANDS: dict[str, tuple[Callable[[Any], argparse.ArgumentParser], Callable[[argparse.Namespace, list[str]], int]]] = {
    "report": (_report_parser, _run_report),
    "notebooks": (_notebooks_parser, _run_notebooks),
    "checksums": (_checksums_parser, _run_checksums),
    "validate": (_validate_parser, _run_validate),
    "un-panel": (_un_panel_parser, _run_un_panel),
}


def main(argv: list[str] | None = None, *, prog: str = "egov") -> int:
    """Run one ``egov`` command.

    Parameters
    ----------
    argv : list of str or None
        The arguments after the program name (default: ``sys.argv[1:]``).
    prog : str
        The program name shown in usage messages (the aliases pass their own).

    Returns
    -------
    int
        The exit status: 0 success, 1 a failed run or check, 2 a refused request.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog=prog, description="The egov-kz command line: " + ", ".join(COMMANDS) + ".")
    sub = parser.add_subparsers(dest="command", required=True, metavar="{" + ",".join(COMMANDS) + "}")
    for add, _ in COMMANDS.values():
        add(sub)
    args = parser.parse_args(argv)
    return COMMANDS[args.command][1](args, argv)


if __name__ == "__main__":
    raise SystemExit(main())
