"""The step-by-step guide (seed 003, its table in 002) and the project's tips (seed 004)."""

from __future__ import annotations

from datetime import date

from mobility_advisor.engine.engine import effective, outcomes
from mobility_advisor.rules.model import PHASES

from conftest import TODAY, profile

S002, S003, S004 = "002_cdf22a84b2ddda8c.txt", "003_a300bb2bd34e759d.txt", "004_2afedd8bb814178f.txt"
START, END = date(2027, 3, 1), date(2027, 3, 26)
PARTICIPATION = {"participation.attestation": True, "participation.other_evidence": False}
SENDING_COMPANY_ITEMS = {
    "guide.before.inform_sending_companies", "guide.before.inform_selected_company",
    "guide.before.sending_company_signs", "guide.before.apprentice_information",
    "guide.before.connect_companies", "tip.inform_sending_company_early", "tip.feedback_sending_employer",
}


def run(tree, goals, extra=None, **changes):
    """The outcomes for these goals; the common questions must all be answered."""
    a = {"goals": goals, **profile(**changes), **(extra or {})}
    assert "mobility.funding" in effective(tree, a), "the walk stopped before the end of the common questions"
    return {i.outcome.id: i for i in outcomes(tree, a, TODAY).items}


def guide(items):
    return {k: v for k, v in items.items()
            if k.startswith(("guide.", "tip.")) or k in ("participation.complement_doc", "participation.attestation_doc",
                                                         "europass.host_fills")}


def test_plain_participation_route_has_steps_in_every_phase(tree):
    items = guide(run(tree, ["participation"], PARTICIPATION))
    for phase in PHASES:
        steps = [i for i in items.values() if i.outcome.kind in ("step", "document") and i.outcome.phase == phase]
        assert len(steps) >= 3, phase
    # the funding is known: the learning agreement's document item carries the guide's step (#28 item 6)
    assert "guide.before.learning_agreement" not in items
    assert {"guide.before.agree_outcomes", "guide.before.name_tutor",
            "guide.during.reception", "participation.attestation_doc", "participation.complement_doc",
            "guide.after.validate_documents", "guide.after.review_project"} <= set(items)
    # no assessment, Europass or certifier steps on a participation-only route
    assert not {"guide.before.define_competences", "guide.during.assess_with_tutor", "europass.host_fills",
                "guide.after.validate_outcomes", "guide.after.transmit_certifier"} & set(items)


def test_every_guide_outcome_cites_the_step_by_step_seed_or_the_tips(tree):
    mine = [o for o in tree.outcomes if o.id.startswith(("guide.", "tip."))]
    assert 40 <= len(mine) <= 70
    for o in mine:
        seeds = {s.seed for s in o.source}
        assert S003 in seeds, o.id
        if o.id.startswith("tip."):
            assert S004 in seeds, o.id
        if o.kind == "step":
            assert o.phase in PHASES, o.id
    # the table (002) is cited as a second source on the steps it also lists
    assert sum(S002 in {s.seed for s in o.source} for o in mine) >= 20


def test_not_an_apprentice_removes_sending_company_items(tree):
    # integration says "inform the sending company early" as a step, other goals as a tip
    with_company = {**guide(run(tree, ["participation", "learning_outcomes"], PARTICIPATION)),
                    **guide(run(tree, ["participation", "integration", "learning_outcomes"], PARTICIPATION))}
    assert SENDING_COMPANY_ITEMS <= set(with_company)
    assert "guide.after.report_sending_company" in with_company
    without = guide(run(tree, ["participation", "integration"], PARTICIPATION,
                        **{"learner.apprentice": False}))
    assert not (SENDING_COMPANY_ITEMS | {"guide.after.report_sending_company"}) & set(without)
    # the host company still signs: in the learning agreement's one item (#28 item 6)
    agreement = run(tree, ["participation", "integration"], PARTICIPATION, **{"learner.apprentice": False})
    assert "by the host company too" in agreement["participation.learning_agreement"].outcome.text.en


def test_certification_goal_adds_transmission_to_certifier(tree):
    integration = guide(run(tree, ["integration"]))
    assert "guide.after.validate_outcomes" in integration
    assert "guide.after.transmit_certifier" not in integration
    cert = guide(run(tree, ["certification"]))
    step = cert["guide.after.transmit_certifier"].outcome
    assert step.kind == "step" and step.phase == "after"
    assert "certification" in step.text.fr and "certifying authority" in step.text.en
    assert {"guide.before.define_competences", "guide.during.assess_with_tutor"} <= set(cert)


def test_europass_and_complement_follow_their_conditions(tree):
    lo = guide(run(tree, ["learning_outcomes"]))
    assert {"europass.host_fills", "guide.after.europass_ceremony", "tip.europass_competences"} <= set(lo)
    assert "participation.complement_doc" in lo  # Erasmus+ funding
    other = guide(run(tree, ["learning_outcomes"], **{"mobility.funding": "other"}))
    assert "participation.complement_doc" not in other
    assert "participation.attestation_doc" not in other  # participation not chosen
    evidence = guide(run(tree, ["participation"], {**PARTICIPATION, "participation.other_evidence": True}))
    assert "participation.complement_doc" not in evidence


def test_dates_follow_the_mobility(tree):
    items = guide(run(tree, ["participation", "integration"], PARTICIPATION))
    debrief = items["guide.during.final_debrief"]
    assert debrief.due == END and debrief.outcome.due.relation == "on"
    assert "débriefing" in debrief.outcome.text.fr and "debriefing" in debrief.outcome.text.en
    assert items["guide.during.follow_up"].due == date(2027, 3, 13)  # midpoint of 1-26 March
    assert items["guide.during.reception"].due == START
    docs = items["guide.before.collect_documents"]
    assert docs.due == START and docs.outcome.due.relation == "before"
    assert items["participation.complement_doc"].outcome.due.relation == "on_or_after"
    # a planning marker, not a rule: the follow-up's tip says so in both languages
    tip = items["guide.during.follow_up"].outcome.tip
    assert "pas une obligation" in tip.fr and "not a requirement" in tip.en
    # no precise delay is invented as a rule
    assert all(o.due is None or o.due.offset_days == 0 for o in tree.outcomes if o.id.startswith("guide."))


def test_the_four_project_tips(tree):
    items = guide(run(tree, ["learning_outcomes"]))
    # with the integration goal, the same advice is a step (integration.apprentice_company): said once
    assert "tip.inform_sending_company_early" not in guide(run(tree, ["learning_outcomes", "integration"]))
    early = items["tip.inform_sending_company_early"].outcome
    assert "contrat d'apprentissage" in early.text.fr and "apprenticeship contract" in early.text.en
    assert "calendrier" in early.text.fr
    comp = items["tip.europass_competences"].outcome
    assert "réalistes" in comp.text.fr and "measurable" in comp.text.en
    tutor = items["tip.host_tutor"].outcome
    assert "tuteur doit être désigné" in tutor.text.fr and "debriefing" in tutor.text.en
    feedback = items["tip.feedback_sending_employer"].outcome
    assert feedback.phase == "after" and "employeur" in feedback.text.fr
    for oid in ("tip.inform_sending_company_early", "tip.europass_competences", "tip.host_tutor",
                "tip.feedback_sending_employer"):
        assert items[oid].outcome.kind == "tip"
    # the project and its partners are context, not advice
    assert not any("KA202" in o.text.fr or "Frankfurt" in o.text.en for o in tree.outcomes
                   if o.id.startswith(("guide.", "tip.")))


def test_texts_exist_in_both_languages_and_differ(tree):
    mine = [o for o in tree.outcomes if o.id.startswith(("guide.", "tip."))]
    for o in mine:
        for t in filter(None, (o.text, o.tip)):
            assert t.fr.strip() and t.en.strip() and t.fr != t.en, o.id
            assert "’" not in t.fr + t.en, f"{o.id}: use the plain apostrophe"
    sample = {o.id: o for o in mine}
    assert "référentiel" in sample["guide.before.present_standard"].text.fr
    assert "standard" in sample["guide.before.present_standard"].text.en
    assert "plan B" in sample["guide.before.agree_outcomes"].tip.fr
    assert "unités d'acquis" in sample["guide.before.agree_outcomes"].text.fr
    assert "jury" in sample["guide.after.validate_outcomes"].tip.en
