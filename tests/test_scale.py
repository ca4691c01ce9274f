"""Issue 17, scale: cohorts converted by several processes, status over many packs (behaviour only;
the times are measured by benchmarks/run.py)."""

from __future__ import annotations

import json
import shutil

from conftest import ROOT
from test_status import make_pack, run

DATA = ROOT / "tests" / "data"


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".mobility-advisor.json"}


def by_one_and_by_two(tmp_path, monkeypatch, *args: str) -> tuple[dict, dict]:
    """The cohort made by one process (folder `one`) and by two (`two`): each folder's files."""
    for jobs, out in (("1", "one"), ("2", "two")):
        monkeypatch.setenv("MOBILITY_ADVISOR_JOBS", jobs)
        r = run(tmp_path, "cohort", *args, "-o", out, today="2026-11-24")
        assert r.returncode == 0, r.stderr
    return files(tmp_path / "one"), files(tmp_path / "two")


def test_a_cohort_converted_by_several_processes_is_the_one_made_by_one(tmp_path, monkeypatch):
    one, two = by_one_and_by_two(tmp_path, monkeypatch, "--answers", str(DATA / "cohort-common.yaml"),
                                 "--learners", str(DATA / "cohort-learners.csv"), "--format", "md,html")
    assert one == two and sum(name.endswith(".html") for name in two) >= 3 * 5


def test_a_large_cohort_made_by_several_processes_is_the_one_made_by_one(tmp_path, monkeypatch):
    """From cohort_workers.MD_POOL_FROM learners, Markdown packs are made by one process per core: the
    packs, the summary and the manifest are those of one process, and `status` reads them."""
    from mobility_advisor.season.cohort_workers import MD_POOL_FROM

    rows = (DATA / "cohort-learners.csv").read_text(encoding="utf-8-sig").splitlines()
    header, first = rows[0], rows[1].split(";")
    lines = [header] + [";".join([f"Apprenant {i:03d}", *first[1:3], f"Entreprise {i % 7}", *first[4:]])
                        for i in range(MD_POOL_FROM + 6)]
    learners = tmp_path / "group.csv"
    learners.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one, two = by_one_and_by_two(tmp_path, monkeypatch, "--answers", str(DATA / "cohort-common.yaml"),
                                 "--learners", str(learners))
    assert one == two
    assert sum(name.endswith("/checklist.md") for name in two) == MD_POOL_FROM + 6
    manifest = lambda folder: json.loads((tmp_path / folder / ".mobility-advisor.json").read_text(encoding="utf-8"))
    assert manifest("one") == manifest("two")
    assert [p.name for p in (tmp_path / "two").iterdir() if p.name.startswith(".mobility-advisor.tmp")] == []
    s = run(tmp_path, "status", "two", "--format", "json")
    assert s.returncode == 0, s.stderr
    assert len(json.loads(s.stdout)["mobilities"]) == MD_POOL_FROM + 6


def test_a_pack_failure_survives_the_trip_back_from_a_worker():
    """A worker's _PackFailed reaches the main process by pickling: its CSV line and reason
    must survive it (an exception without its arguments cannot be rebuilt there)."""
    import pickle

    from mobility_advisor.season.cohort_workers import _PackFailed

    back = pickle.loads(pickle.dumps(_PackFailed(12, "refusing to write 'a/b'")))
    assert (back.line, back.why) == (12, "refusing to write 'a/b'")


def test_status_reads_every_pack_of_a_large_folder(tmp_path):
    first = make_pack(tmp_path, "first", "Léa Dupont", "2027-03-01", "2027-03-26")
    season = tmp_path / "season" / "2027"
    for i in range(60):
        shutil.copytree(first, season / f"pack-{i:02d}")
    r = run(tmp_path, "status", "season", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)["mobilities"]) == 60
