"""What a loaded tree means, checked: references, reachability, sources, templates.

The routes are walked and their templates rendered in route_checks.py.

Each check returns Problems; nothing here prompts, renders to disk or stops early.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable

from mobility_advisor.core.data import shipped
from mobility_advisor.engine.engine import END, START
from mobility_advisor.rules.model import Choice, Condition, Location, Question, Tree
from mobility_advisor.rules.problems import Problem
from mobility_advisor.rules.route_checks import route_answers, route_walks

CHOICE_KINDS = ("single", "multiple")


def check(tree: Tree, templates: Path | None = None, render_templates: bool = True) -> list[Problem]:
    """Every semantic problem of the tree, errors and warnings together.

    `render_templates=False` skips rendering every route's templates: the commands that
    only need a sound tree (ask, render, cohort) leave that slow check to `validate`.
    """
    templates = templates or shipped("templates")
    out: list[Problem] = []
    out += _questions(tree)
    out += _graph(tree)
    out += _dead_branches(tree)
    out += _outcomes(tree, templates)
    parsed, route_problems = route_answers(tree)
    out += route_problems
    if render_templates:  # the commands that write packs leave the templates to `validate`
        from mobility_advisor.rules.template_checks import template_words

        out += template_words(templates)
    if not any(p.severity == "error" for p in out):  # walking needs a sound tree
        out += route_walks(tree, parsed, templates, render_templates)
    unique = dict.fromkeys(out)  # the same problem found twice (e.g. by two routes) is said once
    return sorted(unique, key=lambda p: (p.at.file, p.at.line, p.at.col, p.message))


def successors(q: Question) -> list[str]:
    nxt = [c.next for c in q.choices if c.next]
    if q.next:
        nxt.append(q.next)
    return nxt


def _err(at: Location, msg: str, code: str) -> Problem:
    return Problem(at, msg, "error", code)


def _questions(tree: Tree) -> list[Problem]:
    out: list[Problem] = []
    for q in tree.questions.values():
        if q.kind in CHOICE_KINDS and not q.choices:
            out.append(_err(q.at, f"question '{q.id}' is '{q.kind}' but has no choices", "kind"))
        if q.kind not in CHOICE_KINDS and q.choices:
            out.append(_err(q.at, f"question '{q.id}' is '{q.kind}': only single/multiple take choices", "kind"))
        values = [c.value for c in q.choices]
        for c in q.choices:
            if values.count(c.value) > 1:
                out.append(_err(c.at, f"choice value '{c.value}' appears twice in '{q.id}'", "duplicate"))
        for target, at in [(q.next, q.at)] + [(c.next, c.at) for c in q.choices]:
            if target and target not in tree.questions:
                out.append(_err(at, f"'{q.id}' leads to '{target}', which is not a question of the tree", "reference"))
        if q.not_before:
            other = tree.questions.get(q.not_before)
            if other is None or other.kind != "date":
                out.append(_err(q.at, f"not_before: '{q.not_before}' is not a date question", "reference"))
            if q.kind != "date":
                out.append(_err(q.at, f"not_before is only for date questions ('{q.id}' is '{q.kind}')", "kind"))
        if q.max_length != 200 and q.kind != "text":
            out.append(_err(q.at, f"max_length is only for text questions ('{q.id}' is '{q.kind}')", "kind"))
        if q.default is not None and not (q.kind in CHOICE_KINDS and not q.choices):
            from mobility_advisor.engine.engine import parse_answer
            from mobility_advisor.rules.problems import AnswerError

            try:
                parse_answer(q, q.default, {})
            except AnswerError as exc:
                out.append(_err(q.at, f"default of '{q.id}' does not fit the question: {exc}", "kind"))
        if q.help is None:
            out.append(Problem(q.at, f"question '{q.id}' has no help text", "warning", "help"))
    if tree.start not in tree.questions:
        out.append(_err(tree.start_at or Location(tree.files[0] if tree.files else "rules", 1),
                        f"start: '{tree.start}' is not a question of the tree", "reference"))
    return out


def _graph(tree: Tree) -> list[Problem]:
    """Cycles, unreachable questions, and conditions on answers not yet given."""
    out: list[Problem] = []
    qs = tree.questions
    if tree.start not in qs:
        return out
    # reachability
    reach: set[str] = set()
    todo = [tree.start]
    while todo:
        n = todo.pop()
        if n in reach or n not in qs:
            continue
        reach.add(n)
        todo += successors(qs[n])
    for q in qs.values():
        if q.id not in reach:
            out.append(Problem(q.at, f"question '{q.id}' cannot be reached from the start ('{tree.start}')",
                               "error", "unreachable"))
    # cycles (iterative DFS with colours)
    colour: dict[str, int] = defaultdict(int)
    for root in qs:
        if colour[root]:
            continue
        stack = [(root, iter(successors(qs[root])))]
        colour[root] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                colour[node] = 2
                stack.pop()
            elif nxt in qs:
                if colour[nxt] == 1:
                    out.append(_err(qs[node].at, f"'{node}' leads back to '{nxt}': the walk would loop", "cycle"))
                elif colour[nxt] == 0:
                    colour[nxt] = 1
                    stack.append((nxt, iter(successors(qs[nxt]))))
    if any(p.code == "cycle" for p in out):
        return out
    # answers that can exist before each question: union over paths of what precedes it
    precedes = _answered_before(tree, reach)
    for q in qs.values():
        if q.when is not None:
            for a in sorted(q.when.answers_used()):
                if a not in qs:
                    continue  # reported by _conditions
                if not precedes(a, q.id):
                    out.append(_err(q.when.at, f"'{q.id}' is asked only when '{a}' is answered, but no path "
                                               f"asks '{a}' before it", "order"))
        if q.not_before and q.not_before in qs and not precedes(q.not_before, q.id):
            out.append(_err(q.at, f"'{q.id}' must not precede '{q.not_before}', which is not asked before it",
                            "order"))
        if q.when is not None:
            out += _conditions(tree, q.when)
        # a choice's or a wording's condition may only test answers given before the question
        for cond in [c.when for c in q.choices if c.when] + [w[0] for w in q.wordings]:
            for a in sorted(cond.answers_used()):
                if a in qs and not precedes(a, q.id):
                    out.append(_err(cond.at, f"a condition of '{q.id}' tests '{a}', but no path asks '{a}' "
                                             f"before it", "order"))
            out += _conditions(tree, cond)
    return out


def _answered_before(tree: Tree, reach: set[str]) -> Callable[[str, str], bool]:
    """`precedes(a, q)`: whether some walk asks question `a` before question `q`.

    This runs the engine's walk abstractly: a state is (question, pending stack),
    and from each question the walk may take no branch, any one branch, or (for
    `multiple`) every branch in the order written -- together these give every
    "X before Y" pair that any choice of answers gives. A branch that ends
    without `next` returns to the pending `next` of the question that opened it,
    so a later sibling branch or the rest of the chain counts as "after" it.
    Falls back to plain graph reachability on very large trees.
    """
    qs = tree.questions
    State = tuple  # (question id, pending stack)

    def pop(stack: tuple[str, ...]) -> State | None:
        while stack:
            top, stack = stack[-1], stack[:-1]
            if top in qs:
                return (top, stack)
        return None

    def options(q: Question) -> list[tuple[str, ...]]:
        nexts = tuple(c.next for c in q.choices if c.next)
        if q.kind not in CHOICE_KINDS or not nexts:
            return [()]
        opts = [()] + [(n,) for n in nexts]
        if q.kind == "multiple" and len(nexts) > 1:
            opts.append(nexts)
        return opts

    first: State = (tree.start, ())
    edges: dict[State, set[State]] = {}
    todo = [first]
    while todo:
        st = todo.pop()
        if st in edges:
            continue
        if len(edges) > _MAX_STATES:
            return _reachability_before(tree, reach)
        q = qs[st[0]]
        base = st[1] + ((q.next,) if q.next else ())
        succ = {n for opt in options(q) if (n := pop(base + tuple(reversed(opt)))) is not None}
        edges[st] = succ
        todo += succ
    indegree: dict[State, int] = defaultdict(int)
    for succ in edges.values():
        for n in succ:
            indegree[n] += 1
    # Sets of questions as bit masks (Python ints): unions stay cheap on large trees.
    ids = list(qs)
    bit = {qid: 1 << i for i, qid in enumerate(ids)}
    pre: dict[State, int] = defaultdict(int)
    mask: dict[str, int] = defaultdict(int)
    ready = [st for st in edges if indegree[st] == 0]
    while ready:  # the state graph of an acyclic tree is acyclic: Kahn's order
        st = ready.pop()
        mask[st[0]] |= pre[st]
        carried = pre.pop(st, 0) | bit[st[0]]
        for n in edges[st]:
            pre[n] |= carried
            indegree[n] -= 1
            if indegree[n] == 0:
                ready.append(n)
    return lambda a, q: bool(mask.get(q, 0) & bit.get(a, 0))


_MAX_STATES = 50_000


def _reachability_before(tree: Tree, reach: set[str]) -> Callable[[str, str], bool]:
    """Coarser: X counts as before Y when Y can be reached from X."""
    qs = tree.questions
    before: dict[str, set[str]] = defaultdict(set)
    for n in reach:
        seen: set[str] = set()
        todo = list(successors(qs[n]))
        while todo:
            m = todo.pop()
            if m in seen or m not in qs:
                continue
            seen.add(m)
            todo += successors(qs[m])
        for m in seen:
            before[m].add(n)
    return lambda a, q: a in before.get(q, ())


def _conditions(tree: Tree, cond: Condition) -> list[Problem]:
    out: list[Problem] = []
    if cond.children:
        for c in cond.children:
            out += _conditions(tree, c)
        return out
    if cond.fact is not None:
        needs = (START,) if cond.fact == "days_to_start" else (START, END)
        missing = [n for n in needs if n not in tree.questions]
        if missing:
            out.append(_err(cond.at, f"condition on the fact '{cond.fact}', but the tree asks no "
                                     f"{' / '.join(missing)}", "reference"))
        return out
    if cond.answer is None:
        return out
    q = tree.questions.get(cond.answer)
    if q is None:
        return [_err(cond.at, f"condition on '{cond.answer}', which is not a question of the tree", "reference")]
    values = {c.value for c in q.choices}
    tags = {t for c in q.choices for t in c.tags}
    if cond.op == "tag" and cond.value not in tags:
        out.append(_err(cond.at, f"no choice of '{q.id}' has the tag '{cond.value}'", "reference"))
    if cond.op == "includes" and (q.kind != "multiple" or cond.value not in values):
        out.append(_err(cond.at, f"'{q.id}' has no choice '{cond.value}' to include (or is not 'multiple')",
                        "reference"))
    if cond.op in ("is", "in") and q.kind == "single":
        for v in cond.value if cond.op == "in" else [cond.value]:
            if v not in values:
                out.append(_err(cond.at, f"'{q.id}' has no choice '{v}'", "reference"))
    if cond.op == "is" and q.kind == "yesno" and not isinstance(cond.value, bool):
        out.append(_err(cond.at, f"'{q.id}' is yes/no: compare it with true or false", "reference"))
    if cond.op in ("is", "in") and q.kind == "multiple":
        out.append(_err(cond.at, f"'{q.id}' takes several choices: use 'includes'", "reference"))
    return out


def _outcomes(tree: Tree, templates: Path) -> list[Problem]:
    out: list[Problem] = []
    has_dates = START in tree.questions and END in tree.questions
    for o in tree.outcomes:
        if o.kind == "step" and o.phase is None:
            out.append(_err(o.at, f"step '{o.id}' needs a phase (before, during or after)", "kind"))
        if o.kind == "document":
            if not o.template or o.title is None:
                out.append(_err(o.at, f"document '{o.id}' needs a template and a title", "kind"))
            else:
                if not (templates / f"{o.template}.md.j2").is_file():
                    out.append(_err(o.at, f"document '{o.id}': template {o.template}.md.j2 does not exist",
                                    "template"))
        elif o.template:
            out.append(_err(o.at, f"only documents take a template ('{o.id}' is a {o.kind})", "kind"))
        if o.kind == "caveat" and o.check_with is None:
            out.append(Problem(o.at, f"caveat '{o.id}' does not say whom to check with (check_with)", "warning",
                               "caveat"))
        if o.due and not has_dates:
            out.append(_err(o.due.at, f"'{o.id}' has a due date but the tree asks no {START}/{END}", "reference"))
        for s in o.source:
            doc = tree.seeds.get(s.seed)
            if doc is None or doc.public != (s.section is None):
                kind = "public source" if s.section is None else "seed document"
                known = sorted(k for k, d in tree.seeds.items() if d.public == (s.section is None))
                out.append(_err(s.at, f"source '{s.seed}' is not a known {kind} "
                                      f"(known: {', '.join(known) or 'none'})", "source"))
            elif s.section is not None and doc.sections and s.section not in doc.sections:
                out.append(_err(s.at, f"section '{s.section}' is not listed for {doc.code} in the sources registry "
                                      f"(known: {', '.join(doc.sections)})", "source"))
        if o.when is not None:
            out += _conditions(tree, o.when)
        out += _placeholders(o)
    return out


_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def _placeholders(o: Any) -> list[Problem]:
    """A rule text may quote a computed figure as {duration_days} (spec.FACTS) or name a contact as
    {national_agency} (contacts.ROLES); any other name in braces, or a brace left open, would reach the
    checklist as written."""
    from mobility_advisor.engine.contacts import ROLES
    from mobility_advisor.rules.shapes import FACTS

    known = (*FACTS, *ROLES)

    out: list[Problem] = []
    for field in ("text", "tip", "check_with", "parties_text", "title"):
        text = getattr(o, field, None)
        for lang, s in text.items() if text is not None else ():
            unknown = [n for n in _PLACEHOLDER.findall(s) if n not in known]
            if unknown:
                out.append(_err(o.at, f"'{o.id}' {field} ({lang}): unknown placeholder {{{unknown[0]}}} "
                                      f"(known: {', '.join(known)})", "placeholder"))
            elif "{" in _PLACEHOLDER.sub("", s) or "}" in _PLACEHOLDER.sub("", s):
                out.append(_err(o.at, f"'{o.id}' {field} ({lang}): unbalanced brace {{ or }}", "placeholder"))
    return out


def _dead_branches(tree: Tree) -> list[Problem]:
    """Branches that lead nowhere: a choice opens a branch whose first question
    is asked only under a condition that cannot hold once that choice is made."""
    from mobility_advisor.engine.engine import holds

    out: list[Problem] = []
    for q in tree.questions.values():
        for c in q.choices:
            target = tree.questions.get(c.next) if c.next else None
            if target is None or target.when is None:
                continue

            def known(leaf: Condition, q: Question = q, c: Choice = c) -> bool | None:
                if leaf.answer != q.id:
                    return None
                if q.kind == "single":
                    return holds(leaf, tree, {q.id: c.value}, {})
                # multiple: other choices may be ticked too; only what this one implies is known
                if leaf.op == "answered":
                    return bool(leaf.value)
                if leaf.op == "includes" and leaf.value == c.value:
                    return True
                if leaf.op == "tag" and c.tags and leaf.value in c.tags:
                    return True
                return None

            if _maybe(target.when, known) is False:
                out.append(_err(c.at, f"choice '{c.value}' of '{q.id}' opens a branch that leads nowhere: "
                                      f"'{target.id}' is asked only when a condition holds that this choice "
                                      f"rules out", "dead-branch"))
    return out


def _maybe(cond: Condition, leaf: Callable[[Condition], bool | None]) -> bool | None:
    """Three-valued truth of a condition: None where `leaf` cannot tell (Kleene logic)."""
    if cond.op == "not":
        v = _maybe(cond.children[0], leaf)
        return None if v is None else not v
    if cond.op in ("all", "any"):
        vals = [_maybe(c, leaf) for c in cond.children]
        decisive = cond.op == "any"  # True decides `any`, False decides `all`
        if decisive in vals:
            return decisive
        return None if None in vals else not decisive
    return leaf(cond)


def _leaves(cond: Condition) -> list[Condition]:
    if cond.children:
        return [leaf for c in cond.children for leaf in _leaves(c)]
    return [cond]
