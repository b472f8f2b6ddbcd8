"""Which rules apply to a dataset, and running them."""

from __future__ import annotations

import pandas as pd

from egovlib._invariants import seeds, survey  # noqa: F401  (importing them registers their rules)
from egovlib._invariants.generic import GENERIC_RULES
from egovlib._invariants.registry import DATASET_RULES, Check, Violation


def rules_for(name: str, columns: object) -> list[tuple[str, Check]]:
    """The rules that apply to dataset ``name`` with these ``columns``: generic ones, then its own.

    Parameters
    ----------
    name : str
        The dataset's name.
    columns : Iterable of str
        Its column names.

    Returns
    -------
    list of (rule, check)
        The generic rules whose columns are all present, then the dataset's own rules.
    """
    present = set(columns)
    generic = [(rule, check) for rule, needed, check in GENERIC_RULES if needed <= present]
    return generic + list(DATASET_RULES.get(name, {}).items())


def find_violations(name: str, table: pd.DataFrame) -> list[Violation]:
    """Every violation of the package's invariants in one dataset, in file order.

    Parameters
    ----------
    name : str
        The dataset's name (picks its rules from :data:`DATASET_RULES`).
    table : pandas.DataFrame
        The typed table, as :meth:`egovlib.datasets.DataPackage.load` reads it.

    Returns
    -------
    list of Violation
        Sorted by line; a rule that could not run (a row it needs is missing) is one violation
        without a line.
    """
    table = table.reset_index(drop=True)  # row labels are positions, so line = label + 2
    found: list[Violation] = []
    for rule, check in rules_for(name, table.columns):
        try:
            found += check(name, table)
        except (KeyError, ValueError, TypeError, IndexError) as err:
            found.append(Violation(
                name, None, None, None, rule,
                f"the rule could not be checked: a row it needs is missing or malformed ({err!r})",
            ))
    return sorted(found, key=lambda v: (v.line is None, v.line or 0))


def check_invariants(name: str, table: pd.DataFrame) -> list[str]:
    """Violations of the package's invariants in one dataset as text.

    Parameters
    ----------
    name : str
        The dataset's name.
    table : pandas.DataFrame
        The typed table.

    Returns
    -------
    list of str
        One line per violation (see :func:`find_violations`); empty when the dataset is sound.
    """
    return [str(v) for v in find_violations(name, table)]
