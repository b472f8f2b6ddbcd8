"""What the explorer can show and pick, and the rows of a selection (pure functions)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from egovlib import schema
from egovlib.datasets import DataPackage, default_package

#: The tidy layout (:data:`egovlib.schema.TIDY_COLUMNS`), as a set: a dataset with all of them is explorable.
TIDY_COLUMNS = frozenset(schema.TIDY_COLUMNS)
OVERLAYS = ("none", "bass", "logistic")
#: The first view of the explorer.
DEFAULT_DATASET = "egdi_regional"


@dataclass(frozen=True)
class Selection:
    """What the user picked.

    Attributes
    ----------
    dataset, indicator : str
    countries : tuple of str
    years : tuple of (int, int)
        First and last year, inclusive.
    overlay : str, default "none"
        One of :data:`OVERLAYS`.
    breakdown : str, default "all"
        ``"all"``, or one breakdown of a dataset that has them (e.g. purpose of use).
    """

    dataset: str
    indicator: str
    countries: tuple[str, ...]
    years: tuple[int, int]
    overlay: str = "none"
    breakdown: str = "all"  # "all", or one breakdown of datasets that have them (e.g. purpose of use)


@dataclass(frozen=True)
class Choices:
    """What can be picked for one dataset and indicator.

    Attributes
    ----------
    indicators : tuple of str
    countries : tuple of str
    years : tuple of (int, int)
    breakdowns : tuple of str
        Empty when the dataset has none.
    """

    indicators: tuple[str, ...]
    countries: tuple[str, ...]
    years: tuple[int, int]
    breakdowns: tuple[str, ...] = ()


# -- pure functions -------------------------------------------------------------------------
def explorable_datasets(package: DataPackage | None = None) -> list[str]:
    """Datasets in the tidy layout (:data:`egovlib.schema.TIDY_COLUMNS`) that the explorer can show.

    Parameters
    ----------
    package : DataPackage, optional
        The data package (default: the shipped one).

    Returns
    -------
    list of str
        In the package's order.
    """
    package = package or default_package()
    names = []
    for name in package.list_datasets():
        fields = {f["name"] for f in package.resource(name)["schema"]["fields"]}
        if fields >= TIDY_COLUMNS:
            names.append(name)
    return names


def _load(dataset: str, package: DataPackage | None) -> pd.DataFrame:
    package = package or default_package()
    known = explorable_datasets(package)
    if dataset not in known:
        raise ValueError(f"dataset={dataset!r}: expected one of {known}")
    table = package.load(dataset)
    return table.assign(country=table["country"].astype(str), indicator=table["indicator"].astype(str),
                        year=table["year"].astype(int), value=table["value"].astype(float))


def choices(dataset: str, indicator: str | None = None, package: DataPackage | None = None) -> Choices:
    """Indicators of ``dataset``, and the countries, year span and breakdowns of ``indicator``.

    Parameters
    ----------
    dataset : str
        An explorable dataset.
    indicator : str, optional
        Default (and for an indicator the dataset lacks): its first indicator.
    package : DataPackage, optional
        The data package (default: the shipped one).

    Returns
    -------
    Choices

    Raises
    ------
    ValueError
        If ``dataset`` is not explorable.
    """
    table = _load(dataset, package)
    indicators = tuple(sorted(table["indicator"].unique()))
    if indicator is None or indicator not in indicators:
        indicator = indicators[0]
    rows = table[table["indicator"] == indicator]
    breakdowns = tuple(sorted(rows["breakdown"].dropna().astype(str).unique())) if "breakdown" in rows else ()
    return Choices(indicators, tuple(sorted(rows["country"].unique())),
                   (int(rows["year"].min()), int(rows["year"].max())), breakdowns)


def reconcile(current: Selection, dataset: str, package: DataPackage | None = None,
              indicator: str | None = None) -> Selection:
    """The selection after switching to ``dataset`` (and ``indicator``): choices that no longer
    apply are reset, those that still apply are kept.

    The indicator is kept if the new dataset has it, else the first one; countries are kept where
    the new indicator has them, else all of its countries are taken; the year range is clipped to
    the new span, or set to the whole new span when it no longer overlaps or when it was the
    whole old span ("all years").

    Parameters
    ----------
    current : Selection
        The selection before the switch.
    dataset : str
        The dataset switched to.
    package : DataPackage, optional
        The data package (the shipped one when omitted).
    indicator : str, optional
        The indicator wanted (the current one when omitted).

    Returns
    -------
    Selection
        The reconciled selection.
    """
    wanted = indicator if indicator is not None else current.indicator
    previous = choices(current.dataset, current.indicator, package)
    options = choices(dataset, wanted, package)
    chosen_indicator = wanted if wanted in options.indicators else options.indicators[0]
    kept = tuple(c for c in current.countries if c in options.countries)
    countries = kept or options.countries
    low, high = options.years
    start, end = max(current.years[0], low), min(current.years[1], high)
    if start > end or tuple(current.years) == previous.years:  # no overlap, or "all years" was chosen
        start, end = low, high
    breakdown = current.breakdown if current.breakdown in options.breakdowns else "all"
    return Selection(dataset, chosen_indicator, countries, (start, end), current.overlay, breakdown)


def initial_selection(dataset: str | None = None, package: DataPackage | None = None) -> Selection:
    """The first view: a dataset, its first indicator, all its countries and years.

    Parameters
    ----------
    dataset : str, optional
        Default: :data:`DEFAULT_DATASET` if explorable, else the first explorable dataset.
    package : DataPackage, optional
        The data package (default: the shipped one).

    Returns
    -------
    Selection
    """
    package = package or default_package()
    if dataset is None:
        names = explorable_datasets(package)
        dataset = DEFAULT_DATASET if DEFAULT_DATASET in names else names[0]
    options = choices(dataset, None, package)
    return Selection(dataset, options.indicators[0], options.countries, options.years)


def select(selection: Selection, package: DataPackage | None = None) -> pd.DataFrame:
    """The rows of a selection, sorted, with a ``series`` label for the chart.

    A series is a country, plus the breakdown where the dataset has one, plus the source where
    two sources give the same country and year (so that a disagreement shows as two lines).

    Parameters
    ----------
    selection : Selection
        Dataset, indicator, countries, breakdown and years.
    package : DataPackage, optional
        The data package (the shipped one when omitted).

    Returns
    -------
    pandas.DataFrame
        The selected rows with a ``series`` column, sorted by series and year.
    """
    table = _load(selection.dataset, package)
    low, high = selection.years
    rows = table[(table["indicator"] == selection.indicator) & table["country"].isin(selection.countries)
                 & table["year"].between(low, high)].copy()
    if selection.breakdown != "all" and "breakdown" in rows:
        rows = rows[rows["breakdown"].astype(str) == selection.breakdown]
    series = rows["country"]
    if "breakdown" in rows and rows["breakdown"].notna().any():
        series = series + " · " + rows["breakdown"].astype(str)
    if rows.assign(series=series).duplicated(["series", "year"]).any():
        series = series + " (" + rows["source"].astype(str) + ")"
    rows["series"] = series
    keep = ["series", "country", "year", "value", "unit"]
    keep += [c for c in ("breakdown", "qualifier") if c in rows]
    keep += ["source", "locator"]
    return rows[keep].sort_values(["series", "year"], ignore_index=True)


def empty_message(selection: Selection, package: DataPackage | None = None) -> str | None:
    """Why a selection has no rows, in words.

    Parameters
    ----------
    selection : Selection
    package : DataPackage, optional
        The data package (default: the shipped one).

    Returns
    -------
    str or None
        ``None`` when the selection has rows.
    """
    if not selection.countries:
        return "No country selected: pick at least one country."
    if selection.breakdown != "all" and selection.breakdown not in choices(
            selection.dataset, selection.indicator, package).breakdowns:
        return f"No data: {selection.indicator} has no breakdown {selection.breakdown!r}."
    if not select(selection, package).empty:
        return None
    table = _load(selection.dataset, package)
    rows = table[table["indicator"] == selection.indicator]
    years = rows.loc[rows["country"].isin(selection.countries), "year"]
    if years.empty:
        return (f"No data: {selection.indicator} in {selection.dataset} has no value for "
                f"{', '.join(selection.countries)}.")
    return (f"No data for {selection.indicator} between {selection.years[0]} and {selection.years[1]}: "
            f"the selected countries have values in {', '.join(str(y) for y in sorted(years.unique()))}.")
