"""The walk and its outcomes. Pure: no terminal, no files, no clock (`today` is passed in).

The wizard, the answers file, the cohort command and the tests all drive these
same functions, so they cannot disagree about what comes next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping

from mobility_advisor.core.controls import code, first_hidden
from mobility_advisor.engine.dates import due_date, parse_date
from mobility_advisor.rules.model import Choice, Condition, Outcome, Question, Text, Tree
from mobility_advisor.rules.problems import AnswerError

START = "mobility.start"
END = "mobility.end"
YES = {"yes", "y", "oui", "o", "true", "sí", "si", "ja"}
NO = {"no", "n", "non", "false", "nein"}


@dataclass(frozen=True, slots=True)
class Walk:
    """Where a walk stands: the questions answered, in order, and the next one (None: done)."""

    asked: tuple[Question, ...]
    next: Question | None

    @property
    def done(self) -> bool:
        return self.next is None


@dataclass(frozen=True, slots=True)
class Item:
    """An outcome that applies, with its date when the mobility dates give one."""

    outcome: Outcome
    due: date | None = None


@dataclass(frozen=True, slots=True)
class Result:
    """Everything the answers lead to."""

    answers: dict[str, Any]
    items: tuple[Item, ...]

    def of_kind(self, kind: str, phase: str | None = None) -> list[Item]:
        return [i for i in self.items if i.outcome.kind == kind and (phase is None or i.outcome.phase == phase)]

    @property
    def documents(self) -> list[Item]:
        return self.of_kind("document")

    @property
    def caveats(self) -> list[Item]:
        return self.of_kind("caveat")


def walk(tree: Tree, answers: Mapping[str, Any]) -> Walk:
    """Follow the tree from its start with these answers.

    A question's chosen branches are visited first (in the order the choices are
    written), then its `next`: this is how one run visits several entry points.
    Questions whose `when` does not hold are passed over.
    """
    asked: list[Question] = []
    for q in path(tree, answers, asked):
        return Walk(tuple(asked), q)
    return Walk(tuple(asked), None)


def path(tree: Tree, answers: Mapping[str, Any], asked: list[Question] | None = None):
    """The walk one question at a time: yields each question `answers` lacks; the caller
    adds its answer to `answers` and the walk goes on from there (one walk for a whole
    answers file, rather than one from the start per answer). It ends when the tree does,
    or when a yielded question is still unanswered. `asked` gets the questions answered."""
    stack: list[str | None] = [tree.start]
    asked = [] if asked is None else asked
    seen: set[str] = set()
    known: dict[str, Any] = {}
    while stack:
        nid = stack.pop()
        if nid is None or nid in seen:  # `seen` guards against cycles in unchecked trees
            continue
        seen.add(nid)
        q = tree.questions[nid]
        if q.when is not None and not holds(q.when, tree, known, {}):
            stack.append(q.next)
            continue
        if q.id not in answers:
            yield q
            if q.id not in answers:
                return
        asked.append(q)
        known[q.id] = answers[q.id]
        stack.append(q.next)
        stack.extend(reversed(_branches(q, answers[q.id])))


def _branches(q: Question, value: Any) -> list[str]:
    if q.kind == "single":
        c = q.choice(value)
        return [c.next] if c and c.next else []
    if q.kind == "multiple":
        chosen = set(value or ())
        return [c.next for c in q.choices if c.value in chosen and c.next]
    return []


def effective(tree: Tree, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Only the answers to questions still on the path (after going back and changing one)."""
    w = walk(tree, answers)
    return {q.id: answers[q.id] for q in w.asked}


CONTRACT_START, CONTRACT_END, BIRTH = "apprentice.contract_start", "apprentice.contract_end", "learner.birth_date"


def _plus_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def facts(answers: Mapping[str, Any], today: date) -> dict[str, int]:
    """Numbers computed from the answers that conditions may test and texts may quote.

    A fact that the answers cannot give (a date left blank) is absent, so a condition on it is false.
    """
    out: dict[str, int] = {}
    start, end = answers.get(START), answers.get(END)
    if isinstance(start, date):
        out["days_to_start"] = (start - today).days
        if isinstance(end, date):
            out["duration_days"] = (end - start).days + 1
            # days beyond one year abroad (positive: over the limit)
            out["over_one_year_days"] = (end - _plus_years(start, 1)).days + 1
        birth = answers.get(BIRTH)
        if isinstance(birth, date):
            out["minor_at_start"] = int(start < _plus_years(birth, 18))
    c_start, c_end = answers.get(CONTRACT_START), answers.get(CONTRACT_END)
    if isinstance(c_start, date) and isinstance(c_end, date):
        out["contract_days"] = (c_end - c_start).days + 1
        out["half_contract_days"] = out["contract_days"] // 2
        if "duration_days" in out:
            # twice the stay minus the contract: positive when the stay is over half the contract
            out["over_half_contract_days"] = 2 * out["duration_days"] - out["contract_days"]
    return out


def _figures(o: Outcome, known: Mapping[str, int]) -> Outcome:
    """Quote computed figures in a rule's text: `{duration_days}` becomes the number."""
    from dataclasses import replace

    def fill(t: Text | None) -> Text | None:
        if t is None or not t.has("{"):
            return t

        def quote(_lang: str, s: str) -> str:
            for k, v in known.items():
                s = s.replace("{" + k + "}", str(v))
            return s

        return t.map(quote)

    return replace(o, text=fill(o.text), tip=fill(o.tip)) if o.text.has("{") else o


def start_past(answers: Mapping[str, Any], today: date) -> date | None:
    """The start date when it is already past (worth a warning, not a refusal), else None."""
    start = answers.get(START)
    return start if isinstance(start, date) and start < today else None


def holds(cond: Condition, tree: Tree, answers: Mapping[str, Any], known_facts: Mapping[str, int]) -> bool:
    """Whether a condition holds; a test on an unanswered question or unknown fact is false."""
    op = cond.op
    if op == "all":
        return all(holds(c, tree, answers, known_facts) for c in cond.children)
    if op == "any":
        return any(holds(c, tree, answers, known_facts) for c in cond.children)
    if op == "not":
        return not holds(cond.children[0], tree, answers, known_facts)
    if cond.fact is not None:
        n = known_facts.get(cond.fact)
        if n is None:
            return False
        return n < cond.value if op == "below" else n >= cond.value
    present = cond.answer in answers
    if op == "answered":
        return present == bool(cond.value)
    if not present:
        return False
    a = answers[cond.answer]
    if op == "is":
        return a == cond.value
    if op == "in":
        return a in cond.value
    if op == "includes":
        return isinstance(a, (list, tuple)) and cond.value in a
    if op == "tag":
        q = tree.questions.get(cond.answer)
        values = a if isinstance(a, (list, tuple)) else [a]
        return bool(q) and any(
            (c := q.choice(v)) is not None and cond.value in c.tags for v in values
        )
    raise ValueError(f"unknown condition operator {op!r}")  # pragma: no cover - the loader refuses it


def outcomes(tree: Tree, answers: Mapping[str, Any], today: date, prune: bool = True) -> Result:
    """The outcomes that apply to these answers, each with its date where known.

    `prune=False` takes the answers as they are, without walking: for a route's
    preset answers, which leave the profile (names, dates) unanswered.
    """
    eff = effective(tree, answers) if prune else dict(answers)
    known = facts(eff, today)
    start, end = eff.get(START), eff.get(END)
    from mobility_advisor.engine.contacts import named

    items = tuple(
        Item(_figures(named(tree, o, eff), known), due_date(o.due, start, end) if o.due else None)
        for o in tree.outcomes
        if o.when is None or holds(o.when, tree, eff, known)
    )
    return Result(eff, items)


# The Erasmus+ project code: the 2021-2027 shape (EC recommended learning-agreement template)
# and the older one (2014-2020 projects, such as the seeds' own 2020-1-FR01-KA202-080445).
PROJECT_CODE = re.compile(r"^\d{4}-\d-[A-Z]{2}\d{2}-KA\d{3}-[A-Z]{3}-\d{9}$")
PROJECT_CODE_OLD = re.compile(r"^\d{4}-\d-[A-Z]{2}\d{2}-KA\d{3}-\d{6}$")
FORMATS = ("erasmus_project_code",)
# The example a refusal shows, in the sending country's shape (issue #28: not a French code for
# every sender). FR01 is the seeds' own agency code; the number after ES, BE and DE is an example,
# as the question's wording says (rules/entry.yaml, org.project_code).
AGENCY_EXAMPLE = {"fr": "FR01", "es": "ES01", "es_ct": "ES01", "be_fr": "BE01", "de": "DE01"}


def project_code_example(answers: Mapping[str, Any]) -> str:
    """"2024-1-ES01-KA121-VET-000123456" for a sender in Spain; France's shape when not known."""
    return f"2024-1-{AGENCY_EXAMPLE.get(str(answers.get('org.sending_country')), 'FR01')}-KA121-VET-000123456"


def _formatted(fmt: str, raw: str, answers: Mapping[str, Any]) -> str:
    """A coded answer, normalised (spaces dropped, upper case) and checked against its shape."""
    value = "".join(raw.split()).upper()
    if fmt == "erasmus_project_code":
        if PROJECT_CODE.match(value) or PROJECT_CODE_OLD.match(value):
            return value
        raise AnswerError("project_code", value=raw.strip()[:60], example=project_code_example(answers))
    raise ValueError(f"unknown format {fmt!r}")  # pragma: no cover - the loader refuses it


def offered(q: Question, answers: Mapping[str, Any]) -> list[Choice]:
    """The choices a question offers given the earlier answers (e.g. not the sending country
    as a destination). A choice's condition tests earlier answers only, never tags."""
    return [c for c in q.choices if c.when is None or holds(c.when, None, answers, {})]  # type: ignore[arg-type]


def wording(q: Question, answers: Mapping[str, Any]) -> tuple[Text, Text | None]:
    """The question's text and help for these earlier answers: the first wording whose
    condition holds (a question worded for the sending country's system), else its own."""
    for cond, text, help_ in q.wordings:
        if holds(cond, None, answers, {}):  # type: ignore[arg-type]
            return text, help_ or q.help
    return q.text, q.help


def parse_answer(q: Question, raw: Any, answers: Mapping[str, Any]) -> Any:
    """Turn what was typed (or written in an answers file) into the answer's value.

    Raises AnswerError with a sentence that says what is expected.
    """
    if q.kind == "text":
        if raw is None:
            raw = ""
        if q.format and str(raw).strip():
            return _formatted(q.format, str(raw), answers)
        if not isinstance(raw, (str, int, float)) or isinstance(raw, bool):
            raise AnswerError("expected_text")
        text = " ".join(str(raw).split())
        hidden = first_hidden(str(raw), allow="\n\t")  # line breaks and tabs become spaces
        if hidden is not None:
            raise AnswerError("hidden", code=code(hidden))
        if not text and not q.optional:
            raise AnswerError("empty")
        if len(text) > q.max_length:
            raise AnswerError("too_long", max=q.max_length, n=len(text))
        return text
    if q.kind == "date":
        if q.optional and (raw is None or str(raw).strip() == ""):
            return ""  # left blank: unknown (e.g. a date of birth not given)
        d = parse_date(raw)
        if q.not_before and isinstance(answers.get(q.not_before), date) and d < answers[q.not_before]:
            raise AnswerError("before", value=d.isoformat(), other=answers[q.not_before].isoformat())
        birth = answers.get(BIRTH)
        if q.id == START and isinstance(birth, date) and d <= birth:  # a typo in a year, one way or the other
            raise AnswerError("after_birth", value=d.isoformat(), other=birth.isoformat())
        return d
    if q.kind == "yesno":
        if isinstance(raw, bool):
            return raw
        s = str(raw).strip().lower()
        if s in YES:
            return True
        if s in NO:
            return False
        raise AnswerError("yesno")
    choices = offered(q, answers)
    values = [c.value for c in choices]
    if q.kind == "single":
        if raw not in values and isinstance(raw, str):
            # a choice named by its label, in either language ("France" for fr: a profile's country)
            named = [c.value for c in choices if raw.strip().casefold() in {t.casefold() for _, t in c.label.items()}]
            raw = named[0] if len(named) == 1 else raw
        if raw not in values:
            raise AnswerError("one_of", values=", ".join(values))
        return raw
    # multiple
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, (list, tuple)) or not raw:
        raise AnswerError("list_of", values=", ".join(values))
    bad = [v for v in raw if v not in values]
    if bad:
        raise AnswerError("not_among", bad=", ".join(map(str, bad)), values=", ".join(values))
    return [v for v in values if v in raw]  # the tree's order, without repeats
