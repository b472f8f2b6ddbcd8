"""Step 0 of a run: the settings of ``egov report`` (``report.toml``, overridden by the command line)."""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._paths import project_root
from ..errors import ReportError

__all__ = ["CONFIG", "Settings", "check_jobs", "check_seconds", "check_timeout", "load_settings"]

#: The settings file of the project (may be missing: then the defaults apply).
CONFIG = project_root() / "report.toml"


@dataclass
class Settings:
    """Settings of a report run (from ``report.toml``, overridden on the command line)."""

    notebooks_dir: Path = field(default_factory=lambda: project_root() / "notebooks")
    out: Path = field(default_factory=lambda: project_root() / "reports")
    jobs: int = 1
    timeout: float = 900.0
    un_folder: str = ""
    parameters: dict[str, dict[str, Any]] = field(default_factory=dict)
    out_option: str = "the default output folder"  # where ``out`` came from, for messages


def load_settings(path: Path | None = CONFIG, *, required: bool = False) -> Settings:
    """Read ``report.toml``; relative paths in it are relative to the file.

    Parameters
    ----------
    path
        The settings file; ``None`` gives the defaults.
    required
        A file named with ``--config``: a missing one is refused. Without it, a missing file
        gives the defaults.

    Returns
    -------
    Settings

    Raises
    ------
    ReportError
        A missing required file, a malformed one (with its line and column), unknown settings,
        or values out of range.
    """
    settings = Settings()
    if path is None:
        return settings
    path = Path(path)
    if not path.exists() and not required:
        return settings
    if not path.is_file():
        raise ReportError(f"--config {path}: {'not a file' if path.exists() else 'no such file'}; "
                          "expected a settings file such as report.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        found = re.search(r"\(at line (\d+), column (\d+)\)$", str(err))
        where = f"{path}, line {found[1]}, column {found[2]}" if found else str(path)
        problem = re.sub(r"\s*\(at line \d+, column \d+\)$|\s*\(at end of document\)$", "", str(err))
        raise ReportError(f"{where}: not valid TOML: {problem}") from err
    except (OSError, UnicodeDecodeError) as err:
        raise ReportError(f"{path}: cannot read the settings file: {err}") from err
    section = data.get("report", {})
    unknown = set(section) - {"notebooks_dir", "out", "jobs", "timeout", "un_folder"}
    if unknown:
        raise ReportError(f"{path}: unknown settings {sorted(unknown)} in [report]")
    base = path.parent
    if "notebooks_dir" in section:
        settings.notebooks_dir = (base / section["notebooks_dir"]).resolve()
    if "out" in section:
        settings.out = (base / section["out"]).resolve()
        settings.out_option = f"{path} [report] out ="
    if "jobs" in section:
        settings.jobs = check_jobs(section["jobs"], f"{path}: jobs={section['jobs']!r}")
    if "timeout" in section:
        settings.timeout = check_seconds(section["timeout"], f"{path}: timeout={section['timeout']!r}")
    if section.get("un_folder"):
        settings.un_folder = str((base / section["un_folder"]).resolve())
    params = data.get("parameters", {})
    if not isinstance(params, dict) or not all(isinstance(v, dict) for v in params.values()):
        raise ReportError(f"{path}: [parameters.<notebook>] tables expected")
    settings.parameters = {k: dict(v) for k, v in params.items()}
    return settings


def check_jobs(value: Any, where: str) -> int:
    """A number of workers: a whole number of at least 1.

    Parameters
    ----------
    value
        The value from the command line or the settings file.
    where
        How the value was given, for the message (``"--jobs 0"``, ``"report.toml: jobs=0"``).

    Returns
    -------
    int
        The number of workers.

    Raises
    ------
    ReportError
        If ``value`` is not a whole number of at least 1.
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ReportError(f"{where}: expected at least 1 (a whole number)")
    return value


def check_seconds(value: Any, where: str) -> float:
    """A time limit: a finite number of seconds above 0 (TOML and ``float()`` also accept nan and inf).

    Parameters
    ----------
    value
        The value from the command line or the settings file.
    where
        How the value was given, for the message (``"--timeout nan"``, ``"report.toml: timeout=nan"``).

    Raises
    ------
    ReportError
        If ``value`` is not a finite number above 0.
    """
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
        raise ReportError(f"{where}: expected a number of seconds above 0 (finite: not nan or inf)")
    return float(value)


def check_timeout(value: float) -> float:
    """The ``--timeout`` option: a finite number of seconds above 0 (see :func:`check_seconds`).

    Parameters
    ----------
    value : float
        Seconds a notebook may run before it is stopped.

    Returns
    -------
    float
        The same number of seconds.

    Raises
    ------
    ReportError
        If ``value`` is not a finite number above 0.
    """
    return check_seconds(value, f"--timeout {value:g}")
