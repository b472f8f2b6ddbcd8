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


# -- formulas cannot hang, exhaust memory or abort the audit ---------------------------------

@pytest.mark.parametrize(("formula", "reason"), [
    ("10**10**10", "10 ** 10000000000 would have more than 4096 bits; refused before computing it"),
    ("9**9**9**9", "9 ** 387420489 would have more than 4096 bits"),
    ("'a'*10**10", "repeating a string of 1 characters 10000000000 times would exceed 10000 characters"),
    ("10**10*'ab'", "repeating a string of 2 characters 10000000000 times"),
    ("2**4000*2**4000*2**4000", "an intermediate integer has more than 4096 bits"),
    ("round(10, -10**9)", "round() takes a whole number of digits within +-100"),
    ("1/0", "ZeroDivisionError: division by zero"),
    ("pct_change(0, 5)", "ZeroDivisionError: division by zero"),
    ("1e308*10", "gives inf, not a finite number"),
    ("(-8)**0.5", "not a number"),
    ("+".join(["1"] * 600), "characters long; at most 1000 allowed"),
    ("-" * 300 + "1", "syntax nodes; at most 200 allowed"),
])
def test_formula_work_is_bounded_and_errors_name_the_formula(formula, reason):
    import time

    start = time.perf_counter()
    with pytest.raises(FormulaError) as info:
        evaluate_formula(formula)
    assert time.perf_counter() - start < 2.0
    assert isinstance(info.value, egovlib.EgovlibError)
    assert reason in str(info.value)
    assert str(info.value).startswith("formula " + repr(formula)[:40])


@pytest.fixture
def broken_claims(tmp_path):
    """A copy of the package whose claims C005, C028 and C043 carry formulas that used to hang or abort."""
    import csv
    import hashlib
    import io
    import json
    import shutil

    from egovlib.datasets import DataPackage, default_data_dir

    folder = tmp_path / "data"
    shutil.copytree(default_data_dir(), folder)
    path = folder / "claims.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    column = rows[0].index("formula")
    bad = {"C005": "10**10**10", "C028": "'a'*10**10", "C043": "1/0"}
    for row in rows[1:]:
        row[column] = bad.get(row[0], row[column])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    descriptor = json.loads((folder / "datapackage.json").read_text())
    for resource in descriptor["resources"]:
        if resource["name"] == "claims":
            resource["hash"] = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    return DataPackage(folder), bad


def test_audit_goes_on_past_failing_claims_and_names_them(broken_claims):
    from egovlib.replication import ClaimEvaluationWarning

    package, bad = broken_claims
    with pytest.warns(ClaimEvaluationWarning, match=r"3 claim\(s\) could not be evaluated") as record:
        audit = evaluate_claims(package).set_index("claim_id")
    for claim_id in bad:
        assert claim_id in str(record[0].message)
    assert audit.loc["C005", "detail"] == (
        "claim C005 (formula '10**10**10'): formula '10**10**10': 10 ** 10000000000 would have more than "
        "4096 bits; refused before computing it"
    )
    assert audit.loc["C028", "detail"].startswith("claim C028 (formula \"'a'*10**10\"): ")
    assert "would exceed 10000 characters" in audit.loc["C028", "detail"]
    assert audit.loc["C043", "detail"] == (
        "claim C043 (formula '1/0'): formula '1/0': ZeroDivisionError: division by zero"
    )
    assert set(audit.loc[list(bad), "status"]) == {"error"} and audit.loc[list(bad), "computed"].isna().all()
    reference = evaluate_claims().set_index("claim_id")
    others = audit.index.difference(list(bad))
    pd.testing.assert_series_equal(audit.loc[others, "computed"], reference.loc[others, "computed"])
    assert (audit.loc[others, "status"].astype(str) == reference.loc[others, "status"].astype(str)).all()


def test_single_claim_error_names_claim_and_formula(broken_claims):
    from egovlib.errors import ClaimError
    from egovlib.replication import evaluate_claim

    package, _ = broken_claims
    with pytest.raises(ClaimError) as info:
        evaluate_claim("C043", package)
    assert (info.value.claim_id, info.value.formula) == ("C043", "1/0")
    assert str(info.value) == "claim C043 (formula '1/0'): formula '1/0': ZeroDivisionError: division by zero"
    assert evaluate_claim("C001", package)["status"] in {"reproduced", "not_reproduced", "not_checkable"}


def test_default_audit_has_exactly_the_three_statuses():
    """No 'error' category unless a claim fails: the notebooks' tallies stay as recorded."""
    import warnings

    from egovlib.replication import STATUSES

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        audit = evaluate_claims()
    assert list(audit["status"].cat.categories) == list(STATUSES)
