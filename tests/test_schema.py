"""The shipped JSON Schema: generated from spec.py, valid, and in agreement with the loader."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest

from mobility_advisor.rules import spec
from mobility_advisor.rules.loader import load
from mobility_advisor.rules.yamlsafe import parse

from conftest import ROOT, every_language

SCHEMA_FILE = ROOT / "schema" / "rules.schema.json"
RULE_FILES = sorted(p for p in (ROOT / "rules").rglob("*") if p.suffix in (".yaml", ".yml"))


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_shipped_schema_is_generated_from_spec():
    """Regenerate with: python -m mobility_advisor.rules.spec > schema/rules.schema.json"""
    assert SCHEMA_FILE.read_text(encoding="utf-8") == spec.schema_text()


def test_schema_is_valid_draft_2020_12():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def _data(path: Path):
    """The file as plain JSON data (what an editor's yaml-language-server checks)."""
    return json.loads(json.dumps(parse(path.read_text(encoding="utf-8"), path.name)))


def test_there_are_rule_files():
    assert len(RULE_FILES) >= 8


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_rule_file_validates_against_the_schema(path, validator):
    errors = sorted(validator.iter_errors(_data(path)), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_rule_file_points_editors_at_the_schema(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    rel = Path(os.path.relpath(SCHEMA_FILE, path.parent)).as_posix()
    assert first == f"# yaml-language-server: $schema={rel}"
    assert (path.parent / rel).resolve() == SCHEMA_FILE.resolve()


GOOD = """version: 1
start: a
seeds:
  - {file: s.txt, title: {fr: S, en: S}}
questions:
  - id: a
    kind: single
    text: {fr: "Question ?", en: "Question?"}
    help: {fr: Aide, en: Help}
    when: {all: [{fact: days_to_start, below: 3}, {not: {answer: b, answered: true}}]}
    choices:
      - {value: x, label: {fr: X, en: X}, tags: [t]}
      - {value: y, label: {fr: Y, en: Y}, next: b}
outcomes:
  - id: o
    kind: step
    phase: before
    text: {fr: "Faire.", en: "Do."}
    due: {anchor: start, relation: before, offset_days: -3}
    source: [{seed: s.txt, section: "1"}]
routes:
  - id: r
    label: {fr: R, en: R}
    answers: {a: x, b.c: [1, 2]}
"""

# Each breaks the structure in one way: the loader and the schema must both refuse it.
BROKEN = {
    "missing version": ("version: 1\n", ""),
    "wrong version": ("version: 1", "version: 2"),
    "version as text": ("version: 1", "version: one"),
    "unknown top key": ("start: a", "start: a\nbegin: a"),
    "unknown question key": ("    kind: single", "    kind: single\n    nxt: b"),
    "bad kind": ("kind: single", "kind: radio"),
    "bad id": ("  - id: a\n", "  - id: A-1\n"),
    "empty translation": ('en: "Question?"', 'en: "   "'),
    "missing translation": ('{fr: "Question ?", en: "Question?"}', '{fr: "Question ?"}'),
    "text not a mapping": ('text: {fr: "Question ?", en: "Question?"}', 'text: "Question ?"'),
    "one choice only": ("      - {value: y, label: {fr: Y, en: Y}, next: b}\n", ""),
    "bad choice value": ("{value: x,", "{value: X Y,"),
    "condition with two ops": ("{answer: b, answered: true}", "{answer: b, answered: true, is: x}"),
    "condition unknown op": ("{answer: b, answered: true}", "{answer: b, equals: x}"),
    "fact with answer op": ("{fact: days_to_start, below: 3}", "{fact: days_to_start, is: 3}"),
    "unknown fact": ("{fact: days_to_start, below: 3}", "{fact: weeks_to_start, below: 3}"),
    "answered not boolean": ("answered: true}", "answered: maybe}"),
    "empty all": ("{all: [{fact: days_to_start, below: 3}, {not: {answer: b, answered: true}}]}", "{all: []}"),
    "outcome without source": ('    source: [{seed: s.txt, section: "1"}]\n', ""),
    "empty source list": ('source: [{seed: s.txt, section: "1"}]', "source: []"),
    "bad phase": ("phase: before", "phase: later"),
    "offset out of range": ("offset_days: -3", "offset_days: -400"),
    "bad due anchor": ("anchor: start", "anchor: beginning"),
    "route answers a list": ("answers: {a: x, b.c: [1, 2]}", "answers: [a, x]"),
    "route answer key not an id": ("answers: {a: x, b.c: [1, 2]}", "answers: {A B: x}"),
    "questions not a list": ("questions:\n", "questions: {}\nx:\n"),
    "max_length as text": ("    kind: single", "    kind: single\n    max_length: long"),
    "optional as text": ("    kind: single", "    kind: single\n    optional: perhaps"),
}


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "r.yaml"
    p.write_text(every_language(text), encoding="utf-8")
    return p


def test_loader_refuses_an_id_with_a_final_newline(tmp_path):
    """Python's `$` also matches before a final newline; the loader uses fullmatch, as an
    editor's (ECMAScript) schema check does. Python's jsonschema would accept it."""
    p = _write(tmp_path, GOOD.replace("  - id: a\n", '  - id: "a\\n"\n', 1))
    tree, problems = load([p])
    assert tree is None and any("is not a valid id" in pr.message for pr in problems)


def test_good_file_passes_both(tmp_path, validator):
    p = _write(tmp_path, GOOD)
    assert list(validator.iter_errors(_data(p))) == []
    _, problems = load([p])
    assert [pr for pr in problems if pr.code == "structure"] == []


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_file_refused_by_both(tmp_path, validator, name):
    old, new = BROKEN[name]
    assert old in GOOD, name
    p = _write(tmp_path, GOOD.replace(old, new, 1))
    tree, problems = load([p])
    structural = [pr for pr in problems if pr.code == "structure"]
    schema_errors = list(validator.iter_errors(_data(p)))
    assert structural and tree is None, f"loader accepts: {name}"
    assert schema_errors, f"schema accepts: {name}"
