"""``python -m egovlib COMMAND ...``: the same as ``egov COMMAND ...`` (see :mod:`egovlib.cli`)."""

from egovlib.cli import main

raise SystemExit(main(prog="python -m egovlib"))
