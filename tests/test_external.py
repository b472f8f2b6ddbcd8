"""The UN E-Government Data Center importer on the real exports in ../shared/external."""

from __future__ import annotations

import pandas as pd
import pytest

import egovlib
from egovlib.errors import ExternalFormatError
from egovlib.external import THIRD_PARTY_2024_COLUMNS, read_un_egov, to_iso3

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
    wide = un.pivot_table(index=["country", "year"], columns="indicator", values="value",
                          aggfunc="first").reset_index()
    merged = wide.merge(ref, left_on=["country", "year"], right_on=["iso3", "survey_year"])
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
    kept = read_un_egov(path, min_countries=1)
    assert kept.query("indicator == 'epart'")["value"].tolist() == [0.0]
    assert set(kept["country"]) == {"ARM"}, "empty cells give no rows"
    dropped = read_un_egov(path, zero_as_missing=True, min_countries=1)
    assert dropped.query("indicator == 'epart'").empty


def test_missing_path_and_empty_folder(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_un_egov(tmp_path / "nope")
    with pytest.raises(ExternalFormatError, match="no .csv files"):
        read_un_egov(tmp_path)


# -- damaged, incomplete or mis-encoded exports are refused ----------------------------------

HEADER = ("Survey Year,Country Name,E-Government Rank,E-Government Index,E-Participation Index,"
          "Online Service Index,Human Capital Index,Telecommunication Infrastructure Index\n")
EXPECTED = "expected a UTF-8 encoded CSV export of the UN E-Government Data Center with header 'Survey Year,"


@pytest.fixture
def export_2022(external_dir, tmp_path):
    """A private copy of the official 2022 export (the shared folder is never written)."""
    copy = tmp_path / "EGOV_DATA_2022.csv"
    copy.write_bytes((external_dir / "un_egov" / "EGOV_DATA_2022.csv").read_bytes())
    return copy


def test_export_cut_off_mid_line_is_refused(export_2022):
    data = export_2022.read_bytes()
    lines = data.split(b"\n")
    # 48 complete countries, then line 50 cut inside its E-Government Index: '2022,"Nauru ",139,0.45'
    export_2022.write_bytes(b"\n".join(lines[:49]) + b"\n" + lines[49][:24])
    with pytest.raises(ExternalFormatError) as info:
        read_un_egov(export_2022)
    message = str(info.value)
    assert message.startswith(f"{export_2022}, line 50: the last line does not end with a newline (4 of 8 fields)")
    assert "cut off" in message and EXPECTED in message


def test_export_cut_off_in_the_last_field_is_refused(export_2022):
    """The truncated number '0.4' would read as a valid value: the missing newline gives it away."""
    lines = export_2022.read_bytes().split(b"\n")
    export_2022.write_bytes(b"\n".join(lines[:49]) + b"\n" + lines[49][:-4])  # ...,0.4768 -> ,0.4
    with pytest.raises(ExternalFormatError, match=r"EGOV_DATA_2022.csv, line 50: the last line does not end "
                       r"with a newline \(8 of 8 fields\)"):
        read_un_egov(export_2022)


def test_export_with_a_number_that_is_not_complete_is_refused(export_2022):
    """'0.' (a cut-off 0.52010, even with the newline restored) no longer reads as 0.0."""
    lines = export_2022.read_bytes().split(b"\n")
    lines[1] = lines[1][: lines[1].rindex(b",") + 3]  # Iraq's TII 0.52010 -> 0.
    export_2022.write_bytes(b"\n".join(lines))
    with pytest.raises(ExternalFormatError) as info:
        read_un_egov(export_2022)
    assert str(info.value) == (
        f"{export_2022}, line 2, column 'tii': expected a number, found '0.' "
        "(not a complete number: is the file cut off?)"
    )


def test_export_cut_at_a_line_end_is_refused_by_its_country_count(export_2022):
    """47 complete rows of 193: the round would silently hold 47 countries."""
    lines = export_2022.read_bytes().split(b"\n")
    export_2022.write_bytes(b"\n".join(lines[:48]) + b"\n")
    with pytest.raises(ExternalFormatError) as info:
        read_un_egov(export_2022)
    message = str(info.value)
    assert message.startswith(f"{export_2022}: round 2022 lists 47 countries; expected at least 190")
    assert "min_countries=47" in message
    assert len(read_un_egov(export_2022, min_countries=47).query("indicator == 'egdi'")) == 47


def test_folder_with_one_truncated_export_is_refused(external_dir, tmp_path):
    for source in sorted((external_dir / "un_egov").glob("*.csv")):
        (tmp_path / source.name).write_bytes(source.read_bytes())
    path = tmp_path / "EGOV_DATA_2016.csv"
    path.write_bytes(b"\n".join(path.read_bytes().split(b"\n")[:101]) + b"\n")
    with pytest.raises(ExternalFormatError, match=r"EGOV_DATA_2016.csv: round 2016 lists 100 countries"):
        read_un_egov(tmp_path)


def test_every_official_round_lists_at_least_the_minimum(external_dir):
    """The rule is sound: all eleven official exports list every UN member."""
    from egovlib.external import MIN_COUNTRIES_PER_ROUND

    table = read_un_egov(external_dir / "un_egov")
    listed = table.groupby("year")["country"].nunique()
    assert listed.min() >= MIN_COUNTRIES_PER_ROUND and listed.max() == 193


def test_small_synthetic_round_is_refused(tmp_path):
    path = tmp_path / "EGOV_DATA_2022.csv"
    path.write_text(HEADER + '2022,"Armenia ",64,0.74900,0.54550,0.63950,0.86900,0.73840\n'
                    '2022,"Kazakhstan ",28,0.86280,0.80680,0.93670,0.87440,0.77740\n'
                    '2022,"Georgia ",60,0.75180,0.47730,0.63950,0.86240,0.75350\n')
    with pytest.raises(ExternalFormatError) as info:
        read_un_egov(path)
    assert str(info.value).startswith(f"{path}: round 2022 lists 3 countries; expected at least 190")


def test_synthetic_row_with_missing_fields_is_refused(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(HEADER + '2022,"Armenia ",64,0.74900\n')
    with pytest.raises(ExternalFormatError, match=r"x.csv, line 2: row has 4 fields, expected 8 as in the header"):
        read_un_egov(path, min_countries=1)


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16"])
def test_export_in_another_encoding_is_refused(export_2022, encoding):
    export_2022.write_bytes(export_2022.read_text(encoding="utf-8").encode(encoding))
    with pytest.raises(ExternalFormatError) as info:
        read_un_egov(export_2022)
    message = str(info.value)
    assert message.startswith(str(export_2022)) and EXPECTED in message
    if encoding == "latin-1":
        assert "line 113: not UTF-8 encoded text: byte b'\\xf4'" in message  # Côte d'Ivoire
        assert "latin-1" in message
    else:
        assert "file is UTF-16 encoded, not UTF-8" in message


@pytest.mark.parametrize(("data", "problem"), [
    pytest.param(b"", "file is empty", id="empty"),
    pytest.param(HEADER.encode("utf-16-le"), "file is UTF-16 encoded, not UTF-8", id="utf16_no_bom"),
    pytest.param(bytes(range(256)) * 16, "file is binary, not text", id="binary"),
    pytest.param(HEADER.encode() + b"2022,\x89PNG\r\n\x1a\n\x00\x00", "file is binary, not text", id="nul"),
])
def test_export_that_is_not_text_is_refused(tmp_path, data, problem):
    path = tmp_path / "EGOV_DATA_2022.csv"
    path.write_bytes(data)
    with pytest.raises(ExternalFormatError) as info:
        read_un_egov(path)
    assert str(info.value).startswith(str(path)) and problem in str(info.value) and EXPECTED in str(info.value)
