"""Shared pytest configuration: nbval noise control and the path to ../shared/external."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent
SHARED_EXTERNAL = REPO.parent / "shared" / "external"


def pytest_collectstart(collector):
    """nbval: do not compare stderr (warnings) or SVG/PNG bytes of stored outputs."""
    if getattr(collector, "fspath", None) and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr", "image/svg+xml", "image/png")


#: Test files whose every test executes notebooks (``make test-fast`` leaves them out).
_EXECUTING = ("tests/test_notebooks.py", "tests/ui/")


def pytest_collection_modifyitems(config, items):
    """Mark as ``slow`` (runs notebooks) every nbval item and every test in :data:`_EXECUTING`."""
    for item in items:
        where = Path(str(item.fspath)).resolve().relative_to(REPO).as_posix() if REPO in Path(
            str(item.fspath)).resolve().parents else ""
        if where.endswith(".ipynb") or where.startswith(_EXECUTING):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def external_dir() -> Path:
    """The shared folder of official UN and World Bank files, or skip with the reason."""
    if not (SHARED_EXTERNAL / "un_egov").is_dir():
        pytest.skip(
            f"{SHARED_EXTERNAL} not found: clone the project beside the shared/ folder to run the "
            "cross-checks against the official UN E-Government exports"
        )
    return SHARED_EXTERNAL


def pytest_configure(config):
    """Notebooks run by the tests (nbval, papermill) write their figures to a scratch folder.

    The committed figures/ are compared against fresh runs by tests/test_notebooks.py; a test
    run must never overwrite them, or a changed figure would go unnoticed.
    """
    import os
    import tempfile

    os.environ.setdefault("EGOV_FIGURES_DIR", tempfile.mkdtemp(prefix="egov-test-figures-"))
