"""The UN E-Government Survey's method changes: one list, used by every notebook and figure.

Index levels of the survey are relative to each round's method. Where the UN changed how an
index is computed, a change of level between two rounds mixes a country's progress with the
redefinition, so levels are not compared across such a change (ranks and percentiles are).
:data:`METHOD_CHANGES` is the one place that lists the changes, each with the source that
documents it; :func:`crosses_change` says whether a pair of rounds spans one,
:func:`comparable_spans` splits the rounds into stretches without a change, and
:func:`mark_method_changes` draws them on a figure. :func:`world_mean_shifts` measures, from the
data, how far the world mean of each index moved between rounds, so a notebook can show the
size of each change instead of typing it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["INDICES", "METHOD_CHANGES", "MethodChange", "change_label", "changes", "comparable_spans", "crosses_change",
           "mark_method_changes", "method_note", "world_mean_shifts"]

#: Indices of the survey. The EGDI is the mean of OSI, HCI and TII, so it changes with any of them.
INDICES = ("egdi", "osi", "hci", "tii", "epart")
_COMPONENT_OF_EGDI = ("osi", "hci", "tii")


@dataclass(frozen=True)
class MethodChange:
    """One change of the survey's method.

    Attributes
    ----------
    year : the first round computed with the new method.
    indices : the indices whose definition changed (the EGDI changes with any component).
    what : a short description of the change, in words.
    source : citation key (``data/datapackage.json`` ``sources``) of the document that describes it.
    locator : where in that document.
    """

    year: int
    indices: tuple[str, ...]
    what: str
    source: str
    locator: str

    def affects(self, index: str) -> bool:
        """Whether the change redefines ``index`` (the EGDI is affected by a change of any component)."""
        if index == "egdi":
            return any(i in self.indices for i in (*_COMPONENT_OF_EGDI, "egdi"))
        return index in self.indices


#: The method changes of the UN E-Government Survey that affect index levels, oldest first.
METHOD_CHANGES: tuple[MethodChange, ...] = (
    MethodChange(2014, ("hci",), "Human Capital Index redefined: mean and expected years of schooling added to "
                 "adult literacy and gross enrolment", "undesa_egov_2014", "Annex, survey methodology (HCI)"),
    MethodChange(2020, ("tii",), "Telecommunication Infrastructure Index recomposed (its set of ITU indicators "
                 "changed)", "undesa_egov_2020", "Annex, survey methodology (TII)"),
    MethodChange(2024, ("hci", "tii"), "2024 methodology revision: Human Capital and Telecommunication "
                 "Infrastructure indices recomposed", "undesa_egov_2024", "Annex, survey methodology"),
)


def _check_index(index: str) -> None:
    if index not in INDICES:
        raise ValueError(f"index={index!r}: expected one of {list(INDICES)}")


def changes(index: str | None = None) -> tuple[MethodChange, ...]:
    """The method changes, all of them or those that affect ``index``.

    Parameters
    ----------
    index : str or None
        One of :data:`INDICES`, or ``None`` for every change.

    Returns
    -------
    tuple of MethodChange
        The changes, oldest first.

    Raises
    ------
    ValueError
        If ``index`` is not one of :data:`INDICES`.

    Examples
    --------
    >>> [c.year for c in changes("tii")]
    [2020, 2024]
    """
    if index is None:
        return METHOD_CHANGES
    _check_index(index)
    return tuple(c for c in METHOD_CHANGES if c.affects(index))


def crosses_change(before: int, after: int, index: str = "egdi") -> bool:
    """Whether comparing ``index`` between rounds ``before`` and ``after`` spans a method change.

    A change dated ``year`` lies between two rounds when ``before < year <= after``.

    Parameters
    ----------
    before, after : int
        The two rounds, ``before <= after``.
    index : str
        One of :data:`INDICES` (default ``"egdi"``, affected by a change of any component).

    Returns
    -------
    bool
        ``True`` if a change affecting ``index`` lies between the rounds.

    Raises
    ------
    ValueError
        If ``after`` is earlier than ``before``, or ``index`` is not one of :data:`INDICES`.

    Examples
    --------
    >>> crosses_change(2012, 2014, "hci"), crosses_change(2012, 2014, "osi")
    (True, False)
    """
    if after < before:
        raise ValueError(f"crosses_change: after={after} is earlier than before={before}")
    return any(before < c.year <= after for c in changes(index))


def comparable_spans(rounds: Iterable[int], index: str = "egdi") -> list[list[int]]:
    """The rounds split into stretches within which ``index`` levels were computed alike.

    Parameters
    ----------
    rounds : Iterable of int
        Survey years (duplicates and order do not matter).
    index : str
        One of :data:`INDICES` (default ``"egdi"``, affected by a change of any component).

    Returns
    -------
    list of list of int
        The sorted distinct rounds, split before each round that follows a method change.

    Raises
    ------
    ValueError
        If ``index`` is not one of :data:`INDICES`.

    Examples
    --------
    >>> comparable_spans([2010, 2012, 2014, 2016, 2018, 2020, 2022, 2024], "hci")
    [[2010, 2012], [2014, 2016, 2018, 2020, 2022], [2024]]
    """
    spans: list[list[int]] = []
    for year in sorted(set(int(r) for r in rounds)):
        if spans and not crosses_change(spans[-1][-1], year, index):
            spans[-1].append(year)
        else:
            spans.append([year])
    return spans


def change_label(change: MethodChange) -> str:
    """A short label for a figure, e.g. ``"HCI 2014"``.

    Parameters
    ----------
    change : MethodChange
        The change.

    Returns
    -------
    str
        The indices it redefined (upper case, joined by ``+``) and its year.

    Examples
    --------
    >>> [change_label(c) for c in METHOD_CHANGES]
    ['HCI 2014', 'TII 2020', 'HCI+TII 2024']
    """
    names = "+".join(i.upper() for i in change.indices)
    return f"{names} {change.year}"


def method_note(index: str | None = None) -> str:
    """A sentence for a caption naming the method changes drawn and where each is documented.

    Parameters
    ----------
    index : str or None
        One of :data:`INDICES`, or ``None`` for every change.

    Returns
    -------
    str
        ``"Dotted lines: UN method changes, ..."`` with each change's label, source (author-year) and locator.

    Raises
    ------
    ValueError
        If ``index`` is not one of :data:`INDICES`.
    """
    from .datasets import author_year, default_package

    sources = default_package().sources()
    parts = [f"{change_label(c)} ({author_year(sources[c.source], short=True)}, {c.locator})" for c in changes(index)]
    return "Dotted lines: UN method changes, levels not comparable across them: " + "; ".join(parts) + "."


def mark_method_changes(ax: Axes, index: str | None = None, *, rounds: Sequence[int] | None = None,
                        label: bool = True) -> list[int]:
    """Draw a dotted vertical line at each method change within the axis' range, labelled at the top.

    With ``rounds`` the x axis is categorical (position ``i`` shows the ``i``-th of the sorted
    ``rounds``, as in a box plot) and the line is drawn half-way between the last round before the
    change and the first from it (no line if no round precedes the change, or none follows it);
    otherwise x is the year and the line sits at half a year before the change year. The x limits
    are kept.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to draw on.
    index : str or None
        One of :data:`INDICES`, or ``None`` for every change.
    rounds : Sequence of int or None
        The rounds at the categorical positions, or ``None`` for an axis in years.
    label : bool
        Write the change's label (:func:`change_label`) at the top of its line.

    Returns
    -------
    list of int
        The years of the changes marked.

    Raises
    ------
    ValueError
        If ``index`` is not one of :data:`INDICES`.
    """
    lo, hi = ax.get_xlim()
    marked = []
    for change in changes(index):
        if rounds is not None:
            ordered = sorted(int(r) for r in rounds)
            after = [i for i, r in enumerate(ordered) if r >= change.year]
            if not after or after[0] == 0:
                continue
            x = after[0] - 0.5
        else:
            x = change.year - 0.5
        if not lo <= x <= hi:
            continue
        ax.axvline(x, color="0.35", linestyle=":", linewidth=1.1, zorder=0.5)
        if label:
            ax.text(x, 1.0, f" {change_label(change)}", transform=ax.get_xaxis_transform(), rotation=90,
                    ha="right", va="top", fontsize=7, color="0.3")
        marked.append(change.year)
    ax.set_xlim(lo, hi)
    return marked


def world_mean_shifts(table: pd.DataFrame, indices: Sequence[str] = ("osi", "hci", "tii")) -> pd.DataFrame:
    """World mean of each index per round over the assessed members (value > 0) and its change from the round before.

    Parameters
    ----------
    table : pandas.DataFrame
        Tidy rows (``country``, ``year``, ``indicator``, ``value``), e.g. the shipped UN panel.
    indices : Sequence of str
        The indicators to summarise (default OSI, HCI and TII).

    Returns
    -------
    pandas.DataFrame
        One row per index and round with ``index``, ``year``, ``world_mean``, ``change`` (from the
        previous round; NaN for the first) and ``method_change`` (whether a listed change lies
        between the two rounds).

    Raises
    ------
    ValueError
        If ``table`` lacks a ``year``, ``indicator`` or ``value`` column.
    """
    for column in ("year", "indicator", "value"):
        if column not in table:
            raise ValueError(f"world_mean_shifts: the table has no {column!r} column")
    from egovlib.crosscheck import world_means

    rows = []
    for index in indices:
        values = table[table["indicator"].astype(str) == index]
        means = world_means(values, drop_zeros=True).set_index("year")["value"]
        previous = None
        for year, mean in means.items():
            year = int(year)
            rows.append({"index": index, "year": year, "world_mean": float(mean),
                         "change": float(mean - means.loc[previous]) if previous is not None else float("nan"),
                         "method_change": previous is not None and crosses_change(previous, year, index)})
            previous = year
    return pd.DataFrame(rows, columns=["index", "year", "world_mean", "change", "method_change"])
