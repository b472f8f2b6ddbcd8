"""Figure captions name sources as a reader cites them (issue 15)."""

from __future__ import annotations

from egovlib import plotting


def test_a_source_without_authors_is_named_by_journal_and_doi_not_by_its_key():
    caption = plotting.source_caption(keys=["dsj2023"])
    assert "dsj2023" not in caption and "10.5334/dsj-2023-015" in caption and "Data Science Journal" in caption


def test_a_source_with_authors_keeps_author_and_year():
    assert plotting.source_caption(keys=["sultan1990"]) == "Source: Sultan et al. (1990)."
