"""`mobility-advisor validate`: each structural and semantic problem, on a copy of the shipped rules.

Every mutation test copies `rules/`, changes one thing in one file, runs the real
command in a subprocess and asserts the exit code, the exact `file:line` reported
and that no traceback was printed. Line numbers are found in the copied file, so
the tests follow the rule files as they are edited.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mobility_advisor.rules import checks, route_checks
from mobility_advisor.rules.loader import load
from mobility_advisor.rules.model import Location
from mobility_advisor.rules.problems import Problem
from mobility_advisor.cli.validate import format_github, format_json, format_text

from conftest import ROOT, every_language
from mobility_advisor.rules.model import LANGS


# --- helpers shared with test_hostile.py -------------------------------------------------------


def run_validate(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    # in English whatever the machine's locale: these tests read the messages as the checks write them
    return subprocess.run(
        [sys.executable, "-m", "mobility_advisor", "validate", "--lang", "en", *args],
        cwd=cwd, capture_output=True, text=True, timeout=60,
    )


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    """A fresh copy of the shipped rules; the command runs in tmp_path, so paths read `rules/...`."""
    dst = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", dst)
    return dst


def line_of(path: Path, needle: str, after: str | None = None) -> int:
    """1-based number of the first line containing `needle` (after the line containing `after`)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = 0
    if after is not None:
        start = next(i for i, ln in enumerate(lines) if after in ln) + 1
    for i in range(start, len(lines)):
        if needle in lines[i]:
            return i + 1
    raise AssertionError(f"{needle!r} not in {path}")


def edit(path: Path, old: str, new: str, after: str | None = None) -> int:
    """Replace the first `old` (after the line containing `after`); return its line number."""
    text = path.read_text(encoding="utf-8")
    pos = text.index(after) if after is not None else 0
    i = text.index(old, pos)
    path.write_text(text[:i] + new + text[i + len(old):], encoding="utf-8")
    return text.count("\n", 0, i) + 1


def check_output(proc: subprocess.CompletedProcess, code: int, where: str, words: str = "") -> str:
    """Exit code, a problem reported at `where` (file:line) containing `words`, no traceback."""
    out = proc.stdout + proc.stderr
    assert "Traceback" not in out, out
    assert proc.returncode == code, out
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith(where + ":")]
    assert lines, f"nothing reported at {where}:\n{out}"
    assert any(words in ln for ln in lines), f"{words!r} not at {where}:\n{out}"
    for ln in proc.stdout.splitlines():  # every line is file:line:col: severity: message
        assert re.match(r"^[^:]+:\d+:\d+: (error|warning): \S", ln), ln
    return out


# --- the shipped rules ------------------------------------------------------------------------


def test_shipped_rules_validate_clean():
    proc = run_validate("--strict", cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ""
    assert "0 errors, 0 warnings" in proc.stderr


def test_default_is_the_shipped_rules_and_a_copy_is_as_clean(rules):
    proc = run_validate("--strict", "rules", cwd=rules.parent)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# --- structure -------------------------------------------------------------------------------

ENTRY = "rules/entry.yaml"


def test_missing_required_key(rules):
    f = rules / "entry.yaml"
    edit(f, "    kind: text\n", "", after="- id: learner.name")
    line = line_of(f, "- id: learner.name")
    check_output(run_validate("rules", cwd=rules.parent), 1, f"{ENTRY}:{line}", "missing required key 'kind'")


def test_wrong_type(rules):
    line = edit(rules / "entry.yaml", "max_length: 120", "max_length: lots", after="- id: learner.name")
    check_output(run_validate("rules", cwd=rules.parent), 1, f"{ENTRY}:{line}", "must be a whole number")


def test_unknown_key_with_suggestion(rules):
    line = edit(rules / "entry.yaml", "    max_length: 120\n", "    max_length: 120\n    nxt: org.sending\n",
                after="- id: learner.name") + 1
    check_output(run_validate("rules", cwd=rules.parent), 1, f"{ENTRY}:{line}", "unknown key 'nxt' (did you mean 'next'?)")


def test_question_kind_not_allowed(rules):
    line = edit(rules / "entry.yaml", "kind: multiple", "kind: checkbox", after="- id: goals")
    check_output(run_validate("rules", cwd=rules.parent), 1, f"{ENTRY}:{line}", "expected one of: single, multiple")


def test_empty_translation(rules):
    line = edit(rules / "entry.yaml", "en: \"Learner's full name\"", 'en: "  "')
    check_output(run_validate("rules", cwd=rules.parent), 1, f"{ENTRY}:{line}", "text.en is empty")


def test_missing_translation(rules):
    f = rules / "entry.yaml"
    edit(f, "      en: \"Learner's full name\"\n", "")
    line = line_of(f, "    text:", after="- id: learner.name")  # reported at the key of the incomplete text
    check_output(run_validate("rules", cwd=rules.parent), 1, f"{ENTRY}:{line}", "missing required key 'en'")


def test_every_problem_at_once_across_files(rules):
    a = edit(rules / "entry.yaml", "max_length: 120", "max_length: lots")
    b = edit(rules / "certification" / "men.yaml", "kind: single", "kind: radio")
    proc = run_validate("rules", cwd=rules.parent)
    check_output(proc, 1, f"{ENTRY}:{a}")
    check_output(proc, 1, f"rules/certification/men.yaml:{b}")


# --- meaning ---------------------------------------------------------------------------------


def test_duplicate_id(rules):
    line = edit(rules / "entry.yaml", "- id: org.sending\n", "- id: learner.name\n")
    first = line_of(rules / "entry.yaml", "- id: learner.name")
    check_output(run_validate("rules", cwd=rules.parent), 1, f"{ENTRY}:{line}",
                 f"duplicate id 'learner.name' (first defined at {ENTRY}:{first}")


def test_reference_to_a_missing_question(rules):
    edit(rules / "entry.yaml", "next: learner.birth_date", "next: learner.nowhere")
    line = line_of(rules / "entry.yaml", "- id: learner.name")
    check_output(run_validate("rules", cwd=rules.parent), 1, f"{ENTRY}:{line}",
                 "leads to 'learner.nowhere', which is not a question")


def test_reference_to_a_missing_template(rules):
    f = rules / "participation.yaml"
    line_tpl = edit(f, "template: attestation_participation", "template: no_such_template")
    lines = f.read_text(encoding="utf-8").splitlines()
    line = max(i + 1 for i in range(line_tpl) if lines[i].lstrip().startswith("- id:"))
    check_output(run_validate("rules", cwd=rules.parent), 1, f"rules/participation.yaml:{line}",
                 "template no_such_template.md.j2 does not exist")


def test_condition_on_a_missing_answer(rules):
    line = edit(rules / "entry.yaml", "when: {answer: learner.apprentice, is: true}",
                "when: {answer: learner.apprentices, is: true}")
    check_output(run_validate("rules", cwd=rules.parent), 1, f"{ENTRY}:{line}",
                 "condition on 'learner.apprentices', which is not a question")


def test_condition_on_a_choice_that_does_not_exist(rules):
    line = edit(rules / "certification" / "men.yaml", "is: men}", "is: menn}")
    check_output(run_validate("rules", cwd=rules.parent), 1, f"rules/certification/men.yaml:{line}",
                 "'certification.certifier' has no choice 'menn'")


def test_cycle(rules):
    f = rules / "entry.yaml"
    edit(f, "next: learner.eqf_level\n", "next: learner.name\n", after="- id: learner.qualification")
    line = line_of(f, "- id: learner.qualification")
    check_output(run_validate("rules", cwd=rules.parent), 1, f"{ENTRY}:{line}",
                 "'learner.qualification' leads back to 'learner.name': the walk would loop")


def test_unreachable_question(rules):
    f = rules / "entry.yaml"
    edit(f, "next: learner.name", "next: learner.qualification", after="- id: goals")
    line = line_of(f, "- id: learner.name")
    check_output(run_validate("rules", cwd=rules.parent), 1, f"{ENTRY}:{line}",
                 "'learner.name' cannot be reached from the start")


def test_branch_that_leads_nowhere(rules):
    edit(rules / "certification" / "men.yaml", "  - id: men.diploma\n",
         "  - id: men.diploma\n    when: {answer: certification.certifier, is: qbid}\n")
    f = rules / "certification" / "common.yaml"
    line = line_of(f, "- value: men", after="- id: certification.certifier")
    check_output(run_validate("rules", cwd=rules.parent), 1, f"rules/certification/common.yaml:{line}",
                 "choice 'men' of 'certification.certifier' opens a branch that leads nowhere")


def test_condition_on_an_answer_not_given_yet(rules):
    line = edit(rules / "entry.yaml", "when: {answer: learner.apprentice, is: true}",
                "when: {answer: tutor.name, answered: true}")
    check_output(run_validate("rules", cwd=rules.parent), 1, f"{ENTRY}:{line}",
                 "no path asks 'tutor.name' before it")


def test_source_naming_no_seed_file(rules):
    f = rules / "participation.yaml"
    line = edit(f, "seed: 000_fd03e0fb6919d7ac.txt", "seed: 999_not_a_seed.txt")
    check_output(run_validate("rules", cwd=rules.parent), 1, f"rules/participation.yaml:{line}",
                 "source '999_not_a_seed.txt' is not a known seed document")


def test_route_answer_to_no_question(rules):
    f = rules / "routes.yaml"
    edit(f, "answers: {goals: [learning_outcomes]", "answers: {goals: [learning_outcomes], no.such: 1")
    line = line_of(f, "- id: europass")
    check_output(run_validate("rules", cwd=rules.parent), 1, f"rules/routes.yaml:{line}",
                 "route 'europass' answers 'no.such', which is not a question")


def test_route_answer_its_walk_never_asks(rules):
    f = rules / "routes.yaml"
    edit(f, "answers: {goals: [learning_outcomes]", "answers: {goals: [learning_outcomes], men.diploma: cap")
    line = line_of(f, "- id: europass")
    check_output(run_validate("rules", cwd=rules.parent), 1, f"rules/routes.yaml:{line}",
                 "route 'europass' answers 'men.diploma', but its walk never asks it")


def test_warning_passes_unless_strict(rules):
    f = rules / "entry.yaml"
    start = line_of(f, "    help:", after="- id: learner.name")
    lines = f.read_text(encoding="utf-8").splitlines(keepends=True)
    end = start
    while lines[end].startswith("      "):  # help: and its line in every language
        end += 1
    del lines[start - 1:end]
    f.write_text("".join(lines), encoding="utf-8")
    line = line_of(f, "- id: learner.name")
    proc = run_validate("rules", cwd=rules.parent)
    check_output(proc, 0, f"{ENTRY}:{line}", "warning: question 'learner.name' has no help text")
    proc = run_validate("--strict", "rules", cwd=rules.parent)
    check_output(proc, 1, f"{ENTRY}:{line}", "error: question 'learner.name' has no help text")


# --- usage, formats --------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["--format", "xml"], ["no/such/folder"], ["--frobnicate"]])
def test_usage_errors_exit_2(args, tmp_path):
    proc = run_validate(*args, cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr


def test_json_format_is_the_documented_structure(rules):
    line = edit(rules / "entry.yaml", "max_length: 120", "max_length: lots")
    proc = run_validate("--format", "json", "rules", cwd=rules.parent)
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert set(doc) == {"version", "ok", "errors", "warnings", "problems"}
    assert doc["version"] == 1 and doc["ok"] is False and doc["errors"] == 1 and doc["warnings"] == 0
    (p,) = doc["problems"]
    assert p == {"file": ENTRY, "line": line, "col": p["col"], "severity": "error", "code": "structure",
                 "message": p["message"]}
    assert isinstance(p["col"], int) and "max_length must be a whole number" in p["message"]


def test_json_format_clean():
    proc = run_validate("--format", "json", cwd=ROOT)
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == {"version": 1, "ok": True, "errors": 0, "warnings": 0, "problems": []}


GITHUB = re.compile(r"^::(error|warning) file=([^,:\n]*),line=(\d+),col=(\d+),title=([^,:\n]*)::([^\r\n]*)$")


def test_github_format_lines_are_workflow_commands(rules):
    line = edit(rules / "entry.yaml", "max_length: 120", "max_length: lots")
    proc = run_validate("--format", "github", "rules", cwd=rules.parent)
    assert proc.returncode == 1
    (out,) = proc.stdout.splitlines()
    m = GITHUB.match(out)
    assert m, out
    assert m.group(1) == "error" and m.group(2) == ENTRY and int(m.group(3)) == line
    assert m.group(5) == "mobility-advisor (structure)"


def test_github_escapes_properties_and_data():
    p = Problem(Location("rules/a,b:c%.yaml", 3, 5), "50% done\nnext line, then: more", "warning", "help")
    out = format_github([p])
    assert out == ("::warning file=rules/a%2Cb%3Ac%25.yaml,line=3,col=5,title=mobility-advisor (help)"
                   "::50%25 done next line, then: more\n")
    assert GITHUB.match(out.rstrip("\n"))


def test_text_and_json_put_every_message_on_one_line():
    p = Problem(Location("r.yaml", 1, 1), "first\nsecond\r\nthird")
    assert format_text([p]) == "r.yaml:1:1: error: first second third\n"
    assert json.loads(format_json([p]))["problems"][0]["message"] == "first second third"


# --- the template check, against render's contract -------------------------------------------


def _fake_renderer(templates: Path) -> route_checks.Renderer:
    """render.py's contract on our own templates: StrictUndefined, each document alone."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), undefined=jinja2.StrictUndefined)

    def document(tree, result, lang, today, template):
        return env.get_template(f"{template}.md.j2").render(answers=result.answers, today=today, lang=lang)

    def pack_files(tree, result, lang, today):
        return {i.outcome.template: document(tree, result, lang, today, i.outcome.template)
                for i in result.documents}

    return route_checks.Renderer(pack_files, document)


MINI = """version: 1
start: goals
seeds:
  - {file: s.txt, title: {fr: S, en: S}}
questions:
  - id: goals
    kind: single
    text: {fr: "But ?", en: "Goal?"}
    help: {fr: Aide, en: Help}
    choices:
      - {value: men, label: {fr: MEN, en: MEN}, next: men.diploma}
      - {value: btm, label: {fr: BTM, en: BTM}}
  - id: men.diploma
    kind: text
    text: {fr: "Diplôme ?", en: "Diploma?"}
    help: {fr: Aide, en: Help}
outcomes:
  - id: men.file
    kind: document
    title: {fr: Dossier, en: File}
    text: {fr: "Le dossier.", en: "The file."}
    template: unit_file
    source: [{seed: s.txt, section: "1"}]
routes:
  - id: men
    label: {fr: MEN, en: MEN}
    answers: {goals: men}
  - id: btm
    label: {fr: BTM, en: BTM}
    answers: {goals: btm}
"""
MINI = every_language(MINI)


def _templates(tmp_path: Path, body: str) -> Path:
    t = tmp_path / "templates"
    t.mkdir(parents=True)
    (t / "unit_file.md.j2").write_text(f"# {{{{ lang }}}}\n\n{body}\n", encoding="utf-8")
    return t


def _mini_tree(tmp_path: Path):
    f = tmp_path / "r.yaml"
    f.write_text(MINI, encoding="utf-8")
    tree, problems = load([f])
    assert tree is not None and not problems, problems
    return tree


def test_template_variable_the_route_cannot_supply(tmp_path, monkeypatch):
    tree = _mini_tree(tmp_path)
    templates = _templates(tmp_path, "Diplôme : {{ answers['men.diploma'] }}")
    monkeypatch.setattr(route_checks, "_renderer", lambda _t: _fake_renderer(templates))
    problems = checks.check(tree, templates)
    errors = [p for p in problems if p.code == "template"]
    doc_line = MINI.splitlines().index("  - id: men.file") + 1
    # rendered in French: one template serves every language
    assert [(p.at.line, p.message) for p in errors] == [
        (doc_line, "template unit_file.md.j2 (line 3) uses 'answers.men.diploma', which route 'btm' cannot supply"),
    ]


def test_template_variables_every_route_supplies_pass(tmp_path, monkeypatch):
    tree = _mini_tree(tmp_path)
    templates = _templates(tmp_path, "{{ answers.goals }} {% if 'men.diploma' in answers %}{{ answers['men.diploma'] }}{% endif %}")
    monkeypatch.setattr(route_checks, "_renderer", lambda _t: _fake_renderer(templates))
    assert [p for p in checks.check(tree, templates) if p.code == "template"] == []


def test_template_with_an_undefined_name(tmp_path, monkeypatch):
    tree = _mini_tree(tmp_path)
    templates = _templates(tmp_path, "{{ learner }}")
    monkeypatch.setattr(route_checks, "_renderer", lambda _t: _fake_renderer(templates))
    msgs = {p.message for p in checks.check(tree, templates) if p.code == "template"}
    assert "template unit_file.md.j2 (line 3) uses 'learner', which route 'men' cannot supply" in msgs


def test_route_samples_complete_the_walk(tree):
    full = route_checks.complete(tree, {"goals": ["certification"], "certification.certifier": "men"})
    from mobility_advisor.engine.engine import walk

    assert walk(tree, full).done
    assert full["men.diploma"] == tree.questions["men.diploma"].choices[0].value
    assert full["mobility.start"] < full["mobility.end"]


def test_template_error_with_the_real_renderer(rules):
    """A question a shared template needs is renamed: each document that includes it is reported."""
    f = rules / "entry.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("tutor.function", "tutor.role"), encoding="utf-8")
    p = rules / "participation.yaml"
    tpl = line_of(p, "template: attestation_participation")
    lines = p.read_text(encoding="utf-8").splitlines()
    line = max(i + 1 for i in range(tpl) if lines[i].lstrip().startswith("- id:"))
    check_output(run_validate("rules", cwd=rules.parent), 1, f"rules/participation.yaml:{line}",
                 "label(): 'tutor.function' is not a question of the rule tree")
