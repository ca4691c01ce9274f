"""Issue 29: a cohort folder's record grows by a small constant per learner (each learner's pack
holds its own record), every record the tool writes is one it reads back, and cohorts written by
the previous version (format 2: everything in the cohort's record) are still read and updated."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ROOT
from test_status import run

from mobility_advisor.pack import manifest

DATA = ROOT / "tests" / "data"


def as_format_2(cohort: Path) -> None:
    """Turn a cohort folder into what the previous version wrote (manifest format 2): each
    learner's answers, items (texts once, in "advice") and files in the cohort's record, no
    record in the learners' folders."""
    record = cohort / manifest.FILE_NAME
    doc = json.loads(record.read_text(encoding="utf-8"))
    advice: dict = {}
    for name, entry in doc["packs"].items():
        own_path = cohort / name / manifest.FILE_NAME
        own = json.loads(own_path.read_text(encoding="utf-8"))
        own_path.unlink()
        for item in own["items"]:
            advice.setdefault(item["id"], {k: v for k, v in item.items() if k not in ("id", "due")})
        entry["answers"] = own["answers"]
        entry["items"] = [[i["id"], i["due"]] for i in own["items"]]
        if own.get("unticked"):
            entry["unticked"] = own["unticked"]
        doc["files"].update({f"{name}/{k}": v for k, v in own["files"].items()})
        doc["beside"].update({f"{name}/{k}": f"{name}/{v}" for k, v in own["beside"].items()})
    doc["format"], doc["advice"] = 2, advice
    record.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def _learners_csv(path: Path, n: int, bad_tail: str = "") -> Path:
    rows = (DATA / "cohort-learners.csv").read_text(encoding="utf-8-sig").splitlines()
    header, first = rows[0], rows[1].split(";")
    lines = [header] + [";".join([f"Apprenant {i:05d}", *first[1:3], f"Entreprise {i % 7}", *first[4:]])
                        for i in range(n)]
    path.write_text("\n".join(lines) + "\n" + bad_tail, encoding="utf-8")
    return path


def _cohort(tmp_path: Path, n: int, out: str, *extra: str, bad_tail: str = ""):
    learners = _learners_csv(tmp_path / f"{out}.csv", n, bad_tail)
    return run(tmp_path, "cohort", "--answers", str(DATA / "cohort-common.yaml"), "--learners", str(learners),
               "-o", out, *extra, today="2026-11-24")


def test_the_cohort_record_grows_by_a_small_constant_per_learner(tmp_path):
    for n in (5, 45):
        r = _cohort(tmp_path, n, f"c{n}")
        assert r.returncode == 0, r.stderr
    size = {n: (tmp_path / f"c{n}" / manifest.FILE_NAME).stat().st_size for n in (5, 45)}
    per_learner = (size[45] - size[5]) / 40
    assert per_learner < 80, per_learner  # the folder name, its CSV line and notes; 6.9 kB in format 2
    # each learner's pack holds its own record: its answers, advice and files
    own = json.loads((tmp_path / "c5" / "pack-apprenant-00003-2027-03-01" / manifest.FILE_NAME).read_text("utf-8"))
    assert own["kind"] == "pack" and own["answers"]["answers"]["learner.name"] == "Apprenant 00003"
    assert "checklist.md" in own["files"] and any(i["id"].startswith("guide.") for i in own["items"])


def test_the_largest_record_the_tool_writes_is_one_it_reads(tmp_path):
    """The cohort's record grows with the learner list: its refused rows are kept (name and reasons)
    to rebuild the summary. Rows sharing one name as long as the CSV reader takes (128 KiB) are each
    refused and kept twice over (the name, and the reason quoting it), which makes the largest record
    per byte of learner list: here over the old 16 MiB read limit, and `status` and `update` read it."""
    from mobility_advisor.season.learners import MAX_BYTES

    name = "Ab " * (40 * 1024)  # 120 KiB, under the csv module's 128 KiB field limit
    twins = 80
    tail = "".join(f"{name};01/03/2027;26/03/2027;X;Y;Z\n" for _ in range(twins))
    assert len(tail.encode("utf-8")) < MAX_BYTES  # a list `cohort` accepts
    r = _cohort(tmp_path, 2, "big", "--keep-going", bad_tail=tail)
    assert r.returncode == 1, r.stderr[-2000:]  # rows refused, the good ones written
    assert f"{twins} lignes refusées" in r.stdout
    assert (tmp_path / "big" / manifest.FILE_NAME).stat().st_size > 16 * 1024 * 1024
    s = run(tmp_path, "status", "big", "--format", "json")
    assert s.returncode == 0, s.stderr[-2000:]
    assert len(json.loads(s.stdout)["mobilities"]) == 2
    u = run(tmp_path, "update", "--dry-run", "big", today="2026-11-24")
    assert u.returncode == 0, u.stderr[-2000:]
    assert "big : cohorte de 2 apprenants." in u.stdout


def test_a_format_2_cohort_is_read_and_updated_into_format_3(tmp_path):
    r = _cohort(tmp_path, 3, "old")
    assert r.returncode == 0, r.stderr
    folder = tmp_path / "old"
    as_format_2(folder)
    assert not (folder / "pack-apprenant-00001-2027-03-01" / manifest.FILE_NAME).exists()
    s = run(tmp_path, "status", "old", "--format", "json")
    assert s.returncode == 0, s.stderr
    assert sorted(m["learner"] for m in json.loads(s.stdout)["mobilities"]) == [
        "Apprenant 00000", "Apprenant 00001", "Apprenant 00002"]
    edited = folder / "pack-apprenant-00001-2027-03-01" / "learning_agreement.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nSigné le 3 février.\n", encoding="utf-8")
    u = run(tmp_path, "update", "old", today="2026-11-24")
    assert u.returncode == 0, u.stderr
    doc = json.loads((folder / manifest.FILE_NAME).read_text(encoding="utf-8"))
    assert doc["format"] == 3 and "advice" not in doc and set(doc["files"]) == {"cohort-summary.md",
                                                                               "cohort-summary.csv"}
    own = json.loads((edited.parent / manifest.FILE_NAME).read_text(encoding="utf-8"))
    assert own["beside"] == {"learning_agreement.new.md": "learning_agreement.md"}  # the edit kept, known
    assert "Signé le 3 février." in edited.read_text(encoding="utf-8")
    s = run(tmp_path, "status", "old", "--format", "json")
    assert s.returncode == 0 and len(json.loads(s.stdout)["mobilities"]) == 3


def test_a_learner_left_out_of_a_new_cohort_loses_only_its_unchanged_files(tmp_path):
    assert _cohort(tmp_path, 3, "c").returncode == 0
    gone = tmp_path / "c" / "pack-apprenant-00002-2027-03-01"
    (gone / "scan.pdf").write_bytes(b"%PDF the referent's scan")
    r = run(tmp_path, "cohort", "--answers", str(DATA / "cohort-common.yaml"), "--learners",
            str(_learners_csv(tmp_path / "two.csv", 2)), "-o", "c", "--force", today="2026-11-24")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in gone.iterdir()) == ["scan.pdf"]  # its record went with its files
    doc = json.loads((tmp_path / "c" / manifest.FILE_NAME).read_text(encoding="utf-8"))
    assert list(doc["packs"]) == ["pack-apprenant-00000-2027-03-01", "pack-apprenant-00001-2027-03-01"]


def test_a_learner_whose_own_record_is_corrupt_is_said_and_the_others_shown(tmp_path):
    assert _cohort(tmp_path, 3, "c").returncode == 0
    (tmp_path / "c" / "pack-apprenant-00001-2027-03-01" / manifest.FILE_NAME).write_text("{", encoding="utf-8")
    s = run(tmp_path, "status", "c", "--format", "json")
    assert s.returncode == 1
    assert len(json.loads(s.stdout)["mobilities"]) == 2
    assert "pack-apprenant-00001-2027-03-01 : fichier de suivi du dossier illisible (not valid JSON)" in s.stderr
    assert "Traceback" not in s.stderr


def test_status_reads_a_cohort_one_learner_at_a_time(tmp_path):
    """`status` keeps one learner in memory: the next learner's record is read only when the
    previous one has been printed."""
    from datetime import date

    from mobility_advisor.season import status

    assert _cohort(tmp_path, 3, "c").returncode == 0
    (tmp_path / "c" / "pack-apprenant-00002-2027-03-01" / manifest.FILE_NAME).write_text("{", encoding="utf-8")
    unread: list = []
    rows = status.each([tmp_path / "c"], date(2027, 2, 1), "fr", unread)
    first = next(rows)
    assert first.learner == "Apprenant 00000" and unread == []  # the broken third not read yet
    assert [m.learner for m in rows] == ["Apprenant 00001"] and len(unread) == 1


def test_an_update_plan_keeps_only_names_and_lines_per_learner(tmp_path):
    """`update` checks and describes every learner before writing, keeping of each only its folder
    name and its description (the rendered packs are let go): the plan grows by a few hundred bytes
    per learner, whatever the pack's size."""
    import pickle
    from datetime import date

    from mobility_advisor.season import update
    from mobility_advisor.rules.loader import load_tree

    tree = load_tree()
    sizes = {}
    for n in (2, 8):
        assert _cohort(tmp_path, n, f"c{n}").returncode == 0
        plan = update.plan(tree, tmp_path / f"c{n}", date(2026, 11, 24), "fr")
        assert isinstance(plan, update.CohortPlan) and len(plan.learners) == n
        kept = {k: v for k, v in vars(plan).items() if k not in ("tree", "old")}
        assert all(isinstance(x, str) for x in [*plan.learners, *plan.lines])
        sizes[n] = len(pickle.dumps(kept))
    assert (sizes[8] - sizes[2]) / 6 < 500, sizes


def test_a_learner_folder_removed_by_hand_is_said_by_status_and_update(tmp_path):
    assert _cohort(tmp_path, 3, "c").returncode == 0
    import shutil

    shutil.rmtree(tmp_path / "c" / "pack-apprenant-00001-2027-03-01")
    s = run(tmp_path, "status", "c", "--format", "json")
    assert s.returncode == 1 and len(json.loads(s.stdout)["mobilities"]) == 2
    assert "pack-apprenant-00001-2027-03-01 : fichier ou dossier introuvable" in s.stderr
    before = {p: p.read_bytes() for p in (tmp_path / "c").rglob("*") if p.is_file()}
    u = run(tmp_path, "update", "c", today="2026-11-24")
    assert u.returncode == 2
    assert "pack-apprenant-00001-2027-03-01 : dossier introuvable" in u.stderr
    assert {p: p.read_bytes() for p in (tmp_path / "c").rglob("*") if p.is_file()} == before
