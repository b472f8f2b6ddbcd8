"""Execute one notebook in its own process (the unit of work of the report runner).

``python -m egovlib._execute SPEC.json`` runs papermill on the notebook the spec names, writes
the executed notebook (papermill metadata stripped) and its HTML page, and writes
``SPEC.json.outcome`` with the status and, on failure, the failing cell and error. A separate
process lets the runner enforce a per-notebook timeout by killing it (the kernel follows its
parent), and keeps a crashing kernel from taking the runner down.

Exit status: 0 ok, 2 the notebook raised, 3 the kernel died.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def _html(notebook_path: Path, html_path: Path) -> None:
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(notebook_path, as_version=4)
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    html_path.write_text(body, encoding="utf-8")


def _failed_cell(notebook_path: Path) -> int | None:
    import nbformat

    nb = nbformat.read(notebook_path, as_version=4)
    code_index = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        code_index += 1
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return code_index
    return None


def main(spec_path: str) -> int:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    import nbformat
    import papermill as pm

    from egovlib.notebooks import clean

    source, output, html = Path(spec["source"]), Path(spec["output"]), Path(spec["html"])
    output.parent.mkdir(parents=True, exist_ok=True)
    os.environ["EGOV_FIGURES_DIR"] = spec["figures"]
    outcome: dict = {"status": "ok", "cell": None, "error": None}
    code = 0
    try:
        pm.execute_notebook(str(source), str(output), parameters=spec["parameters"], cwd=str(source.parent),
                            kernel_name="python3", progress_bar=False, log_output=False)
    except pm.PapermillExecutionError as err:
        outcome = {"status": "failed", "cell": _failed_cell(output) if output.exists() else None,
                   "error": f"{err.ename}: {err.evalue}"}
        code = 2
    except Exception as err:  # noqa: BLE001 - a dead kernel or a broken notebook: report, do not crash
        dead = "DeadKernel" in type(err).__name__ or "died" in str(err).lower()
        outcome = {"status": "kernel_died" if dead else "failed", "cell": None,
                   "error": f"{type(err).__name__}: {str(err).strip().splitlines()[-1] if str(err).strip() else ''}"}
        code = 3 if dead else 2
    if output.exists():
        nb = clean(nbformat.read(output, as_version=4))
        nbformat.write(nb, output)
        try:
            _html(output, html)
        except Exception as err:  # noqa: BLE001 - the notebook result stands without its HTML page
            outcome.setdefault("warnings", []).append(f"HTML conversion failed: {err}")
    Path(spec_path + ".outcome").write_text(json.dumps(outcome), encoding="utf-8")
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
