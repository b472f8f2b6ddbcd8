"""The tolerance used against committed figures forgives last-digit noise and catches real changes."""

from __future__ import annotations

import numpy as np
import pytest
from figure_compare import figure_difference

from egovlib import plotting


def draw(folder, *, shift: float = 0.0, colour: str = "C0", name: str = "probe"):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plotting.set_style()
    fig, ax = plt.subplots()
    x = np.linspace(2010, 2022, 25)
    ax.plot(x, 0.4 + 0.03 * (x - 2010) + shift, color=colour)
    ax.set_xlabel("year")
    ax.set_ylabel("EGDI (index 0-1)")
    paths = plotting.savefig(fig, name, caption="Source: a test.", folder=folder)
    plt.close(fig)
    return {p.suffix: p for p in paths}


@pytest.fixture
def reference(tmp_path):
    return draw(tmp_path / "reference")


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_noise_in_the_last_digits_is_forgiven(reference, tmp_path, suffix):
    noisy = draw(tmp_path / "noisy", shift=1e-9)
    assert figure_difference(reference[suffix], noisy[suffix]) is None


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_a_moved_line_is_caught(reference, tmp_path, suffix):
    moved = draw(tmp_path / "moved", shift=0.02)
    assert figure_difference(reference[suffix], moved[suffix]) is not None


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_another_colour_is_caught(reference, tmp_path, suffix):
    recoloured = draw(tmp_path / "recoloured", colour="C3")
    assert figure_difference(reference[suffix], recoloured[suffix]) is not None


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"\.gif"):
        figure_difference(tmp_path / "a.gif", tmp_path / "b.gif")

