"""Substantive checks of the curated data beyond its schema.

``find_violations(name, table)`` returns every violation in one dataset as a
:class:`Violation` (line, column, value, rule); ``check_invariants(name, table)`` gives
the same as human-readable strings (empty when the dataset is sound). ``DataPackage.load``
runs them on every load and refuses a file with any violation, listing them all; the test
suite runs them over every dataset too. Rules:

* values in a percentage unit lie in 0-100, indices in 0-1, scores in 0-100, ranks are whole
  numbers in 1-193, counts and amounts are non-negative; every value is finite. The only
  admitted exceptions are listed in :data:`KNOWN_OUT_OF_RANGE`: the UN's 2003 Human Capital
  Index values above 1 (Micronesia, Tuvalu), kept as published in ``un_egov_panel`` with a note;
* a part (a ``breakdown`` other than ``total``) never exceeds its total, and responses
  never exceed questionnaires sent;
* EGDI equals the mean of OSI, TII and HCI within rounding in the rounds where the UN
  method makes it so (2003-2005 and 2012 onwards; 2008 and 2010 were weighted otherwise).
  In ``un_egov_panel`` this holds for every country in 2014-2024 and, in 2003-2005 and
  2012, for every country except those the UN gave an EGDI of 0 (no online presence);
* an ``overall`` value lies between its parts (it is a mean of them), unless a note in the row
  says why it is kept as printed (platform_performance satisfaction 2018-2020);
* a forecast's interval holds its point forecast (``lower <= value <= upper`` in
  ``egdi_forecasts``);
* per-100 rates agree with their counts and the population within the rounding and the
  mismatch of reference years (10 %), except where a note marks the count as suspect.

Rules of one dataset live in a registry keyed by the dataset's name, :data:`DATASET_RULES`
(``{dataset: {rule: check}}``). Registering the rules of a new dataset is one line above each
check function::

    @invariant("my_new_dataset", "parts_sum_to_total")
    def _check_my_new_dataset(name: str, table: pd.DataFrame) -> list[Violation]:
        ...  # return one Violation per broken row (line = file_line(position), from egovlib.schema)

Nothing else is needed: ``DataPackage.load`` and ``egov validate`` run every registered rule.
Tests check that every key of the registry names a dataset of the package (a rename cannot
silently switch checks off) and that every ``_check_*`` function of ``egovlib._invariants`` is registered.
The generic rules (:data:`GENERIC_RULES`) apply to every dataset that has their columns.

This module is the public face; import from it. The code lives by job in ``_invariants/``: ``registry``,
``generic``, ``seeds``, ``survey``, ``run``.
"""

from __future__ import annotations

from egovlib._invariants.generic import (
    BOUNDS,
    GENERIC_RULES,
    KNOWN_OUT_OF_RANGE,
    PERCENT_UNITS,
)
from egovlib._invariants.registry import (
    DATASET_RULES,
    Check,
    Violation,
    invariant,
)
from egovlib._invariants.run import (
    check_invariants,
    find_violations,
    rules_for,
)
from egovlib._invariants.seeds import (
    EGDI_MEAN_TOLERANCE,
    EGDI_MEAN_YEARS,
)
from egovlib._invariants.survey import (
    UPTAKE_PARTS,
)
from egovlib.schema import HEADER_LINES

__all__ = [
    "BOUNDS", "Check", "DATASET_RULES", "EGDI_MEAN_TOLERANCE", "EGDI_MEAN_YEARS", "GENERIC_RULES", "HEADER_LINES",
    "KNOWN_OUT_OF_RANGE", "PERCENT_UNITS", "UPTAKE_PARTS", "Violation", "check_invariants", "find_violations",
    "invariant", "rules_for",
]
