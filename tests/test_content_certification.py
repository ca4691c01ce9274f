"""Certification advice (seed 000, "Si vous envisagez une reconnaissance…"; seed 001; domain notes).

Real situations a referent brings: what the pack must say, in both languages.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mobility_advisor.engine.engine import outcomes

from conftest import TODAY, profile


def situation(certifier, in_framework="yes", **extra):
    a = {"goals": ["certification"], **profile(), "certification.certifier": certifier,
         "certification.in_framework": in_framework}
    a.update(extra)
    return a


def result(tree, answers):
    return outcomes(tree, answers, TODAY)


def by_id(res):
    return {i.outcome.id: i for i in res.items}


def text(item, lang):
    o = item.outcome
    return " ".join(t(lang) for t in (o.text, o.tip, o.check_with) if t is not None)


def men(tree, diploma="bac_pro", **extra):
    return result(tree, situation("men", **{"men.diploma": diploma}, **extra))


# --- General approach -------------------------------------------------------------------

def test_every_route_checks_the_standard_and_informs_the_certifier_before_departure(tree):
    for certifier, extra in [("men", {"men.diploma": "bac_pro"}),
                             ("cma_btm", {"btm.title": "patissier", "btm.dossier_focus": "recipes"}),
                             ("qbid", {"qbid.catalan_tutor": "Jordi Puig"}),
                             ("other", {})]:
        got = by_id(result(tree, situation(certifier, **extra)))
        assert got["certification.check_standard"].outcome.phase == "before"
        inform = got["certification.inform_certifier"]
        assert inform.outcome.phase == "before"
        assert inform.due is not None and inform.due <= date(2027, 3, 1)
        assert "référentiel" in text(got["certification.check_standard"], "fr")
        assert "standard" in text(got["certification.check_standard"], "en")


def test_no_certification_advice_without_the_certification_goal(tree):
    a = {"goals": ["learning_outcomes"], **profile(), "certification.certifier": "men", "men.diploma": "bac_pro"}
    got = by_id(result(tree, a))
    assert not [i for i in got if i.split(".")[0] in ("certification", "men", "btm", "qbid")]


@pytest.mark.parametrize("value,caveat", [("unsure", "certification.in_framework_unsure"),
                                          ("no", "certification.not_in_framework")])
@pytest.mark.parametrize("certifier,extra,suffix,contact,others", [
    ("men", {"men.diploma": "bac_pro"}, "_men", "rectorat", ("CMA France", "Catalan", "Agriculture")),
    ("men", {"men.diploma": "bac_pro_agri"}, "_agri", "enseignement agricole", ("rectorat", "DAREIC", "CMA")),
    ("cma_btm", {"btm.title": "patissier", "btm.dossier_focus": "recipes"}, "_btm", "CMA France",
     ("rectorat", "DAREIC", "catalan")),
    ("qbid", {"qbid.catalan_tutor": "Jordi Puig", "qbid.module": ""}, "_qbid", "catalan", ("rectorat", "DAREIC", "CMA")),
    ("other", {}, "", "certificateur", ("rectorat", "DAREIC", "CMA", "catalan")),
])
def test_doubt_about_the_framework_names_only_the_chosen_certifier(tree, value, caveat, certifier, extra, suffix,
                                                                   contact, others):
    res = result(tree, situation(certifier, in_framework=value, **extra))
    got = by_id(res)
    framework = [i for i in res.caveats if i.outcome.id.startswith(caveat)]
    assert [i.outcome.id for i in framework] == [caveat + suffix]
    item = framework[0]
    assert "avant de construire la mobilité" in text(item, "fr")
    assert "before" in text(item, "en") and "design" in text(item, "en")
    assert contact in item.outcome.check_with.fr
    assert not [w for w in others if w.lower() in (item.outcome.check_with.fr + item.outcome.check_with.en).lower()]


def test_checked_framework_has_no_framework_caveat_but_uses_the_certifier_criteria(tree):
    got = by_id(men(tree))
    assert "certification.in_framework_unsure" not in got
    assert "certification.not_in_framework" not in got
    assert "certification.use_certifier_method" in got
    got_no = by_id(result(tree, situation("men", in_framework="no", **{"men.diploma": "bac_pro"})))
    assert "certification.use_certifier_method" not in got_no


def test_other_certifier_gets_the_general_approach_only(tree):
    got = by_id(result(tree, situation("other")))
    assert "certification.other_certifier" in got
    assert not [i for i in got if i.split(".")[0] in ("men", "btm", "qbid")]
    assert "règlement d'examen" in text(got["certification.other_certifier"], "fr")


# --- MEN optional mobility unit ---------------------------------------------------------

def test_erasmus_bac_pro_in_germany(tree):
    res = men(tree)  # profile(): Germany, Erasmus+
    got = by_id(res)
    att = got["men.attestation_mobilite_pro"]
    assert "10/20" in att.outcome.text.fr and "Mobilité Pro" in att.outcome.text.fr
    assert "10/20" in att.outcome.text.en and "diploma" in att.outcome.text.en
    keep = got["men.mark_kept_five_years"]
    assert "cinq ans" in keep.outcome.text.fr and "five years" in keep.outcome.text.en
    # Germany is in the EU: both sources cover it, so no scope caveat
    assert "men.scope_check" not in got
    assert "men.unit_file" in got and got["men.unit_file"].outcome.template == "men_unit_file"
    assert "Vademecum ECVET" in got["men.unit_reference"].outcome.tip.fr
    # No diploma caveat for the Bac pro, which the unit was made for.
    assert not {"men.diploma_cap", "men.diploma_mc", "men.diploma_bp_bma", "men.bac_pro_agri"} & set(got)


@pytest.mark.parametrize("country", ["ca", "gb", "tr", "other"])
def test_outside_europe_gets_the_scope_caveat_once(tree, country):
    extra = {"destination.other": "Japon"} if country == "other" else {}
    res = men(tree, **{"destination.country": country}, **extra)
    scope = [i for i in res.caveats if "scope" in i.outcome.id]
    assert [i.outcome.id for i in scope] == ["men.scope_check"]
    o = scope[0].outcome
    assert "hors UE" in o.text.fr and "outside the EU" in o.text.en
    assert "EEE" in o.text.fr and "2019" in o.text.fr and "beyond Europe" in o.text.en
    assert "rectorat" in o.check_with.fr and "DEC" not in o.check_with.fr


@pytest.mark.parametrize("country", ["de", "pt", "no", "ch", "es"])
def test_eu_eea_efta_destinations_get_no_scope_caveat(tree, country):
    assert "men.scope_check" not in by_id(men(tree, **{"destination.country": country}))


def test_unknown_destination_gets_the_scope_caveat(tree):
    """A route's checklist (no destination yet) warns once."""
    res = outcomes(tree, tree.routes["men"].answers, TODAY, prune=False)
    assert [i.outcome.id for i in res.caveats if "scope" in i.outcome.id] == ["men.scope_check"]


def test_scope_caveat_is_men_only(tree):
    a = situation("qbid", **{"qbid.catalan_tutor": "Jordi Puig", "destination.country": "ca"})
    assert "men.scope_check" not in by_id(result(tree, a))


@pytest.mark.parametrize("diploma,caveat,fr,en", [
    ("cap", "men.diploma_cap", "CAP", "2020"),
    ("bp", "men.diploma_bp_bma", "BP", "BMA"),
    ("bma", "men.diploma_bp_bma", "BMA", "revision"),
    ("mc", "men.diploma_mc", "Mention complémentaire", "unverified"),
    ("bac_pro_agri", "men.bac_pro_agri", "13 juillet 2016", "Agriculture"),
])
def test_each_diploma_gets_its_own_caveat(tree, diploma, caveat, fr, en):
    res = men(tree, diploma)
    got = by_id(res)
    assert got[caveat] in res.caveats
    assert fr in got[caveat].outcome.text.fr and en in got[caveat].outcome.text.en
    others = {"men.diploma_cap", "men.diploma_bp_bma", "men.diploma_mc", "men.bac_pro_agri"} - {caveat}
    assert not others & set(got)


def test_agricultural_bac_pro_is_checked_with_the_agricultural_authority(tree):
    cw = by_id(men(tree, "bac_pro_agri"))["men.bac_pro_agri"].outcome.check_with
    # whom to ask: the agricultural education services, not the Ministry of Education
    assert "ministère de l'Agriculture" in cw.fr and "Ministry of Agriculture" in cw.en
    assert "rectorat" not in cw.fr


def test_mc_caveat_sends_to_the_mc_regulation_and_the_rectorat(tree):
    o = by_id(men(tree, "mc"))["men.diploma_mc"].outcome
    assert "règlement d'examen" in o.text.fr and "rectorat" in o.check_with.fr


def test_assessment_practicalities_are_only_things_to_check(tree):
    got = by_id(men(tree))
    prac = got["men.assessment_practicalities"]
    assert prac.outcome.kind == "caveat"
    assert "à vérifier" in prac.outcome.text.fr and "trois mois" in prac.outcome.text.fr
    assert "checked" in prac.outcome.text.en and "bilingual" in prac.outcome.text.en
    assert {s.seed for s in prac.outcome.source} <= {"ac_dijon_langues_lp", "001_8f3a96a7406a6b22.txt"}
    assert tree.seeds["ac_dijon_langues_lp"].public
    timing = got["men.part_two_timing"]
    assert timing.outcome.kind == "tip"  # an indicative date, not a regulation
    assert "à confirmer" in timing.outcome.text.fr and "confirmed" in timing.outcome.text.en
    assert timing.due == date(2027, 3, 26) + timedelta(days=90)


def test_public_sources_never_carry_a_step_alone(tree):
    """A fact found after the seeds reaches the user only as something to check: a step
    always rests on a seed."""
    for o in tree.outcomes:
        if o.kind == "step":
            assert any(not tree.seeds[s.seed].public for s in o.source), o.id


# --- CMA France BTM "mention Europe" ----------------------------------------------------

def btm(tree, title="patissier", focus="organisation"):
    return result(tree, situation("cma_btm", **{"btm.title": title, "btm.dossier_focus": focus}))


def test_btm_patissier(tree):
    res = btm(tree)
    got = by_id(res)
    bonus = got["btm.bonus_points"].outcome
    assert "3 points" in bonus.text.fr and "3 extra points" in bonus.text.en
    assert "BTM" in bonus.text.fr and "passes" in bonus.text.en
    tac = got["btm.tac_international"].outcome
    assert tac.phase == "during" and "TAC international" in tac.text.fr and "tutor" in tac.text.en
    jury = got["btm.jury_presentation"].outcome
    assert jury.phase == "after" and "jury" in jury.text.fr and "jury" in jury.text.en
    status = got["btm.experiment_status"]
    assert status in res.caveats
    assert "2025" in status.outcome.text.fr and "expérimentation" in status.outcome.text.fr
    assert "2025" in status.outcome.text.en and "experiment" in status.outcome.text.en
    assert "CMA France" in status.outcome.check_with.fr
    assert "trois types" in got["btm.three_competence_types"].outcome.text.fr
    assert "étonnement" in got["btm.critical_distance"].outcome.text.fr
    assert got["btm.file"].outcome.template == "btm_file"
    assert "btm.title_other" not in got


def test_btm_file_focus_follows_the_answer(tree):
    org = by_id(btm(tree, focus="organisation"))
    rec = by_id(btm(tree, focus="recipes"))
    assert "btm.focus_organisation" in org and "btm.focus_recipes" not in org
    assert "btm.focus_recipes" in rec and "btm.focus_organisation" not in rec
    assert "recettes" in rec["btm.focus_recipes"].outcome.text.fr


def test_other_btm_is_asked_to_check_participation(tree):
    got = by_id(btm(tree, title="other"))
    o = got["btm.title_other"].outcome
    assert o.kind == "caveat" and "Pâtissier" in o.text.fr and "Pâtissier" in o.text.en
    assert "btm.experiment_status" in got  # always on this route


# --- Catalonia: qBID --------------------------------------------------------------------

def test_qbid_placement(tree):
    res = result(tree, situation("qbid", **{"qbid.catalan_tutor": "Jordi Puig"}))
    got = by_id(res)
    sign = got["qbid.agreement"]  # signed and entered in qBID: one item (#28 item 6)
    assert sign.outcome.phase == "before" and sign.due is not None and sign.due <= date(2027, 3, 1)
    for word in ("calendrier", "tâches", "acquis d'apprentissage", "entreprise d'accueil"):
        assert word in sign.outcome.text.fr
    for word in ("schedule", "tasks", "learning outcomes"):
        assert word in sign.outcome.text.en
    val = got["qbid.catalan_tutor_validates"].outcome
    assert "tuteur de l'école catalane" in val.text.fr and "valide" in val.text.fr
    assert "Catalan school tutor" in val.text.en and "validates" in val.text.en
    none = got["qbid.no_extra_recognition"].outcome
    assert "Aucune démarche de reconnaissance supplémentaire" in none.text.fr
    assert "No additional recognition" in none.text.en
    assert got["qbid.agreement"].outcome.template == "qbid_agreement"
    assert got["qbid.host_tutor_assesses"].outcome.phase == "during"
    assert "sBID" in got["qbid.sbid_name"].outcome.text.fr
    assert "Departament d'Educació" in got["qbid.sbid_name"].outcome.check_with.en
    assert not [i for i in got if i.startswith(("men.", "btm."))]


# --- House rules for these files ----------------------------------------------------------

def test_caveats_say_whom_to_check_with_and_everything_is_bilingual(tree):
    mine = [o for o in tree.outcomes if o.id.split(".")[0] in ("certification", "men", "btm", "qbid")]
    assert len(mine) >= 30
    for o in mine:
        assert o.text.fr.strip() and o.text.en.strip() and o.text.fr != o.text.en, o.id
        assert o.source, o.id
        if o.kind == "caveat":
            assert o.check_with is not None, o.id
        assert "’" not in o.text.fr + (o.tip.fr if o.tip else ""), f"{o.id}: use the plain apostrophe"
