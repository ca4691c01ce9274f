"""A cohort's learners: the spreadsheet read, each row checked against the rules.

The CSV (or sheet) has a header line of question ids; each following line is one learner.
A value overrides the common answer; an empty cell keeps it. Every row is checked before
anything is written: a bad row is a BadRow, with every problem found in it.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from mobility_advisor.formats.spreadsheets import decode, sniff_delimiter
from mobility_advisor.core.controls import visible
from mobility_advisor.core.data import display
from mobility_advisor.engine.learning import LearningError, LearningRecord
from mobility_advisor.engine.results import RESULTS_PREFIX, parse_results, results_from_columns
from mobility_advisor.rules.model import Question, Tree
from mobility_advisor.rules.problems import InputError
from mobility_advisor.season.cohort_words import msg

MAX_BYTES = 20 * 1024 * 1024  # a 1,000-learner CSV is about 200 KB
NAME = "learner.name"
_SPACES = re.compile(r"\s+")
_LIST_SPLIT = re.compile(r"[,;|]")


# --- Reading the CSV -----------------------------------------------------------------


@dataclass
class Row:
    """One learner's line of the CSV: its line number and the non-empty cells by question id."""

    line: int
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)
    places: dict[str, str] | None = None  # a sheet's row: each question id's cell (Feuil1!C7), for errors
    at: str = ""  # a sheet's row: its first cell, for the problems of the whole row


def read_csv(path: Path, tree: Tree, lang: str) -> list[Row]:
    """The learners' rows; InputError for a problem with the whole file (unreadable, bad header)."""
    name = display(path)
    if not path.is_file():
        raise InputError(msg("no_file", lang, file=name))
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(msg("unreadable", lang, file=name, why=exc.strerror)) from None
    if len(data) > MAX_BYTES:
        raise InputError(msg("too_big", lang, file=name, mib=MAX_BYTES // 1048576))
    text = decode(data)
    if "\x00" in text:  # said with its line, as any other bad cell
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError(msg("bad_csv", lang, file=name, line=line, why="NUL (U+0000)"))
    first = text.split("\n", 1)[0]
    if not first.strip():
        raise InputError(msg("empty_file", lang, file=name))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
        cols = len(header)
        check_header(header, tree, lang, lambda col: f"{name}:1")
        rows: list[Row] = []
        last = reader.line_num
        for cells in reader:
            line, last = last + 1, reader.line_num
            if not any(c.strip() for c in cells):  # blank line, or ";;;;" left by a spreadsheet
                continue
            row = Row(line, {})
            if len(cells) != cols:
                row.problems.append(msg("cell_count", lang, n=len(cells), cols=cols))
            for h, c in zip(header, cells):
                c = c.strip()
                if not c:
                    continue
                if not h:
                    row.problems.append(msg("unnamed_column", lang, value=c[:40]))
                else:
                    row.values[h] = c
            rows.append(row)
    except csv.Error as exc:
        raise InputError(msg("bad_csv", lang, file=name, line=reader.line_num, why=exc)) from None
    if not rows:
        raise InputError(msg("no_rows", lang, file=name))
    return rows


def check_header(header: list[str], tree: Tree, lang: str, where: Callable[[int | None], str]) -> None:
    """Question ids (or results columns), each once, learner.name among them; InputError located by
    `where(column index)` (None: the header line as a whole)."""
    named = [h for h in header if h]
    unknown = [h for h in named if h not in tree.questions and not h.startswith(RESULTS_PREFIX)]
    if unknown:
        raise InputError(msg("unknown_columns", lang, n=len(unknown), where=where(header.index(unknown[0])),
                             cols=", ".join(unknown)))
    dupes = sorted({h for h in named if named.count(h) > 1})
    if dupes:
        second = [i for i, h in enumerate(header) if h == dupes[0]][1]
        raise InputError(msg("duplicate_columns", lang, n=len(dupes), where=where(second), cols=", ".join(dupes)))
    if NAME not in header:
        raise InputError(msg("no_name_column", lang, where=where(None)))


def read_learners(path: Path, tree: Tree, lang: str, sheet: str | None = None) -> list[Row]:
    """The learners' rows from a CSV, or from an .xlsx / .ods workbook's first sheet (or `sheet`)."""
    from mobility_advisor.formats import spreadsheets

    if not spreadsheets.is_workbook(path):
        if sheet is not None:
            raise InputError(spreadsheets.msg("sheet_not_csv", lang, file=display(path)))
        return read_csv(path, tree, lang)
    name = display(path)
    if not path.is_file():
        raise InputError(msg("no_file", lang, file=name))
    try:
        table = spreadsheets.read_sheet(path, sheet, name)
    except OSError as exc:
        raise InputError(msg("unreadable", lang, file=name, why=exc.strerror)) from None
    except spreadsheets.SheetError as exc:
        raise InputError(exc.message(lang)) from None
    return rows_from_sheet(table, name, tree, lang)


def rows_from_sheet(table: Any, name: str, tree: Tree, lang: str) -> list[Row]:
    """A sheet's rows as a CSV's: the first non-empty row is the header, the rows below are learners
    (their line is the sheet's row number), every cell located for the errors."""
    first = next((n for n, cells in enumerate(table.rows) if any(cells)), None)
    if first is None:
        raise InputError(msg("empty_file", lang, file=f"{name}:{table.place(1, 0).split('!')[0]}"))
    header = list(table.rows[first])
    while header and not header[-1]:
        header.pop()
    check_header(header, tree, lang, lambda col: f"{name}:{table.place(first + 1, col if col is not None else 0)}")
    rows: list[Row] = []
    for n in range(first + 1, len(table.rows)):
        cells = table.rows[n]
        if not any(cells):
            continue
        row = Row(n + 1, {}, places={}, at=table.place(n + 1, 0))
        for col, c in enumerate(cells):
            if not c:
                continue
            h = header[col] if col < len(header) else ""
            if not h:
                row.problems.append(msg("unnamed_column", lang, value=c[:40]))
                row.at = table.place(n + 1, col)
            else:
                row.values[h] = c
                row.places[h] = table.place(n + 1, col)
        rows.append(row)
    if not rows:
        raise InputError(msg("no_rows", lang, file=name))
    return rows


# --- Checking ------------------------------------------------------------------------


@dataclass
class Learner:
    """A row whose answers are complete and valid."""

    line: int
    answers: dict[str, Any]
    learning: Any = None  # learning.LearningRecord: the group's outcomes and this learner's results


@dataclass
class BadRow:
    line: int
    name: str
    problems: list[str]
    places: list[str] = field(default_factory=list)  # a sheet's row: the cell of each problem (Feuil1!C7)


def _cell_value(q: Question, cell: str) -> Any:
    if q.kind == "multiple":  # "participation, certification" in one cell
        return [v.strip() for v in _LIST_SPLIT.split(cell) if v.strip()]
    return cell


def resolve_row(tree: Tree, common: Mapping[str, Any], row: Row, lang: str, common_name: str,
                profile: Any = None) -> dict[str, Any]:
    """The row's answers over the common ones (over the profile's, if any), walked and checked like an
    answers file.

    Raises InputError (in `lang`) naming the question; says when the value came from the common file.
    """
    from mobility_advisor.inputs.answers import AnswerProblem, describe, fill

    raw = dict(common)
    for qid, cell in row.values.items():
        if qid.startswith(RESULTS_PREFIX):  # the learner's results: checked once the answers are known
            continue
        raw[qid] = _cell_value(tree.questions[qid], cell)
    if profile is not None:  # the profile knows the row's company: its partner, country, tutor
        raw = {**{k: v for k, v in profile.prefill(raw).items() if k in tree.questions}, **raw}
    try:
        return fill(tree, raw)
    except AnswerProblem as stop:
        origin = "" if stop.question.id in row.values else msg("origin", lang, file=common_name)
        problem = InputError(describe(stop, lang, origin))
        problem.question = stop.question.id  # a sheet's error names the cell of that question
        raise problem from None


def _key(name: str) -> str:
    return _SPACES.sub(" ", name).strip().casefold()


def check(tree: Tree, common: Mapping[str, Any], rows: list[Row], lang: str, common_name: str,
          step: Callable[[], None] | None = None, profile: Any = None, learning_outcomes: tuple = (),
          common_results: Mapping[str, Any] | None = None) -> tuple[list[Learner], list[BadRow]]:
    """Every row checked: the good learners and the bad rows (each with every problem found), in CSV order."""
    unknown = sorted(str(k) for k in common if k not in tree.questions)
    if unknown:
        raise InputError(msg("unknown_common", lang, n=len(unknown), file=common_name, ids=", ".join(unknown)))
    lines_by_name: dict[str, list[int]] = {}
    for row in rows:
        name = row.values.get(NAME, "")
        if name:
            lines_by_name.setdefault(_key(name), []).append(row.line)
    good: list[Learner] = []
    bad: list[BadRow] = []
    for row in rows:
        problems = list(row.problems)
        places = [row.at] * len(problems)
        answers = None
        if not problems:
            try:
                answers = resolve_row(tree, common, row, lang, common_name, profile)
                learning = _learning(learning_outcomes, common_results, row, answers)
            except InputError as exc:
                problems.append(str(exc))
                places.append((row.places or {}).get(getattr(exc, "question", ""), row.at))
            except LearningError as exc:
                problems.append(exc.message(lang))
                places.append(row.at)
        name = row.values.get(NAME, "")
        same = lines_by_name.get(_key(name), []) if name else []
        if len(same) > 1:
            problems.append(msg("duplicate", lang, name=" ".join(name.split()),
                                lines=", ".join(map(str, same))))
            places.append((row.places or {}).get(NAME, row.at))
        if problems:  # a cell's control characters are quoted as U+001B, never raw (terminal, summary)
            bad.append(BadRow(row.line, visible(name), [visible(p) for p in problems],
                              places if row.places is not None else []))
        else:
            good.append(Learner(row.line, answers, learning))
        if step:
            step()
    return good, bad


def _learning(outcomes: tuple, common_results: Mapping[str, Any] | None, row: Row,
              answers: Mapping[str, Any]) -> LearningRecord | None:
    """The group's learning outcomes and this row's results (its `results.…` cells), checked."""
    raw = results_from_columns(row.values, common_results)
    if not outcomes and raw is None:
        return None
    return LearningRecord(tuple(outcomes), parse_results(raw, tuple(outcomes), answers))
