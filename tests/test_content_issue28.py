"""Issue #28, content items: what careful referents noticed in the packs (each test failed on the old code)."""

import os
import subprocess
import sys

import pytest
import yaml

from mobility_advisor.engine.learning import LearningError
from mobility_advisor.engine.results import parse_results

from test_learning import answers_doc, plain

AFTER_EXAM = "2027-07-01"  # a day after the exam date the results below give


def render(tmp_path, doc, lang_env="fr_FR.UTF-8", today=AFTER_EXAM):
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    env = dict(os.environ, MOBILITY_ADVISOR_TODAY=today, LANG=lang_env)
    env.pop("LC_ALL", None)
    return subprocess.run([sys.executable, "-m", "mobility_advisor", "render", "--answers", "a.yaml", "-o", "pack",
                           "--host-lang", "none"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)


def read(tmp_path, name):
    return plain((tmp_path / "pack" / name).read_text(encoding="utf-8"))


FAILED = {"men.mark": 12, "diploma_passed": False, "men.exam_date": "2027-06-20"}


# --- item 1: seed 000 says "five years" with no starting point; a date is only an estimate -------------

@pytest.mark.parametrize("lang,estimate,fact", [
    ("fr", ["estimation à partir de la date de l'", "confirmer", "rectorat", "20 juin 2032"],
     "(cinq ans après le 20 juin 2027)"),
    ("en", ["estimate", "from the exam date", "to confirm with", "rectorat", "20 June 2032"],
     "(five years after 20 June 2027)"),
])
def test_five_year_end_is_an_estimate_to_confirm(tmp_path, lang, estimate, fact):
    r = render(tmp_path, answers_doc("men", lang, results=FAILED))
    assert r.returncode == 0, r.stderr
    for name in ("men_unit_file.md", "validation_record.md", "checklist.md"):
        body = read(tmp_path, name)
        assert fact not in body, name
        for w in estimate:
            assert w in body, (name, w)


def test_no_end_date_without_the_exam_date(tmp_path):
    """The assessment date is not the exam's: no end date is worked out from it."""
    results = {"assessed_on": "2027-03-26", "men.mark": 12, "diploma_passed": False}
    r = render(tmp_path, answers_doc("men", "en", results=results))
    assert r.returncode == 0, r.stderr
    assert "2032" not in read(tmp_path, "men_unit_file.md")
    assert "give the exam date" in read(tmp_path, "validation_record.md")


# --- item 5: results dated after today are refused, AFTER steps not ticked before the end -----------------

@pytest.mark.parametrize("key", ["assessed_on", "men.exam_date"])
def test_result_dated_after_today_refused(key):
    from datetime import date
    raw = {"men.mark": 12, "diploma_passed": False, key: "2027-03-26"}
    with pytest.raises(LearningError) as e:
        parse_results(raw, (), answers_doc("men")["answers"], today=date(2026, 12, 7))
    assert "26" in e.value.text("en") and "after today" in e.value.text("en")
    assert "postérieure à aujourd'hui" in e.value.text("fr")
    assert parse_results(raw, (), answers_doc("men")["answers"], today=date(2027, 3, 26)) is not None


@pytest.mark.parametrize("lang,expect", [("fr", "postérieure à aujourd'hui"), ("en", "after today")])
def test_render_refuses_results_from_the_future(tmp_path, lang, expect):
    """Results of 26 March 2027 recorded on 7 December 2026 (the case the issue reports)."""
    results = {"assessed_on": "2027-03-26", "outcomes": {"EX-1": "achieved"}}
    r = render(tmp_path, answers_doc("men", lang, results=results), today="2026-12-07")
    assert r.returncode == 2, r.stderr
    assert expect in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "pack").exists()


@pytest.mark.parametrize("today,ticked", [("2027-03-10", False), ("2027-03-26", True)])
def test_after_steps_not_ticked_before_the_mobility_ends(tmp_path, today, ticked):
    """The mobility ends on 26 March 2027 (conftest.profile): a result recorded before then ticks no AFTER step."""
    results = {"assessed_on": "2027-03-09", "outcomes": {"EX-1": "achieved"}}
    r = render(tmp_path, answers_doc("men", "en", results=results), today=today)
    assert r.returncode == 0, r.stderr
    checklist = read(tmp_path, "checklist.md")
    assert "Decide whether the learning outcomes are validated" in checklist
    assert ("- [x] " in checklist) is ticked


# --- item 4: where the address of a seed that names none comes from ------------------------------------

@pytest.mark.parametrize("lang,words", [
    ("fr", "<https://mobility-certification.eu> (le document 000 ne donne pas d'adresse : site du projet, "
           "d'après l'adresse que donne le document 002)"),
    ("en", "<https://mobility-certification.eu> (document 000 gives no address: the project's site, from the "
           "address document 002 gives)"),
])
def test_seed_address_says_where_it_comes_from(tmp_path, lang, words):
    r = render(tmp_path, answers_doc("men", lang))
    assert r.returncode == 0, r.stderr
    index = read(tmp_path, "index.md")
    line = next(x for x in index.splitlines() if x.startswith("- \\[") and " 000 – " in x)
    assert words in line, line


def test_convention_headings_do_not_demand_what_applies_only_where_applicable(tmp_path):
    doc = answers_doc("men", "fr")
    r = render(tmp_path, doc)
    assert r.returncode == 0, r.stderr
    conv = read(tmp_path, "mobility_convention.md")
    intro = conv.split("\n## ")[0]
    assert "exige" not in intro and "le Code du travail prévoit" in intro
    assert "les rubriques marquées « le cas échéant » ne sont remplies que si elles concernent cette mobilité" in intro


@pytest.mark.parametrize("lang,demand", [("es", "le exige utilizar"), ("de", "vorschreibt"), ("fr", "vous demande d'utiliser")])
def test_the_commissions_learning_agreement_is_recommended_not_required(tree, lang, demand):
    rule = tree.outcome("participation.learning_agreement_template") or next(
        o for o in tree.outcomes if "KA1" in o.text.en and "recommended" in o.text.en)
    text = getattr(rule.text, lang)
    assert demand not in text
    assert {"es": "no obligatorio", "de": "nicht verbindliches", "fr": "non obligatoire"}[lang] in text


# --- item 3: the tutor tip names no Europass Mobility in a pack that issues none -------------------------

def test_meet_the_tutor_names_no_europass_in_a_pack_without_one(tmp_path):
    doc = answers_doc("men", "fr", outcomes=None, goals=("participation",))
    doc["answers"].update({"participation.attestation": True, "participation.other_evidence": False})
    r = render(tmp_path, doc)
    assert r.returncode == 0, r.stderr
    checklist = read(tmp_path, "checklist.md")
    tutor = next(x for x in checklist.splitlines() if "Rencontrez le tuteur" in x)
    assert "Europass" not in tutor
    assert "Faites un retour à l'employeur de l'apprenti" in checklist  # 004's debrief: every apprentice


def test_sbid_source_names_a_page_a_user_can_find(tree):
    """domain-notes: one school page on agora.xtec.cat names sBID for placements abroad (#28 item 4)."""
    src = tree.seeds["xtec_qbid"]
    assert "sBID" in src.title.en and "searching agora.xtec.cat" in src.title.en
    assert "Catalan school pages" not in src.title.en
    caveat = tree.outcome("qbid.sbid_name").text
    assert caveat.fr.startswith("D'après une source publique") and "stages à l'étranger" in caveat.fr
