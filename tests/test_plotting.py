"""egovlib.plotting: one style, byte-identical figures, source captions."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import egovlib  # noqa: E402
from egovlib import plotting  # noqa: E402


def _figure():
    plotting.set_style()
    fig, ax = plt.subplots()
    ax.plot([2018, 2019, 2020], [1.0, 2.0, 1.5], marker="o")
    ax.set_xlabel("year")
    ax.set_ylabel("value (unit)")
    return fig


def test_savefig_is_byte_identical_across_calls_and_figures(tmp_path):
    first = plotting.savefig(_figure(), "demo", caption="Source: test.", folder=tmp_path / "a")
    second = plotting.savefig(_figure(), "demo", caption="Source: test.", folder=tmp_path / "b")
    assert [p.name for p in first] == ["demo.png", "demo.svg"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
    svg = first[1].read_text()
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    assert b"Software" not in first[0].read_bytes()
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["demo.png", "demo.svg"]  # no temp files left


def test_savefig_writes_to_the_configured_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(plotting.FIGURES_ENV, str(tmp_path / "elsewhere"))
    written = plotting.savefig(_figure(), "demo", caption="Source: test.", formats=["png"])
    assert written == [tmp_path / "elsewhere" / "demo.png"]


def test_savefig_caption_is_not_repeated(tmp_path):
    fig = _figure()
    plotting.savefig(fig, "demo", caption="Source: one.", folder=tmp_path)
    plotting.savefig(fig, "demo", caption="Source: two.", folder=tmp_path)
    captions = [t.get_text() for t in fig.texts if t.get_gid() == "egov-caption"]
    assert captions == ["Source: two."]


def test_savefig_refuses_unlabelled_axes_bad_names_and_empty_captions(tmp_path):
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    ax.set_xlabel("year")
    with pytest.raises(ValueError, match="no y-label"):
        plotting.savefig(fig, "demo", caption="Source: x.", folder=tmp_path)
    with pytest.raises(ValueError, match="name='Bad Name'"):
        plotting.savefig(_figure(), "Bad Name", caption="Source: x.", folder=tmp_path)
    with pytest.raises(ValueError, match="caption is empty"):
        plotting.savefig(_figure(), "demo", caption=" ", folder=tmp_path)
    with pytest.raises(ValueError, match="formats"):
        plotting.savefig(_figure(), "demo", caption="Source: x.", formats=["jpg"], folder=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_savefig_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    fig = _figure()
    [old] = plotting.savefig(fig, "demo", caption="Source: x.", formats=["png"], folder=tmp_path)
    before = old.read_bytes()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(fig, "savefig", broken)
    with pytest.raises(OSError, match="disk full"):
        plotting.savefig(fig, "demo", caption="Source: x.", formats=["png"], folder=tmp_path)
    assert old.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["demo.png"]


def test_source_caption_names_sources_and_locators():
    table = egovlib.load("platform_performance").head(3)
    caption = plotting.source_caption(table)
    assert caption.startswith("Source: Orazgaliyeva et al. (2023), Table 6")
    assert "UN DESA (2022)" in plotting.source_caption(keys=["undesa_egov"])
    with pytest.raises(ValueError, match="unknown source key 'nobody'"):
        plotting.source_caption(keys=["nobody"])
    with pytest.raises(ValueError, match="no sources given"):
        plotting.source_caption()
