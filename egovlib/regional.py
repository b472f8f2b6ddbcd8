"""Kazakhstan and its neighbours side by side: index panels, threshold crossings, snapshots.

The functions here are pure (data in, tables out) so that ``06_regional_comparison`` and
``02_egdi_trajectory`` share them and the tests can check them without running a notebook.

* :func:`panel` gives one index (EGDI or E-Participation) per country and round, by default
  from the shipped UN panel (every member, 2003-2024), or from a folder of UN exports, or
  (``source="undp"``) from the UNDP (2022) tables of the seven survey countries.
* :func:`world_mean` gives the world average recomputed over all members, or the one the seeds print.
* :func:`crossings` finds the first round in which each country reached a threshold and reads
  the crossing times as Rogers adopter categories.
* :func:`snapshot` lines the indices of one period up, one column per index, for rank agreement.
* :func:`world_average_check` compares the printed world averages with those recomputed from
  the official exports and says which differences the conflict register lists.
* :func:`threshold_events`, :func:`time_to_threshold` and :func:`censored_categories` treat
  reaching a threshold as a time-to-event outcome over all members, with left- and
  right-censoring (Kaplan-Meier, statsmodels ``SurvfuncRight``); :func:`threshold_sweep` and
  :func:`category_stability` say where the Rogers categories survive a change of threshold.

This module is the public face; import from it. The code lives by job in ``_regional/``: ``panels`` (and
world means), ``snapshot``, ``censored``.
"""

from __future__ import annotations

from egovlib._regional.censored import (
    EVENTUAL_ADOPTERS,
    ROGERS_BOUNDS,
    category_stability,
    censored_categories,
    threshold_events,
    threshold_sweep,
    time_to_threshold,
)
from egovlib._regional.panels import (
    EAEU_MEMBERS,
    INDEX_DATASETS,
    INDEX_LABELS,
    SOURCES,
    UNDP_COUNTRIES,
    available_countries,
    default_countries,
    panel,
    world_average_check,
    world_mean,
)
from egovlib._regional.snapshot import (
    GTMI_SCORE,
    SNAPSHOT_INDICES,
    crossings,
    draw_distribution,
    share_reached,
    snapshot,
)

__all__ = [
    "EAEU_MEMBERS", "GTMI_SCORE", "INDEX_DATASETS", "INDEX_LABELS", "ROGERS_BOUNDS", "SNAPSHOT_INDICES", "SOURCES",
    "UNDP_COUNTRIES", "EVENTUAL_ADOPTERS", "available_countries", "category_stability", "censored_categories", "crossings",
    "default_countries", "draw_distribution", "panel", "share_reached", "snapshot", "threshold_events",
    "threshold_sweep", "time_to_threshold", "world_average_check", "world_mean",
]
