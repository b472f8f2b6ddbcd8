"""Every dataset loads, matches its schema and checksum, and keeps the invariants."""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest

import egovlib
from egovlib.datasets import DataPackage, default_data_dir
from egovlib.invariants import check_invariants

DATASETS = egovlib.list_datasets()
DESCRIPTOR = json.loads((default_data_dir() / "datapackage.json").read_text())
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"]}
REQUIRED = [
    "egdi_kazakhstan", "portal_users", "organisations_online", "platform_performance",
    "integration_readiness", "ict_public_admin", "regional_usage_kz", "egdi_leaders",
    "eaeu_egdi_groups", "ict_regulators", "egov_stages", "egdi_regional", "epart_regional",
    "open_data_barometer", "gii_2021", "dai_regional", "gtmi_groups", "infrastructure",
    "survey_responses", "legal_acts", "services_digital", "adoption_milestones",
]


def test_every_required_dataset_is_present():
    assert set(REQUIRED) <= set(DATASETS)


@pytest.mark.parametrize("name", DATASETS)
def test_dataset_loads_with_schema_types(name):
    table = egovlib.load(name)
    fields = RESOURCES[name]["schema"]["fields"]
    assert list(table.columns) == [f["name"] for f in fields]
    assert len(table) > 0
    for field in fields:
        column = table[field["name"]]
        enum = field.get("constraints", {}).get("enum")
        if field["type"] == "string" and enum:
            assert isinstance(column.dtype, pd.CategoricalDtype)
            assert column.cat.ordered == bool(field.get("categoriesOrdered", False))
        elif field["type"] == "integer":
            assert str(column.dtype) == "Int64"
        elif field["type"] == "number":
            assert str(column.dtype) == "Float64"


@pytest.mark.parametrize("name", [*DATASETS, "conflicts", "claims"])
def test_checksum_recorded_matches_bytes(name):
    resource = RESOURCES[name]
    data = (default_data_dir() / resource["path"]).read_bytes()
    assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    assert resource["bytes"] == len(data)


@pytest.mark.parametrize("name", DATASETS)
def test_invariants_hold(name):
    assert check_invariants(name, egovlib.load(name)) == []


@pytest.mark.parametrize("name", DATASETS)
def test_every_row_is_traceable(name):
    table = egovlib.load(name)
    sources = egovlib.datasets.default_package().sources()
    assert table["source"].notna().all() and table["locator"].notna().all()
    assert set(table["source"].astype(str)) <= set(sources)
    if "value_printed" in table:
        corrected = table["value_printed"].notna()
        assert table.loc[corrected, "note"].notna().all(), "a corrected value needs a note saying why"


@pytest.mark.parametrize("name", DATASETS)
def test_info_and_cite(name):
    meta = egovlib.info(name)
    assert meta.title and meta.description and meta.sha256
    bib = egovlib.cite(name)
    assert bib.count("@") == len(meta.sources) >= 1
    for source in meta.sources:
        assert f"{{{source['name']}," in bib


def test_cite_gives_doi_when_the_source_has_one():
    assert "doi = {10.21511/ppm.21(2).2023.53}" in egovlib.cite("egdi_kazakhstan")


def test_unknown_dataset_lists_close_matches():
    with pytest.raises(egovlib.UnknownDatasetError, match="egdi_kazakhstan"):
        egovlib.load("egdi_kazakstan")
    with pytest.raises(TypeError):
        egovlib.load(3)


def test_egdi_2010_repeat_is_corrected_with_a_note():
    table = egovlib.load("egdi_kazakhstan")
    row = table[(table.year == 2010) & (table.indicator == "egdi")].iloc[0]
    assert row["value"] == pytest.approx(0.55782)
    assert row["value_printed"] == "0.47430"
    assert "2008" in row["note"]


def test_ordered_categories_sort_meaningfully():
    stages = egovlib.load("egov_stages")
    assert list(stages["stage"].cat.categories) == ["I", "II", "III"]
    assert stages["stage"].max() == "III"
    groups = egovlib.load("gtmi_groups")
    assert groups["gtmi_group"].max() == "A" and groups["gtmi_group"].min() == "C"


def test_package_on_a_copy_reads_the_same(tmp_path):
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(default_data_dir(), copy)
    pd.testing.assert_frame_equal(DataPackage(copy).load("gii_2021"), egovlib.load("gii_2021"))


def test_overall_outside_its_parts_is_caught_unless_a_note_explains_it():
    from egovlib import invariants

    table = egovlib.load("platform_performance")
    assert not [v for v in invariants.find_violations("platform_performance", table) if v.rule == "overall_within_parts"]
    # without the notes, the three years printed above both parts (72.4 > 71.3 and 61.5 in 2018, Table 6) fail
    bare = table.assign(note=pd.NA)
    broken = [v for v in invariants.find_violations("platform_performance", bare) if v.rule == "overall_within_parts"]
    assert sorted(int(bare.iloc[v.line - 2]["year"]) for v in broken) == [2018, 2019, 2020]
    assert "61.5 to 71.3" in broken[0].message
