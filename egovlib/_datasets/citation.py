"""Cite the sources of the data package: author-year and BibTeX."""

from __future__ import annotations

from typing import Any

#: Institutional authors, shortened where space is short (figure captions).
SHORT_NAMES = {
    "United Nations Department of Economic and Social Affairs (UN DESA)": "UN DESA",
    "United Nations Development Programme (UNDP) Kazakhstan and Astana Civil Service Hub": "UNDP & ACSH",
}


def author_year(source: dict[str, Any], *, short: bool = False) -> str:
    """``Surname et al. (year)`` (or ``A & B (year)``) for an entry of the descriptor's ``sources``.

    Parameters
    ----------
    source : dict
        An entry of ``datapackage.json`` ``sources``.
    short : bool
        Shorten institutional authors (:data:`SHORT_NAMES`), as figure captions do.

    Returns
    -------
    str
        The author-year citation; a work without authors is cited by its journal, institution or title
        (with its DOI when ``short``), never by its key.
    """
    authors = source.get("authors") or []
    if not authors:
        # cited by its venue, as author-date styles cite anonymous works, never by its citation key
        venue = source.get("journal") or source.get("institution") or source.get("title") or "Anon."
        doi = f", doi:{source['doi']}" if short and source.get("doi") else ""  # a caption needs a way to the work
        text = f"{venue} ({source.get('year', 'n.d.')}{doi})"
    else:
        first = authors[0].split(",")[0].strip("{}")
        etal = " et al." if len(authors) > 2 else (f" & {authors[1].split(',')[0]}" if len(authors) == 2 else "")
        text = f"{first}{etal} ({source.get('year', 'n.d.')})"
    if short:
        for long, abbreviation in SHORT_NAMES.items():
            text = text.replace(long, abbreviation)
    return text


def _short_citation(source: dict[str, Any]) -> str:
    return f"{author_year(source)}, {source.get('title', '')}"


_BIBTEX_FIELDS = ("title", "journal", "institution", "address", "year", "month", "volume", "number", "pages", "doi", "note")


def to_bibtex(source: dict[str, Any]) -> str:
    """Render one ``sources`` entry of the descriptor as a BibTeX entry.

    The entry type is ``bibtype`` (default ``misc``), the key is ``name``; ``authors`` are joined
    with ``and``, the fields title, journal, institution, address, year,
    month, volume, number, pages, doi and note that are present follow (``month`` unbraced), and
    ``path`` becomes ``url``.

    Parameters
    ----------
    source : dict
        An entry of ``datapackage.json`` ``sources`` (at least ``name``).

    Returns
    -------
    str
        The BibTeX entry.

    Examples
    --------
    >>> print(to_bibtex({"name": "doe2020", "bibtype": "article", "authors": ["Doe, Jane"], "year": 2020}))
    @article{doe2020,
      author = {Doe, Jane},
      year = {2020}
    }
    """
    entry_type = source.get("bibtype", "misc")
    lines = [f"@{entry_type}{{{source['name']},"]
    if source.get("authors"):
        lines.append(f"  author = {{{' and '.join(source['authors'])}}},")
    for key in _BIBTEX_FIELDS:
        if source.get(key) not in (None, ""):
            value = source[key]
            lines.append(f"  {key} = {{{value}}}," if key != "month" else f"  month = {value},")
    if source.get("path"):
        lines.append(f"  url = {{{source['path']}}},")
    lines[-1] = lines[-1].rstrip(",")
    lines.append("}")
    return "\n".join(lines)
