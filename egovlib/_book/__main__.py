"""``python -m egovlib._book``: build the book of a report (see :func:`egovlib._book.build_book`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import build_book
from .content import BookError

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Build the book; exit status 0 on success, 1 when the build failed, 2 for a bad request."""
    parser = argparse.ArgumentParser(prog="python -m egovlib._book", description=__doc__)
    parser.add_argument("--report", type=Path, default=Path("reports/latest"),
                        help="a report folder of `egov report` (default reports/latest), or notebooks/ to build "
                             "from the committed executed notebooks")
    parser.add_argument("--out", type=Path, default=None, help="the site's folder (default REPORT/book; "
                        "reports/book-notebooks for the committed notebooks)")
    parser.add_argument("--data", type=Path, default=None, help="the data package folder (default the checkout's data/)")
    parser.add_argument("--keep-sources", type=Path, default=None, help="also keep the generated Markdown there")
    parser.add_argument("--no-strict", action="store_true", help="do not fail on Sphinx warnings")
    args = parser.parse_args(argv)
    if not args.report.is_dir():
        parser.exit(2, f"python -m egovlib._book: --report {args.report}: not a folder; run `make report` first, or "
                       "pass --report notebooks to build from the committed notebooks\n")
    if args.out is None and not (args.report / "manifest.json").exists():
        args.out = Path("reports") / "book-notebooks"  # never inside the notebooks folder
    try:
        built = build_book(args.report, args.out, data_dir=args.data, strict=not args.no_strict,
                           keep_sources=args.keep_sources)
    except BookError as err:
        print(f"python -m egovlib._book: {err}", file=sys.stderr)
        return 1
    for warning in built["warnings"]:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"book: {built['pages']} pages in {built['seconds']:.1f} s; open {built['index'].resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
