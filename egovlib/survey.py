"""The codebook of the coded UNDP/ACSH (2022) survey answers, and readiness scores built on it.

``undp_survey_answers`` holds one category per country and item; its resource in
``datapackage.json`` carries the codebook (question, theme, DOI element, allowed categories with
an ordinal readiness score 0-2, and whether the item is scored at all). :func:`codebook` returns
it as a table; :func:`readiness` turns answers into scores per country and DOI element, counting
``not_reported`` separately instead of reading silence as "no".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

__all__ = ["DOI_ELEMENTS", "NOT_REPORTED", "codebook", "readiness", "scored_answers"]

NOT_REPORTED = "not_reported"
DOI_ELEMENTS = ("social_system", "communication_channels", "infrastructure", "innovation", "context")


def codebook(spec: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """The codebook as one row per item and category.

    Parameters
    ----------
    spec
        The ``codebook`` mapping of the resource; by default that of the shipped data package.

    Returns
    -------
    pandas.DataFrame
        Columns ``item``, ``theme``, ``doi_element``, ``question``, ``scored``, ``category``,
        ``score`` (float, NaN for ``not_reported`` and unscored items) and ``description``.
    """
    if spec is None:
        from egovlib.datasets import default_package

        spec = default_package().resource("undp_survey_answers")["codebook"]
    rows = []
    for item, entry in spec.items():
        if entry.get("doi_element") not in DOI_ELEMENTS:
            raise ValueError(f"codebook item {item!r}: doi_element {entry.get('doi_element')!r}; "
                             f"expected one of {DOI_ELEMENTS}")
        for category in entry["categories"]:
            score = category.get("score")
            rows.append({"item": item, "theme": entry["theme"], "doi_element": entry["doi_element"],
                         "question": entry["question"], "scored": bool(entry["scored"]),
                         "category": category["code"], "score": float("nan") if score is None else float(score),
                         "description": category["description"]})
    return pd.DataFrame(rows)


def scored_answers(answers: pd.DataFrame, book: pd.DataFrame | None = None) -> pd.DataFrame:
    """The answers with their codebook score and DOI element attached (scored items only).

    Raises
    ------
    ValueError
        When an answer's category is not one the codebook allows for its item (naming the row).
    """
    book = codebook() if book is None else book
    table = answers.assign(item=answers["item"].astype(str), category=answers["category"].astype(str))
    merged = table.merge(book[["item", "category", "score", "doi_element", "scored"]], on=["item", "category"],
                         how="left", indicator=True)
    unknown = merged[merged["_merge"] != "both"]
    if not unknown.empty:
        first = unknown.iloc[0]
        raise ValueError(f"undp_survey_answers: {first['country']} {first['item']}: category {first['category']!r} "
                         f"is not in the codebook for this item ({len(unknown)} such rows)")
    return merged[merged["scored"]].drop(columns=["_merge", "scored"])


def readiness(answers: pd.DataFrame, book: pd.DataFrame | None = None) -> pd.DataFrame:
    """Mean readiness score (0-2) per country and DOI element, with the items answered and not reported.

    Returns
    -------
    pandas.DataFrame
        Index ``country``; for each DOI element that has scored items, columns
        ``<element>`` (mean score over the answered items), ``<element>_answered`` and
        ``<element>_not_reported``; and ``overall`` over all scored items.
    """
    scored = scored_answers(answers, book)
    out = {}
    for element, part in [*scored.groupby("doi_element", observed=True), ("overall", scored)]:
        grouped = part.groupby("country", observed=True)["score"]
        out[element] = grouped.mean()
        out[f"{element}_answered"] = grouped.count()
        out[f"{element}_not_reported"] = grouped.size() - grouped.count()
    return pd.DataFrame(out)
