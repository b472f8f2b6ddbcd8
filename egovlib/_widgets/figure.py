"""The explorer's chart, fit overlay, table and export (pure functions)."""

from __future__ import annotations

import html
import io
from pathlib import Path

import pandas as pd

from egovlib._paths import safe_name
from egovlib._widgets.labels import FROM_ZERO_UNITS, dataset_title, indicator_label, method_caption, method_index
from egovlib._widgets.selection import OVERLAYS, Selection
from egovlib.diffusion import min_observations
from egovlib.formatting import fmt

#: A fit needs this many years in the one series shown: what :func:`egovlib.diffusion.fit` needs for the
#: overlays with m estimated (3 free parameters + 2 = 5), asked throughout, also where a share fixes m.
MIN_FIT_YEARS = max(min_observations(model) for model in OVERLAYS if model != "none")

def adoption_spec(dataset: str, indicator: str, breakdown: str | None = None):
    """The collection's adoption series (:class:`egovlib.adoption.SeriesSpec`) a selection shows, or None.

    Parameters
    ----------
    dataset, indicator : str
    breakdown : str, optional
        Where the series has one; a spec of the same dataset and indicator with another breakdown
        is used when none matches exactly (same unit, ceiling and denominator).

    Returns
    -------
    SeriesSpec or None

    Examples
    --------
    >>> adoption_spec("portal_users", "egov_service_users_share", "total").ceiling
    100.0
    >>> adoption_spec("egdi_regional", "egdi") is None
    True
    """
    from egovlib.adoption import SERIES

    matches = [s for s in SERIES.values() if s.dataset == dataset and str(s.filters.get("indicator")) == indicator]
    exact = [s for s in matches if breakdown is not None and str(s.filters.get("breakdown")) == breakdown]
    return (exact or matches or [None])[0]


def fit_origin(dataset: str, indicator: str, country: str) -> tuple[int, str] | None:
    """The origin of a diffusion fit from the data: the launch of the portal whose adoption the series measures.

    A series has an origin when it is one of the collection's adoption series
    (:data:`egovlib.adoption.SERIES`; see :func:`adoption_spec`) and ``adoption_milestones``
    records the portal's launch for its country (egov.kz: 2006). Otherwise None: the explorer
    refuses to fit rather than assume the year before the first observation, which is no event.

    Parameters
    ----------
    dataset, indicator, country : str

    Returns
    -------
    tuple of (int, str) or None
        The launch year and a caption phrase citing it.

    Examples
    --------
    >>> fit_origin("portal_users", "egov_service_users_share", "KAZ")[0]
    2006
    >>> fit_origin("infrastructure", "internet_users_share", "KAZ") is None
    True
    """
    from egovlib.adoption import launch
    from egovlib.plotting import source_caption

    if adoption_spec(dataset, indicator) is None:
        return None
    try:
        event = launch(country)
    except ValueError:
        return None
    cited = source_caption(keys=[event["source"]]).removeprefix("Source: ").rstrip(".")
    return event["year"], f"origin {event['year']}, the launch of the portal per {cited}, {event['locator']}"


def _overlay_fit(ax, rows: pd.DataFrame, selection: Selection, colour) -> str:
    """Draw a diffusion fit, its interval and (with an outside denominator) the adopter-stage bands.

    The origin is the launch recorded in the data (:func:`fit_origin`), never a default; m is fixed
    at the series' outside denominator (a share in per cent: 100) or, without one, estimated and
    no stage bands are drawn (stages of a fitted m are built into the fit). Nothing is drawn when an
    estimate sits on its bound. Returns a note for the caption.
    """
    import numpy as np

    from egovlib.diffusion import ADOPTER_CATEGORIES, STAGE_THRESHOLDS, fit

    model = selection.overlay
    if rows["series"].nunique() != 1:
        return f"No {model} fit: pick one series (one country and one breakdown) to fit a diffusion curve."
    if len(rows) < MIN_FIT_YEARS:
        return f"No {model} fit: it needs at least {MIN_FIT_YEARS} years, the selection has {len(rows)}."
    years = rows["year"].to_numpy(dtype=float)
    origin = fit_origin(selection.dataset, selection.indicator, str(rows["country"].iloc[0]))
    if origin is None:
        return (f"No {model} fit: the collection records no launch date for this series, and a diffusion curve "
                "needs the launch as its origin (the year before the first observation is no event).")
    if origin[0] >= years[0]:
        return f"No {model} fit: the launch ({origin[0]}) does not precede the first observation ({years[0]:g})."
    breakdown = str(rows["breakdown"].iloc[0]) if "breakdown" in rows else None
    spec = adoption_spec(selection.dataset, selection.indicator, breakdown)
    ceiling = spec.ceiling if spec is not None and spec.denominator else None
    try:
        result = fit(model, years, rows["value"].to_numpy(), origin=origin[0], m=ceiling, data="level",
                     n_boot=200, seed=0)
    except (ValueError, RuntimeError) as error:
        return f"No {model} fit: {error}"
    if result.at_bound:
        names = " and ".join(result.at_bound)
        return (f"No {model} fit drawn: with the {origin[1]}, {names} sits on its bound, so the estimate is "
                "not identified by the data.")
    grid = np.arange(years[0], years[-1] + 1)
    curve = result.forecast(grid)
    ax.plot(curve["t"], curve["forecast"], color=colour, linestyle="--", label=f"{model} fit")
    if curve["low"].notna().all():
        ax.fill_between(curve["t"], curve["low"], curve["high"], color=colour, alpha=0.15,
                        label=f"{model} 95 % interval")
    warnings = "".join(f" Fit warning: {w.rstrip('.')}." for w in result.warnings)
    if ceiling is None:
        return (f"{model.capitalize()} fit with the {origin[1]}; m = {fmt(float(result.params['m']))}, estimated. No "
                "adopter-stage bands: the series has no outside denominator, and stages as shares of a fitted m "
                "would be built into the fit." + warnings)
    ax.relim()
    ax.autoscale_view()
    top = ax.get_ylim()[1]
    edges = [0.0, *[ceiling * t / 100 for t in STAGE_THRESHOLDS], ceiling]
    for i, (low, high, name) in enumerate(zip(edges[:-1], edges[1:], ADOPTER_CATEGORIES, strict=True)):
        if low >= top:
            break
        ax.axhspan(low, high, color="0.5", alpha=0.05 + 0.05 * (i % 2), linewidth=0)
        ax.text(0.005, (low + min(high, top)) / 2, name, transform=ax.get_yaxis_transform(), fontsize=7,
                va="center", color="0.35", clip_on=True)
    ax.set_ylim(0, top)
    return (f"{model.capitalize()} fit with the {origin[1]}; m = {fmt(ceiling)} per cent, fixed by the outside "
            f"denominator, {spec.denominator}. Bands: Rogers' adopter stages as shares of that denominator."
            + warnings)


def make_figure(rows: pd.DataFrame, selection: Selection):
    """The chart of a non-empty selection: one line per series, named in words, the source caption.

    The title is the dataset's title, the y axis the indicator and unit in words, from 0 for
    indices, scores and shares; the legend sits outside the data. Levels of a UN survey index
    carry its method changes as dotted lines, and the caption says levels across them are not on
    one scale. With an overlay, a diffusion fit of the one series shown (see :func:`_overlay_fit`),
    or a note in the caption why there is none.

    Parameters
    ----------
    rows : pandas.DataFrame
        From :func:`select`.
    selection : Selection

    Returns
    -------
    tuple of (matplotlib.figure.Figure, str)
        The figure and its caption.

    Raises
    ------
    ValueError
        If ``rows`` is empty or the overlay is unknown.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    import seaborn as sns

    from egovlib.plotting import palette, place_caption, set_style, source_caption
    from egovlib.un_method import mark_method_changes

    if rows.empty:
        raise ValueError("make_figure: the selection has no rows (see empty_message)")
    if selection.overlay not in OVERLAYS:
        raise ValueError(f"overlay={selection.overlay!r}: expected one of {list(OVERLAYS)}")
    set_style()
    units = sorted(rows["unit"].astype(str).unique())
    fig, ax = plt.subplots(figsize=(8.5, 4.2))
    labels = sorted(rows["series"].unique())
    colours = palette(len(labels))
    sns.lineplot(data=rows, x="year", y="value", hue="series", hue_order=labels, palette=colours,
                 marker="o", ax=ax, errorbar=None)
    ax.set_xlabel("year")
    ax.set_ylabel(indicator_label(selection.indicator, units))
    ax.set_title(dataset_title(selection.dataset))
    years = sorted(rows["year"].unique())
    if len(years) <= 12:
        ax.set_xticks(years, [str(y) for y in years])
    if len(years) > 1:
        ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
    caption = source_caption(rows)
    index = method_index(selection.indicator, units)
    if index is not None:
        marked = mark_method_changes(ax, index)
        if marked:
            caption = f"{caption} {method_caption(index, marked)}"
    if selection.overlay != "none":
        caption = f"{caption} {_overlay_fit(ax, rows, selection, colours[0])}"
    if all(u.startswith(FROM_ZERO_UNITS) for u in units):
        ax.set_ylim(bottom=0)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0, frameon=False)
    place_caption(fig, caption)
    return fig, caption


def figure_png(fig) -> bytes:
    """The figure as PNG bytes (100 dpi), without the metadata that changes between runs.

    Parameters
    ----------
    fig : matplotlib.figure.Figure

    Returns
    -------
    bytes
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, metadata={"Software": None}, bbox_inches="tight")
    return buffer.getvalue()


def table_html(rows: pd.DataFrame, caption: str) -> str:
    """The selection as an HTML table (values formatted by :func:`egovlib.formatting.fmt`), with the caption beneath.

    Parameters
    ----------
    rows : pandas.DataFrame
        From :func:`select`.
    caption : str

    Returns
    -------
    str
    """
    shown = rows.drop(columns=["series"]).copy()
    shown["value"] = shown["value"].map(fmt)
    body = shown.to_html(index=False, classes="egov-table-data", border=0, na_rep="")
    return f"{body}<p class='egov-caption'>{html.escape(caption)}</p>"


def export(fig, rows: pd.DataFrame, caption: str, folder: str | Path, stem: str) -> list[Path]:
    """Write the figure (PNG and SVG, by :func:`egovlib.plotting.savefig`) and the table (CSV) to ``folder``.

    Files are written atomically: a failure leaves any earlier export in place.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    rows : pandas.DataFrame
    caption : str
    folder : str or Path
        Created if missing.
    stem : str
        File name without suffix (see :func:`export_stem`).

    Returns
    -------
    list of Path
        The files written.
    """
    from egovlib.atomic import write_text_atomic
    from egovlib.plotting import savefig

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = savefig(fig, stem, caption=caption, folder=folder)
    table_path = folder / f"{stem}.csv"
    write_text_atomic(table_path, rows.to_csv(index=False))
    return [*written, table_path]


def export_stem(selection: Selection) -> str:
    """A file name for an export of the current selection (lowercase; see :func:`egovlib._paths.safe_name`).

    Parameters
    ----------
    selection : Selection

    Returns
    -------
    str
        ``explorer_<dataset>_<indicator>_<first year>_<last year>``.
    """
    safe = safe_name(selection.indicator)
    return f"explorer_{selection.dataset}_{safe}_{selection.years[0]}_{selection.years[1]}".lower()
