"""Evaluate the quantitative claims of the source documents against the curated data.

Each row of ``data/claims.csv`` has a ``formula``: a Python *expression* over dataset
values, built only from numbers, arithmetic (``+ - * / **``), ``abs``, ``round``, ``min``,
``max`` and the helpers below. Nothing else is allowed (no attributes, no imports, no
names), so a formula cannot do anything but compute.

Helpers
-------
``v(dataset, **filters)``
    The ``value`` (or ``count``/``economies``) of the single row matching the filters.
``cell(dataset, column, **filters)``
    The given column of the single matching row (for wide tables).
``total(dataset, **filters)``
    Sum over the matching rows.
``argmax(dataset, by, **filters)``
    The ``by`` value (e.g. ``"year"``) of the matching row with the largest value.
``count_below(dataset, indicator, reference, **filters)``
    How many countries have ``indicator`` below the WLD row's ``reference`` indicator.
``pct_change(old, new)``
    ``(new - old) / old * 100``.
``mean``, ``minimum``, ``maximum``, ``count``, ``count_where(dataset, op, threshold)``,
``count_distinct(dataset, column)``, ``rank_of(dataset, key)``, ``argmin``, ``min_step``, ``max_step``,
``prev_value(dataset, year)``
    Aggregates over the matching rows (see :class:`_Helpers`). Two keywords are not filters:
    ``among="ARM AZE KAZ"`` keeps the rows whose ``country`` is one of the listed codes, and
    ``of="year"`` aggregates that column instead of the value column.

Comparisons (``== != < <= > >=``) and ``and`` / ``or`` / ``not`` are allowed and give 1 (true)
or 0 (false), so "all seven except Tajikistan" is one formula. ``argmax``/``argmin`` by a text
column (``by="country"``) give the text, to be compared with ``==``.

A claim without a year in its sentence is checked in every year the data cover: its
``year_scope`` is ``every_year:<dataset>``, its formula uses the free name ``year``, and it is
evaluated once for every year of that dataset for which the formula's rows exist. It is
reproduced only if it holds in every one of them; ``holds_in`` and ``fails_in`` list the years.
A claim whose ``basis`` is ``proxy`` (the data lack what the sentence needs, e.g. its base year
2015, and the formula computes the nearest stand-in, e.g. 2016) is ``not_checkable`` whatever
the stand-in gives; the detail reports the stand-in and whether it would agree. This is the one
rule for a missing base year.

``evaluate_claims()`` returns the register with ``computed``, ``status`` (reproduced,
not_reproduced, not_checkable), ``detail``, ``holds_in`` and ``fails_in`` columns.

Work is bounded: a formula longer than :data:`MAX_FORMULA_LENGTH` characters or with more
than :data:`MAX_FORMULA_NODES` syntax nodes is refused, and so is any step that would build
an integer above :data:`MAX_INT_BITS` bits (``10**10**10``) or a string above
:data:`MAX_STRING_LENGTH` characters (``'a'*10**10``), checked *before* the power or the
repetition is computed. Division by zero, overflow and other arithmetic errors become a
:class:`~egovlib.errors.FormulaError` naming the formula.

One claim that cannot be evaluated does not stop the audit: ``evaluate_claims`` gives it
the status ``error`` (a category that appears only when some claim has it, so an audit
without errors has exactly the three statuses above), ``computed`` NaN and a ``detail``
naming the claim id, its formula and the reason, goes on with the other claims and warns
(:class:`ClaimEvaluationWarning`) listing the failed ones. ``evaluate_claim(claim_id)``
evaluates one claim and raises :class:`~egovlib.errors.ClaimError` instead.

This module is the public face; import from it. The code lives by job in ``_replication/``: ``formula``
(the bounded evaluator), ``helpers``, ``claims``.
"""

from __future__ import annotations

from egovlib._replication.claims import (
    ERROR_STATUS,
    STATUSES,
    YEAR_SCOPE_PREFIX,
    ClaimEvaluationWarning,
    evaluate_claim,
    evaluate_claims,
    judge,
)
from egovlib._replication.formula import (
    MAX_FORMULA_LENGTH,
    MAX_FORMULA_NODES,
    MAX_INT_BITS,
    MAX_ROUND_DIGITS,
    MAX_STRING_LENGTH,
    evaluate_formula,
)
from egovlib.errors import ClaimError, FormulaError

__all__ = [
    "ClaimError", "ClaimEvaluationWarning", "ERROR_STATUS", "FormulaError", "MAX_FORMULA_LENGTH", "MAX_FORMULA_NODES",
    "MAX_INT_BITS", "MAX_ROUND_DIGITS", "MAX_STRING_LENGTH", "STATUSES", "YEAR_SCOPE_PREFIX", "evaluate_claim",
    "evaluate_claims", "evaluate_formula", "judge",
]
