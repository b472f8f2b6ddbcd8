"""Out-of-sample forecasts of a UN E-Government index for every member, scored on a later round.

Five pre-specified models forecast a round from the rounds up to an *origin* only:

``carry_forward``
    The last value (the naive baseline).
``theil_sen``
    A robust straight line (Theil-Sen, :func:`scipy.stats.theilslopes`) through the last
    ``trend_rounds`` rounds, clipped to 0-1.
``logistic``, ``gompertz``
    Diffusion curves with a ceiling of 1, ``1 / (1 + exp(-(a + b t)))`` and
    ``exp(-exp(-(a + b t)))``, fitted by least squares (:func:`scipy.optimize.least_squares`,
    started from the linearised fit) to every round of the country up to the origin.
``pooled_logit``
    One model for all members: the two-year change of ``logit(y)`` regressed on
    ``logit(y)`` two years before, with a country effect (:class:`statsmodels.api.OLS`), over the
    biennial rounds 2008 onward; a four-year horizon iterates it twice.

**Intervals (one method for every model).** Rolling origin: the model is refitted at each of
the ``calibration_origins`` latest earlier origins ``r`` whose target ``r + h`` is itself at or
before the forecast origin (for 2022 -> 2024: 2016 -> 2018, 2018 -> 2020, 2020 -> 2022); its
errors (actual minus forecast) of all members are pooled, and the interval is the point
forecast plus their empirical ``(1 - level) / 2`` and ``(1 + level) / 2`` quantiles, clipped to
0-1. For carry-forward these errors are exactly the past ``h``-year changes. No value after the
origin is ever read: :func:`forecast` drops those columns first.

**Scores.** :func:`score` gives, per model, the mean absolute error, the mean error (bias), the
MAE after removing the bias (what a uniform shift of the round, such as a change of the UN's
method, cannot touch), interval coverage, Spearman's rank correlation, and the same error and
coverage on percentiles (share of members at or below). All models are scored on the same
members (those every model forecast). :func:`paired_comparison` compares each model's absolute
errors with the baseline's, member by member (Wilcoxon signed-rank test, Holm-adjusted;
mean difference with a bootstrap interval).

``python -m egovlib.forecast publish`` writes the forecasts of the next two rounds after the
last one shipped (``data/egdi_forecasts.csv``) with the date and the code version, so that a
later round can score forecasts made before it existed.

This module is the public face; import from it. The code lives by job in ``_forecast/``: ``models`` (and
intervals), ``scores``, ``publish`` (and ``main``).
"""

from __future__ import annotations

from egovlib._forecast.models import (
    EPS,
    FOCUS,
    LABELS,
    METHOD_CHANGES,
    MODELS,
    calibration_errors,
    calibration_origins_for,
    forecast,
    point_forecasts,
    wide_panel,
)
from egovlib._forecast.publish import (
    FORECAST_DATASET,
    PUBLISHED_COLUMNS,
    code_version,
    main,
    publish,
    published_table,
)
from egovlib._forecast.scores import (
    method_shift,
    paired_comparison,
    percentile_of,
    score,
)

__all__ = [
    "EPS", "FOCUS", "FORECAST_DATASET", "LABELS", "METHOD_CHANGES", "MODELS", "PUBLISHED_COLUMNS", "calibration_errors",
    "calibration_origins_for", "code_version", "forecast", "main", "method_shift", "paired_comparison", "percentile_of",
    "point_forecasts", "publish", "published_table", "score", "wide_panel",
]


if __name__ == "__main__":
    raise SystemExit(main())
