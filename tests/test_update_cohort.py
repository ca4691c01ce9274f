"""`mobility-advisor update COHORT_FOLDER`: every learner's pack made again after a rule change,
ticks and hand edits kept, files the referent added left alone, and the cohort summary rebuilt."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from mobility_advisor.pack import manifest

from test_cohort_record import as_format_2
from test_status import tick
from test_update import NEW, NEW_MD, OLD, invoke, new_rules  # noqa: F401  (new_rules is a fixture)

COMMON = """\
version: 1
lang: fr
answers:
  goals: [participation, certification]
  learner.qualification: Bac pro Boulanger-pâtissier
  org.sending: CFA des métiers de Tours
  learner.apprentice: false
  org.host_partner: Handwerkskammer Frankfurt (Oder)
  destination.country: de
  mobility.funding: erasmus
  participation.attestation: true
  participation.other_evidence: false
  certification.certifier: men
  men.diploma: bac_pro
  certification.in_framework: "yes"
"""
LEARNERS = ("\ufefflearner.name;mobility.start;mobility.end;org.host_company;tutor.name;tutor.function\r\n"
            "Léa Dupont;01/03/2027;26/03/2027;Bäckerei Schulz;Anna Schulz;Konditormeisterin\r\n"
            "Karim Benali;08/03/2027;02/04/2027;Konditorei Weber;Jens Weber;Bäckermeister\r\n"
            "Sans Date;;;Bäckerei Schulz;Anna Schulz;Konditormeisterin\r\n")


@pytest.fixture()
def cohort(tmp_path, monkeypatch) -> Path:
    """A cohort of two packs written from a learner list with one refused row (--keep-going)."""
    (tmp_path / "commun.yaml").write_text(COMMON, encoding="utf-8")
    (tmp_path / "groupe-mars.csv").write_text(LEARNERS, encoding="utf-8", newline="")
    r = invoke(tmp_path, monkeypatch, "cohort", "--answers", "commun.yaml", "--learners", "groupe-mars.csv",
               "-o", "mars", "--keep-going")
    assert r.exit_code == 1, r.output  # one bad row, the others written
    return tmp_path / "mars"


def _packs(folder: Path) -> dict[str, Path]:
    """The learners' pack folders by learner name (from each pack's index.md title)."""
    found = {}
    for p in sorted(folder.iterdir()):
        if p.is_dir() and (p / "index.md").is_file():
            found["Léa" if "lea-dupont" in p.name else "Karim"] = p
    return found


def _summary_rows(folder: Path) -> list[dict[str, str]]:
    raw = (folder / "cohort-summary.csv").read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(raw, newline=""), delimiter=";"))


@pytest.mark.parametrize("record", ["format 3", "format 2"])
def test_update_a_cohort_after_a_rule_change(tmp_path, monkeypatch, cohort, new_rules, record):
    """`format 2`: the cohort as the previous version wrote it (everything in the cohort's record)."""
    if record == "format 2":
        as_format_2(cohort)
    packs = _packs(cohort)
    assert set(packs) == {"Léa", "Karim"}
    tick(packs["Léa"], "Vérifiez et rassemblez les pièces", "Rédigez et remettez")
    edited = packs["Karim"] / "learning_agreement.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nNote : signé par la famille le 3 février.\n",
                      encoding="utf-8")
    (packs["Léa"] / "convention-signee.pdf").write_bytes(b"%PDF-1.4 the referent's scan")
    (cohort / "notes-réunion.md").write_text("Réunion des familles le 12 février\n", encoding="utf-8")

    # --dry-run: the changes learner by learner, nothing written
    before = {p: p.read_bytes() for p in cohort.rglob("*") if p.is_file()}
    r = invoke(tmp_path, monkeypatch, "update", "--dry-run", "mars", today="2026-12-01")
    assert r.exit_code == 0, r.output
    assert "mars : cohorte de 2 apprenants." in r.output
    for p in packs.values():
        assert f"mars/{p.name} : 1 changement dans les conseils" in r.output
    assert r.output.count("~ Nouvelle formulation (action) [guide.before.practical_info] : " + NEW) == 2
    assert "2 cases cochées reportées" in r.output and "simulation : rien n'a été écrit" in r.output
    assert {p: p.read_bytes() for p in cohort.rglob("*") if p.is_file()} == before

    r = invoke(tmp_path, monkeypatch, "update", "mars", today="2026-12-01")
    assert r.exit_code == 0, r.output
    assert r.output.count("Ancienne : " + OLD) == 2
    assert "Cohorte mise à jour : mars (2 dossiers ; synthèse refaite : mars/cohort-summary.md)" in r.output
    assert "learning_agreement.new.md" in r.output  # Karim's edited agreement kept, said

    lea = (packs["Léa"] / "checklist.md").read_text(encoding="utf-8")
    assert "- [x] " + NEW_MD in lea and "- [x] Vérifiez et rassemblez les pièces" in lea
    assert lea.count("- [x] ") == 2 and not (packs["Léa"] / "checklist.new.md").exists()
    karim = (packs["Karim"] / "checklist.md").read_text(encoding="utf-8")
    assert "- [ ] " + NEW_MD in karim and "- [x] " not in karim
    assert "signé par la famille" in edited.read_text(encoding="utf-8")
    beside = (packs["Karim"] / "learning_agreement.new.md").read_text(encoding="utf-8")
    assert "Karim Benali" in beside and "signé par la famille" not in beside
    assert (packs["Léa"] / "convention-signee.pdf").read_bytes() == b"%PDF-1.4 the referent's scan"
    assert (cohort / "notes-réunion.md").is_file()

    # the summary is made again: same learner list and common file, the refused row, today's date
    summary = (cohort / "cohort-summary.md").read_text(encoding="utf-8")
    assert "groupe-mars.csv" in summary and "commun.yaml" in summary and "1er décembre 2026" in summary
    assert "2 dossiers écrits, 1 ligne refusée." in summary
    assert "ligne 4 (Sans Date)" in summary
    rows = _summary_rows(cohort)
    assert [(r["Ligne"], r["Apprenant"], r["Statut"]) for r in rows] == [
        ("2", "Léa Dupont", "dossier écrit"), ("3", "Karim Benali", "dossier écrit"), ("4", "Sans Date", "ligne refusée")]

    doc = json.loads((cohort / manifest.FILE_NAME).read_text(encoding="utf-8"))
    assert doc["made"] == "2026-12-01" and doc["cohort"]["learners"] == "groupe-mars.csv" and doc["format"] == 3
    for p in packs.values():  # each learner's own record carries its new advice
        own = json.loads((p / manifest.FILE_NAME).read_text(encoding="utf-8"))
        assert any(i["text"].startswith(NEW) for i in own["items"]) and own["made"] == "2026-12-01"

    # status reads the updated cohort: Léa's ticks still count
    r = invoke(tmp_path, monkeypatch, "status", "mars", "--format", "json", today="2027-02-22")
    done = {m["learner"]: m["done"] for m in json.loads(r.output)["mobilities"]}
    assert done == {"Léa Dupont": 2, "Karim Benali": 0}

    # a second update with one more tick: nothing changed, ticks are not edits
    tick(packs["Léa"], "Organisez l'accueil")
    r = invoke(tmp_path, monkeypatch, "update", "mars")
    assert r.exit_code == 0 and r.output.count("aucun changement dans les conseils") == 2
    assert "3 cases cochées reportées" in r.output
    assert not (packs["Léa"] / "checklist.new.md").exists()


def test_a_cohort_written_before_update_knew_cohorts_is_refused_clearly(tmp_path, monkeypatch, cohort):
    as_format_2(cohort)  # the version before `update` knew cohorts wrote format 2
    record = cohort / manifest.FILE_NAME
    doc = json.loads(record.read_text(encoding="utf-8"))
    del doc["cohort"]  # as a cohort written before the manifest kept the summary's facts
    for entry in doc["packs"].values():
        del entry["line"], entry["notes"]
    record.write_text(json.dumps(doc), encoding="utf-8")
    before = {p: p.read_bytes() for p in cohort.rglob("*") if p.is_file()}
    r = invoke(tmp_path, monkeypatch, "update", "mars")
    assert r.exit_code == 1
    assert "mars : dossier de cohorte écrit par la version" in r.output
    assert "mobility-advisor cohort --force" in r.output and "dossier laissé tel quel" in r.output
    assert "Traceback" not in r.output
    assert {p: p.read_bytes() for p in cohort.rglob("*") if p.is_file()} == before


def test_a_learner_whose_answers_no_longer_fit_leaves_the_whole_cohort_as_it_is(tmp_path, monkeypatch, cohort):
    name = next(p.name for p in cohort.iterdir() if "karim" in p.name)
    record = cohort / name / manifest.FILE_NAME  # the learner's own record
    doc = json.loads(record.read_text(encoding="utf-8"))
    doc["answers"]["answers"]["mobility.funding"] = "regional_grant"  # not a choice any more
    record.write_text(json.dumps(doc), encoding="utf-8")
    before = {p: p.read_bytes() for p in cohort.rglob("*") if p.is_file()}
    r = invoke(tmp_path, monkeypatch, "update", "mars")
    assert r.exit_code == 2
    assert f"mars/{name} : les règles actuelles demandent d'autres réponses" in r.output
    assert "mars : 1 dossier d'apprenant ne peut pas être refait : cohorte laissée telle quelle." in r.output
    assert {p: p.read_bytes() for p in cohort.rglob("*") if p.is_file()} == before


def test_a_cohort_in_docx_gets_new_docx_files(tmp_path, monkeypatch, request):
    import docx

    (tmp_path / "commun.yaml").write_text(COMMON, encoding="utf-8")
    (tmp_path / "groupe.csv").write_text("\n".join(LEARNERS.splitlines()[:3]) + "\n", encoding="utf-8")
    r = invoke(tmp_path, monkeypatch, "cohort", "--answers", "commun.yaml", "--learners", "groupe.csv",
               "-o", "mars", "--format", "md,docx")
    assert r.exit_code == 0, r.output
    request.getfixturevalue("new_rules")  # the rule changes after the cohort was written
    r = invoke(tmp_path, monkeypatch, "update", "mars")
    assert r.exit_code == 0, r.output
    assert r.output.count("1 changement dans les conseils") == 2
    for pack in _packs(tmp_path / "mars").values():
        text = "\n".join(p.text for p in docx.Document(str(pack / "checklist.docx")).paragraphs)
        assert NEW_MD in text and OLD not in text.replace("\u00a0", " ")
