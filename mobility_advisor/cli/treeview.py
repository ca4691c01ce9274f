"""The rule tree as a picture: a rich Tree in the terminal, a Mermaid flowchart, a Graphviz graph.

All three come from one neutral `Graph` built from the loaded rules:

- a node per question, and one per document and caveat (not the steps and tips:
  the picture would drown in them);
- question -> question edges: a choice's branch (labelled with the choice) and `next`;
- question -> outcome edges (dotted): outcomes are not linked to the walk by
  edges but by conditions, so each document / caveat hangs from the latest
  question its condition tests, the edge labelled with the condition in words.
  A top-level `any` gives one edge per alternative.
- subgraphs per goal (the choices of the first question, which chain the sections
  by `when`), plus one for the mobility's profile. Each of these parts can be drawn
  alone (`section`): its nodes, and in grey the questions of other parts its edges
  come from or lead to, so a person can read it (docs/decision-tree.md has one
  picture per part).

The outcomes hanging from one question are stacked in a column (`outcome_fans`: invisible
links) rather than side by side.

Conditions in words (`condition_words`) leave out what is already known where the edge starts
(what must hold for that question to be asked), and the goal of the subgraph the target sits
in. `tree_pictures` draws the graph; `tree_words` holds the pictures' own words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from mobility_advisor.cli.condition_words import (MAX_NAME, anchor_of, clip, conjuncts, disjuncts, known_when_asked,
                                                  leaf_key, question_of, walk_order, words)
from mobility_advisor.cli.tree_words import w
from mobility_advisor.rules.model import Outcome, Tree


SHOWN_KINDS = ("document", "caveat")
MAX_CAVEAT = 110


# ---------------------------------------------------------------- conditions in words


# ---------------------------------------------------------------- the walk's shape


# ---------------------------------------------------------------- the neutral graph

@dataclass(frozen=True)
class Node:
    id: str  # the rule's id
    kind: str  # question | document | caveat
    label: str
    cond: str  # "si …" line of a conditional question, else ""
    group: str
    stub: bool = False  # drawn in a section's picture only as where an edge comes from / goes to


@dataclass(frozen=True)
class Edge:
    src: str
    dst: str
    label: str
    style: str  # branch | next | outcome


@dataclass
class Graph:
    lang: str
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    groups: dict[str, str] = field(default_factory=dict)  # group id -> title, in order


def _goal_of(keys: Iterable[tuple], start: str) -> str | None:
    goals = sorted(k[3] for k in keys if k[0] == "includes" and k[1] == start)
    return goals[0] if goals else None


def build(tree: Tree, lang: str) -> Graph:
    g = Graph(lang)
    order_list = walk_order(tree)
    order = {qid: i for i, qid in enumerate(order_list)}
    known = known_when_asked(tree)
    start = tree.questions[tree.start]
    goal_choices = [c.value for c in start.choices] if start.kind == "multiple" else []

    def group_of_keys(keys: Iterable[tuple]) -> str:
        goal = _goal_of(keys, tree.start)
        return goal if goal in goal_choices else "profile"

    g.groups["profile"] = w("profile", lang)
    for value in goal_choices:
        g.groups[value] = w("goal", lang, label=start.choice(value).label(lang))

    def goal_key(group: str) -> set[tuple]:
        return {("includes", tree.start, None, group)} if group in goal_choices else set()

    for qid in order_list:
        q = tree.questions[qid]
        group = group_of_keys(known[qid])
        cond = ""
        if q.when is not None:
            text = words(q.when, tree, lang, short=True, drop=goal_key(group))
            cond = w("if", lang, cond=text) if text else ""
        g.nodes.append(Node(qid, "question", q.text(lang), cond, group))
        for c in q.choices:
            if c.next:
                g.edges.append(Edge(qid, c.next, clip(c.label(lang), MAX_NAME), "branch"))
        if q.next:
            g.edges.append(Edge(qid, q.next, "", "next"))

    from mobility_advisor.engine.contacts import generic

    for o in sorted((generic(o) for o in tree.outcomes if o.kind in SHOWN_KINDS),
                    key=lambda o: (_outcome_rank(o, order), o.order)):
        alternatives = disjuncts(o.when) if o.when is not None else []
        keys = {leaf_key(c) for c in conjuncts(o.when)} if o.when is not None and o.when.op != "any" else set()
        anchors = [anchor_of(alt, order) for alt in alternatives]
        group = group_of_keys(keys)
        if group == "profile" and anchors and anchors[0][0]:
            group = group_of_keys(known[anchors[0][0]])
        g.nodes.append(Node(o.id, o.kind, outcome_label(o, lang), "", group))
        if not alternatives:
            g.edges.append(Edge(tree.start, o.id, w("always", lang), "outcome"))
            continue
        for alt, (anchor, asked) in zip(alternatives, anchors):
            src = anchor or tree.start
            drop = (set(known[src]) if asked else set()) | goal_key(group)
            label = words(alt, tree, lang, anchor=src if asked else None, short=True, drop=drop)
            if not label:  # everything is known where the edge starts: say the anchor's own part
                label = words(alt, tree, lang, anchor=src if asked else None, short=True,
                              drop=set(known[src]) - {leaf_key(c) for c in conjuncts(alt) if question_of(c) == src})
            g.edges.append(Edge(src, o.id, label, "outcome"))
    return g


def section_ids(tree: Tree) -> list[str]:
    """The parts a picture can show alone: "profile", then each goal (the first question's choices)."""
    start = tree.questions[tree.start]
    return ["profile"] + ([c.value for c in start.choices] if start.kind == "multiple" else [])


def section(g: Graph, gid: str) -> Graph:
    """The graph of one part: its nodes, their edges, and the nodes of other parts those edges
    reach, as stubs (clipped, grey) outside the part's box."""
    mine = {n.id for n in g.nodes if n.group == gid}
    edges = [e for e in g.edges if e.src in mine or e.dst in mine]
    others = {e.src for e in edges} | {e.dst for e in edges}
    nodes = [n for n in g.nodes if n.id in mine]
    nodes += [Node(n.id, n.kind, w("elsewhere", g.lang, label=n.label), "", n.group, stub=True)
              for n in g.nodes if n.id in others - mine]
    return Graph(g.lang, nodes, edges, {gid: g.groups[gid]})


def outcome_fans(g: Graph) -> list[tuple[str, list[str]]]:
    """Outcomes hanging from the same question, in order, with that question: drawn one under
    the other (linked by invisible edges) rather than side by side, which is what made the
    picture thousands of pixels wide."""
    kinds = {n.id: n.kind for n in g.nodes}
    by_src: dict[str, list[str]] = {}
    for e in g.edges:
        if e.style == "outcome" and kinds.get(e.dst) != "question" and e.dst not in by_src.get(e.src, []):
            by_src.setdefault(e.src, []).append(e.dst)
    seen: set[str] = set()
    fans = []
    for src, outs in by_src.items():
        chain = [o for o in outs if o not in seen]
        seen.update(chain)
        if len(chain) > 1:
            fans.append((src, chain))
    return fans


def _outcome_rank(o: Outcome, order: dict[str, int]) -> int:
    """Outcomes in the order of the latest question they hang from (always-outcomes first)."""
    if o.when is None:
        return -1
    anchors = [a for alt in disjuncts(o.when) if (a := anchor_of(alt, order)[0]) is not None]
    return max((order[a] for a in anchors), default=-1)


def outcome_label(o: Outcome, lang: str) -> str:
    if o.kind == "document" and o.title is not None:
        return o.title(lang)
    return clip(o.text(lang), MAX_CAVEAT)


# ---------------------------------------------------------------- Mermaid


def check_section(tree: Tree, part: str | None, lang: str) -> None:
    """Raise InputError, in the user's language, for a part that is not in `section_ids`."""
    from mobility_advisor.rules.problems import InputError

    if part is not None and part not in section_ids(tree):
        raise InputError(w("unknown_section", lang, bad=repr(part), ids=", ".join(section_ids(tree))))


# ---------------------------------------------------------------- Graphviz


# ---------------------------------------------------------------- terminal
