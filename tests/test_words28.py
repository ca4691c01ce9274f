"""Issue #28 items 11-16: the words native readers flagged, by language.

Each test writes a pack with the command line (or drives the wizard) in the language and reads
what the user reads: the wrong form is gone and the right one is there. docs/glossary.md records
each settled word.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from datetime import date

import pytest
import yaml

from conftest import route_profile
from mobility_advisor.engine.engine import offered, parse_answer, walk, wording

TODAY = "2026-11-24"


def answers(tree, route: str, **extra) -> dict:
    """The route's preset answers over the route's test profile, as an answers file holds them."""
    a = route_profile(route, **{**tree.routes[route].answers, **extra})
    return {k: (v.isoformat() if isinstance(v, date) else list(v) if isinstance(v, (tuple, list)) else v)
            for k, v in a.items() if v is not None}


def pack(tmp_path, tree, route: str, lang: str, results: dict | None = None, **extra) -> dict[str, str]:
    """`mobility-advisor render` in `lang`: every file of the pack, as text (no-break spaces plain)."""
    doc = {"version": 1, "lang": lang, "answers": answers(tree, route, **extra)}
    if results is not None:
        doc["results"] = results
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    r = run(tmp_path, "render", "--answers", "a.yaml", "-o", "pack", "--host-lang", "none")
    assert r.returncode == 0, r.stderr
    return {p.name: p.read_text(encoding="utf-8").replace("\u00a0", " ").replace("\u202f", " ")
            for p in (tmp_path / "pack").iterdir() if p.is_file() and p.suffix in (".md", ".ics")}


def run(tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, MOBILITY_ADVISOR_TODAY=TODAY, LANG="C.UTF-8")
    env.pop("LC_ALL", None)
    return subprocess.run([sys.executable, "-m", "mobility_advisor", *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)


def everything(files: dict[str, str]) -> str:
    return "\n".join(files.values())


def ics_text(files: dict[str, str]) -> str:
    """calendar.ics unfolded (RFC 5545 folds long lines: CRLF + space)."""
    return files["calendar.ics"].replace("\r\n ", "").replace("\n ", "")


# --- 11. French ------------------------------------------------------------------------------------

def test_fr_check_with_keeps_a_small_article_and_chains_no_colon(tmp_path, tree):
    files = pack(tmp_path, tree, "participation", "fr", **{"apprentice.arrangement": "unknown"})
    checklist = files["checklist.md"]
    checks = [line for line in checklist.splitlines() if "**À vérifier avec :**" in line]
    assert checks
    assert "**À vérifier avec :** l'employeur de l'apprenti" in checklist
    for line in checks:
        assert "avec :** L'" not in line and ": D'après" not in line, line
        # the point first, then whom to ask (test_polish_languages): no "Vérifiez avec X — …"
        # in front of a point that already says "vérifiez"
        assert not line.startswith("- [ ] Vérifiez avec"), line


@pytest.mark.parametrize("lang,right,wrong", [
    ("fr", ["la mobilité d'Inès Martin"], ["de Inès"]),
    ("ca", ["la mobilitat d'Inès Martin"], ["de Inès"]),
])
def test_a_name_after_de_is_elided(tmp_path, tree, lang, right, wrong):
    files = pack(tmp_path, tree, "participation", lang, **{"learner.name": "Inès Martin"})
    text = everything(files)
    for w in right:
        assert w in files["index.md"], w
    for w in wrong:
        assert w not in text, w
    calendar = ics_text(files)
    assert ("Mobilité d'Inès Martin" if lang == "fr" else "Mobilitat d'Inès Martin") in calendar
    assert "de Inès" not in calendar


def test_elision_keeps_de_before_a_consonant_and_a_catalan_semivowel(tmp_path, tree):
    fr = pack(tmp_path, tree, "participation", "fr", **{"learner.name": "Léa Dupont"})
    assert "la mobilité de Léa Dupont" in fr["index.md"]
    (tmp_path / "ca").mkdir()
    ca = pack(tmp_path / "ca", tree, "participation", "ca", **{"learner.name": "Iolanda Puig"})
    assert "la mobilitat de Iolanda Puig" in ca["index.md"]  # "i" before a vowel is a consonant


# --- 12. English -----------------------------------------------------------------------------------

def test_en_pack_has_no_gallicisms(tmp_path, tree):
    files = pack(tmp_path, tree, "integration", "en",
                 **{"integration.preparation": ["positioning", "grid"], "integration.positioning_tools": ["europass_cv"]})
    text = everything(files)
    for wrong in ("Qualification being prepared", "Positioning the learner", "positioning sheet", "Positioning sheet",
                  "pedagogical contract", "Mobility referent", "mobility referent", "; An "):
        assert wrong not in text, wrong
    assert "Target qualification" in text
    assert "An initial assessment of the learner; a dedicated assessment grid" in files["index.md"]
    assert "learning agreement" in text


def test_en_host_brief_names_the_mobility_coordinator(tmp_path, tree):
    files = pack(tmp_path, tree, "participation", "en")
    brief = files.get("host_brief.md") or everything(files)
    assert "Mobility coordinator" in brief or "mobility coordinator" in brief
    assert "referent" not in everything(files)


# --- 13. Catalan -----------------------------------------------------------------------------------

def test_ca_qbid_pack_says_meq_and_its_own_school(tmp_path, tree):
    files = pack(tmp_path, tree, "qbid", "ca", **{"certification.in_framework": "unsure"})
    text = everything(files)
    assert "MEQ" in text and "MEC" not in text
    assert "la revisa i valida al qBID l'avaluació" not in text
    assert "revisa aquesta avaluació i valida al qBID" in files["qbid_agreement.md"]
    checks = [line for line in files["checklist.md"].splitlines() if "Comprovi" in line or "amb " in line or "amb:**" in line]
    assert "el centre català" not in files["checklist.md"].split("## ")[1]  # the points to check first
    assert any("seu centre" in line for line in checks)


def test_fr_qbid_agreement_has_no_doubled_pronoun(tmp_path, tree):
    files = pack(tmp_path, tree, "qbid", "fr")
    assert "la vérifie et valide dans qBID l'évaluation" not in files["qbid_agreement.md"]
    assert "vérifie cette évaluation et valide dans qBID celle des acquis" in files["qbid_agreement.md"]


def test_ca_did_you_mean_is_volia_dir(tmp_path, tree):
    doc = {"version": 1, "lang": "ca", "answers": answers(tree, "integration"),
           "outcomes": [{"outcome": "Elaborar un menú", "taks": "x"}]}
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    r = run(tmp_path, "render", "--answers", "a.yaml", "-o", "pack", "--lang", "ca")
    assert r.returncode != 0
    assert "volia dir" in r.stderr and "(vol dir" not in r.stderr, r.stderr


# --- 14. German ------------------------------------------------------------------------------------

def test_de_names_the_vet_national_agency_and_the_kammer_words(tmp_path, tree):
    files = pack(tmp_path, tree, "participation", "de",
                 **{"org.sending_country": "de", "learner.apprentice": False, "destination.country": "fr"})
    text = everything(files)
    assert "die für die Berufsbildung zuständige Nationale Agentur Erasmus+ in Deutschland" in text
    assert "Nationale Agentur Erasmus+ für Deutschland" not in text


@pytest.mark.parametrize("route", ["men", "integration"])
def test_de_certification_words_read_as_a_kammer_writes(tmp_path, tree, route):
    files = pack(tmp_path, tree, route, "de", **{"certification.certifier": "other", "certification.in_framework": "unsure"}
                 if route == "integration" else {})
    text = everything(files)
    for wrong in ("zertifizierende", "Qualifikationsstandard", "Mobilitätsnachweis", "Europass-Dokument"):
        assert wrong not in text, wrong


def test_de_general_certification_route_says_zustandige_stelle(tmp_path, tree):
    files = pack(tmp_path, tree, "integration", "de",
                 **{"goals": ["integration", "certification"], "certification.certifier": "other",
                    "certification.in_framework": "unsure"})
    text = everything(files)
    assert "zuständige Stelle" in text and "Ausbildungsordnung" in text
    assert "zertifizierende" not in text and "Qualifikationsstandard" not in text


def test_de_eqf_help_names_the_europass_mobilitat(tree):
    q = tree.questions["learner.eqf_level"]
    assert "Europass Mobilität" in q.help("de") and "Europass-Dokument" not in q.help("de")


# --- 15. Spanish -----------------------------------------------------------------------------------

def test_es_words(tmp_path, tree):
    files = pack(tmp_path, tree, "men", "es")
    text = everything(files)
    for wrong in ("su rectorat", "Intercambie con sus socios", "alumno o la alumna", "autorización del empleador"):
        assert wrong not in text, wrong
    assert "rectorat de su académie (DAREIC)" in text  # the referent's words, in the checklist (#25, words8)
    documents = "\n".join(t for name, t in files.items() if name.endswith(".md"))  # the calendar folds lines
    assert not re.search(r"\balumno\b(?!/)", documents), re.findall(r".{0,30}\balumno\b(?!/).{0,30}", documents)
    assert "alumno/a" in text


def test_es_general_route_says_normativa_de_evaluacion(tmp_path, tree):
    files = pack(tmp_path, tree, "integration", "es",
                 **{"goals": ["integration", "certification"], "certification.certifier": "other",
                    "certification.in_framework": "unsure"})
    text = everything(files)
    assert "reglamento de examen" not in text
    assert "normativa de evaluación del título" in text


def test_es_apprentice_documents_say_conformidad_de_la_empresa(tree):
    texts = [o.text("es") for o in tree.outcomes if "aprendiz" in (o.text("es") or "") and "CV" in (o.text("es") or "")]
    assert texts and all("autorización del empleador" not in t for t in texts)
    assert any("conformidad de la empresa en el caso de un aprendiz (FP dual)" in t for t in texts)


# --- 16. French words left in the other languages; the project code's example ---------------------

@pytest.mark.parametrize("lang", ["en", "es", "ca", "de"])
def test_no_french_words_left_in_brackets(tmp_path, tree, lang):
    files = pack(tmp_path, tree, "men", lang,
                 **{"goals": ["participation", "integration", "certification"],
                    "integration.record": ["grid", "minutes"], "participation.attestation": True,
                    "integration.preparation": ["positioning", "grid"], "integration.positioning_tools": ["europass_cv"],
                    "integration.methods": ["observation", "jury"], "integration.test_before": True,
                    "participation.other_evidence": False})
    text = everything(files)
    assert "(PV de validation)" not in text
    assert "maîtres d'apprentissage" not in text


@pytest.mark.parametrize("sending,code", [("fr", "FR01"), ("es_ct", "ES01"), ("es", "ES01"), ("be_fr", "BE01"),
                                          ("de", "DE01")])
@pytest.mark.parametrize("lang", ["fr", "en", "es", "ca", "de"])
def test_project_code_example_has_the_sending_country_shape(tree, sending, code, lang):
    q = tree.questions["org.project_code"]
    shown = wording(q, {"org.sending_country": sending})[0](lang)
    assert f"2024-1-{code}-KA121-VET-000123456" in shown
    if sending != "fr":
        assert "FR01" not in shown


# --- 13. The wizard's country list, sorted by the name shown ------------------------------------

@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
@pytest.mark.parametrize("lang,before,after", [
    ("ca", "Suècia", "Xipre"),     # French order put Xipre (Chypre) under C
    ("de", "Norwegen", "Zypern"),  # and Zypern too
    ("de", "Österreich", "Polen"),  # Ö sorts as O
])
def test_wizard_country_list_is_sorted_by_the_displayed_name(tmp_path, tree, lang, before, after):
    from wizard_driver import Ask

    a = Ask(tmp_path, lang=lang)
    a.child.setwinsize(120, 220)  # the whole list on one screen
    plan = {"goals": ["participation"], "org.sending_country": "fr", "learner.name": "Ana García",
            "learner.birth_date": "2006-05-14", "learner.qualification": "Cuina", "learner.eqf_level": "4",
            "org.sending": "Escola", "learner.apprentice": False, "org.host_partner": "Partner",
            "org.host_company": "Hotel", "tutor.name": "Marie Roux", "tutor.function": "Chef"}
    given: dict = {}
    try:
        while (q := walk(tree, given).next) is not None and q.id != "destination.country":
            text = wording(q, given)[0](lang)[:40].rsplit(" ", 1)[0]
            value = plan.get(q.id, q.default)
            if value is None and q.kind == "single":
                value = offered(q, given)[0].value
            if q.kind == "single":
                a.select(text, q.choice(value).label(lang))
            elif q.kind == "multiple":
                a.check(text, *(q.choice(v).label(lang) for v in value))
            elif q.kind == "yesno":
                from mobility_advisor.i18n import messages as i18n
                a.select(text, i18n.msg("yes" if value else "no", lang))
            else:
                a.text(text, value or "")
            given[q.id] = parse_answer(q, value if value is not None else "", given)
        assert q is not None and q.id == "destination.country"
        country = tree.questions["destination.country"]
        a.wait(wording(country, given)[0](lang))
        other = country.choice("other").label(lang)
        a.wait(other)  # the last choice: the whole list is drawn
        time.sleep(0.2)
        screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", a.child.before + other)
        assert screen.index(before) < screen.index(after) < screen.index(other), screen[-2000:]
    finally:
        a.child.terminate(force=True)


@pytest.mark.parametrize("sending,lang,code", [("es_ct", "ca", "ES01"), ("de", "de", "DE01"), ("fr", "fr", "FR01")])
def test_a_refused_project_code_shows_the_sending_country_example(tmp_path, tree, sending, lang, code):
    extra = {"org.sending_country": sending, "org.project_code": "2024-FR-123"}
    if sending != "fr":
        extra.update({"learner.apprentice": False, "destination.country": "fr"})
    doc = {"version": 1, "lang": lang, "answers": answers(tree, "participation", **extra)}
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    r = run(tmp_path, "render", "--answers", "a.yaml", "-o", "pack", "--lang", lang)
    assert r.returncode != 0 and "2024-FR-123" in r.stderr, r.stderr
    assert f"2024-1-{code}-KA121-VET-000123456" in r.stderr, r.stderr
    if code != "FR01":
        assert "2024-1-FR01-KA121" not in r.stderr
