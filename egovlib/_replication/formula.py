"""The bounded evaluator of one claim formula: allowed syntax, work limits, errors."""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable
from typing import Any

from egovlib._replication.helpers import _Helpers
from egovlib.datasets import DataPackage, default_package
from egovlib.errors import EgovlibError, FormulaError

#: Bounds on the work one formula may ask for.
MAX_FORMULA_LENGTH = 1000
MAX_FORMULA_NODES = 200
MAX_INT_BITS = 4096
MAX_STRING_LENGTH = 10_000
MAX_ROUND_DIGITS = 100


def _check_size(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
        raise FormulaError(f"an intermediate integer has more than {MAX_INT_BITS} bits")
    if isinstance(value, str) and len(value) > MAX_STRING_LENGTH:
        raise FormulaError(f"an intermediate string is longer than {MAX_STRING_LENGTH} characters")
    return value


def _power(base: Any, exponent: Any) -> Any:
    # |base| ** exponent has about exponent * log2|base| bits: refuse before computing it
    if (isinstance(base, int) and isinstance(exponent, int) and exponent > 0 and abs(base) > 1
            and (exponent > MAX_INT_BITS or exponent * (abs(base).bit_length() - 1) > MAX_INT_BITS)):
        raise FormulaError(
            f"{_short(base)} ** {_short(exponent)} would have more than {MAX_INT_BITS} bits; "
            "refused before computing it"
        )
    return operator.pow(base, exponent)


def _short(number: int) -> str:
    return str(number) if number.bit_length() <= 64 else f"<a {number.bit_length()}-bit integer>"


def _multiply(left: Any, right: Any) -> Any:
    for text, times in ((left, right), (right, left)):
        if isinstance(text, str) and isinstance(times, int) and len(text) * max(times, 0) > MAX_STRING_LENGTH:
            raise FormulaError(
                f"repeating a string of {len(text)} characters {times} times would exceed "
                f"{MAX_STRING_LENGTH} characters; refused before computing it"
            )
    return operator.mul(left, right)


def _round(number: Any, ndigits: Any = None) -> Any:
    if ndigits is not None and (not isinstance(ndigits, int) or abs(ndigits) > MAX_ROUND_DIGITS):
        raise FormulaError(f"round() takes a whole number of digits within +-{MAX_ROUND_DIGITS}, not {ndigits!r}")
    return round(number, ndigits)


_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: _multiply,
    ast.Div: operator.truediv, ast.Pow: _power,
}
_UNARY: dict[type, Callable[[Any], Any]] = {ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Not: operator.not_}
_COMPARE: dict[type, Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge,
}


def evaluate_formula(formula: str, package: DataPackage | None = None, year: int | None = None) -> float:
    """Compute one formula (see :mod:`egovlib.replication` for what it may contain).

    Parameters
    ----------
    formula : str
        An expression over the helpers, within the limits ``MAX_FORMULA_LENGTH`` and
        ``MAX_FORMULA_NODES``.
    package : DataPackage, optional
        The data package (default: the shipped one).
    year : int, optional
        Binds the free name ``year`` of a formula for a claim checked in every year.

    Returns
    -------
    float
        A finite number (comparisons give 1.0 or 0.0).

    Raises
    ------
    FormulaError
        On any problem: syntax not allowed, work beyond the limits, no matching row, a result that
        is not a finite number; the message names the formula.

    Examples
    --------
    >>> evaluate_formula("pct_change(50, 60)")
    20.0
    """
    helpers = _Helpers(package or default_package())
    return _evaluate_number(formula, helpers, {} if year is None else {"year": int(year)})


def _evaluate_number(formula: str, helpers: _Helpers, names: dict[str, Any] | None = None) -> float:
    value = _evaluate(formula, helpers, names or {})
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise FormulaError(f"formula {formula!r} gives {value!r}, not a number") from None
    if not math.isfinite(number):
        raise FormulaError(f"formula {formula!r} gives {number}, not a finite number")
    return number


def _evaluate(formula: str, helpers: _Helpers, names: dict[str, Any]) -> Any:
    if not isinstance(formula, str):
        raise FormulaError(f"a formula must be text, not {type(formula).__name__}")
    if len(formula) > MAX_FORMULA_LENGTH:
        raise FormulaError(
            f"formula {formula[:60]!r}... is {len(formula)} characters long; at most {MAX_FORMULA_LENGTH} allowed"
        )
    try:
        tree = ast.parse(formula, mode="eval")
    except (SyntaxError, ValueError) as err:
        raise FormulaError(f"cannot parse formula {formula!r}: {getattr(err, 'msg', err)}") from None
    nodes = sum(1 for _ in ast.walk(tree))
    if nodes > MAX_FORMULA_NODES:
        raise FormulaError(f"formula {formula!r} has {nodes} syntax nodes; at most {MAX_FORMULA_NODES} allowed")
    functions: dict[str, Callable[..., Any]] = {
        "v": helpers.v, "cell": helpers.cell, "total": helpers.total, "argmax": helpers.argmax,
        "argmin": helpers.argmin, "count_below": helpers.count_below, "pct_change": helpers.pct_change,
        "mean": helpers.mean, "minimum": helpers.minimum, "maximum": helpers.maximum,
        "count": helpers.count, "count_where": helpers.count_where,
        "count_distinct": helpers.count_distinct,
        "rank_of": helpers.rank_of, "prev_value": helpers.prev_value,
        "min_step": helpers.min_step, "max_step": helpers.max_step,
        "abs": abs, "round": _round, "min": min, "max": max,
    }

    def walk(node: ast.AST) -> Any:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str)):
            return _check_size(node.value)
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            return _check_size(_BINARY[type(node.op)](walk(node.left), walk(node.right)))
        if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
            return _UNARY[type(node.op)](walk(node.operand))
        if isinstance(node, ast.Name) and node.id in names:
            return names[node.id]
        if isinstance(node, ast.Compare) and all(type(op) in _COMPARE for op in node.ops):
            left = walk(node.left)
            for op, right_node in zip(node.ops, node.comparators, strict=True):
                right = walk(right_node)
                if not _COMPARE[type(op)](left, right):
                    return False
                left = right
            return True
        if isinstance(node, ast.BoolOp) and isinstance(node.op, (ast.And, ast.Or)):
            values = [bool(walk(v)) for v in node.values]
            return all(values) if isinstance(node.op, ast.And) else any(values)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in functions:
            args = [walk(a) for a in node.args]
            kwargs = {k.arg: walk(k.value) for k in node.keywords if k.arg is not None}
            return _check_size(functions[node.func.id](*args, **kwargs))
        raise FormulaError(f"formula {formula!r} uses {ast.dump(node)[:60]}..., which is not allowed")

    try:
        return walk(tree)
    except FormulaError as err:
        if repr(formula) in str(err):
            raise
        raise FormulaError(f"formula {formula!r}: {err}") from None
    except EgovlibError:
        raise
    except (ArithmeticError, TypeError, ValueError, KeyError, IndexError) as err:
        reason = str(err) or type(err).__name__
        raise FormulaError(f"formula {formula!r}: {type(err).__name__}: {reason}") from None
