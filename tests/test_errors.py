"""egovlib.errors: one tree under EgovlibError; messages name where the problem is."""

from __future__ import annotations

import inspect

import pytest

import egovlib
from egovlib import errors
from egovlib.errors import DataValidationError, EgovlibError, NotFoundError, Problem


def test_every_exception_of_the_package_descends_from_one_base():
    classes = [obj for _, obj in inspect.getmembers(errors, inspect.isclass)
               if issubclass(obj, Exception) and obj.__module__ == errors.__name__]
    assert len(classes) >= 8
    assert all(issubclass(cls, EgovlibError) for cls in classes), [c for c in classes if not issubclass(c, EgovlibError)]


def test_failed_lookups_are_domain_errors_that_suggest_close_names():
    with pytest.raises(NotFoundError, match="Did you mean 'portal_users'"):
        egovlib.load("portal_user")
    with pytest.raises(LookupError):  # also catchable as the built-in kind of error
        egovlib.load("no_such_dataset")


def test_problem_and_validation_error_name_file_line_column_and_expectation():
    problem = Problem("data/t.csv", "not a number", line=4, column="value", expected="a number", found="x",
                      rule="type")
    assert str(problem) == "data/t.csv, line 4, column 'value': not a number (found 'x'); expected a number [rule: type]"
    error = DataValidationError.from_problems("data/t.csv", [problem, Problem("data/t.csv", "too small", line=5)])
    assert error.problems[0] is problem and error.line == 4 and error.column == "value"
    assert "line 4" in str(error) and "line 5" in str(error)
