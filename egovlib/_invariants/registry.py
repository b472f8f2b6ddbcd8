"""The registry of rules: :class:`Violation`, :data:`DATASET_RULES` and the :func:`invariant` decorator."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Violation:
    """One broken invariant: the file line (1-based, header = 1), column, value and rule.

    Attributes
    ----------
    dataset : str
    line : int or None
        ``None`` when the rule could not be checked at all.
    column : str or None
    value : object
        The value found.
    rule : str
        The rule's name in :data:`DATASET_RULES` or :data:`GENERIC_RULES`.
    message : str
    expected : str, optional
        What the rule expects, in words.
    """

    dataset: str
    line: int | None
    column: str | None
    value: object
    rule: str
    message: str
    expected: str | None = None

    def __str__(self) -> str:
        where = self.dataset + (f", line {self.line}" if self.line is not None else "")
        where += f", column {self.column!r}" if self.column is not None else ""
        expected = f"; expected {self.expected}" if self.expected else ""
        return f"{where}: {self.message} (found {self.value!r}){expected} [rule: {self.rule}]"


#: A rule: ``check(dataset_name, table)`` returns the violations (row labels are file positions).
Check = Callable[[str, pd.DataFrame], list[Violation]]

#: The registry of dataset-specific rules: ``{dataset: {rule: check}}``, filled by :func:`invariant`.
DATASET_RULES: dict[str, dict[str, Check]] = {}


def invariant(dataset: str, rule: str) -> Callable[[Check], Check]:
    """Register the decorated function as rule ``rule`` of dataset ``dataset``.

    Parameters
    ----------
    dataset : str
        The dataset's name in ``datapackage.json`` (a test checks that it exists).
    rule : str
        A short identifier of the rule, reported with every violation; unique per dataset.

    Returns
    -------
    Callable
        The decorator; it returns the check unchanged.

    Raises
    ------
    ValueError
        If the dataset already has a rule of that name.
    """
    def register(check: Check) -> Check:
        rules = DATASET_RULES.setdefault(dataset, {})
        if rule in rules:
            raise ValueError(f"invariant {rule!r} of {dataset!r} is registered twice")
        rules[rule] = check
        return check

    return register



def _plain(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value
