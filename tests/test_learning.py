"""Learning outcomes and results (issue 14): parsing, refusals, the decisions they lead to, and the
pack's words in both languages, read from packs written by the real command."""

from __future__ import annotations

import re
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from mobility_advisor.rules.model import LANGS
import yaml

from mobility_advisor.inputs import answers as answers_mod
from mobility_advisor.engine import consequences, learning, outcomes_schema, results as results_mod
from mobility_advisor.engine.learning import LearningError, parse_outcomes
from mobility_advisor.engine.results import parse_results

from conftest import ROOT, profile

TODAY = "2027-07-01"  # after the mobility, its assessment and the exam: results dated after today are refused


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """parse_results, called here directly, counts today as the commands do."""
    monkeypatch.setenv("MOBILITY_ADVISOR_TODAY", TODAY)
EXAMPLE = ROOT / "docs" / "outcomes-example.yaml"

OUTCOMES = [
    {"reference": "EX-1", "text": "Exemple : réaliser une pâte feuilletée selon la fiche de l'entreprise",
     "activities": "Production du matin au fournil", "assessment": "Observation par le tuteur",
     "criteria": "Fiche suivie, temps respecté", "competence_type": "technical", "mp": "MP-X", "uf": "UF-Y",
     "aa": "AA-Z"},
    {"reference": "EX-2", "text": "Exemple : organiser son poste selon les règles d'hygiène",
     "activities": "Ouverture du poste", "assessment": "Grille d'appréciation", "competence_type": "organisational"},
    {"text": "Exemple : présenter un produit à un client", "competence_type": "transversal"},
]

ROUTES = {
    "men": {"certification.certifier": "men", "men.diploma": "bac_pro", "certification.in_framework": "yes"},
    "btm": {"certification.certifier": "cma_btm", "btm.title": "patissier", "btm.dossier_focus": "organisation",
            "certification.in_framework": "yes"},
    "qbid": {"org.sending_country": "es_ct",  # qBID is offered to a Catalan sender (issue 15)
             "certification.certifier": "qbid", "qbid.catalan_tutor": "Marta Puig", "qbid.module": "MP 05",
             "certification.in_framework": "yes"},
}


def answers_doc(route="men", lang="fr", outcomes=OUTCOMES, results=None, goals=("integration", "certification")):
    a = {"goals": list(goals), **profile(), **ROUTES[route],
         "integration.preparation": ["positioning", "grid"], "integration.positioning_tools": ["europass_cv"],
         "integration.methods": ["observation", "jury"], "integration.test_before": True,
         "integration.record": ["grid", "minutes"]}
    if "learning_outcomes" in goals or "participation" in goals:
        a.update({"participation.attestation": True, "participation.other_evidence": False})
    a = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in a.items()}
    doc = {"version": 1, "lang": lang, "answers": a}
    if outcomes is not None:
        doc["outcomes"] = outcomes
    if results is not None:
        doc["results"] = results
    return doc


def run(tmp_path, *args, lang_env="fr_FR.UTF-8"):
    env = dict(os.environ, MOBILITY_ADVISOR_TODAY=TODAY, LANG=lang_env)
    env.pop("LC_ALL", None)
    return subprocess.run([sys.executable, "-m", "mobility_advisor", *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)


def render(tmp_path, doc, name="a.yaml", out="pack", extra=()):
    (tmp_path / name).write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # monolingual documents: these tests read the tables in the pack's language (the host's
    # language beside it is tests/test_bilingual.py's concern)
    return run(tmp_path, "render", "--answers", name, "-o", out, "--host-lang", "none", *extra)


def plain(text: str) -> str:
    """The pack's text with French typography's no-break spaces as plain spaces, to compare words."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def read(tmp_path, name, out="pack"):
    return plain((tmp_path / out / name).read_text(encoding="utf-8"))


# --- parsing -------------------------------------------------------------------------------------


def test_outcomes_parse_and_round_trip_through_an_answers_file(tree, tmp_path):
    outs = parse_outcomes(OUTCOMES)
    assert [o.reference for o in outs] == ["EX-1", "EX-2", ""]
    res = parse_results({"assessed_on": "2027-03-26", "outcomes": {"EX-1": "achieved", 3: "partial"},
                         "men.mark": 12, "diploma_passed": False, "men.exam_date": "2027-06-20"},
                        outs, {"goals": ["certification"], "certification.certifier": "men"})
    rec = learning.LearningRecord(outs, res)
    p = tmp_path / "a.yaml"
    a = {"goals": ["certification"], **profile(), **ROUTES["men"]}
    answers_mod.save(p, a, "fr", rec)
    af = answers_mod.load(p)
    again = parse_outcomes(af.outcomes)
    assert again == outs
    assert parse_results(af.results, again, a) == res


@pytest.mark.parametrize("raw,expect_fr,expect_en", [
    ({"men.mark": 21}, "« men.mark » vaut 21 : une note sur 20 est attendue, entre 0 et 20",
     "'men.mark' is 21: expected a mark out of 20, between 0 and 20"),
    ({"men.mark": -1}, "entre 0 et 20", "between 0 and 20"),
    ({"outcomes": {"C9.9": "achieved"}}, "« C9.9 » n'est ni la référence ni le numéro d'un acquis listé",
     "'C9.9' is neither the reference nor the number of a listed outcome"),
    ({"outcomes": {"EX-1": "done"}}, "attendu : achieved", "expected achieved, partial or not_achieved"),
    ({"btm.points": 2}, "« btm.points » est un résultat de la démarche BTM « mention Europe », qui n'a pas été choisie",
     "'btm.points' is a result of the BTM \"mention Europe\" route, which was not chosen"),
    ({"qbid.validated": True}, "démarche qBID (Catalogne), qui n'a pas été choisie", "qBID (Catalonia) route"),
    ({"men.exam_date": "2027-02-30"}, "une date est attendue", "expected a date"),
    ({"mark": 12}, "résultat inconnu « mark »", "unknown result 'mark'"),
])
def test_impossible_results_refused_in_both_languages(raw, expect_fr, expect_en):
    outs = parse_outcomes(OUTCOMES)
    with pytest.raises(LearningError) as e:
        parse_results(raw, outs, {"goals": ["certification"], "certification.certifier": "men"})
    assert expect_fr in e.value.text("fr")
    assert expect_en in e.value.text("en")


@pytest.mark.parametrize("raw,expect_en", [
    ({"btm.points": 4, "btm.passed": True}, "'btm.points' is 4: at most 3 extra points"),
    ({"btm.points": 2, "btm.passed": False}, "'btm.points' is 2 while the BTM was not passed"),
    ({"btm.points": 1.5}, "at most 3 extra points"),
    ({"men.mark": 12}, "French Ministry of Education (optional mobility unit) route, which was not chosen"),
])
def test_btm_points_refused(raw, expect_en):
    with pytest.raises(LearningError) as e:
        parse_results(raw, (), {"goals": ["certification"], "certification.certifier": "cma_btm"})
    assert expect_en in e.value.text("en")


def test_results_for_outcomes_when_none_listed():
    with pytest.raises(LearningError) as e:
        parse_results({"outcomes": {1: "achieved"}}, (), {"goals": ["integration"]})
    assert "no learning outcome is listed" in e.value.text("en")


def test_diploma_result_needs_a_certification_route():
    with pytest.raises(LearningError) as e:
        parse_results({"diploma_passed": True}, (), {"goals": ["integration"]})
    assert "pas été choisie" in e.value.text("fr")


@pytest.mark.parametrize("raw,expect", [
    ([{"text": ""}], "'text' field"),
    ([{"reference": "A"}], "'text' field"),
    ([{"text": "x", "refrence": "A"}], "did you mean: reference"),
    ([{"text": "x", "reference": 1.2}], "put this number in quotes"),
    ([{"text": "x", "competence_type": "social"}], "expected transversal, organisational or technical"),
    ([{"text": "x", "reference": "A"}, {"text": "y", "reference": "a"}], "reference 'a' is already that of outcome 1"),
    ([{"text": "a\x07b"}], "invisible character U+0007"),
    ([{"text": "x" * 601}], "at most 600 characters"),
    ({"text": "x"}, "must be a list"),
    (["x"], "expected a set of fields"),
])
def test_bad_outcomes_refused(raw, expect):
    with pytest.raises(LearningError) as e:
        parse_outcomes(raw)
    assert expect in e.value.text("en")


def test_five_years_end_date_is_computed():
    assert consequences.add_years(date(2027, 6, 20), 5) == date(2032, 6, 20)
    assert consequences.add_years(date(2028, 2, 29), 5) == date(2033, 2, 28)


# --- the pack: outcomes in every document ----------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_outcomes_fill_every_document(tmp_path, lang):
    goals = ("participation", "learning_outcomes", "integration", "certification")
    r = render(tmp_path, answers_doc("men", lang, goals=goals))
    assert r.returncode == 0, r.stderr
    text = OUTCOMES[0]["text"]
    for name in ("learning_agreement.md", "evaluation_grid.md", "positioning_sheet.md", "europass_preparation.md",
                 "men_unit_file.md", "validation_record.md", "checklist.md"):
        body = read(tmp_path, name)
        assert "Exemple : réaliser une pâte feuilletée" in body, name
        assert "Exemple : présenter un produit à un client" in body, name
    la = read(tmp_path, "learning_agreement.md")
    row = next(line for line in la.splitlines() if text.split(" ", 2)[2][:20] in line)
    assert "Production du matin au fournil" in row and "Observation par le tuteur" in row and "EX-1" in row
    # no blank outcome row once outcomes are given
    blank_row = r"| \_\_\_\_\_\_\_\_ | \_\_\_\_\_\_\_\_ | \_\_\_\_\_\_\_\_ | \_\_\_\_\_\_\_\_ |"
    assert blank_row not in la


def test_blank_rows_stay_without_outcomes(tmp_path):
    r = render(tmp_path, answers_doc("men", "fr", outcomes=None))
    assert r.returncode == 0, r.stderr
    la = read(tmp_path, "evaluation_grid.md")
    row = " | ".join([r"\_" * 8] * 4)  # outcome, criterion, method, level before departure
    assert la.count(f"| {row} | | | |") == 4


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_btm_file_and_tac_by_competence_type(tmp_path, lang):
    r = render(tmp_path, answers_doc("btm", lang))
    assert r.returncode == 0, r.stderr
    btm = read(tmp_path, "btm_file.md")
    # the TAC lists each competence under its type (its own types table is gone: #25, btm9)
    kind = {"fr": "| Organisationnelles | ", "en": "| Organisational | "}
    assert any(line.startswith(kind[lang]) and "organiser son poste" in line for line in btm.splitlines())
    tac = {"fr": "| Techniques | EX-1 : Exemple : réaliser", "en": "| Technical | EX-1: Exemple : réaliser"}
    assert tac[lang] in btm


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_qbid_agreement_has_mp_uf_aa_and_criteria(tmp_path, lang):
    r = render(tmp_path, answers_doc("qbid", lang))
    assert r.returncode == 0, r.stderr
    q = read(tmp_path, "qbid_agreement.md")
    # a column each for the module, the unit and the outcome (#25: a bilingual row asked each twice)
    assert "| MP | UF | AA | " in q
    assert any(line.startswith("| MP-X | UF-Y | AA-Z | ") for line in q.splitlines())
    assert "Fiche suivie, temps respecté" in q


def test_outcomes_file_gives_the_same_pack_as_inline_outcomes(tmp_path):
    inline = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["outcomes"]
    assert render(tmp_path, answers_doc("men", "fr", outcomes=inline), "inline.yaml", "p1").returncode == 0
    r = render(tmp_path, answers_doc("men", "fr", outcomes=None), "bare.yaml", "p2", ("--outcomes", str(EXAMPLE)))
    assert r.returncode == 0, r.stderr
    names = sorted(p.name for p in (tmp_path / "p1").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "p2").iterdir())
    for n in names:
        assert read(tmp_path, n, "p1") == read(tmp_path, n, "p2"), n
    assert "(Example) Prepare a laminated dough" in read(tmp_path, "evaluation_grid.md", "p2")


def test_csv_outcomes_file(tmp_path):
    r = render(tmp_path, answers_doc("men", "en", outcomes=None), extra=("--outcomes", str(ROOT / "docs/outcomes-example.csv")))
    assert r.returncode == 0, r.stderr
    assert "EX-3: (Example) Present a product" in read(tmp_path, "evaluation_grid.md")


def test_outcomes_given_twice_refused(tmp_path):
    r = render(tmp_path, answers_doc("men", "en"), extra=("--outcomes", str(EXAMPLE)))
    assert r.returncode == 2
    assert "given twice" in r.stderr and "Traceback" not in r.stderr


def test_checklist_accepts_an_outcomes_file(tmp_path):
    r = run(tmp_path, "checklist", "--route", "men", "--lang", "en", "--outcomes", str(EXAMPLE))
    assert r.returncode == 0, r.stderr
    assert "## Intended learning outcomes" in r.stdout and "EX-2: (Example) Organise" in r.stdout


def test_bad_outcomes_in_answers_file_are_located(tmp_path):
    doc = answers_doc("men", "fr", outcomes=[{"text": "ok"}, {"txt": "oops"}])
    r = render(tmp_path, doc)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    text = (tmp_path / "a.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(text, 1) if "txt:" in t)
    assert f"a.yaml:{line}:" in r.stderr and "acquis n° 2 : champ inconnu « txt »" in r.stderr


# --- results and their consequences, in both languages ----------------------------------------------

RESULT_CASES = {
    "men_12_passed": ("men", {"assessed_on": "2027-03-26", "men.mark": 12, "diploma_passed": True},
                      {"fr": ["Attestation « Mobilité Pro » délivrée avec le diplôme : note de 12/20"],
                       "en": ["\"Mobilité Pro\" attestation issued with the diploma: mark of 12/20"]}),
    "men_12_failed": ("men", {"men.mark": 12, "diploma_passed": False, "men.exam_date": "2027-06-20"},
                      {"fr": ["Attestation « Mobilité Pro » non délivrée : la note (12/20) suffit, mais le diplôme "
                              "n'est pas obtenu", "pendant cinq ans", "estimation à partir de la date de l'épreuve (20 juin 2027) : jusqu'au 20 juin 2032, à confirmer auprès du rectorat"],
                       "en": ["\"Mobilité Pro\" attestation not issued: the mark (12/20) is enough, but the diploma "
                              "was not passed", "for five years", "estimate from the exam date (20 June 2027), until 20 June 2032, to confirm with the rectorat"]}),
    "men_9_passed": ("men", {"men.mark": 9, "diploma_passed": True},
                     {"fr": ["Attestation « Mobilité Pro » non délivrée : la note de l'unité facultative de mobilité "
                             "(9/20) est inférieure à 10"],
                      "en": ["\"Mobilité Pro\" attestation not issued: the optional mobility unit's mark (9/20) is "
                             "below 10"]}),
    "btm_2_passed": ("btm", {"btm.points": 2, "btm.passed": True},
                     {"fr": ["2 points supplémentaires sur 3 au plus", "le BTM est réussi"],
                      "en": ["2 extra points out of at most 3", "the BTM is passed"]}),
    "qbid_validated": ("qbid", {"qbid.validated": True},
                       {"fr": ["Évaluation validée dans qBID par le tuteur de l'école catalane",
                               "aucune autre démarche de reconnaissance n'est nécessaire"],
                        "en": ["Assessment validated in qBID by the Catalan school tutor",
                               "no further recognition step is needed"]}),
}
DOC = {"men": "men_unit_file.md", "btm": "btm_file.md", "qbid": "qbid_agreement.md"}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("case", list(RESULT_CASES))
def test_results_state_their_consequences(tmp_path, case, lang):
    route, results, words = RESULT_CASES[case]
    r = render(tmp_path, answers_doc(route, lang, results=results))
    assert r.returncode == 0, r.stderr
    for name in (DOC[route], "index.md", "validation_record.md", "checklist.md"):
        body = read(tmp_path, name)
        for w in words[lang]:
            assert w in body, (name, w)


@pytest.mark.parametrize("case", list(RESULT_CASES))
def test_consequences_cite_the_packs_numbered_sources(tmp_path, case):
    """A decision cites its rule's sources like every other item: "[n]" with the rule id, listed
    in the file's Sources, never a raw "000 §…" label."""
    route, results, _ = RESULT_CASES[case]
    r = render(tmp_path, answers_doc(route, "en", results=results))
    assert r.returncode == 0, r.stderr
    for name in (DOC[route], "index.md", "validation_record.md"):
        body = read(tmp_path, name)
        section = body.split("## Sources")[0]
        lines = [line for line in section.splitlines() if line.startswith("- ") and "§" in line]
        assert not lines, (name, lines)
        if name == DOC[route]:  # a document the host fills in: numbers without a link, one line of sources (#25 item 8)
            assert re.search(r'\(Sources?: \\\[\d+\\\]', section) and "](#" not in body, name
            assert body.rstrip().splitlines()[-1].startswith("Sources \\["), name
            continue
        assert re.search(r'\(Sources?: \[\[\d+\]\]\(#sources "(men|btm|qbid|guide)\.', section), name


def test_men_unit_file_ticks_and_mark(tmp_path):
    r = render(tmp_path, answers_doc("men", "fr", results={"men.mark": 12, "diploma_passed": True}))
    assert r.returncode == 0, r.stderr
    unit = read(tmp_path, "men_unit_file.md")
    assert "| Note obtenue à l'unité facultative | 12 / 20 |" in unit
    assert "- [x] note supérieure ou égale à 10 sur 20" in unit
    assert "- [x] épreuves du diplôme présentées avec succès" in unit


@pytest.mark.parametrize("lang,words", [
    ("fr", ["| EX-1 : Exemple : réaliser une pâte feuilletée selon la fiche de l'entreprise | Fiche suivie, temps "
            "respecté | Observation par le tuteur | \\_\\_\\_\\_\\_\\_\\_\\_ | x | | |",
            "Évaluation du 26 mars 2027.", "- [x] Acquis partiellement validés : acquis atteints : EX-1"]),
    ("en", ["| EX-2: Exemple : organiser son poste selon les règles d'hygiène | \\_\\_\\_\\_\\_\\_\\_\\_ | Grille "
            "d'appréciation | \\_\\_\\_\\_\\_\\_\\_\\_ | | | x |",
            "Assessed on 26 March 2027.", "- [x] Outcomes partly validated: outcomes achieved: EX-1"]),
])
def test_outcome_results_fill_grid_and_record_and_tick_after_steps(tmp_path, lang, words):
    results = {"assessed_on": "2027-03-26", "outcomes": {"EX-1": "achieved", "EX-2": "not_achieved", 3: "partial"}}
    r = render(tmp_path, answers_doc("men", lang, results=results))
    assert r.returncode == 0, r.stderr
    both = read(tmp_path, "evaluation_grid.md") + read(tmp_path, "validation_record.md")
    for w in words:
        assert w in both, w
    checklist = read(tmp_path, "checklist.md")
    validate = {"fr": "- [x] Validez, ou non, les acquis", "en": "- [x] Decide whether the learning outcomes are validated"}
    assert validate[lang] in checklist
    assert "- [ ] " in checklist  # the rest stays to do


@pytest.mark.parametrize("results,expect", [
    ({"btm.points": 4, "btm.passed": True}, "'btm.points' is 4"),
    ({"btm.points": 2, "btm.passed": False}, "while the BTM was not passed"),
    ({"outcomes": {"ZZ": "achieved"}}, "'ZZ' is neither the reference"),
])
def test_impossible_results_refused_by_the_command(tmp_path, results, expect):
    r = render(tmp_path, answers_doc("btm", "en", results=results))
    assert r.returncode == 2
    assert expect in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "pack").exists()
    text = (tmp_path / "a.yaml").read_text(encoding="utf-8").splitlines()
    key = next(k for k in results if k != "btm.passed") if "outcomes" not in results else "ZZ"
    line = next(i for i, t in enumerate(text, 1) if t.strip().startswith(key))
    assert f"a.yaml:{line}:" in r.stderr


# --- validate and the JSON Schema -----------------------------------------------------------------

MUTATIONS = [
    ("outcomes:\n  - text: ok\n  - refrence: A\n    text: b\n", 3, "unknown field 'refrence'"),
    ("outcomes:\n  - text: ok\n    competence_type: social\n", 3, "expected transversal"),
    ("outcomes:\n  - reference: A\n    text: a\n  - reference: A\n    text: b\n", 4, "already that of outcome 1"),
    ("outcomes: &x\n  - text: a\n", 1, "anchors"),
    ("outcomes:\n  - text: !!python/object:os.system a\n", 2, "custom YAML tag"),
    ("outcomes:\n  - text: [a\n", 3, "YAML syntax error"),
    ("outcomes:\n  - activities: a\n", 2, "'text' field"),
    ("outcome:\n  - text: a\n", 1, "an outcomes file holds 'outcomes:'"),
    ("outcomes:\n  - text: a\n  - text: b\n    text: c\n", 4, "duplicate key"),
]


@pytest.mark.parametrize("body,line,expect", MUTATIONS)
def test_validate_mutated_outcomes_files(tmp_path, body, line, expect):
    (tmp_path / "o.yaml").write_text(body, encoding="utf-8")
    r = run(tmp_path, "validate", "--outcomes", "o.yaml", "--format", "json", "--lang", "en")
    assert r.returncode == 1, r.stdout
    doc = json.loads(r.stdout)
    assert doc["errors"] == 1
    p = doc["problems"][0]
    assert p["file"] == "o.yaml" and p["line"] == line and expect in p["message"], p
    assert "Traceback" not in r.stderr


def test_validate_csv_outcomes_file_located(tmp_path):
    (tmp_path / "o.csv").write_text("reference;text\nA;ok\nB;x;extra\n", encoding="utf-8")
    r = run(tmp_path, "validate", "--outcomes", "o.csv")
    assert r.returncode == 1
    # validate speaks the user's language (here the French locale)
    assert r.stdout.startswith("o.csv:3:1: erreur:") and "3 valeurs pour 2 colonnes" in r.stdout


def test_validate_huge_outcomes_file_refused(tmp_path):
    (tmp_path / "o.yaml").write_text("outcomes:\n" + "  - text: x\n" * 120_000, encoding="utf-8")
    r = run(tmp_path, "validate", "--lang", "en", "--outcomes", "o.yaml")
    assert r.returncode == 1 and "limited to" in r.stdout


def test_example_outcomes_files_validate_and_match_the_schema(tmp_path):
    import jsonschema

    r = run(tmp_path, "validate", "--outcomes", str(EXAMPLE), "--outcomes", str(ROOT / "docs/outcomes-example.csv"))
    assert r.returncode == 0, r.stdout
    schema = json.loads((ROOT / "schema" / "outcomes.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")), schema)
    bad = {"outcomes": [{"text": "x", "competence_type": "social"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
    assert "EXAMPLE ONLY" in EXAMPLE.read_text(encoding="utf-8")


def test_shipped_outcomes_schema_is_generated():
    """Regenerate with: python -m mobility_advisor.engine.outcomes_schema > schema/outcomes.schema.json"""
    assert (ROOT / "schema" / "outcomes.schema.json").read_text(encoding="utf-8") == outcomes_schema.schema_text()


def test_readme_outcomes_and_results_examples_are_valid():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    import re

    blocks = re.findall(r"```yaml\n(.*?)```", readme, re.S)
    (outcomes_block,) = [b for b in blocks if b.startswith("# outcomes.yaml")]
    outs = parse_outcomes(yaml.safe_load(outcomes_block)["outcomes"])
    assert outs[0].reference == "EX-1" and outs[0].competence_type == "technical"
    (results_block,) = [b for b in blocks if b.startswith("results:")]
    raw = yaml.safe_load(results_block)["results"]
    three = parse_outcomes([{"reference": f"EX-{k}", "text": "x"} for k in (1, 2, 3)])
    res = parse_results(raw, three, {"goals": ["certification"], "certification.certifier": "men"})
    assert consequences.keep_until(res) == date(2032, 6, 20)
    assert "(docs/img/evaluation-grid.png)" in readme and (ROOT / "docs/img/evaluation-grid.png").is_file()


def test_long_outcome_texts_wrap_in_docx_and_pdf(tree):
    """A 600-character outcome stays whole in its table cell (DOCX) and on the page (PDF): wrapped, not cut."""
    import io

    import docx
    from pypdf import PdfReader

    from mobility_advisor.formats import convert
    from mobility_advisor.engine import engine
    from mobility_advisor.pack import render

    words = " ".join(f"mot{k:03d}" for k in range(85))  # 594 characters, no space to cut at the page edge
    outs = parse_outcomes([{"reference": "EX-1", "text": words, "activities": "Production", "assessment": "Grille"}])
    a = {"goals": ["integration"], **profile(), "integration.preparation": ["grid"],
         "integration.methods": ["observation"], "integration.test_before": True, "integration.record": ["grid"]}
    result = engine.outcomes(tree, a, date(2026, 11, 24))
    files = render.pack_files(tree, result, "fr", date(2026, 11, 24), learning.LearningRecord(outs))
    files = {"evaluation_grid.md": files["evaluation_grid.md"]}
    out = convert.convert_files(files, "md,docx,pdf", "fr")
    d = docx.Document(io.BytesIO(out["evaluation_grid.docx"]))
    cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
    assert any(words in c for c in cells)
    pdf = PdfReader(io.BytesIO(out["evaluation_grid.pdf"]))
    text = " ".join(p.extract_text() for p in pdf.pages)
    found = [w for w in words.split() if w in text]
    assert len(found) == 85  # every word printed: the cell wraps instead of overflowing the page
    box = pdf.pages[0].mediabox
    assert float(box.width) < 700  # A4 portrait, not a page widened to fit the text
    xs: list[float] = []

    def visit(text, cm, tm, font, size):
        if "mot" in text:
            xs.append(tm[4] * cm[0] + cm[4])

    for page in pdf.pages:
        page.extract_text(visitor_text=visit)
    assert xs and max(xs) < float(box.width) * 0.5  # the words sit in the first, narrow column: wrapped
    assert len(set(round(x) for x in xs)) <= 3  # each wrapped line starts at the cell's left edge


def test_values_quoted_back_carry_no_terminal_escapes():
    outs = parse_outcomes(OUTCOMES)
    with pytest.raises(LearningError) as e:
        parse_results({"outcomes": {"EX-1": "achieved\x1b[31m"}}, outs, {"goals": ["integration"]})
    assert "\x1b" not in e.value.text("fr") and "\x1b" not in e.value.text("en")
    with pytest.raises(LearningError) as e:
        parse_results({"outcomes": {"\x1b]0;pwned\x07": "achieved"}}, outs, {"goals": ["integration"]})
    assert "\x1b" not in e.value.text("en") and "\x07" not in e.value.text("en")


def test_the_pack_manifest_keeps_outcomes_and_results(tmp_path):
    results = {"assessed_on": "2027-03-26", "outcomes": {"EX-1": "achieved"}, "men.mark": 12, "diploma_passed": True}
    r = render(tmp_path, answers_doc("men", "en", results=results))
    assert r.returncode == 0, r.stderr
    doc = json.loads((tmp_path / "pack" / ".mobility-advisor.json").read_text(encoding="utf-8"))["answers"]
    outs = parse_outcomes(doc["outcomes"])
    assert outs == parse_outcomes(OUTCOMES)
    assert parse_results(doc["results"], outs, doc["answers"]).men_mark == 12


def filled_pack(tree, route: str, lang: str) -> dict:
    """The pack of a route with every goal, 3 outcomes and their results (a failed diploma for MEN)."""
    from mobility_advisor.engine import engine
    from mobility_advisor.pack import render

    goals = ["participation", "learning_outcomes", "integration", "certification"]
    a = {"goals": goals, **profile(), **ROUTES[route], "participation.attestation": True,
         "participation.other_evidence": False, "integration.preparation": ["positioning", "grid"],
         "integration.positioning_tools": ["europass_cv"], "integration.methods": ["observation"],
         "integration.test_before": True, "integration.record": ["grid", "minutes", "certificate"]}
    outs = parse_outcomes(OUTCOMES)
    raw = {"assessed_on": "2027-03-26", "outcomes": {"EX-1": "achieved", "EX-2": "partial", 3: "not_achieved"},
           "men": {"men.mark": 12, "diploma_passed": False, "men.exam_date": "2027-06-20"},
           "btm": {"btm.points": 2, "btm.passed": True}, "qbid": {"qbid.validated": True}}
    results = {k: v for k, v in raw.items() if k not in ROUTES} | raw[route]
    today = date.fromisoformat(TODAY)  # after the exam: no result is dated after today
    rec = learning.LearningRecord(outs, parse_results(results, outs, a, today=today))
    return render.pack_files(tree, engine.outcomes(tree, a, today), lang, today, rec)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("route", ["men", "btm", "qbid"])
def test_filled_packs_pass_the_markdown_lint(tree, route, lang):
    """Outcome rows, results and consequences keep every Markdown file of the pack lint-clean."""
    from test_render import lint

    for name, text in filled_pack(tree, route, lang).items():
        if name.endswith(".md"):
            assert lint(text) == [], name


def test_update_keeps_the_outcomes_and_results(tmp_path):
    results = {"men.mark": 12, "diploma_passed": False, "men.exam_date": "2027-06-20"}
    r = render(tmp_path, answers_doc("men", "en", results=results))
    assert r.returncode == 0, r.stderr
    u = run(tmp_path, "update", "pack", "--lang", "en")
    assert u.returncode == 0, u.stderr
    unit = read(tmp_path, "men_unit_file.md")
    assert "Exemple : présenter un produit à un client" in unit and "until 20 June 2032" in unit
    doc = json.loads((tmp_path / "pack" / ".mobility-advisor.json").read_text(encoding="utf-8"))["answers"]
    assert len(doc["outcomes"]) == 3 and doc["results"]["men.mark"] == 12


@pytest.mark.parametrize("route, raw, missing", [
    ("men", None, ["assessed_on", "outcome:0", "outcome:1", "outcome:2", "men.mark", "diploma_passed"]),
    ("men", {"assessed_on": "2027-02-01", "outcomes": {"EX-1": "achieved", "EX-2": "partial", "3": "achieved"},
             "men.mark": 12}, ["diploma_passed"]),  # men.exam_date is optional: never awaited
    ("btm", {"btm.passed": True}, ["assessed_on", "outcome:0", "outcome:1", "outcome:2", "btm.points"]),
    ("btm", {"assessed_on": "2027-02-01", "outcomes": {"1": "achieved", "2": "achieved", "3": "achieved"},
             "btm.passed": False}, []),  # failed: extra points are not awaited
    ("qbid", {"assessed_on": "2027-02-01", "outcomes": {"EX-2": "not_achieved"}},
     ["outcome:0", "outcome:2", "qbid.validated"]),
])
def test_results_still_missing_follow_the_route(route, raw, missing):
    doc = answers_doc(route)
    outcomes = parse_outcomes(doc["outcomes"])
    results = parse_results(raw, outcomes, doc["answers"])
    assert results_mod.missing_results(results, outcomes, doc["answers"]) == missing
    # what is missing is always among what `record` asks (one knowledge of the routes' results)
    from mobility_advisor.cli.record import questions

    assert set(missing) <= set(questions(doc["answers"], outcomes))


def test_nothing_awaited_without_outcomes_nor_certification():
    doc = answers_doc("men", outcomes=None, goals=("participation",))
    assert results_mod.result_keys(doc["answers"], ()) == []
    assert results_mod.missing_results(None, (), doc["answers"]) == []
    # every route's results are results of that route (or of any route)
    for route, keys in results_mod.ROUTE_RESULTS.items():
        assert all(results_mod.RESULT_KEYS[k][1] in (None, route) for k in keys)
