"""One plotting style for the collection and a ``savefig`` whose files are byte-identical on rerun.

Every figure of a notebook goes through :func:`savefig`. It

* refuses a figure whose axes lack a label (units belong in the labels) unless told otherwise,
* writes a source caption under the figure (build it with :func:`source_caption`),
* fixes the metadata that would otherwise change on every run (``svg.hashsalt``, the SVG
  ``Date`` and the PNG ``Software`` entries), so the same data and code give the same bytes,
* writes through a temporary file and renames it, so an interrupted run never leaves a
  half-written figure in place of a good one.

Where figures go: the folder named by the environment variable ``EGOV_FIGURES_DIR`` when it is
set, otherwise ``exports/figures/`` of the project (git ignores it). The collection's committed
``figures/`` are the default run's: only ``make notebooks`` (which sets the variable to
``figures/``) writes them, so exploring with other parameters, in JupyterLab or through
papermill, never leaves a checkout dirty. The report runner sets the variable per run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .atomic import atomic_target

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = [
    "FIGURES_ENV", "FORMATS", "PALETTE", "figures_dir", "palette", "place_caption", "savefig", "set_style",
    "source_caption",
]

FIGURES_ENV = "EGOV_FIGURES_DIR"
PALETTE = "colorblind"  # seaborn's colour-blind-safe palette (after Okabe & Ito / Wong 2011)
FORMATS = ("png", "svg")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")

#: Metadata that matplotlib would otherwise fill with the date and its version.
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "Creator": None, "Producer": None},
}

_RC: dict[str, Any] = {
    "figure.figsize": (7.0, 4.2),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "font.family": "DejaVu Sans",  # ships with matplotlib: the same glyphs on every machine
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "svg.hashsalt": "egov-kz",
    "svg.fonttype": "path",
    "path.simplify": True,
    "image.cmap": "cividis",  # perceptually uniform and colour-blind safe
}


def set_style(context: str = "notebook") -> None:
    """Apply the collection's seaborn style: white grid, colour-blind palette, fixed fonts and hash salt.

    Parameters
    ----------
    context : str
        Seaborn's plotting context (``"notebook"``, ``"paper"``, ``"talk"`` or ``"poster"``).
    """
    import seaborn as sns

    sns.set_theme(context=context, style="whitegrid", palette=PALETTE, rc=_RC)


def palette(n: int) -> list[tuple[float, float, float]]:
    """``n`` colours of the colour-blind-safe palette (cycling after 10).

    Parameters
    ----------
    n : int
        Number of colours.

    Returns
    -------
    list of tuple of float
        ``n`` RGB triples in [0, 1].

    Examples
    --------
    >>> len(palette(3))
    3
    """
    import seaborn as sns

    return sns.color_palette(PALETTE, n)


def figures_dir() -> Path:
    """Where figures are written: ``$EGOV_FIGURES_DIR`` if set (and not empty), else ``exports/figures/``.

    ``exports/`` is that of the project in a checkout, or of the working folder for an
    installed package. The committed ``figures/`` are written only by ``make notebooks``.
    The folder is not created here (:func:`savefig` creates it).

    Returns
    -------
    Path
        The figures folder.
    """
    configured = os.environ.get(FIGURES_ENV)
    if configured:
        return Path(configured)
    from ._paths import project_root

    return project_root() / "exports" / "figures"


def source_caption(table: pd.DataFrame | None = None, *, keys: Iterable[str] = (), extra: str = "") -> str:
    """A caption naming the sources of the rows in ``table`` (author, year and locator).

    The result reads ``"Source: Orazgaliyeva et al. (2023), table 3; UN DESA (2022), ..."``:
    sources sorted by key, each cited by :func:`egovlib.datasets.author_year` (``short=True``)
    with its distinct locators.

    Parameters
    ----------
    table : pandas.DataFrame or None
        A slice of a curated dataset with its ``source`` column (and, optionally, ``locator``).
    keys : Iterable of str
        Further sources, by citation key.
    extra : str
        Text appended after the caption (for example a note on a method change).

    Returns
    -------
    str
        The caption, ending with ``extra``.

    Raises
    ------
    ValueError
        If ``table`` has no ``source`` column, no source is given at all, or a key is not in the catalogue.
    """
    from .datasets import author_year, default_package

    sources = default_package().sources()
    parts: dict[str, set[str]] = {}
    if table is not None:
        if "source" not in table:
            raise ValueError("source_caption: the table has no 'source' column; pass keys= instead")
        locators = table["locator"].astype(str) if "locator" in table else None
        for i, key in enumerate(table["source"].astype(str)):
            found = parts.setdefault(key, set())
            if locators is not None:
                found.add(locators.iloc[i])
    for key in keys:
        parts.setdefault(key, set())
    if not parts:
        raise ValueError("source_caption: no sources given (an empty table and no keys)")
    texts = []
    for key in sorted(parts):
        if key not in sources:
            raise ValueError(f"source_caption: unknown source key {key!r}; known: {sorted(sources)}")
        where = ", ".join(sorted(parts[key]))
        texts.append(f"{author_year(sources[key], short=True)}{', ' + where if where else ''}")
    caption = "Source: " + "; ".join(texts) + "."
    return f"{caption} {extra}".strip()


def _unlabelled(fig: Figure) -> list[str]:
    missing = []
    for i, ax in enumerate(fig.axes):
        if not ax.get_visible() or not ax.axison or getattr(ax, "_colorbar", None) is not None:
            continue
        if ax.get_label() == "<colorbar>":
            continue
        for axis in ("x", "y"):
            getter = ax.get_xlabel if axis == "x" else ax.get_ylabel
            ticks = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
            if not getter().strip() and any(t.get_text() for t in ticks):
                missing.append(f"axes {i} ({ax.get_title() or 'untitled'}): no {axis}-label")
    return missing


def savefig(
    fig: Figure,
    name: str,
    *,
    caption: str,
    formats: Sequence[str] = FORMATS,
    folder: str | Path | None = None,
    require_labels: bool = True,
) -> list[Path]:
    """Write ``fig`` as ``<folder>/<name>.<fmt>`` for each format, byte-identical on rerun.

    The caption is placed under the figure (:func:`place_caption`) before writing; each file is
    written atomically, and ``folder`` is created if needed.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    name : str
        File stem: lowercase letters, digits, ``_`` and ``-`` (for example ``"02_egdi_kaz"``).
    caption : str
        The source caption written under the figure (see :func:`source_caption`); not empty.
    formats : Sequence of str
        Any of ``"png"``, ``"svg"``, ``"pdf"`` (default ``("png", "svg")``).
    folder : str, Path or None
        Where to write; defaults to :func:`figures_dir`.
    require_labels : bool
        Refuse axes that show tick labels but have no axis label (units go there).

    Returns
    -------
    list of Path
        The paths written, in the order of ``formats``.

    Raises
    ------
    ValueError
        If ``name`` is not allowed, ``caption`` is empty, ``formats`` is empty or names an unknown format,
        or (with ``require_labels``) an axis lacks its label.
    """
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"savefig: name={name!r} is not allowed; expected lowercase letters, digits, '_' or '-'")
    if not isinstance(caption, str) or not caption.strip():
        raise ValueError("savefig: caption is empty; every figure names its sources (see egovlib.plotting.source_caption)")
    unknown = [f for f in formats if f not in _METADATA]
    if unknown or not formats:
        raise ValueError(f"savefig: formats={list(formats)!r}; allowed: {sorted(_METADATA)}")
    if require_labels:
        missing = _unlabelled(fig)
        if missing:
            raise ValueError("savefig: label every axis with its quantity and unit: " + "; ".join(missing))
    place_caption(fig, caption)
    target = Path(folder) if folder is not None else figures_dir()
    target.mkdir(parents=True, exist_ok=True)
    written = []
    import matplotlib as mpl

    with mpl.rc_context({"svg.hashsalt": "egov-kz", "svg.fonttype": "path"}):
        for fmt in formats:
            path = target / f"{name}.{fmt}"
            with atomic_target(path) as tmp:
                fig.savefig(tmp, format=fmt, metadata=_METADATA[fmt], dpi=150, bbox_inches="tight")
            written.append(path)
    return written


def place_caption(fig: Figure, caption: str) -> None:
    """Put the caption just below everything drawn on the axes (once; a second call replaces it).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure; it is changed in place.
    caption : str
        The text, wrapped at 110 characters.
    """
    import textwrap

    for text in list(fig.texts):
        if text.get_gid() == "egov-caption":
            text.remove()
    renderer = fig.canvas.get_renderer()
    to_figure = fig.transFigure.inverted()
    boxes = [ax.get_tightbbox(renderer) for ax in fig.axes if ax.get_visible()]
    bottom = min((b.transformed(to_figure).y0 for b in boxes if b is not None), default=0.0)
    left = min((b.transformed(to_figure).x0 for b in boxes if b is not None), default=0.0)
    fig.text(left, bottom - 0.02, textwrap.fill(caption, 110), ha="left", va="top", fontsize=7.5, color="0.3",
             gid="egov-caption")
