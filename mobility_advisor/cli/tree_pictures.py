"""The rule tree's `Graph` drawn: a Mermaid flowchart, a Graphviz graph, a Markdown page around
either (docs/decision-tree.md), a rich Tree for the terminal, or its plain text. Labels are
wrapped into short lines, never cut mid-word. rich is imported only by `rich_tree`."""

from __future__ import annotations

import re

from mobility_advisor.cli.condition_words import MAX_NAME, clip
from mobility_advisor.cli.tree_words import w
from mobility_advisor.cli.treeview import Graph, Node, build, outcome_fans, section, section_ids
from mobility_advisor.rules.model import Tree

REGENERATE = "mobility-advisor tree --format mermaid --markdown --lang {lang} --force -o docs/decision-tree.md"
# Labels are wrapped into lines of about this many characters (never cut): a node stays about
# as wide as a phone screen, and a picture's width comes from its layout, not from its texts.
WRAP_NODE = 34
WRAP_EDGE = 30


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` characters, broken between words (a longer word alone)."""
    lines: list[str] = []
    for word in " ".join(text.split()).split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


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
    for _, chain in outcome_fans(g):
        lines += [f"  {ids[a]} ~~~ {ids[b]}" for a, b in zip(chain, chain[1:])]
    for kind, style in (("document", "fill:#e6f4ea,stroke:#2e7d32,color:#1b3d20"),
                        ("caveat", "fill:#fff4e5,stroke:#e65100,color:#4a2500"),
                        ("stub", "fill:#f2f2f2,stroke:#999999,color:#555555")):
        members = [ids[n.id] for n in g.nodes if (n.stub if kind == "stub" else n.kind == kind and not n.stub)]
        if members:
            lines.append(f"  classDef {kind} {style}")
            lines.append(f"  class {','.join(members)} {kind}")
    return "\n".join(lines) + "\n"


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
    fans = outcome_fans(g)
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
