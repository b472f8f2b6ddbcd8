"""Named adoption series of Kazakhstan's e-government, ready for the diffusion models.

Each series says what it measures, its unit, whether it is a cumulative count or a measured
level of current use (see ``egovlib.diffusion.fit(data=...)``) and, for shares, the ceiling
that fixes the market potential (100 %). :func:`adoption_series` returns the values with the
source rows, so the notebook can caption its figures. :func:`launch` gives the portal's launch
date from the data (the origin of every diffusion fit) and :func:`plausible_origins` the dated
events a reader might take as the start instead, so results can be profiled over them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .datasets import default_package
from .errors import NotFoundError

__all__ = ["SERIES", "SeriesSpec", "adoption_series", "launch", "plausible_origins", "series_names"]


@dataclass(frozen=True)
class SeriesSpec:
    """Where an adoption series lives in the data package and how to read it."""

    dataset: str
    filters: dict[str, Any]
    label: str
    unit: str
    data: str = "level"  # "level" or "cumulative" (see egovlib.diffusion.fit)
    ceiling: float | None = None  # the market potential when it is known (100 for a share in per cent)
    notes: tuple[str, ...] = field(default_factory=tuple)
    denominator: str | None = None  # what the ceiling is a share of, or None: no outside denominator in the sources


_POPULATION = "the population surveyed (the source gives the share of the population; it does not state the age range)"
_NO_ENTITIES = ("No count of registered legal entities is in the sources, so the market potential of organisations "
                "has no outside denominator and is not identified.")
_SHARE_NOTE = ("A survey share of the population using e-services in the year, not a cumulative count: "
               "it can fall, and a diffusion curve then describes its trend only.",)

SERIES: dict[str, SeriesSpec] = {
    "users_share_total": SeriesSpec(
        "portal_users", {"indicator": "egov_service_users_share", "breakdown": "total"},
        "population using e-government services (any purpose)", "percent_of_population", ceiling=100.0, notes=_SHARE_NOTE,
        denominator=_POPULATION),
    "users_share_information": SeriesSpec(
        "portal_users", {"indicator": "egov_service_users_share", "breakdown": "obtaining_information"},
        "population obtaining information online", "percent_of_population", ceiling=100.0, notes=_SHARE_NOTE,
        denominator=_POPULATION),
    "users_share_download_forms": SeriesSpec(
        "portal_users", {"indicator": "egov_service_users_share", "breakdown": "downloading_forms"},
        "population downloading forms", "percent_of_population", ceiling=100.0, notes=_SHARE_NOTE,
        denominator=_POPULATION),
    "users_share_submit_forms": SeriesSpec(
        "portal_users", {"indicator": "egov_service_users_share", "breakdown": "submitting_forms"},
        "population submitting forms online", "percent_of_population", ceiling=100.0, notes=_SHARE_NOTE,
        denominator=_POPULATION),
    "organisations_total": SeriesSpec(
        "organisations_online", {"indicator": "organisations_using_internet_with_government", "breakdown": "total"},
        "organisations dealing with government online (any purpose)", "organisations",
        notes=("A count of organisations active online in the year; organisations close and open, so it can fall.",
               _NO_ENTITIES)),
    "organisations_information": SeriesSpec(
        "organisations_online", {"indicator": "organisations_using_internet_with_government",
                                 "breakdown": "acquiring_information"},
        "organisations acquiring information online", "organisations", notes=(_NO_ENTITIES,)),
    "organisations_submit_forms": SeriesSpec(
        "organisations_online", {"indicator": "organisations_using_internet_with_government",
                                 "breakdown": "submitting_forms"},
        "organisations submitting forms online", "organisations", notes=(_NO_ENTITIES,)),
    "organisations_paperless": SeriesSpec(
        "organisations_online", {"indicator": "organisations_using_internet_with_government",
                                 "breakdown": "paperless_procedures"},
        "organisations completing procedures without paper", "organisations", notes=(_NO_ENTITIES,)),
    "services_online_share": SeriesSpec(
        "platform_performance", {"indicator": "electronic_public_services_share"},
        "public services available electronically", "percent_of_services", ceiling=100.0,
        denominator="all public services",
        notes=("Four years only: too few for a three-parameter curve; shown, not fitted.",)),
    "registered_users": SeriesSpec(
        "adoption_milestones", {"indicator": "portal_users", "country": "KAZ"},
        "users registered on egov.kz", "users", data="cumulative",
        notes=("Three dated figures, two of them 'more than': lower bounds, too few to fit.",)),
}


def series_names() -> list[str]:
    """Names accepted by :func:`adoption_series`.

    Returns
    -------
    list of str
        The keys of :data:`SERIES`, in their order.

    Examples
    --------
    >>> series_names()[:2]
    ['users_share_total', 'users_share_information']
    """
    return list(SERIES)


def adoption_series(name: str) -> pd.DataFrame:
    """The series ``name`` as a frame with ``year``, ``value``, ``source``, ``locator`` (and ``qualifier``, ``note`` if any).

    Parameters
    ----------
    name : str
        One of :func:`series_names`.

    Returns
    -------
    pandas.DataFrame
        One row per year (the first row kept where a year repeats), sorted by year; ``year`` int,
        ``value`` float; ``attrs["spec"]`` holds the :class:`SeriesSpec`.

    Raises
    ------
    NotFoundError
        If ``name`` is not a known series, or no rows of its dataset match its filters.
    """
    if name not in SERIES:
        raise NotFoundError(f"series={name!r}: expected one of {series_names()}")
    spec = SERIES[name]
    table = default_package().load(spec.dataset)
    mask = pd.Series(True, index=table.index)
    for column, wanted in spec.filters.items():
        mask &= table[column].astype(str) == str(wanted)
    rows = table[mask]
    keep = [c for c in ("year", "value", "source", "locator", "qualifier", "note") if c in rows]
    frame = rows[keep].copy()
    frame["year"] = frame["year"].astype(int)
    frame["value"] = frame["value"].astype(float)
    frame = frame.sort_values("year").drop_duplicates("year", keep="first").reset_index(drop=True)
    if frame.empty:
        raise NotFoundError(f"series={name!r}: no rows in {spec.dataset} match {spec.filters}")
    frame.attrs["spec"] = spec
    return frame


def launch(country: str = "KAZ") -> dict[str, Any]:
    """The portal's launch (``portal_launch`` in ``adoption_milestones``): year, date, source and locator.

    Parameters
    ----------
    country : str
        ISO3 code (default ``"KAZ"``).

    Returns
    -------
    dict
        ``{"year": int, "date": str, "source": str, "locator": str}`` of the first matching row.

    Raises
    ------
    ValueError
        If ``adoption_milestones`` has no ``portal_launch`` row for ``country``.
    """
    table = default_package().load("adoption_milestones")
    rows = table[(table["indicator"] == "portal_launch") & (table["country"] == country)]
    if rows.empty:
        raise ValueError(f"country={country!r}: adoption_milestones has no portal_launch row")
    row = rows.iloc[0]
    return {"year": int(row["year"]), "date": str(row["date"]), "source": str(row["source"]),
            "locator": str(row["locator"])}


#: Dated events that a reader might take as the start of diffusion instead of the launch:
#: (dataset, filter on its rows, label). Each is looked up in the data, so its date is cited.
_ORIGIN_EVENTS = (
    ("legal_acts", {"country": "KAZ", "number": "1471"}, "state e-government programme decreed"),
    ("adoption_milestones", {"country": "KAZ", "indicator": "portal_launch"}, "portal egov.kz launched"),
    ("legal_acts", {"country": "KAZ", "number": "983"}, "ICT development programme 2010-2014"),
    ("legal_acts", {"country": "KAZ", "title": "On Public Services"}, "Law on Public Services"),
)


def plausible_origins(first_year: int) -> pd.DataFrame:
    """Candidate origins of a diffusion fit: dated events before ``first_year``, with their sources.

    Adds the year before the first observation (the fitting code's old default, which is no
    event at all) so a profile shows what that default did. Sorted by year, one row per year
    (the first event listed is kept where two share a year).

    Parameters
    ----------
    first_year : int
        The year of the first observation of the series to be fitted.

    Returns
    -------
    pandas.DataFrame
        Columns ``origin`` (year), ``event``, ``source`` and ``locator``.
    """
    package = default_package()
    rows = []
    for dataset, filters, label in _ORIGIN_EVENTS:
        table = package.load(dataset)
        mask = pd.Series(True, index=table.index)
        for column, wanted in filters.items():
            mask &= table[column].astype(str) == wanted
        for row in table[mask].itertuples(index=False):
            if int(row.year) < first_year:
                rows.append({"origin": int(row.year), "event": label, "source": str(row.source),
                             "locator": str(row.locator)})
    rows.append({"origin": first_year - 1, "event": "one year before the first observation (no event)",
                 "source": "", "locator": ""})
    frame = pd.DataFrame(rows).sort_values("origin").drop_duplicates("origin", keep="first")
    return frame.reset_index(drop=True)
