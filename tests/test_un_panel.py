"""The curated UN E-Government panel: shipped file, provenance, rebuild and cross-checks."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

import egovlib
from egovlib import un_panel
from egovlib.datasets import DataPackage, content_hash, default_data_dir
from egovlib.invariants import check_invariants
from egovlib.maintenance import main as maintenance

NAME = "un_egov_panel"
DESCRIPTOR = json.loads((default_data_dir() / "datapackage.json").read_text())
RESOURCE = next(r for r in DESCRIPTOR["resources"] if r["name"] == NAME)


@pytest.fixture(scope="module")
def panel():
    return egovlib.load(NAME)


@pytest.fixture(scope="module")
def fresh(external_dir):
    return un_panel.build(external_dir)


def value(table, country, year, indicator):
    row = table[(table["country"] == country) & (table["year"] == year) & (table["indicator"] == indicator)]
    assert len(row) == 1, (country, year, indicator)
    return float(row["value"].iloc[0])


# -- the shipped file ---------------------------------------------------------------------------
def test_loads_with_schema_and_checksum(panel):
    assert NAME in egovlib.list_datasets()
    assert list(panel.columns) == un_panel.COLUMNS
    assert RESOURCE["schema"]["primaryKey"] == ["country", "year", "indicator"]
    data = (default_data_dir() / RESOURCE["path"]).read_bytes()
    assert RESOURCE["hash"] == content_hash(data) and RESOURCE["bytes"] == len(data)
    assert len(panel) < 15_000


def test_every_round_has_every_member(panel):
    assert sorted(panel["year"].unique()) == list(un_panel.ROUNDS)
    assert (panel.groupby("year")["country"].nunique() == 193).all()
    ranked = panel[panel["indicator"] == "egdi_rank"].groupby("year").size()
    expected = {y: un_panel.RANKED_MEMBERS.get(y, 193) for y in un_panel.ROUNDS}
    assert ranked.to_dict() == expected  # 191 in 2003-2005, 192 in 2008-2010, then 193
    indices = panel[panel["indicator"] != "egdi_rank"].groupby(["year", "indicator"], observed=True).size()
    assert (indices == 193).all()


def test_placeholder_rows_are_marked(panel):
    notes = panel["note"].fillna("")
    placeholders = panel[notes.str.startswith("placeholder")]
    assert set(zip(placeholders["country"], placeholders["year"], strict=True)) == {
        ("MNE", 2003), ("MNE", 2004), ("MNE", 2005),
        ("SSD", 2003), ("SSD", 2004), ("SSD", 2005), ("SSD", 2008), ("SSD", 2010)}
    assert (placeholders["value"] == 0).all(), "kept as published"


def test_values_above_one_are_the_two_known_ones(panel):
    above = panel[(panel["unit"] == "index_0_1") & (panel["value"] > 1)]
    assert set(zip(above["country"], above["year"], above["indicator"], strict=True)) == un_panel.ABOVE_ONE
    assert above["note"].str.contains("above 1").all()
    assert value(panel, "FSM", 2003, "hci") == pytest.approx(1.422)


def test_invariants_admit_only_the_listed_exceptions(panel):
    assert check_invariants(NAME, panel) == []
    planted = panel.copy()
    hci = (planted["country"] == "KAZ") & (planted["year"] == 2022) & (planted["indicator"] == "hci")
    planted.loc[hci, "value"] = 1.2
    line = int(planted.index[hci][0]) + 2  # header is line 1
    problems = check_invariants(NAME, planted)
    assert any(f"line {line}," in p and "unit_bounds" in p and "1.2" in p for p in problems)
    assert any("KAZ 2022 EGDI differs from the mean" in p for p in problems)


def test_provenance_per_round(panel):
    sources = egovlib.datasets.default_package().sources()
    for year in un_panel.ROUNDS:
        rows = panel[panel["year"] == year]
        assert set(rows["source"].astype(str)) == {f"undesa_egov_{year}"}
        entry = sources[f"undesa_egov_{year}"]
        assert entry["title"].startswith(f"United Nations E-Government Survey {year}")
        assert "doi" not in entry and entry["bibtype"] == "techreport"
    old = panel[panel["year"] < 2024]
    assert (old["locator"] == "Data Center export EGOV_DATA_" + old["year"].astype(str) + ".csv").all()
    new = panel[panel["year"] == 2024]
    assert new["locator"].str.startswith("third-party copy").all()
    assert new["note"].str.contains("third-party copy").all()
    assert "third-party copy" in RESOURCE["description"]
    assert egovlib.cite(NAME).count("@techreport") == 12


def test_derived_from_lists_every_raw_file():
    files = RESOURCE["derivedFrom"]
    assert [f["round"] for f in files] == list(un_panel.ROUNDS)
    assert all(len(f["sha256"]) == 64 for f in files)
    assert files[-1]["file"] == "EGOV_DATA_2024.csv" and "third-party" in files[-1]["copy"]


def test_values_written_as_published():
    text = (default_data_dir() / RESOURCE["path"]).read_text(encoding="utf-8")
    rows = pd.read_csv(pd.io.common.StringIO(text), dtype=str, keep_default_na=False)
    index_rows = rows[rows["unit"] == "index_0_1"]
    assert index_rows["value"].str.fullmatch(r"\d\.\d{5}").all()
    assert rows.loc[rows["unit"] == "rank", "value"].str.fullmatch(r"\d{1,3}").all()
    assert (index_rows["value"] == "0.00000").sum() > 300, "zeros kept as published"


def test_kazakhstan_2024_official_figures(panel):
    assert value(panel, "KAZ", 2024, "egdi") == pytest.approx(0.90093, abs=1e-12)
    assert value(panel, "KAZ", 2024, "egdi_rank") == 24


def test_agrees_with_egdi_kazakhstan_except_registered_conflicts(panel):
    disagreements = un_panel.kazakhstan_disagreements(panel)
    assert [d for d in disagreements if not d["registered"]] == []
    # the one registered case: Table 3 repeats the 2008 EGDI in 2010; the curated value is official
    assert [(d["year"], d["indicator"]) for d in disagreements] == [(2010, "egdi")]
    seed = egovlib.load("egdi_kazakhstan")
    compared = 0
    for row in seed.itertuples(index=False):
        if row.indicator == "epart_rank":
            continue  # the exports carry no E-Participation rank
        assert value(panel, "KAZ", int(row.year), str(row.indicator)) == pytest.approx(float(row.value), abs=0.5e-5)
        compared += 1
    assert compared == 66


def test_egdi_is_the_mean_of_its_components_2014_2024(panel):
    tidy = pd.DataFrame({"country": panel["country"].astype(str), "year": panel["year"].astype(int),
                         "indicator": panel["indicator"].astype(str), "value": panel["value"].astype(float)})
    assert un_panel.egdi_mean_problems(tidy) == []
    assert un_panel.egdi_mean_problems(tidy, rounds=[2024]) == []  # holds in 2024 too
    assert len(un_panel.egdi_mean_problems(tidy, rounds=[2008])) > 150  # not a simple mean in 2008


# -- rebuild from the raw exports ----------------------------------------------------------------
def test_rebuild_equals_the_shipped_file(fresh):
    shipped = (default_data_dir() / RESOURCE["path"]).read_text(encoding="utf-8")
    assert un_panel.first_difference(shipped, fresh.text) is None
    assert [f.as_dict() for f in fresh.files] == RESOURCE["derivedFrom"]
    assert un_panel.verify(fresh.table) == []
    assert un_panel.check(fresh) == []


def test_build_panel_returns_the_table(external_dir, panel):
    table = un_panel.build_panel(external_dir)
    assert len(table) == len(panel) and len(table.attrs["files"]) == 12
    assert table["value"].equals(panel["value"].astype(float))


def test_check_command_passes_and_names_the_first_difference(external_dir, tmp_path, capsys):
    assert maintenance(["un-panel", "--from", str(external_dir), "--check"]) == 0
    copy = tmp_path / "data"
    shutil.copytree(default_data_dir(), copy)
    path = copy / "un_egov_panel.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("KAZ,2024,egdi,0.90093", "KAZ,2024,egdi,0.90094"), encoding="utf-8")
    capsys.readouterr()
    assert maintenance(["un-panel", "--from", str(external_dir), "--check", "--data-dir", str(copy)]) == 1
    err = capsys.readouterr().err
    assert "KAZ,2024,egdi,0.90094" in err and "line " in err


def test_rebuild_command_writes_and_records_the_hash(external_dir, tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(default_data_dir(), copy)
    (copy / "un_egov_panel.csv").write_text("stale\n", encoding="utf-8")
    assert maintenance(["un-panel", "--from", str(external_dir), "--check", "--data-dir", str(copy)]) == 1
    assert maintenance(["un-panel", "--from", str(external_dir), "--data-dir", str(copy)]) == 0
    assert (copy / "un_egov_panel.csv").read_bytes() == (default_data_dir() / "un_egov_panel.csv").read_bytes()
    assert (copy / "datapackage.json").read_text() == (default_data_dir() / "datapackage.json").read_text()
    pd.testing.assert_frame_equal(DataPackage(copy).load(NAME), egovlib.load(NAME))
    assert not list(copy.glob(".un_egov_panel.*")), "no temporary file left behind"


def test_2024_only_through_the_mapping(external_dir, tmp_path):
    folder = tmp_path / "exports"
    shutil.copytree(external_dir / "un_egov", folder / "un_egov")
    with pytest.raises(FileNotFoundError, match="2024 round is missing"):
        un_panel.build(folder)
    shutil.copy(external_dir / "un_egov_2024_third_party" / "EGOV_DATA_2024.csv", folder / "un_egov")
    with pytest.raises(egovlib.errors.ExternalFormatError, match="Columns found"):
        un_panel.build(folder, external_dir / "un_egov_2024_third_party")
