"""egovlib.adoption: the named adoption series of the portal."""

from __future__ import annotations

import pytest

from egovlib import adoption


@pytest.mark.parametrize("name", adoption.series_names())
def test_every_adoption_series_loads(name):
    frame = adoption.adoption_series(name)
    assert frame["year"].is_monotonic_increasing and frame["year"].is_unique
    assert frame["value"].notna().all() and frame.attrs["spec"].unit


def test_unknown_adoption_series_is_refused():
    with pytest.raises(ValueError, match="series='nope'"):
        adoption.adoption_series("nope")
