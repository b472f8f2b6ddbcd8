"""Exceptions raised by egovlib, each naming what was wrong and where."""

from __future__ import annotations


class EgovlibError(Exception):
    """Base class of every error that egovlib raises on purpose."""


class UnknownDatasetError(EgovlibError, LookupError):
    """A dataset name that the data package does not contain."""


class DataValidationError(EgovlibError, ValueError):
    """A data file that does not match its schema or its recorded checksum.

    The message names the file, the line (1-based, the header is line 1), the column
    and what was expected, so that a maintainer can go straight to the cell.
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
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.expected = expected
        self.found = found
        where = path
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column!r}"
        message = f"{where}: {problem}"
        if found is not None:
            message += f" (found {found!r})"
        if expected is not None:
            message += f"; expected {expected}"
        super().__init__(message)


class ExternalFormatError(EgovlibError, ValueError):
    """An external file (e.g. a UN E-Government export) in a layout egovlib cannot read."""
