"""`mobility-advisor status`: where each mobility stands on a fixed day, read back from the packs."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mobility_advisor.pack import manifest

from conftest import ROOT
import clirun

ANSWERS = """\
version: 1
lang: {lang}
answers:
  goals: [participation, certification]
  learner.name: {name}
  learner.qualification: Bac pro Boulanger-pâtissier
  org.sending: CFA des métiers de Tours
  learner.apprentice: false
  org.host_partner: Handwerkskammer Frankfurt (Oder)
  org.host_company: Bäckerei Schulz
  tutor.name: Anna Schulz
  tutor.function: Konditormeisterin
  destination.country: de
  mobility.start: {start}
  mobility.end: {end}
  mobility.funding: erasmus
  participation.attestation: true
  participation.other_evidence: false
  certification.certifier: men
  men.diploma: bac_pro
  certification.in_framework: "yes"
"""
MONDAY = "2027-02-22"


def run(tmp: Path, *args: str, today: str = MONDAY, lang: str = "fr") -> subprocess.CompletedProcess:
    return clirun.run(tmp, *args, today=today, lang=lang, timeout=120)


def make_pack(tmp: Path, folder: str, name: str, start: str, end: str, lang: str = "fr", extra: str = "") -> Path:
    """A pack rendered from ANSWERS; `extra`: more top-level YAML (an `outcomes:` or `results:` section)."""
    a = tmp / f"{folder}.yaml"
    a.write_text(ANSWERS.format(name=name, start=start, end=end, lang=lang) + extra, encoding="utf-8")
    # results are recorded once known: a pack that holds some is rendered after their date (#28 item 5)
    r = run(tmp, "render", "--answers", str(a), "-o", folder, today="2027-02-01" if "results:" in extra else "2026-11-24")
    assert r.returncode == 0, r.stderr
    return tmp / folder


def tick(pack: Path, *starts: str) -> None:
    """Tick the boxes whose text starts with one of `starts` (as a referent does in an editor)."""
    lines = (pack / "checklist.md").read_text(encoding="utf-8").split("\n")
    for n, line in enumerate(lines):
        if line.startswith("- [ ] ") and (not starts or any(line[6:].startswith(s) for s in starts)):
            lines[n] = "- [x] " + line[6:]
    (pack / "checklist.md").write_text("\n".join(lines), encoding="utf-8")


@pytest.fixture()
def season(tmp_path):
    """Three packs on Monday 22 February 2027: one before its start, one under way and late, one ended."""
    soon = make_pack(tmp_path, "soon", "Léa Dupont", "2027-03-01", "2027-03-26")
    late = make_pack(tmp_path, "late", "Karim Benali", "2027-02-08", "2027-03-05")
    ended = make_pack(tmp_path, "ended", "Inès Moreau", "2027-01-04", "2027-01-29")
    tick(late, "Vérifiez et rassemblez les pièces")  # done: not overdue any more
    # everything up to the end of the stay, but not the complement (signed at the end, issued after)
    tick(ended, "Vérifiez", "Rédigez", "Organisez", "Informez", "Établissez", "Assurez", "Faites signer l'attestation",
         "Faites signer le contrat", "Planifiez l'évaluation", "Recueillez", "Demandez", "Envoyez")
    return tmp_path


def by_learner(doc) -> dict:
    return {m["learner"]: m for m in doc["mobilities"]}


def texts(actions) -> list[str]:
    return [a["text"] for a in actions]


def test_three_packs_in_json(season):
    r = run(season, "status", "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["today"] == MONDAY
    m = by_learner(doc)
    assert {k: v["phase"] for k, v in m.items()} == {"Léa Dupont": "before", "Karim Benali": "during",
                                                      "Inès Moreau": "after"}
    soon, late, ended = m["Léa Dupont"], m["Karim Benali"], m["Inès Moreau"]
    # before the start: the learning agreement is due on departure day, a week away: next, not late
    assert "Contrat pédagogique Erasmus+" in texts(soon["next"])
    assert soon["overdue"] == [] and soon["done"] == 0
    assert {"Contrat pédagogique Erasmus+", "Attestation de participation"} <= set(texts(soon["to_sign"]))
    dues = [a["due"] for a in soon["to_sign"]]
    assert [d for d in dues if d] == sorted(d for d in dues if d) and dues[:len([d for d in dues if d])] == [
        d for d in dues if d], "documents to sign by date, undated last"
    # under way: what was due before the departure is late, except what was ticked
    late_texts = texts(late["overdue"])
    assert any(t.startswith("Rédigez et remettez aux participants") for t in late_texts)
    assert not any(t.startswith("Vérifiez et rassemblez les pièces") for t in late_texts)
    assert late["done"] == 1 and all(a["due"] < MONDAY for a in late["overdue"])
    assert any(a["due"] >= MONDAY for a in late["next"])  # the follow-up during the stay
    # ended: the steps after the stay are due now; what was ticked is not listed
    after = texts(ended["next"])
    assert any(t.startswith("Rassemblez les documents d'évaluation") for t in after)
    assert "Complément au contrat pédagogique" in after
    assert ended["overdue"] == []
    assert not any(t.startswith("Planifiez l'évaluation") for t in after)
    # and no result is recorded in its answers: the MEN route's are all missing
    assert [a["id"] for a in ended["results_missing"]] == ["assessed_on", "men.mark", "diploma_passed"]
    assert {a["kind"] for a in ended["results_missing"]} == {"result"}
    assert "résultat du diplôme (diploma_passed)" in texts(ended["results_missing"])
    # before the end nothing is awaited, even with no result recorded
    assert soon["results_missing"] == [] and late["results_missing"] == []


def test_all_ticked_after_the_end_is_done_and_text_output(season):
    shutil.rmtree(season / "ended")  # made again, from answers whose results are recorded
    make_pack(season, "ended", "Inès Moreau", "2027-01-04", "2027-01-29",
              extra="results:\n  assessed_on: 2027-02-01\n  men.mark: 14\n  diploma_passed: true\n")
    tick(season / "ended")  # every box, and every result recorded
    r = run(season, "status", "soon", "late", "ended")
    assert r.returncode == 0, r.stderr
    blocks = r.stdout.split("\n\n")
    ended = next(b for b in blocks if b.startswith("Inès Moreau"))
    assert "· terminée ·" in ended and "Résultats manquants" not in ended
    late = next(b for b in blocks if b.startswith("Karim Benali"))
    assert "· pendant ·" in late and "En retard : 2027-02-08 Rédigez et remettez aux participants" in late
    soon = next(b for b in blocks if b.startswith("Léa Dupont"))
    assert "À venir : 2027-03-01 Contrat pédagogique Erasmus+" in soon and "À signer" in soon


def test_csv_and_english(season):
    r = run(season, "status", "--format", "csv", "--lang", "en", lang="en")
    rows = list(csv.reader(io.StringIO(r.stdout), delimiter=";"))
    assert rows[0][:5] == ["Pack", "Learner", "Start", "End", "Phase"]
    phases = {row[1]: row[4] for row in rows[1:]}
    assert phases == {"Léa Dupont": "before", "Karim Benali": "during", "Inès Moreau": "after"}


def test_a_cohort_folder_and_one_calendar(season):
    from icalendar import Calendar

    r = run(season, "cohort", "--answers", str(ROOT / "tests/data/cohort-common.yaml"), "--learners",
            str(ROOT / "tests/data/cohort-learners.csv"), "-o", "group", today="2026-11-24")
    assert r.returncode == 0, r.stderr
    r = run(season, "status", "--format", "json", "--ics", "season.ics")
    assert r.returncode == 0, r.stderr
    learners = [m["learner"] for m in json.loads(r.stdout)["mobilities"]]
    assert len(learners) == 3 + 3 and learners.count("Léa Dupont") == 2
    cal = Calendar.from_ical((season / "season.ics").read_bytes())
    events = [e for e in cal.walk("VEVENT")]
    stays = [e for e in events if str(e["SUMMARY"]).startswith(("Mobilité de ", "Mobilité d'"))]
    assert len(stays) == 6
    karim = next(e for e in stays if "Karim Benali" in str(e["SUMMARY"]) and "2027-02-08" not in str(e["SUMMARY"])
                 and e["DTSTART"].dt.isoformat() == "2027-02-08")
    assert karim["DTEND"].dt.isoformat() == "2027-03-06"  # the whole stay, one event
    days = [e["DTSTART"].dt for e in events if e.walk("VALARM")]
    assert days and len(days) == len(set(days))  # one reminder per day, listing that day's actions
    first = next(e for e in events if e.walk("VALARM") and e["DTSTART"].dt.isoformat() == "2027-02-28")
    assert re.match(r"\d+ actions?\u00a0: \w", str(first["SUMMARY"])) and "……" not in str(first["SUMMARY"])
    assert "Léa Dupont" in str(first["DESCRIPTION"]) and "Contrat pédagogique Erasmus+" in str(first["DESCRIPTION"])
    # French typography as in the packs: no plain space before : ; ? ! (a no-break one)
    texts = [str(e[k]) for e in events for k in ("SUMMARY", "DESCRIPTION")]
    texts += [str(a["DESCRIPTION"]) for e in events for a in e.walk("VALARM")]
    assert not [t for t in texts if re.search(r" [;:?!»]|« ", t)]


def test_corrupt_manifest_and_older_pack_are_said_and_others_shown(season):
    (season / "soon" / manifest.FILE_NAME).write_text("{not json", encoding="utf-8")
    doc = json.loads((season / "late" / manifest.FILE_NAME).read_text(encoding="utf-8"))
    doc["format"], doc["version"] = 1, "0.1.0"
    del doc["items"]
    (season / "late" / manifest.FILE_NAME).write_text(json.dumps(doc), encoding="utf-8")
    r = run(season, "status", "--format", "json")
    assert r.returncode == 1
    assert [m["learner"] for m in json.loads(r.stdout)["mobilities"]] == ["Inès Moreau"]
    assert "soon : fichier de suivi du dossier illisible (not valid JSON)" in r.stderr
    assert "late : dossier écrit par une version antérieure de mobility-advisor (0.1.0)" in r.stderr
    assert "mobility-advisor update late" in r.stderr


def test_no_pack_and_no_path(tmp_path):
    (tmp_path / "empty").mkdir()
    r = run(tmp_path, "status", "empty")
    assert r.returncode == 1 and "aucun dossier de mobilité trouvé" in r.stderr
    r = run(tmp_path, "status", "nowhere", lang="en")
    assert r.returncode == 2 and "nowhere: no such file or folder" in r.stderr


def test_ticks_are_read_by_rule_id_when_the_line_carries_one():
    from mobility_advisor.season.ticks import ticked

    items = [{"id": "a.one", "kind": "step", "text": "Do the first thing."},
             {"id": "a.two", "kind": "step", "text": "Do the *second* thing."}]
    text = ("- [x] Reworded by the rules' authors <!-- a.one -->\n"
            "- [X] Do the \\*second\\* thing. Due: before 1 March. (Source: 000)\n"
            "- [ ] Do the first thing.\n")
    assert ticked(items, text) == {"a.one", "a.two"}


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_a_table_on_a_terminal(season):
    import pexpect

    env = {**os.environ, "MOBILITY_ADVISOR_TODAY": MONDAY, "PYTHONPATH": str(ROOT), "LANG": "fr_FR.UTF-8",
           "TERM": "xterm-256color", "COLUMNS": "160"}
    env.pop("LC_ALL", None)
    child = pexpect.spawn(sys.executable, ["-m", "mobility_advisor", "status"], cwd=str(season), env=env,
                          encoding="utf-8", dimensions=(80, 160), timeout=30)
    child.expect(pexpect.EOF)
    screen = child.before
    child.close()
    assert child.exitstatus == 0
    assert "Où en sont les mobilités au 2027-02-22" in screen
    for word in ("Apprenant", "En retard", "À signer", "Karim Benali", "Inès Moreau", "─"):
        assert word in screen


@pytest.mark.parametrize("change", [
    lambda d: d.update(items="not a list"),
    lambda d: d["items"].append({"id": 3, "kind": "step", "text": "x"}),
    lambda d: d["items"][0].update(due=20270301),
    lambda d: d.update(format=99),
    lambda d: d.update(tool="another-tool"),
])
def test_tampered_manifests_are_said_not_tracebacks(tmp_path, change):
    pack = make_pack(tmp_path, "pack", "Léa Dupont", "2027-03-01", "2027-03-26")
    doc = json.loads((pack / manifest.FILE_NAME).read_text(encoding="utf-8"))
    change(doc)
    (pack / manifest.FILE_NAME).write_text(json.dumps(doc), encoding="utf-8")
    r = run(tmp_path, "status", "pack", "--lang", "en", lang="en")
    assert r.returncode == 1
    assert "pack: the pack's record file cannot be read (" in r.stderr and "this pack is left out" in r.stderr


RECORDED = "results:\n  assessed_on: 2027-02-01\n  men.mark: 14\n  diploma_passed: true\n"
MARK_ONLY = "results:\n  assessed_on: 2027-02-01\n  men.mark: 12.5\n"


def test_results_recorded_in_the_answers_are_read_after_the_end(tmp_path):
    """The results missing are those the pack's answers do not record, not unticked boxes."""
    make_pack(tmp_path, "recorded", "Inès Moreau", "2027-01-04", "2027-01-29", extra=RECORDED)
    make_pack(tmp_path, "mark", "Hugo Petit", "2027-01-04", "2027-01-29", extra=MARK_ONLY)
    make_pack(tmp_path, "going", "Léa Dupont", "2027-02-15", "2027-03-12", extra=MARK_ONLY)
    r = run(tmp_path, "status", "--format", "json")
    assert r.returncode == 0, r.stderr
    m = by_learner(json.loads(r.stdout))
    assert m["Inès Moreau"]["results_missing"] == []
    assert [a["id"] for a in m["Hugo Petit"]["results_missing"]] == ["diploma_passed"]
    assert m["Léa Dupont"]["results_missing"] == []  # under way: nothing is awaited yet
    assert m["Hugo Petit"]["phase"] == "after"
    # in French text: the one result still to record, in words and by its key
    r = run(tmp_path, "status", "recorded", "mark")
    blocks = {b.split(" · ")[0]: b for b in r.stdout.split("\n\n") if " · " in b}
    assert "Résultats manquants : résultat du diplôme (diploma_passed)" in blocks["Hugo Petit"]
    assert "Résultats manquants" not in blocks["Inès Moreau"]
    # in English CSV: the last column
    r = run(tmp_path, "status", "--format", "csv", "--lang", "en", lang="en")
    rows = {row[1]: row for row in csv.reader(io.StringIO(r.stdout), delimiter=";")}
    assert rows["Learner"][9] == "Results missing"
    assert rows["Hugo Petit"][9] == "qualification result (diploma_passed)"  # in the user's language (#28)
    assert rows["Inès Moreau"][9] == "" and rows["Léa Dupont"][9] == ""
    make_pack(tmp_path, "english", "Tom Baker", "2027-01-04", "2027-01-29", lang="en", extra=MARK_ONLY)
    r = run(tmp_path, "status", "english", "--format", "csv", "--lang", "en", lang="en")
    rows = {row[1]: row for row in csv.reader(io.StringIO(r.stdout), delimiter=";")}
    assert rows["Tom Baker"][9] == "qualification result (diploma_passed)"


def test_results_per_learning_outcome_and_in_english(monkeypatch):
    from datetime import date

    monkeypatch.setenv("MOBILITY_ADVISOR_TODAY", "2027-02-22")  # results dated after today are refused

    from mobility_advisor.season.status import assess

    doc = {"version": 1, "lang": "en",
           "answers": {"goals": ["participation"], "learner.name": "Tom", "mobility.start": "2027-01-04",
                       "mobility.end": "2027-01-29"},
           "outcomes": [{"reference": "EX-1", "text": "Make puff pastry following the company's sheet"},
                        {"text": "Present a product to a customer"}],
           "results": {"outcomes": {"EX-1": "achieved"}}}
    m = assess("p", doc, [], "en", set(), date(2027, 2, 22))
    assert [(a.id, a.text) for a in m.results_missing] == [
        ("assessed_on", "date of the assessment (assessed_on)"),
        ("outcomes.2", "result of outcome 2: Present a product to a customer (outcomes)")]
    assert m.phase == "after"
    doc["results"] = {"assessed_on": "2027-02-01", "outcomes": {"EX-1": "achieved", "2": "partial"}}
    m = assess("p", doc, [], "en", set(), date(2027, 2, 22))
    assert m.results_missing == [] and m.phase == "done"
    assert assess("p", doc | {"results": None}, [], "en", set(), date(2027, 1, 20)).results_missing == []


def test_results_that_do_not_check_in_a_manifest_are_said(tmp_path):
    pack = make_pack(tmp_path, "pack", "Inès Moreau", "2027-01-04", "2027-01-29", extra=RECORDED)
    doc = json.loads((pack / manifest.FILE_NAME).read_text(encoding="utf-8"))
    doc["answers"]["results"]["men.mark"] = 35
    (pack / manifest.FILE_NAME).write_text(json.dumps(doc), encoding="utf-8")
    r = run(tmp_path, "status", "pack", "--lang", "en", lang="en")
    assert r.returncode == 1
    assert "pack: the pack's record file cannot be read ('men.mark' is 35" in r.stderr


def test_ics_onto_a_folder_names_the_ics_option(season):
    r = run(season, "status", "--ics", str(season))
    assert r.returncode == 2 and r.stderr.rstrip().endswith("avec --ics"), r.stderr
    assert "Traceback" not in r.stderr
