"""The report as a book: a static site built from the executed notebooks, without executing them.

``python -m egovlib._book --report reports/latest`` (``make book``; ``make report`` ends with it)
builds ``reports/latest/book/index.html`` with Sphinx, myst-nb (execution off) and the book
theme: a landing page of key findings from the recorded results, the notebooks as chapters, a
page per dataset, the conflict and claims registers, the results, a bibliography, a status
page and, for ``--grid`` runs, a section with one page per run. The site loads nothing from
outside itself. See ``docs/decisions.md`` (the book).
"""

from __future__ import annotations

from .build import build_book
from .content import BookError, read_content

__all__ = ["build_book", "read_content", "BookError"]
