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

Labels are wrapped into short lines (`wrap`), never cut mid-word; the outcomes hanging
from one question are stacked in a column (invisible links) rather than side by side.

Conditions in words leave out what is already known where the edge starts (what
must hold for that question to be asked), and the goal of the subgraph the target
sits in. This module imports nothing heavy at top level: rich only inside
`rich_tree`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from mobility_advisor.engine.engine import END, START
from mobility_advisor.i18n.catalogues import Message, N_, messages
from mobility_advisor.rules.model import Condition, Outcome, Question, Tree

# The picture's own words (the advice's words come from the rules).
WORDS: dict[str, Message] = {
    "title": N_("Decision tree"),
    "profile": N_("Mobility profile"),
    "goal": N_("Goal: {label}"),
    "if": N_("if {cond}"),
    "and": N_(" and "),
    "or": N_(" or "),
    "not": N_("not ({cond})"),
    "yes": N_("yes"),
    "no": N_("no"),
    "always": N_("always"),
    "then": N_("then"),
    "eq": N_("{q} = {v}"),
    "ne": N_("{q} ≠ {v}"),
    "ticked": N_("\"{v}\" ticked"),
    "not_ticked": N_("\"{v}\" not ticked"),
    "answered": N_("{q}: answered"),
    "unanswered": N_("{q}: not answered"),
    "more": N_("{shown}… ({n} choices)"),
    "days_to_start_below": N_("start in fewer than {n} days"),
    "days_to_start_at_least": N_("start in {n} days or more"),
    "duration_days_below": N_("shorter than {n} days"),
    "duration_days_at_least": N_("at least {n} days long"),
    "fact_below": N_("{fact} < {n}"),
    "fact_at_least": N_("{fact} ≥ {n}"),
    "counts": N_("{q} questions, {d} documents, {c} points to check"),
    "branch": N_("{choice} → {target}"),
    "unknown_section": N_("unknown part {bad}: choose one of {ids}"),
    "elsewhere": N_("(other part) {label}"),
    "section_title": N_("## {title}"),
    "sections_intro": N_("One picture per part: the mobility profile, then each goal. A question from another part "
                         "shows in grey, where the walk comes in or goes on. One picture alone: `mobility-advisor "
                         "tree --format mermaid --section ID` (ID: {ids})."),
    "legend": N_("Rectangles: questions (in walk order; \"if …\": asked only when the condition holds, "
                 "otherwise the walk goes on to the next one). Solid arrows: the walk, labelled with the "
                 "choice that opens a branch. Rounded shapes: documents written into the pack; hexagons: "
                 "points to check. Dotted arrows: the condition on the answers that brings them in."),
    "intro": N_("The picture below is generated from the shipped rules (`rules/`): do not edit it by hand. "
                "To regenerate it:"),
    "explain_hint": N_("Details of one question or outcome (conditions, routes, source): `mobility-advisor "
                       "explain ID`."),
}

REGENERATE = "mobility-advisor tree --format mermaid --markdown --lang {lang} --force -o docs/decision-tree.md"
SHOWN_KINDS = ("document", "caveat")
MAX_NAME = 60  # longest question name or choice label in the picture before "…"
MAX_CAVEAT = 110
MAX_TAG_LABELS = 4
# Labels are wrapped into lines of about this many characters (never cut): a node stays about
# as wide as a phone screen, and a picture's width comes from its layout, not from its texts.
WRAP_NODE = 34
WRAP_EDGE = 30


w = messages(WORDS)


def clip(text: str, n: int) -> str:
    """`text` cut at a word boundary to at most n characters, with "…" when cut."""
    text = " ".join(text.split())
    if len(text) <= n:
        return text
    cut = text[: n - 1].rsplit(" ", 1)[0].rstrip(" ,;:.(")
    return cut + "…"


def question_name(q: Question, lang: str) -> str:
    """A question as a condition names it: its text without the examples in brackets and the "?"."""
    short = getattr(q, "short", None)  # an optional short label, if the rule format grows one
    if short is not None:
        return short(lang)
    text = re.sub(r"\s*\([^)]*\)", "", q.text(lang)).strip()
    return text.rstrip(" ?:").strip() or q.id


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` characters, broken between words (a longer word alone)."""
    lines: list[str] = []
    for word in " ".join(text.split()).split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


# ---------------------------------------------------------------- conditions in words

def _key(c: Condition) -> tuple:
    """A leaf's identity, to tell whether two leaves say the same thing."""
    v = tuple(c.value) if isinstance(c.value, list) else c.value
    return (c.op, c.answer, c.fact, v)


def conjuncts(c: Condition) -> list[Condition]:
    return [x for ch in c.children for x in conjuncts(ch)] if c.op == "all" else [c]


def disjuncts(c: Condition) -> list[Condition]:
    return list(c.children) if c.op == "any" else [c]


def _value(q: Question | None, v: Any, lang: str, n: int | None) -> str:
    if isinstance(v, bool):
        return w("yes" if v else "no", lang)
    if q is not None:
        ch = q.choice(v) if isinstance(v, str) else None
        if ch is not None:
            return clip(ch.label(lang), n) if n else ch.label(lang)
    return str(v)


def words(cond: Condition, tree: Tree, lang: str, *, anchor: str | None = None, short: bool = False,
          ids: bool = False, drop: Iterable[tuple] = ()) -> str:
    """A condition in words: "Comment la mobilité est-elle financée = Erasmus+".

    anchor: the question the reader stands on (its name is left out of its own leaves);
    short: clip long names for the picture; ids: add [question.id] after each name;
    drop: leaves (as `_key`) left out of a top-level `all`, because they are known.
    """
    n = MAX_NAME if short else None
    drop = set(drop)

    def name(q: Question) -> str:
        s = question_name(q, lang)
        s = clip(s, n) if n else s
        return f"{s} [{q.id}]" if ids else s

    def leaf(c: Condition, negated: bool = False) -> str:
        if c.fact is not None:
            op = c.op
            key = f"{c.fact}_{op}"
            if key in WORDS:
                text = w(key, lang, n=c.value)
            else:
                text = w(f"fact_{op}", lang, fact=c.fact, n=c.value)
            return w("not", lang, cond=text) if negated else text
        q = tree.questions.get(c.answer or "")
        qn = name(q) if q is not None else str(c.answer)
        own = anchor is not None and c.answer == anchor
        if c.op == "includes":
            return w("not_ticked" if negated else "ticked", lang, v=_value(q, c.value, lang, n))
        if c.op == "answered":
            yes = bool(c.value) != negated
            return w("answered" if yes else "unanswered", lang, q=qn)
        if c.op == "is":
            v = _value(q, c.value, lang, n)
        elif c.op == "in":
            v = w("or", lang).join(_value(q, x, lang, n) for x in c.value)
        elif c.op == "tag":
            labels = [_value(q, ch.value, lang, n) for ch in (q.choices if q else ()) if c.value in ch.tags]
            if len(labels) > MAX_TAG_LABELS:
                v = w("more", lang, shown=", ".join(labels[:3]), n=len(labels))
            else:
                v = w("or", lang).join(labels) or c.value
        else:  # pragma: no cover - the loader refuses other operators
            v = str(c.value)
        if own:
            return ("≠ " + v) if negated else v
        return w("ne" if negated else "eq", lang, q=qn, v=v)

    def say(c: Condition, top: bool = False) -> str:
        if c.op == "all":
            parts = [say(x) for x in conjuncts(c) if not (top and _key(x) in drop)]
            text = w("and", lang).join(parts)
            return text if top or len(parts) < 2 else f"({text})"
        if c.op == "any":
            text = w("or", lang).join(say(x) for x in c.children)
            return text if top or len(c.children) < 2 else f"({text})"
        if c.op == "not":
            inner = c.children[0]
            if not inner.children:
                return leaf(inner, negated=True)
            return w("not", lang, cond=say(inner, top=True))
        return leaf(c)

    if cond.op != "all" and _key(cond) in drop:
        return ""
    return say(cond, top=True)


# ---------------------------------------------------------------- the walk's shape

def walk_order(tree: Tree) -> list[str]:
    """Every question in the order a walk taking every branch visits them; unreachable ones last."""
    order: list[str] = []
    seen: set[str] = set()
    stack: list[str | None] = [tree.start]
    while stack:
        nid = stack.pop()
        if nid is None or nid in seen or nid not in tree.questions:
            continue
        seen.add(nid)
        order.append(nid)
        q = tree.questions[nid]
        stack.append(q.next)
        stack.extend(reversed([c.next for c in q.choices if c.next]))
    return order + [qid for qid in tree.questions if qid not in seen]


def known_when_asked(tree: Tree) -> dict[str, frozenset[tuple]]:
    """For each question, the condition leaves (as `_key`) that hold whenever it is asked.

    A question is reached through `next` (whatever happened to the one before: it may
    have been passed over) or through a choice's branch (that question was asked, with
    that choice); it is asked when, moreover, its own `when` holds.
    """
    incoming: dict[str, list[tuple[str, Condition | None]]] = {qid: [] for qid in tree.questions}
    for q in tree.questions.values():
        if q.next in incoming:
            incoming[q.next].append((q.id, None))
        for c in q.choices:
            if c.next in incoming:
                op = "includes" if q.kind == "multiple" else "is"
                incoming[c.next].append((q.id, Condition(op, c.at, answer=q.id, value=c.value)))
    own = {qid: frozenset(_key(x) for x in conjuncts(q.when)) if q.when else frozenset()
           for qid, q in tree.questions.items()}
    reach: dict[str, frozenset[tuple] | None] = {qid: None for qid in tree.questions}  # None: not known yet
    reach[tree.start] = frozenset()
    for _ in range(len(tree.questions) + 1):  # a fixed point; a sound tree is acyclic and settles fast
        changed = False
        for qid in tree.questions:
            if qid == tree.start:
                continue
            sets = []
            for src, via in incoming[qid]:
                if reach[src] is None:
                    continue
                sets.append(reach[src] if via is None else reach[src] | own[src] | {_key(via)})
            new = frozenset.intersection(*sets) if sets else None
            if new != reach[qid]:
                reach[qid], changed = new, True
        if not changed:
            break
    known = {qid: (reach[qid] or frozenset()) | own[qid] for qid in tree.questions}
    # A positive test of another question in a `when` means that question was asked too.
    for _ in range(len(tree.questions) + 1):
        changed = False
        for qid, q in tree.questions.items():
            if q.when is None:
                continue
            more = set(known[qid])
            for c in conjuncts(q.when):
                if not c.children and c.answer in known and c.answer != qid and (c.op != "answered" or c.value):
                    more |= known[c.answer]
            if more != known[qid]:
                known[qid], changed = frozenset(more), True
        if not changed:
            break
    return known


def _question_of(c: Condition) -> str | None:
    if c.fact is not None:
        return START if c.fact == "days_to_start" else END
    return c.answer


def anchor_of(cond: Condition, order: dict[str, int]) -> tuple[str | None, bool]:
    """The question an outcome's condition (one alternative) hangs from, and whether it must be asked.

    The latest question tested by a positive top-level leaf: the outcome needs it answered,
    so what holds when it is asked can be left out of the label. Failing one, the latest
    question tested anywhere (not necessarily asked).
    """
    positive = [c for c in conjuncts(cond)
                if not c.children and (c.op != "answered" or c.value is True)]
    qs = [q for c in positive if (q := _question_of(c)) in order]
    if qs:
        return max(qs, key=order.__getitem__), True
    used = [q for q in (cond.answers_used() | {_question_of(c) for c in _leaves(cond)}) if q in order]
    return (max(used, key=order.__getitem__), False) if used else (None, False)


def _leaves(c: Condition) -> list[Condition]:
    return [x for ch in c.children for x in _leaves(ch)] if c.children else [c]


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
        keys = {_key(c) for c in conjuncts(o.when)} if o.when is not None and o.when.op != "any" else set()
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
                              drop=set(known[src]) - {_key(c) for c in conjuncts(alt) if _question_of(c) == src})
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


def _fans(g: Graph) -> list[tuple[str, list[str]]]:
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

def mermaid_id(rule_id: str, kind: str) -> str:
    """Rule id -> Mermaid node id: prefixed (so no id is a keyword such as `end`), dots to underscores."""
    return ("q_" if kind == "question" else "o_") + re.sub(r"[^A-Za-z0-9_]", "_", rule_id)


def mermaid_text(s: str) -> str:
    """Escape a label for a quoted Mermaid string: entity codes for # " < >."""
    return (s.replace("#", "#35;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
            .replace("\n", " "))


def _graph(tree: Tree, lang: str, part: str | None) -> Graph:
    g = build(tree, lang)
    return section(g, part) if part else g


def mermaid(tree: Tree, lang: str, part: str | None = None) -> str:
    """The flowchart of the whole tree, or of one part (`section_ids`)."""
    g = _graph(tree, lang, part)
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for n in g.nodes:
        mid = mermaid_id(n.id, n.kind)
        while mid in taken:
            mid += "_"
        taken.add(mid)
        ids[n.id] = mid
    shape = {"question": ('["', '"]'), "document": ('(["', '"])'), "caveat": ('{{"', '"}}')}

    def node_line(n: Node, indent: str) -> str:
        label = "<br/>".join(mermaid_text(x) for x in wrap(n.label, WRAP_NODE))
        if n.cond:
            label += "<br/><i>" + "<br/>".join(mermaid_text(x) for x in wrap(n.cond, WRAP_NODE)) + "</i>"
        label += f"<br/><small>{mermaid_text(n.id)}</small>"
        left, right = shape[n.kind]
        return f"{indent}{ids[n.id]}{left}{label}{right}"

    lines = ["flowchart TD"]
    for gid, title in g.groups.items():
        members = [n for n in g.nodes if n.group == gid and not n.stub]
        if not members:
            continue
        lines.append(f'  subgraph s_{gid}["{mermaid_text(title)}"]')
        lines += [node_line(n, "    ") for n in members]
        lines.append("  end")
    lines += [node_line(n, "  ") for n in g.nodes if n.stub]
    arrow = {"branch": "-->", "next": "-->", "outcome": "-.->"}
    for e in g.edges:
        if e.src not in ids or e.dst not in ids:
            continue
        label = f'|"{"<br/>".join(mermaid_text(x) for x in wrap(e.label, WRAP_EDGE))}"|' if e.label else ""
        lines.append(f"  {ids[e.src]} {arrow[e.style]}{label} {ids[e.dst]}")
    for _, chain in _fans(g):
        lines += [f"  {ids[a]} ~~~ {ids[b]}" for a, b in zip(chain, chain[1:])]
    for kind, style in (("document", "fill:#e6f4ea,stroke:#2e7d32,color:#1b3d20"),
                        ("caveat", "fill:#fff4e5,stroke:#e65100,color:#4a2500"),
                        ("stub", "fill:#f2f2f2,stroke:#999999,color:#555555")):
        members = [ids[n.id] for n in g.nodes if (n.stub if kind == "stub" else n.kind == kind and not n.stub)]
        if members:
            lines.append(f"  classDef {kind} {style}")
            lines.append(f"  class {','.join(members)} {kind}")
    return "\n".join(lines) + "\n"


def check_section(tree: Tree, part: str | None, lang: str) -> None:
    """Raise InputError, in the user's language, for a part that is not in `section_ids`."""
    from mobility_advisor.rules.problems import InputError

    if part is not None and part not in section_ids(tree):
        raise InputError(w("unknown_section", lang, bad=repr(part), ids=", ".join(section_ids(tree))))


def markdown(tree: Tree, lang: str, fmt: str = "mermaid", part: str | None = None) -> str:
    """The pictures in a Markdown page: title, how to regenerate, legend, one fenced block per
    part (or the one part asked for)."""
    g = build(tree, lang)
    parts = [p for p in section_ids(tree) if any(n.group == p for n in g.nodes) and part in (None, p)]
    out = (
        f"# {w('title', lang)}\n\n"
        f"{w('intro', lang)}\n\n"
        f"```sh\n{REGENERATE.format(lang=lang)}\n```\n\n"
        f"{w('legend', lang)}\n\n"
        f"{w('sections_intro', lang, ids=', '.join(f'`{p}`' for p in parts))}\n\n"
        f"{w('explain_hint', lang)}\n"
    )
    for p in parts:
        body = mermaid(tree, lang, p) if fmt == "mermaid" else dot(tree, lang, p)
        out += f"\n{w('section_title', lang, title=g.groups[p])}\n\n```{fmt}\n{body}```\n"
    return out


# ---------------------------------------------------------------- Graphviz

def dot_text(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def dot(tree: Tree, lang: str, part: str | None = None) -> str:
    """The Graphviz graph of the whole tree, or of one part (`section_ids`)."""
    g = _graph(tree, lang, part)
    shape = {"question": 'shape=box, style="rounded"',
             "document": 'shape=note, style=filled, fillcolor="#e6f4ea"',
             "caveat": 'shape=hexagon, style=filled, fillcolor="#fff4e5"'}
    stub = 'shape=box, style="rounded,filled", fillcolor="#f2f2f2", color="#999999", fontcolor="#555555"'

    def node_line(n: Node, indent: str) -> str:
        label = "\n".join([*wrap(n.label, WRAP_NODE), *(wrap(n.cond, WRAP_NODE) if n.cond else []), n.id])
        return f'{indent}"{dot_text(n.id)}" [label="{dot_text(label)}", {stub if n.stub else shape[n.kind]}];'

    lines = ["digraph decision_tree {", "  rankdir=TB;",
             '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];']
    for gid, title in g.groups.items():
        members = [n for n in g.nodes if n.group == gid and not n.stub]
        if not members:
            continue
        lines.append(f'  subgraph "cluster_{gid}" {{')
        lines.append(f'    label="{dot_text(title)}";')
        lines += [node_line(n, "    ") for n in members]
        lines.append("  }")
    lines += [node_line(n, "  ") for n in g.nodes if n.stub]
    known = {n.id for n in g.nodes}
    fans = _fans(g)
    stacked = {(src, o) for src, chain in fans for o in chain[1:]}
    for e in g.edges:
        if e.src not in known or e.dst not in known:
            continue
        label = dot_text("\n".join(wrap(e.label, WRAP_EDGE)))
        attrs = []
        if (e.src, e.dst) in stacked:  # placed by its fan's column, labelled beside its outcome
            attrs += ["constraint=false"] + ([f'headlabel="{label}"', "labelangle=0", "labeldistance=6"]
                                             if e.label else [])
        elif e.label:
            attrs.append(f'label="{label}"')
        if e.style == "outcome":
            attrs.append("style=dashed")
        lines.append(f'  "{dot_text(e.src)}" -> "{dot_text(e.dst)}"' + (f" [{', '.join(attrs)}]" if attrs else "")
                     + ";")
    for _, chain in fans:
        lines += [f'  "{dot_text(a)}" -> "{dot_text(b)}" [style=invis];' for a, b in zip(chain, chain[1:])]
    lines.append("}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- terminal

def rich_tree(tree: Tree, lang: str, part: str | None = None):
    """The tree for the terminal: goal sections (or the one asked for), their questions in walk
    order, branches and outcomes."""
    from rich.markup import escape
    from rich.tree import Tree as RichTree

    g = build(tree, lang)
    kinds = {n.id: n.kind for n in g.nodes}
    counts = w("counts", lang, q=sum(k == "question" for k in kinds.values()),
               d=sum(k == "document" for k in kinds.values()), c=sum(k == "caveat" for k in kinds.values()))
    root = RichTree(f"[bold]{escape(w('title', lang))}[/] [dim]({escape(counts)})[/]")
    by_id = {n.id: n for n in g.nodes}
    for gid, title in g.groups.items():
        if part is not None and gid != part:
            continue
        members = [n for n in g.nodes if n.group == gid and n.kind == "question"]
        outs = [n for n in g.nodes if n.group == gid and n.kind != "question"]
        if not members and not outs:
            continue
        section = root.add(f"[bold cyan]{escape(title)}[/]")
        for n in members:
            line = f"[bold]?[/] {escape(n.label)} [dim]{escape(n.id)}[/]"
            if n.cond:
                line += f" [italic yellow]{escape(n.cond)}[/]"
            node = section.add(line)
            for e in g.edges:
                if e.src != n.id:
                    continue
                if e.style == "branch":
                    target = by_id[e.dst].label if e.dst in by_id else e.dst
                    node.add("↳ " + escape(w("branch", lang, choice=e.label, target=clip(target, MAX_NAME)))
                             + f" [dim]{escape(e.dst)}[/]")
                elif e.style == "outcome" and e.dst in by_id and by_id[e.dst].group == gid:
                    node.add(_rich_outcome(by_id[e.dst], e.label, lang))
        for n in outs:  # outcomes hanging from a question of another section
            if any(e.dst == n.id and by_id[e.src].group == gid for e in g.edges if e.src in by_id):
                continue
            conds = [e.label for e in g.edges if e.dst == n.id]
            section.add(_rich_outcome(n, w("or", lang).join(conds), lang))
    return root


def _rich_outcome(n: Node, cond: str, lang: str) -> str:
    from rich.markup import escape

    mark = "[green]📄[/]" if n.kind == "document" else "[yellow]⚠[/]"
    text = f"{mark} {escape(n.label)} [dim]{escape(n.id)}[/]"
    if cond:
        text += f" [italic]— {escape(w('if', lang, cond=cond))}[/]"
    return text


def text(tree: Tree, lang: str, width: int = 110, part: str | None = None) -> str:
    """The terminal picture as plain text (for -o FILE and tests)."""
    import io

    from rich.console import Console

    buf = io.StringIO()
    Console(file=buf, width=width, color_system=None, highlight=False).print(rich_tree(tree, lang, part))
    return buf.getvalue()
