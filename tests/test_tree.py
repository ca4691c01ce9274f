"""`mobility-advisor tree`: the rule tree as text, Mermaid and Graphviz, and the generated docs/decision-tree.md."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pydot
import pytest
from pymarkdown.api import PyMarkdownApi
from typer.testing import CliRunner

from conftest import ROOT
from mobility_advisor.cli import condition_words, tree_pictures, treeview
from mobility_advisor.rules.checks import successors
from mobility_advisor.cli.app import app
from mobility_advisor.rules.model import Choice, Condition, Location, Outcome, Question, Source, Text, Tree

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pydot's use of old pyparsing names

LANGS = ("fr", "en")
DOC = ROOT / "docs" / "decision-tree.md"
AT = Location("t.yaml", 1)

NODE = re.compile(r'^\s*(?P<id>[A-Za-z][A-Za-z0-9_]*)(?P<open>\["|\(\["|\{\{")(?P<label>[^"]*)(?P<close>"\]|"\]\)|"\}\})$')
EDGE = re.compile(r'^\s*(?P<src>[A-Za-z][A-Za-z0-9_]*) (?P<arrow>-->|-\.->)(?:\|"(?P<label>[^"]*)"\|)? '
                  r'(?P<dst>[A-Za-z][A-Za-z0-9_]*)$')
SUBGRAPH = re.compile(r'^\s*subgraph [A-Za-z][A-Za-z0-9_]*\["[^"]*"\]$')
INVISIBLE = re.compile(r'^\s*(?P<src>[A-Za-z][A-Za-z0-9_]*) ~~~ (?P<dst>[A-Za-z][A-Za-z0-9_]*)$')
PAIRS = {'["': '"]', '(["': '"])', '{{"': '"}}'}


def parse_mermaid(text: str) -> tuple[dict[str, str], list[tuple[str, str, str | None, str]]]:
    """A strict reader for the subset of Mermaid we write: every line must be understood.

    Returns {node id: label} and [(src, dst, label, arrow)], labels with their line breaks
    (<br/>) as spaces; invisible links (~~~, which stack outcomes) are checked and left out.
    Fails on anything else.
    """
    lines = text.splitlines()
    assert lines[0] == "flowchart TD"
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str | None, str]] = []
    invisible: list[tuple[str, str]] = []
    depth = 0
    for line in lines[1:]:
        if SUBGRAPH.match(line):
            depth += 1
        elif line.strip() == "end":
            depth -= 1
            assert depth >= 0, "'end' without subgraph"
        elif m := NODE.match(line):
            assert PAIRS[m["open"]] == m["close"], line
            assert m["id"] not in nodes, f"node {m['id']} defined twice"
            nodes[m["id"]] = m["label"].replace("<br/>", " ")
        elif m := EDGE.match(line):
            edges.append((m["src"], m["dst"], m["label"] and m["label"].replace("<br/>", " "), m["arrow"]))
        elif m := INVISIBLE.match(line):
            invisible.append((m["src"], m["dst"]))
        elif re.match(r"^\s*classDef [a-z]+ [a-z:#0-9,-]+$", line) or re.match(r"^\s*class [A-Za-z0-9_,]+ [a-z]+$", line):
            pass
        else:
            pytest.fail(f"line not understood: {line!r}")
    assert depth == 0, "unclosed subgraph"
    for src, dst, _, _ in edges:
        assert src in nodes and dst in nodes, f"edge {src} -> {dst} to an undeclared node"
    for src, dst in invisible:
        assert src in nodes and dst in nodes, f"link {src} ~~~ {dst} to an undeclared node"
    return nodes, edges


def expected_counts(tree: Tree) -> tuple[int, int]:
    """Nodes: every question, document and caveat. Edges: every `next` and branch, and one per
    outcome alternative (a top-level `any` gives one edge per alternative)."""
    shown = [o for o in tree.outcomes if o.kind in ("document", "caveat")]
    nodes = len(tree.questions) + len(shown)
    edges = sum(len(successors(q)) for q in tree.questions.values())
    edges += sum(len(o.when.children) if o.when is not None and o.when.op == "any" else 1 for o in shown)
    return nodes, edges


@pytest.mark.parametrize("lang", LANGS)
def test_mermaid_parses_with_the_shipped_tree_counts(tree, lang):
    nodes, edges = parse_mermaid(tree_pictures.mermaid(tree, lang))
    n, e = expected_counts(tree)
    assert (len(nodes), len(edges)) == (n, e)
    assert len(nodes) <= 100, "GitHub stops rendering large flowcharts: keep the picture legible"
    # every rule appears, under a sanitised id, labelled with its text and its id
    for q in tree.questions.values():
        label = nodes[tree_pictures.mermaid_id(q.id, "question")]
        assert tree_pictures.mermaid_text(q.text(lang)) in label and q.id in label
    for o in tree.outcomes:
        mid = tree_pictures.mermaid_id(o.id, o.kind)
        assert (mid in nodes) == (o.kind in ("document", "caveat"))


def test_mermaid_edges_follow_the_walk_and_the_conditions(tree):
    nodes, edges = parse_mermaid(tree_pictures.mermaid(tree, "fr"))
    by_pair = {(s, d): (label, arrow) for s, d, label, arrow in edges}
    q = lambda i: tree_pictures.mermaid_id(i, "question")  # noqa: E731
    o = lambda i: tree_pictures.mermaid_id(i, "document")  # noqa: E731
    # a branch is labelled with its choice, a plain `next` is not
    assert by_pair[(q("certification.certifier"), q("men.diploma"))][0].startswith("Éducation nationale")
    assert by_pair[(q("goals"), q("org.sending_country"))] == (None, "-->")
    # outcomes hang (dotted) from the last question their condition tests, labelled in words
    assert by_pair[(q("mobility.funding"), o("participation.learning_agreement"))] == ("Erasmus+", "-.->")
    assert by_pair[(q("men.diploma"), o("men.diploma_cap"))][0] == "Certificat d'aptitude professionnelle (CAP)"
    # a top-level `any` gives one edge per alternative
    into_grid = [s for s, d, _, _ in edges if d == o("integration.evaluation_grid")]
    assert sorted(into_grid) == [q("integration.preparation"), q("integration.record")]
    # a conditional question says when it is asked
    assert "si Comment la mobilité est-elle financée = Erasmus+" in nodes[q("participation.other_evidence")]
    assert "if How is the mobility funded = Erasmus+" in tree_pictures.mermaid(tree, "en").replace("<br/>", " ")


@pytest.mark.parametrize("lang", LANGS)
def test_dot_parses_with_pydot(tree, lang):
    text = tree_pictures.dot(tree, lang)
    (graph,) = pydot.graph_from_dot_data(text)
    clusters = graph.get_subgraph_list()
    nodes = {n.get_name().strip('"'): n for sg in [graph, *clusters] for n in sg.get_nodes()
             if n.get_name() not in ("node", "edge", "graph")}
    n, e = expected_counts(tree)
    visible = [x for x in graph.get_edges() if x.get("style") != "invis"]
    assert len(nodes) == n and len(visible) == e
    assert {c.get_name().strip('"') for c in clusters} >= {"cluster_profile", "cluster_certification"}
    label = nodes["mobility.funding"].get_label().replace("\\n", " ")
    assert tree.questions["mobility.funding"].text(lang) in label
    dashed = [x for x in graph.get_edges() if x.get("style") == "dashed"]
    assert len(dashed) == e - sum(len(successors(q)) for q in tree.questions.values())


# --- One picture per part -----------------------------------------------------------------

SECTIONS = ("profile", "participation", "learning_outcomes", "integration", "certification")


def test_section_ids_are_the_profile_and_the_goals(tree):
    assert tuple(treeview.section_ids(tree)) == SECTIONS


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("part", SECTIONS)
def test_a_part_alone_holds_its_rules_and_where_the_walk_comes_from(tree, lang, part):
    g = treeview.build(tree, lang)
    mine = {n.id for n in g.nodes if n.group == part}
    nodes, edges = parse_mermaid(tree_pictures.mermaid(tree, lang, part))
    ids = {tree_pictures.mermaid_id(n.id, n.kind): n for n in g.nodes}
    shown = {ids[m].id for m in nodes}
    assert mine <= shown
    assert all(ids[s].id in mine or ids[d].id in mine for s, d, _, _ in edges)
    stubs = shown - mine
    for m, label in nodes.items():
        if ids[m].id in stubs:
            assert label.startswith({"fr": "(autre partie) ", "en": "(other part) "}[lang])
    # the pieces add up to the whole: every edge of the tree is drawn in some part
    if part == SECTIONS[-1]:
        seen = set()
        for p in SECTIONS:
            seen |= {(s, d) for s, d, _, _ in parse_mermaid(tree_pictures.mermaid(tree, lang, p))[1]}
        assert seen == {(s, d) for s, d, _, _ in parse_mermaid(tree_pictures.mermaid(tree, lang))[1]}


@pytest.mark.parametrize("lang", LANGS)
def test_labels_are_wrapped_never_cut_mid_word(tree, lang):
    for part in (None, *SECTIONS):
        text = tree_pictures.mermaid(tree, lang, part)
        body = "\n".join(x for x in text.splitlines() if not x.lstrip().startswith("subgraph "))
        for line in re.findall(r'\["(.*?)"\]|\|"(.*?)"\|', body):
            for piece in "".join(line).split("<br/>"):
                piece = re.sub(r"#\w+;", "x", re.sub(r"</?(i|small)>", "", piece))  # an entity: one character
                width = tree_pictures.WRAP_NODE if not line[1] else tree_pictures.WRAP_EDGE
                assert len(piece) <= width or " " not in piece, piece
    # a question's text is whole once its lines are joined again
    nodes, _ = parse_mermaid(tree_pictures.mermaid(tree, lang, "integration"))
    q = tree.questions["integration.preparation"]
    assert tree_pictures.mermaid_text(q.text(lang)) in nodes[tree_pictures.mermaid_id(q.id, "question")]


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz (dot) is not installed: apt-get install graphviz")
@pytest.mark.parametrize("lang", LANGS)
def test_each_part_renders_at_a_readable_width(tree, lang):
    """Graphviz lays each part out: none is wider than about 2,800 px at 96 dpi (the whole tree
    was over 10,000 px before the parts and the stacked outcomes)."""
    for part in SECTIONS:
        out = subprocess.run(["dot", "-Tplain"], input=tree_pictures.dot(tree, lang, part), capture_output=True,
                             text=True, check=True).stdout
        width = float(out.split()[2]) * 96
        assert width <= 2800, (part, round(width))


def test_cli_section(tree):
    r = runner.invoke(app, ["tree", "--format", "mermaid", "--section", "integration", "--lang", "en"])
    assert r.exit_code == 0 and r.stdout == tree_pictures.mermaid(tree, "en", "integration")
    r = runner.invoke(app, ["tree", "--section", "certification", "--lang", "fr"])
    assert r.exit_code == 0 and "Objectif" in r.stdout and "Profil de la mobilité" not in r.stdout
    for lang, words in (("fr", "partie inconnue 'nope' : choisissez parmi profile"),
                        ("en", "unknown part 'nope': choose one of profile")):
        r = runner.invoke(app, ["tree", "--section", "nope", "--lang", lang])
        assert r.exit_code == 2 and words in r.output and "Traceback" not in r.output


def test_the_shipped_page_has_one_picture_per_part(tree):
    doc = DOC.read_text(encoding="utf-8")
    assert re.findall(r"```mermaid\n(.*?)```", doc, re.S) == [tree_pictures.mermaid(tree, "en", p) for p in SECTIONS]


def _hostile_tree() -> Tree:
    """Ids Mermaid would choke on (`end`, dots) and labels full of quotes, #, <, > and backslashes."""
    nasty = 'He said "go" #1 <b>now</b> \\ back'
    choices = (Choice("a", Text(nasty, nasty), AT, next="end"), Choice("b", Text("B", "B"), AT))
    questions = {
        "start.q": Question("start.q", "single", Text(nasty, nasty), AT, choices=choices, next="graph"),
        "end": Question("end", "yesno", Text("End?", "End?"), AT),
        "graph": Question("graph", "text", Text("x", "x"), AT,
                          when=Condition("is", AT, answer="start.q", value="b")),
    }
    outcomes = (
        Outcome("doc.x", "document", Text("t", "t"), (Source("s", "§", AT),), AT, template="x",
                title=Text(nasty, nasty), when=Condition("is", AT, answer="end", value=True)),
        Outcome("cav", "caveat", Text(nasty, nasty), (Source("s", "§", AT),), AT,
                when=Condition("any", AT, children=(Condition("is", AT, answer="start.q", value="a"),
                                                    Condition("below", AT, fact="days_to_start", value=3)))),
        Outcome("always", "caveat", Text("c", "c"), (Source("s", "§", AT),), AT),
    )
    return Tree("start.q", questions, outcomes, {}, {})


def test_hostile_labels_and_ids_are_escaped():
    tree = _hostile_tree()
    text = tree_pictures.mermaid(tree, "en")
    nodes, edges = parse_mermaid(text)
    assert "q_end" in nodes and "q_start_q" in nodes and "end" not in nodes
    assert "<b>" not in text and "#quot;go#quot;" in text and "#35;1" in text
    # `any`: one edge per alternative; the fact's question (mobility.start) is absent, so the walk's start
    assert len([e for e in edges if e[1] == "o_cav"]) == 2
    assert ("q_start_q", "o_always", "always", "-.->") in edges  # an unconditional outcome hangs from the start
    (graph,) = pydot.graph_from_dot_data(tree_pictures.dot(tree, "en"))
    labels = [n.get_label() for sg in [graph, *graph.get_subgraph_list()] for n in sg.get_nodes()]
    assert any('\\"go\\"' in (label or "") for label in labels)


def test_condition_words():
    tree = _hostile_tree()
    funding = Question("f", "single", Text("Comment est-ce financé ? (ex. : Erasmus+)", "How is it funded?"), AT,
                       choices=(Choice("erasmus", Text("Erasmus+", "Erasmus+"), AT),
                                Choice("other", Text("Autre", "Other"), AT)))
    yn = Question("y", "yesno", Text("Apprenti ?", "Apprentice?"), AT)
    t = Tree("f", {"f": funding, "y": yn}, (), {}, {})
    is_erasmus = Condition("is", AT, answer="f", value="erasmus")
    assert condition_words.words(is_erasmus, t, "fr") == "Comment est-ce financé = Erasmus+"
    assert condition_words.words(is_erasmus, t, "en", anchor="f") == "Erasmus+"
    assert condition_words.words(is_erasmus, t, "en", ids=True) == "How is it funded [f] = Erasmus+"
    both = Condition("all", AT, children=(is_erasmus, Condition("not", AT, children=(
        Condition("is", AT, answer="y", value=True),))))
    assert condition_words.words(both, t, "fr") == "Comment est-ce financé = Erasmus+ et Apprenti ≠ oui"
    assert condition_words.words(both, t, "en", drop={condition_words.leaf_key(is_erasmus)}) == "Apprentice ≠ yes"
    late = Condition("any", AT, children=(Condition("below", AT, fact="days_to_start", value=30),
                                          Condition("in", AT, answer="f", value=["erasmus", "other"])))
    assert condition_words.words(late, t, "fr") == "départ dans moins de 30 jours ou Comment est-ce financé = Erasmus+ ou Autre"
    assert condition_words.words(late, t, "en").startswith("start in fewer than 30 days or ")
    assert condition_words.words(tree.outcomes[1].when, tree, "en").startswith('He said "go"')


def test_known_when_asked_follows_branches_and_sections(tree):
    known = condition_words.known_when_asked(tree)
    assert ("is", "certification.certifier", None, "men") in known["men.diploma"]
    assert ("includes", "goals", None, "certification") in known["men.diploma"]
    # asked only when preparation includes positioning: so the integration goal was ticked
    assert ("includes", "goals", None, "integration") in known["integration.positioning_tools"]
    assert not known["learner.name"]


def test_the_shipped_picture_is_up_to_date(tree):
    expected = tree_pictures.markdown(tree, "en")
    assert DOC.read_text(encoding="utf-8") == expected, (
        "docs/decision-tree.md is out of date: run " + tree_pictures.REGENERATE.format(lang="en"))


def test_the_shipped_picture_is_clean_markdown():
    api = PyMarkdownApi()
    api.disable_rule_by_identifier("md013")  # the Mermaid block's lines are long by nature
    result = api.scan_string(DOC.read_text(encoding="utf-8"))
    assert not result.scan_failures, [str(f) for f in result.scan_failures]


runner = CliRunner()


def test_cli_tree_formats_and_output(tmp_path: Path, tree):
    r = runner.invoke(app, ["tree", "--lang", "fr", "--format", "mermaid"])
    assert r.exit_code == 0 and r.stdout == tree_pictures.mermaid(tree, "fr")
    r = runner.invoke(app, ["tree", "--lang", "en", "--format", "dot"])
    assert r.exit_code == 0 and r.stdout.startswith("digraph decision_tree {")
    r = runner.invoke(app, ["tree", "--lang", "en"])
    assert r.exit_code == 0
    assert "Decision tree (" in r.stdout and "Goal: Have the outcomes recognised" in r.stdout
    assert "men.diploma_cap" in r.stdout
    out = tmp_path / "d.md"
    r = runner.invoke(app, ["tree", "--format", "mermaid", "--markdown", "--lang", "en", "-o", str(out)])
    assert r.exit_code == 0 and out.read_text(encoding="utf-8") == DOC.read_text(encoding="utf-8")
    r = runner.invoke(app, ["tree", "--format", "mermaid", "--lang", "en", "-o", str(out)])
    assert r.exit_code == 1 and out.read_text(encoding="utf-8") == DOC.read_text(encoding="utf-8")
    r = runner.invoke(app, ["tree", "--format", "mermaid", "--lang", "en", "--force", "-o", str(out)])
    assert r.exit_code == 0 and out.read_text(encoding="utf-8") == tree_pictures.mermaid(tree, "en")
    assert runner.invoke(app, ["tree", "--markdown"]).exit_code == 2
    assert runner.invoke(app, ["tree", "--lang", "it"]).exit_code == 2


def test_text_tree_is_bilingual_and_complete(tree):
    fr, en = tree_pictures.text(tree, "fr"), tree_pictures.text(tree, "en")
    assert "Profil de la mobilité" in fr and "Mobility profile" in en
    for o in tree.outcomes:
        if o.kind in ("document", "caveat"):
            assert o.id in fr and o.id in en
    for q in tree.questions:
        assert q in fr
