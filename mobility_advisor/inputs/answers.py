"""Answers files: read, check against the walk, and write them back.

An answers file replays a run without a terminal:

    version: 1
    lang: fr
    answers:
      goals: [participation, certification]
      learner.name: Léa Dupont
      mobility.start: 2027-03-01
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Mapping

from mobility_advisor.core.data import display
from mobility_advisor.engine.engine import parse_answer, path
from mobility_advisor.i18n.catalogues import NP_, N_, messages
from mobility_advisor.rules.model import Tree, spoken
from mobility_advisor.rules.problems import AnswerError, InputError
from mobility_advisor.rules.yamlsafe import YamlError, parse, read_text

KEYS = ("version", "lang", "host_lang", "answers", "outcomes", "results")  # the keys of an answers file
VERSION = 1  # the answers-file format this version reads and writes


@dataclass(frozen=True)
class AnswersFile:
    lang: str | None
    answers: dict[str, Any]  # raw, as written; `resolve` checks them
    outcomes: Any = None  # raw `outcomes:` (learning outcomes), located; learning_io.record checks them
    results: Any = None  # raw `results:`, located; checked against the outcomes and the route chosen
    host_lang: str | None = None  # `host_lang:` (--host-lang as given: a language or "none"), if written


def load(path: Path) -> AnswersFile:
    """Read an answers file (safe YAML, size-limited); InputError says what is wrong."""
    from mobility_advisor.i18n.messages import default_lang

    name, ui = display(path), default_lang()  # the file's own language is not known yet
    if not path.is_file():
        raise InputError(_expected("no_file", ui, file=name))
    try:
        data = parse(read_text(path, name), name, plain_as_text=True)  # 0777 stays "0777"
    except YamlError as exc:
        raise InputError(str(exc.problem)) from None
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        raise InputError(_expected("no_answers", ui, file=name))
    unknown = set(data) - set(KEYS)
    if unknown:
        raise InputError(_expected("unknown_keys", ui, n=len(unknown), file=name, keys=", ".join(sorted(map(str, unknown))),
                                   expected=", ".join(KEYS)))
    version = data.get("version")
    if version is not None and str(version).strip() != str(VERSION):
        from mobility_advisor.core.controls import visible
        from mobility_advisor.i18n.messages import msg

        raise InputError(msg("bad_version", ui, file=name, value=visible(str(version))[:40]))
    lang = data.get("lang")
    if lang is not None and lang not in spoken():
        raise InputError(_expected("bad_lang", ui, file=name, value=lang, langs=", ".join(spoken())))
    host = data.get("host_lang")  # --host-lang saved with the answers (bilingual.py)
    from mobility_advisor.engine.bilingual import valid_option

    if host is not None and (not isinstance(host, str) or not valid_option(host)):
        from mobility_advisor.engine.bilingual import msg as host_msg
        from mobility_advisor.core.controls import visible

        raise InputError(f"{name}: " + host_msg("bad_host_lang", ui, value=visible(str(host))[:20]))
    return AnswersFile(lang, dict(data["answers"]), data.get("outcomes"), data.get("results"), host)


class AnswerProblem(Exception):
    """The walk stopped at `question`: unanswered (`error` None) or answered badly."""

    def __init__(self, question: Any, error: AnswerError | None, partial: dict[str, Any]):
        self.question, self.error, self.partial = question, error, partial
        super().__init__(question.id)


def fill(tree: Tree, raw: Mapping[str, Any], complete: bool = True) -> dict[str, Any]:
    """Walk the tree taking each answer from `raw`; raises AnswerProblem where it cannot go on.

    Shared by answers files, resume files and cohort rows, which word the problem their own way.
    `complete=False` (a session being resumed) stops at the first question left out, instead of
    taking an optional question's blank or a question's `assumed` answer: the wizard asks it.
    """
    answers: dict[str, Any] = {}
    for q in path(tree, answers):
        if q.id not in raw or raw[q.id] is None:
            if not complete and q.id not in raw:
                raise AnswerProblem(q, None, answers)
            if q.id not in raw and q.assumed is not None:
                # a file written before this question existed: its documented assumption
                answers[q.id] = parse_answer(q, q.assumed, answers)
                continue
            if q.optional:
                answers[q.id] = ""
                continue
            raise AnswerProblem(q, None, answers)
        try:
            answers[q.id] = parse_answer(q, raw[q.id], answers)
        except AnswerError as exc:
            raise AnswerProblem(q, exc, answers) from None
    return answers


def resolve(tree: Tree, raw: Mapping[str, Any], source: str = "answers file", lang: str = "en") -> dict[str, Any]:
    """Walk the tree with written answers; every question on the path must be answered well.

    Raises InputError, in `lang`, naming the question id and what is expected.
    """
    from mobility_advisor.i18n.messages import msg

    unknown = [k for k in raw if k not in tree.questions]
    if unknown:
        raise InputError(f"{source}: " + msg("unknown_ids", lang, n=len(unknown), ids=", ".join(sorted(map(str, unknown)))))
    try:
        return fill(tree, raw)
    except AnswerProblem as stop:
        raise InputError(f"{source}: {describe(stop, lang)}") from None


def describe(stop: AnswerProblem, lang: str, origin: str = "") -> str:
    """What is wrong with the answer the walk stopped at, and what is expected, in `lang`."""
    from mobility_advisor.i18n.messages import msg

    q = stop.question
    if stop.error is None:
        return msg("not_answered", lang, id=q.id, expected=expected(q, lang))
    return msg("bad_answer", lang, id=q.id, origin=origin, why=stop.error.text(lang))


_expected = messages({
    "date": N_("a date (YYYY-MM-DD or DD/MM/YYYY)"),
    "yesno": N_("yes or no"),
    "text": N_("a text"),
    "single": N_("one of: {values}"),
    "multiple": N_("a list of: {values}"),
    "no_file": N_("{file}: no such answers file"),
    "no_answers": N_("{file}: expected a mapping with an 'answers:' section (question id: answer)"),
    "unknown_keys": NP_("{file}: unknown key {keys} (expected {expected})",
                        "{file}: unknown keys {keys} (expected {expected})"),
    "bad_lang": N_("{file}: lang is {value!r}; expected one of {langs}"),
    "head": N_("# mobility-advisor answers: replay with `mobility-advisor ask --answers THIS_FILE`"),
})


def expected(q: Any, lang: str = "en") -> str:
    """What a question accepts, in words."""
    return _expected(q.kind, lang, values=", ".join(c.value for c in q.choices))


def dump(answers: Mapping[str, Any], lang: str, learning: Any = None, host_lang: str | None = None) -> str:
    """The answers as a replayable YAML file (dates as YYYY-MM-DD); with `learning` (a
    learning.LearningRecord), its `outcomes:` and `results:` too, which `load` reads back."""
    import yaml

    plain = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in answers.items()}
    doc: dict[str, Any] = {"version": VERSION, "lang": lang, **({"host_lang": host_lang} if host_lang else {}),
                           "answers": plain, **learning_document(learning, lang)}
    body = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
    return _expected("head", lang) + "\n" + body


def learning_document(learning: Any, lang: str | None = None) -> dict[str, Any]:
    """The `outcomes:` and `results:` keys of an answers file for a learning.LearningRecord (or None):
    plain data, as `dump` writes them and `load` reads them back (the pack's manifest keeps them too).
    `lang`, the pack's language, tags an outcome's plain text when it has versions in other languages."""
    doc: dict[str, Any] = {}
    if learning is not None and learning.outcomes:
        doc["outcomes"] = [o.as_dict(lang) for o in learning.outcomes]
    if learning is not None and learning.results is not None:
        doc["results"] = learning.results.as_dict(learning.outcomes)
    return doc


def save(path: Path, answers: Mapping[str, Any], lang: str, learning: Any = None, host_lang: str | None = None) -> None:
    """Write atomically, so an interrupted save never leaves half a file."""
    from mobility_advisor.core.fsutil import atomic_write

    atomic_write(path, dump(answers, lang, learning, host_lang))
