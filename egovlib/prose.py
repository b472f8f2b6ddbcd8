"""Numbers for the prose of a notebook: glued from the computation into its markdown cells.

A sentence that states a computed number lives in a markdown cell and takes the number from
the computation through myst-nb's *glue*: the code cell calls :func:`say`, which stores the
number as text formatted by :mod:`egovlib.formatting`, and the markdown cell names it with the
``{glue:md}`` role::

    # %%
    n = results.add("claims_reproduced", ..., "claims")
    say("n_reproduced", n)                       # '268' (through egovlib.formatting.fmt)
    say("p_trend", formatting.pvalue(p))         # text is glued as it is: '< 0.001'

    # %% [markdown]
    # {glue:md}`n_reproduced` claims are reproduced (p = {glue:md}`p_trend`).

The output :func:`say` writes is exactly what ``myst_nb.glue(name, value, display=False)``
writes for an object whose Markdown and plain text are ``text`` (MIME types prefixed with
``application/papermill.record/`` and the key in the ``scrapbook`` metadata), so the book
(:mod:`egovlib._book`, built by myst-nb) resolves the roles, while notebooks do not need
myst-nb installed to run. The text is glued as ``text/markdown`` (so a glued phrase may carry
emphasis) and as ``text/plain`` without quotes; use ``{glue:md}``, not ``{glue:text}`` (which
would read ``1,234`` as a Python tuple) or ``{glue}`` (which would show the plain text).

Keys are unique within a notebook (myst-nb warns about a repeated key, and the book's build
fails on any warning); different notebooks may use the same key. :func:`resolve` replaces the
roles of a notebook's markdown cells by the glued text, for readers without myst-nb (the HTML
page of a report run).
"""

from __future__ import annotations

import copy
import numbers
import re
from typing import Any

from .results import shown_value

__all__ = ["GLUE_PREFIX", "ROLE", "glued", "resolve", "say", "unresolved"]

#: The MIME prefix of a glued value that is not displayed (myst-nb's ``GLUE_PREFIX``).
GLUE_PREFIX = "application/papermill.record/"

#: A glue role or fenced ``{glue:md}`` directive in markdown; group ``key`` is the glued name.
ROLE = re.compile(r"\{glue(?::(?:md|text|any))?\}`(?P<key>[^`:]+)(?::[^`]*)?`"
                  r"|^(?P<fence>```+|~~~+)\{glue(?::(?:md|any))?\}[ \t]+(?P<block>\S+)[^\n]*\n"
                  r"(?:[^\n]*\n)*?(?P=fence)[ \t]*$", re.MULTILINE)

_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def say(name: str, value: Any, unit: str | None = None) -> None:
    """Glue ``value`` under ``name`` as text, for a ``{glue:md}`name``` role in a markdown cell.

    Parameters
    ----------
    name : str
        The key: letters, digits and ``_``, not starting with a digit; unique within the notebook.
    value : str, int or float
        Text is glued as it is (Markdown: a phrase, a clause or a value already formatted by
        :func:`egovlib.formatting.pvalue`, :func:`~egovlib.formatting.percent` ...). A number is
        formatted as the results table shows it (:func:`egovlib.results.shown_value`: four
        significant digits, thousands separators, ``n/a`` for ``None`` and NaN), so the stored
        output does not depend on the last digits of a platform's arithmetic.
    unit : str, optional
        The unit of a number, as in :meth:`egovlib.results.Results.add`; ``"year"`` shows an
        integral year without a thousands separator (``2006``, not ``2,006``).

    Returns
    -------
    None
        Nothing, so that a ``say`` on the last line of a cell adds no ``Out[]``.

    Raises
    ------
    ValueError
        If ``name`` is not a valid key.
    TypeError
        If ``value`` is neither text, a number nor ``None``.
    """
    from IPython.display import display

    data, metadata = _bundle(name, _text(name, value, unit))
    display(data, raw=True, metadata=metadata)


def _text(name: str, value: Any, unit: str | None) -> str:
    if not isinstance(name, str) or not _KEY.match(name):
        raise ValueError(f"say: name={name!r}; expected letters, digits and '_', not starting with a digit")
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, numbers.Real) and not isinstance(value, bool)):
        return shown_value(value, unit or "")
    raise TypeError(f"say({name!r}): value {value!r} is {type(value).__name__}; expected text or a number "
                    "(format anything else with egovlib.formatting first)")


def _bundle(name: str, text: str) -> tuple[dict[str, str], dict[str, Any]]:
    data = {GLUE_PREFIX + "text/plain": text, GLUE_PREFIX + "text/markdown": text}
    return data, {"scrapbook": {"name": name, "mime_prefix": GLUE_PREFIX}}


def glued(nb: Any) -> dict[str, str]:
    """The values glued in an executed notebook, as ``{key: markdown text}``, in cell order.

    Parameters
    ----------
    nb : nbformat.NotebookNode or dict
        An executed notebook (nbformat 4).

    Returns
    -------
    dict of str to str
        Each glued key with its ``text/markdown`` (or, failing that, ``text/plain``) value; a key
        glued twice keeps its last value.
    """
    values: dict[str, str] = {}
    for cell in nb["cells"]:
        for output in cell.get("outputs", []) if cell["cell_type"] == "code" else []:
            meta = output.get("metadata", {}).get("scrapbook")
            if not meta:
                continue
            prefix = meta.get("mime_prefix", "")
            data = output.get("data", {})
            text = data.get(prefix + "text/markdown", data.get(prefix + "text/plain"))
            if text is not None:
                values[meta["name"]] = "".join(text) if isinstance(text, list) else text
    return values


def unresolved(nb: Any) -> list[str]:
    """The glue keys named in the markdown cells of ``nb`` that no code cell glued.

    Parameters
    ----------
    nb : nbformat.NotebookNode or dict
        An executed notebook (nbformat 4).

    Returns
    -------
    list of str
        Each missing key once, in the order the markdown first names it (empty when all resolve).
    """
    values = glued(nb)
    missing = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            for match in ROLE.finditer(source):
                key = match.group("key") or match.group("block")
                if key not in values and key not in missing:
                    missing.append(key)
    return missing


def resolve(nb: Any) -> Any:
    """A copy of ``nb`` whose markdown cells show the glued text in place of the glue roles.

    For readers without myst-nb (nbconvert's HTML page of a report run). A role whose key was not
    glued is left as it is. The glue outputs themselves (MIME types under :data:`GLUE_PREFIX`
    only, never displayed) are dropped from the copy, since nbconvert cannot render them.

    Parameters
    ----------
    nb : nbformat.NotebookNode or dict
        An executed notebook.

    Returns
    -------
    nbformat.NotebookNode or dict
        A deep copy with the roles and ``{glue:md}`` blocks of its markdown cells replaced and
        the glue outputs of its code cells removed.
    """
    values = glued(nb)
    out = copy.deepcopy(nb)

    def paste(match: re.Match[str]) -> str:
        key = match.group("key") or match.group("block")
        return values.get(key, match.group(0))

    for cell in out["cells"]:
        if cell["cell_type"] == "markdown":
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            cell["source"] = ROLE.sub(paste, source)
        elif cell["cell_type"] == "code":
            cell["outputs"] = [o for o in cell.get("outputs", []) if not _only_glue(o)]
    return out


def _only_glue(output: Any) -> bool:
    data = output.get("data", {}) if output.get("output_type") == "display_data" else {}
    return bool(data) and all(key.startswith(GLUE_PREFIX) for key in data)
