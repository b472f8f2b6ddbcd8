"""EGDI series of one country, from the shipped UN panel, a folder of UN exports or the seeds' tables.

By default every series comes from ``un_egov_panel``, the curated UN E-Government Survey of
every member and round that ships in ``data/``; ``un_folder`` names a folder of Data Center
exports instead (for example with a newer round), and ``source="bundled"`` reads the tables
transcribed from the seed documents.

The UN E-Government Development Index (EGDI) is, in most rounds, the mean of three components:
the Online Service Index (OSI), the Human Capital Index (HCI) and the Telecommunication
Infrastructure Index (TII). :func:`decompose` splits each round's change of the EGDI into the
three contributions ``delta/3`` and a residual, which is non-zero where a round did not use the
simple mean (2008, 2010) or where a component is missing. Levels are not comparable across the
UN's method changes (:mod:`egovlib.un_method`), so :func:`world_relative` places every member
within its round (z-score, percentile, rank) and :func:`decompose_relative` splits the change of
a country's EGDI z-score into the components' contributions.
"""

from __future__ import annotations

from egovlib._egdi.relative import decompose, decompose_relative, percentiles, world_relative
from egovlib._egdi.tables import (
    BUNDLED,
    COMPONENTS,
    INDICATORS,
    NEIGHBOURS,
    PANEL,
    SOURCES,
    bundled_table,
    caption,
    countries,
    country_name,
    panel_table,
    source_table,
    trajectory,
    un_table,
)

__all__ = ["BUNDLED", "COMPONENTS", "INDICATORS", "NEIGHBOURS", "PANEL", "SOURCES", "bundled_table", "caption", "countries",
           "country_name", "decompose", "decompose_relative", "panel_table", "percentiles", "source_table",
           "trajectory", "un_table", "world_relative"]

