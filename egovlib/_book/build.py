"""Assemble the book's sources from a report and build the static site with Sphinx (no execution).

:func:`build_book` reads the report (:mod:`egovlib._book.content`), writes the generated pages
(:mod:`egovlib._book.pages`), copies of the executed notebooks, of the CSV files and of the
registers into a temporary source folder (:func:`~egovlib._book.sources.write_sources`), and runs
Sphinx with myst-nb in ``off`` execution mode and the book theme. The site is built beside its
destination and renamed into place, so a failed build never replaces the previous book. Every
Sphinx warning (a broken internal link, an unreadable notebook) fails the build with the warnings
listed.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from .content import BookError, Content, read_content
from .sources import BOOK_PACKAGES, CONF, _versions, notebook_title, write_sources

__all__ = ["build_book", "default_cache", "write_sources", "notebook_title", "CONF", "BOOK_PACKAGES"]


@contextlib.contextmanager
def _quiet_deprecations():
    """The book theme uses Sphinx APIs that Sphinx marks as deprecated; that is the theme's, not the reader's, news."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        warnings.filterwarnings("ignore", category=PendingDeprecationWarning)
        yield


def _sphinx(src: Path, out: Path, doctrees: Path, *, fresh: bool = True) -> list[str]:
    """Run Sphinx's HTML builder in this process; return its warnings.

    ``fresh=False`` lets Sphinx reuse its saved environment in ``doctrees`` and rebuild only the
    pages whose sources are newer (an incremental build).
    """
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    warnings = io.StringIO()
    with patch_docutils(str(src)), docutils_namespace(), _quiet_deprecations():
        app = Sphinx(str(src), str(src), str(out), str(doctrees), "html", status=None, warning=warnings,
                     freshenv=fresh, keep_going=True, verbosity=0)
        app.build(force_all=fresh)
    return [line for line in warnings.getvalue().splitlines() if line.strip()]


def _sync_tree(new: Path, cached: Path) -> tuple[int, int]:
    """Make ``cached`` hold exactly the files of ``new``, rewriting only files whose bytes differ.

    Unchanged files keep their modification time, so Sphinx sees them as unchanged. Returns the
    numbers of files written and removed.
    """
    changed = removed = 0
    wanted = {p.relative_to(new) for p in new.rglob("*") if p.is_file()}
    for relative in sorted(wanted):
        source, target = new / relative, cached / relative
        data = source.read_bytes()
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        changed += 1
    for path in sorted(cached.rglob("*"), reverse=True):
        if path.is_file() and path.relative_to(cached) not in wanted:
            path.unlink()
            removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return changed, removed


def default_cache(report: Path) -> Path | None:
    """Where the incremental build of a report's book keeps its state: ``<reports>/.book-cache``.

    Parameters
    ----------
    report : Path
        A report folder (holding ``manifest.json``) or another folder of notebooks.

    Returns
    -------
    Path or None
        ``None`` (a fresh build every time) for a folder that is not a report, e.g. ``notebooks/``.
    """
    report = Path(report)
    return report.resolve().parent / ".book-cache" if (report / "manifest.json").is_file() else None


_AUTO = object()


def build_book(report: Path, out: Path | None = None, *, data_dir: Path | None = None, strict: bool = True,
               keep_sources: Path | None = None, cache: Path | None | object = _AUTO) -> dict[str, Any]:
    """Build the book of a report (or of the committed notebooks) as a static site; nothing is executed.

    Parameters
    ----------
    report : a report folder of ``egov report`` (``reports/latest``), or the ``notebooks/`` folder.
    out : the site's folder (default ``<report>/book``; required for a notebooks folder). It is replaced
        only when the build succeeds.
    data_dir : the data package folder (default: the checkout's ``data/``).
    strict : fail on any Sphinx warning (a broken internal link, an unreadable notebook).
    keep_sources : also copy the generated Markdown sources there (for inspection).
    cache : a folder for an incremental build: the sources, Sphinx's environment and its HTML are kept
        there, and only pages whose sources changed are rebuilt (a rebuild with nothing changed takes
        seconds). Default: ``<reports>/.book-cache`` for a report, none for a notebooks folder; ``None``
        builds from scratch. A failed build removes the cache, so the next build starts fresh and
        reports every warning again.

    Returns
    -------
    dict with ``out`` (the site folder), ``index`` (its landing page), ``seconds`` (build time),
    ``pages`` (number of HTML pages) and ``warnings``.
    """
    started = time.perf_counter()
    report = Path(report)
    content = read_content(report)
    if out is None and content.manifest is None:
        raise BookError(f"{report}: a folder of notebooks, not a report; pass out= (the site's folder), so that "
                        "the book is not written among the notebooks")
    out = Path(out) if out is not None else report / "book"
    out.parent.mkdir(parents=True, exist_ok=True)
    cache_dir = default_cache(report) if cache is _AUTO else cache
    with tempfile.TemporaryDirectory(prefix="egov-book-") as scratch:
        src, doctrees, html = Path(scratch) / "src", Path(scratch) / "doctrees", Path(scratch) / "html"
        src.mkdir()
        write_sources(content, src, data_dir=data_dir)
        if keep_sources is not None:
            shutil.rmtree(keep_sources, ignore_errors=True)
            shutil.copytree(src, keep_sources)
        fresh = True
        if cache_dir is not None:
            cache_dir = Path(cache_dir)
            fresh = not (cache_dir / "doctrees" / "environment.pickle").is_file()
            if fresh:
                shutil.rmtree(cache_dir, ignore_errors=True)
            (cache_dir / "src").mkdir(parents=True, exist_ok=True)
            _, removed = _sync_tree(src, cache_dir / "src")
            if removed and not fresh:  # Sphinx would keep the pages of removed sources: build afresh
                fresh = True
                shutil.rmtree(cache_dir / "doctrees", ignore_errors=True)
                shutil.rmtree(cache_dir / "html", ignore_errors=True)
            src, doctrees, html = cache_dir / "src", cache_dir / "doctrees", cache_dir / "html"
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
        try:
            try:
                warnings = _sphinx(src, html, doctrees, fresh=fresh)
                if strict and warnings:
                    raise BookError("the book was not built: Sphinx warned\n  " + "\n  ".join(warnings[:40]))
            except BaseException:
                if cache_dir is not None:  # the next build must read every page again and repeat its warnings
                    shutil.rmtree(cache_dir, ignore_errors=True)
                raise
            staging.rmdir()
            shutil.copytree(html, staging, ignore=shutil.ignore_patterns(".doctrees", ".buildinfo"))
            _write_record(staging, content, report)
            old = None
            if out.exists():
                old = out.with_name(f".{out.name}-old-{os.getpid()}")
                os.replace(out, old)
            os.replace(staging, out)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    html_pages = sum(1 for _ in out.rglob("*.html"))
    return {"out": out, "index": out / "index.html", "seconds": time.perf_counter() - started, "pages": html_pages,
            "warnings": warnings}


def _write_record(site: Path, content: Content, report: Path) -> None:
    """``book.json`` in the site: what it was built from (the report's run id, or the notebooks folder)."""
    record = {"built_from": str(report), "run_id": (content.manifest or {}).get("run_id"),
              "runs": [r.run for r in content.runs], "packages": _versions(BOOK_PACKAGES)}
    (site / "book.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
