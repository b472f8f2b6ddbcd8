"""egovlib.egdi: EGDI series, decomposition and percentiles."""

from __future__ import annotations

import numpy as np
import pytest

from egovlib import egdi


def test_decomposition_adds_up_where_egdi_is_the_mean():
    parts = egdi.decompose(egdi.trajectory("KAZ", source="bundled"))
    contributions = parts[["osi_contribution", "hci_contribution", "tii_contribution"]].sum(axis=1)
    mean_rounds = ~parts["to"].isin([2008, 2010]) & ~parts["from"].isin([2008, 2010])
    assert np.allclose(contributions[mean_rounds], parts.loc[mean_rounds, "egdi_change"], atol=2e-4)
    assert (parts["residual"] == parts["egdi_change"] - contributions).all()


def test_trajectory_refuses_unknown_country_and_matches_the_un_exports(external_dir):
    with pytest.raises(ValueError, match="country='XYZ' has no EGDI series in the shipped UN panel"):
        egdi.trajectory("XYZ")
    with pytest.raises(ValueError, match="country='XYZ' has no EGDI series in the bundled data"):
        egdi.trajectory("XYZ", source="bundled")
    bundled = egdi.trajectory("KAZ", source="bundled")
    official = egdi.trajectory("KAZ", external_dir / "un_egov")
    assert np.allclose(bundled["egdi"], official["egdi"], atol=1e-5)
    assert (bundled["egdi_rank"] == official["egdi_rank"]).all()
    assert len(egdi.countries(external_dir / "un_egov")) == 193


def test_percentiles_are_shares_of_members_at_or_below():
    import pandas as pd

    un = pd.DataFrame({"country": list("ABCD"), "year": 2020, "indicator": "egdi", "value": [0.1, 0.2, 0.3, 0.0]})
    table = egdi.percentiles(un, ["B", "D"])
    assert table.to_dict("records") == [
        {"year": 2020, "country": "B", "value": 0.2, "percentile": pytest.approx(100 * 2 / 3), "members": 3}]
