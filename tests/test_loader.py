"""Loading: the shipped tree, and clear located errors for broken files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mobility_advisor.rules.loader import load, load_tree
from mobility_advisor.rules.model import Text
from mobility_advisor.rules.problems import RuleError

from conftest import ROOT, every_language


def test_shipped_tree_loads(tree):
    assert tree.start == "goals"
    assert {"goals", "mobility.start", "mobility.end", "certification.certifier"} <= set(tree.questions)
    assert tree.files and all(f.endswith(".yaml") for f in tree.files)


def test_every_node_knows_where_it_was_written(tree):
    q = tree.questions["mobility.end"]
    assert q.at.file.endswith("entry.yaml") and q.at.line > 1
    line = (ROOT / "rules" / "entry.yaml").read_text(encoding="utf-8").splitlines()[q.at.line - 1]
    assert "mobility.end" in line


def _texts(tree):
    for q in tree.questions.values():
        yield q.id, q.text
        if q.help:
            yield q.id, q.help
        for c in q.choices:
            yield f"{q.id}:{c.value}", c.label
    for o in tree.outcomes:
        for t in (o.text, o.tip, o.check_with, o.title):
            if t is not None:
                yield o.id, t


def test_no_missing_or_empty_translation(tree):
    texts = list(_texts(tree))
    assert len(texts) > 50
    for ident, t in texts:
        assert isinstance(t, Text)
        assert t.fr.strip() and t.en.strip(), ident


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


MINI = """version: 1
start: a
seeds:
  - {file: s.txt, title: {fr: S, en: S}}
questions:
  - id: a
    kind: yesno
    text: {fr: "Question ?", en: "Question?"}
    help: {fr: Aide, en: Help}
"""
MINI = every_language(MINI)


def test_missing_translation_is_located(tmp_path):
    p = write(tmp_path, "r.yaml", MINI.replace('en: "Question?"', 'en: ""'))
    tree, problems = load([p])
    assert tree is None
    assert any(pr.at.line == 8 and "text.en is empty" in pr.message for pr in problems), problems


def test_unknown_key_suggests(tmp_path):
    p = write(tmp_path, "r.yaml", MINI + "    nxt: b\n")
    with pytest.raises(RuleError) as e:
        load_tree([p])
    (pr,) = e.value.problems
    assert pr.at.line == 10 and "did you mean 'next'" in pr.message


def test_broken_rules_give_one_line_without_traceback(tmp_path):
    p = write(tmp_path, "r.yaml", "version: 1\nquestions: [\n")
    r = subprocess.run([sys.executable, "-m", "mobility_advisor", "validate", "--lang", "en", str(p)],
                       capture_output=True, text=True)  # validate follows the locale: English asked
    assert r.returncode == 1
    assert "Traceback" not in r.stdout + r.stderr
    assert "r.yaml:3:1: error: YAML syntax error" in r.stdout
