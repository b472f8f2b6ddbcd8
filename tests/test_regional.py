"""egovlib.regional: panels, threshold crossings, snapshots and the world-average check."""

from __future__ import annotations

import pandas as pd
import pytest

from egovlib import load, regional


def toy_panel() -> pd.DataFrame:
    values = {"AAA": [0.7, 0.8, 0.9], "BBB": [0.3, 0.5, 0.65], "CCC": [0.2, 0.3, 0.4], "DDD": [0.4, 0.62, 0.7]}
    return pd.DataFrame([{"country": c, "year": y, "value": v}
                         for c, series in values.items() for y, v in zip([2010, 2012, 2014], series, strict=True)])


def test_crossings_mark_censoring_and_first_round():
    table = regional.crossings(toy_panel(), 0.6).set_index("country")
    assert table.at["AAA", "status"] == "at or above from the start" and table.at["AAA", "first_round"] == 2010
    assert table.at["BBB", "status"] == "crossed" and table.at["BBB", "first_round"] == 2014
    assert table.at["DDD", "first_round"] == 2012 and table.at["DDD", "years_after_start"] == 2
    assert table.at["CCC", "status"] == "not yet" and pd.isna(table.at["CCC", "category"])
    assert table.loc[["AAA", "BBB", "DDD"], "category"].notna().all()


def test_crossings_refuse_a_threshold_outside_the_index_range():
    with pytest.raises(ValueError, match="threshold=1.2"):
        regional.crossings(toy_panel(), 1.2)


def test_share_reached_counts_per_round():
    table = regional.share_reached(toy_panel(), 0.6).set_index("year")
    assert table.loc[2010, "reached"] == 1 and table.loc[2012, "reached"] == 2 and table.loc[2014, "reached"] == 3
    assert table.loc[2014, "share"] == pytest.approx(75.0)


def test_panel_from_bundled_data_and_its_errors():
    rows = regional.panel("egdi", ["KAZ", "TJK"], source="undp")
    source = load("egdi_regional")
    kaz_2020 = source[(source["country"] == "KAZ") & (source["year"] == 2020) & (source["indicator"] == "egdi")]
    assert rows.loc[(rows["country"] == "KAZ") & (rows["year"] == 2020), "value"].item() == kaz_2020["value"].item()
    assert set(rows["country"]) == {"KAZ", "TJK"} and "sources" in rows.attrs
    with pytest.raises(ValueError, match=r"no egdi series for \['RUS'\] in the bundled UNDP"):
        regional.panel("egdi", ["KAZ", "RUS"], source="undp")
    with pytest.raises(ValueError, match="index='osi'"):
        regional.panel("osi", ["KAZ"])


def test_default_countries_are_survey_countries_and_eaeu_members_in_the_data():
    assert regional.default_countries(source="undp") == sorted(regional.UNDP_COUNTRIES)
    # the shipped UN panel has every member: the EAEU is complete
    assert regional.default_countries() == sorted(set(regional.UNDP_COUNTRIES) | set(regional.EAEU_MEMBERS))


def test_snapshot_lines_up_indices_and_codes_gtmi_groups():
    table = regional.snapshot(list(regional.UNDP_COUNTRIES))
    groups = load("gtmi_groups").set_index("country")["gtmi_group"].astype(str)
    assert (table["GTMI group 2020 (A=4)"] == groups.reindex(table.index).map(regional.GTMI_SCORE)).all()
    gii = load("gii_2021").set_index("country")["value"]
    assert table.at["KAZ", "GII 2021"] == gii["KAZ"]
    assert not table.isna().any(axis=None)


def test_world_average_check_recomputes_from_the_exports(external_dir):
    folder = external_dir / "un_egov"
    check = regional.world_average_check(folder)
    assert set(check["index"]) == {"egdi", "epart"}
    flagged = check[check["beyond_rounding"]]
    assert len(flagged) >= 1 and flagged["registered"].all()  # every real difference is in the register
    members = regional.panel("egdi", regional.available_countries("egdi", folder), folder)
    row = check[(check["index"] == "egdi") & (check["year"] == 2020)].iloc[0]
    assert row["recomputed_assessed"] == pytest.approx(members.loc[members["year"] == 2020, "value"].mean())
