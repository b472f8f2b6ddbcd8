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
    assert len(audit) >= 200
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


# -- the complete register (issue 16) ---------------------------------------------------------

SEEDS = ("orazgaliyeva2023", "zhanbyrbayeva2022", "bolatbekkyzy2023", "dsj2023", "undp2022")


@pytest.fixture(scope="module")
def audit():
    return evaluate_claims()


def test_every_source_has_claims(audit):
    counts = audit["source"].astype(str).value_counts()
    for source in SEEDS:
        assert counts.get(source, 0) >= 20, f"{source} has {counts.get(source, 0)} claims in data/claims.csv"


def test_every_recorded_verdict_is_recomputed(audit):
    """The verdict column of claims.csv is what the evaluator gives: a change in data or code that flips one fails."""
    changed = audit[audit["status"].astype(str) != audit["verdict"].astype(str)]
    assert changed.empty, changed[["claim_id", "verdict", "status", "computed", "detail"]].to_string()


def _names(formula: str) -> set[str]:
    import ast

    return {n.id for n in ast.walk(ast.parse(formula, mode="eval")) if isinstance(n, ast.Name)}


def test_a_claim_without_a_year_is_checked_in_every_year(audit):
    import re

    for claim in audit.to_dict("records"):
        scope, formula = str(claim["year_scope"]), claim["formula"]
        has_year = re.search(r"\b(19|20)\d\d\b", str(claim["statement"])) is not None
        if scope == "stated":
            assert has_year, f"{claim['claim_id']}: year_scope 'stated' but the statement names no year"
        if scope.startswith("every_year:"):
            assert "year" in _names(formula), f"{claim['claim_id']}: checked in every year, no free 'year'"
            assert claim["holds_in"] or claim["fails_in"], f"{claim['claim_id']}: evaluated in no year"
        elif isinstance(formula, str) and formula:
            assert "year" not in _names(formula), f"{claim['claim_id']}: free 'year' without year_scope every_year"
        if scope == "context":
            assert isinstance(claim["note"], str) and claim["note"], f"{claim['claim_id']}: context year without a note"


def test_yearless_claims_name_the_years_they_fail(audit):
    """Hand-checked against the UNDP (2022) tables of section D.11 and Table 4 of Orazgaliyeva et al."""
    by_id = audit.set_index("claim_id")
    # E-participation, world average 0.1899 (2010): Armenia 0.0428, Georgia 0.0571, Azerbaijan 0.1714 and
    # Tajikistan 0.0285 below; 0.2250 (2012): Armenia 0.0000, Azerbaijan 0.1316, Georgia 0.2105, Tajikistan 0.
    assert by_id.loc["C042", "fails_in"] == "2010, 2012"
    assert by_id.loc["C042", "holds_in"] == "2014, 2016, 2018, 2020"
    # EGDI, world average 0.4178 (2010): Armenia 0.4025; 0.4882 (2012): Kyrgyzstan 0.4879;
    # 0.4712 (2014): Kyrgyzstan 0.4657, Uzbekistan 0.4695 (all besides Tajikistan)
    assert by_id.loc["C041", "fails_in"] == "2010, 2012, 2014"
    assert by_id.loc["C041", "status"] == "not_reproduced"
    # 'one third' within 1.5 points: 32.9, 33.8, 33.2, 34.6 hold; 30.4, 30.8, 26.7 do not
    assert by_id.loc["C030", "holds_in"] == "2015, 2016, 2017, 2018"
    # users fall from 32.9 % (2015) to 26.7 % (2021): "the number of users has grown" is not reproduced
    assert by_id.loc["C058", "status"] == "not_reproduced"


def test_one_rule_for_a_missing_base_year(audit):
    by_id = audit.set_index("claim_id")
    for claim_id in ("C010", "C013"):
        assert by_id.loc[claim_id, "basis"] == "proxy" and by_id.loc[claim_id, "status"] == "not_checkable"
    # the stand-in is still computed and shown: 94,518 / 61,357 (Table 5, 2021 over 2016)
    assert by_id.loc["C010", "computed"] == pytest.approx(94518 / 61357)
    assert "would agree" in by_id.loc["C010", "detail"]


def test_proxy_and_formula_less_claims_are_never_reproduced(audit):
    basis = audit["basis"].astype(str)
    assert (audit.loc[basis != "direct", "status"] == "not_checkable").all()
    assert (audit.loc[audit["formula"].isna(), "basis"].astype(str) == "none").all()


def test_comparisons_and_new_helpers():
    assert evaluate_formula("1 < 2 and 3 >= 3") == 1
    assert evaluate_formula("not 1 == 1 or 2 == 3") == 0
    # Table 4: 2018 holds the highest share (34.6); obtaining information (24.4) is second to the total in 2015
    assert evaluate_formula("rank_of('portal_users', 'obtaining_information', by='breakdown', year=2015)") == 2
    assert evaluate_formula("prev_value('portal_users', 2018, breakdown='total')") == pytest.approx(33.2)
    assert evaluate_formula("mean('gii_2021', among='ARM AZE')") == pytest.approx((31.4 + 28.4) / 2)
    assert evaluate_formula("count_where('gii_2021', '>', 50)") == 4  # China, Finland, Korea, Singapore
    assert evaluate_formula("v('portal_users', year=year, breakdown='total')", year=2021) == pytest.approx(26.7)
    with pytest.raises(FormulaError):
        evaluate_formula("v('portal_users', year=yr, breakdown='total')")


def _package_with(tmp_path, name, edit):
    import hashlib
    import json
    import shutil

    from egovlib.datasets import DataPackage, default_data_dir

    folder = tmp_path / "data"
    shutil.copytree(default_data_dir(), folder)
    path = folder / f"{name}.csv"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    descriptor = json.loads((folder / "datapackage.json").read_text())
    for resource in descriptor["resources"]:
        if resource["name"] == name:
            resource["hash"] = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    return DataPackage(folder)


def test_a_new_statement_of_a_known_fact_is_caught(tmp_path):
    """A second source giving another number of stages is an unregistered conflict."""
    package = _package_with(tmp_path, "text_figures", lambda text: text + (
        "KAZ,egov_development_stages,total,5,stages,dsj2023,Section 3.2,planted\n"))
    found = set(find_conflicts(ExternalData(), package)["conflict_id"])
    unregistered = found - set(egovlib.conflicts()["conflict_id"])
    assert unregistered == {
        "text_figures:KAZ:egov_development_stages:total:bolatbekkyzy2023=3~dsj2023=5",
        "text_figures:KAZ:egov_development_stages:total:dsj2023=5~orazgaliyeva2023=4",
    }


def test_a_changed_year_flips_a_yearless_verdict(tmp_path):
    """Raising Kyrgyzstan's 2014 EGDI above the world average leaves only Uzbekistan failing 2014: C041 still fails."""
    package = _package_with(tmp_path, "egdi_regional", lambda text: text.replace(
        "UZB,2014,egdi,0.4695", "UZB,2014,egdi,0.5695").replace("KGZ,2014,egdi,0.4657", "KGZ,2014,egdi,0.5657"))
    audit = evaluate_claims(package).set_index("claim_id")
    assert audit.loc["C041", "fails_in"] == "2010, 2012"


def test_dates_and_qualifiers_follow_their_sentences():
    services = egovlib.load("services_digital")
    dsj = services[(services["source"] == "dsj2023") & (services["country"] == "KAZ")]
    # "698 services, 85.5 % electronic; in 2020 ... to be brought to 90 %": the figure predates 2020
    assert set(dsj["year"]) == {2019}
    milestones = egovlib.load("adoption_milestones")
    russia = milestones[(milestones["country"] == "RUS") & (milestones["indicator"] == "portal_users")].iloc[0]
    assert russia["qualifier"] == "approximately" and "86 per cent" in russia["note"]


def test_a_portal_launch_that_contradicts_its_stage_is_caught(tmp_path):
    package = _package_with(tmp_path, "adoption_milestones", lambda text: text.replace(
        "KAZ,2006-04-12,2006,portal_launch", "KAZ,2007-04-12,2007,portal_launch"))
    found = set(find_conflicts(ExternalData(), package)["conflict_id"])
    assert "egov_stages:KAZ:2006:portal_launch_year:bolatbekkyzy2023~dsj2023" in found


def test_an_act_with_two_dates_is_caught():
    # UNDP (2022): section D.6 dates decree No 263 on 12 September 2018, Appendix 5 on 30 September 2018
    found = find_conflicts(ExternalData()).set_index("conflict_id")
    row = found.loc["legal_acts:AZE:2018:number_263:undp2022~undp2022"]
    assert "2018-09-30" in row["locator_a"] and "2018-09-12" in row["locator_b"]
