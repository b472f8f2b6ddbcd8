"""The HTML page of an executed notebook: nbconvert's ``lab`` page, with one exporter per thread.

nbconvert's ``HTMLExporter`` compiles its templates when it is made and highlights and sanitises
the source of every code cell, the same cells in every run of a grid. :func:`html_page` keeps one
exporter per thread and memoises those two filters (nbconvert's own ``highlight_code`` and
``clean_html``, registered through the exporter's ``filters`` setting), so a worker pays for them
once; the page is byte for byte the one a fresh exporter makes (tested).
"""

from __future__ import annotations

import functools
import threading
from typing import Any

__all__ = ["html_page"]

_LOCAL = threading.local()


def html_page(nb: Any) -> str:
    """The notebook as nbconvert's ``lab`` HTML page (the same as a fresh ``HTMLExporter`` makes).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An executed notebook.

    Returns
    -------
    str
        The page; the exporter (one per thread) and its memoised filters are kept for the next call.
    """
    exporter = getattr(_LOCAL, "exporter", None)
    if exporter is None:
        from nbconvert import HTMLExporter
        from nbconvert.filters import clean_html
        from nbconvert.filters.highlight import Highlight2HTML

        exporter = HTMLExporter(template_name="lab")
        highlighters: dict[str | None, Any] = {}

        @functools.lru_cache(maxsize=1024)
        def highlight(source: str, language: str | None, lexer: str | None, magics: str | None) -> str:
            if lexer not in highlighters:
                highlighters[lexer] = Highlight2HTML(pygments_lexer=lexer, parent=exporter)
            metadata = {"magics_language": magics} if magics else None
            return highlighters[lexer](source, language, metadata)

        def highlight_code(source: str, language: str | None = None, metadata: Any = None) -> str:
            magics = (metadata or {}).get("magics_language")
            return highlight(source, language, _LOCAL.lexer, magics)

        exporter.filters = {**exporter.filters, "highlight_code": highlight_code,
                            "clean_html": functools.lru_cache(maxsize=1024)(clean_html)}
        _LOCAL.exporter = exporter
    info = nb.metadata.get("language_info", {})
    _LOCAL.lexer = info.get("pygments_lexer", info.get("name", None))
    body, _ = exporter.from_notebook_node(nb)
    return body
