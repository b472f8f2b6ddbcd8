"""The conflict register matches what the code finds; the claims evaluator is sound."""

from __future__ import annotations

import pandas as pd
import pytest

import egovlib
from egovlib.crosscheck import ExternalData, family_of, find_conflicts
from egovlib.replication import FormulaError, evaluate_claims, evaluate_formula, judge


def registered_code_rows(families):
    register = egovlib.conflicts()
    rows = register[register["found_by"] == "code"]
    return {r.conflict_id for r in rows.itertuples() if family_of(r.source_b) in families
            and family_of(r.source_a) in families}


def test_seed_only_comparison_matches_register():
    found = find_conflicts(ExternalData())
    assert set(found["conflict_id"]) == registered_code_rows({"seeds"})


def test_full_comparison_matches_register(external_dir):
    external = ExternalData.from_folder(external_dir)
    found = set(find_conflicts(external)["conflict_id"])
    register = set(egovlib.conflicts()["conflict_id"])
    unlisted = found - register
    assert not unlisted, f"disagreements missing from data/conflicts.csv: {sorted(unlisted)}"
    stale = registered_code_rows(external.families()) - found
    assert not stale, f"data/conflicts.csv lists code-found conflicts that no longer exist: {sorted(stale)}"


def test_known_repeat_is_found(external_dir):
    found = find_conflicts(ExternalData.from_folder(external_dir)).set_index("conflict_id")
    row = found.loc["egdi_kazakhstan:KAZ:2010:egdi:orazgaliyeva2023~undesa_egov"]
    assert row["value_a"] == pytest.approx(0.4743) and row["value_b"] == pytest.approx(0.55782)


def test_a_new_disagreement_would_be_caught(tmp_path, external_dir):
    """Plant a wrong value in a copy of the package and check the search reports it."""
    import hashlib
    import json
    import shutil

    from egovlib.datasets import DataPackage, default_data_dir

    folder = tmp_path / "data"
    shutil.copytree(default_data_dir(), folder)
    path = folder / "egdi_regional.csv"
    path.write_text(path.read_text().replace("ARM,2016,egdi,0.5179", "ARM,2016,egdi,0.5719"))
    descriptor = json.loads((folder / "datapackage.json").read_text())
    for resource in descriptor["resources"]:
        if resource["name"] == "egdi_regional":
            resource["hash"] = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    found = find_conflicts(ExternalData.from_folder(external_dir), DataPackage(folder))
    assert "egdi_regional:ARM:2016:egdi:undp2022~undesa_egov" in set(found["conflict_id"])


def test_register_rows_are_complete():
    register = egovlib.conflicts()
    assert register["reason"].str.len().min() > 40
    assert set(register["found_by"]) <= {"code", "review"}


def test_claims_register_evaluates():
    audit = evaluate_claims()
    assert len(audit) >= 40
    assert set(audit["status"]) <= {"reproduced", "not_reproduced", "not_checkable"}
    failing = audit[audit["status"] != "reproduced"]
    assert failing["detail"].str.len().min() > 10, "each failure needs its reason in the note"
    reproduced = audit[audit["status"] == "reproduced"]
    assert (reproduced["computed"].notna()).all()


def test_known_claim_outcomes():
    audit = evaluate_claims().set_index("claim_id")
    assert audit.loc["C028", "status"] == "reproduced"  # ICT spending +20.2 %
    assert audit.loc["C005", "status"] == "not_reproduced"  # peak in 2018, not 2016
    assert audit.loc["C005", "computed"] == 2018
    assert audit.loc["C043", "computed"] == 198


def test_formula_helpers():
    assert evaluate_formula("v('gii_2021', country='KAZ')") == pytest.approx(28.6)
    assert evaluate_formula("pct_change(50, 60)") == pytest.approx(20.0)
    assert evaluate_formula("argmax('portal_users', by='year', breakdown='total')") == 2018
    assert evaluate_formula("total('gtmi_group_counts', year=2020)") == 198


@pytest.mark.parametrize("formula", [
    "__import__('os').system('true')",
    "v('gii_2021', country='KAZ').real",
    "open('x')",
    "[1, 2]",
    "1 if True else 2",
])
def test_formula_rejects_anything_but_arithmetic(formula):
    with pytest.raises(FormulaError):
        evaluate_formula(formula)


def test_formula_that_matches_no_single_row_is_an_error():
    with pytest.raises(FormulaError, match="matches 13 rows"):
        evaluate_formula("v('gii_2021')")
    with pytest.raises(FormulaError, match="no column"):
        evaluate_formula("v('gii_2021', region='x')")


def test_judge():
    assert judge(1.54, 1.5, "approx", 0.05)
    assert not judge(19.6, 20, "at_least", 0)
    assert judge(42.6, 44, "at_most", 0)
    with pytest.raises(FormulaError):
        judge(1, 1, "roughly", 0)


def test_claims_loader_returns_register():
    claims = egovlib.claims()
    assert isinstance(claims, pd.DataFrame) and claims["claim_id"].is_unique


def test_every_failed_claim_says_why_and_no_reproduced_claim_does():
    audit = evaluate_claims()
    failed = audit["status"] != "reproduced"
    classified = audit["claim_id"].map(egovlib.claims().set_index("claim_id")["discrepancy"]).notna()
    assert (failed == classified).all(), audit.loc[failed != classified, ["claim_id", "status"]]
