"""The UN E-Government Data Center importer on the real exports in ../shared/external."""

from __future__ import annotations

import pandas as pd
import pytest

import egovlib
from egovlib.errors import ExternalFormatError
from egovlib.external import THIRD_PARTY_2024_COLUMNS, read_un_egov, to_iso3, wide

YEARS = [2003, 2004, 2005, 2008, 2010, 2012, 2014, 2016, 2018, 2020, 2022]


@pytest.fixture(scope="module")
def un(external_dir):
    return read_un_egov(external_dir / "un_egov")


def test_reads_all_eleven_rounds(un):
    assert sorted(un["year"].unique()) == YEARS
    counts = un[un["indicator"] == "egdi_rank"].groupby("year")["country"].nunique()
    assert counts.min() >= 190 and counts.max() == 193
    assert set(un.columns) == {"country", "year", "indicator", "value", "unit", "country_name", "file"}
    assert un["country"].str.fullmatch(r"[A-Z]{3}").all()
    assert not un["country_name"].str.endswith(" ").any(), "trailing spaces are stripped"


def test_one_code_per_country_across_renames(un):
    names = un.groupby("country")["country_name"].nunique()
    assert names.max() >= 1
    assert to_iso3("Türkiye") == to_iso3("Turkey") == "TUR"
    assert to_iso3("Eswatini") == to_iso3("Swaziland") == "SWZ"
    assert to_iso3(" Iraq ") == "IRQ"


def test_matches_the_reference_normalised_table(un, external_dir):
    ref = pd.read_csv(external_dir / "reference" / "un_egov_survey_all_countries_2003_2024.csv")
    ref = ref[ref["survey_year"] <= 2022]
    merged = wide(un).merge(ref, left_on=["country", "year"], right_on=["iso3", "survey_year"])
    assert len(merged) == ref["egdi"].notna().sum() or len(merged) >= 2100
    for column in ("egdi", "osi", "hci", "tii", "epart", "egdi_rank"):
        both = merged[[f"{column}_x", f"{column}_y"]].dropna()
        assert (both[f"{column}_x"] - both[f"{column}_y"]).abs().max() < 1e-9, column


def test_reproduces_seed_values_where_the_register_says_they_agree(un):
    seed = egovlib.load("egdi_kazakhstan")
    register = egovlib.conflicts()
    disputed = set(register["conflict_id"])
    official = un[un["country"] == "KAZ"].set_index(["year", "indicator"])["value"]
    checked = 0
    for row in seed.itertuples(index=False):
        if row.indicator == "epart_rank":
            continue  # the export carries no E-Participation rank
        conflict_id = f"egdi_kazakhstan:KAZ:{row.year}:{row.indicator}:orazgaliyeva2023~undesa_egov"
        printed = float(row.value_printed) if pd.notna(row.value_printed) else float(row.value)
        if conflict_id in disputed:
            assert abs(printed - official[(row.year, row.indicator)]) > 1e-5
        else:
            assert printed == pytest.approx(official[(row.year, row.indicator)], abs=0.5e-5)
            checked += 1
    assert checked == 65


def test_refuses_other_layout_naming_the_columns(external_dir):
    path = external_dir / "un_egov_2024_third_party" / "EGOV_DATA_2024.csv"
    with pytest.raises(ExternalFormatError, match=r"Columns found: \['Survey Year', 'Country', 'Rank'"):
        read_un_egov(path)


def test_accepts_other_layout_through_an_explicit_mapping(external_dir):
    path = external_dir / "un_egov_2024_third_party" / "EGOV_DATA_2024.csv"
    table = read_un_egov(path, column_map=THIRD_PARTY_2024_COLUMNS)
    kaz = table[table["country"] == "KAZ"].set_index("indicator")["value"]
    assert kaz["egdi"] == pytest.approx(0.90093) and kaz["egdi_rank"] == 24
    with pytest.raises(ExternalFormatError, match="not UN export columns"):
        read_un_egov(path, column_map={"Country": "Nation"})


def test_unknown_country_and_bad_number_name_the_line(tmp_path):
    header = ("Survey Year,Country Name,E-Government Rank,E-Government Index,E-Participation Index,"
              "Online Service Index,Human Capital Index,Telecommunication Infrastructure Index\n")
    bad = tmp_path / "x.csv"
    bad.write_text(header + '2022,"Atlantis ",1,0.5,0.5,0.5,0.5,0.5\n')
    with pytest.raises(ExternalFormatError, match=r"x.csv, line 2: unknown country name 'Atlantis'"):
        read_un_egov(bad)
    bad.write_text(header + '2022,"Kazakhstan ",28,abc,0.5,0.5,0.5,0.5\n')
    with pytest.raises(ExternalFormatError, match=r"line 2, column 'egdi': expected a number"):
        read_un_egov(bad)


def test_zeros_kept_unless_asked(tmp_path):
    header = ("Survey Year,Country Name,E-Government Rank,E-Government Index,E-Participation Index,"
              "Online Service Index,Human Capital Index,Telecommunication Infrastructure Index\n")
    path = tmp_path / "z.csv"
    path.write_text(header + '2012,"Armenia ",94,0.49967,0.00000,0.32679,0.85053,0.32167\n'
                    '2012,"Tuvalu ",,,,,,\n')
    kept = read_un_egov(path)
    assert kept.query("indicator == 'epart'")["value"].tolist() == [0.0]
    assert set(kept["country"]) == {"ARM"}, "empty cells give no rows"
    dropped = read_un_egov(path, zero_as_missing=True)
    assert dropped.query("indicator == 'epart'").empty


def test_missing_path_and_empty_folder(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_un_egov(tmp_path / "nope")
    with pytest.raises(ExternalFormatError, match="no .csv files"):
        read_un_egov(tmp_path)
