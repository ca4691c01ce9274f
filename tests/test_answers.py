"""Answers files: replay, errors that name the question, and the round trip."""

from __future__ import annotations

import re

import subprocess
import sys
from datetime import date

import pytest

from mobility_advisor.inputs import answers as answers_mod
from mobility_advisor.rules.problems import InputError

from conftest import profile


def full(**extra):
    a = {"goals": ["participation"], **profile(), "participation.attestation": True,
         "participation.other_evidence": False}
    a.update(extra)
    return a


def test_round_trip(tree, tmp_path):
    p = tmp_path / "a.yaml"
    answers_mod.save(p, full(), "fr")
    af = answers_mod.load(p)
    assert af.lang == "fr"
    assert answers_mod.resolve(tree, af.answers) == full()
    assert "2027-03-01" in p.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "change,expect",
    [
        ({"mobility.end": "2027-02-30"}, "question 'mobility.end': 2027-02-30 is not a day of the calendar"),
        ({"mobility.end": "2027-02-01"}, "question 'mobility.end': 2027-02-01 is before the start date (2027-03-01)"),
        ({"mobility.funding": "lottery"}, "question 'mobility.funding': expected one of: erasmus, other"),
        ({"learner.name": "  "}, "question 'learner.name': this answer may not be empty"),
        ({"goals": ["holiday"]}, "question 'goals': holiday not among"),
        ({"learner.nmae": "x"}, "unknown question id: learner.nmae"),
    ],
)
def test_bad_answer_names_question(tree, change, expect):
    a = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in full().items()}
    a.update(change)
    with pytest.raises(InputError) as e:
        answers_mod.resolve(tree, a, source="a.yaml")
    assert expect in str(e.value)


def test_missing_answer_says_what_is_expected(tree):
    a = full()
    del a["mobility.start"]
    with pytest.raises(InputError, match=r"question 'mobility.start' is not answered; expected a date \(YYYY-MM-DD or DD/MM/YYYY\)"):
        answers_mod.resolve(tree, a)


def test_answers_not_on_the_path_are_ignored(tree):
    a = full(**{"men.diploma": "cap"})  # certification not chosen
    assert "men.diploma" not in answers_mod.resolve(tree, a)


@pytest.mark.parametrize("text,expect", [
    ("answers: [1, 2]\n", "expected a mapping with an 'answers:' section"),
    ("lang: it\nanswers: {}\n", "lang is 'it'; expected one of fr, en, es, ca, de"),
    ("answers: {goals: &a [x]}\n", "anchors"),
    ("answers: !!python/object:os.system {}\n", "custom YAML tag"),
])
def test_broken_answers_file(tmp_path, monkeypatch, text, expect):
    monkeypatch.setenv("LANG", "en_GB.UTF-8")  # the file's language is not known yet: the user's locale
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    p = tmp_path / "a.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(expect)):
        answers_mod.load(p)


def test_a_broken_answers_file_is_said_in_the_users_language(tmp_path, monkeypatch):
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    p = tmp_path / "a.yaml"
    p.write_text("answers: [1, 2]\n", encoding="utf-8")
    for locale, says in (("de_DE.UTF-8", "erwartet wird ein Abschnitt „answers:“"),
                         ("es_ES.UTF-8", "se espera una parte «answers:»"),
                         ("fr_FR.UTF-8", "une partie « answers: » est attendue")):
        monkeypatch.setenv("LANG", locale)
        with pytest.raises(InputError, match=re.escape(says)):
            answers_mod.load(p)


def test_cli_bad_answers_file_exit_2_no_traceback(tmp_path):
    p = tmp_path / "a.yaml"
    p.write_text("version: 1\nanswers:\n  goals: [participation]\n  learner.name: ''\n", encoding="utf-8")
    for lang, says in (("en", "question 'learner.name': this answer may not be empty"),
                       ("fr", "question 'learner.name' : cette réponse ne peut pas être vide")):
        r = subprocess.run([sys.executable, "-m", "mobility_advisor", "ask", "--answers", str(p), "--lang", lang,
                            "-o", str(tmp_path / "out")], capture_output=True, text=True)
        assert r.returncode == 2, r.stderr
        assert says in r.stderr
        assert "Traceback" not in r.stderr
        assert not (tmp_path / "out").exists()


def test_cli_without_terminal_or_answers_exits_2(tmp_path):
    r = subprocess.run([sys.executable, "-m", "mobility_advisor", "ask", "--lang", "en"], capture_output=True,
                       text=True, stdin=subprocess.DEVNULL, cwd=tmp_path)
    assert r.returncode == 2
    assert "mobility-advisor ask --answers" in r.stderr
    assert list(tmp_path.iterdir()) == []
