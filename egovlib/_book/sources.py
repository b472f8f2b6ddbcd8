"""The book's source folder: configuration, copies of the executed notebooks (widgets made static), data and registers."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

from . import pages
from .content import BookError, Content, Run

STATIC = Path(__file__).with_name("static")
BOOK_PACKAGES = ("sphinx", "myst-nb", "myst-parser", "sphinx-book-theme", "pydata-sphinx-theme", "docutils")

#: Sphinx configuration of the book. Nothing is executed, and nothing is loaded from outside the
#: site: myst-nb's ipywidgets scripts (require.js and the widget manager from CDNs) are switched
#: off and widget views fall back to their static image or text; no page has maths, and MathJax
#: (which Sphinx would load from a CDN) is pointed at nothing.
CONF = '''\
project = "egov-kz"
author = "egov-kz contributors"
copyright = "egov-kz contributors; data CC-BY-4.0, code MIT"
extensions = ["myst_nb"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
nb_execution_mode = "off"
nb_ipywidgets_js = {}
nb_mime_priority_overrides = [
    ("html", "application/vnd.jupyter.widget-view+json", None),
    ("html", "application/vnd.jupyter.widget-state+json", None),
    ("html", "application/vnd.egovkz.results+json", None),
]
nb_merge_streams = True
myst_heading_anchors = 3
suppress_warnings = ["mystnb.unknown_mime_type", "myst.header"]
mathjax_path = "_static/no-mathjax.js"
html_theme = "sphinx_book_theme"
html_title = "egov-kz"
html_static_path = ["_static"]
html_css_files = ["egov-book.css"]
html_js_files = ["egov-book.js"]
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "home_page_in_toc": True,
}
'''


def notebook_title(path: Path) -> str:
    """The first ``# `` heading of a notebook's first markdown cell.

    Parameters
    ----------
    path : Path
        An ``.ipynb`` file.

    Returns
    -------
    str
        The heading's text, or the file stem if the notebook has none.
    """
    import nbformat

    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
            break
    return path.stem


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _model_references(value: Any) -> list[str]:
    """The widget model ids that a widget's state refers to (``"IPY_MODEL_<id>"``), in order."""
    if isinstance(value, str):
        return [value.removeprefix("IPY_MODEL_")] if value.startswith("IPY_MODEL_") else []
    if isinstance(value, list | tuple):
        return [ref for item in value for ref in _model_references(item)]
    if isinstance(value, dict):
        return [ref for item in value.values() for ref in _model_references(item)]
    return []


def _widget_images(state: dict[str, Any], model_id: str) -> list[str]:
    """The PNG images (base64) of the Image widgets inside the widget ``model_id``, depth first."""
    found, seen, stack = [], set(), [model_id]
    while stack:
        current = stack.pop()
        if current in seen or current not in state:
            continue
        seen.add(current)
        model = state[current]
        if model.get("model_name") == "ImageModel":
            found += [b["data"] for b in model.get("buffers", []) if b.get("path") == ["value"] and b.get("data")]
        stack += reversed(_model_references(model.get("state", {})))
    return found


def _static_widgets(nb: Any) -> None:
    """Replace each widget view by a static snapshot: its first image (the explorer's chart) and a note.

    A static site cannot run the widgets (that needs a kernel), and their JavaScript would come
    from a CDN; the stored widget state still holds the chart the notebook showed.
    """
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            view = data.get(WIDGET_VIEW)
            if view is None:
                continue
            images = _widget_images(state, view.get("model_id", ""))
            note = ("An interactive widget: this is the view the notebook stored. Open the notebook in JupyterLab "
                    "to use it.")
            output["data"] = {"text/plain": note} | ({"image/png": images[0]} if images else {})


def _copy_notebook(run: Run, target: Path) -> None:
    """Copy an executed notebook; a grid run's title names its parameters, so pages are told apart."""
    import nbformat

    nb = nbformat.read(str(run.path), as_version=4)
    _static_widgets(nb)
    if run.is_grid:
        label = run.run.split("/", 1)[1]
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                lines = cell.source.splitlines()
                for i, line in enumerate(lines):
                    if line.startswith("# "):
                        lines[i] = f"{line} ({label})"
                        break
                else:
                    lines.insert(0, f"# {run.notebook} ({label})")
                cell.source = "\n".join(lines)
                break
    nbformat.write(nb, str(target))


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _versions(names: tuple[str, ...]) -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in names:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


CONFLICT_COLUMNS = ["conflict_id", "dataset", "country", "year", "indicator", "value_a", "source_a", "locator_a",
                    "value_b", "source_b", "locator_b", "chosen_value", "chosen_source", "found_by", "reason"]
CLAIM_COLUMNS = ["claim_id", "source", "locator", "statement", "formula", "stated_value", "unit", "comparison",
                 "tolerance", "discrepancy", "note"]


def write_sources(content: Content, src: Path, *, data_dir: Path | None = None) -> dict[str, str]:
    """Write every page, notebook copy, CSV and static file of the book into ``src``.

    Parameters
    ----------
    content : Content
        The report as read by :func:`egovlib._book.content.read_content`.
    src : Path
        The Sphinx source folder.
    data_dir : Path, optional
        The data package folder (default: ``data/`` of the checkout).

    Returns
    -------
    dict
        The page titles, by notebook.
    """
    from ..datasets import REGISTERS, DataPackage, default_package

    package = DataPackage(data_dir) if data_dir is not None else default_package()
    data_dir = Path(package.folder)
    descriptor = package.descriptor
    sources = package.sources()
    resources = [r for r in descriptor["resources"] if r["name"] not in REGISTERS]
    titles: dict[str, str] = {}

    (src / "chapters").mkdir(parents=True)
    (src / "data").mkdir()
    (src / "registers").mkdir()
    shutil.copytree(STATIC, src / "_static")
    for run in [*content.chapters, *content.grid]:
        target = src / f"{pages.chapter_doc(run)}"
        target.parent.mkdir(exist_ok=True)
        if run.path is None:
            target.with_suffix(".md").write_text(pages.missing_run_page(run), encoding="utf-8")
            titles.setdefault(run.notebook, run.notebook)
            continue
        if not run.is_grid:
            titles[run.notebook] = notebook_title(run.path)
        _copy_notebook(run, target.with_suffix(".ipynb"))
    for run in content.grid:  # a grid whose notebook has no default run in this report
        if run.notebook not in titles and run.path is not None:
            titles[run.notebook] = notebook_title(run.path)
    if content.grid:
        (src / "grid" / "index.md").write_text(pages.grid_index(content, titles), encoding="utf-8")

    run_hashes = (content.manifest or {}).get("data_checksums") or {}
    used_by: dict[str, list[str]] = {}
    for resource in resources:
        name = resource["name"]
        csv_path = data_dir / resource["path"]
        rows = None
        if csv_path.is_file():
            shutil.copyfile(csv_path, src / "data" / resource["path"])
            with open(csv_path, encoding="utf-8") as handle:
                rows = max(sum(1 for _ in handle) - 1, 0)
        for key in pages._source_keys(resource):
            used_by.setdefault(key, []).append(name)
        page = pages.dataset_page(resource, sources, descriptor.get("licenses", []), rows=rows,
                                  csv_name=resource["path"] if rows is not None else None,
                                  run_hash=run_hashes.get(name) if content.manifest else None)
        (src / "data" / f"{name}.md").write_text(page, encoding="utf-8")
    (src / "data" / "index.md").write_text(pages.datasets_index(resources, sources), encoding="utf-8")

    for register, columns, intro, code_columns, source_columns in (
        ("conflicts", CONFLICT_COLUMNS,
         "Every disagreement between two sources (two seeds, or a seed and the official UN or World Bank series): both "
         "values with their sources and locators, the value chosen and why. Most are found by code "
         "(`egovlib.crosscheck.find_conflicts`); the tests fail when code finds one that the register does not list.",
         ("conflict_id", "dataset", "indicator"), ("source_a", "source_b", "chosen_source")),
        ("claims", CLAIM_COLUMNS,
         "The quantitative statements of the sources, each with a formula over the curated data that "
         "`egovlib.replication.evaluate_claims` recomputes (see the chapter on the claims audit).",
         ("claim_id", "formula"), ("source",)),
    ):
        path = data_dir / f"{register}.csv"
        if not path.is_file():
            raise BookError(f"{path}: not found; expected the {register} register of the data package")
        records = _read_csv(path)
        shutil.copyfile(path, src / "registers" / f"{register}.csv")
        title = "Conflict register" if register == "conflicts" else "Claims register"
        (src / "registers" / f"{register}.md").write_text(
            pages.register_page(title, intro, [c for c in columns if c in (records[0] if records else columns)],
                                records, code_columns=code_columns, source_columns=source_columns, sources=sources,
                                csv_name=f"{register}.csv"), encoding="utf-8")

    (src / "results.md").write_text(pages.results_page(content, titles), encoding="utf-8")
    (src / "bibliography.md").write_text(pages.bibliography_page(sources, used_by), encoding="utf-8")
    (src / "status.md").write_text(pages.status_page(content, titles, built_with=_versions(BOOK_PACKAGES)),
                                   encoding="utf-8")
    (src / "index.md").write_text(pages.landing_page(content, titles), encoding="utf-8")
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    return titles
