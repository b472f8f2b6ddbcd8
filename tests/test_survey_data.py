"""The issue-16 datasets: policy targets, coded UNDP survey answers, uptake and market figures.

Expected numbers come from the source documents (quoted by section in the comments) or from hand
calculation, never from the code under test.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

import egovlib
from egovlib import survey
from egovlib.datasets import default_data_dir
from egovlib.invariants import DATASET_RULES, find_violations
from egovlib.targets import judge, rank_in_round

NEW = ["policy_targets", "undp_survey_answers", "undp_uptake_market"]
DESCRIPTOR = json.loads((default_data_dir() / "datapackage.json").read_text())
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"]}
SEVEN = ["ARM", "AZE", "GEO", "KAZ", "KGZ", "TJK", "UZB"]


@pytest.mark.parametrize("name", NEW)
def test_dataset_has_provenance_units_and_rules(name):
    table = egovlib.load(name)
    assert len(table) > 0
    assert table["source"].notna().all() and (table["locator"].astype(str).str.strip() != "").all()
    assert set(table["source"].astype(str)) <= {s["name"] for s in DESCRIPTOR["sources"]}
    fields = {f["name"]: f for f in RESOURCES[name]["schema"]["fields"]}
    assert "unit" in fields and RESOURCES[name]["description"]
    assert name in DATASET_RULES


def test_row_counts():
    # 13 targets (seed 001 sections 3.3-3.4, seed 002 introduction, seed 004 sections D.1, D.6, D.9);
    # 20 items x 7 countries; 45 uptake and market figures.
    assert len(egovlib.load("policy_targets")) == 13
    assert len(egovlib.load("undp_survey_answers")) == 20 * 7
    assert len(egovlib.load("undp_uptake_market")) == 45


def test_targets_as_the_sources_state_them():
    targets = egovlib.load("policy_targets").set_index("target_id")
    # DSJ 2023, section 3.3: among the thirty leading countries (EGDI), the five leading in e-participation,
    # e-services in five days; Information Kazakhstan 2020 runs 2013-2020.
    assert (targets.at["T01", "indicator"], targets.at["T01", "target_value"]) == ("egdi_rank", 30)
    assert (targets.at["T02", "indicator"], targets.at["T02", "target_value"]) == ("epart_rank", 5)
    assert (targets.at["T03", "target_value"], targets.at["T03", "unit"]) == (5, "days")
    assert targets.loc[["T01", "T02", "T03"], "target_year"].tolist() == [2020, 2020, 2020]
    # UNDP 2022 D.1 (Kazakhstan): "services in 5 minutes"; footnote 88 (Georgia): 350-500 services by end-2020.
    assert (targets.at["T08", "target_value"], targets.at["T08", "unit"]) == (5, "minutes")
    assert targets.at["T13", "target_value"] == 350 and targets.at["T13", "target_year"] == 2020
    qualitative = targets[targets["direction"] == "qualitative"]
    assert qualitative["target_value"].isna().all()


def test_market_figures_as_printed():
    market = egovlib.load("undp_uptake_market").set_index(["country", "indicator"])["value"]
    # UNDP 2022 footnote 80: KZT 6.93 billion in 2020, +42 %, IaaS KZT 4.8 billion = "65 per cent".
    assert market[("KAZ", "cloud_market")] == 6.93
    assert market[("KAZ", "cloud_market_iaas")] == 4.8
    assert market[("KAZ", "cloud_market_iaas_share")] == 65
    # Footnote 83: 82 per cent of Armenians did not use electronic tools in 2019.
    assert market[("ARM", "population_not_using_egov")] == 82
    # Section D.9 (Azerbaijan): 998 services by 139 organisations, 710 electronically from 42.
    assert (market[("AZE", "public_service_providers")], market[("AZE", "electronic_service_providers")]) == (139, 42)


def test_conflicts_of_the_new_datasets_are_registered():
    register = egovlib.conflicts().set_index("conflict_id")
    iaas = register.loc["undp_uptake_market:KAZ:2020:cloud_market_iaas_share:printed~computed"]
    # Hand calculation: 4.8 / 6.93 = 0.69264 -> 69.26 per cent, against 65 printed.
    assert iaas["value_a"] == 65 and math.isclose(iaas["value_b"], 69.26, abs_tol=0.005)
    users = register.loc["undp_uptake_market:ARM:2019:population_not_using_egov:users+nonusers"]
    assert users["value_b"] == 100 - 15  # 15 per cent users (adoption_milestones) leave 85, not 82
    milestones = egovlib.load("adoption_milestones")
    assert float(milestones.loc[(milestones["country"] == "ARM")
                                & (milestones["indicator"] == "population_using_egov"), "value"].iloc[0]) == 15
    period = register.loc["policy_targets:KGZ:T09:programme_period"]
    assert (period["value_a"], period["value_b"], period["chosen_value"]) == (2026, 2023, 2023)
    for key in ["undp_survey_answers:KAZ:citizen_training:D.7~D.4", "undp_survey_answers:TJK:ai_in_government:D.1~D.10"]:
        assert register.at[key, "found_by"] == "review"


def test_every_country_answers_every_item_once():
    answers = egovlib.load("undp_survey_answers")
    assert sorted(answers["country"].astype(str).unique()) == SEVEN
    assert answers.groupby("country", observed=True)["item"].nunique().eq(20).all()


def test_codebook_is_complete_and_ordered():
    book = survey.codebook()
    spec = RESOURCES["undp_survey_answers"]["codebook"]
    assert set(book["item"]) == set(spec) and len(spec) == 20
    for item, part in book.groupby("item"):
        assert survey.NOT_REPORTED in set(part["category"]), item
        assert math.isnan(part.loc[part["category"] == survey.NOT_REPORTED, "score"].iloc[0])
        scores = part["score"].dropna()
        if part["scored"].iloc[0]:
            assert set(scores) <= {0.0, 1.0, 2.0} and scores.nunique() >= 2, item
        else:
            assert scores.empty, item
    doc = (Path(__file__).resolve().parent.parent / "docs" / "codebook_undp_survey.md").read_text()
    for item in spec:
        assert f"`{item}`" in doc, f"docs/codebook_undp_survey.md does not describe {item}"


def test_readiness_by_hand_for_armenia():
    ready = survey.readiness(egovlib.load("undp_survey_answers"))
    # Armenia's 17 scored answers (codebook scores): strategy 2, funding 0, lead body 2, coordination 1,
    # CIO 1, civil-servant training 1, coordinator 1, law 1, standards 1, inclusion 1, citizens 1, price 1,
    # feedback 1, connectivity 2, data exchange 2, cloud 1, AI 0 -> 19 / 17.
    assert math.isclose(ready.at["ARM", "overall"], 19 / 17)
    assert ready.at["ARM", "overall_answered"] == 17 and ready.at["ARM", "overall_not_reported"] == 0
    # Georgia leaves 6 of its 17 scored items unanswered (sections D.7 and D.8 are N/A, among others).
    assert ready.at["GEO", "overall_not_reported"] == 6


def test_readiness_on_a_small_table_and_a_bad_category():
    book = pd.DataFrame({"item": ["a", "a", "a", "b", "b"], "theme": "t", "doi_element": "social_system",
                         "question": "q", "scored": True, "category": ["no", "yes", "not_reported", "no", "yes"],
                         "score": [0.0, 2.0, math.nan, 0.0, 2.0], "description": "d"})
    answers = pd.DataFrame({"country": ["X", "X", "Y", "Y"], "item": ["a", "b", "a", "b"],
                            "category": ["yes", "no", "not_reported", "yes"]})
    ready = survey.readiness(answers, book)
    assert ready.at["X", "overall"] == 1.0 and ready.at["Y", "overall"] == 2.0  # (2+0)/2 and 2/1
    assert survey.readiness(answers, book, not_reported_as=0).at["Y", "overall"] == 1.0  # (0+2)/2
    with pytest.raises(ValueError, match="category 'maybe' is not in the codebook"):
        survey.readiness(answers.assign(category=["maybe", "no", "yes", "yes"]), book)


def test_kendall_interval_by_hand():
    # z = atanh(0.5) = 0.549306; half width = 1.959964 * sqrt(0.437 / 3) = 0.748047;
    # tanh(-0.198741) = -0.196164, tanh(1.297353) = 0.861040.
    low, high = survey.kendall_interval(0.5, 7)
    assert math.isclose(low, -0.196164, abs_tol=1e-5) and math.isclose(high, 0.861040, abs_tol=1e-5)
    with pytest.raises(ValueError, match="more than 4 pairs"):
        survey.kendall_interval(0.5, 4)


def _outcomes(*pairs, qualifier="exact"):
    return pd.DataFrame({"year": [p[0] for p in pairs], "value": [p[1] for p in pairs], "qualifier": qualifier})


def test_judge_statuses():
    assert judge("at_most", 30, 2020, _outcomes((2018, 39), (2020, 29))).status == "met"
    assert judge("at_most", 5, 2020, _outcomes((2020, 26))).status == "not_met"
    later = judge("at_least", 350, 2020, _outcomes((2021, 700)))
    assert later.status == "met" and later.outcome_year == 2021 and "first later value" in later.reason
    assert judge("at_least", 100, 2030, _outcomes((2021, 44))).status == "not_yet_due"
    assert judge("at_least", 40, 2030, _outcomes((2021, 44))).status == "met"  # met early
    assert judge("at_least", 100, None, _outcomes((2021, 90))).status == "no_deadline"
    assert judge("at_least", 100, 2023, None, why_missing="nothing").reason == "nothing"
    assert judge("qualitative", None, 2022, _outcomes((2021, 1))).status == "not_evaluable"
    fragile = judge("at_least", 100, 2021, _outcomes((2021, 98), qualifier="approximately"))
    assert fragile.status == "not_met" and "fragile" in fragile.reason
    with pytest.raises(ValueError, match="direction='above'"):
        judge("above", 1, 2020, None)
    with pytest.raises(ValueError, match=r"missing column\(s\) \['year'\]"):
        judge("at_most", 1, 2020, pd.DataFrame({"value": [1]}))


def test_rank_in_round_shares_ties_and_matches_the_printed_ranks():
    panel = pd.DataFrame({"country": ["A", "B", "C", "D"], "year": 2020, "indicator": "epart",
                          "value": [0.9, 0.8, 0.8, 0.1]})
    assert [rank_in_round(panel, "epart", c, 2020) for c in "ABCD"] == [1, 2, 2, 4]
    assert rank_in_round(panel, "epart", "Z", 2020) is None
    # Orazgaliyeva et al. (2023), Table 3, prints Kazakhstan's E-Participation ranks; the UN panel recomputes them.
    un = egovlib.load("un_egov_panel")
    printed = egovlib.load("egdi_kazakhstan")
    printed = printed[printed["indicator"] == "epart_rank"].set_index("year")["value"]
    for year in (2012, 2020, 2022):
        assert rank_in_round(un, "epart", "KAZ", year) == int(printed[year])


def _planted(name: str, change) -> list[str]:
    table = egovlib.load(name).copy()
    change(table)
    return [v.rule for v in find_violations(name, table)]


def test_invariants_catch_planted_errors():
    def bad_category(t):
        t.loc[0, "category"] = "operating"  # allowed for other items, not for digital_strategy
    assert "category_allowed_for_item" in _planted("undp_survey_answers", bad_category)

    def value_without_unit(t):
        t.loc[0, "value"] = 3
    assert "value_has_unit" in _planted("undp_survey_answers", value_without_unit)

    def wrong_theme(t):
        t.loc[0, "theme"] = "training"
    assert "theme_of_item" in _planted("undp_survey_answers", wrong_theme)

    table = egovlib.load("undp_survey_answers")
    rules = [v.rule for v in find_violations("undp_survey_answers", table.iloc[1:])]
    assert "every_item_answered" in rules

    def iaas_above_market(t):
        t.loc[t["indicator"] == "cloud_market_iaas", "value"] = 7.5
    assert "part_not_above_whole" in _planted("undp_uptake_market", iaas_above_market)

    def qualitative_with_value(t):
        t.loc[t["direction"] == "qualitative", "target_value"] = 1
    assert "qualitative_has_no_value" in _planted("policy_targets", qualitative_with_value)

    def fractional_rank(t):
        t.loc[t["target_id"] == "T01", "target_value"] = 30.5
    assert "target_within_unit" in _planted("policy_targets", fractional_rank)

    def year_before_programme(t):
        t.loc[t["target_id"] == "T01", "target_year"] = 2010
    assert "target_year_in_programme" in _planted("policy_targets", year_before_programme)
