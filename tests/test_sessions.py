"""The wizard's answers survive whatever happens after "Write the pack" (issue 13, item 5).

The questions themselves are driven in a pseudo-terminal (test_ask_tty.py); here the
wizard returns its answers at once and the writing fails on purpose, in-process.
"""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
import typer

from mobility_advisor.inputs import answers as answers_mod
from mobility_advisor.cli.commands import session, writing
from mobility_advisor.pack import staging
from mobility_advisor.cli import sessions
from mobility_advisor.cli.wizard import Wizard

from test_packdir import README_ANSWERS


@pytest.fixture()
def given(tree, tmp_path, monkeypatch):
    """The wizard answers everything (saving after each answer, as it does) and chooses "Write"."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("MOBILITY_ADVISOR_TODAY", "2026-11-24")
    (tmp_path / "a.yaml").write_text(README_ANSWERS, encoding="utf-8")
    full = answers_mod.resolve(tree, answers_mod.load(tmp_path / "a.yaml").answers)

    def run(self, start=None, on_change=None):
        so_far = {}
        for k, v in full.items():
            so_far[k] = v
            on_change(dict(so_far))
        return dict(full)

    monkeypatch.setattr(Wizard, "run", run)
    return full


def wizard(tree, tmp_path, lang="en"):
    return session.run_session(tree, None, lang, None, None, tmp_path / "pack", False, ("md",))


def only_session() -> Path:
    (path,) = sorted(sessions.folder().glob("*.yaml"))
    return path


@pytest.mark.parametrize("where", ["convert", "write"])
def test_ctrl_c_while_the_pack_is_converted_or_written_keeps_the_answers(tree, tmp_path, monkeypatch, capsys,
                                                                        given, where):
    def interrupt(*a, **kw):
        raise KeyboardInterrupt

    monkeypatch.setattr(*((writing, "convert") if where == "convert" else (staging.Stage, "write")), interrupt)
    with pytest.raises(typer.Exit) as stop:
        wizard(tree, tmp_path)
    assert stop.value.exit_code == 130
    path = only_session()
    err = capsys.readouterr().err
    assert str(path) in err and "mobility-advisor ask --resume" in err and "no pack written" in err
    kept = answers_mod.load(path)
    assert kept.lang == "en" and kept.answers["learner.name"] == "Léa Dupont"
    assert kept.answers["mobility.start"] == "2027-03-01" and len(kept.answers) == len(given)
    assert path.stat().st_mode & 0o777 == 0o600 and path.parent.stat().st_mode & 0o777 == 0o700
    assert not (tmp_path / "pack").exists()


def test_an_error_after_the_summary_keeps_the_answers_and_says_where(tree, tmp_path, monkeypatch, capsys, given):
    def crash(*a, **kw):
        raise RuntimeError("a bug while rendering")

    monkeypatch.setattr(writing, "convert", crash)
    with pytest.raises(RuntimeError):
        wizard(tree, tmp_path, "fr")
    path = only_session()
    err = capsys.readouterr().err
    assert f"Vos {len(given)} réponses sont conservées dans {path}" in err and "ask --resume" in err
    assert answers_mod.load(path).answers["tutor.name"] == "Anna Schulz"


def test_disk_full_while_writing_keeps_the_answers(tree, tmp_path, monkeypatch, capsys, given):
    def full(*a, **kw):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(staging.Stage, "write", full)
    with pytest.raises(typer.Exit) as stop:
        wizard(tree, tmp_path)
    assert stop.value.exit_code == 2
    err = capsys.readouterr().err
    assert "no space left on the disk" in err and str(only_session()) in err


def test_the_session_ends_when_the_pack_is_written(tree, tmp_path, given):
    wizard(tree, tmp_path)
    assert (tmp_path / "pack" / "index.md").is_file()
    assert list(sessions.folder().glob("*.yaml")) == []


def test_an_unwritable_state_folder_warns_once_and_the_pack_is_still_written(tree, tmp_path, monkeypatch,
                                                                             capsys, given):
    def refused(*a, **kw):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(sessions, "save", refused)
    wizard(tree, tmp_path)
    err = capsys.readouterr().err
    assert err.count("cannot save your answers") == 1 and "the disk is read-only" in err
    assert (tmp_path / "pack" / "index.md").is_file()


def test_a_resume_file_of_an_earlier_version_is_offered(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    legacy = tmp_path / "state" / "mobility-advisor" / "resume.yaml"
    legacy.parent.mkdir(parents=True)
    legacy.write_text("version: 1\nlang: en\nanswers:\n  learner.name: Léa\n", encoding="utf-8")
    (found,) = sessions.pending()
    assert found.path == legacy and found.lang == "en" and found.name == "Léa"
