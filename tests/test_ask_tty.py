"""`mobility-advisor ask` end to end, in a real pseudo-terminal, as a referent would use it.

Each test answers by the labels shown on screen and then reads the pack it wrote.
"""

from __future__ import annotations

import subprocess
import time
import sys

import pytest

from wizard_driver import EN, FR, TODAY, Ask, confirm, official, profile, up_to_dates

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def sessions(tmp):
    """The unfinished sessions' files (see mobility_advisor.cli.sessions)."""
    folder = tmp / "state" / "mobility-advisor" / "sessions"
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def read(pack, name):
    return (pack / name).read_text(encoding="utf-8")


def test_participation_with_erasmus_fr(tmp_path):
    a = Ask(tmp_path, lang="fr")
    a.check(FR["goals"], "Attester")
    profile(a, FR)
    a.select("Voulez-vous délivrer une attestation de participation", "Oui")
    a.select("D'autres documents que vous délivrez", "Non")
    confirm(a, FR)
    assert a.finish() == 0
    pack = a.out
    assert {p.name for p in pack.iterdir() if p.name != ".mobility-advisor.json"} == {
        "index.md", "checklist.md", "attestation_participation.md", "learning_agreement.md",
        "learning_agreement_complement.md", "calendar.ics", "host_brief.md",
        "mobility_convention.md"}  # a French apprentice abroad: the convention's draft (issue 16)
    complement = read(pack, "learning_agreement_complement.md")
    # seed 000: signed by participant and host partner, dated on or after the last day
    assert "Léa Dupont" in complement and "Handwerkskammer Frankfurt (Oder)" in complement
    assert "26 mars 2027 ou après" in complement
    attestation = read(pack, "attestation_participation.md")
    assert "Bäckerei Schulz" in attestation and "Anna Schulz" in attestation
    # a German host: what the host signs is French and German, the host brief German (issue 15)
    assert "| Signataire / Unterzeichnende/r |" in attestation and "Signature et cachet / Unterschrift und Stempel" in complement
    assert read(pack, "host_brief.md").startswith("# Informationsblatt für den Gastbetrieb\n")
    checklist = read(pack, "checklist.md")
    assert "- [ ] " in checklist and "Pendant la mobilité" in checklist
    assert "Faites signer le complément au contrat pédagogique" in checklist


def test_learning_outcomes_europass_en_other_funding(tmp_path):
    a = Ask(tmp_path, "--host-lang", "none", lang="en")  # the English documents alone (bilingual: test_bilingual)
    a.check(EN["goals"], "Europass")
    profile(a, EN, funding="Other", apprentice=False, start="2027-04-12", end="2027-05-07")
    confirm(a, EN)
    assert a.finish() == 0
    pack = a.out
    # not Erasmus+: the step-by-step guide's pedagogical contract, without the Erasmus+ wording
    contract = (pack / "learning_agreement.md").read_text(encoding="utf-8")
    assert contract.startswith("# Learning agreement\n") and "Erasmus" not in contract.split("## Sources")[0]
    assert "learning_agreement_complement.md" not in {p.name for p in pack.iterdir()}
    sheet = read(pack, "europass_preparation.md")
    assert "Anna Schulz" in sheet and "Konditormeisterin" in sheet
    checklist = read(pack, "checklist.md")
    # without Erasmus+ the request goes to the National Europass Centre, before departure
    assert "National Europass Centre" in checklist
    assert "12 April 2027" in checklist


def test_men_bac_pro_germany_fr(tmp_path):
    a = Ask(tmp_path, lang="fr")
    a.check(FR["goals"], "certification")
    profile(a, FR)
    a.select("Quel certificateur", "ducation nationale")
    a.select("Quel diplôme professionnel", "(Bac pro)")
    a.select("Les compétences visées figurent-elles", "vérifié")
    confirm(a, FR)
    assert a.finish() == 0
    unit = read(a.out, "men_unit_file.md")
    assert "Mobilité Pro" in unit and "note supérieure ou égale à 10 sur 20" in unit
    index = read(a.out, "index.md")
    assert "DAREIC" in index  # the scope caveat says whom to ask
    assert "Destination hors UE, EEE et AELE" not in index  # Germany is in the EU


def test_cma_btm_en(tmp_path):
    a = Ask(tmp_path, lang="en")
    a.check(EN["goals"], "certification")
    profile(a, EN, country="France", name="Jules Martin")
    a.select("Which certifier", "CMA France")
    a.select("Which BTM", "pastry")
    a.select("What will the learner's written file focus on", "recipes")
    a.select("Are the targeted competences", "Yes")
    confirm(a, EN)
    assert a.finish() == 0
    btm = read(a.out, "btm_file.md")
    assert "TAC international" in btm and "Extra points awarded (3 at most, only if the BTM's exams are passed)" in btm and "Jules Martin" in btm
    assert "2025" in read(a.out, "index.md")  # the experiment's status is to be checked


def test_qbid_fr(tmp_path):
    a = Ask(tmp_path, lang="fr")
    a.check(FR["goals"], "certification")
    # a Catalan school sending its learner to France: qBID is offered to a Catalan sender only
    profile(a, FR, country="France", name="Núria Vidal", apprentice=False, sending_country="Catalogne",
            apprentice_q="formation professionnelle en alternance (FP dual)")
    a.select("Quel certificateur", "Catalogne")
    a.text("Nom du tuteur de l'école catalane", "Jordi Puig")
    a.text("Module professionnel (MP)", "")
    a.select("Les compétences visées figurent-elles", "sais pas")
    confirm(a, FR)
    assert a.finish() == 0
    sheet = read(a.out, "qbid_agreement.md")
    assert "Jordi Puig" in sheet and "Núria Vidal" in sheet
    index = read(a.out, "index.md")
    # 'I don't know' whether the standard allows it: ask the certifier first, and under qBID the
    # Catalan tutor's validation is the recognition
    assert "Vous ne savez pas encore si le référentiel" in index
    assert "aucune procédure de reconnaissance supplémentaire n'est nécessaire" in sheet


def test_several_entry_points_en(tmp_path):
    a = Ask(tmp_path, lang="en")
    a.check(EN["goals"], "participation", "Europass", "Build", "certification")
    profile(a, EN)
    a.select("Do you want to issue a certificate of participation", "Yes")
    a.select("Do other documents you already issue", "No")
    a.check("what will you prepare before departure", "initial assessment", "grid")
    a.check("What will you use for the learner's initial", "CV")
    a.check("Which assessment methods", "logbook", "jury")
    a.select("Will you test the competence before departure", "Yes")
    a.check("How will you record the results", "certificate")
    a.select("Which certifier", "Another certifier")
    a.select("Are the targeted competences", "No")
    confirm(a, EN)
    assert a.finish() == 0
    names = {p.name for p in a.out.iterdir() if p.name != ".mobility-advisor.json"}
    assert {"attestation_participation.md", "europass_preparation.md", "positioning_sheet.md",
            "evaluation_grid.md", "validation_record.md", "learning_agreement_complement.md"} <= names
    grid = read(a.out, "evaluation_grid.md")
    assert "logbook" in grid.lower() and "jury" in grid.lower()


def test_back_navigation_changes_an_answer(tmp_path):
    a = Ask(tmp_path, lang="fr")
    a.check(FR["goals"], "Europass")
    a.select(FR["sending_country"], "France")
    a.text(FR["name"], "Léa Dupont")
    a.text(FR["birth"], "<")  # back to the name, offered again
    a.wait(FR["name"])
    a.child.send("\x15Léa Martin\r")
    a.text(FR["birth"], "2005-04-02")
    a.text(FR["qualification"], "Bac pro Cuisine")
    a.select(FR["eqf"], "4")
    a.text(FR["sending"], "CFA de Tours")
    a.select(FR["apprentice"], "Retour")  # back from a list too
    a.text(FR["sending"], "\x15CFA de Blois")
    a.select(FR["apprentice"], "Non")
    a.text(FR["partner"], "Handwerkskammer Frankfurt (Oder)")
    a.text(FR["company"], "Bäckerei Schulz")
    a.text(FR["tutor"], "Anna Schulz")
    a.text(FR["function"], "Konditormeisterin")
    a.select(FR["country"], "Allemagne")
    a.text(FR["start"], "2027-03-01")
    a.text(FR["end"], "2027-03-26")
    a.select(FR["funding"], "Erasmus")
    official(a, FR)
    confirm(a, FR)
    assert a.finish() == 0
    index = read(a.out, "index.md")
    assert "Léa Martin" in index and "CFA de Blois" in index
    assert "Léa Dupont" not in index and "CFA de Tours" not in index


def test_bad_dates_are_refused_and_asked_again(tmp_path):
    a = Ask(tmp_path, lang="fr")
    a.check(FR["goals"], "Europass")
    up_to_dates(a, FR, apprentice=False, country="Allemagne")
    a.text(FR["start"], "2026-02-30")
    a.refused("n'existe pas dans le calendrier", "2027-03-01")
    a.text(FR["end"], "2027-02-01")
    a.refused("précède la date de début", "26/03/2027")
    a.select(FR["funding"], "Erasmus")
    official(a, FR)
    confirm(a, FR)
    assert a.finish() == 0
    assert "26 mars 2027" in read(a.out, "index.md")


def test_ctrl_c_writes_no_pack_and_resume_finishes(tmp_path):
    a = Ask(tmp_path, lang="en")
    a.check(EN["goals"], "Europass")
    a.select(EN["sending_country"], "France")
    a.text(EN["name"], "Léa Dupont")
    a.text(EN["birth"], "2005-04-02")
    a.text(EN["qualification"], "Bac pro Cuisine")
    a.select(EN["eqf"], "4")
    a.wait(EN["sending"])
    a.child.sendcontrol("c")
    assert a.finish() == 130
    assert "mobility-advisor ask --resume" in a.child.before
    assert not a.out.exists()
    (kept,) = sessions(tmp_path)
    assert "learner.name: Léa Dupont" in kept.read_text("utf-8")

    b = Ask(tmp_path, "--resume", lang="en")
    b.wait("Resuming with 6 answers")
    b.text(EN["sending"], "CFA de Tours")  # the walk goes on where it stopped
    b.select(EN["apprentice"], "No")
    b.text(EN["partner"], "HWK")
    b.text(EN["company"], "Bäckerei Schulz")
    b.text(EN["tutor"], "Anna Schulz")
    b.text(EN["function"], "Konditormeisterin")
    b.select(EN["country"], "Germany")
    b.text(EN["start"], "2027-03-01")
    b.text(EN["end"], "2027-03-26")
    b.select(EN["funding"], "Erasmus")
    official(b, EN)
    confirm(b, EN)
    assert b.finish() == 0
    assert "Léa Dupont" in read(b.out, "index.md")
    assert sessions(tmp_path) == []  # the session is over


def test_answers_file_replay_gives_the_same_pack(tmp_path):
    a = Ask(tmp_path, "--save-answers", str(tmp_path / "answers.yaml"), lang="fr")
    a.check(FR["goals"], "Attester", "certification")
    profile(a, FR)
    a.select("Voulez-vous délivrer une attestation de participation", "Oui")
    a.select("D'autres documents que vous délivrez", "Non")
    a.select("Quel certificateur", "ducation nationale")
    a.select("Quel diplôme professionnel", "CAP")
    a.select("Les compétences visées figurent-elles", "vérifié")
    confirm(a, FR)
    assert a.finish() == 0
    replay = tmp_path / "replay"
    r = subprocess.run([sys.executable, "-m", "mobility_advisor", "ask", "--answers", str(tmp_path / "answers.yaml"),
                        "-o", str(replay)], capture_output=True, text=True, env={**a.child.env},
                       stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r.stderr
    first = {p.name: p.read_text("utf-8") for p in a.out.iterdir()}
    second = {p.name: p.read_text("utf-8") for p in replay.iterdir()}  # the manifests too: same answers
    assert first == second and "men_unit_file.md" in first


def test_end_of_input_is_an_interruption_too(tmp_path):
    a = Ask(tmp_path, lang="fr")
    a.check(FR["goals"], "Europass")
    a.select(FR["sending_country"], "France")
    a.text(FR["name"], "Léa Dupont")
    a.text(FR["birth"], "")
    a.select(FR["minor"], "sais pas")
    a.wait(FR["qualification"])
    a.child.sendeof()  # Ctrl-D in a text field
    assert a.finish() == 130
    assert "mobility-advisor ask --resume" in a.child.before
    assert not a.out.exists()
    (path,) = sessions(tmp_path)
    kept = path.read_text("utf-8")
    assert kept.startswith("# Réponses mobility-advisor") and "learner.name: Léa Dupont" in kept


def test_change_an_answer_from_the_summary(tmp_path):
    a = Ask(tmp_path, lang="en")
    a.check(EN["goals"], "Europass")
    profile(a, EN, apprentice=False)
    a.select(EN["outcomes_menu"], EN["outcomes_done"])  # no outcome entered: blank rows stay
    a.wait("Your answers")  # the summary table comes before anything is written
    a.select(EN["confirm"], "Change an answer")
    a.select("Which answer do you want to change?", "Host company")
    a.text(EN["company"], "\x15Konditorei Weber")
    confirm(a, EN)
    assert a.finish() == 0
    index = read(a.out, "index.md")
    assert "Konditorei Weber" in index and "Bäckerei Schulz" not in index


def test_answers_are_saved_after_each_one_privately_and_resume_in_the_session_language(tmp_path):
    a = Ask(tmp_path, lang="en")
    a.check(EN["goals"], "Europass")
    a.select(EN["sending_country"], "France")
    a.text(EN["name"], "Léa Dupont")
    a.wait(EN["birth"])
    # saved already, before any Ctrl-C: a crash or a closed terminal loses nothing typed
    deadline = time.time() + 10
    while not sessions(tmp_path) or "Léa Dupont" not in sessions(tmp_path)[0].read_text("utf-8"):
        assert time.time() < deadline, "the answer was not saved"
        time.sleep(0.1)
    (path,) = sessions(tmp_path)
    assert path.stat().st_mode & 0o777 == 0o600 and path.parent.stat().st_mode & 0o777 == 0o700
    a.child.terminate(force=True)  # killed: no chance to save anything at the end
    a.child.close()

    b = Ask(tmp_path, "--resume", lang=None)  # no --lang, locale C (French): the session was English
    b.wait("Resuming with 3 answers")
    b.text(EN["birth"], "2005-04-02")
    b.child.sendcontrol("c")
    assert b.finish() == 130
    assert [p.name for p in sessions(tmp_path)] == [path.name]  # the same session, not a second one


def test_a_new_session_never_overwrites_another_and_resume_asks_which(tmp_path):
    a = Ask(tmp_path, lang="en")
    a.check(EN["goals"], "Europass")
    a.select(EN["sending_country"], "France")
    a.text(EN["name"], "Léa Dupont")
    a.wait(EN["birth"])
    a.child.sendcontrol("c")
    assert a.finish() == 130
    time.sleep(1.1)  # another second: another session file name even from the same pid range
    b = Ask(tmp_path, lang="en")
    b.wait("1 unfinished session kept")
    b.check(EN["goals"], "Europass")
    b.select(EN["sending_country"], "France")
    b.text(EN["name"], "Marc Petit")
    b.wait(EN["birth"])
    b.child.sendcontrol("c")
    assert b.finish() == 130
    kept = [p.read_text("utf-8") for p in sessions(tmp_path)]
    assert len(kept) == 2 and any("Léa Dupont" in k for k in kept) and any("Marc Petit" in k for k in kept)

    c = Ask(tmp_path, "--resume", lang="en")
    c.select("Which session do you want to resume?", "Dupont")
    c.wait("Resuming with 3 answers")
    c.text(EN["birth"], "2005-04-02")
    c.text(EN["qualification"], "Bac pro Cuisine")
    c.select(EN["eqf"], "4")
    c.text(EN["sending"], "CFA de Tours")
    c.select(EN["apprentice"], "No")
    c.text(EN["partner"], "HWK")
    c.text(EN["company"], "Bäckerei Schulz")
    c.text(EN["tutor"], "Anna Schulz")
    c.text(EN["function"], "Konditormeisterin")
    c.select(EN["country"], "Germany")
    c.text(EN["start"], "2027-03-01")
    c.text(EN["end"], "2027-03-26")
    c.select(EN["funding"], "Erasmus")
    official(c, EN)
    confirm(c, EN)
    assert c.finish() == 0
    assert "Léa Dupont" in read(c.out, "index.md")
    (left,) = sessions(tmp_path)  # Marc's session is still there
    assert "Marc Petit" in left.read_text("utf-8")


def test_an_existing_folder_after_the_summary_keeps_the_answers(tmp_path):
    a = Ask(tmp_path, lang="en")
    a.check(EN["goals"], "Europass")
    (tmp_path / "pack").mkdir()  # made while the questions are asked (one there already is refused first)
    (tmp_path / "pack" / "mine.txt").write_text("keep", encoding="utf-8")
    profile(a, EN, apprentice=False, country="Germany")
    confirm(a, EN)
    assert a.finish() == 1
    assert "already exists" in a.child.before and "mobility-advisor ask --resume" in a.child.before
    (path,) = sessions(tmp_path)
    assert "Bäckerei Schulz" in path.read_text("utf-8") and str(path) in a.child.before.replace("\r\n", "")
    assert (tmp_path / "pack" / "mine.txt").read_text("utf-8") == "keep"
