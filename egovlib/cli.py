"""The ``egov`` command: ``egov report`` builds the report, ``egov notebooks`` refreshes stored outputs."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import report


def _report_parser(sub) -> argparse.ArgumentParser:
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
    return p


def _settings(args) -> report.Settings:
    """report.toml (a file named by --config must exist), overridden by the command line."""
    if args.config is None:
        settings = report.load_settings(report.CONFIG)
    else:
        settings = report.load_settings(args.config, required=True)
    if args.jobs is not None:
        if args.jobs < 1:
            raise report.ReportError(f"--jobs {args.jobs}: expected at least 1")
        settings.jobs = args.jobs
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


def _list(catalogue) -> None:
    for name, parameters in catalogue.items():
        print(name)
        for key, info in parameters.items():
            note = f"  # {info['help']}" if info["help"] else ""
            print(f"    {key} = {info['default']!r}{note}")


def run_report_command(args, argv: list[str]) -> int:
    try:
        settings = _settings(args)
        catalogue = report.discover(settings.notebooks_dir)
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
                                    command=["egov", *argv], complete=complete)
    except KeyboardInterrupt:
        print("egov report: interrupted; nothing was published and the previous report is untouched",
              file=sys.stderr)
        return 130
    except report.ReportError as err:
        print(f"egov report: {err}", file=sys.stderr)
        return 2
    except report.PublishError as err:
        print(f"egov report: {err}", file=sys.stderr)
        return 1
    ok = len(summary.outcomes) - len(summary.failures)
    where = f"report: {summary.folder / 'index.html'}"
    if summary.latest:
        where += f" (now {settings.out / 'latest'})"
    else:
        where += f" ({summary.note}: kept under its run id {summary.run_id}; {settings.out / 'latest'} not updated)"
    print(f"{ok} of {len(summary.outcomes)} notebook run(s) succeeded; {where}")
    for failure in summary.failures:
        where = f" at cell {failure.cell}" if failure.cell else ""
        print(f"FAILED {failure.run} ({failure.status}{where}): {failure.error}", file=sys.stderr)
        print(f"       executed notebook kept at {summary.folder / failure.run / (failure.notebook + '.ipynb')}",
              file=sys.stderr)
    return 1 if summary.failures else 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="egov", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    _report_parser(sub)
    nb = sub.add_parser("notebooks", help="re-execute notebooks in place and rewrite their .py mirrors")
    nb.add_argument("rest", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.command == "notebooks":
        from .notebooks import main as notebooks_main

        return notebooks_main(args.rest)
    return run_report_command(args, argv)


if __name__ == "__main__":
    raise SystemExit(main())
