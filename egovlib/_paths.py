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

__all__ = ["PROJECT_ENV", "project_root", "safe_name"]

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


def safe_name(text: str, *, keep: str = "-_", fill: str = "_", ascii_only: bool = False) -> str:
    """``text`` as a file or folder name: letters, digits and ``keep`` stay, anything else becomes ``fill``.

    The one rule for names made from values (the explorer's exports, the folders of grid runs).

    Parameters
    ----------
    text : str
        The value to name a file after.
    keep : str, default "-_"
        Characters kept besides letters and digits.
    fill : str, default "_"
        What every other character becomes.
    ascii_only : bool, default False
        Whether non-ASCII letters and digits are replaced too.

    Returns
    -------
    str
        As long as ``text``.

    Examples
    --------
    >>> safe_name("users share (%)")
    'users_share____'
    >>> safe_name("/data/a b", keep="-_.", fill="-", ascii_only=True)
    '-data-a-b'
    """
    return "".join(c if (c.isascii() or not ascii_only) and (c.isalnum() or c in keep) else fill for c in text)
