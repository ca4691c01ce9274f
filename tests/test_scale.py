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


def test_a_cohort_converted_by_several_processes_is_the_one_made_by_one(tmp_path, monkeypatch):
    args = ["cohort", "--answers", str(DATA / "cohort-common.yaml"), "--learners", str(DATA / "cohort-learners.csv"),
            "--format", "md,html"]
    monkeypatch.setenv("MOBILITY_ADVISOR_JOBS", "1")
    assert run(tmp_path, *args, "-o", "one", today="2026-11-24").returncode == 0
    monkeypatch.setenv("MOBILITY_ADVISOR_JOBS", "2")
    r = run(tmp_path, *args, "-o", "two", today="2026-11-24")
    assert r.returncode == 0, r.stderr
    one, two = files(tmp_path / "one"), files(tmp_path / "two")
    assert one == two and sum(name.endswith(".html") for name in two) >= 3 * 5


def test_status_reads_every_pack_of_a_large_folder(tmp_path):
    first = make_pack(tmp_path, "first", "Léa Dupont", "2027-03-01", "2027-03-26")
    season = tmp_path / "season" / "2027"
    for i in range(60):
        shutil.copytree(first, season / f"pack-{i:02d}")
    r = run(tmp_path, "status", "season", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)["mobilities"]) == 60
