"""Checks for notebook parameters: each failure names the parameter, the value and what is allowed.

The cell after a notebook's ``parameters`` cell calls these, so a bad value from papermill
(``-p country XYZ``) stops the run at once with a message instead of deep inside the analysis.
"""

from __future__ import annotations

import numbers
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from .errors import ParameterError

__all__ = ["ParameterError", "boolean", "choice", "folder_or_none", "integer", "number", "subset", "year_range"]


def choice(name: str, value: Any, allowed: Collection[Any]) -> Any:
    """``value`` must be one of ``allowed``.

    Parameters
    ----------
    name : str
        The parameter's name, quoted in the error.
    value : Any
        The value given.
    allowed : Collection
        The allowed values.

    Returns
    -------
    Any
        ``value``, unchanged.

    Raises
    ------
    ParameterError
        If ``value`` is not in ``allowed``.

    Examples
    --------
    >>> choice("country", "KAZ", {"KAZ", "UZB"})
    'KAZ'
    """
    if value not in allowed:
        raise ParameterError(name, value, f"one of {sorted(allowed, key=str)}")
    return value


def subset(name: str, values: Any, allowed: Collection[Any], *, min_size: int = 1) -> list[Any]:
    """``values`` must be a list of distinct members of ``allowed`` with at least ``min_size`` items.

    Parameters
    ----------
    name : str
        The parameter's name, quoted in the error.
    values : Sequence
        The values given (a list or tuple; a string is refused).
    allowed : Collection
        The allowed members.
    min_size : int
        Fewest entries accepted (default 1).

    Returns
    -------
    list
        ``values`` as a list, in their order.

    Raises
    ------
    ParameterError
        If ``values`` is not a sequence, holds an unknown or repeated entry, or has fewer than ``min_size``.

    Examples
    --------
    >>> subset("countries", ("KAZ", "UZB"), {"KAZ", "UZB", "KGZ"})
    ['KAZ', 'UZB']
    """
    if isinstance(values, str) or not isinstance(values, Sequence):
        raise ParameterError(name, values, f"a list drawn from {sorted(allowed, key=str)}")
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ParameterError(name, values, f"members of {sorted(allowed, key=str)} (unknown: {unknown})")
    if len(set(values)) != len(values):
        raise ParameterError(name, values, "no repeated entries")
    if len(values) < min_size:
        raise ParameterError(name, values, f"at least {min_size} entries")
    return list(values)


def integer(name: str, value: Any, low: int | None = None, high: int | None = None) -> int:
    """``value`` must be an integer in ``[low, high]`` (either bound optional).

    Parameters
    ----------
    name : str
        The parameter's name, quoted in the error.
    value : Any
        The value given (a boolean is refused).
    low, high : int or None
        Inclusive bounds; ``None`` leaves that side open.

    Returns
    -------
    int
        ``value`` as ``int``.

    Raises
    ------
    ParameterError
        If ``value`` is not an integer or lies outside the bounds.

    Examples
    --------
    >>> integer("n_boot", 2000, low=100)
    2000
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ParameterError(name, value, "an integer" + _range(low, high))
    if (low is not None and value < low) or (high is not None and value > high):
        raise ParameterError(name, value, "an integer" + _range(low, high))
    return int(value)


def number(name: str, value: Any, low: float | None = None, high: float | None = None) -> float:
    """``value`` must be a real number (not NaN) in ``[low, high]`` (either bound optional).

    Parameters
    ----------
    name : str
        The parameter's name, quoted in the error.
    value : Any
        The value given (a boolean or NaN is refused).
    low, high : float or None
        Inclusive bounds; ``None`` leaves that side open.

    Returns
    -------
    float
        ``value`` as ``float``.

    Raises
    ------
    ParameterError
        If ``value`` is not a real number, is NaN or lies outside the bounds.

    Examples
    --------
    >>> number("alpha", 0.05, 0, 1)
    0.05
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or value != value:
        raise ParameterError(name, value, "a number" + _range(low, high))
    if (low is not None and value < low) or (high is not None and value > high):
        raise ParameterError(name, value, "a number" + _range(low, high))
    return float(value)


def boolean(name: str, value: Any) -> bool:
    """``value`` must be ``True`` or ``False``.

    Parameters
    ----------
    name : str
        The parameter's name, quoted in the error.
    value : Any
        The value given (``0`` and ``1`` are refused).

    Returns
    -------
    bool
        ``value``, unchanged.

    Raises
    ------
    ParameterError
        If ``value`` is not a ``bool``.
    """
    if not isinstance(value, bool):
        raise ParameterError(name, value, "True or False")
    return value


def year_range(start_name: str, start: Any, end_name: str, end: Any, available: Collection[int]) -> tuple[int, int]:
    """Two years with ``start < end`` inside the span of ``available`` that include at least two data years.

    Parameters
    ----------
    start_name, end_name : str
        The parameters' names, quoted in the error.
    start, end : Any
        The first and last year given (integers).
    available : Collection of int
        The data years.

    Returns
    -------
    tuple of (int, int)
        ``(start, end)``.

    Raises
    ------
    ParameterError
        If a year is not an integer within the span of ``available``, ``end <= start``, or fewer than two
        data years lie in the range.

    Examples
    --------
    >>> year_range("start", 2008, "end", 2014, [2008, 2010, 2012, 2014])
    (2008, 2014)
    """
    low, high = min(available), max(available)
    start = integer(start_name, start, low, high)
    end = integer(end_name, end, low, high)
    if end <= start:
        raise ParameterError(end_name, end, f"a year after {start_name}={start}")
    inside = [y for y in available if start <= y <= end]
    if len(inside) < 2:
        raise ParameterError(end_name, end, f"a range holding at least two data years (data years: {sorted(available)})")
    return start, end


def folder_or_none(name: str, value: Any) -> Path | None:
    """``None``/``""`` (not used) or the path of an existing folder.

    Parameters
    ----------
    name : str
        The parameter's name, quoted in the error.
    value : str, Path or None
        The folder given; ``~`` is expanded.

    Returns
    -------
    Path or None
        The folder (not resolved), or ``None`` for ``None`` and ``""``.

    Raises
    ------
    ParameterError
        If ``value`` is neither ``None``, ``""``, a str nor a Path, or names no existing folder.
    """
    if value in (None, ""):
        return None
    if not isinstance(value, str | Path):
        raise ParameterError(name, value, "None or the path of a folder")
    path = Path(value).expanduser()
    if not path.is_dir():
        raise ParameterError(name, value, f"None or an existing folder (not found: {path.resolve()})")
    return path


def _range(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f" from {low} to {high}"
    if low is not None:
        return f" of at least {low}"
    if high is not None:
        return f" of at most {high}"
    return ""
