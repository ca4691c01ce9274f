"""`validate` says where each problem is (issue #13 item 12).

A bad `start:` is reported where `start` is written; a folder that loops, a broken link or
an unreadable folder is a problem at its own path, never skipped silently; a file name with
a newline keeps the text output one problem per line.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest

from mobility_advisor.cli import validate

from conftest import ROOT


@pytest.fixture
def rules(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    return tmp_path / "rules"


def run(*paths: Path, fmt: str = "text") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = validate.run(list(paths), fmt=fmt, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def line_of(path: Path, prefix: str) -> int:
    return next(i for i, line in enumerate(path.read_text("utf-8").splitlines(), 1) if line.startswith(prefix))


def test_a_bad_start_is_reported_where_start_is(rules):
    entry = rules / "entry.yaml"
    entry.write_text(entry.read_text("utf-8").replace("\nstart: ", "\nstart: nowhere_", 1), encoding="utf-8")
    code, out, _ = run(rules)
    assert code == 1
    n = line_of(entry, "start:")
    assert f"rules/entry.yaml:{n}:1: error: start: 'nowhere_" in out
    assert "btm.yaml:1:1" not in out


def test_a_symbolic_link_loop_is_a_problem_at_the_link(rules):
    (rules / "certification" / "again").symlink_to("..", target_is_directory=True)
    code, out, _ = run(rules)
    assert code == 1
    assert "rules/certification/again:1:1: error: symbolic link loop" in out
    assert "duplicate id" not in out  # the rules below it are read once


def test_a_link_to_itself_and_a_broken_link_are_problems(rules):
    (rules / "self.yaml").symlink_to("self.yaml")
    (rules / "gone.yaml").symlink_to("nothing-here.yaml")
    code, out, _ = run(rules)
    assert code == 1
    assert "rules/self.yaml:1:1: error: cannot read: Too many levels of symbolic links" in out
    assert "rules/gone.yaml:1:1: error: broken symbolic link" in out


def test_a_second_link_to_a_folder_is_read_once_with_a_warning(rules, tmp_path):
    (tmp_path / "more").symlink_to(rules / "certification", target_is_directory=True)
    code, out, _ = run(rules, tmp_path / "more")
    assert "more:1:1: warning: same folder as rules/certification" in out
    assert "duplicate id" not in out and code == 0


def test_an_unreadable_folder_is_reported_not_skipped(rules, monkeypatch):
    # tests run as root, for whom chmod 000 changes nothing: the folder refuses to be listed
    locked = rules / "certification"
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, out, _ = run(rules)
    assert code == 1
    assert "rules/certification:1:1: error: cannot read folder: Permission denied" in out
    assert "not a question" not in out and "unknown" not in out  # no misleading follow-up errors


def test_a_file_name_with_a_newline_keeps_one_problem_per_line(rules):
    (rules / "bad\nname.yaml").write_text("just text\n", encoding="utf-8")
    code, out, _ = run(rules)
    assert code == 1
    lines = out.splitlines()
    assert "rules/bad\\nname.yaml:1:1: error: file must be a rule file (key: value lines), not text" in lines
    assert all(":" in line and (": error: " in line or ": warning: " in line) for line in lines)
    code, out, _ = run(rules, fmt="json")
    assert any(p["file"] == "rules/bad\nname.yaml" for p in json.loads(out)["problems"])
