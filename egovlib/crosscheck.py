"""Find, by code, every disagreement between sources; the register must list each one.

``find_conflicts()`` compares

* the seeds with one another (the same country, year and indicator in two datasets),
* statements of one fact made twice, in one source or in two: counts and years of
  ``text_figures`` (the number of stages of e-government, launch and founding years,
  questionnaire sections), and legal acts of one number with two dates, and
* the seeds with the official series: UN E-Government Data Center exports (a folder the
  caller passes) and the World Bank DAI and GTMI files,

and returns one row per disagreement larger than the printed rounding of the seed. Each row
has a stable ``conflict_id`` so that ``data/conflicts.csv`` can record its resolution; the
test suite fails when a disagreement is found that the register does not list, or when the
register lists a code-found disagreement that no longer exists.

Values are compared *as printed*: where a dataset corrected a value, its ``value_printed``
column is what the source said, and that is what is compared.
"""

from __future__ import annotations

from egovlib._crosscheck.compare import (
    CONFLICT_COLUMNS,
    EPS,
    PRINTED_TOLERANCE,
    PRINTED_TOLERANCE_BY_YEAR,
    UN_SOURCE,
    WB_DAI_SOURCE,
    WB_GTMI_SOURCE,
    ExternalData,
    as_printed,
    conflict_id,
    family_of,
    world_means,
)
from egovlib._crosscheck.find import find_conflicts

__all__ = [
    "CONFLICT_COLUMNS", "EPS", "PRINTED_TOLERANCE", "PRINTED_TOLERANCE_BY_YEAR", "UN_SOURCE", "WB_DAI_SOURCE",
    "WB_GTMI_SOURCE", "ExternalData", "as_printed", "conflict_id", "family_of", "find_conflicts", "world_means",
]

