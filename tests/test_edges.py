"""The edges of "Your files are safe" (issue #23): links, hand-edited records, odd files, hostile
text. Each test runs the command as a user would (a subprocess), and checks that what lies outside
the pack is unchanged byte for byte, the exit code, the message in the user's language, and that
no traceback is shown."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from test_status import ANSWERS
import clirun

DATA = ROOT / "tests" / "data"


def run(*args: str, cwd: Path, lang: str = "fr", timeout: int = 120) -> subprocess.CompletedProcess:
    """`mobility-advisor ARGS` in `cwd`, in `lang`, with no profile nor session of the machine's user."""
    return clirun.run(cwd, *args, lang=lang, timeout=timeout)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (links not followed), with its bytes: to compare before and after."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def edit_record(pack: Path, **files: bytes) -> None:
    """The pack's record file, edited by hand to claim `files` (name: content) as the tool's."""
    path = pack / ".mobility-advisor.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["files"].update({name: sha(content) for name, content in files.items()})
    path.write_text(json.dumps(doc), encoding="utf-8")


@pytest.fixture()
def pack(tmp_path) -> Path:
    a = tmp_path / "a.yaml"
    a.write_text(ANSWERS.format(name="Léa Dupont", start="2027-03-01", end="2027-03-26", lang="fr"), encoding="utf-8")
    r = run("render", "--answers", "a.yaml", "-o", "pack", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    return tmp_path / "pack"


# --- 1. a link inside a pack is never followed out of it -------------------------------------


@pytest.fixture()
def linked_scans(tmp_path, pack) -> Path:
    """`pack/scans` a link to a folder elsewhere, and the record naming `scans/victim.txt` (with its
    true fingerprint: the tool cannot tell it from its own file but by the link)."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "victim.txt").write_bytes(b"signed scan\n")
    (pack / "scans").symlink_to(outside, target_is_directory=True)
    edit_record(pack, **{"scans/victim.txt": b"signed scan\n"})
    return outside


@pytest.mark.parametrize("command", [("update", "pack"), ("render", "--answers", "a.yaml", "-o", "pack", "--force")])
def test_a_linked_folder_in_a_pack_is_left_alone_and_said(tmp_path, pack, linked_scans, command):
    before = snapshot(linked_scans)
    r = run(*command, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert snapshot(linked_scans) == before
    assert "Laissé tel quel : scans est un lien symbolique" in r.stdout
    assert (pack / "scans").is_symlink()


def test_update_dry_run_says_the_link_and_writes_nothing(tmp_path, pack, linked_scans):
    before, pack_before = snapshot(linked_scans), snapshot(pack)
    r = run("update", "--dry-run", "pack", cwd=tmp_path, lang="en")
    assert r.returncode == 0, r.stderr
    assert "Left as it is: scans is a symbolic link" in r.stdout
    assert snapshot(linked_scans) == before and snapshot(pack) == pack_before


# --- 2. a learner's folder moved to archive/ and left as a link in the cohort folder ----------


@pytest.fixture()
def archived(tmp_path) -> tuple[Path, Path, str]:
    """A cohort of three whose second learner's folder was moved to archive/ and linked back."""
    r = run("cohort", "--answers", str(DATA / "cohort-common.yaml"), "--learners", str(DATA / "cohort-learners.csv"),
            "-o", "cohort", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    name = "pack-karim-benali-2027-03-01"
    archive = tmp_path / "archive"
    archive.mkdir()
    (tmp_path / "cohort" / name).rename(archive / name)
    (tmp_path / "cohort" / name).symlink_to(archive / name, target_is_directory=True)
    return tmp_path / "cohort", archive, name


@pytest.mark.parametrize("keep", [True, False], ids=["learner-kept", "learner-dropped"])
def test_cohort_force_leaves_a_linked_learner_folder_alone(tmp_path, archived, keep):
    cohort, archive, name = archived
    learners = DATA / "cohort-learners.csv"
    if not keep:
        lines = learners.read_text(encoding="utf-8-sig").splitlines()
        learners = tmp_path / "without-karim.csv"
        learners.write_text("\n".join(l for l in lines if "Karim" not in l) + "\n", encoding="utf-8")
    before = snapshot(archive)
    assert len(before) == 9  # the eight files of the learner's pack and its own record (.mobility-advisor.json)
    r = run("cohort", "--force", "--answers", str(DATA / "cohort-common.yaml"), "--learners", str(learners),
            "-o", "cohort", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert snapshot(archive) == before
    assert f"Laissé tel quel : {name} est un lien symbolique" in r.stdout
    assert "2 dossiers écrits" in r.stdout  # the linked learner's pack was not written
    assert (cohort / name).is_symlink()


def test_update_of_a_cohort_leaves_a_linked_learner_folder_alone(tmp_path, archived):
    cohort, archive, name = archived
    before = snapshot(archive)
    r = run("update", "cohort", cwd=tmp_path, lang="de")
    assert r.returncode == 0, r.stderr
    assert snapshot(archive) == before
    assert f"Unverändert gelassen: {name} ist ein symbolischer Link" in r.stdout


# --- 3. a file the record claims but the tool did not write is the user's ---------------------


def test_a_claimed_notes_file_is_kept_and_dry_run_lists_every_removal(tmp_path, pack):
    (pack / "NOTES.txt").write_bytes(b"appeler le tuteur lundi\n")
    (pack / "old_sheet.md").write_bytes(b"an old document of the tool\n")  # no longer made: removed
    (pack / "old_grid.md").write_bytes(b"edited by hand\n")  # no longer made, edited: kept
    edit_record(pack, **{"NOTES.txt": b"appeler le tuteur lundi\n", "old_sheet.md": b"an old document of the tool\n",
                         "old_grid.md": b"as the tool wrote it\n"})
    before = snapshot(pack)
    r = run("update", "--dry-run", "pack", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert snapshot(pack) == before
    assert "Sera supprimé : old_sheet.md" in r.stdout
    assert "Sera gardé tel quel : NOTES.txt" in r.stdout and "Sera gardé tel quel : old_grid.md" in r.stdout
    r = run("update", "pack", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (pack / "NOTES.txt").read_bytes() == b"appeler le tuteur lundi\n"
    assert (pack / "old_grid.md").read_bytes() == b"edited by hand\n"
    assert not (pack / "old_sheet.md").exists()


# --- 4. a record nested a hundred thousand deep: one line, the other packs shown --------------


def test_a_deeply_nested_record_is_one_line_and_the_other_packs_are_shown(tmp_path, pack):
    import shutil

    season = tmp_path / "season"
    season.mkdir()
    for name in ("a-lea", "b-broken", "c-lea"):
        shutil.copytree(pack, season / name, symlinks=True)
    (season / "b-broken" / ".mobility-advisor.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    r = run("status", "season", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    assert r.stdout.count("Léa Dupont") == 2 and "season/a-lea" in r.stdout and "season/c-lea" in r.stdout
    said = [line for line in r.stderr.splitlines() if "b-broken" in line]
    assert len(said) == 1 and "nested too deep" in said[0], r.stderr
    before = snapshot(season / "b-broken")
    for command in (("update", "season/b-broken"), ("render", "--answers", "a.yaml", "-o", "season/b-broken", "--force")):
        r = run(*command, cwd=tmp_path)
        assert r.returncode == 1, r.stdout + r.stderr
        assert "nested too deep" in r.stderr
    assert snapshot(season / "b-broken") == before


# --- 5. status reads a regular checklist only, of bounded size ---------------------------------


@pytest.mark.parametrize("odd", ["dev-zero", "fifo"])
def test_status_reads_neither_dev_zero_nor_a_fifo_as_the_checklist(tmp_path, pack, odd):
    checklist = pack / "checklist.md"
    checklist.unlink()
    if odd == "fifo":
        os.mkfifo(checklist)
    else:
        checklist.symlink_to("/dev/zero")
    r = run("status", "pack", cwd=tmp_path, timeout=60)  # the FIFO once made it wait for ever
    assert r.returncode == 0, r.stderr
    assert "Léa Dupont" in r.stdout and "0/" in r.stdout  # nothing counts as done
    r = run("update", "--dry-run", "pack", cwd=tmp_path, timeout=60)
    assert r.returncode == 0, r.stderr


# --- 13 (in part). a record of an unknown kind is corrupt, not "a cohort folder" --------------


def test_a_record_of_a_garbage_kind_is_not_called_a_cohort(tmp_path, pack):
    path = pack / ".mobility-advisor.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["kind"] = "pack\u202e; rm -rf"
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = snapshot(pack)
    r = run("render", "--answers", "a.yaml", "-o", "pack", "--force", cwd=tmp_path)
    assert r.returncode == 1
    assert "cohorte" not in r.stderr and "fichier de suivi du dossier illisible" in r.stderr, r.stderr
    r = run("status", "pack", cwd=tmp_path)
    assert r.returncode == 1 and "illisible" in r.stderr
    assert snapshot(pack) == before


# --- 6. a profile's texts are checked when it is read, with its file:line ---------------------

HOSTILE_PROFILE = """\
version: 1
organisation: {name: CFA des métiers de Tours}
referent: {name: Claire Martin, email: claire.martin@cfa-tours.fr}
companies:
  - name: "Bäckerei \\u202eSchulz"
    tutors:
      - {name: Anna Schulz, function: Konditormeisterin}
"""


def test_a_profile_with_a_hidden_character_is_refused_with_its_line(tmp_path, pack):
    (tmp_path / "profile.yaml").write_text(HOSTILE_PROFILE, encoding="utf-8")
    before = snapshot(pack)
    r = run("render", "--answers", "a.yaml", "-o", "pack", "--force", "--profile", "profile.yaml", cwd=tmp_path)
    assert r.returncode == 2
    assert "profile.yaml:5:" in r.stderr and "U+202E" in r.stderr and "a.yaml" not in r.stderr, r.stderr
    assert snapshot(pack) == before
    r = run("render", "--answers", "a.yaml", "-o", "p2", "--profile", "profile.yaml", cwd=tmp_path, lang="de")
    assert r.returncode == 2 and "unsichtbare Zeichen U+202E" in r.stderr and not (tmp_path / "p2").exists()


def test_the_wizard_refuses_a_hostile_profile_before_the_first_question(tmp_path):
    from wizard_driver import Ask

    (tmp_path / "profile.yaml").write_text(HOSTILE_PROFILE, encoding="utf-8")
    a = Ask(tmp_path, "--profile", "profile.yaml")
    a.wait("profile.yaml:5:")
    a.wait("U+202E")
    assert a.finish() == 2
    assert "Traceback" not in a.child.before and not a.out.exists()


# --- 7, 8, 9. the wizard's sessions: options kept, -o checked first, no false claim of a save -


def _to_the_sending_question(a, t) -> None:
    a.check(t["goals"], "Europass")
    a.select(t["sending_country"], "France")
    a.text(t["name"], "Léa Dupont")
    a.text(t["birth"], "2005-04-02")
    a.text(t["qualification"], "Bac pro Cuisine")
    a.select(t["eqf"], "4")
    a.wait(t["sending"])


def test_resume_keeps_the_options_the_session_was_started_with(tmp_path):
    from wizard_driver import EN, Ask, confirm, official

    saved = tmp_path / "saved.yaml"
    a = Ask(tmp_path, "--format", "md,html", "--save-answers", str(saved), "--host-lang", "fr", lang="en",
            out="packA")
    _to_the_sending_question(a, EN)
    a.child.sendcontrol("c")
    assert a.finish() == 130

    b = Ask(tmp_path, "--resume", lang="en", out=None)  # none of the options given again
    b.wait("Resuming with 6 answers")
    b.wait(f"Session options resumed: -o {tmp_path / 'packA'} --format md,html --save-answers {saved} --host-lang fr")
    b.text(EN["sending"], "CFA de Tours")
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
    assert b.finish() == 0, b.child.before
    pack = tmp_path / "packA"
    assert (pack / "index.md").is_file() and (pack / "index.html").is_file()
    assert "host_lang: fr" in saved.read_text(encoding="utf-8")
    record = json.loads((pack / ".mobility-advisor.json").read_text(encoding="utf-8"))
    assert record["answers"]["host_lang"] == "fr"
    assert not any(p.name.startswith("pack-") for p in tmp_path.iterdir())  # not the default folder
    assert not list((tmp_path / "state" / "mobility-advisor" / "sessions").iterdir())  # session and options gone


@pytest.mark.parametrize("force", [False, True])
def test_an_existing_output_folder_is_refused_before_the_first_question(tmp_path, force):
    from wizard_driver import EN, Ask

    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "mine.txt").write_text("keep", encoding="utf-8")
    a = Ask(tmp_path, *(["--force"] if force else []), lang="en")
    assert a.finish() == 1
    said = a.child.before
    assert ("was not written by mobility-advisor" if force else "already exists and is not empty") in said, said
    assert EN["goals"] not in said and "Traceback" not in said
    assert snapshot(tmp_path / "pack") == {"mine.txt": b"keep"}
    assert not (tmp_path / "state").exists()  # no session started


def test_answers_that_could_not_be_saved_are_shown_not_claimed_kept(tmp_path):
    from wizard_driver import FR, Ask

    (tmp_path / "state").write_text("a file where the session folder should be\n", encoding="utf-8")
    a = Ask(tmp_path, lang="fr")
    _to_the_sending_question(a, FR)
    a.child.sendcontrol("c")
    assert a.finish() == 130
    said = a.child.before.replace("\r\n", "\n")
    assert "Interrompu : aucun dossier écrit." in said
    assert "Vos 6 réponses n'ont pas pu être enregistrées" in said and "sont conservées" not in said, said
    assert "learner.name: Léa Dupont" in said and "learner.qualification: Bac pro Cuisine" in said
    assert (tmp_path / "state").read_text(encoding="utf-8") == "a file where the session folder should be\n"
    assert "Traceback" not in said


# --- 10. record on an answers file that is a link writes through to the file it points to -----


def test_record_writes_through_a_linked_answers_file(tmp_path):
    from test_learning import answers_doc
    from test_record_tty import Record, write

    write(tmp_path, answers_doc("men", "fr"))
    kept = tmp_path / "synced"
    kept.mkdir()
    (tmp_path / "a.yaml").rename(kept / "lea.yaml")
    (tmp_path / "a.yaml").symlink_to(kept / "lea.yaml")
    r = Record(tmp_path, "a.yaml", "--lang", "fr")
    r.text("Date de l'évaluation des acquis", "2027-03-26")
    r.select("Acquis n° 1 : EX-1", "Atteint")
    r.select("Acquis n° 2 : EX-2", "Atteint")
    r.select("Acquis n° 3 :", "Atteint")
    r.text("Note de l'unité facultative de mobilité", "14")
    r.text("Date de l'examen du diplôme", "20/06/2027")
    r.select("Le diplôme est-il obtenu", "Oui")
    assert r.finish() == 0, r.child.before
    assert "Traceback" not in r.child.before
    assert (tmp_path / "a.yaml").is_symlink()
    assert "men.mark: 14" in (kept / "lea.yaml").read_text(encoding="utf-8")
    assert sorted(p.name for p in kept.iterdir()) == ["lea.yaml"]  # no temporary file left beside it


# --- 11. one rule for user text wherever it enters: outcomes files too -------------------------


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200f", "\u200b", "\ufeff"])
@pytest.mark.parametrize("kind", ["yaml", "csv"])
def test_an_outcomes_file_with_an_invisible_character_is_refused_where_it_is(tmp_path, pack, char, kind):
    if kind == "yaml":
        text = ("version: 1\noutcomes:\n  - reference: EX-1\n"
                f"    text: \"Préparer{char} une pâte feuilletée\"\n")
    else:
        text = f"reference;text\nEX-1;Préparer{char} une pâte feuilletée\n"
    (tmp_path / f"o.{kind}").write_text(text, encoding="utf-8")
    before = snapshot(pack)
    r = run("render", "--answers", "a.yaml", "--outcomes", f"o.{kind}", "-o", "pack", "--force", cwd=tmp_path)
    assert r.returncode == 2, r.stdout
    where = "o.yaml:4" if kind == "yaml" else "o.csv:2"
    assert where in r.stderr and f"U+{ord(char):04X}" in r.stderr and char not in r.stderr, r.stderr
    assert "caractère invisible" in r.stderr
    assert snapshot(pack) == before
    r = run("validate", "--outcomes", f"o.{kind}", cwd=tmp_path)
    assert r.returncode == 1 and f"U+{ord(char):04X}" in r.stdout + r.stderr


# --- 12. control characters escaped in everything shown or written ----------------------------


def test_refused_csv_rows_are_escaped_in_the_summary_and_the_terminal(tmp_path):
    learners = tmp_path / "learners.csv"
    learners.write_text((DATA / "cohort-learners.csv").read_text(encoding="utf-8-sig")
                        + "Evil\x1b[31mRed\u202eSmith;32/13/2027;26/03/2027;Café;Petra;Chef\n", encoding="utf-8")
    r = run("cohort", "--keep-going", "--answers", str(DATA / "cohort-common.yaml"), "--learners", str(learners),
            "-o", "cohort", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    for text in (r.stdout + r.stderr, (tmp_path / "cohort" / "cohort-summary.md").read_text(encoding="utf-8"),
                 (tmp_path / "cohort" / "cohort-summary.csv").read_text(encoding="utf-8-sig")):
        assert "\x1b" not in text and "\u202e" not in text
    summary = (tmp_path / "cohort" / "cohort-summary.md").read_text(encoding="utf-8")
    assert "EvilU+001B\\[31mRedU+202ESmith" in summary or "EvilU+001B[31mRedU+202ESmith" in summary, summary
    assert "EvilU+001B[31mRedU+202ESmith" in (tmp_path / "cohort" / "cohort-summary.csv").read_text(encoding="utf-8-sig")
    r = run("update", "cohort", cwd=tmp_path)  # the summary made again from the record: still escaped
    assert r.returncode == 0, r.stderr
    assert "\x1b" not in (tmp_path / "cohort" / "cohort-summary.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["text", "csv", "json"])
def test_status_shows_a_hand_edited_record_with_its_control_characters_escaped(tmp_path, pack, fmt):
    path = pack / ".mobility-advisor.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["answers"]["answers"]["learner.name"] = "Léa\x1b]0;pwned\x07 Dupont"
    doc["answers"]["answers"]["org.host_company"] = "Bäckerei\u202e Schulz"
    doc["items"][0]["text"] = "Rédigez\x1b[2J les informations"
    doc["items"][0].pop("title", None)
    path.write_text(json.dumps(doc), encoding="utf-8")
    r = run("status", "pack", "--format", fmt, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    shown = r.stdout if fmt != "json" else json.dumps(json.loads(r.stdout), ensure_ascii=False)
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
    assert "LéaU+001B]0;pwnedU+0007 Dupont" in shown


# --- 13. the other validations -----------------------------------------------------------------


def test_a_birth_date_after_the_start_of_the_mobility_is_refused(tmp_path):
    a = tmp_path / "a.yaml"
    a.write_text(ANSWERS.format(name="Léa Dupont", start="2027-03-01", end="2027-03-26", lang="fr")
                 .replace("  learner.qualification:", "  learner.birth_date: 2030-05-02\n  learner.qualification:"),
                 encoding="utf-8")
    r = run("render", "--answers", "a.yaml", "-o", "pack", cwd=tmp_path)
    assert r.returncode == 2 and not (tmp_path / "pack").exists()
    assert "mobility.start" in r.stderr and "date de naissance de l'apprenant (2030-05-02)" in r.stderr, r.stderr


def test_a_nul_in_the_learners_csv_is_refused_with_its_line(tmp_path):
    learners = tmp_path / "learners.csv"
    text = (DATA / "cohort-learners.csv").read_text(encoding="utf-8-sig").splitlines()
    text[2] = text[2].replace("Hotel", "Ho\x00tel")
    learners.write_text("\n".join(text) + "\n", encoding="utf-8")
    r = run("cohort", "--answers", str(DATA / "cohort-common.yaml"), "--learners", str(learners), "-o", "cohort",
            cwd=tmp_path)
    assert r.returncode == 2 and not (tmp_path / "cohort").exists()
    assert "learners.csv:3:" in r.stderr and "U+0000" in r.stderr, r.stderr


@pytest.mark.parametrize("typo,said", [("{voyage}", "unknown placeholder {voyage}"), ("{voyage", "unbalanced brace")])
def test_validate_refuses_an_unknown_placeholder_or_a_brace_left_open(tmp_path, typo, said):
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    before = rules / "guide" / "before.yaml"
    text = before.read_text(encoding="utf-8")
    old = "Rédigez et remettez aux participants les informations pratiques : voyage"
    assert old in text
    before.write_text(text.replace(old, old.replace("voyage", typo), 1), encoding="utf-8")
    r = run("validate", "--lang", "en", str(rules), cwd=tmp_path)
    assert r.returncode == 1
    assert said in r.stdout and "before.yaml:" in r.stdout and "(fr)" in r.stdout, r.stdout


# --- 14. a run killed while converting leaves no work folder behind for long ------------------


def test_work_folders_of_killed_runs_are_removed_by_the_next_run(tmp_path, pack):
    import signal
    import time

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp), "MOBILITY_ADVISOR_TODAY": "2026-11-24", "PYTHONPATH": str(ROOT),
           "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    # a run killed for sure while it converts: SIGKILL as soon as its work folder exists
    child = subprocess.Popen([sys.executable, "-m", "mobility_advisor", "render", "--answers", "a.yaml",
                              "--format", "md,docx,html", "-o", "killed"], cwd=tmp_path, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # (its own folder, "mobility-advisor-…": the first entry may be Python's probe of TMPDIR, a
    # random-named file it removes at once, which a kill at that moment leaves behind)
    while child.poll() is None and not any(p.name.startswith("mobility-advisor-") for p in tmp.iterdir()):
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (tmp / f"mobility-advisor-assets-{dead.stdout.strip()}-abc123").mkdir()  # left by a run killed earlier
    (tmp / f"mobility-advisor-assets-{dead.stdout.strip()}-abc123" / "page.html").write_text("x")
    alive = tmp / f"mobility-advisor-assets-{os.getpid()}-live01"  # a run still going: its folder stays
    alive.mkdir()
    theirs = tmp / "mobility-advisor-notes"  # not a name the tool makes
    theirs.mkdir()
    left = sorted(p.name for p in tmp.iterdir())
    assert len(left) >= 3
    r = subprocess.run([sys.executable, "-m", "mobility_advisor", "render", "--answers", "a.yaml",
                        "--format", "md,html", "-o", "again"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in tmp.iterdir()) == sorted([alive.name, theirs.name])
