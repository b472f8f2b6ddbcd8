"""An explorer for the tidy datasets: pick a dataset, an indicator, countries and years.

The explorer is a thin ipywidgets shell over pure functions, which the tests call without a
browser or a kernel:

* :func:`explorable_datasets`, :func:`choices` and :func:`reconcile` say what can be picked and
  which of the current choices survive a change of dataset or indicator;
* :func:`select` returns the rows of a selection, and :func:`empty_message` says, in words, why a
  selection has no rows;
* :func:`make_figure` draws the seaborn chart (dataset title, indicator and unit in words, a y axis
  from 0 for indices and shares, UN method changes marked, the source caption) and, on request, a
  Bass or logistic fit with its origin at the launch the data record (:func:`fit_origin`), m fixed
  by an outside denominator (:func:`adoption_spec`) or no Rogers' stage bands, and no fit drawn when
  an estimate sits on its bound;
* :func:`table_html` renders the table beneath the chart; :func:`export` writes the current figure
  (PNG and SVG, byte-stable) and table (CSV) to a folder.

:class:`Explorer` wires them to widgets; ``explorer()`` returns one ready to display.

This module is the public face; import from it. The code lives by job in ``_widgets/``: ``selection`` and
``figure`` and ``labels`` (the pure functions), ``shell`` (the widgets).
"""

from __future__ import annotations

from egovlib._widgets.figure import (
    MIN_FIT_YEARS,
    adoption_spec,
    export,
    export_stem,
    figure_png,
    fit_origin,
    make_figure,
    table_html,
)
from egovlib._widgets.labels import (
    FROM_ZERO_UNITS,
    INDICATOR_NAMES,
    UNIT_NAMES,
    dataset_title,
    indicator_label,
    method_caption,
    method_index,
)
from egovlib._widgets.selection import (
    DEFAULT_DATASET,
    OVERLAYS,
    TIDY_COLUMNS,
    Choices,
    Selection,
    choices,
    empty_message,
    explorable_datasets,
    initial_selection,
    reconcile,
    select,
)
from egovlib._widgets.shell import (
    Explorer,
    explorer,
)

__all__ = [
    "Choices", "DEFAULT_DATASET", "Explorer", "FROM_ZERO_UNITS", "INDICATOR_NAMES", "MIN_FIT_YEARS", "OVERLAYS",
    "Selection", "TIDY_COLUMNS", "UNIT_NAMES", "adoption_spec", "choices", "dataset_title", "empty_message",
    "explorable_datasets", "explorer", "export", "export_stem", "figure_png", "fit_origin", "indicator_label",
    "initial_selection", "make_figure", "method_caption", "method_index", "reconcile", "select", "table_html",
]
