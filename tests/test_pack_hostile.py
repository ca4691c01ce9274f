"""Hostile answers: whatever is typed, the pack stays in its folder and renders as intended."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from conftest import TODAY
from golden_tool import LANGS, route_answers
from mobility_advisor.engine import engine
from mobility_advisor.pack import packdir
from mobility_advisor.pack import render
from mobility_advisor.rules.loader import load_tree
from test_render import lint

ROUTES = sorted(load_tree().routes)

HOSTILE = {
    "path": "../../etc/passwd",
    "separators": "a/b\\c",
    "markdown": "*x* | # y",
    "html": "<script>alert('x')</script> <b>bold</b>",
    "list": "- item",
    "ordered": "1. first",
    "heading": "# Title ## again",
    "links": "[click](javascript:alert(1)) ![img](x.png) `code` ~~strike~~ $x$ &copy; _u_",
    "table": "| a | b |\n| --- | --- |",
    "arabic": "ليلى بن علي",
    "chinese": "李小龙 · 北京烹饪学校",
    "backslash": "ends with a backslash \\",
    "long": "Ab|*_" * 24,  # 120 characters, the longest name the engine accepts
}
LINTED = ("markdown", "links", "html", "long")
TEXT_IDS = ("learner.name", "learner.qualification", "org.sending", "org.sending_company", "org.host_partner",
            "org.host_company", "tutor.name", "tutor.function", "qbid.catalan_tutor", "qbid.module")


def hostile_answers(tree, route: str, value: str) -> dict:
    """Every text answer of the route set to `value`, as the engine would accept it."""
    answers = route_answers(tree, route)
    for qid in TEXT_IDS:
        if qid in answers:
            q = tree.questions[qid]
            answers[qid] = engine.parse_answer(q, value[: q.max_length], answers)
    return answers


def skeleton(text: str) -> list[str]:
    """The block structure of a Markdown file: what each line is, not what it says."""
    out = []
    for line in text.splitlines():
        if not line.strip():
            out.append("blank")
        elif line.startswith("#"):
            out.append("h" + str(len(line) - len(line.lstrip("#"))))
        elif line.startswith("|"):
            out.append(f"row{unescaped_pipes(line)}")
        elif re.match(r"^\s*- \[[ x]\] ", line):
            out.append("task" + str(len(line) - len(line.lstrip())))
        elif re.match(r"^\s*- ", line):
            out.append("item" + str(len(line) - len(line.lstrip())))
        elif re.match(r"^\d+\. ", line):
            out.append("ordered")
        else:
            out.append("text")
    return out


def unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)(?:\\\\)*\|", line))


MD = MarkdownIt("commonmark").enable("table").enable("strikethrough")


def structure(text: str) -> list[str]:
    """The HTML block tags markdown-it produces, in order (headings, tables, cells, lists)."""
    return re.findall(r"<(h[1-6]|table|tr|td|th|ul|ol|li|p|script|b|img|a|code|em|strong|s)\b", MD.render(text))


@pytest.fixture(scope="module")
def benign(tree):
    return {(r, lang): render.pack_files(tree, engine.outcomes(tree, route_answers(tree, r), TODAY), lang, TODAY)
            for r in ROUTES for lang in LANGS}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_text_cannot_change_the_packs_structure(tree, benign, route, lang, kind):
    value = HOSTILE[kind]
    answers = hostile_answers(tree, route, value)
    files = render.pack_files(tree, engine.outcomes(tree, answers, TODAY), lang, TODAY)
    assert sorted(files) == sorted(benign[(route, lang)])
    for name, text in files.items():
        if not name.endswith(".md"):  # calendar.ics: escaping tested in test_calendar.py
            continue
        good = benign[(route, lang)][name]
        assert skeleton(text) == skeleton(good), f"{name}: the Markdown blocks changed"
        assert structure(text) == structure(good), f"{name}: it renders differently"
        if lang == "fr" and kind in LINTED:  # the linter is slow: the kinds full of metacharacters
            assert lint(text) == [], name
    # and the value itself reads as typed once rendered
    shown = " ".join(value[:120].split())
    rendered = html.unescape(re.sub(r"<[^>]+>", "", MD.render(files["index.md"]))).replace("\u00a0", " ")
    assert shown in rendered


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_names_stay_inside_the_pack_folder(tree, tmp_path, kind):
    answers = hostile_answers(tree, "participation", HOSTILE[kind])
    files = render.pack_files(tree, engine.outcomes(tree, answers, TODAY), "fr", TODAY)
    name = render.default_pack_dir(answers, TODAY)
    assert re.fullmatch(r"pack(-[a-z0-9]+)*-\d{4}-\d{2}-\d{2}", name)
    base = tmp_path / "outputs"
    base.mkdir()
    out = packdir.write_pack(files, base / name).path
    assert [p.name for p in base.iterdir()] == [name]
    written = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert written and all(Path(out) in p.parents for p in written)
    assert sorted(p.name for p in written) == sorted([*files, ".mobility-advisor.json"])  # and its manifest


def test_hostile_long_answers_make_long_but_valid_tables(tree):
    answers = hostile_answers(tree, "qbid", "W" * 200)
    text = render.pack_files(tree, engine.outcomes(tree, answers, TODAY), "en", TODAY)["qbid_agreement.md"]
    assert "W" * 120 in text and lint(text) == []


def test_skeleton_sees_a_broken_table():
    """The structure checks above are not vacuous: an unescaped value does break a table."""
    good = "| a | b |\n| --- | --- |\n| x | y |\n"
    bad = "| a | b |\n| --- | --- |\n| *x* | # y | y |\n"
    assert skeleton(good) != skeleton(bad)
    assert structure("| a | b |\n| --- | --- |\n| <script> | y |\n") != structure(good)
