"""The notebook collection: find, execute, clean and mirror the ``notebooks/NN_slug.ipynb`` files.

The ``.ipynb`` with its stored outputs is the source of truth (nbval compares against it).
Beside each one lies a jupytext ``py:percent`` mirror, ``NN_slug.py``, generated from it so
that reviews read plain diffs; :func:`check_mirrors` (run by the test suite) fails when a
mirror and its notebook disagree. ``python -m egovlib.notebooks`` regenerates stored outputs,
mirrors and the committed ``figures/`` in one go (``make notebooks``); ``python -m egovlib.notebooks --from-py FILE``
updates a notebook's cells from an edited mirror, keeping its outputs.
"""

from __future__ import annotations

import copy
import os
import sys
from pathlib import Path
from typing import Any

from ._kernels import kernel_manager, private_runtime
from ._paths import project_root
from .atomic import atomic_target, write_text_atomic
from .plotting import FIGURES_ENV

__all__ = [
    "KERNELSPEC", "NOTEBOOKS", "REPO", "WIDGET_STATE_MIME", "check_mirrors", "clean", "collection", "execute_in_place",
    "main", "mirror_path", "mirror_text", "renumber_widget_models", "run", "update_from_mirror", "write_mirror",
]

REPO = project_root()
NOTEBOOKS = REPO / "notebooks"
_MIRROR_CONFIG = {"notebook_metadata_filter": "-all", "cell_metadata_filter": "tags,-all"}
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def collection(folder: str | Path = NOTEBOOKS) -> list[Path]:
    """The collection's notebooks (``NN_slug.ipynb``), in the order they are meant to run.

    Parameters
    ----------
    folder : str or Path
        The notebooks folder (default :data:`NOTEBOOKS`).

    Returns
    -------
    list of Path
        The notebooks whose names start with two digits and ``_``, sorted by name.
    """
    return sorted(Path(folder).glob("[0-9][0-9]_*.ipynb"))


WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"


def clean(nb: Any) -> Any:
    """Strip per-run metadata (papermill's, execution timings, empty tags), in place.

    The widget state is kept, so that a saved notebook shows its widgets, but the random model
    ids are renumbered (:func:`renumber_widget_models`) so that a rerun does not rewrite them.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A notebook (nbformat 4).

    Returns
    -------
    nbformat.NotebookNode
        ``nb`` itself, cleaned.
    """
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.metadata.get("tags") == []:
            del cell.metadata["tags"]
    return renumber_widget_models(nb)


def renumber_widget_models(nb: Any) -> Any:
    """Replace the random ids of stored widget models by their position (``0000...0001`` ...).

    The ids appear as keys of the stored state, in ``IPY_MODEL_<id>`` references between models
    and in the ``model_id`` of widget outputs; all are rewritten together, in place. The order is
    depth first from the displayed widgets, in cell order; models nothing reaches come last.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A notebook (nbformat 4).

    Returns
    -------
    nbformat.NotebookNode
        ``nb`` itself (unchanged when it stores no widget state).
    """
    import json

    from nbformat import from_dict

    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE_MIME, {}).get("state")
    if not state:
        return nb
    mapping = {old: f"{i + 1:032x}" for i, old in enumerate(_models_in_stable_order(nb, state))}

    def renumber(value: Any) -> Any:
        text = json.dumps(value)
        for old, new in mapping.items():
            text = text.replace(old, new)
        return json.loads(text)

    nb.metadata["widgets"] = from_dict(renumber(nb.metadata["widgets"]))
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.outputs:
            cell.outputs = [from_dict(o) for o in renumber(cell.outputs)]
    return nb


def _models_in_stable_order(nb: Any, state: dict[str, Any]) -> list[str]:
    """Model ids in an order that does not depend on the run: depth first from the displayed
    widgets (in cell order), following ``IPY_MODEL_`` references in sorted attribute order;
    models nothing reaches come last, ordered by their content."""
    import json
    import re

    reference = re.compile(r"IPY_MODEL_([0-9a-f]+)")
    order: list[str] = []

    def visit(model_id: str) -> None:
        if model_id in order or model_id not in state:
            return
        order.append(model_id)
        attributes = state[model_id].get("state", {})
        for key in sorted(attributes):
            for found in reference.findall(json.dumps(attributes[key])):
                visit(found)

    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            view = output.get("data", {}).get("application/vnd.jupyter.widget-view+json")
            if view:
                visit(view["model_id"])
    rest = [m for m in state if m not in order]
    rest.sort(key=lambda m: reference.sub("IPY_MODEL_", json.dumps(state[m], sort_keys=True)))
    return order + rest


def mirror_text(nb: Any) -> str:
    """The ``py:percent`` text of a notebook (cells and their tags only).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A notebook (nbformat 4).
        It is not changed (a cleaned copy is written).

    Returns
    -------
    str
        The jupytext mirror's text.
    """
    import jupytext

    nb = clean(copy.deepcopy(nb))
    nb.metadata = {"jupytext": dict(_MIRROR_CONFIG)}
    return jupytext.writes(nb, fmt="py:percent")


def mirror_path(notebook: Path) -> Path:
    """The mirror beside ``notebook``: the same name with ``.py``.

    Parameters
    ----------
    notebook : Path
        The ``.ipynb`` file.

    Returns
    -------
    Path
        The path of its ``py:percent`` mirror (which may not exist).
    """
    return notebook.with_suffix(".py")


def write_mirror(notebook: Path) -> Path:
    """(Re)write the mirror of ``notebook``, atomically.

    Parameters
    ----------
    notebook : Path
        The ``.ipynb`` file.

    Returns
    -------
    Path
        The mirror written (:func:`mirror_path`).
    """
    import nbformat

    target = mirror_path(notebook)
    write_text_atomic(target, mirror_text(nbformat.read(notebook, as_version=4)))
    return target


def check_mirrors(folder: str | Path = NOTEBOOKS) -> list[str]:
    """Problems with the mirrors of the collection: missing, stale or orphaned (empty when all agree).

    Parameters
    ----------
    folder : str or Path
        The notebooks folder (default :data:`NOTEBOOKS`).

    Returns
    -------
    list of str
        One message per problem, naming the mirror and what to run.
    """
    import nbformat

    problems = []
    notebooks = collection(folder)
    for notebook in notebooks:
        mirror = mirror_path(notebook)
        if not mirror.is_file():
            problems.append(f"{mirror.name}: missing (run `make notebooks`)")
        elif mirror.read_text(encoding="utf-8") != mirror_text(nbformat.read(notebook, as_version=4)):
            problems.append(f"{mirror.name}: differs from {notebook.name} (run `make notebooks`, or "
                            f"`python -m egovlib.notebooks --from-py {mirror.name}` if the mirror was edited)")
    stems = {n.stem for n in notebooks}
    for mirror in sorted(Path(folder).glob("[0-9][0-9]_*.py")):
        if mirror.stem not in stems:
            problems.append(f"{mirror.name}: no notebook {mirror.stem}.ipynb beside it")
    return problems


def update_from_mirror(mirror: Path) -> Path:
    """Replace the cells of ``NN_slug.ipynb`` by those of its edited mirror, keeping matching outputs.

    A code cell keeps the outputs and execution count of an old code cell with the same source;
    a cell keeps the id of the old cell at its position when both have the same type; the
    notebook keeps its metadata. Without an ``.ipynb`` beside the mirror, one is created.
    The result is cleaned (:func:`clean`) and written atomically.

    Parameters
    ----------
    mirror : Path
        The edited ``NN_slug.py``.

    Returns
    -------
    Path
        The notebook written.
    """
    import jupytext
    import nbformat

    notebook = mirror.with_suffix(".ipynb")
    edited = jupytext.read(mirror, fmt="py:percent")
    edited.metadata = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    if notebook.is_file():
        old = nbformat.read(notebook, as_version=4)
        outputs = {c.source: c for c in old.cells if c.cell_type == "code"}
        for position, cell in enumerate(edited.cells):
            if cell.cell_type == "code" and cell.source in outputs:
                cell.outputs = outputs[cell.source].get("outputs", [])
                cell.execution_count = outputs[cell.source].get("execution_count")
            if position < len(old.cells) and old.cells[position].cell_type == cell.cell_type and "id" in old.cells[position]:
                cell.id = old.cells[position].id  # keep cell ids stable, so diffs show only what changed
        edited.metadata = old.metadata
    edited.metadata.pop("jupytext", None)
    clean(edited)
    write_text_atomic(notebook, nbformat.writes(edited) + "\n")
    return notebook


def execute_in_place(notebook: Path, parameters: dict[str, Any] | None = None) -> None:
    """Run ``notebook`` top to bottom and store its outputs in it, then refresh its mirror.

    Papermill executes it in the notebook's folder on a private kernel; the cleaned result
    replaces the file atomically (a failed run leaves it unchanged).

    Parameters
    ----------
    notebook : Path
        The ``.ipynb`` file.
    parameters : dict or None
        Papermill parameters (default: none, the notebook's own values).
    """
    import nbformat
    import papermill as pm

    with atomic_target(notebook) as executed, private_runtime() as runtime:
        pm.execute_notebook(str(notebook), str(executed), parameters=parameters or {}, cwd=str(notebook.parent),
                            km=kernel_manager(runtime), kernel_name="python3", progress_bar=False)
        executed.write_text(nbformat.writes(clean(nbformat.read(executed, as_version=4))) + "\n", encoding="utf-8")
    write_mirror(notebook)


def run(names: list[str] | None = None, *, from_py: Path | None = None, check: bool = False) -> int:
    """``egov notebooks``: update from a mirror, check the mirrors, or re-execute in place.

    Parameters
    ----------
    names : list of str or None
        Notebook names or stems to re-execute (default: all, in order).
    from_py : Path or None
        An edited ``.py`` mirror: copy its cells into its notebook, keeping matching outputs.
    check : bool
        Only check that every mirror agrees with its notebook.

    Returns
    -------
    int
        The exit status: 0 success, 1 a failed notebook or mirror, 2 unknown names.
    """
    if from_py:
        print(f"updated {update_from_mirror(Path(from_py).resolve())}")
        return 0
    if check:
        problems = check_mirrors()
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    chosen = collection()
    if names:
        wanted = {Path(n).stem for n in names}
        unknown = wanted - {p.stem for p in chosen}
        if unknown:
            print(f"egov notebooks: unknown notebooks {sorted(unknown)}; known: {[p.stem for p in chosen]}",
                  file=sys.stderr)
            return 2
        chosen = [p for p in chosen if p.stem in wanted]
    # The default run of the collection: its figures are the committed ones.
    os.environ[FIGURES_ENV] = str(REPO / "figures")
    failed = []
    for notebook in chosen:
        print(f"executing {notebook.name} in place", flush=True)
        try:
            execute_in_place(notebook)
        except Exception as err:  # noqa: BLE001 - report every failure, go on with the rest
            failed.append(notebook.name)
            print(f"FAILED {notebook.name}: {type(err).__name__}: {str(err).splitlines()[-1] if str(err) else ''}",
                  file=sys.stderr)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    """``python -m egovlib.notebooks ...``: an alias of ``egov notebooks ...``.

    Parameters
    ----------
    argv : list of str or None
        The arguments after the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit status of :func:`egovlib.cli.main`.
    """
    from .cli import main as egov

    return egov(["notebooks", *(sys.argv[1:] if argv is None else argv)], prog="python -m egovlib")


if __name__ == "__main__":
    raise SystemExit(main())
