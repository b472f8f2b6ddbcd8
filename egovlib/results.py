"""Key results of a notebook, recorded so that the report runner (and tests) can collect them.

A notebook creates one :class:`Results`, adds each key number with its unit as it computes
it, and ends with ``results.show()``. ``show`` displays the table and stores the same rows
in the cell's output under the MIME type :data:`MIME_TYPE`, so the executed notebook itself
carries its results: :func:`read_results` reads them back, nbval compares them on every
test run, and the runner gathers them into ``results.csv``.

Floats are rounded to :data:`egovlib.formatting.SIGNIFICANT` significant digits, p-values (unit
``"p-value"``) to :data:`egovlib.formatting.P_DIGITS`, and the estimates and intervals of a test
to the digits its n supports (:func:`egovlib.formatting.digits_for`): the collection's display
policy, so that the recorded values do not depend on the last digits of a platform's arithmetic
and claim no more precision than the sample gives (see :mod:`egovlib.formatting`).
"""

from __future__ import annotations

import json
import math
import numbers
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .formatting import P_DIGITS, SIGNIFICANT, fmt, pvalue, round_sig

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["COLUMNS", "MIME_TYPE", "P_UNIT", "Results", "read_parameters", "read_results", "result_rows", "shown_value"]

MIME_TYPE = "application/vnd.egovkz.results+json"
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
COLUMNS = ["notebook", "name", "value", "unit", "description"]
#: The unit of a recorded p-value (recorded to :data:`egovlib.formatting.P_DIGITS` digits).
P_UNIT = "p-value"


class Results:
    """The key results of one notebook run."""

    def __init__(self, notebook: str, parameters: dict[str, Any] | None = None) -> None:
        self.notebook = notebook
        self.parameters = dict(parameters or {})
        self._rows: dict[str, dict[str, Any]] = {}

    def add(self, name: str, value: Any, unit: str, description: str = "") -> Any:
        """Record ``value`` (a number, or ``None`` when it cannot be estimated) under ``name``.

        Re-adding a name replaces its value (rerunning a cell in JupyterLab). Returns the
        value as recorded, so prose can quote exactly what was stored.
        """
        if not isinstance(name, str) or not _NAME.match(name):
            raise ValueError(f"Results.add: name={name!r}; expected lowercase letters, digits and '_'")
        if not isinstance(unit, str) or not unit:
            raise ValueError(f"Results.add({name!r}): unit is empty; use e.g. 'index_0_1', 'percent', 'year', '1'")
        if value is None:
            stored = None
        elif isinstance(value, bool):
            stored = bool(value)
        elif isinstance(value, numbers.Integral):
            stored = int(value)
        elif isinstance(value, numbers.Real):
            if math.isnan(float(value)):
                stored = None
            else:
                stored = round_sig(float(value), P_DIGITS if unit == P_UNIT else SIGNIFICANT)
        elif isinstance(value, str):
            stored = value
        else:
            raise TypeError(f"Results.add({name!r}): value {value!r} is {type(value).__name__}; expected a number or text")
        self._rows[name] = {"notebook": self.notebook, "name": name, "value": stored, "unit": unit,
                            "description": description}
        return stored

    def add_test(self, name: str, result: Any, unit: str, description: str = "") -> None:
        """Record a :class:`egovlib.stats.TestResult`: its estimate, interval, p-value and n together.

        Adds ``name`` (the estimate), ``name_ci_low``/``name_ci_high`` when there is an interval,
        ``name_p`` when there is a p-value, and ``name_n``; each description names the method,
        so no p-value is ever recorded without its n and method.
        """
        about = f"{description + '; ' if description else ''}{result.method}, n = {result.n}"
        result = result.reported()
        self.add(name, result.estimate, unit, about)
        if not math.isnan(result.ci_low):
            level = f"{result.confidence:.0%} interval"
            self.add(f"{name}_ci_low", result.ci_low, unit, f"{level}; {about}")
            self.add(f"{name}_ci_high", result.ci_high, unit, f"{level}; {about}")
        if not math.isnan(result.p_value):
            self.add(f"{name}_p", result.p_value, P_UNIT, about)
        self.add(f"{name}_n", int(result.n), "observations", about)

    def __getitem__(self, name: str) -> Any:
        return self._rows[name]["value"]

    def __len__(self) -> int:
        return len(self._rows)

    def rows(self) -> list[dict[str, Any]]:
        """The recorded results, in the order they were first added."""
        return [dict(r) for r in self._rows.values()]

    def to_frame(self) -> pd.DataFrame:
        """The results as a DataFrame (notebook, name, value, unit, description)."""
        import pandas as pd

        return pd.DataFrame(self.rows(), columns=COLUMNS)

    def payload(self) -> dict[str, Any]:
        """The JSON document stored in the notebook output."""
        return {"notebook": self.notebook, "parameters": self.parameters, "results": self.rows()}

    def show(self) -> None:
        """Display the table of results and store them in the output for the runner."""
        from IPython.display import display

        frame = self.to_frame().drop(columns="notebook")
        frame["value"] = [shown_value(value, unit) for value, unit in zip(frame["value"], frame["unit"], strict=True)]
        bundle = {
            MIME_TYPE: self.payload(),
            "text/plain": frame.to_string(index=False),
            "text/html": frame.to_html(index=False),
        }
        display(bundle, raw=True)


def shown_value(value: Any, unit: str) -> str:
    """A recorded value as the results table shows it.

    A year as ``2021`` (no thousands separator), a p-value through
    :func:`egovlib.formatting.pvalue` (``< 0.001`` below 0.001), any other value through
    :func:`egovlib.formatting.fmt` (text as it is, ``None`` and NaN as ``n/a``).

    Parameters
    ----------
    value : Any
        The recorded value.
    unit : str
        Its unit; ``"year"`` and :data:`P_UNIT` are shown specially.

    Returns
    -------
    str
        The text shown.

    Examples
    --------
    >>> shown_value(2021, "year"), shown_value(0.0004, "p-value"), shown_value(108604, "users"), shown_value(None, "1")
    ('2021', '< 0.001', '108,604', 'n/a')
    """
    if unit == P_UNIT and isinstance(value, numbers.Real) and not isinstance(value, bool):
        return pvalue(value)
    if unit == "year" and isinstance(value, numbers.Real) and not isinstance(value, bool) \
            and float(value).is_integer():
        return str(int(value))
    return fmt(value)


def _payloads(notebook: str | Path):
    """The recorded-results documents in the outputs of an executed notebook, in cell order."""
    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))  # nbformat 4 is plain JSON; no validation needed
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            payload = output.get("data", {}).get(MIME_TYPE)
            if payload is not None:
                yield json.loads(payload) if isinstance(payload, str) else payload


def result_rows(notebook: str | Path) -> list[dict[str, Any]]:
    """The results recorded in an executed notebook as plain rows (dicts of :data:`COLUMNS`), in cell order.

    Parameters
    ----------
    notebook : str or Path
        Path of the executed ``.ipynb``.

    Returns
    -------
    list of dict
        One dict per recorded result, from every results output of the notebook.
    """
    return [row for payload in _payloads(notebook) for row in payload["results"]]


def read_results(notebook: str | Path, *, record_read: bool = True) -> pd.DataFrame:
    """The results recorded in an executed notebook (empty frame if it recorded none).

    In a report run the read is recorded (with the digest of the rows) so that the runner
    re-executes this notebook's reader when the results change; ``record_read=False`` skips that.

    Parameters
    ----------
    notebook : str or Path
        Path of the executed ``.ipynb``.
    record_read : bool
        Record the read for the report runner (default ``True``).

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`result_rows`, with columns :data:`COLUMNS`.
    """
    import pandas as pd

    rows = result_rows(notebook)
    if record_read:
        from . import _inputs

        _inputs.record("results", Path(notebook).stem, notebook, _inputs.results_digest(rows))
    return pd.DataFrame(rows, columns=COLUMNS)


def read_parameters(notebook: str | Path) -> dict[str, Any]:
    """The parameters recorded with the results of an executed notebook.

    Parameters
    ----------
    notebook : str or Path
        Path of the executed ``.ipynb``.

    Returns
    -------
    dict
        The parameters of the first results output, or ``{}`` when the notebook recorded none.
    """
    for payload in _payloads(notebook):
        return dict(payload["parameters"])
    return {}
