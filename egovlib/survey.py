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

__all__ = ["DOI_ELEMENTS", "NOT_REPORTED", "codebook", "kendall_interval", "readiness", "scored_answers"]

NOT_REPORTED = "not_reported"
DOI_ELEMENTS = ("social_system", "communication_channels", "infrastructure", "innovation", "context")


def codebook(spec: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """The codebook as one row per item and category.

    Parameters
    ----------
    spec : Mapping or None
        The ``codebook`` mapping of the resource; by default that of the shipped data package.

    Returns
    -------
    pandas.DataFrame
        Columns ``item``, ``theme``, ``doi_element``, ``question``, ``scored``, ``category``,
        ``score`` (float, NaN for ``not_reported`` and unscored items) and ``description``.

    Raises
    ------
    ValueError
        If an item's ``doi_element`` is not one of :data:`DOI_ELEMENTS`.
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

    Parameters
    ----------
    answers : pandas.DataFrame
        Rows of ``undp_survey_answers`` (at least ``country``, ``item`` and ``category``).
    book : pandas.DataFrame or None
        The codebook table (:func:`codebook`); by default the shipped one.

    Returns
    -------
    pandas.DataFrame
        The answers of scored items with ``score`` and ``doi_element`` added.

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


def readiness(answers: pd.DataFrame, book: pd.DataFrame | None = None, *,
              not_reported_as: float | None = None) -> pd.DataFrame:
    """Mean readiness score (0-2) per country and DOI element, with the items answered and not reported.

    Parameters
    ----------
    answers : pandas.DataFrame
        Rows of ``undp_survey_answers``.
    book : pandas.DataFrame or None
        The codebook table (:func:`codebook`); by default the shipped one.
    not_reported_as : float or None
        ``None`` (default) leaves ``not_reported`` out of the mean; a number (for a sensitivity
        check, e.g. 0) scores it so.

    Returns
    -------
    pandas.DataFrame
        Index ``country``; for each DOI element that has scored items, columns
        ``<element>`` (mean score over the answered items), ``<element>_answered`` and
        ``<element>_not_reported``; and ``overall`` over all scored items.

    Raises
    ------
    ValueError
        From :func:`scored_answers`, for a category the codebook does not allow.
    """
    scored = scored_answers(answers, book)
    if not_reported_as is not None:
        silent = scored["category"] == NOT_REPORTED
        scored.loc[silent, "score"] = float(not_reported_as)
    out = {}
    for element, part in [*scored.groupby("doi_element", observed=True), ("overall", scored)]:
        grouped = part.groupby("country", observed=True)["score"]
        out[element] = grouped.mean()
        out[f"{element}_answered"] = grouped.count()
        out[f"{element}_not_reported"] = grouped.size() - grouped.count()
    return pd.DataFrame(out)


def kendall_interval(tau: float, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Approximate interval for Kendall's tau by the Fieller-Hartley-Pearson (1957) z-transform.

    ``atanh(tau)`` is treated as normal with variance ``0.437 / (n - 4)``; the interval is mapped
    back with ``tanh`` (a tau of exactly -1 or 1 is clipped just inside first). Rough at small n
    (it needs n > 4), but it says how wide the uncertainty is.

    Parameters
    ----------
    tau : float
        Kendall's tau, in [-1, 1].
    n : int
        Number of pairs it was computed from (more than 4).
    confidence : float
        Confidence level, in (0, 1) (default 0.95).

    Returns
    -------
    tuple of (float, float)
        The lower and upper bound.

    Raises
    ------
    ValueError
        When ``n`` is 4 or less, ``tau`` lies outside [-1, 1] or ``confidence`` outside (0, 1).

    Examples
    --------
    >>> low, high = kendall_interval(0.5, 20)
    >>> round(low, 2), round(high, 2)
    (0.22, 0.7)
    """
    import math

    from scipy import stats

    if n <= 4:
        raise ValueError(f"n={n}: the Fieller-Hartley-Pearson interval needs more than 4 pairs")
    if not -1 <= tau <= 1:
        raise ValueError(f"tau={tau}: expected a value in [-1, 1]")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence={confidence}: expected a number between 0 and 1")
    clipped = max(min(tau, 1 - 1e-12), -1 + 1e-12)
    half = stats.norm.ppf((1 + confidence) / 2) * math.sqrt(0.437 / (n - 4))
    z = math.atanh(clipped)
    return math.tanh(z - half), math.tanh(z + half)
