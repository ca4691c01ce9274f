"""What a loaded tree means, checked: references, reachability, sources, templates.

Each check returns Problems; nothing here prompts, renders to disk or stops early.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from .data import shipped
from .engine import END, START
from .model import Condition, Location, Question, Tree
from .problems import Problem

CHOICE_KINDS = ("single", "multiple")


def check(tree: Tree, templates: Path | None = None) -> list[Problem]:
    """Every semantic problem of the tree, errors and warnings together."""
    templates = templates or shipped("templates")
    out: list[Problem] = []
    out += _questions(tree)
    out += _graph(tree)
    out += _outcomes(tree, templates)
    out += _routes(tree)
    return sorted(out, key=lambda p: (p.at.file, p.at.line, p.at.col))


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
        if q.help is None:
            out.append(Problem(q.at, f"question '{q.id}' has no help text", "warning", "help"))
    if tree.start not in tree.questions:
        out.append(_err(Location(tree.files[0] if tree.files else "rules", 1),
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
    before = _answered_before(tree, reach)
    for q in qs.values():
        if q.when is not None:
            for a in sorted(q.when.answers_used()):
                if a not in qs:
                    continue  # reported by _conditions
                if a not in before.get(q.id, set()):
                    out.append(_err(q.when.at, f"'{q.id}' is asked only when '{a}' is answered, but no path "
                                               f"asks '{a}' before it", "order"))
        if q.not_before and q.not_before in qs and q.not_before not in before.get(q.id, set()):
            out.append(_err(q.at, f"'{q.id}' must not precede '{q.not_before}', which is not asked before it",
                            "order"))
        if q.when is not None:
            out += _conditions(tree, q.when)
    return out


def _answered_before(tree: Tree, reach: set[str]) -> dict[str, set[str]]:
    """For each question, the questions that some path asks before it (a fixed point).

    Branches are visited before `next`, and a multiple choice can visit several
    branches in turn, so every question reached from X is 'after X'.
    """
    qs = tree.questions
    after: dict[str, set[str]] = {}
    for n in reach:
        seen: set[str] = set()
        todo = list(successors(qs[n]))
        while todo:
            m = todo.pop()
            if m in seen or m not in qs:
                continue
            seen.add(m)
            todo += successors(qs[m])
        after[n] = seen
    # A branch ending without `next` returns to the pending `next` of an earlier
    # multiple-choice question: everything reachable from that question counts.
    before: dict[str, set[str]] = defaultdict(set)
    for n, later in after.items():
        for m in later:
            before[m].add(n)
    return before


def _conditions(tree: Tree, cond: Condition) -> list[Problem]:
    out: list[Problem] = []
    if cond.children:
        for c in cond.children:
            out += _conditions(tree, c)
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
                for lang in ("fr", "en"):
                    if not (templates / lang / f"{o.template}.md.j2").is_file():
                        out.append(_err(o.at, f"document '{o.id}': template {lang}/{o.template}.md.j2 does not "
                                              f"exist", "template"))
        elif o.template:
            out.append(_err(o.at, f"only documents take a template ('{o.id}' is a {o.kind})", "kind"))
        if o.kind == "caveat" and o.check_with is None:
            out.append(Problem(o.at, f"caveat '{o.id}' does not say whom to check with (check_with)", "warning",
                               "caveat"))
        if o.due and not has_dates:
            out.append(_err(o.due.at, f"'{o.id}' has a due date but the tree asks no {START}/{END}", "reference"))
        for s in o.source:
            if s.seed not in tree.seeds:
                out.append(_err(s.at, f"source '{s.seed}' is not a known seed document "
                                      f"(known: {', '.join(sorted(tree.seeds)) or 'none'})", "source"))
        if o.when is not None:
            out += _conditions(tree, o.when)
    return out


def _routes(tree: Tree) -> list[Problem]:
    from .engine import parse_answer
    from .problems import AnswerError

    out: list[Problem] = []
    for r in tree.routes.values():
        for qid, raw in r.answers.items():
            q = tree.questions.get(qid)
            if q is None:
                out.append(_err(r.at, f"route '{r.id}' answers '{qid}', which is not a question", "reference"))
                continue
            try:
                parse_answer(q, raw, {})
            except AnswerError as exc:
                out.append(_err(r.at, f"route '{r.id}': answer to '{qid}': {exc}", "reference"))
    return out
