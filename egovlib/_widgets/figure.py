"""The explorer's chart, fit overlay, table and export (pure functions)."""

from __future__ import annotations

import html
import io
from pathlib import Path

import pandas as pd

from egovlib._paths import safe_name
from egovlib._widgets.selection import OVERLAYS, Selection
from egovlib.diffusion import min_observations
from egovlib.formatting import fmt

#: A fit needs this many years in the one series shown: what :func:`egovlib.diffusion.fit` needs for the
#: overlays with m estimated (3 free parameters + 2 = 5), asked throughout, also where a share fixes m.
MIN_FIT_YEARS = max(min_observations(model) for model in OVERLAYS if model != "none")


def _overlay_fit(ax, rows: pd.DataFrame, model: str, colour) -> str:
    """Draw a diffusion fit, its interval and the adopter-stage bands; return a note for the caption."""
    import numpy as np

    from egovlib.diffusion import ADOPTER_CATEGORIES, STAGE_THRESHOLDS, fit

    if rows["series"].nunique() != 1:
        return f"No {model} fit: pick one series (one country and one breakdown) to fit a diffusion curve."
    if len(rows) < MIN_FIT_YEARS:
        return f"No {model} fit: it needs at least {MIN_FIT_YEARS} years, the selection has {len(rows)}."
    share = str(rows["unit"].iloc[0]).startswith("percent")
    years = rows["year"].to_numpy(dtype=float)
    try:
        result = fit(model, years, rows["value"].to_numpy(), origin=years[0] - 1, m=100.0 if share else None,
                     data="level", n_boot=200, seed=0)
    except (ValueError, RuntimeError) as error:
        return f"No {model} fit: {error}"
    grid = np.arange(years[0], years[-1] + 1)
    curve = result.forecast(grid)
    ax.plot(curve["t"], curve["forecast"], color=colour, linestyle="--", label=f"{model} fit")
    if curve["low"].notna().all():
        ax.fill_between(curve["t"], curve["low"], curve["high"], color=colour, alpha=0.15,
                        label=f"{model} 95 % interval")
    m = float(result.params["m"])
    edges = [0.0, *[m * t / 100 for t in STAGE_THRESHOLDS], m]
    for i, (low, high, name) in enumerate(zip(edges[:-1], edges[1:], ADOPTER_CATEGORIES, strict=True)):
        ax.axhspan(low, high, color="0.5", alpha=0.05 + 0.05 * (i % 2), linewidth=0)
        ax.text(1.01, (low + high) / 2, name, transform=ax.get_yaxis_transform(), fontsize=7, va="center")
    return (f"{model.capitalize()} fit (m = {fmt(m)}{' per cent, fixed' if share else ''}); bands: Rogers' "
            "adopter stages as shares of m." + "".join(f" {w.rstrip('.')}." for w in result.warnings))


def make_figure(rows: pd.DataFrame, selection: Selection):
    """The chart of a non-empty selection: one line per series, units on the axis, the source caption.

    With an overlay, a diffusion fit of the one series shown, its interval and Rogers' stage bands
    (or a note in the caption why there is none).

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

    if rows.empty:
        raise ValueError("make_figure: the selection has no rows (see empty_message)")
    if selection.overlay not in OVERLAYS:
        raise ValueError(f"overlay={selection.overlay!r}: expected one of {list(OVERLAYS)}")
    set_style()
    units = sorted(rows["unit"].astype(str).unique())
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    labels = sorted(rows["series"].unique())
    colours = palette(len(labels))
    sns.lineplot(data=rows, x="year", y="value", hue="series", hue_order=labels, palette=colours,
                 marker="o", ax=ax, errorbar=None)
    ax.set_xlabel("year")
    ax.set_ylabel(f"{selection.indicator} ({', '.join(units)})")
    ax.set_title(f"{selection.dataset}: {selection.indicator}")
    years = sorted(rows["year"].unique())
    if len(years) <= 12:
        ax.set_xticks(years, [str(y) for y in years])
    caption = source_caption(rows)
    if selection.overlay != "none":
        caption = f"{caption} {_overlay_fit(ax, rows, selection.overlay, colours[0])}"
    ax.legend(fontsize=8, loc="best")
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
