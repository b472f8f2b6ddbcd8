"""Small-sample statistics, stated honestly.

Thin wrappers over scipy and statsmodels. Every test and estimate returns a :class:`TestResult`
(estimate, confidence interval, statistic, p-value, n, method, warnings) that renders as
one tidy row; :func:`results_table` collects several into a DataFrame. The exceptions:
:func:`segmented_regression` returns such rows as a DataFrame (one per coefficient),
:func:`adjust_pvalues` an array of adjusted p-values, and the input checks
:func:`as_series`/:func:`as_times` arrays. Nothing here prints
a p-value without its n and method, and every function warns when n is below what its
method needs. Exact or permutation methods are used wherever n allows.

scipy and statsmodels are imported inside the functions so that ``import egovlib`` stays
cheap.

This module is the public face; import from it. The code lives by job in ``_stats/``: ``result``
(TestResult, input checks), ``trend``, ``change``, ``growth``, ``association``, ``panel``, ``effect``.
"""

from __future__ import annotations

from egovlib._stats.association import (
    fisher_exact,
    kendalls_w,
    mantel_haenszel,
    proportion,
    rank_correlation,
    rank_rows,
    rankings_matrix,
    w_statistic,
)
from egovlib._stats.change import (
    PowerlessTestError,
    permutation_difference,
    rank_of_focus,
    smallest_attainable_p,
)
from egovlib._stats.effect import (
    adjust_pvalues,
    cliffs_delta,
    hedges_g,
)
from egovlib._stats.growth import (
    cagr,
    percent_change,
)
from egovlib._stats.panel import (
    beta_convergence,
    sigma_convergence,
)
from egovlib._stats.result import (
    ArrayLike,
    TestResult,
    as_series,
    as_times,
    results_table,
)
from egovlib._stats.trend import (
    mann_kendall,
    min_trend_n,
    segmented_regression,
    theil_sen,
)

__all__ = [
    "ArrayLike", "PowerlessTestError", "TestResult", "adjust_pvalues", "as_series", "as_times", "beta_convergence",
    "cagr", "cliffs_delta", "fisher_exact", "hedges_g", "kendalls_w", "mann_kendall", "mantel_haenszel",
    "min_trend_n", "percent_change", "permutation_difference", "proportion", "rank_correlation", "rank_of_focus",
    "rank_rows", "rankings_matrix", "results_table", "segmented_regression", "sigma_convergence",
    "smallest_attainable_p", "theil_sen", "w_statistic",
]
