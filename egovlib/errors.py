"""Exceptions raised by egovlib, each naming what was wrong and where.

Every error that egovlib raises on purpose is an :class:`EgovlibError`; each also subclasses
the built-in exception that callers caught before the tree existed (``ValueError``,
``LookupError``, ``KeyError``, ``OSError``), so ``except ValueError`` keeps working::

    EgovlibError
    ├── NotFoundError (LookupError, ValueError)    a name the data does not hold
    │   ├── UnknownDatasetError                    ... a dataset
    │   └── UnknownClaimError (KeyError)           ... a claim id of data/claims.csv
    ├── DataValidationError (ValueError)           a data file breaks its schema, invariants or checksum
    ├── ExternalFormatError (ValueError)           an external file in a layout egovlib cannot read
    ├── FormulaError (ValueError)                  a claim formula that cannot be evaluated
    │   └── ClaimError                             ... naming the claim
    ├── ParameterError (ValueError)                a notebook parameter with a value not allowed
    ├── ReportError (ValueError)                   a bad request to ``egov report``
    └── PublishError (OSError)                     the report could not be written
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "MAX_PROBLEMS_SHOWN", "ClaimError", "DataValidationError", "EgovlibError", "ExternalFormatError", "FormulaError",
    "NotFoundError", "ParameterError", "Problem", "PublishError", "ReportError", "UnknownClaimError",
    "UnknownDatasetError",
]

#: At most this many problems are spelled out in an exception's message; all of them are
#: kept on the exception's ``problems`` attribute.
MAX_PROBLEMS_SHOWN = 100


class EgovlibError(Exception):
    """Base class of every error that egovlib raises on purpose."""


class NotFoundError(EgovlibError, LookupError, ValueError):
    """A lookup the data cannot answer: a dataset, country, series, index or claim it does not hold.

    The message names what was asked for and, where the list is short, what exists.
    """


class UnknownDatasetError(NotFoundError):
    """A dataset name that the data package does not contain."""


class UnknownClaimError(NotFoundError, KeyError):
    """A claim id that ``data/claims.csv`` does not contain."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class Problem:
    """One problem found in a data file: where it is, what was found and the rule it breaks.

    ``line`` is 1-based (the header is line 1); ``rule`` is a short identifier of the check
    (``"type"``, ``"minimum"``, ``"unit_bounds"``, ``"part_not_above_total"``, ...).
    """

    path: str
    problem: str
    line: int | None = None
    column: str | None = None
    expected: str | None = None
    found: object = None
    rule: str | None = None

    @property
    def value(self) -> object:
        """The offending value as found in the file (an alias of ``found``)."""
        return self.found

    def where(self) -> str:
        """The location: file, then line and column where known."""
        where = self.path
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column {self.column!r}"
        return where

    def describe(self) -> str:
        """The problem without its location."""
        text = self.problem
        if self.found is not None:
            text += f" (found {self.found!r})"
        if self.expected is not None:
            text += f"; expected {self.expected}"
        if self.rule is not None:
            text += f" [rule: {self.rule}]"
        return text

    def __str__(self) -> str:
        return f"{self.where()}: {self.describe()}"


class DataValidationError(EgovlibError, ValueError):
    """A data file that does not match its schema, its invariants or its recorded checksum.

    The message names the file, the line (1-based, the header is line 1), the column
    and what was expected, so that a maintainer can go straight to the cell. When a file
    has several problems, one exception lists them all: ``problems`` holds each as a
    :class:`Problem`, and ``line``/``column``/``expected``/``found`` describe the first.
    """

    def __init__(
        self,
        path: str,
        problem: str,
        *,
        line: int | None = None,
        column: str | None = None,
        expected: str | None = None,
        found: object = None,
        rule: str | None = None,
    ) -> None:
        first = Problem(path, problem, line=line, column=column, expected=expected, found=found, rule=rule)
        self._set(path, [first], str(first))

    def _set(self, path: str, problems: list[Problem], message: str) -> None:
        first = problems[0]
        self.path = path
        self.line = first.line
        self.column = first.column
        self.expected = first.expected
        self.found = first.found
        self.rule = first.rule
        self.problems: list[Problem] = list(problems)
        Exception.__init__(self, message)

    @classmethod
    def from_problems(cls, path: str, problems: list[Problem], summary: str = "") -> DataValidationError:
        """One exception listing every problem (the message of a single problem is unchanged)."""
        if not problems:
            raise ValueError("from_problems needs at least one problem")
        error = cls.__new__(cls)
        if len(problems) == 1 and not summary:
            message = str(problems[0])
        else:
            head = f"{path}: {len(problems)} problem{'s' if len(problems) != 1 else ''}"
            head += f" ({summary})" if summary else ""
            shown = problems[:MAX_PROBLEMS_SHOWN]
            lines = [head + ":"]
            for p in shown:
                location = p.where().removeprefix(path).removeprefix(", ") if p.path == path else p.where()
                lines.append(f"  - {location or path}: {p.describe()}")
            if len(problems) > len(shown):
                lines.append(f"  ... and {len(problems) - len(shown)} more (all are in the exception's .problems)")
            message = "\n".join(lines)
        error._set(path, problems, message)
        return error


class ExternalFormatError(EgovlibError, ValueError):
    """An external file (e.g. a UN E-Government export) in a layout egovlib cannot read."""


class FormulaError(EgovlibError, ValueError):
    """A claim formula that is malformed, uses something not allowed, or matches no data."""


class ClaimError(FormulaError):
    """A claim of ``data/claims.csv`` whose formula could not be evaluated.

    The message names the claim id, its formula and the reason; ``claim_id``, ``formula``
    and ``reason`` hold them.
    """

    def __init__(self, claim_id: str, formula: str, reason: str) -> None:
        self.claim_id = claim_id
        self.formula = formula
        self.reason = reason
        super().__init__(f"claim {claim_id} (formula {formula!r}): {reason}")


class ParameterError(EgovlibError, ValueError):
    """A notebook parameter has a value that is not allowed.

    Parameters
    ----------
    name, value
        The parameter and the value it was given.
    expected
        What is allowed, in words (``"an integer from 0 to 5"``).
    """

    def __init__(self, name: str, value: Any, expected: str) -> None:
        self.name, self.value, self.expected = name, value, expected
        super().__init__(f"parameter {name}={value!r}: expected {expected}")


class ReportError(EgovlibError, ValueError):
    """A bad request: unknown notebook or parameter, bad value, malformed grid, unusable settings or output folder."""


class PublishError(EgovlibError, OSError):
    """The report could not be written (a full disk, a lost permission); nothing of it was published."""
