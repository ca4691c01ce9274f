"""The README stays true: its commands, its answers file and its picture."""

from __future__ import annotations

import re

import yaml

from mobility_advisor.inputs import answers as answers_mod

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, re.S)


def test_opens_with_install_and_test_commands_that_ci_runs():
    first, second = blocks("sh")[:2]
    assert first.strip() == "pip install . && mobility-advisor ask"
    assert second.strip() == 'pip install ".[test]" && python -m pytest -q'
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install --quiet ".[test]"' in ci and "\npython -m pytest -q\n" in ci
    assert README.index(first) < README.index("## An example session")


def test_answers_file_example_is_valid(tree):
    (example,) = [b for b in blocks("yaml") if b.startswith("version: 1")]
    data = yaml.safe_load(example)
    resolved = answers_mod.resolve(tree, {k: (v.isoformat() if hasattr(v, "isoformat") else v)
                                          for k, v in data["answers"].items()})
    assert resolved["certification.certifier"] == "men"


def test_embedded_decision_trees_are_generated_ones():
    doc = (ROOT / "docs" / "decision-tree.md").read_text(encoding="utf-8")
    generated = re.findall(r"```mermaid\n(.*?)```", doc, re.S)
    embedded = blocks("mermaid")
    assert embedded and all(b in generated for b in embedded), (
        "copy mermaid blocks of docs/decision-tree.md into README.md")
    assert all(len(b.splitlines()) < 40 for b in embedded), "the README shows small parts, not the whole tree"
