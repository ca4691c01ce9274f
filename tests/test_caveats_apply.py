"""Caveats exactly when they apply, read in the written pack (issue 18).

Each test names a situation a referent brings and what the pack must (not) say.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import TODAY, profile
from mobility_advisor.engine import engine
from mobility_advisor.pack import render

LANGS = ("fr", "en")


def pack(tree, lang, **answers):
    result = engine.outcomes(tree, profile(**answers), TODAY)
    return render.pack_files(tree, result, lang, TODAY)


def men_pack(tree, lang, diploma="bac_pro", **extra):
    return pack(tree, lang, goals=["certification"], **{"certification.certifier": "men", "men.diploma": diploma,
                                                          "certification.in_framework": "yes"}, **extra)


def everything(files):
    return "\n".join(v for k, v in files.items() if k.endswith(".md"))


SCOPE = {"fr": "Champ géographique", "en": "Geographical scope"}
SCOPE_CAVEAT = {"fr": "hors UE, EEE et AELE", "en": "outside the EU, the EEA and EFTA"}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("country", ["de", "pt", "no", "ch"])
def test_men_pack_in_europe_has_no_scope_caveat_nor_paragraph(tree, lang, country):
    files = men_pack(tree, lang, **{"destination.country": country})
    assert SCOPE_CAVEAT[lang] not in everything(files) and '"men.scope_check")' not in everything(files)
    assert SCOPE[lang] not in files["men_unit_file.md"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("country", ["ca", "gb"])
def test_men_pack_outside_europe_warns_once_in_each_list(tree, lang, country):
    files = men_pack(tree, lang, **{"destination.country": country})
    assert files["checklist.md"].count(SCOPE_CAVEAT[lang]) == 1
    assert files["index.md"].count(SCOPE_CAVEAT[lang]) == 1
    # the referent's to check, not the assessors' who sign the unit file (#25, words8)
    assert SCOPE[lang] not in files["men_unit_file.md"] and SCOPE_CAVEAT[lang] not in files["men_unit_file.md"]


@pytest.mark.parametrize("lang", LANGS)
def test_agricultural_bac_pro_is_not_sent_to_the_rectorat(tree, lang):
    files = men_pack(tree, lang, "bac_pro_agri", **{"destination.country": "ca"})
    unit = files["men_unit_file.md"]
    assert "rectorat" not in unit and "DAREIC" not in unit and "académie" not in unit
    # what to check for agricultural education is the referent's: in the checklist (#25, words8)
    assert ("enseignement agricole" if lang == "fr" else "agricultural education") in files["checklist.md"]
    ids = {i.outcome.id for i in engine.outcomes(tree, profile(
        goals=["certification"], **{"certification.certifier": "men", "men.diploma": "bac_pro_agri",
                                    "certification.in_framework": "yes", "destination.country": "ca"}), TODAY).items}
    assert not {"men.scope_check", "men.assessment_practicalities", "men.part_two_timing"} & ids
    assert "men.bac_pro_agri" in ids


@pytest.mark.parametrize("lang", LANGS)
def test_cap_mobilite_pro_cites_the_cap_arrete_not_the_bac_pro_one(tree, lang):
    files = men_pack(tree, lang, "cap")
    checklist = files["checklist.md"]
    tip = next(ln for ln in checklist.splitlines() if "Mobilité Pro" in ln and "10/20" in ln)
    assert "JORFTEXT000039017192" in checklist.split("## Sources")[1]
    cap_n = next(ln for ln in checklist.split("## Sources")[1].splitlines() if "JORFTEXT000039017192" in ln)
    number = cap_n.split("\\]")[0].split("\\[")[1]
    assert f"[[{number}]]" in tip
    assert "article 5" not in tip or ("CAP" in tip)
    assert "JORFTEXT000039001883" not in checklist  # the Bac pro arrêté is not this diploma's
    # the CAP's own arrêté is the referent's to check, in the checklist, not in the file the assessors sign
    assert "JORFTEXT000039017192" not in files["men_unit_file.md"]


@pytest.mark.parametrize("lang", LANGS)
def test_non_erasmus_pack_has_the_pedagogical_contract_without_erasmus_wording(tree, lang):
    files = pack(tree, lang, goals=["participation"], **{"mobility.funding": "other",
                                                          "participation.attestation": True})
    contract = files["learning_agreement.md"]
    assert contract.startswith("# Contrat pédagogique\n" if lang == "fr" else "# Learning agreement\n")
    before_sources = contract.split("## Sources")[0]
    assert "Erasmus" not in before_sources
    checklist = files["checklist.md"]
    assert "justificatifs Erasmus+" not in checklist and "Erasmus+ evidence" not in checklist
    assert "](learning_agreement.md)" in checklist


@pytest.mark.parametrize("lang", LANGS)
def test_erasmus_europass_request_names_both_channels(tree, lang):
    files = pack(tree, lang, goals=["learning_outcomes"])
    line = next(ln for ln in files["checklist.md"].splitlines() if "europass.request_erasmus" in ln)
    assert ("Centre National Europass" if lang == "fr" else "National Europass Centre") in line
    assert ("espace Erasmus+" if lang == "fr" else "Erasmus+ space") in line
    sheet = files["europass_preparation.md"]
    assert ("Centre National Europass" if lang == "fr" else "National Europass Centre") in sheet


def test_route_checklist_for_europass_shows_the_national_centre_and_the_disagreement():
    env = {**os.environ, "MOBILITY_ADVISOR_TODAY": "2026-11-24"}
    r = subprocess.run([sys.executable, "-m", "mobility_advisor", "checklist", "--route", "europass", "--lang", "fr"],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert "Demandez l'Europass Mobilité au Centre National Europass" in r.stdout
    assert "europass.non_erasmus_criteria" in r.stdout  # the 000/001 disagreement, as a caveat


FRENCH_BODIES = ("Agence Erasmus+ France", "rectorat", "DAREIC", "Éducation nationale", "Ministry of Education")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("goals", [["certification"], ["certification", "learning_outcomes", "participation"]])
def test_catalan_qbid_pack_names_no_french_body(tree, lang, goals):
    files = pack(tree, lang, goals=goals, **{
        "org.sending_country": "es_ct", "certification.certifier": "qbid", "certification.in_framework": "unsure", "qbid.catalan_tutor": "Jordi Puig",
        "qbid.module": "", "participation.attestation": True, "participation.other_evidence": False})
    # the advice, not the Sources list (where the ministry is the publisher of seed 001)
    text = "\n".join(v.split("\n## Sources\n")[0] for k, v in files.items() if k.endswith(".md"))
    assert not [b for b in FRENCH_BODIES if b in text]
    if "participation" in goals:  # whom to check with about the grant agreement: the Spanish agency
        assert "SEPIE – Servicio Español para la Internacionalización de la Educación" in text
        assert "<https://www.sepie.es>" in files["index.md"]


# --- Faithful to the seeds: distortions and missing items ----------------------------


@pytest.mark.parametrize("goals", [["participation"], ["learning_outcomes"], ["integration"]])
def test_meet_the_tutor_tip_in_every_pack(tree, goals):
    ids = {i.outcome.id for i in engine.outcomes(tree, profile(goals=goals, **{
        "participation.attestation": True, "participation.other_evidence": False}), TODAY).items}
    assert "guide.during.meet_tutor" in ids


def test_feedback_to_the_employer_for_every_apprentice_the_europass_if_issued(tree):
    """004's debrief with the sending employer applies to every apprentice's mobility (#28 item 3);
    its Europass Mobility is named as a support only if the pack issues one."""
    def ids(goals, **more):
        return {i.outcome.id for i in engine.outcomes(tree, profile(goals=goals, **{
            "participation.attestation": True, "participation.other_evidence": False, **more}), TODAY).items}
    assert "tip.feedback_sending_employer" in ids(["participation"])
    assert "tip.feedback_sending_employer" in ids(["learning_outcomes"])
    assert "tip.feedback_sending_employer" not in ids(["participation"], **{"learner.apprentice": False})
    assert "Si vous délivrez un Europass Mobilité" in tree.outcome("tip.feedback_sending_employer").text.fr


def test_validation_record_is_one_written_form_among_others(tree):
    o = tree.outcome("integration.validation_record")
    assert "procès-verbal" in o.text.fr and "certificat" in o.text.fr and "open badge" in o.text.fr
    assert "certificate or open badge" in o.text.en


def test_tac_international_is_offered_not_ordered(tree):
    o = tree.outcome("btm.tac_international")
    assert not o.text.fr.startswith("Faites") and "Proposez" in o.text.fr
    assert "one way" in o.text.en


def test_qbid_aa_describe_the_competences_for_company_functions(tree):
    o = tree.outcome("qbid.structure")
    assert "fonctions ou des activités en entreprise" in o.text.fr and "functions or activities" in o.text.en


@pytest.mark.parametrize("lang,says", [("fr", "que ce dossier n'aborde pas"), ("en", "which this pack does not deal with")])
def test_index_says_the_pack_covers_sending(tree, lang, says):
    assert says in pack(tree, lang, goals=["participation"], **{"participation.attestation": True,
                                                                 "participation.other_evidence": False})["index.md"]


def test_no_authority_or_obligation_the_sources_do_not_give(tree):
    for o in tree.outcomes:
        for t in (o.text, o.tip, o.check_with):
            if t is not None:
                assert "DEC" not in t.fr.split() and "(DEC)" not in t.fr and "IEN" not in t.fr, o.id
                assert "convention de subvention" not in t.fr, o.id
    for q in tree.questions.values():
        if q.help is not None:
            assert "doit être informée" not in q.help.fr, q.id
