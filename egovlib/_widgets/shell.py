"""The ipywidgets shell: widgets wired to the pure functions."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pandas as pd

from egovlib._widgets.figure import export, export_stem, figure_png, make_figure, table_html
from egovlib._widgets.selection import (
    OVERLAYS,
    Selection,
    choices,
    empty_message,
    explorable_datasets,
    initial_selection,
    reconcile,
    select,
)
from egovlib.datasets import DataPackage, default_package


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
    """An :class:`Explorer` ready to display in a notebook.

    Parameters
    ----------
    dataset : str, optional
        The dataset shown first (the explorer's default when omitted).
    export_folder : str or pathlib.Path
        Where the export button writes the figure, table and caption.

    Returns
    -------
    ipywidgets.Widget
        The explorer's widget.
    """
    return Explorer(dataset, export_folder=export_folder).widget
