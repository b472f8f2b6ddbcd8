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


@pytest.fixture(scope="session")
def external_dir() -> Path:
    """The shared folder of official UN and World Bank files, or skip with the reason."""
    if not (SHARED_EXTERNAL / "un_egov").is_dir():
        pytest.skip(
            f"{SHARED_EXTERNAL} not found: clone the project beside the shared/ folder to run the "
            "cross-checks against the official UN E-Government exports"
        )
    return SHARED_EXTERNAL
