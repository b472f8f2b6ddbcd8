"""The curated UN E-Government Survey panel (``data/un_egov_panel.csv``): build and verify.

The panel holds, for every UN member and every survey round 2003-2024, the EGDI, its rank,
its three components (OSI, HCI, TII) and the E-Participation Index, one row per country,
round and indicator. It is built by the project's own importer
(:func:`egovlib.external.read_un_egov`) from a folder of UN E-Government Knowledgebase Data
Center exports that the maintainer supplies; the raw exports are never copied into the
project. Rebuild and verify with::

    python -m egovlib.maintenance un-panel --from ../shared/external          # rebuild
    python -m egovlib.maintenance un-panel --from ../shared/external --check  # verify only

``--from`` is a folder holding ``un_egov/EGOV_DATA_<year>.csv`` (2003-2022) and
``un_egov_2024_third_party/EGOV_DATA_2024.csv``; ``--from-2024`` names another folder for
the 2024 file.

Policy (see also :mod:`egovlib.external`):

* Values are kept as published, written with the exports' five decimals (ranks as whole
  numbers): ``float(f"{v:.5f}") == v`` for every value, so nothing is rounded away.
* Zeros written ``0.00000`` are kept as published: a 0 can be a real score (e.g. EGDI 0 for
  the countries without an online presence in 2003-2005 and 2012), and the UN's printed world
  averages count them. Empty cells give no row.
* Countries listed in a round before they were UN members (Montenegro 2003-2005, South Sudan
  2003-2010) appear in the exports with no rank and every index ``0.00000``; those rows are
  kept as published and carry a note saying they are placeholders, not scores.
* The 2003 Human Capital Index values above 1 (Micronesia 1.42200, Tuvalu 1.03000) are kept
  as published with a note; :mod:`egovlib.invariants` admits exactly these two.
* The 2024 round is a third-party copy with renamed headers; it is read only through the
  explicit mapping :data:`egovlib.external.THIRD_PARTY_2024_COLUMNS` (its ``Region`` column is
  ignored) and every 2024 row says so in its locator and note.
"""

from __future__ import annotations

from egovlib._un_panel.build import (
    ABOVE_ONE,
    CHECKS_2024,
    COLUMNS,
    DECIMALS,
    EGDI_MEAN_ROUNDS,
    INDICATORS,
    NOTE_2024,
    NOTE_ABOVE_ONE,
    NOTE_PLACEHOLDER,
    OFFICIAL_COPY,
    RANKED_MEMBERS,
    RESOURCE,
    ROUNDS,
    THIRD_PARTY_FILE,
    THIRD_PARTY_REPOSITORY,
    THIRD_PARTY_SUBFOLDER,
    UN_SUBFOLDER,
    Build,
    SourceFile,
    build,
    build_panel,
    format_value,
    locate_exports,
    source_key,
    to_csv_text,
)
from egovlib._un_panel.checks import egdi_mean_problems, kazakhstan_disagreements, verify
from egovlib._un_panel.ship import check, first_difference, write

__all__ = [
    "ABOVE_ONE", "CHECKS_2024", "COLUMNS", "DECIMALS", "EGDI_MEAN_ROUNDS", "INDICATORS", "NOTE_2024", "NOTE_ABOVE_ONE",
    "NOTE_PLACEHOLDER", "OFFICIAL_COPY", "RANKED_MEMBERS", "RESOURCE", "ROUNDS", "THIRD_PARTY_FILE",
    "THIRD_PARTY_REPOSITORY", "THIRD_PARTY_SUBFOLDER", "UN_SUBFOLDER", "Build", "SourceFile", "build", "build_panel",
    "check", "egdi_mean_problems", "first_difference", "format_value", "kazakhstan_disagreements", "locate_exports",
    "source_key", "to_csv_text", "verify", "write",
]

