"""Page generators of the book: each takes plain data and returns the MyST Markdown of one page.

They do no file input or output, so they are tested without Sphinx (``tests/test_book.py``).
Internal links use Sphinx roles (``{doc}``, ``{ref}``, ``{download}``), so a link to a page or
file that does not exist is a warning of the build, which the builder turns into an error.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from ..datasets import SHORT_NAMES, author_year
from ..formatting import fmt
from .content import Content, Run
from .findings import KEY_FINDINGS, state

__all__ = [
    "escape", "table", "cite_label", "chapter_doc", "landing_page", "datasets_index", "dataset_page",
    "register_page", "results_page", "bibliography_page", "status_page", "grid_index", "missing_run_page",
]

_SPECIAL = re.compile(r"([\\`*_\[\]<>|$#{}!~])")


def escape(text: Any) -> str:
    """``text`` as literal Markdown inline text: punctuation escaped, line breaks as spaces."""
    shown = "" if text is None else str(text)
    return _SPECIAL.sub(r"\\\1", " ".join(shown.split()))


def code(text: Any) -> str:
    """``text`` as inline code (backticks inside it are replaced, which no value here contains)."""
    return f"`{str(text).replace('`', chr(39))}`" if str(text) else ""


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A pipe table; cells are Markdown already (use :func:`escape` for plain text)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def filterable(markdown_table: str) -> str:
    """Wrap a table in the container whose tables get a filter box (``_static/egov-book.js``)."""
    return f"```{{container}} egov-register\n{markdown_table}\n```"


def cite_label(source: dict[str, Any]) -> str:
    """Author-year of a source, as in the figure captions (``Orazgaliyeva et al. (2023)``)."""
    text = author_year(source)
    for long, abbreviation in SHORT_NAMES.items():
        text = text.replace(long, abbreviation)
    return text


def cite(key: str, sources: dict[str, dict[str, Any]]) -> str:
    """A link from a citation key to its entry in the bibliography (the key itself if unknown)."""
    if key not in sources:
        return escape(key)
    return f"{{ref}}`{escape_role(cite_label(sources[key]))} <bib-{key}>`"


def escape_role(text: str) -> str:
    """Text inside a role's title: ``<`` and backticks would end it."""
    return text.replace("<", "(").replace(">", ")").replace("`", "'")


def chapter_doc(run: Run) -> str:
    """The document name of a run's page."""
    return f"grid/{run.slug}" if run.is_grid else f"chapters/{run.run}"


def _results_by_run(content: Content) -> dict[str, dict[str, dict[str, Any]]]:
    found: dict[str, dict[str, dict[str, Any]]] = {}
    for row in content.results:
        found.setdefault(row["run"], {})[row["name"]] = row
    return found


# -- landing page ------------------------------------------------------------------------------
def landing_page(content: Content, titles: dict[str, str], *, title: str = "egov-kz: e-government in Kazakhstan and its "
                 "neighbours") -> str:
    """The landing page: what the collection is, the key findings from the recorded results, the contents."""
    by_run = _results_by_run(content)
    manifest = content.manifest
    if manifest:
        provenance = (f"This book shows report run {code(manifest.get('run_id', '?'))} of `egov report` "
                      f"(finished {escape(manifest.get('finished', '?'))}, status {escape(manifest.get('status', '?'))}). "
                      "It was built from the executed notebooks without running them again; the {doc}`status` page "
                      "lists each notebook's run time and the package versions.")
    else:
        provenance = ("This book was built from the committed, executed notebooks of the collection (no report run); "
                      "run `make report` for a book with run times and the environment of a fresh run.")
    lines = [f"# {escape(title)}", "",
             "An open, reproducible research collection on e-government in Kazakhstan and its neighbours (Central "
             "Asia, the South Caucasus, the Eurasian Economic Union): curated data with provenance, a small analysis "
             "library and parameterised notebooks, read here as a book.", "", provenance, "",
             "## Key findings", "",
             "Each value below is read from the results that the notebooks recorded in this run, with its interval, "
             "p-value and n where the result has them; the chapter gives the argument and the caveats.", ""]
    chapters = {r.run for r in content.chapters}
    for finding in KEY_FINDINGS:
        where = f" ({{doc}}`{escape_role(titles.get(finding.notebook, finding.notebook))} <chapters/{finding.notebook}>`)"
        lines.append(f"- {state(finding, by_run.get(finding.notebook, {}))}{where if finding.notebook in chapters else ''}")
    failed = [r for r in content.runs if r.status not in ("ok", "committed")]
    if failed:
        lines += ["", "```{warning}", "Some notebooks did not run to the end in this report: "
                  + ", ".join(f"{r.run} ({r.status})" for r in failed) + ". See the {doc}`status` page.", "```"]
    lines += ["", "## Contents", "", _toctree("Chapters", [chapter_doc(r) for r in content.chapters])]
    if content.grid:
        lines += ["", _toctree("Grid runs", ["grid/index"])]
    lines += ["", _toctree("Data", ["data/index", "registers/conflicts", "registers/claims"]),
              "", _toctree("Reference", ["results", "bibliography", "status"])]
    return "\n".join(lines) + "\n"


def _toctree(caption: str, docs: Sequence[str], *, hidden: bool = False) -> str:
    options = [f":caption: {caption}", ":maxdepth: 1"] + ([":hidden:"] if hidden else [])
    return "\n".join(["```{toctree}", *options, "", *docs, "```"])


def missing_run_page(run: Run) -> str:
    """The page of a run that left no executed notebook (its kernel died before writing one)."""
    return (f"# {escape(run.run)}\n\nThis run left no executed notebook: status {escape(run.status)}"
            f"{', ' + escape(run.error) if run.error else ''}. See the {{doc}}`status </status>` page.\n")


def grid_index(content: Content, titles: dict[str, str]) -> str:
    """The section of grid runs (``egov report --grid``): one page per run, grouped by notebook."""
    lines = ["# Grid runs", "",
             "Runs of a notebook with other parameters (`egov report --grid KEY=V1,V2`), one page per run. "
             "Their results are on the {doc}`results </results>` page under the run's name.", ""]
    by_notebook: dict[str, list[Run]] = {}
    for run in content.grid:
        by_notebook.setdefault(run.notebook, []).append(run)
    for notebook, runs in by_notebook.items():
        lines += [f"## {escape(titles.get(notebook, notebook))}", "",
                  table(["run", "parameters", "status"],
                        [[f"{{doc}}`{escape_role(r.run.split('/', 1)[1])} <{r.slug}>`",
                          code(json.dumps(r.parameters, sort_keys=True)), escape(r.status)] for r in runs]), ""]
    lines.append(_toctree("Grid runs", [r.slug for r in content.grid], hidden=True))
    return "\n".join(lines) + "\n"


# -- data --------------------------------------------------------------------------------------
def datasets_index(resources: Sequence[dict[str, Any]], sources: dict[str, dict[str, Any]]) -> str:
    """The list of datasets, each linked to its page."""
    rows = []
    for resource in resources:
        keys = _source_keys(resource)
        rows.append([f"{{doc}}`{resource['name']} <{resource['name']}>`", escape(resource.get("title", "")),
                     "; ".join(cite(k, sources) for k in keys)])
    return "\n".join([
        "# Datasets", "",
        "The curated datasets of the collection (`data/datapackage.json`). Each page gives the description, "
        "units, schema, sources and licence, and links the CSV file itself. Every row of a dataset names its "
        "`source` and the `locator` (table, section) where the value stands.", "",
        table(["dataset", "title", "sources"], rows), "",
        _toctree("Datasets", [r["name"] for r in resources], hidden=True)]) + "\n"


def _source_keys(resource: dict[str, Any]) -> list[str]:
    for field in resource.get("schema", {}).get("fields", []):
        if field["name"] == "source":
            return list(field.get("constraints", {}).get("enum", []))
    return []


def _constraints(field: dict[str, Any]) -> str:
    c = field.get("constraints", {})
    parts = []
    if c.get("required"):
        parts.append("required")
    if c.get("unique"):
        parts.append("unique")
    for key, label in (("minimum", "min"), ("maximum", "max")):
        if key in c:
            parts.append(f"{label} {fmt(c[key])}")
    if "pattern" in c:
        parts.append(f"pattern {code(c['pattern'])}")
    if "enum" in c:
        values = c["enum"]
        shown = ", ".join(code(v) for v in values[:12]) + (f", ... ({len(values)} values)" if len(values) > 12 else "")
        parts.append(f"one of {shown}")
    return "; ".join(parts)


def dataset_page(resource: dict[str, Any], sources: dict[str, dict[str, Any]], licenses: Sequence[dict[str, Any]],
                 *, rows: int | None = None, csv_name: str | None = None, run_hash: str | None = None) -> str:
    """The page of one dataset: title, description, units, schema, sources, licence and the CSV.

    ``csv_name`` is the copy of the CSV beside the page (linked with ``{download}``); ``run_hash``
    is the checksum the report's manifest recorded for it, compared with the current one.
    """
    name = resource["name"]
    fields = resource.get("schema", {}).get("fields", [])
    units = []
    for field in fields:
        if field["name"] == "unit":
            units += [code(u) for u in field.get("constraints", {}).get("enum", [])]
        elif "unit" in field:
            units.append(f"{code(field['name'])}: {escape(field['unit'])}")
    lines = [f"# {escape(name)}: {escape(resource.get('title', name))}", "",
             f"Dataset {code(name)}: `egovlib.load(\"{name}\")` reads it with its types, after checking its "
             "checksum, schema and invariants.", "",
             escape(resource.get("description", "")), ""]
    facts = []
    if csv_name:
        facts.append(f"File: {{download}}`{csv_name} <{csv_name}>`" + (f" ({fmt(rows)} rows)" if rows is not None else ""))
    digest = resource.get("hash", "")
    if digest:
        facts.append(f"Checksum: {code(digest)}")
    if run_hash is not None and digest and run_hash != digest:
        facts.append("The report ran on another version of this file (its manifest records "
                     f"{code(run_hash)}).")
    lines += [f"- {f}" for f in facts] + [""]
    lines += ["## Units", "", ", ".join(units) if units else "No unit column: see the schema.", ""]
    lines += ["## Sources", ""]
    keys = _source_keys(resource)
    lines += [f"- {cite(k, sources)}: {escape(sources[k].get('title', ''))}" if k in sources else f"- {escape(k)}"
              for k in keys] or ["Not recorded in the schema."]
    lines += ["", "Each row names its source in the `source` column and where in it the value stands in `locator`.", ""]
    lines += ["## Licence", ""]
    own = resource.get("licenses") or licenses
    lines += [f"- {escape(lic.get('title') or lic.get('name', ''))} ({code(lic.get('name', ''))})" for lic in own]
    lines += ["", "## Schema", ""]
    lines.append(table(["field", "type", "description", "constraints"],
                       [[code(f["name"]), escape(f.get("type", "")), escape(f.get("description", "")),
                         _constraints(f)] for f in fields]))
    key = resource.get("schema", {}).get("primaryKey")
    if key:
        lines += ["", f"Primary key: {', '.join(code(k) for k in ([key] if isinstance(key, str) else key))}."]
    return "\n".join(lines) + "\n"


def register_page(title: str, intro: str, header: Sequence[str], records: Sequence[dict[str, Any]],
                  *, code_columns: Sequence[str] = (), source_columns: Sequence[str] = (),
                  sources: dict[str, dict[str, Any]] | None = None, csv_name: str | None = None) -> str:
    """A register (conflicts, claims) as a table with a filter box; ``records`` are the CSV's rows."""
    sources = sources or {}

    def cell(column: str, value: Any) -> str:
        if value is None or value == "":
            return ""
        if column in code_columns:
            return code(value)
        if column in source_columns:
            return cite(str(value), sources)
        return escape(value)

    rows = [[cell(c, r.get(c)) for c in header] for r in records]
    lines = [f"# {escape(title)}", "", intro, ""]
    if csv_name:
        lines += [f"The register as a file: {{download}}`{csv_name} <{csv_name}>` ({fmt(len(records))} rows). "
                  "Type in the box above the table to show only the rows that contain the text.", ""]
    lines.append(filterable(table([escape(h) for h in header], rows)))
    return "\n".join(lines) + "\n"


# -- reference pages ---------------------------------------------------------------------------
def results_page(content: Content, titles: dict[str, str]) -> str:
    """Every recorded result of the report, by run, with its unit and method."""
    lines = ["# Results", "",
             "The key numbers each notebook recorded (`egovlib.results.Results`), as the report collected them "
             "into `results.csv`. Values are shown to four significant digits; a test's interval, p-value and n "
             "are the rows `_ci_low`, `_ci_high`, `_p` and `_n` beside its estimate.", ""]
    by_run = _results_by_run(content)
    for run in [*content.chapters, *content.grid]:
        rows = by_run.get(run.run, {})
        heading = titles.get(run.notebook, run.notebook) + (f" ({run.run.split('/', 1)[1]})" if run.is_grid else "")
        lines += [f"## {escape(heading)}", "", f"Run {code(run.run)}, page {{doc}}`{escape_role(heading)} "
                  f"</{chapter_doc(run)}>`.", ""]
        if not rows:
            lines += ["No results were recorded in this run.", ""]
            continue
        lines += [filterable(table(["name", "value", "unit", "description"],
                                   [[code(r["name"]), escape(fmt(r["value"])), escape(r.get("unit", "")),
                                     escape(r.get("description", ""))] for r in rows.values()])), ""]
    return "\n".join(lines)


def bibliography_page(sources: dict[str, dict[str, Any]], used_by: dict[str, list[str]]) -> str:
    """The data package's sources as a bibliography (author-year), each with the datasets that use it."""
    lines = ["# Bibliography", "",
             "The sources of the curated data (`sources` of `data/datapackage.json`). `egovlib.cite(name)` gives "
             "the BibTeX of a dataset's sources.", ""]
    for key, source in sorted(sources.items(), key=lambda kv: (cite_label(kv[1]).casefold(), kv[0])):
        authors = source.get("authors") or []
        who = "; ".join(a.strip("{}") for a in authors) if authors else "Authors not recorded"
        parts = [f"{escape(who)} ({escape(source.get('year', 'n.d.'))}).", f"*{escape(source.get('title', ''))}*."]
        venue = source.get("journal") or source.get("institution")
        if venue:
            detail = escape(venue)
            if source.get("volume"):
                detail += f" {escape(source['volume'])}"
            if source.get("number"):
                detail += f"({escape(source['number'])})"
            if source.get("pages"):
                detail += f", {escape(source['pages'])}"
            parts.append(detail + ".")
        if source.get("doi"):
            parts.append(f"DOI [{escape(source['doi'])}](https://doi.org/{source['doi']}).")
        elif source.get("path"):
            parts.append(f"<{source['path']}>")
        lines += [f"(bib-{key})=", f"**{escape(cite_label(source))}** {code(key)}", "", " ".join(parts), ""]
        if source.get("note"):
            lines += [f"Note: {escape(source['note'])}", ""]
        datasets = used_by.get(key, [])
        if datasets:
            lines += ["Datasets: " + ", ".join(f"{{doc}}`{d} <data/{d}>`" for d in datasets) + ".", ""]
    return "\n".join(lines)


def status_page(content: Content, titles: dict[str, str], *, built_with: dict[str, str]) -> str:
    """Each notebook's status and run time, the environment of the run (as QuantEcon's status page)."""
    manifest = content.manifest
    lines = ["# Status", ""]
    if manifest is None:
        lines += ["This book was built from the committed notebooks, not from a report run: there are no run times. "
                  "`make report` executes every notebook and builds the book with them.", ""]
    else:
        lines += [f"Report run {code(manifest.get('run_id', '?'))}: started {escape(manifest.get('started', '?'))}, "
                  f"finished {escape(manifest.get('finished', '?'))}, {escape(fmt(manifest.get('duration_s')))} s in all, "
                  f"status {escape(manifest.get('status', '?'))}"
                  f"{'' if manifest.get('complete') else ' (a partial run: --only, -p or --grid, or a failure)'}.", ""]
    rows = []
    for run in [*content.chapters, *content.grid]:
        seconds = "" if run.duration_s is None else f"{float(run.duration_s):.1f}"
        problem = escape((f"cell {run.cell}: " if run.cell else "") + (run.error or ""))
        rows.append([f"{{doc}}`{escape_role(run.run)} </{chapter_doc(run)}>`", escape(run.status), seconds,
                     code(json.dumps(run.parameters, sort_keys=True)) if run.parameters else "", problem])
    lines += ["## Notebooks", "", table(["run", "status", "run time (s)", "parameters", "error"], rows), ""]
    if manifest is not None:
        lines += ["## Environment", "",
                  table(["", ""], [["Python", escape(manifest.get("python", ""))],
                                   ["platform", escape(manifest.get("platform", ""))],
                                   ["executor", escape(manifest.get("executor", ""))],
                                   ["timeout per notebook (s)", escape(fmt(manifest.get("timeout_s")))]]), "",
                  "## Packages", "",
                  table(["package", "version"], [[code(k), escape(v)] for k, v in
                                                 sorted((manifest.get("packages") or {}).items())]), ""]
    lines += ["## The book", "", "Built with:", "",
              table(["package", "version"], [[code(k), escape(v)] for k, v in sorted(built_with.items())]), ""]
    return "\n".join(lines)
