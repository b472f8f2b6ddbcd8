"""Step 1 of a run: read the notebooks' parameters and the request, refuse what is wrong, make the tasks.

:func:`plan` reads the notebooks' ``parameters`` cells (through papermill), the settings and the
command line, and expands grids into :class:`Task` objects. Unknown notebooks or parameters,
values of the wrong type and malformed grids are refused here, before anything runs, with a
:class:`~egovlib.errors.ReportError` naming the problem.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import itertools
import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._paths import safe_name
from ..errors import ReportError
from .settings import Settings

__all__ = ["Task", "checked_types", "discover", "parse_grid", "parse_value", "plan", "remember_parameters"]


@dataclass(frozen=True)
class Task:
    """One notebook run: which notebook, with which parameters, into which sub-folder of the run."""

    notebook: str
    parameters: dict[str, Any]
    run: str  # sub-folder of the report, e.g. "02_egdi_trajectory" or "02_egdi_trajectory/country=ARM"



# The checks of ``egovlib.params`` that a notebook applies to its parameters, and the type each implies
# (year_range checks two parameters: its first and third arguments).
CHECK_TYPES: dict[str, type] = {"integer": int, "year_range": int, "number": float, "boolean": bool,
                                "folder_or_none": str, "subset": list}
ANNOTATION_TYPES: dict[str, type] = {"int": int, "float": float, "bool": bool, "str": str, "list": list}


def discover(notebooks_dir: Path, *, cache_file: Path | None = None) -> dict[str, dict[str, dict[str, Any]]]:
    """Notebooks of the collection and their parameters: ``{name: {param: {default, help, type}}}``.

    ``type`` is the type a value must have: that of the default; for a default of ``None``, the
    type annotation if there is one, else the type implied by the ``egovlib.params`` check the
    notebook applies to it (``params.year_range("start_year", ...)``: int), else ``None`` (any).

    With ``cache_file`` (written by :func:`remember_parameters` after a run) a notebook whose file
    has the sha256 recorded there is not inspected again, so that a run in which no notebook
    changed does not load papermill (about 2 s).

    Parameters
    ----------
    notebooks_dir : pathlib.Path
        The folder of the collection's notebooks.
    cache_file : pathlib.Path, optional
        The cache of parameters from earlier runs.

    Returns
    -------
    dict
        ``{notebook stem: {parameter: {"default", "help", "type"}}}`` in the collection's order.
    """
    from ..notebooks import collection

    cached = _read_discover_cache(cache_file)
    found = {}
    for path in collection(notebooks_dir):
        entry = cached.get(path.name)
        if (entry is not None and entry.get("sha256") == _file_sha(path)
                and entry.get("python_types") == _TYPE_NAMES_KEY):
            found[path.stem] = {name: {**info, "type": _TYPES_BY_NAME.get(info["type"])}
                                for name, info in entry["parameters"].items()}
        else:
            found[path.stem] = _inspect(path)
    return found


def remember_parameters(notebooks_dir: Path, catalogue: dict[str, dict[str, dict[str, Any]]],
                        cache_file: Path) -> None:
    """Write the cache that :func:`discover` reads; only into a folder that exists, and never failing.

    A notebook whose defaults do not come back from JSON unchanged is left out (it is inspected
    every time).

    Parameters
    ----------
    notebooks_dir : pathlib.Path
        The folder of the collection's notebooks (their sha256 is recorded).
    catalogue : dict
        The parameters found by :func:`discover`.
    cache_file : pathlib.Path
        Where to write the cache.
    """
    from ..notebooks import collection

    fresh = {}
    for path in collection(notebooks_dir):
        if path.stem not in catalogue:
            continue
        stored = {name: {**info, "type": info["type"].__name__ if info["type"] is not None else None}
                  for name, info in catalogue[path.stem].items()}
        if all(_round_trips(info["default"]) and (info["type"] in _TYPES_BY_NAME or info["type"] is None)
               for info in stored.values()):
            fresh[path.name] = {"sha256": _file_sha(path), "python_types": _TYPE_NAMES_KEY, "parameters": stored}
    if fresh == _read_discover_cache(cache_file) or not cache_file.parent.is_dir():
        return
    with contextlib.suppress(OSError, TypeError, ValueError):  # a cache that cannot be written only costs time
        temporary = cache_file.with_name(f".{cache_file.name}.{os.getpid()}")
        temporary.write_text(json.dumps(fresh, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(temporary, cache_file)


def _file_sha(path: Path) -> str:
    from .._inputs import digest_bytes

    return digest_bytes(path.read_bytes())


_TYPES_BY_NAME: dict[str, type] = {t.__name__: t for t in (int, float, bool, str, list, dict, tuple)}
_TYPE_NAMES_KEY = sorted(_TYPES_BY_NAME)


def _round_trips(value: Any) -> bool:
    """Whether a default comes back from JSON as the same value of the same type."""
    try:
        back = json.loads(json.dumps(value))
    except (TypeError, ValueError):
        return False
    return back == value and type(back) is type(value)


def _read_discover_cache(cache_file: Path | None) -> dict[str, Any]:
    if cache_file is None:
        return {}
    try:
        data = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _inspect(path: Path) -> dict[str, dict[str, Any]]:
    """The parameters of one notebook, read by papermill's ``inspect_notebook``."""
    import papermill as pm

    checked = checked_types(path)
    parameters = {}
    for name, info in pm.inspect_notebook(str(path)).items():
        try:
            default = ast.literal_eval(info["default"])
        except (ValueError, SyntaxError):
            default = info["default"]
        kind = type(default) if default is not None else (
            ANNOTATION_TYPES.get(str(info.get("inferred_type_name", "")).split("|")[0].strip())
            or checked.get(name))
        parameters[name] = {"default": default, "help": info.get("help", ""), "type": kind}
    return parameters


def checked_types(path: Path) -> dict[str, type]:
    """``{parameter: type}`` from the ``params.<check>("name", ...)`` calls in a notebook's code cells."""
    found: dict[str, type] = {}
    for cell in json.loads(path.read_text(encoding="utf-8")).get("cells", []):  # nbformat 4 is plain JSON
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        try:
            tree = ast.parse("".join(source) if isinstance(source, list) else source)
        except SyntaxError:  # cell magics and the like
            continue
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "params"
                    and node.func.attr in CHECK_TYPES):
                continue
            positions = (0, 2) if node.func.attr == "year_range" else (0,)
            for i in positions:
                if i < len(node.args) and isinstance(node.args[i], ast.Constant) and isinstance(node.args[i].value, str):
                    found.setdefault(node.args[i].value, CHECK_TYPES[node.func.attr])
    return found


def parse_value(text: Any, default: Any, *, where: str, kind: type | None = None) -> Any:
    """Turn a command-line string (or a value from report.toml) into a value of the parameter's type.

    The type is that of ``default``; for a default of ``None`` it is ``kind`` (see :func:`discover`),
    and ``None`` stays allowed; with neither, any value goes. Non-finite numbers (nan, inf) are
    refused: the manifest, which is strict JSON, could not record them.
    """
    def literal(raw: str) -> Any:
        try:
            return ast.literal_eval(raw)
        except (ValueError, SyntaxError):
            return raw

    expected = type(default) if default is not None else kind
    if not isinstance(text, str):  # values from report.toml already have a type
        value = text
    elif expected is str:
        value = literal(text) if text.strip().startswith("[") else text
    elif expected is list:
        value = literal(text) if text.strip().startswith("[") else [literal(p.strip()) for p in text.split(",") if p.strip()]
    else:
        value = literal(text)
    if isinstance(value, float) and not math.isfinite(value):
        raise ReportError(f"{where}: value {text!r}: expected a finite number (not nan or inf)")
    if expected is None or value is None:
        return value
    ok = isinstance(value, expected) and not (expected is int and isinstance(value, bool))
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        ok, value = True, float(value)
    if expected is str and isinstance(value, list):
        ok = True  # a parameter such as sources="all" also takes a list
    if not ok:
        like = (f"like the default {default!r}" if default is not None
                else f"or None, the default; the notebook checks it as {expected.__name__}")
        raise ReportError(f"{where}: value {text!r} is {type(value).__name__}; expected {expected.__name__} ({like})")
    return value


def parse_grid(spec: str) -> tuple[str, list[str]]:
    """``KEY=V1,V2,...`` -> (key, [values]); refuses malformed specs."""
    key, sep, values = spec.partition("=")
    key = key.strip()
    items = [v.strip() for v in values.split(",")]
    if not sep or not key or not key.isidentifier() or not values.strip() or any(not v for v in items):
        raise ReportError(f"--grid {spec!r}: expected KEY=V1,V2,... (a parameter name, '=', comma-separated values)")
    if len(set(items)) != len(items):
        raise ReportError(f"--grid {spec!r}: a value is repeated")
    return key, items


def plan(
    settings: Settings,
    *,
    only: Sequence[str] = (),
    overrides: Sequence[tuple[str, str]] = (),
    grids: Sequence[str] = (),
    catalogue: dict[str, dict[str, dict[str, Any]]] | None = None,
) -> list[Task]:
    """The tasks of a run, after checking every name, parameter and value.

    Parameters
    ----------
    settings : Settings
        The run's settings (notebooks folder, defaults from ``report.toml``).
    only : sequence of str
        Notebooks to run, by full name, number or prefix (all when empty).
    overrides : sequence of (str, str)
        ``-p KEY VALUE`` pairs, applied to every notebook that has the parameter.
    grids : sequence of str
        ``--grid KEY=V1,V2`` specifications; each combination is one run.
    catalogue : dict, optional
        The notebooks' parameters (:func:`discover` when omitted).

    Returns
    -------
    list of Task
        One task per run, in the collection's order.

    Raises
    ------
    ReportError
        If a name, parameter, value or grid is unknown or malformed.
    """
    catalogue = catalogue if catalogue is not None else discover(settings.notebooks_dir)
    if not catalogue:
        raise ReportError(f"no notebooks (NN_slug.ipynb) in {settings.notebooks_dir}")
    chosen = list(catalogue)
    if only:
        wanted = []
        for name in only:
            matches = [n for n in catalogue if n == name or n.split("_", 1)[0] == name or n.startswith(name)]
            if len(matches) != 1:
                raise ReportError(f"--only {name!r}: {'ambiguous' if matches else 'unknown'} notebook; "
                                  f"known: {', '.join(catalogue)}")
            wanted.append(matches[0])
        chosen = [n for n in catalogue if n in wanted]
    for notebook, values in settings.parameters.items():
        if notebook not in catalogue:
            raise ReportError(f"report.toml [parameters.{notebook}]: unknown notebook; known: {', '.join(catalogue)}")
        unknown = set(values) - set(catalogue[notebook])
        if unknown:
            raise ReportError(f"report.toml [parameters.{notebook}]: unknown parameters {sorted(unknown)}; "
                              f"{notebook} takes {sorted(catalogue[notebook])}")
    for key, _ in overrides:
        if not any(key in catalogue[n] for n in chosen):
            raise ReportError(f"-p {key}: no selected notebook has a parameter {key!r}; "
                              f"parameters: {sorted({p for n in chosen for p in catalogue[n]})}")
    parsed_grids = [parse_grid(g) for g in grids]
    keys = [k for k, _ in parsed_grids]
    if len(set(keys)) != len(keys):
        raise ReportError(f"--grid: parameter given twice in {list(grids)}")
    for key, _ in parsed_grids:
        if not any(key in catalogue[n] for n in chosen):
            raise ReportError(f"--grid {key}=...: no selected notebook has a parameter {key!r}")
        if key in dict(overrides):
            raise ReportError(f"{key!r} is both in -p and in --grid; give it once")
    tasks = []
    for notebook in chosen:
        known = catalogue[notebook]
        parameters: dict[str, Any] = {}
        if settings.un_folder and "un_folder" in known:
            parameters["un_folder"] = settings.un_folder
        for key, value in settings.parameters.get(notebook, {}).items():
            parameters[key] = parse_value(value, known[key]["default"], where=f"report.toml {notebook}.{key}",
                                          kind=known[key].get("type"))
        for key, text in overrides:
            if key in known:
                parameters[key] = parse_value(text, known[key]["default"], where=f"-p {key} for {notebook}",
                                              kind=known[key].get("type"))
        axes = [(k, [parse_value(v, known[k]["default"], where=f"--grid {k} for {notebook}",
                                 kind=known[k].get("type")) for v in vs], _labels(vs))
                for k, vs in parsed_grids if k in known]
        if not axes:
            tasks.append(Task(notebook, parameters, notebook))
            continue
        for combination in itertools.product(*[range(len(values)) for _, values, _ in axes]):
            combo = dict(parameters)
            labels = []
            for (key, values, names), i in zip(axes, combination, strict=True):
                combo[key] = values[i]
                labels.append(f"{key}={names[i]}")
            tasks.append(Task(notebook, combo, f"{notebook}/{','.join(labels)}"))
    folders = [t.run.casefold() for t in tasks]
    if len(set(folders)) != len(folders):  # cannot happen with _labels; a last guard against lost runs
        raise ReportError(f"two runs would share a folder: {sorted(f for f in folders if folders.count(f) > 1)}")
    return tasks


def _labels(texts: Sequence[str]) -> list[str]:
    """Folder names for grid values: readable, and never the same for two values.

    A value made only of letters, digits, ``-``, ``_`` and ``.`` (up to 60) is its own name. Any
    other value, and values that differ only in case (one folder on macOS and Windows), get a slug
    plus ``~`` and 8 hex digits of the SHA-256 of the exact value: ``/data/a b`` -> ``-data-a-b~1c3f...``.
    No plain name contains ``~``, so a hashed name never equals a plain one.
    """
    slugs = [safe_name(t, keep="-_.", fill="-", ascii_only=True)[:60] for t in texts]
    folded = [s.casefold() for s in slugs]
    return [slug if slug == text and folded.count(slug.casefold()) == 1 and slug not in (".", "..")
            else f"{slug}~{hashlib.sha256(text.encode()).hexdigest()[:8]}"
            for text, slug in zip(texts, slugs, strict=True)]
