"""The explorer's names in words: titles, axis labels, and which charts carry UN method changes."""

from __future__ import annotations

#: Indicators named in words on the axis (others: the code name with spaces).
INDICATOR_NAMES = {
    "egdi": "E-Government Development Index", "egdi_world_mean": "E-Government Development Index, world mean",
    "egdi_world_max": "E-Government Development Index, world maximum", "egdi_rank": "EGDI rank",
    "osi": "Online Service Index", "hci": "Human Capital Index", "tii": "Telecommunication Infrastructure Index",
    "epart": "E-Participation Index", "epart_world_mean": "E-Participation Index, world mean",
    "epart_world_max": "E-Participation Index, world maximum", "epart_rank": "E-Participation rank",
    "dai": "Digital Adoption Index", "egov_service_users_share": "Population using e-government services",
}

#: Units in words (others: the code name with spaces).
UNIT_NAMES = {
    "index_0_1": "0-1", "score_0_100": "score 0-100", "percent": "%", "percent_of_population": "% of population",
    "percent_of_services": "% of services", "percent_of_transactions": "% of transactions",
    "per_100_inhabitants": "per 100 inhabitants",
}

#: Units on a bounded scale starting at 0 (indices, scores, shares): their y axis starts at 0.
FROM_ZERO_UNITS = ("index_", "score_", "percent")


def indicator_label(indicator: str, units) -> str:
    """The y-axis label of an indicator in words, its unit(s) in brackets.

    Parameters
    ----------
    indicator : str
        Code name of the indicator (e.g. ``"egdi"``).
    units : iterable of str
        Code names of the units shown (e.g. ``["index_0_1"]``).

    Returns
    -------
    str
        E.g. ``"E-Government Development Index (0-1)"``.

    Examples
    --------
    >>> indicator_label("egdi", ["index_0_1"])
    'E-Government Development Index (0-1)'
    >>> indicator_label("citizens_trained", ["persons"])
    'Citizens trained (persons)'
    """
    name = INDICATOR_NAMES.get(indicator, indicator.replace("_", " ").capitalize())
    words = ", ".join(UNIT_NAMES.get(str(u), str(u).replace("_", " ")) for u in units)
    return f"{name} ({words})"


def dataset_title(dataset: str, package=None) -> str:
    """The dataset's title from the data package (its code name if it has none).

    Parameters
    ----------
    dataset : str
    package : DataPackage, optional
        Default: the shipped package.

    Returns
    -------
    str
    """
    from egovlib.datasets import default_package

    package = package or default_package()
    for resource in package.descriptor.get("resources", []):
        if resource.get("name") == dataset:
            return str(resource.get("title") or dataset)
    return dataset


def method_index(indicator: str, units) -> str | None:
    """The UN survey index whose method changes apply to ``indicator`` levels, or None.

    An indicator is a level of a UN index when its name is the index (``"egdi"``) or the index
    followed by an aggregate (``"egdi_world_mean"``) and its unit is ``index_0_1``; ranks are not
    levels and are compared across rounds.

    Parameters
    ----------
    indicator : str
    units : iterable of str

    Returns
    -------
    str or None

    Examples
    --------
    >>> method_index("egdi_world_mean", ["index_0_1"]), method_index("egdi_rank", ["rank"])
    ('egdi', None)
    >>> method_index("dai", ["index_0_1"]) is None
    True
    """
    from egovlib.un_method import INDICES

    if set(map(str, units)) != {"index_0_1"}:
        return None
    head = indicator.split("_")[0]
    return head if head in INDICES and (indicator == head or indicator.startswith(f"{head}_world_")) else None


def method_caption(index: str, marked: list[int]) -> str:
    """The caption sentence for the method changes of ``index`` drawn on a chart (years ``marked``).

    Parameters
    ----------
    index : str
        A UN survey index (:data:`egovlib.un_method.INDICES`).
    marked : list of int
        The years :func:`egovlib.un_method.mark_method_changes` drew.

    Returns
    -------
    str
        Names each change and its source, and says levels across a marked line are not on one scale.
    """
    from egovlib.datasets import author_year, default_package
    from egovlib.un_method import change_label, changes

    sources = default_package().sources()
    shown = [c for c in changes(index) if c.year in marked]
    parts = [f"{change_label(c)}: {author_year(sources[c.source], short=True)}, {c.locator}" for c in shown]
    return (f"Dotted lines: UN method changes of the {index.upper()} ({'; '.join(parts)}). Levels across a marked "
            "line are not on one scale: a change across it mixes the country's change with the method's.")
