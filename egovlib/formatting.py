"""One policy for showing numbers: at the precision the data support, the same on every machine.

The collection's data carry three or four significant digits (EGDI values to four decimals,
shares to one decimal, counts exactly). Estimates computed from them (a fitted market
potential, a bootstrap quantile, a p-value) are known to far fewer digits than a float holds,
and their last digits change with the CPU and the BLAS build. So every number a notebook
shows, and every number it records, goes through this module:

* :func:`fmt` formats one number: integral values in full with thousands separators
  (``108,604``), other values to :data:`SIGNIFICANT` significant digits, with separators and
  never in exponent notation between 1e-4 and 1e15 (``9,694``, ``0.8628``, ``0.0312``);
* :func:`round_sig` rounds a float to significant digits (what :class:`egovlib.results.Results`
  stores);
* :func:`count` shows a count (or a forecast of one) as a whole number with separators;
* :func:`pvalue` shows a p-value to two significant digits (:data:`P_DIGITS`), and ``< 0.001``
  below that;
* :func:`p_phrase` writes it into prose (``p = 0.04``, ``p < 0.001``);
* :func:`digits_for` gives the significant digits at which an estimate from ``n`` observations
  is reported (fewer for the small samples of this collection);
* :func:`use` makes pandas display every float column with :func:`fmt`, in text and HTML.

Four significant digits leave a margin of about four orders of magnitude between the digits
shown and the digits that differ between machines (about 1e-8 relative, for an optimiser that
has converged): a displayed digit can change only when a value sits within that margin of a
rounding boundary.

An estimate from a small sample is known to fewer digits still: with n observations its
sampling error is of the order of 1/sqrt(n) of its scale (about 30 % at n = 12), so a third or
fourth digit would be noise presented as precision. Estimates, intervals and statistics of a
test are therefore reported at :func:`digits_for` ``(n)`` significant digits (2 for n <= 12, 3 for
n < 30, :data:`SIGNIFICANT` from 30), and p-values at :data:`P_DIGITS`.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

__all__ = ["P_DIGITS", "SIGNIFICANT", "count", "digits_for", "fmt", "p_phrase", "percent", "pvalue", "round_sig", "use"]

#: Significant digits shown and recorded for a computed (non-integral) number.
SIGNIFICANT = 4

#: Significant digits of a p-value, shown and recorded.
P_DIGITS = 2

#: (largest n, digits): an estimate from at most that many observations is reported to that many digits.
_DIGITS_BY_N = ((12, 2), (29, 3))

_SMALLEST_FIXED = 1e-4
_LARGEST_FIXED = 1e15


def _check_digits(digits: int) -> int:
    if isinstance(digits, bool) or not isinstance(digits, numbers.Integral) or not 1 <= digits <= 15:
        raise ValueError(f"digits={digits!r}: expected an integer from 1 to 15")
    return int(digits)


def round_sig(value: float, digits: int = SIGNIFICANT) -> float:
    """``value`` rounded to ``digits`` significant digits (0, NaN and infinities unchanged).

    Parameters
    ----------
    value : float
        The number to round (anything ``float()`` accepts).
    digits : int
        Significant digits to keep, from 1 to 15 (default :data:`SIGNIFICANT`).

    Returns
    -------
    float
        The rounded value.

    Raises
    ------
    ValueError
        If ``digits`` is not an integer from 1 to 15.

    Examples
    --------
    >>> round_sig(9693.8452)
    9694.0
    >>> round_sig(0.000123456, 3)
    0.000123
    """
    digits = _check_digits(digits)
    value = float(value)
    if value == 0 or not math.isfinite(value):
        return value
    return float(f"{value:.{digits}g}")


def digits_for(n: int) -> int:
    """Significant digits at which an estimate from ``n`` observations is reported.

    Parameters
    ----------
    n : int
        Number of observations behind the estimate (at least 1).

    Returns
    -------
    int
        2 for n <= 12, 3 for n from 13 to 29, :data:`SIGNIFICANT` (4) from 30.

    Raises
    ------
    ValueError
        If ``n`` is not a positive integer.

    Examples
    --------
    >>> digits_for(6), digits_for(20), digits_for(202)
    (2, 3, 4)
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ValueError(f"digits_for: n={n!r}; expected a positive whole number of observations")
    for largest, digits in _DIGITS_BY_N:
        if n <= largest:
            return digits
    return SIGNIFICANT


def fmt(value: Any, digits: int = SIGNIFICANT) -> str:
    """One number as text at ``digits`` significant digits, with thousands separators.

    Integers (and floats with an integral value below 1e15, such as a count read as float) are
    shown in full; ``None`` and NaN as ``"n/a"``; booleans and non-numbers with ``str``; other values
    rounded to ``digits`` significant digits, in exponent notation only below 1e-4 or from 1e15.

    Parameters
    ----------
    value : Any
        The value to show.
    digits : int
        Significant digits for a non-integral number, from 1 to 15 (default :data:`SIGNIFICANT`).

    Returns
    -------
    str
        The formatted text.

    Raises
    ------
    ValueError
        If ``digits`` is not an integer from 1 to 15.

    Examples
    --------
    >>> fmt(108604)
    '108,604'
    >>> fmt(9693.8452)
    '9,694'
    >>> fmt(0.86275)
    '0.8628'
    >>> fmt(1.5e-07)
    '1.5e-07'
    """
    digits = _check_digits(digits)
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if not isinstance(value, numbers.Real):
        return str(value)
    value = float(value)
    if math.isnan(value):
        return "n/a"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value == 0:
        return "0"
    if value.is_integer() and abs(value) < _LARGEST_FIXED:
        return f"{int(value):,}"
    magnitude = abs(value)
    if magnitude < _SMALLEST_FIXED or magnitude >= _LARGEST_FIXED:
        return f"{value:.{digits}g}"
    rounded = round_sig(value, digits)
    exponent = math.floor(math.log10(abs(rounded)))
    decimals = max(digits - 1 - exponent, 0)
    text = f"{rounded:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def count(value: Any) -> str:
    """A count, or a forecast of one, as a whole number with thousands separators (``108,605``).

    A forecast of a count is not known to the unit; use :func:`fmt` to show it to significant
    digits instead where the uncertainty is large.

    Parameters
    ----------
    value : float, int or None
        The count; it is rounded to the nearest whole number (``None`` or NaN gives ``"n/a"``).

    Returns
    -------
    str
        The whole number with thousands separators.

    Raises
    ------
    TypeError
        If ``value`` is not a number (or is a boolean).

    Examples
    --------
    >>> count(108604.6), count(None)
    ('108,605', 'n/a')
    """
    if value is None or (isinstance(value, numbers.Real) and math.isnan(float(value))):
        return "n/a"
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise TypeError(f"count: value {value!r} is {type(value).__name__}; expected a number")
    return f"{round(float(value)):,}"


def percent(value: Any, decimals: int = 1) -> str:
    """A share given in per cent, with ``decimals`` decimals and a per-cent sign (``32.9 %``).

    Parameters
    ----------
    value : float or None
        The share, already in per cent (``None`` or NaN gives ``"n/a"``).
    decimals : int
        Decimals shown (default 1).

    Returns
    -------
    str
        The share with thousands separators and ``" %"``.

    Examples
    --------
    >>> percent(32.94), percent(5, 0)
    ('32.9 %', '5 %')
    """
    if value is None or (isinstance(value, numbers.Real) and math.isnan(float(value))):
        return "n/a"
    return f"{float(value):,.{int(decimals)}f} %"


def pvalue(p: Any) -> str:
    """A p-value to two significant digits (:data:`P_DIGITS`); ``< 0.001`` below 0.001, as journals print them.

    Parameters
    ----------
    p : float or None
        The p-value (``None`` or NaN gives ``"n/a"``).

    Returns
    -------
    str
        The p-value as text.

    Raises
    ------
    ValueError
        If ``p`` is outside [0, 1].

    Examples
    --------
    >>> pvalue(0.04123), pvalue(0.0004)
    ('0.041', '< 0.001')
    """
    if p is None or (isinstance(p, numbers.Real) and math.isnan(float(p))):
        return "n/a"
    p = float(p)
    if not 0 <= p <= 1:
        raise ValueError(f"pvalue: p = {p!r} is not a probability")
    if p < 0.001:
        return "< 0.001"
    return fmt(p, P_DIGITS)


def p_phrase(p: Any, label: str = "p") -> str:
    """A p-value as prose states it: ``"p = 0.04"``, ``"p < 0.001"`` (never ``"p = < 0.001"``).

    Parameters
    ----------
    p : float or None
        The p-value (``None`` or NaN gives ``"p n/a"``).
    label : str
        What precedes the relation, e.g. ``"Holm-adjusted p"``.

    Returns
    -------
    str
        ``label``, the relation and :func:`pvalue` of ``p``.

    Raises
    ------
    ValueError
        If ``p`` is outside [0, 1] (from :func:`pvalue`).

    Examples
    --------
    >>> p_phrase(0.0412), p_phrase(0.00046), p_phrase(0.2, "Holm-adjusted p")
    ('p = 0.041', 'p < 0.001', 'Holm-adjusted p = 0.2')
    """
    text = pvalue(p)
    if text == "n/a":
        return f"{label} n/a"
    return f"{label} {text}" if text.startswith("<") else f"{label} = {text}"


def use() -> None:
    """Make pandas show every float with :func:`fmt` (text and HTML output of DataFrames).

    Called once at the top of every notebook, so that tables print the same digits on every
    machine. Integer columns are unaffected.
    """
    import pandas as pd

    pd.set_option("display.float_format", fmt)
