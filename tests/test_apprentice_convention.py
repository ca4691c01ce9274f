"""What the law and the Commission's templates add (issue 16, items 1-3, French and English):
the apprentice's mobility convention, the learning agreement's official fields, minors.

Each test names a referent's situation and reads the pack written for it.
"""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import docx
import pytest

from conftest import ROOT, TODAY, profile
from mobility_advisor.inputs import answers as answers_mod
from mobility_advisor.formats import convert
from mobility_advisor.engine import engine
from mobility_advisor.pack import render
from mobility_advisor.rules.problems import InputError

LANGS = ("fr", "en")
SIX_WEEKS = {"mobility.start": date(2027, 3, 1), "mobility.end": date(2027, 4, 11)}
HEADINGS = {
    "fr": ["Dates de la mobilité", "Objet de la formation et tâches liées à la certification",
           "Lieux de travail et de formation", "Suivi de l'apprenti au CFA et dans le pays d'accueil",
           "Équipements et produits utilisés ; engagements de prévention des risques",
           "Rythme de travail et congés", "Prise en charge des frais de mobilité et indemnités",
           "Évaluation et validation des compétences acquises à l'étranger", "Santé et sécurité",
           "Assurance responsabilité civile"],
    "en": ["Dates of the mobility", "Purpose of the training and tasks linked to the qualification",
           "Places of work and training", "Follow-up of the apprentice at the CFA and in the host country",
           "Equipment and products used; the host's risk-prevention commitments", "Rhythm of work and leave",
           "Mobility costs and allowances", "Assessment and validation of the competences acquired abroad",
           "Health and safety", "Civil-liability insurance"],
}
KIND = {
    ("fr", "mise_en_veille"): "Forme retenue : **mise en veille du contrat d'apprentissage**",
    ("fr", "mise_a_disposition"): "Forme retenue : **mise à disposition**",
    ("fr", "unknown"): "[ ] mise en veille du contrat d'apprentissage  [ ] mise à disposition",
    ("en", "mise_en_veille"): "Form chosen: **apprenticeship contract on hold (mise en veille)**",
    ("en", "mise_a_disposition"): "Form chosen: **apprentice made available (mise à disposition)**",
    ("en", "unknown"): "[ ] contract on hold (mise en veille)  [ ] apprentice made available",
}


def plain(files):
    """French typography's no-break spaces (before : ; ? ! and inside « ») read as spaces here."""
    return {k: v.replace("\u00a0", " ").replace("\u202f", " ") if isinstance(v, str) else v for k, v in files.items()}


def pack(tree, lang, goals=("participation",), **answers):
    a = {"goals": list(goals), **profile(**answers), "participation.attestation": True,
         "participation.other_evidence": False}
    return plain(render.pack_files(tree, engine.outcomes(tree, a, TODAY), lang, TODAY))


def ids(tree, **answers):
    a = {"goals": ["participation"], **profile(**answers), "participation.attestation": True,
         "participation.other_evidence": False}
    return {i.outcome.id for i in engine.outcomes(tree, a, TODAY).items}


# --- 1. The apprentice's mobility convention ----------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["mise_en_veille", "mise_a_disposition", "unknown"])
def test_french_apprentice_to_germany_for_six_weeks_gets_the_convention(tree, lang, kind):
    files = pack(tree, lang, **SIX_WEEKS, **{"apprentice.arrangement": kind})
    conv = files["mobility_convention.md"]
    assert KIND[lang, kind] in conv
    others = [v for (lg, k), v in KIND.items() if lg == lang and k != kind]
    assert not [o for o in others if o in conv]
    # the R6222-66 headings, in order, and the parties filled from the answers
    positions = [conv.index(h) for h in HEADINGS[lang]]
    assert positions == sorted(positions)
    for who in ("Léa Dupont", "Pâtisserie Martin", "Lycée professionnel Jean Moulin", "Bäckerei Schulz",
                "Handwerkskammer Frankfurt (Oder)", "Anna Schulz"):
        assert who in conv
    assert ("42 jours calendaires" if lang == "fr" else "42 calendar days") in conv
    assert "\\_\\_\\_" in conv  # blanks for what the answers do not give
    # the caveat on each form says what it means, as a public source to check
    index = files["index.md"]
    # undecided: both forms are explained, so the choice can be made (#28 item 2)
    caveats = {"mise_en_veille": ["apprentice.mise_en_veille"], "mise_a_disposition": ["apprentice.mise_a_disposition"],
               "unknown": ["apprentice.mise_en_veille", "apprentice.mise_a_disposition",
                           "apprentice.arrangement_unknown"]}[kind]
    assert all(c in index for c in caveats)
    assert not [c for c in ("apprentice.mise_en_veille", "apprentice.mise_a_disposition",
                            "apprentice.arrangement_unknown") if c not in caveats and f'"{c}"' in index]
    checklist = files["checklist.md"]
    assert "apprentice.convention" in checklist and "apprentice.convention_contents" in index


@pytest.mark.parametrize("lang", LANGS)
def test_a_stay_over_half_the_contract_is_flagged_with_the_figures(tree, lang):
    files = pack(tree, lang, **{"mobility.start": date(2027, 1, 4), "mobility.end": date(2027, 4, 30),
                                "apprentice.contract_start": date(2026, 9, 1),
                                "apprentice.contract_end": date(2027, 2, 28)})
    index = files["index.md"]
    line = next(ln for ln in index.splitlines() if "apprentice.over_half_contract" in ln)
    assert "117" in line and "181" in line and "90" in line
    assert ("soit plus de la moitié du contrat" if lang == "fr" else "more than half of the apprenticeship") in line
    assert "apprentice.over_one_year" not in index


def test_a_stay_within_half_the_contract_is_not_flagged(tree):
    assert "apprentice.over_half_contract" not in ids(tree, **SIX_WEEKS)
    assert "apprentice.over_one_year" not in ids(tree, **SIX_WEEKS)


def test_a_stay_over_one_year_is_flagged_with_the_days_over(tree):
    found = engine.outcomes(tree, {"goals": ["participation"], **profile(**{
        "mobility.start": date(2027, 3, 1), "mobility.end": date(2028, 3, 10),
        "apprentice.contract_start": date(2025, 9, 1), "apprentice.contract_end": date(2029, 8, 31)}),
        "participation.attestation": True, "participation.other_evidence": False}, TODAY)
    over = next(i.outcome for i in found.items if i.outcome.id == "apprentice.over_one_year")
    assert "376" in over.text.fr and "10 jour(s) de plus qu'un an" in over.text.fr
    assert "10 day(s) more than one year" in over.text.en


def test_contract_dates_left_blank_say_the_check_was_not_made(tree):
    found = ids(tree, **{"apprentice.contract_start": "", "apprentice.contract_end": ""})
    assert "apprentice.contract_dates_missing" in found and "apprentice.over_half_contract" not in found


@pytest.mark.parametrize("lang", LANGS)
def test_public_sources_are_named_in_the_pack(tree, lang):
    files = pack(tree, lang, **SIX_WEEKS)
    index = files["index.md"]
    for name in ("L6222-42", "R6222-66", "2024-1148", "JORFARTI000041505676", "2023-1267"):
        assert name in index.split("\n## Sources\n")[1]
    assert "<https://www.legifrance.gouv.fr/jorf/article_jo/JORFARTI000041505676>" in index
    assert ("n'a pas été vérifié" if lang == "fr" else "is not verified") in index  # the 2020 models
    assert not [k for k, v in files.items() if isinstance(v, str) and "domain-notes" in v]


@pytest.mark.parametrize("country", ["es_ct", "es", "be_fr", "de", "other"])
def test_no_french_convention_outside_france(tree, country):
    found = ids(tree, **{"org.sending_country": country, "destination.country": "at"})
    assert not [i for i in found if i.startswith("apprentice.")]
    files = pack(tree, "fr", **{"org.sending_country": country, "destination.country": "at"})
    assert "mobility_convention.md" not in files


def test_catalan_dual_training_learner_is_not_asked_about_the_french_contract(tree):
    w = engine.walk(tree, {"goals": ["participation"], **profile(**{
        "org.sending_country": "es_ct", "destination.country": "fr"})})
    assert not [q.id for q in w.asked if q.id.startswith("apprentice.")]


def test_no_convention_for_a_french_learner_who_is_not_an_apprentice(tree):
    assert not [i for i in ids(tree, **{"learner.apprentice": False}) if i.startswith("apprentice.")]


# --- 2. The learning agreement's official fields -------------------------------------

VALID = "2024-1-FR01-KA121-VET-000123456"


@pytest.mark.parametrize("lang,expected", [("en", "YYYY-R-NA00-KA000-FFF-000000000"),
                                           ("fr", "AAAA-R-NA00-KA000-FFF-000000000")])
@pytest.mark.parametrize("bad", ["2024-FR01-KA121", "2024-1-FR01-KA121-VET-12345", "ERASMUS 2024"])
def test_a_malformed_project_code_is_refused_with_the_expected_shape(tree, lang, expected, bad):
    raw = {"goals": ["participation"], **profile(**{"org.project_code": bad}),
           "participation.attestation": True, "participation.other_evidence": False}
    with pytest.raises(InputError) as exc:
        answers_mod.resolve(tree, raw, lang=lang)
    message = str(exc.value)
    assert "org.project_code" in message and expected in message and "2020-1-FR01-KA202-080445" in message


@pytest.mark.parametrize("code,kept", [(VALID, VALID), (" 2024-1-fr01-ka121-vet-000123456 ", VALID),
                                       ("2020-1-FR01-KA202-080445", "2020-1-FR01-KA202-080445")])
def test_a_valid_project_code_is_kept_in_its_canonical_form(tree, code, kept):
    raw = {"goals": ["participation"], **profile(**{"org.project_code": code}),
           "participation.attestation": True, "participation.other_evidence": False}
    assert answers_mod.resolve(tree, raw)["org.project_code"] == kept


def _docx_text(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


@pytest.mark.parametrize("lang", LANGS)
def test_the_official_fields_are_in_the_learning_agreement_in_every_format(tree, lang):
    files = pack(tree, lang, **{"org.project_code": VALID, "org.mobility_id": "MOB-42", "org.sending_oid": "E10123456",
                                "org.host_oid": "E10987654", "mobility.activity_type": "Mobilité courte VET",
                                "learner.eqf_level": "4"})
    out = convert.convert_files(files, "md,docx,html", lang)
    md, html = out["learning_agreement.md"], out["learning_agreement.html"]
    text = _docx_text(out["learning_agreement.docx"])
    for value in (VALID, "MOB-42", "E10123456", "E10987654", "Mobilité courte VET"):
        assert value in md and value in html and value in text
    # also in the complement and the Europass preparation sheet
    for name in ("learning_agreement_complement.md",):
        assert VALID in files[name] and "E10987654" in files[name]
    europass = pack(tree, lang, goals=("learning_outcomes",), **{"org.project_code": VALID})
    assert VALID in europass["europass_preparation.md"]
    # the participant's table carries the level, as in the Commission's learning agreement
    assert ("| Niveau du diplôme (CEC / EQF) | 4 |" if lang == "fr" else "| Level of the qualification (EQF) | 4 |") in md


@pytest.mark.parametrize("lang", LANGS)
def test_unknown_official_fields_and_level_stay_blank(tree, lang):
    md = pack(tree, lang, **{"learner.eqf_level": "unknown"})["learning_agreement.md"]
    row = next(ln for ln in md.splitlines() if ln.startswith("| Code du projet" if lang == "fr" else "| Project code"))
    assert row.endswith("\\_\\_\\_\\_\\_\\_\\_\\_ |")
    eqf = next(ln for ln in md.splitlines() if "EQF" in ln and ln.startswith("|"))
    assert eqf.endswith("\\_\\_\\_\\_\\_\\_\\_\\_ |")


def test_official_fields_are_not_asked_without_erasmus(tree):
    w = engine.walk(tree, {"goals": ["participation"], **profile(**{"mobility.funding": "other"})})
    assert not {"org.project_code", "org.mobility_id", "org.sending_oid", "org.host_oid"} & {q.id for q in w.asked}


# --- 3. Minors ------------------------------------------------------------------------

REP = {"fr": "Représentant légal", "en": "Legal representative"}
# the row is the document's own, not a suggestion to adapt (#25 item 4)
IF_TEMPLATE = {"fr": "si votre modèle le prévoit", "en": "if your template provides for it"}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("how", [{"learner.birth_date": date(2010, 5, 2)},
                                 {"learner.birth_date": "", "learner.minor": "yes"}])
def test_a_minor_gets_the_legal_representative_rows(tree, lang, how):
    files = pack(tree, lang, **SIX_WEEKS, **how)
    assert REP[lang] in files["mobility_convention.md"].split("## Signatures")[1]
    for name in ("learning_agreement.md", "attestation_participation.md"):
        row = next(ln for ln in files[name].splitlines() if REP[lang] in ln)
        assert IF_TEMPLATE[lang] not in row and row.split("|")[2].strip() == "\\_" * 8  # the name to write in
    assert "learner.minor_authorisation" in files["index.md"]


@pytest.mark.parametrize("how", [{"learner.birth_date": date(2005, 4, 2)},
                                 {"learner.birth_date": "", "learner.minor": "no"}])
def test_an_adult_gets_no_legal_representative_row(tree, how):
    files = pack(tree, "fr", **SIX_WEEKS, **how)
    assert not [k for k, v in files.items() if isinstance(v, str) and "Représentant légal" in v]


def test_eighteen_on_the_start_date_is_no_longer_a_minor(tree):
    assert "learner.minor_authorisation" not in ids(tree, **{"learner.birth_date": date(2009, 3, 1),
                                                             "mobility.start": date(2027, 3, 1)})
    assert "learner.minor_authorisation" in ids(tree, **{"learner.birth_date": date(2009, 3, 2),
                                                         "mobility.start": date(2027, 3, 1)})


def test_not_knowing_whether_a_minor_is_a_point_to_check(tree):
    assert "learner.minor_unknown" in ids(tree, **{"learner.birth_date": "", "learner.minor": "unknown"})


def test_an_older_answers_file_still_replays(tree):
    raw = {"goals": ["participation"], **profile(), "participation.attestation": True,
           "participation.other_evidence": False}
    for k in ("learner.birth_date", "learner.eqf_level", "apprentice.arrangement", "apprentice.contract_start",
              "apprentice.contract_end", "org.project_code", "org.mobility_id", "org.sending_oid", "org.host_oid",
              "mobility.activity_type", "org.sending_country"):
        del raw[k]
    answers = answers_mod.resolve(tree, raw)
    assert answers["learner.minor"] == "unknown" and answers["apprentice.arrangement"] == "unknown"
    assert answers["org.project_code"] == ""


# --- Faithful to the seeds: nothing copied ---------------------------------------------

OVERLAP = ROOT.parent / "shared" / "tools" / "seed_overlap.py"


@pytest.mark.skipif(not OVERLAP.is_file(), reason="the shared seed-overlap tool sits beside the repository")
def test_seed_overlap_reports_nothing():
    r = subprocess.run([sys.executable, str(OVERLAP), "--section-ok", "rules", "templates"], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 0 and not r.stdout.strip(), r.stdout


@pytest.mark.parametrize("lang", LANGS)
def test_the_convention_carries_the_learning_outcomes_when_known(tree, lang):
    """R6222-66's purpose-and-tasks and assessment headings are filled from the learning outcomes."""
    from mobility_advisor.engine.learning import LearningRecord, parse_outcomes

    record = LearningRecord(parse_outcomes([
        {"reference": "C1.2", "text": "Shape laminated yeast doughs to the bakery's standard",
         "activities": "Daily pastry production", "assessment": "Tutor's observation and the grid"},
        {"text": "Explain the bakery's hygiene plan", "activities": "Opening and closing shifts"},
    ]))
    a = {"goals": ["participation"], **profile(**SIX_WEEKS, **{"apprentice.arrangement": "mise_en_veille"}),
         "participation.attestation": True, "participation.other_evidence": False}
    files = plain(render.pack_files(tree, engine.outcomes(tree, a, TODAY), lang, TODAY, record))
    conv = files["mobility_convention.md"]
    purpose = conv.split(HEADINGS[lang][1])[1].split(HEADINGS[lang][2])[0]
    assessment = conv.split(HEADINGS[lang][7])[1].split(HEADINGS[lang][8])[0]
    for words in ("Shape laminated yeast doughs", "(C1.2)", "Daily pastry production",
                  "Explain the bakery's hygiene plan", "Opening and closing shifts"):
        assert words in purpose, words
    assert "C1.2" in assessment and "Tutor's observation and the grid" in assessment
    assert "Explain the bakery's hygiene plan" in assessment  # no reference: named by its text
    without = plain(render.pack_files(tree, engine.outcomes(tree, a, TODAY), lang, TODAY))["mobility_convention.md"]
    assert "Shape laminated" not in without and "\\_\\_\\_" in without.split(HEADINGS[lang][1])[1]


def test_the_minor_check_is_general_and_cites_no_french_article(tree):
    """No seed sets what a minor's stay abroad needs: a general check for any sending country, citing
    003's advice on authorisations, never R6222-66 (an apprentice's convention: #28 item 4)."""
    for country in ("fr", "es", "de", "es_ct"):
        got = ids(tree, **{"org.sending_country": country, "learner.birth_date": date(2009, 9, 1),
                           "learner.apprentice": False})
        assert "learner.minor_authorisation" in got, country
    for rid in ("learner.minor_authorisation", "learner.minor_unknown"):
        assert {s.seed for s in tree.outcome(rid).source} == {"003_a300bb2bd34e759d.txt"}, rid
