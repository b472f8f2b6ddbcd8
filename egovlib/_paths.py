"""Where the project folder is: one home for the checkout paths (notebooks, figures, report.toml).

The package is used two ways. In a source checkout (``pip install -e .``, ``make``) the project
folder is the parent of the package. In an installed wheel the package lies in ``site-packages``
and has no project beside it; the project is then the folder the user works in. So
:func:`project_root` looks, in this order, at ``$EGOV_PROJECT``, the parent of the package (when
it holds ``pyproject.toml`` and ``notebooks/``), and the current folder and its parents (the
first holding ``notebooks/`` or ``report.toml``); failing all, it is the current folder.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["PROJECT_ENV", "project_root"]

#: Environment variable naming the project folder explicitly.
PROJECT_ENV = "EGOV_PROJECT"

_PACKAGE = Path(__file__).resolve().parent


def _is_checkout(folder: Path) -> bool:
    """Whether ``folder`` is the egov-kz source checkout that holds this package."""
    return (folder / "pyproject.toml").is_file() and (folder / "notebooks").is_dir()


def project_root() -> Path:
    """The project folder (see the module docstring for how it is found).

    Returns
    -------
    Path
        An absolute path; it need not contain notebooks (an installed wheel used elsewhere).
    """
    named = os.environ.get(PROJECT_ENV)
    if named:
        return Path(named).expanduser().resolve()
    if _is_checkout(_PACKAGE.parent):
        return _PACKAGE.parent
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "notebooks").is_dir() or (folder / "report.toml").is_file():
            return folder
    return here
