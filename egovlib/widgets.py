"""An explorer for the tidy datasets: pick a dataset, an indicator, countries and years.

The explorer is a thin ipywidgets shell over pure functions, which the tests call without a
browser or a kernel:

* :func:`explorable_datasets`, :func:`choices` and :func:`reconcile` say what can be picked and
  which of the current choices survive a change of dataset or indicator;
* :func:`select` returns the rows of a selection, and :func:`empty_message` says, in words, why a
  selection has no rows;
* :func:`make_figure` draws the seaborn chart (with units and the source caption) and, on
  request, a Bass or logistic fit with its interval and Rogers' adopter-stage bands;
* :func:`table_html` renders the table beneath the chart; :func:`export` writes the current figure
  (PNG and SVG, byte-stable) and table (CSV) to a folder.

:class:`Explorer` wires them to widgets; ``explorer()`` returns one ready to display.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .datasets import DataPackage, default_package
from .formatting import fmt

__all__ = [
    "DEFAULT_DATASET", "MIN_FIT_YEARS", "OVERLAYS", "TIDY_COLUMNS", "Choices", "Explorer", "Selection", "choices",
    "empty_message", "explorable_datasets", "explorer", "export", "export_stem", "figure_png", "initial_selection",
    "make_figure", "reconcile", "select", "table_html",
]

TIDY_COLUMNS = {"country", "year", "indicator", "value", "unit"}
OVERLAYS = ("none", "bass", "logistic")
#: The first view of the explorer.
DEFAULT_DATASET = "egdi_regional"
#: A fit needs this many years in the one series shown (4 free parameters need at least 5 for AICc;
#: with m fixed by a share, 4 are enough for the Bass model; we ask for 5 throughout).
MIN_FIT_YEARS = 5


@dataclass(frozen=True)
class Selection:
    """What the user picked."""

    dataset: str
    indicator: str
    countries: tuple[str, ...]
    years: tuple[int, int]
    overlay: str = "none"
    breakdown: str = "all"  # "all", or one breakdown of datasets that have them (e.g. purpose of use)


@dataclass(frozen=True)
class Choices:
    """What can be picked for one dataset and indicator (``breakdowns`` is empty when it has none)."""

    indicators: tuple[str, ...]
    countries: tuple[str, ...]
    years: tuple[int, int]
    breakdowns: tuple[str, ...] = ()


# -- pure functions -------------------------------------------------------------------------
def explorable_datasets(package: DataPackage | None = None) -> list[str]:
    """Datasets in the tidy layout (country, year, indicator, value, unit) that the explorer can show."""
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
    """Indicators of ``dataset``, and the countries and year span of ``indicator`` (default: the first)."""
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
    """The first view: a dataset (default: the first explorable), its first indicator, all its countries and years."""
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
    """Why a selection has no rows, in words; ``None`` when it has some."""
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


def _overlay_fit(ax, rows: pd.DataFrame, model: str, colour) -> str:
    """Draw a diffusion fit, its interval and the adopter-stage bands; return a note for the caption."""
    import numpy as np

    from .diffusion import ADOPTER_CATEGORIES, STAGE_THRESHOLDS, fit

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

    Returns ``(figure, caption)``.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    import seaborn as sns

    from .plotting import palette, place_caption, set_style, source_caption

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
    """The figure as PNG bytes, without the metadata that changes between runs."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, metadata={"Software": None}, bbox_inches="tight")
    return buffer.getvalue()


def table_html(rows: pd.DataFrame, caption: str) -> str:
    """The selection as an HTML table (value with its unit and source), with the caption beneath."""
    shown = rows.drop(columns=["series"]).copy()
    shown["value"] = shown["value"].map(fmt)
    body = shown.to_html(index=False, classes="egov-table-data", border=0, na_rep="")
    return f"{body}<p class='egov-caption'>{html.escape(caption)}</p>"


def export(fig, rows: pd.DataFrame, caption: str, folder: str | Path, stem: str) -> list[Path]:
    """Write the figure (PNG and SVG) and the table (CSV) to ``folder``; return the paths written.

    Files are written atomically: a failure leaves any earlier export in place.
    """
    from .atomic import write_text_atomic
    from .plotting import savefig

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = savefig(fig, stem, caption=caption, folder=folder)
    table_path = folder / f"{stem}.csv"
    write_text_atomic(table_path, rows.to_csv(index=False))
    return [*written, table_path]


def export_stem(selection: Selection) -> str:
    """A file name for an export of the current selection."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in selection.indicator)
    return f"explorer_{selection.dataset}_{safe}_{selection.years[0]}_{selection.years[1]}".lower()


# -- the widget shell ----------------------------------------------------------------------------
class Explorer:
    """The widgets and their callbacks. ``Explorer().widget`` is what a notebook displays."""

    def __init__(self, dataset: str | None = None, package: DataPackage | None = None,
                 export_folder: str | Path = "exports") -> None:
        import ipywidgets as w

        self.package = package or default_package()
        self.export_folder = Path(export_folder)
        self.selection = initial_selection(dataset, self.package)
        self._updating = False
        self.figure = None
        self.rows = pd.DataFrame()
        self.caption = ""
        options = choices(self.selection.dataset, self.selection.indicator, self.package)
        self.dataset = w.Dropdown(options=explorable_datasets(self.package), value=self.selection.dataset,
                                  description="dataset")
        self.indicator = w.Dropdown(options=options.indicators, value=self.selection.indicator,
                                    description="indicator")
        self.countries = w.SelectMultiple(options=options.countries, value=self.selection.countries,
                                          description="countries", rows=6)
        self.years = w.IntRangeSlider(min=options.years[0], max=options.years[1], value=self.selection.years,
                                      description="years", step=1)
        self.breakdown = w.Dropdown(options=("all", *options.breakdowns), value="all", description="breakdown",
                                    disabled=not options.breakdowns)
        self.overlay = w.Dropdown(options=OVERLAYS, value="none", description="diffusion fit")
        self.export_button = w.Button(description="export figure and table", icon="download",
                                      layout=w.Layout(width="auto"))
        self.message = w.HTML()
        self.chart = w.Image(format="png")
        self.table = w.HTML()
        named = {"dataset": self.dataset, "indicator": self.indicator, "countries": self.countries,
                 "years": self.years, "breakdown": self.breakdown, "overlay": self.overlay,
                 "export": self.export_button, "message": self.message, "chart": self.chart, "table": self.table}
        for name, widget in named.items():
            widget.add_class(f"egov-{name}")
        self.dataset.observe(self.on_dataset, names="value")
        self.indicator.observe(self.on_indicator, names="value")
        for widget in (self.countries, self.years, self.breakdown, self.overlay):
            widget.observe(self.on_change, names="value")
        self.export_button.on_click(self.on_export)
        controls = w.VBox([self.dataset, self.indicator, self.countries, self.years, self.breakdown,
                           self.overlay, self.export_button])
        self.widget = w.VBox([controls, self.message, self.chart, self.table])
        self.widget.add_class("egov-explorer")
        self.refresh()

    # callbacks ---------------------------------------------------------------------------------
    def on_dataset(self, change: dict[str, Any]) -> None:
        """A new dataset: reset the choices that no longer apply, then redraw."""
        if not self._updating:
            self._apply(reconcile(self.selection, change["new"], self.package))

    def on_indicator(self, change: dict[str, Any]) -> None:
        """A new indicator: its countries and years may differ."""
        if not self._updating:
            self._apply(reconcile(self.selection, self.selection.dataset, self.package, indicator=change["new"]))

    def on_change(self, change: dict[str, Any]) -> None:
        """Countries, years or the overlay changed: redraw."""
        if not self._updating:
            self.selection = self._current()
            self.refresh()

    def on_export(self, _button: Any = None) -> list[Path]:
        """Write the current figure and table to the export folder."""
        if self.figure is None:
            self.message.value = "<b>Nothing to export:</b> the selection has no data."
            return []
        paths = export(self.figure, self.rows, self.caption, self.export_folder, export_stem(self.selection))
        self.message.value = "Exported: " + ", ".join(html.escape(str(p)) for p in paths)
        return paths

    # helpers -----------------------------------------------------------------------------------
    def _apply(self, selection: Selection) -> None:
        """Set every control to ``selection`` without triggering a redraw per control."""
        options = choices(selection.dataset, selection.indicator, self.package)
        self._updating = True
        try:
            self.dataset.value = selection.dataset
            self.indicator.options = options.indicators
            self.indicator.value = selection.indicator
            self.countries.options = options.countries
            self.countries.value = selection.countries
            low, high = options.years
            # widen before narrowing so the slider never holds an invalid range
            self.years.min, self.years.max = min(low, self.years.min), max(high, self.years.max)
            self.years.value = selection.years
            self.years.min, self.years.max = low, high
            self.breakdown.options = ("all", *options.breakdowns)
            self.breakdown.value = selection.breakdown
            self.breakdown.disabled = not options.breakdowns
        finally:
            self._updating = False
        self.selection = self._current()
        self.refresh()

    def _current(self) -> Selection:
        """The selection the controls show."""
        return Selection(self.dataset.value, self.indicator.value, tuple(self.countries.value),
                         tuple(self.years.value), self.overlay.value, self.breakdown.value)

    def refresh(self) -> None:
        """Redraw the chart and the table for the current selection, or say why there is nothing to show."""
        import matplotlib.pyplot as plt

        if self.figure is not None:
            plt.close(self.figure)
            self.figure = None
        rows = select(self.selection, self.package) if self.selection.countries else pd.DataFrame()
        problem = empty_message(self.selection, self.package) if rows.empty else None
        if problem:
            self.rows = pd.DataFrame()  # chart and table are cleared before the message says why
            self.chart.value = b""
            self.chart.layout.display = "none"
            self.table.value = ""
            self.message.value = f"<b>{html.escape(problem)}</b>"
            return
        self.rows = rows
        self.figure, self.caption = make_figure(self.rows, self.selection)
        self.chart.value = figure_png(self.figure)
        self.chart.layout.display = None
        self.table.value = table_html(self.rows, self.caption)
        self.message.value = (f"{len(self.rows)} rows, {self.rows['series'].nunique()} series; "
                              f"unit: {', '.join(sorted(self.rows['unit'].astype(str).unique()))}.")


def explorer(dataset: str | None = None, export_folder: str | Path = "exports"):
    """An :class:`Explorer` ready to display in a notebook (returns the widget)."""
    return Explorer(dataset, export_folder=export_folder).widget
