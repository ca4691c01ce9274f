"""What a loaded tree means, checked: references, reachability, sources, templates.

Each check returns Problems; nothing here prompts, renders to disk or stops early.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable

from mobility_advisor.core.data import shipped
from mobility_advisor.engine.engine import END, START
from mobility_advisor.rules.model import LANGS, Choice, Condition, Location, Question, Route, Tree
from mobility_advisor.rules.problems import Problem

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
    parsed, route_problems = _route_answers(tree)
    out += route_problems
    if render_templates:  # the commands that write packs leave the templates to `validate`
        from mobility_advisor.rules.template_checks import template_words

        out += template_words(templates)
    if not any(p.severity == "error" for p in out):  # walking needs a sound tree
        out += _route_walks(tree, parsed, templates, render_templates)
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
    from mobility_advisor.rules.spec import FACTS

    known = (*FACTS, *ROLES)

    out: list[Problem] = []
    for field in ("text", "tip", "check_with", "title"):
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


def _route_answers(tree: Tree) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """Each route's preset answers, parsed; routes with a bad answer are left out."""
    from mobility_advisor.engine.engine import parse_answer
    from mobility_advisor.rules.problems import AnswerError

    out: list[Problem] = []
    parsed: dict[str, dict[str, Any]] = {}
    for r in tree.routes.values():
        answers: dict[str, Any] = {}
        ok = True
        for qid, raw in r.answers.items():
            q = tree.questions.get(qid)
            if q is None:
                out.append(_err(r.at, f"route '{r.id}' answers '{qid}', which is not a question", "reference"))
                ok = False
                continue
            try:
                answers[qid] = parse_answer(q, raw, answers)
            except AnswerError as exc:
                out.append(_err(r.at, f"route '{r.id}': answer to '{qid}': {exc}", "reference"))
                ok = False
        if ok:
            parsed[r.id] = answers
    return parsed, out


# What the checks answer for the questions a route leaves open.
SAMPLE_TODAY = date(2030, 1, 7)
SAMPLE_DATES = {START: date(2030, 3, 1), END: date(2030, 3, 29)}


def sample_answer(q: Question, answers: dict[str, Any]) -> Any:
    """A plausible answer to any question, so a route's walk can be completed."""
    if q.kind == "text":
        return "Sample"
    if q.kind == "date":
        return SAMPLE_DATES.get(q.id) or answers.get(q.not_before or "") or SAMPLE_DATES[START]
    if q.kind == "yesno":
        return True
    from mobility_advisor.engine.engine import offered

    choices = offered(q, answers) or list(q.choices)
    if q.kind == "single":
        return choices[0].value
    return [c.value for c in choices]


def complete(tree: Tree, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers plus a sample answer for every other question the walk reaches."""
    from mobility_advisor.engine.engine import walk

    full = dict(answers)
    for _ in range(len(tree.questions) + 1):
        w = walk(tree, full)
        if w.done:
            break
        full[w.next.id] = sample_answer(w.next, full)
    return full


def _route_walks(tree: Tree, parsed: dict[str, dict[str, Any]], templates: Path,
                 render_templates: bool = True) -> list[Problem]:
    """Walk each route (completed with samples): unused presets, and templates rendered for real."""
    from mobility_advisor.engine.engine import effective, outcomes

    out: list[Problem] = []
    renderer = _renderer(templates) if render_templates else None
    shown: set[tuple[Location, str]] = set()
    for rid, answers in parsed.items():
        r = tree.routes[rid]
        full = complete(tree, answers)
        asked = effective(tree, full)
        for qid in answers:
            if qid not in asked:
                out.append(_err(r.at, f"route '{rid}' answers '{qid}', but its walk never asks it (check the "
                                      f"answers that lead there)", "route"))
        if renderer is not None:
            for at, what, for_route in _render_route(tree, r, outcomes(tree, full, SAMPLE_TODAY), renderer):
                if (at, what) not in shown:  # the same template problem: said once, for the first route
                    shown.add((at, what))
                    out.append(_err(at, what + for_route, "template"))
    return out


@dataclass(frozen=True)
class Renderer:
    """How the check renders: render.py's functions (imported lazily), on a templates folder."""

    pack: Callable[..., dict[str, str]]  # pack_files(tree, result, lang, today) -> {file: text}
    document: Callable[..., str]  # (tree, result, lang, today, template) -> text


def _renderer(templates: Path) -> Renderer:
    """render.pack_files, and render.render_document on `templates`."""
    from mobility_advisor.pack import render

    def document(tree: Tree, result: Any, lang: str, today: date, template: str) -> str:
        return render.render_document(tree, result, lang, today, template, templates=templates)

    return Renderer(render.pack_files, document)


def _render_route(tree: Tree, route: Route, result: Any, renderer: Renderer) -> list[tuple[Location, str, str]]:
    """Render the route's pack without documents, then each document alone, in every language.

    A variable the route cannot supply (jinja2.StrictUndefined) is an error: at the
    document outcome that names the template, or at the route for the pack's own files.
    """
    from mobility_advisor.engine.engine import Result

    out: list[tuple[Location, str, str]] = []  # where, what, for which route
    others = tuple(i for i in result.items if i.outcome.kind != "document")

    for lang in RENDERED:
        bare = Result(result.answers, others)
        base = _render_problem(lambda: renderer.pack(tree, bare, lang, SAMPLE_TODAY), route)
        if base is not None:
            out.append((route.at, base[1], base[2]))
        for item in result.documents:
            o = item.outcome
            alone = Result(result.answers, others + (item,))
            found = _render_problem(lambda: renderer.document(tree, alone, lang, SAMPLE_TODAY, o.template), route)
            if found is not None:
                out.append((o.at, found[1], found[2]))
    return out


# Validate renders every route in French: one template serves every language, so this tests
# the code of all; each language's words are checked in its catalogue (template_checks.py).
RENDERED = ("fr",)


def _render_problem(render: Callable[[], Any], route: Route) -> tuple[str | None, str, str] | None:
    """None when `render()` succeeds; else (template name or None, what, for which route)."""
    import jinja2

    for_route = f" (route '{route.id}')"
    try:
        render()
    except jinja2.UndefinedError as exc:
        name, line, source = _template_frame(exc)
        where = f"template {name}" + (f" (line {line})" if line else "") if name else "a template"
        what = _undefined_expression(str(exc), source)
        if what is None:
            return name, f"{where}: {' '.join(str(exc).split())}", for_route
        return name, f"{where} uses {what}", f", which route '{route.id}' cannot supply"
    except jinja2.TemplateSyntaxError as exc:
        name = _template_name(exc.filename or exc.name or "")
        return name, f"template {name or exc.name} (line {exc.lineno}) has a syntax error: {exc.message}", ""
    except jinja2.TemplateNotFound as exc:
        return None, f"template {exc.name} does not exist", for_route
    except Exception as exc:  # a filter or test failing on the route's answers
        name, line, _ = _template_frame(exc)
        where = f"template {name}" + (f" (line {line})" if line else "") if name else "the pack"
        detail = " ".join(str(exc).split()) or type(exc).__name__
        return name, f"{where} fails: {type(exc).__name__}: {detail}", for_route
    return None


def _template_name(filename: str) -> str | None:
    """`en/men_unit_file.md.j2` from a template's path."""
    if not filename.endswith(".j2"):
        return None
    p = Path(filename)
    return f"{p.parent.name}/{p.name}" if p.parent.name in LANGS else p.name


def _template_frame(exc: BaseException) -> tuple[str | None, int | None, str]:
    """The template (name, line, source line) where the error was raised, from the traceback."""
    import traceback

    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        name = _template_name(frame.filename)
        if name:
            try:
                lines = Path(frame.filename).read_text(encoding="utf-8").splitlines()
                src = lines[frame.lineno - 1] if frame.lineno and frame.lineno <= len(lines) else ""
            except (OSError, UnicodeDecodeError):
                src = ""
            return name, frame.lineno, src
    return None, None, ""


_UNDEFINED = re.compile(r"^'(?P<whole>[^']+)' is undefined$|has no (?:attribute|element) '(?P<name>[^']+)'$")
_EXPR = re.compile(r"[A-Za-z_]\w*(?:\s*(?:\.[A-Za-z_]\w*|\[\s*(?:'[^']*'|\"[^\"]*\")\s*\]))*")


def _undefined_expression(message: str, source: str) -> str | None:
    """'answers.foo' from jinja2's "'dict object' has no attribute 'foo'" and the template line."""
    m = _UNDEFINED.search(message)
    if not m:
        return None
    if m.group("whole"):
        return f"'{m.group('whole')}'"
    name = m.group("name")
    for expr in _EXPR.findall(source):
        dotted = re.sub(r"\[\s*['\"]([^'\"]*)['\"]\s*\]", r".\1", re.sub(r"\s+", "", expr))
        if dotted.endswith("." + name):
            return f"'{dotted}'"
    return f"'{name}'"
