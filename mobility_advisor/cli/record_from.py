"""`mobility-advisor record ANSWERS --from FILE.pdf…`: the results a host or tutor filled in the pack's
PDF forms, turned into the answers file's results (then written by record.py, atomically).

Reading a PDF is inputs/pdf_form's job; this module checks what the forms say against the
mobility (its identity, its outcomes, today), puts several forms together (refusing two that
disagree), and says what was read, beside what the answers file recorded before.

From the evaluation grid: each outcome's result (radio `result.REF`, REF the outcome's reference or
its number) and the date of the assessment (`assessment.date`). The tutor's comments, observations,
assessor's name and the complement's actual dates and changes are shown, not recorded: the answers
file's `results:` has no place for them (a place is added when a document needs them, not here);
so is any other field typed in, under its tooltip (the form's own words for it).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Mapping

from mobility_advisor.engine.learning import LearningOutcome
from mobility_advisor.engine.learning_view import STATUS_WORDS
from mobility_advisor.engine.results import Results, outcome_index
from mobility_advisor.i18n.catalogues import N_, messages
from mobility_advisor.inputs.pdf_form import FilledForm
from mobility_advisor.rules.problems import InputError

MESSAGES = {
    "other_mobility": N_("{file} is a form of another mobility: {answers} is the mobility of {label}. Nothing "
                         "was written."),
    "unknown_outcome": N_("{file}: a result is given for outcome '{ref}', which {answers} does not list "
                          "({known}). Nothing was written."),
    "bad_result": N_("{file}, outcome '{ref}': '{value}' is not a possible result (achieved, partial or "
                     "not_achieved). Nothing was written."),
    "bad_date": N_("{file}, date of the assessment: '{value}' is not a date (write it as 2027-03-26 or "
                   "26/03/2027). Nothing was written."),
    "future_date": N_("{file}, date of the assessment: {value} is after today ({today}); record a result once it "
                      "is known. Nothing was written."),
    "conflict": N_("{file} and {other} disagree on {what} ({first} / {second}): correct one of them. Nothing was "
                   "written."),
    "the_date": N_("the date of the assessment"),
    "the_outcome": N_("outcome {n}"),
    "read_from": N_("Read from {file}:"),
    "outcome_line": N_("Outcome {n}: {text}: {result}"),
    "changed": N_("was {old} → now {new}"),
    "no_tick": N_("no result ticked"),
    "all_blank": N_("No result is ticked in {file}: nothing is recorded for the outcomes."),
    "date_line": N_("Date of the assessment: {date}"),
    "shown_only": N_("{label}: {value} (read, not recorded: the answers file has no place for it)"),
    "f_observations.before": N_("Observations before the mobility"),
    "f_observations.after": N_("Observations after the mobility"),
    "f_comments": N_("Tutor's comments"),
    "f_assessor.name": N_("Assessor"),
    "f_actual.start": N_("Actual start date"),
    "f_actual.end": N_("Actual end date"),
    "f_changes": N_("Changes to the learning agreement"),
    "confirm": N_("Write these results into {file}?"),
    "no_tty": N_("No interactive terminal to ask before writing into {file}: check what was read (above) and run "
                 "the command again with --yes to write it."),
    "declined": N_("Not written: {file} was not changed."),
    "nothing_new": N_("Nothing new to write: {file} was not changed."),
}
msg = messages(MESSAGES)

RESULT_PREFIX = "result."
DATE_FIELD = "assessment.date"
_NOT_SHOWN = (RESULT_PREFIX, "mobility.", "signature.")  # recorded above, the form's identity, signatures
_TICKED = ("on", "On", "Yes", "yes")  # a ticked check box's export value
SHOWN_ONLY = ("observations.before", "observations.after", "comments", "assessor.name", "actual.start",
              "actual.end", "changes")


@dataclass
class Reading:
    """What the forms say, put together: results by outcome index and the date, each with the file
    that gave it (to name both files of a disagreement)."""

    outcomes: dict[int, tuple[str, str]] = field(default_factory=dict)  # index -> (status, file)
    assessed_on: tuple[date, str] | None = None


def check_identity(forms: list[FilledForm], answers: Mapping[str, Any], answers_name: str, lang: str,
                   names: Mapping[Path, str]) -> None:
    """InputError for the first form that is not this mobility's."""
    from mobility_advisor.engine.identity import mobility_key, mobility_label

    key = mobility_key(answers)
    for f in forms:
        if f.mobility_id != key:
            raise InputError(msg("other_mobility", lang, file=names[f.path], answers=answers_name,
                                 label=mobility_label(answers)))


def read_results(forms: list[FilledForm], outcomes: tuple[LearningOutcome, ...], answers_name: str,
                 lang: str, today: date, names: Mapping[Path, str]) -> Reading:
    """The results the forms give, checked as typed results are (a listed outcome, a possible
    result, a real date not after `today`); two forms that disagree are refused. InputError."""
    from mobility_advisor.engine.dates import parse_date
    from mobility_advisor.rules.problems import AnswerError

    reading = Reading()
    known = ", ".join(o.reference or str(i + 1) for i, o in enumerate(outcomes))
    for f in forms:
        name = names[f.path]
        for key, value in f.values.items():
            if not key.startswith(RESULT_PREFIX):
                continue
            if not value:  # unticked: records nothing, whatever outcome it stands for
                continue
            ref = key[len(RESULT_PREFIX):]
            i = outcome_index(ref, outcomes)
            if i is None:
                raise InputError(msg("unknown_outcome", lang, file=name, ref=ref[:40], answers=answers_name,
                                     known=known[:300] or "-"))
            # only the contract's export values (parse_status's French aliases are for typing by hand)
            status = value if value in STATUS_WORDS else None
            if status is None:
                raise InputError(msg("bad_result", lang, file=name, ref=ref[:40], value=value[:40]))
            before = reading.outcomes.get(i)
            if before and before[0] != status:
                raise InputError(msg("conflict", lang, file=before[1], other=name, what=msg("the_outcome", lang, n=i + 1),
                                     first=STATUS_WORDS[before[0]][lang], second=STATUS_WORDS[status][lang]))
            reading.outcomes[i] = (status, name)
        raw = f.values.get(DATE_FIELD, "")
        if raw:
            try:
                day = parse_date(raw)
            except AnswerError:
                raise InputError(msg("bad_date", lang, file=name, value=raw[:40])) from None
            if day > today:
                raise InputError(msg("future_date", lang, file=name, value=day.isoformat(), today=today.isoformat()))
            if reading.assessed_on and reading.assessed_on[0] != day:
                raise InputError(msg("conflict", lang, file=reading.assessed_on[1], other=name,
                                     what=msg("the_date", lang), first=reading.assessed_on[0].isoformat(),
                                     second=day.isoformat()))
            reading.assessed_on = (day, name)
    return reading


def merged(previous: Results | None, reading: Reading) -> Results:
    """The answers file's results with what the forms give put in (the rest kept as recorded)."""
    prev = previous or Results()
    outcomes = dict(prev.outcomes)
    outcomes.update({i: s for i, (s, _) in reading.outcomes.items()})
    assessed = reading.assessed_on[0] if reading.assessed_on else prev.assessed_on
    return dataclasses.replace(prev, outcomes=outcomes, assessed_on=assessed)


def report(forms: list[FilledForm], outcomes: tuple[LearningOutcome, ...], previous: Results | None,
           lang: str, names: Mapping[Path, str]) -> list[str]:
    """What was read, form by form, in `lang`: each outcome's result (and what it was, when the
    form changes it), the date, and what is shown but not recorded."""
    from mobility_advisor.engine.dates import parse_date
    from mobility_advisor.rules.problems import AnswerError

    prev = previous or Results()
    words = lambda s: STATUS_WORDS[s][lang]  # noqa: E731
    lines: list[str] = []
    for f in forms:
        lines.append(msg("read_from", lang, file=names[f.path]))
        refs = [(outcome_index(k[len(RESULT_PREFIX):], outcomes), v) for k, v in f.values.items()
                if k.startswith(RESULT_PREFIX)]
        refs = sorted((i, v) for i, v in refs if i is not None)  # an unlisted one is blank (else refused)
        for i, value in refs:
            o = outcomes[i]
            label = (f"{o.reference} – " if o.reference else "") + o.text_in(lang)
            old = prev.status(i)
            if not value:
                result = msg("no_tick", lang)
            elif old and old != value:
                result = msg("changed", lang, old=words(old), new=words(value))
            else:
                result = words(value)
            lines.append("  " + msg("outcome_line", lang, n=i + 1, text=label, result=result))
        if refs and not any(v for _, v in refs):
            lines.append("  " + msg("all_blank", lang, file=names[f.path]))
        raw = f.values.get(DATE_FIELD, "")
        if raw:
            try:
                day = parse_date(raw).isoformat()
            except AnswerError:  # refused before this is shown; kept as typed all the same
                day = raw
            if prev.assessed_on and prev.assessed_on.isoformat() != day:
                day = msg("changed", lang, old=prev.assessed_on.isoformat(), new=day)
            lines.append("  " + msg("date_line", lang, date=day))
        for key in SHOWN_ONLY:
            if f.values.get(key):
                lines.append("  " + msg("shown_only", lang, label=msg("f_" + key, lang), value=f.values[key]))
        # any other field filled in (days attended, absences, the MEN file's results…): shown under the
        # form's own label for it, its tooltip, so that nothing typed by the host goes unseen
        for key, value in f.values.items():
            if value and key not in SHOWN_ONLY and key != DATE_FIELD and not key.startswith(_NOT_SHOWN):
                shown = STATUS_WORDS[value][lang] if value in STATUS_WORDS else "☑" if value in _TICKED else value
                lines.append("  " + msg("shown_only", lang, label=f.tips.get(key) or key, value=shown))
    return lines


def confirm(question: str) -> bool:
    """Yes or no in the terminal, no by default; KeyboardInterrupt / EOFError go up."""
    import questionary

    from mobility_advisor.cli.wizard import STYLE

    return bool(questionary.confirm(question, default=False, style=STYLE).unsafe_ask())


def run(path: Path, answers: Mapping[str, Any], outcomes: tuple[LearningOutcome, ...], previous: Results | None,
        pdfs: list[Path], lang: str, yes: bool, today: date, check: Any) -> int:
    """The whole of `record --from`: read every form, check, show, ask (unless `yes`), write.
    Returns the exit status; InputError (exit 2) for a refusal, nothing written."""
    import sys

    import typer

    from mobility_advisor.cli import record as record_mod
    from mobility_advisor.core.controls import visible
    from mobility_advisor.core.data import display
    from mobility_advisor.inputs.pdf_form import read_form

    answers_name = display(path)
    names = {p: display(p) for p in pdfs}
    forms = [read_form(p, lang, names[p]) for p in pdfs]
    check_identity(forms, answers, answers_name, lang, names)
    reading = read_results(forms, outcomes, answers_name, lang, today, names)
    for line in report(forms, outcomes, previous, lang, names):
        typer.echo(visible(line))  # a comment typed in a PDF never reaches the terminal raw
    results = merged(previous, reading)
    if results == (previous or Results()):
        typer.echo(msg("nothing_new", lang, file=answers_name))
        return 0
    if not yes:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise InputError(msg("no_tty", lang, file=answers_name))
        try:
            if not confirm(msg("confirm", lang, file=answers_name)):
                typer.echo(msg("declined", lang, file=answers_name))
                return 0
        except (KeyboardInterrupt, EOFError):
            typer.echo("\n" + record_mod.msg("interrupted", lang, file=answers_name), err=True)
            return 130
    record_mod.write_results(path, results, outcomes, check)
    typer.echo(record_mod.msg("written", lang, file=answers_name))
    return 0
