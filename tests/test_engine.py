"""The pure engine: the walk, conditions, answers' validation and dates."""

from __future__ import annotations

from datetime import date

import pytest

from mobility_advisor.engine.engine import effective, facts, outcomes, parse_answer, walk
from mobility_advisor.rules.problems import AnswerError

from conftest import TODAY, profile


def ids(w):
    return [q.id for q in w.asked]


def test_walk_starts_with_goals(tree):
    w = walk(tree, {})
    assert w.next.id == "goals" and not w.asked


def test_walk_skips_sections_not_chosen(tree):
    a = {"goals": ["learning_outcomes"], **profile()}
    w = walk(tree, a)
    assert w.done
    assert "participation.attestation" not in ids(w)
    assert "certification.certifier" not in ids(w)


def test_walk_visits_every_chosen_section_in_order(tree):
    a = {"goals": ["participation", "integration", "certification"], **profile()}
    w = walk(tree, a)
    assert w.next.id == "participation.attestation"
    a["participation.attestation"] = True
    assert walk(tree, a).next.id == "participation.other_evidence"  # Erasmus+ funding
    a["participation.other_evidence"] = False
    assert walk(tree, a).next.id == "integration.preparation"
    a["integration.preparation"] = ["grid"]
    assert walk(tree, a).next.id == "integration.methods"  # no positioning chosen
    a.update({"integration.methods": ["test"], "integration.test_before": True, "integration.record": ["grid"]})
    assert walk(tree, a).next.id == "certification.certifier"


def test_certifier_branch_then_common_question(tree):
    a = {"goals": ["certification"], **profile(), "certification.certifier": "cma_btm"}
    assert walk(tree, a).next.id == "btm.title"
    a.update({"btm.title": "patissier", "btm.dossier_focus": "recipes"})
    assert walk(tree, a).next.id == "certification.in_framework"
    a["certification.in_framework"] = "unsure"
    assert walk(tree, a).done


def test_other_funding_skips_complement_question(tree):
    a = {"goals": ["participation"], **profile(**{"mobility.funding": "other"}), "participation.attestation": False}
    w = walk(tree, a)
    assert w.done and "participation.other_evidence" not in ids(w)


def test_other_country_asks_its_name(tree):
    a = {"goals": ["learning_outcomes"], **profile(**{"destination.country": "other"})}
    del a["mobility.start"], a["mobility.end"], a["mobility.funding"]
    assert walk(tree, a).next.id == "destination.other"


def test_changed_answer_drops_stale_ones(tree):
    a = {"goals": ["certification"], **profile(), "certification.certifier": "men", "men.diploma": "cap"}
    a["certification.certifier"] = "qbid"
    eff = effective(tree, a)
    assert "men.diploma" not in eff
    assert walk(tree, a).next.id == "qbid.catalan_tutor"


def test_facts_from_dates():
    f = facts({"mobility.start": date(2026, 12, 1), "mobility.end": date(2026, 12, 14)}, TODAY)
    # over_one_year_days: negative while the stay is within one year (issue 16)
    assert f == {"days_to_start": 7, "duration_days": 14, "over_one_year_days": -351}


def test_facts_from_the_contract_and_the_date_of_birth():
    f = facts({"mobility.start": date(2027, 1, 4), "mobility.end": date(2027, 4, 30),
               "apprentice.contract_start": date(2026, 9, 1), "apprentice.contract_end": date(2027, 2, 28),
               "learner.birth_date": date(2009, 1, 5)}, TODAY)
    assert f["duration_days"] == 117 and f["contract_days"] == 181 and f["half_contract_days"] == 90
    assert f["over_half_contract_days"] == 2 * 117 - 181
    assert f["minor_at_start"] == 1  # 18 on 5 January 2027, the day after the start
    assert facts({"mobility.start": date(2027, 1, 5), "mobility.end": date(2027, 1, 6),
                  "learner.birth_date": date(2009, 1, 5)}, TODAY)["minor_at_start"] == 0
    # a blank date gives no fact, so no condition on it holds
    assert "contract_days" not in facts({"apprentice.contract_start": "", "apprentice.contract_end": ""}, TODAY)


@pytest.mark.parametrize("raw", ["2026-02-30", "30/02/2026", "tomorrow", "", "2026-13-01"])
def test_bad_dates_refused(tree, raw):
    with pytest.raises(AnswerError):
        parse_answer(tree.questions["mobility.start"], raw, {})


def test_french_date_accepted(tree):
    assert parse_answer(tree.questions["mobility.start"], "02/03/2027", {}) == date(2027, 3, 2)


def test_end_before_start_refused(tree):
    with pytest.raises(AnswerError, match="before"):
        parse_answer(tree.questions["mobility.end"], "2027-02-28", {"mobility.start": date(2027, 3, 1)})
    assert parse_answer(tree.questions["mobility.end"], "2027-03-01", {"mobility.start": date(2027, 3, 1)})


def test_text_answers(tree):
    q = tree.questions["learner.name"]
    assert parse_answer(q, "  Léa   Dupont ", {}) == "Léa Dupont"
    for bad in ["", "   ", "x" * 121, "a\x00b"]:
        with pytest.raises(AnswerError):
            parse_answer(q, bad, {})


def test_choice_answers(tree):
    goals = tree.questions["goals"]
    assert parse_answer(goals, ["certification", "participation"], {}) == ["participation", "certification"]
    with pytest.raises(AnswerError, match="not among"):
        parse_answer(goals, ["holiday"], {})
    with pytest.raises(AnswerError):
        parse_answer(goals, [], {})
    with pytest.raises(AnswerError, match="one of"):
        parse_answer(tree.questions["mobility.funding"], "lottery", {})


def test_outcomes_only_from_effective_answers(tree):
    a = {"goals": ["certification"], **profile(), "certification.certifier": "men", "men.diploma": "bac_pro",
         "certification.in_framework": "yes"}
    r = outcomes(tree, a, TODAY)
    assert r.answers["men.diploma"] == "bac_pro"
    assert all(i.outcome.kind in ("step", "document", "caveat", "tip") for i in r.items)
