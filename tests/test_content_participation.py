"""Entry points 1-3 (seed 000): the advice carries the seed's conditions and dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mobility_advisor.engine.engine import outcomes, walk

from conftest import TODAY, profile

SEED = "000_fd03e0fb6919d7ac.txt"
START, END = date(2027, 3, 1), date(2027, 3, 26)


def run(tree, goals, **answers):
    """The outcomes of a complete walk (the test fails if a question was left out)."""
    a = {"goals": goals, **profile()}
    a.update({k.replace("__", "."): v for k, v in answers.items()})
    w = walk(tree, a)
    assert w.done, f"unanswered: {w.next.id if w.next else None}"
    return outcomes(tree, a, TODAY)


def by_id(result):
    return {i.outcome.id: i for i in result.items}


def templates(result):
    return {i.outcome.template for i in result.documents}


# --- 1. Participation -------------------------------------------------------------

def test_erasmus_participation_gives_attestation_agreement_and_complement(tree):
    r = run(tree, ["participation"], participation__attestation=True, participation__other_evidence=False)
    assert {"attestation_participation", "learning_agreement", "learning_agreement_complement"} <= templates(r)
    items = by_id(r)
    assert items["participation.learning_agreement"].due == START
    assert items["participation.learning_agreement"].outcome.due.relation == "before"
    # one item for the complement: signed at the end of the mobility, then issued
    assert "participation.complement_sign" not in items
    item = items["participation.complement_doc"]
    assert item.due == END and item.outcome.due.relation == "on_or_after" and item.outcome.phase == "after"
    assert item.outcome.tip is not None
    assert "participation.other_evidence_check" not in items


def test_other_funding_has_the_pedagogical_contract_but_no_erasmus_complement(tree):
    """Seed 003's pedagogical contract applies to every mobility; the complement is Erasmus+'s."""
    r = run(tree, ["participation"], mobility__funding="other", participation__attestation=True)
    ids = set(by_id(r))
    assert "attestation_participation" in templates(r)
    assert "learning_agreement_complement" not in templates(r)
    assert "participation.pedagogical_contract" in ids and "participation.learning_agreement" not in ids
    assert not {"participation.complement_sign", "participation.complement_requirements",
                "participation.learning_agreement_template"} & ids


def test_other_evidence_replaces_the_complement_by_a_caveat(tree):
    r = run(tree, ["participation"], participation__attestation=True, participation__other_evidence=True)
    ids = by_id(r)
    assert "learning_agreement_complement" not in templates(r)
    assert "participation.complement_sign" not in ids
    assert "learning_agreement" in templates(r)  # the agreement itself stays compulsory
    caveat = ids["participation.other_evidence_check"]
    assert caveat.outcome.kind == "caveat" and caveat.outcome.check_with is not None
    assert "contrat financier" in caveat.outcome.text.fr and "grant agreement" in caveat.outcome.text.en


def test_learning_agreement_is_a_funding_rule_whatever_the_goals(tree):
    r = run(tree, ["learning_outcomes"])
    assert {"learning_agreement", "learning_agreement_complement"} <= templates(r)
    assert "attestation_participation" not in templates(r)


def test_no_attestation_without_erasmus_is_flagged(tree):
    r = run(tree, ["participation"], mobility__funding="other", participation__attestation=False)
    assert "participation.no_evidence" in by_id(r)
    # (the French apprentice's convention, issue 16, and the host brief, issue 15, are no
    # participation documents)
    assert [d.outcome.id for d in r.documents if not d.outcome.id.startswith(("apprentice.", "guide."))] == [
        "participation.pedagogical_contract"]
    r = run(tree, ["participation"], participation__attestation=False, participation__other_evidence=False)
    assert "participation.no_evidence" not in by_id(r)
    assert "attestation_participation" not in templates(r)


# --- 2. Europass Mobilité -----------------------------------------------------------

@pytest.mark.parametrize("funding,present,absent", [
    ("erasmus", "europass.request_erasmus", "europass.request_national_centre"),
    ("other", "europass.request_national_centre", "europass.request_erasmus"),
])
def test_europass_is_requested_before_departure_where_the_funding_says(tree, funding, present, absent):
    r = run(tree, ["learning_outcomes"], mobility__funding=funding)
    items = by_id(r)
    assert "europass_preparation" in templates(r)
    req = items[present]
    assert req.outcome.phase == "before" and req.outcome.due.relation == "before" and req.due == START
    assert absent not in items


def test_europass_who_does_what_in_order(tree):
    r = run(tree, ["learning_outcomes"])
    order = [i.outcome.id for i in r.items]
    chain = ["europass.request_erasmus", "europass.sending_fills", "europass.host_fills",
             "europass.learner_signs", "europass.issue"]
    assert [order.index(c) for c in chain] == sorted(order.index(c) for c in chain)
    items = by_id(r)
    assert [items[c].outcome.phase for c in chain] == ["before", "before", "during", "after", "after"]
    assert items["europass.issue"].due == END
    assert "tuteur" in items["europass.host_fills"].outcome.text.fr
    assert "stamp" in items["europass.issue"].outcome.text.en


@pytest.mark.parametrize("funding,flagged", [("other", True), ("erasmus", False)])
def test_seeds_disagree_on_europass_outside_erasmus(tree, funding, flagged):
    items = by_id(run(tree, ["learning_outcomes"], mobility__funding=funding))
    assert ("europass.non_erasmus_criteria" in items) is flagged
    if flagged:
        c = items["europass.non_erasmus_criteria"].outcome
        # a French sender: the centre is named by its own name (issue 15)
        assert c.kind == "caveat" and "Agence Erasmus+ France / Éducation Formation" in c.check_with.fr
        assert "agence_erasmus_fr" in {s.seed for s in c.source}
        assert {s.seed for s in c.source} >= {SEED, "001_8f3a96a7406a6b22.txt"}
        assert "2004" in c.text.fr and "quality criteria" in c.text.en


@pytest.mark.parametrize("days,late", [(10, True), (-5, True), (29, True), (30, False), (182, False)])
def test_request_now_caveat_only_when_departure_is_close_or_past(tree, days, late):
    start = TODAY + timedelta(days=days)
    r = run(tree, ["learning_outcomes"], mobility__start=start, mobility__end=start + timedelta(days=25))
    assert ("europass.late_request" in by_id(r)) is late


def test_late_caveat_needs_the_europass_goal(tree):
    start = TODAY + timedelta(days=10)
    r = run(tree, ["participation"], mobility__start=start, mobility__end=start + timedelta(days=25),
            participation__attestation=True, participation__other_evidence=False)
    assert "europass.late_request" not in by_id(r)


def test_revised_template_caveat_cites_the_public_source(tree):
    c = by_id(run(tree, ["learning_outcomes"]))["europass.template_revised"].outcome
    assert c.kind == "caveat" and c.check_with is not None
    # the French sender's agency, named in check_with, is cited by its own public source
    assert {s.seed for s in c.source if tree.seeds[s.seed].public} == {"europass_template_news", "agence_erasmus_fr"}
    assert any(s.seed == SEED for s in c.source)


@pytest.mark.parametrize("country,flagged", [("ca", True), ("other", True), ("de", False), ("no", False)])
def test_europass_outside_europe_is_a_thing_to_check(tree, country, flagged):
    extra = {"destination.other": "Japon"} if country == "other" else {}
    a = {"goals": ["learning_outcomes"], **profile(**{"destination.country": country}), **extra}
    assert walk(tree, a).done
    assert ("europass.outside_europe" in by_id(outcomes(tree, a, TODAY))) is flagged


# --- 3. Integration and assessment ------------------------------------------------------

GRID = dict(integration__preparation=["grid"], integration__methods=["logbook", "jury"],
            integration__test_before=True, integration__record=["minutes"])


def test_grid_gives_the_evaluation_grid_methods_and_pre_post_test(tree):
    r = run(tree, ["integration"], **GRID)
    items = by_id(r)
    assert {"evaluation_grid", "validation_record"} <= templates(r)
    assert "positioning_sheet" not in templates(r)
    assert {"integration.method_logbook", "integration.method_jury"} <= set(items)
    assert not {"integration.method_test", "integration.method_interview", "integration.method_observation",
                "integration.method_host_grid"} & set(items)  # (merged into guide.during.assess_with_tutor: #28 item 6)
    assert items["integration.pre_test"].due == START and items["integration.pre_test"].outcome.phase == "before"
    assert items["integration.post_test"].due == END
    assert "integration.record_minutes" in items
    assert not {"integration.record_grid", "integration.record_certificate"} & set(items)


def test_no_pre_test_when_not_planned(tree):
    r = run(tree, ["integration"], **{**GRID, "integration__test_before": False})
    assert not {"integration.pre_test", "integration.post_test"} & set(by_id(r))


def test_positioning_gives_the_sheet_and_one_step_per_tool(tree):
    r = run(tree, ["integration"], integration__preparation=["positioning"],
            integration__positioning_tools=["europass_cv", "eqf_level"], integration__record=["certificate"])
    items = by_id(r)
    assert "positioning_sheet" in templates(r) and "evaluation_grid" not in templates(r)
    assert {"integration.positioning_sheet", "integration.individualise", "integration.matching",
            "integration.positioning_cv", "integration.positioning_eqf"} <= set(items)
    assert not {"integration.positioning_motivation", "integration.positioning_experience",
                "integration.pre_test"} & set(items)
    cert = items["integration.record_certificate"].outcome
    assert "open badge" in cert.text.fr and "open badge" in cert.text.en


def test_recording_in_a_grid_needs_a_grid(tree):
    r = run(tree, ["integration"], integration__preparation=["positioning"],
            integration__positioning_tools=["motivation"], integration__record=["grid"])
    assert "evaluation_grid" in templates(r)
    assert "integration.record_grid" in by_id(r)


def test_apprentice_tip_follows_the_answer(tree):
    args = dict(integration__preparation=["grid"], integration__methods=["test"], integration__test_before=False,
                integration__record=["grid"])
    assert "integration.apprentice_company" in by_id(run(tree, ["integration"], **args))
    a = {"goals": ["integration"], **profile(**{"learner.apprentice": False}),
         **{k.replace("__", "."): v for k, v in args.items()}}
    assert walk(tree, a).done
    assert "integration.apprentice_company" not in by_id(outcomes(tree, a, TODAY))


def test_sections_not_chosen_give_no_advice(tree):
    r = run(tree, ["participation"], mobility__funding="other", participation__attestation=True)
    assert not [i for i in r.items if i.outcome.id.split(".")[0] in ("europass", "integration")]


# --- The rules themselves ---------------------------------------------------------------

def test_every_outcome_of_entry_points_1_to_3_cites_seed_000_and_speaks_both_languages(tree):
    mine = [o for o in tree.outcomes if o.id.split(".")[0] in ("participation", "europass", "integration")]
    assert len(mine) >= 30
    for o in mine:
        assert any(s.seed == SEED for s in o.source), o.id
        assert o.text.fr and o.text.en and o.text.fr != o.text.en, o.id
        assert "’" not in o.text.fr + (o.tip.fr if o.tip else ""), f"{o.id}: use the plain apostrophe"
        if o.kind == "step":
            assert o.phase in ("before", "during", "after"), o.id
        if o.kind == "caveat":
            assert o.check_with is not None, o.id
