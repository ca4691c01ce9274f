"""Never lose what a referent kept (issue 13): --force, concurrent runs, write errors, the manifest."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mobility_advisor.pack import manifest
from mobility_advisor.pack import folder_report, packdir, staging
from mobility_advisor.cli.app import app
from mobility_advisor.rules.problems import InputError

from conftest import ROOT, TODAY

ANSWERS = ROOT / "tests" / "data" / "cohort-common.yaml"
LEARNERS = ROOT / "tests" / "data" / "cohort-learners.csv"
README_ANSWERS = """version: 1
lang: fr
answers:
  goals: [participation, certification]
  learner.name: Léa Dupont
  learner.qualification: Bac pro Boulanger-pâtissier
  org.sending: CFA des métiers de Tours
  learner.apprentice: true
  org.sending_company: Boulangerie Martin
  org.host_partner: Handwerkskammer Frankfurt (Oder)
  org.host_company: Bäckerei Schulz
  tutor.name: Anna Schulz
  tutor.function: Konditormeisterin
  destination.country: de
  mobility.start: 2027-03-01
  mobility.end: 2027-03-26
  mobility.funding: erasmus
  participation.attestation: true
  participation.other_evidence: false
  certification.certifier: men
  men.diploma: bac_pro
  certification.in_framework: "yes"
"""


def env(tmp: Path, lang: str = "fr") -> dict[str, str]:
    e = {**os.environ, "MOBILITY_ADVISOR_TODAY": TODAY.isoformat(), "PYTHONPATH": str(ROOT),
         "XDG_STATE_HOME": str(tmp / "state"), "LANG": f"{lang}_FR.UTF-8" if lang == "fr" else "en_GB.UTF-8"}
    e.pop("LC_ALL", None)
    return e


def cli(tmp: Path, *args: str, lang: str = "fr", cwd: Path | None = None) -> subprocess.CompletedProcess:
    r = subprocess.run([sys.executable, "-m", "mobility_advisor", *args], cwd=cwd or tmp, env=env(tmp, lang),
                       capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert "Traceback" not in r.stderr, r.stderr
    return r


@pytest.fixture()
def answers(tmp_path) -> Path:
    p = tmp_path / "a.yaml"
    p.write_text(README_ANSWERS, encoding="utf-8")
    return p


def invoke(tmp_path, monkeypatch, *args: str):
    monkeypatch.setenv("MOBILITY_ADVISOR_TODAY", TODAY.isoformat())
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, list(args))
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    return r


# --- the manifest ----------------------------------------------------------------------


def test_a_pack_records_what_it_wrote(tmp_path, answers):
    r = cli(tmp_path, "render", "--answers", str(answers), "-o", "pack", "--lang", "en")
    assert r.returncode == 0, r.stderr
    m = manifest.read(tmp_path / "pack")
    on_disk = sorted(p.name for p in (tmp_path / "pack").iterdir() if p.name != manifest.FILE_NAME)
    assert sorted(m.files) == on_disk and m.kind == "pack" and m.lang == "en" and m.made == TODAY.isoformat()
    for name, digest in m.files.items():
        assert manifest.file_sha256(tmp_path / "pack" / name) == digest
    assert m.answers["answers"]["learner.name"] == "Léa Dupont"
    assert m.answers["answers"]["mobility.start"] == "2027-03-01" and m.answers["lang"] == "en"
    assert m.rules == manifest.rules_fingerprint() and len(m.rules) == 64
    doc = json.loads((tmp_path / "pack" / manifest.FILE_NAME).read_text("utf-8"))
    assert doc["tool"] == "mobility-advisor" and doc["format"] == manifest.FORMAT


@pytest.mark.parametrize("content, why", [
    ("{not json", "not valid JSON"),
    ('{"tool": "other", "format": 1}', "not written by"),
    ('{"tool": "mobility-advisor", "format": 99}', "format 99"),
    ('{"tool": "mobility-advisor", "format": 1, "kind": "pack", "lang": "fr", "answers": {},'
     ' "files": {"../../etc/passwd": "x"}}', "unexpected content"),
])
def test_a_corrupt_or_foreign_manifest_is_a_clear_error(tmp_path, content, why):
    (tmp_path / manifest.FILE_NAME).write_text(content, encoding="utf-8")
    with pytest.raises(manifest.ManifestError, match=why):
        manifest.read(tmp_path)
    (tmp_path / "mine.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(folder_report.BadManifestError):
        packdir.write_pack({"index.md": "x\n"}, tmp_path, force=True)
    assert (tmp_path / "mine.txt").read_text("utf-8") == "keep"


# --- item 1: --force on a folder that is not a pack -----------------------------------


def test_force_refuses_a_folder_that_is_not_a_pack(tmp_path, answers):
    thesis = tmp_path / "mydocs" / "thesis"
    thesis.mkdir(parents=True)
    (thesis / "ch1.docx").write_text("work", encoding="utf-8")
    r = cli(tmp_path, "render", "--answers", str(answers), "-o", "mydocs", "--force")
    assert r.returncode == 1 and "n'est pas un dossier écrit par mobility-advisor" in r.stderr
    assert (thesis / "ch1.docx").read_text("utf-8") == "work"
    assert sorted(p.name for p in (tmp_path / "mydocs").rglob("*")) == ["ch1.docx", "thesis"]
    for here in (".", str(tmp_path / "mydocs")):  # -o . and -o "$PWD"
        r = cli(tmp_path, "render", "--answers", str(answers), "-o", here, "--force", "--lang", "en",
                cwd=tmp_path / "mydocs")
        assert r.returncode == 1 and "was not written by mobility-advisor" in r.stderr
        assert sorted(p.name for p in (tmp_path / "mydocs").rglob("*")) == ["ch1.docx", "thesis"]


def test_dot_without_force_says_the_folder_exists(tmp_path, answers):
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "x.txt").write_text("x", encoding="utf-8")
    r = cli(tmp_path, "render", "--answers", str(answers), "-o", ".", "--lang", "en", cwd=tmp_path / "work")
    assert r.returncode == 1 and "already exists and is not empty" in r.stderr
    (tmp_path / "empty").mkdir()
    r = cli(tmp_path, "render", "--answers", str(answers), "-o", ".", cwd=tmp_path / "empty")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "empty" / "index.md").is_file() and (tmp_path / "empty" / manifest.FILE_NAME).is_file()


# --- item 2: --force on a real pack ---------------------------------------------------


def test_force_keeps_added_and_edited_files_and_writes_the_new_version_beside(tmp_path, answers):
    pack = tmp_path / "pack"
    assert cli(tmp_path, "render", "--answers", str(answers), "-o", "pack").returncode == 0
    (pack / "NOTES-signed.txt").write_text("signé", encoding="utf-8")
    (pack / "scans").mkdir()
    (pack / "scans" / "agreement.pdf").write_bytes(b"%PDF scan")
    edited = (pack / "learning_agreement.md").read_text("utf-8") + "\nSigné le 2 mars.\n"
    (pack / "learning_agreement.md").write_text(edited, encoding="utf-8")
    before_index = (pack / "index.md").read_text("utf-8")

    r = cli(tmp_path, "render", "--answers", str(answers), "-o", "pack", "--force", "--lang", "en")
    assert r.returncode == 0, r.stderr
    assert (pack / "NOTES-signed.txt").read_text("utf-8") == "signé"
    assert (pack / "scans" / "agreement.pdf").read_bytes() == b"%PDF scan"
    assert (pack / "learning_agreement.md").read_text("utf-8") == edited  # never overwritten
    beside = (pack / "learning_agreement.new.md").read_text("utf-8")
    assert beside != edited and "Signé le 2 mars" not in beside
    assert (pack / "index.md").read_text("utf-8") != before_index  # the tool's unchanged file: replaced (now English)
    assert "learning_agreement.md" in r.stdout and "learning_agreement.new.md" in r.stdout
    assert "2 files or folders you added" in r.stdout
    m = manifest.read(pack)
    assert m.beside == {"learning_agreement.new.md": "learning_agreement.md"}
    assert "NOTES-signed.txt" not in m.files and "scans/agreement.pdf" not in m.files

    # the next --force may replace the version written beside (unchanged), still keeps the edit
    r = cli(tmp_path, "render", "--answers", str(answers), "-o", "pack", "--force")
    assert r.returncode == 0, r.stderr
    assert (pack / "learning_agreement.md").read_text("utf-8") == edited
    assert not (pack / "learning_agreement.new-2.md").exists()
    assert (pack / "learning_agreement.new.md").read_text("utf-8") != beside  # replaced: now in French
    assert (pack / "NOTES-signed.txt").read_text("utf-8") == "signé"


def test_old_tool_files_go_only_when_unchanged(tmp_path):
    out = tmp_path / "pack"
    packdir.write_pack({"index.md": "1\n", "old.md": "old\n", "kept.md": "old\n"}, out)
    (out / "kept.md").write_text("my notes\n", encoding="utf-8")
    report = packdir.write_pack({"index.md": "2\n"}, out, force=True)
    assert not (out / "old.md").exists() and report.removed == ["old.md"]
    assert (out / "kept.md").read_text("utf-8") == "my notes\n" and report.kept_old == ["kept.md"]
    assert (out / "index.md").read_text("utf-8") == "2\n"


def test_a_file_of_the_user_with_a_tool_name_is_kept(tmp_path):
    out = tmp_path / "pack"
    packdir.write_pack({"index.md": "1\n"}, out)
    (out / "checklist.md").write_text("mine\n", encoding="utf-8")  # not in the manifest
    report = packdir.write_pack({"index.md": "1\n", "checklist.md": "tool\n"}, out, force=True)
    assert (out / "checklist.md").read_text("utf-8") == "mine\n"
    assert (out / "checklist.new.md").read_text("utf-8") == "tool\n"
    assert report.beside == [("checklist.md", "checklist.new.md")]


def test_cohort_force_keeps_files_inside_learners_packs(tmp_path):
    assert cli(tmp_path, "cohort", "--answers", str(ANSWERS), "--learners", str(LEARNERS), "-o", "out").returncode == 0
    pack = next(p for p in (tmp_path / "out").iterdir() if p.is_dir())
    (pack / "convention-signee.pdf").write_bytes(b"%PDF")
    (pack / "index.md").write_text("edited\n", encoding="utf-8")
    r = cli(tmp_path, "cohort", "--answers", str(ANSWERS), "--learners", str(LEARNERS), "-o", "out", "--force")
    assert r.returncode == 0, r.stderr
    assert (pack / "convention-signee.pdf").read_bytes() == b"%PDF"
    assert (pack / "index.md").read_text("utf-8") == "edited\n" and (pack / "index.new.md").is_file()
    assert manifest.read(tmp_path / "out").kind == "cohort"
    # a pack folder is not a cohort folder, and the other way round
    (tmp_path / "a.yaml").write_text(README_ANSWERS, encoding="utf-8")
    r = cli(tmp_path, "render", "--answers", "a.yaml", "-o", "out", "--force")
    assert r.returncode == 1 and "est un dossier de cohorte" in r.stderr
    assert (pack / "convention-signee.pdf").exists() and not (tmp_path / "out" / "index.md").exists()
    assert cli(tmp_path, "cohort", "--answers", str(ANSWERS), "--learners", str(LEARNERS), "-o", pack.name,
               "--force", cwd=tmp_path / "out").returncode == 1  # and a learner's pack is not a cohort


def fail_at(monkeypatch, owner, name: str, n: int, error: BaseException = KeyboardInterrupt()) -> list:
    """`owner.name` fails with `error` at its n-th call (a Ctrl-C, a full disk part way through);
    returns the list of each call's arguments."""
    real, calls = getattr(owner, name), []

    def failing(*args):
        calls.append(args)
        if len(calls) == n:
            raise error
        return real(*args)

    monkeypatch.setattr(owner, name, failing)
    return calls


def test_ctrl_c_or_error_while_updating_keeps_everything_and_the_manifest_true(tmp_path, monkeypatch):
    out = tmp_path / "pack"
    packdir.write_pack({"a.md": "1\n", "b.md": "1\n", "c.md": "1\n"}, out)
    (out / "mine.txt").write_text("keep", encoding="utf-8")
    fail_at(monkeypatch, packdir.os, "replace", 2)
    with pytest.raises(KeyboardInterrupt):
        packdir.write_pack({"a.md": "2\n", "b.md": "2\n", "c.md": "2\n"}, out, force=True)
    monkeypatch.undo()
    assert (out / "mine.txt").read_text("utf-8") == "keep"
    assert [p.name for p in out.iterdir() if p.name.startswith(".mobility-advisor.tmp")] == []
    m = manifest.read(out)  # still true: a.md is the new one, b.md and c.md the old ones
    for name in ("a.md", "b.md", "c.md"):
        assert manifest.file_sha256(out / name) == m.files[name]
    packdir.write_pack({"a.md": "2\n", "b.md": "2\n", "c.md": "2\n"}, out, force=True)  # no .new files
    assert sorted(p.name for p in out.iterdir()) == [".mobility-advisor.json", "a.md", "b.md", "c.md", "mine.txt"]


# --- no half pack ---------------------------------------------------------------------


@pytest.mark.parametrize("error", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()])
def test_failure_mid_write_leaves_nothing(tmp_path, monkeypatch, error):
    out = tmp_path / "pack"
    fail_at(monkeypatch, staging.Stage, "write", 2, error)
    with pytest.raises(type(error)):
        packdir.write_pack({"index.md": "new\n", "checklist.md": "new\n", "x.md": "new\n"}, out)
    assert list(tmp_path.iterdir()) == []


def test_failure_while_moving_into_an_empty_folder_takes_everything_back(tmp_path, monkeypatch):
    out = tmp_path / "pack"
    out.mkdir()  # the user's empty folder stays, empty
    fail_at(monkeypatch, packdir.os, "rename", 2)
    with pytest.raises(KeyboardInterrupt):
        packdir.write_pack({"a.md": "1\n", "b.md": "1\n", "c.md": "1\n"}, out)
    assert list(out.iterdir()) == []


def _cohort_stage(folder):
    stage = folder.stage()
    for learner in ("pack-a", "pack-b", "pack-c"):
        stage.write_pack({"index.md": f"{learner}\n", "checklist.md": "- [ ] x\n"}, learner)
    stage.write("cohort-summary.md", "summary\n")
    return stage


def test_new_learner_folders_move_whole_and_are_taken_back_on_failure(tmp_path, monkeypatch):
    """A cohort's learner folder that is new moves into place in one rename (thousands of
    packs); a failure after some of them moved still takes everything back."""
    with packdir.claim(tmp_path / "group", kind="cohort") as folder:
        report = folder.install(_cohort_stage(folder), manifest.new("cohort", "fr", {}, date(2026, 11, 24)))
    assert sorted(report.written) == sorted([f"pack-{x}/{n}" for x in "abc" for n in ("checklist.md", "index.md")]
                                            + ["cohort-summary.md"])
    m = manifest.read(tmp_path / "group")
    assert all(manifest.file_sha256(tmp_path / "group" / rel) == digest for rel, digest in m.files.items())
    assert (tmp_path / "group" / "pack-b" / "index.md").read_text("utf-8") == "pack-b\n"

    calls = fail_at(monkeypatch, packdir.os, "rename", 3)  # the summary, pack-a whole, then pack-b
    with pytest.raises(KeyboardInterrupt):
        with packdir.claim(tmp_path / "again", kind="cohort") as folder:
            folder.install(_cohort_stage(folder), manifest.new("cohort", "fr", {}, date(2026, 11, 24)))
    assert [Path(dst).name for _src, dst in calls] == ["cohort-summary.md", "pack-a", "pack-b"]
    assert not (tmp_path / "again").exists()


def test_unsafe_file_names_are_refused(tmp_path):
    for name in ["../x.md", "/tmp/x.md", "a/b.md", "..", ".hidden.md", ""]:
        with pytest.raises(InputError):
            packdir.write_pack({"index.md": "x\n", name: "x\n"}, tmp_path / "pack")
    assert list(tmp_path.iterdir()) == []


def test_a_link_to_a_folder_is_followed_and_a_dangling_one_refused(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    packdir.write_pack({"index.md": "x\n"}, tmp_path / "link")
    assert (tmp_path / "real" / "index.md").read_text() == "x\n" and (tmp_path / "link").is_symlink()
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    with pytest.raises(folder_report.NotAFolderError):
        packdir.write_pack({"index.md": "x\n"}, tmp_path / "dangling")
    assert not (tmp_path / "nowhere").exists()


def test_write_pack_makes_missing_parents_and_a_readable_folder(tmp_path):
    out = packdir.write_pack({"index.md": "x\n"}, tmp_path / "sub" / "pack").path
    assert out.name == "pack" and (out / "index.md").read_text() == "x\n"
    assert Path(out).stat().st_mode & 0o500 == 0o500


# --- item 3: races ----------------------------------------------------------------------


def test_of_many_runs_into_one_new_folder_exactly_one_writes(tmp_path):
    procs = []
    for i in range(10):
        a = tmp_path / f"a{i}.yaml"
        a.write_text(README_ANSWERS.replace("Léa Dupont", f"Learner {i}"), encoding="utf-8")
        procs.append(subprocess.Popen([sys.executable, "-m", "mobility_advisor", "render", "--answers", str(a),
                                       "-o", "shared", "--lang", "en"], cwd=tmp_path, env=env(tmp_path, "en"),
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    results = [(p.wait(120), *p.communicate()) for p in procs]
    assert not [err for _, _, err in results if "Traceback" in err]
    winners = [i for i, (code, _, _) in enumerate(results) if code == 0]
    assert len(winners) == 1, [r[2] for r in results]
    for code, out, err in results:
        if code != 0:
            assert code == 1 and "already exists" in err and "Pack written" not in out
    index = (tmp_path / "shared" / "index.md").read_text("utf-8")
    assert f"Learner {winners[0]}" in index
    m = manifest.read(tmp_path / "shared")
    assert m.answers["answers"]["learner.name"] == f"Learner {winners[0]}"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_folder_that_appeared_before_the_claim_is_not_replaced(tmp_path):
    out = tmp_path / "pack"
    out.mkdir()
    (out / "user.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(folder_report.PackExistsError):
        packdir.write_pack({"index.md": "x\n"}, out)
    assert [p.name for p in out.iterdir()] == ["user.txt"]


def test_cohort_claims_its_folder_before_the_long_write(tmp_path, tree, monkeypatch, capsys):
    from mobility_advisor.inputs import answers as answers_mod
    from mobility_advisor.season import cohort, cohort_workers

    out = tmp_path / "out"
    real = cohort_workers.outcomes

    def slow_and_raced(*args, **kw):  # the user makes the folder while packs are rendered
        try:
            out.mkdir()
            (out / "user.txt").write_text("mine", encoding="utf-8")
        except OSError:
            pass
        return real(*args, **kw)

    monkeypatch.setattr(cohort_workers, "outcomes", slow_and_raced)
    common = answers_mod.load(ANSWERS)
    code = cohort.run(tree, common.answers, ANSWERS, LEARNERS, out, "fr", TODAY, progress=False)
    # the folder was claimed first: the user's mkdir failed, nothing of theirs was replaced
    assert code == 0 and not (out / "user.txt").exists()

    out2 = tmp_path / "out2"
    real_claim = packdir.claim

    def raced_claim(path, *a, **kw):  # the folder appears between the early check and the claim
        path.mkdir()
        (path / "user.txt").write_text("mine", encoding="utf-8")
        return real_claim(path, *a, **kw)

    monkeypatch.setattr(cohort_workers, "outcomes", real)
    monkeypatch.setattr(packdir, "claim", raced_claim)
    code = cohort.run(tree, common.answers, ANSWERS, LEARNERS, out2, "fr", TODAY, progress=False)
    assert code == 1 and [p.name for p in out2.iterdir()] == ["user.txt"]
    assert "existe déjà" in capsys.readouterr().err


def test_concurrent_force_runs_are_serialised(tmp_path, answers):
    assert cli(tmp_path, "render", "--answers", str(answers), "-o", "pack").returncode == 0
    (tmp_path / "pack" / "mine.txt").write_text("keep", encoding="utf-8")
    procs = [subprocess.Popen([sys.executable, "-m", "mobility_advisor", "render", "--answers", str(answers),
                               "-o", "pack", "--force"], cwd=tmp_path, env=env(tmp_path),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    assert [p.wait(120) for p in procs] == [0, 0, 0, 0]
    names = sorted(p.name for p in (tmp_path / "pack").iterdir())
    assert "mine.txt" in names and not [n for n in names if ".new" in n or ".tmp" in n]


# --- item 4: --save-answers ------------------------------------------------------------


def test_save_answers_never_overwrites_without_force(tmp_path, answers):
    (tmp_path / "saved.yaml").write_text("my notes", encoding="utf-8")
    r = cli(tmp_path, "ask", "--answers", str(answers), "--save-answers", "saved.yaml", "-o", "p")
    assert r.returncode == 1 and "--force" in r.stderr and not (tmp_path / "p").exists()
    assert (tmp_path / "saved.yaml").read_text("utf-8") == "my notes"
    r = cli(tmp_path, "ask", "--answers", str(answers), "--save-answers", "saved.yaml", "-o", "p", "--force")
    assert r.returncode == 0 and "Léa Dupont" in (tmp_path / "saved.yaml").read_text("utf-8")


def test_save_answers_is_checked_before_the_wizard_asks(tmp_path):
    (tmp_path / "saved.yaml").write_text("my notes", encoding="utf-8")
    # no terminal: the refusal comes before the "no terminal" message, i.e. before any question
    r = cli(tmp_path, "ask", "--save-answers", "saved.yaml", "--lang", "en")
    assert r.returncode == 1 and "already exists" in r.stderr and "terminal" not in r.stderr


@pytest.mark.parametrize("where", ["adir", "afile/sub.yaml"])
def test_save_answers_to_a_folder_is_a_clear_message(tmp_path, answers, where):
    (tmp_path / "adir").mkdir()
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    r = cli(tmp_path, "ask", "--answers", str(answers), "--save-answers", where, "-o", "p", "--lang", "en")
    assert r.returncode == 2 and "--save-answers" in r.stderr and "give a file name" in r.stderr
    assert not (tmp_path / "p").exists()


# --- item 11: errors of the system, one message each -------------------------------------


def test_output_below_a_file(tmp_path, answers):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    r = cli(tmp_path, "render", "--answers", str(answers), "-o", "afile/sub", "--lang", "en")
    assert r.returncode == 2 and "afile exists and is not a folder" in r.stderr
    assert (tmp_path / "afile").read_text("utf-8") == "x"


@pytest.mark.parametrize("cmd", ["checklist", "tree"])
def test_checklist_and_tree_into_a_folder(tmp_path, cmd):
    (tmp_path / "DIR").mkdir()
    args = ["checklist", "--route", "europass"] if cmd == "checklist" else ["tree", "--format", "mermaid"]
    r = cli(tmp_path, *args, "-o", "DIR", lang="fr")
    assert r.returncode == 2 and "DIR est un dossier" in r.stderr
    r = cli(tmp_path, *args, "-o", "DIR", "--force", lang="en")
    assert r.returncode == 2 and "DIR is a folder" in r.stderr and list((tmp_path / "DIR").iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["DIR"]
    (tmp_path / "c.md").mkdir()
    r = cli(tmp_path, *args, "-o", "c.md", "--force", lang="en")
    assert r.returncode == 2 and "c.md is a folder" in r.stderr


def _fail_with(monkeypatch, code: int, target: str):
    def boom(*a, **kw):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(target, boom)


@pytest.mark.parametrize("code, fr, en", [
    (errno.ENOSPC, "plus de place sur le disque", "no space left on the disk"),
    (errno.EROFS, "le disque est en lecture seule", "the disk is read-only"),
    (errno.EACCES, "permission refusée", "permission denied"),
])
def test_disk_full_or_read_only_is_a_message_not_a_traceback(tmp_path, monkeypatch, answers, code, fr, en):
    # tests run as root, so chmod would not stop a write: the system's refusal is simulated
    _fail_with(monkeypatch, code, "mobility_advisor.pack.staging.Stage.write")
    r = invoke(tmp_path, monkeypatch, "render", "--answers", str(answers), "-o", "pack", "--lang", "fr")
    assert r.exit_code == 2 and f"impossible d'écrire pack : {fr}. Rien n'a été écrit." in r.output
    assert not (tmp_path / "pack").exists()
    r = invoke(tmp_path, monkeypatch, "render", "--answers", str(answers), "-o", "pack", "--lang", "en")
    assert r.exit_code == 2 and en in r.output

    monkeypatch.undo()
    _fail_with(monkeypatch, code, "os.mkdir")  # a read-only parent folder: the pack folder cannot be made
    r = invoke(tmp_path, monkeypatch, "render", "--answers", str(answers), "-o", "pack2", "--lang", "en")
    assert r.exit_code == 2 and en in r.output

    monkeypatch.undo()
    _fail_with(monkeypatch, code, "mobility_advisor.core.fsutil.atomic_write")
    for args in (["checklist", "--route", "europass", "-o", "c.md"], ["tree", "--format", "dot", "-o", "t.dot"],
                 ["ask", "--answers", str(answers), "--save-answers", "s.yaml", "-o", "p3"]):
        r = invoke(tmp_path, monkeypatch, *args, "--lang", "en")
        assert r.exit_code == 2 and en in r.output, (args, r.output)


def test_cohort_disk_full_is_a_message(tmp_path, monkeypatch):
    _fail_with(monkeypatch, errno.ENOSPC, "mobility_advisor.pack.staging.Stage.write")
    r = invoke(tmp_path, monkeypatch, "cohort", "--answers", str(ANSWERS), "--learners", str(LEARNERS),
               "-o", "out", "--lang", "en")
    assert r.exit_code == 2 and "no space left on the disk" in r.output and not (tmp_path / "out").exists()
