"""Hostile or broken rule files are refused cleanly (no traceback), located, and quickly."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from test_validate import ENTRY, check_output, edit, rules, run_validate  # noqa: F401 (fixture)

BILLION_LAUGHS = """version: 1
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def timed(rules_dir: Path, *args: str):
    t0 = time.perf_counter()
    proc = run_validate(*args, "rules", cwd=rules_dir.parent)
    return proc, time.perf_counter() - t0


def test_billion_laughs_refused_quickly(rules):
    (rules / "laughs.yaml").write_text(BILLION_LAUGHS, encoding="utf-8")
    proc, seconds = timed(rules)
    check_output(proc, 1, "rules/laughs.yaml:2", "YAML anchors (&name) are not allowed")
    assert seconds < 5, seconds


def test_alias_without_anchor_refused(rules):
    line = edit(rules / "entry.yaml", "start: goals", "start: *goals")
    check_output(run_validate("rules", cwd=rules.parent), 1, f"{ENTRY}:{line}", "aliases")


def test_merge_key_refused(rules):
    line = edit(rules / "entry.yaml", "start: goals", "start: goals\n<<: {version: 1}") + 1
    check_output(run_validate("rules", cwd=rules.parent), 1, f"{ENTRY}:{line}", "not allowed")


def test_50_mb_file_refused_quickly(rules):
    with (rules / "huge.yaml").open("w", encoding="utf-8") as fh:
        fh.write("version: 1\n")
        chunk = "# " + "x" * 1021 + "\n"
        for _ in range(50 * 1024):
            fh.write(chunk)
    proc, seconds = timed(rules)
    check_output(proc, 1, "rules/huge.yaml:1", "MiB")
    assert seconds < 5, seconds


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system", "!!python/name:os.system", "!custom",
                                 "!!binary", "!!set"])
def test_custom_tags_refused_and_never_run(rules, tmp_path, tag):
    marker = tmp_path / "pwned"
    line = edit(rules / "entry.yaml", "start: goals", f"start: goals\nx: {tag} ['touch {marker}']") + 1
    check_output(run_validate("rules", cwd=rules.parent), 1, f"{ENTRY}:{line}", "tag")
    assert not marker.exists()


def test_yaml_syntax_error(rules):
    line = edit(rules / "entry.yaml", "start: goals", "start: [goals")
    proc = run_validate("rules", cwd=rules.parent)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "Traceback" not in out
    # libyaml reports an unclosed flow where it notices it: at or after the opening line
    m = [ln for ln in proc.stdout.splitlines() if ln.startswith(ENTRY + ":") and "YAML syntax error" in ln]
    assert m and int(m[0].split(":")[1]) >= line, out


def test_tab_indentation_is_a_located_syntax_error(rules):
    line = edit(rules / "entry.yaml", "    kind: multiple", "\tkind: multiple")
    check_output(run_validate("rules", cwd=rules.parent), 1, f"{ENTRY}:{line}", "YAML syntax error")


def test_non_utf8_bytes(rules):
    f = rules / "entry.yaml"
    data = f.read_bytes()
    line = data.count(b"\n", 0, data.index(b"start: goals")) + 1
    f.write_bytes(data.replace(b"start: goals", b"start: goals # caf\xe9", 1))
    check_output(run_validate("rules", cwd=rules.parent), 1, f"{ENTRY}:{line}", "not valid UTF-8")


def test_control_character(rules):
    line = edit(rules / "entry.yaml", "start: goals", "start: goals\x00")
    check_output(run_validate("rules", cwd=rules.parent), 1, f"{ENTRY}:{line}", "U+0000 is not allowed")


def test_deep_nesting_refused_quickly(rules):
    (rules / "deep.yaml").write_text("version: 1\nx: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    proc, seconds = timed(rules)
    check_output(proc, 1, "rules/deep.yaml:2", "nested deeper than 40 levels")
    assert seconds < 5, seconds


def test_deeply_nested_condition_refused(rules):
    cond = "{not: " * 60 + "{answer: goals, answered: true}" + "}" * 60
    line = edit(rules / "entry.yaml", "when: {answer: learner.apprentice, is: true}", f"when: {cond}")
    check_output(run_validate("rules", cwd=rules.parent), 1, f"{ENTRY}:{line}", "nested deeper")


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n", "---\n", "~\n"])
def test_empty_file(rules, content):
    (rules / "empty.yaml").write_text(content, encoding="utf-8")
    check_output(run_validate("rules", cwd=rules.parent), 1, "rules/empty.yaml:1", "file is empty")


@pytest.mark.parametrize("content,words", [
    ("- a\n- b\n", "must be a rule file"),
    ("just text\n", "must be a rule file"),
    ("version: 1\n---\nversion: 1\n", "only one YAML document"),
])
def test_not_a_rule_file(rules, content, words):
    (rules / "odd.yaml").write_text(content, encoding="utf-8")
    proc = run_validate("rules", cwd=rules.parent)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "Traceback" not in out
    assert any(ln.startswith("rules/odd.yaml:") and words in ln for ln in proc.stdout.splitlines()), out


def test_duplicate_key(rules):
    line = edit(rules / "entry.yaml", "start: goals", "start: goals\nstart: goals") + 1
    check_output(run_validate("rules", cwd=rules.parent), 1, f"{ENTRY}:{line}", "duplicate key 'start'")


def test_number_too_long(rules):
    line = edit(rules / "entry.yaml", "version: 1", "version: 1" + "0" * 5000)
    check_output(run_validate("rules", cwd=rules.parent), 1, f"{ENTRY}:{line}", "number too long")


@pytest.mark.parametrize("value", ["[goals, men]", "just text", "42", "{1: x}"])
def test_route_answers_not_a_mapping_of_ids(rules, value):
    line = edit(rules / "routes.yaml", "answers: {goals: [learning_outcomes]}",
                f"answers: {value}")
    check_output(run_validate("rules", cwd=rules.parent), 1, f"rules/routes.yaml:{line}", "answers")


def test_folder_with_no_rule_file(tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "notes.txt").write_text("not a rule file\n", encoding="utf-8")
    check_output(run_validate("rules", cwd=tmp_path), 1, "rules:1", "no rule file (*.yaml) in this folder")


def test_rule_file_that_is_not_a_regular_file_is_skipped_or_refused(rules):
    (rules / "dir.yaml").mkdir()  # a folder named like a rule file is not read as one
    proc = run_validate("rules", cwd=rules.parent)
    assert proc.returncode == 0 and "Traceback" not in proc.stdout + proc.stderr


def test_many_problems_in_many_files_all_reported(rules):
    (rules / "a.yaml").write_text("version: 1\nx: &a 1\n", encoding="utf-8")
    (rules / "b.yaml").write_bytes(b"version: 1\n\xff\n")
    (rules / "c.yaml").write_text("", encoding="utf-8")
    proc = run_validate("--format", "json", "rules", cwd=rules.parent)
    import json

    doc = json.loads(proc.stdout)
    assert proc.returncode == 1 and doc["errors"] == 3
    assert [(p["file"], p["line"]) for p in doc["problems"]] == [
        ("rules/a.yaml", 2), ("rules/b.yaml", 2), ("rules/c.yaml", 1)]
