"""The routes of routes.yaml, checked by walking them: their answers fit the questions, each
walk asks what the route answers, and every template renders with what the route supplies.

Each check returns Problems; templates are rendered in memory (see Renderer), never to disk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable

from mobility_advisor.engine.engine import END, START
from mobility_advisor.rules.model import LANGS, Location, Question, Route, Tree
from mobility_advisor.rules.problems import Problem


def _err(at: Location, msg: str, code: str) -> Problem:
    return Problem(at, msg, "error", code)


def route_answers(tree: Tree) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
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


def route_walks(tree: Tree, parsed: dict[str, dict[str, Any]], templates: Path,
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
