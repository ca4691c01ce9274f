"""A cohort: one pack per learner from common answers and a spreadsheet of learners.

    mobility-advisor cohort --answers COMMON.yaml --learners LEARNERS.csv -o DIR

The CSV has a header line of question ids (`learner.name;mobility.start;…`); each
following line is one learner. A value in the CSV overrides the common answer; an
empty cell keeps the common answer (if any). The CSV may be UTF-8 (with or without
the BOM that spreadsheet software adds), or Windows-1252 as older Excel writes it,
separated by `;` (spreadsheet software in France), `,` or tabs.

Every row is checked before anything is written. Without `keep_going`, one bad row
stops everything: nothing is written. With it, the good rows are written and the
bad ones listed. The cohort is built in a temporary folder beside DIR and moved into
place at the end, so an error or Ctrl-C never leaves half a cohort.

Speed and memory: the rules are loaded once by the caller, the templates compiled
once (render caches its Jinja environment), and each pack is rendered and written
on its own; only a small summary row per learner is kept. A large cohort (or one
converted to DOCX/ODT/PDF) is made by one process per core: a pack depends on its
learner only, and creating thousands of small files costs the system as much as
rendering them.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from mobility_advisor.formats.spreadsheets import decode, sniff_delimiter
from mobility_advisor.pack import packdir
from mobility_advisor.pack import render
from mobility_advisor.core.controls import visible
from mobility_advisor.core.data import display
from mobility_advisor.engine.engine import outcomes
from mobility_advisor.i18n.catalogues import Message, NC_, NP_, N_, messages
from mobility_advisor.engine.learning import LearningError, LearningRecord
from mobility_advisor.engine.results import RESULTS_PREFIX, check_result_columns, parse_results, results_from_columns
from mobility_advisor.rules.model import Question, Tree
from mobility_advisor.rules.problems import InputError

MAX_BYTES = 20 * 1024 * 1024  # a 1,000-learner CSV is about 200 KB
SUMMARY_MD = "cohort-summary.md"
SUMMARY_CSV = "cohort-summary.csv"
SUMMARY_XLSX = "cohort-summary.xlsx"  # with --xlsx (recorded: `update` writes it again)
NAME = "learner.name"
_SPACES = re.compile(r"\s+")
_LIST_SPLIT = re.compile(r"[,;|]")

MESSAGES: dict[str, Message] = {
    "no_file": N_("{file}: no such file"),
    "unreadable": N_("{file}: cannot read the file ({why})"),
    "too_big": N_("{file}: the file is larger than {mib} MiB"),
    "empty_file": N_("{file}: the file is empty (the first line must give the question ids)"),
    "bad_csv": N_("{file}:{line}: unreadable CSV: {why}"),
    "unknown_columns": NP_("{where}: unknown column: {cols}. Headers are question ids (e.g. learner.name, "
                           "mobility.start, org.host_company, tutor.name)",
                           "{where}: unknown columns: {cols}. Headers are question ids (e.g. learner.name, "
                           "mobility.start, org.host_company, tutor.name)"),
    "duplicate_columns": NP_("{where}: duplicate column: {cols}",
                             "{where}: duplicate columns: {cols}"),
    "no_name_column": N_("{where}: the learner.name column is missing (one learner per line)"),
    "no_rows": N_("{file}: no learner after the header line"),
    "unknown_common": NP_("{file}: unknown question id: {ids}",
                          "{file}: unknown question ids: {ids}"),
    "cell_count": NP_("{n} value for {cols}: check the separator and the quotes",
                      "{n} values for {cols}: check the separator and the quotes", cols="cell_count_cols"),
    "cell_count_cols": NP_("{cols} column",
                           "{cols} columns", "cols"),
    "unnamed_column": N_("a value in a column without a header: '{value}'"),
    "origin": N_(" (common answer, {file})"),
    "duplicate": N_("duplicate learner '{name}' (lines {lines})"),
    "exists": N_("{path} already exists and is not empty: nothing was written. Add --force to update a "
                 "previous cohort (your own files are kept), or choose another folder with -o."),
    "not_cohort": N_("{path} is not empty and is not a cohort folder written by mobility-advisor (no "
                     ".mobility-advisor.json file), so --force will not replace it. Choose another folder with "
                     "-o."),
    "not_dir": N_("{path} exists and is not a folder"),
    "bad_rows": NP_("{n} bad row in {file}:",
                    "{n} bad rows in {file}:"),
    "nothing_written": N_("Nothing was written. Fix these rows, or add --keep-going to write the other packs."),
    "none_good": N_("No valid row: nothing was written."),
    "checking": N_("Checking the learners"),
    "writing": N_("Writing the packs"),
    "written": NP_("{n} pack written to {path}",
                   "{n} packs written to {path}"),
    "summary_at": N_("Summary: {md} (spreadsheet: {csv})"),
    "skipped": NP_("{n} bad row, listed above and in the summary.",
                   "{n} bad rows, listed above and in the summary."),
    "cannot_write": N_("cannot write {path}: {why}. Nothing was written."),
    "render_failed": N_("{file}:{line}: the pack could not be written: {why}. Nothing was written."),
    # summary
    "title": N_("Cohort summary"),
    "intro": N_("Learners: {learners} · common answers: {common} · made on {today}."),
    "counts": NP_("{n} pack written, {bad}.",
                  "{n} packs written, {bad}.", bad="counts_bad"),
    "counts_bad": NP_("{bad} bad row",
                      "{bad} bad rows", "bad"),
    "col_line": N_("Line"),
    "col_learner": N_("Learner"),
    "col_folder": N_("Pack"),
    "col_route": N_("Route"),
    "col_start": N_("Start"),
    "col_end": N_("End"),
    "col_docs": N_("Documents"),
    "col_warnings": NC_("cohort.col_warnings", "Points to check"),
    "col_detail": N_("Detail"),
    "col_status": N_("Status"),
    "status_ok": N_("pack written"),
    "status_bad": N_("bad row"),
    "renamed": N_("folder renamed {folder} (same name as another pack)"),
    "warnings_title": NC_("cohort.warnings_title", "Points to check"),
    "warnings_intro": N_("Each point is detailed in the learner's pack, in index.md."),
    "warning_who": NP_("{n} learner, line {lines}",
                       "{n} learners, lines {lines}"),
    "bad_title": N_("Bad rows (no pack written)"),
    "line": N_("line {line}"),
}

msg = messages(MESSAGES)


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


# --- Folders -------------------------------------------------------------------------


def folder_names(learners: Iterable[Learner], today: date) -> list[str]:
    """One pack folder per learner, distinct: a name already taken gets -2, -3…"""
    used: set[str] = {SUMMARY_MD.casefold(), SUMMARY_CSV.casefold(), SUMMARY_XLSX.casefold()}
    out = []
    for ln in learners:
        base = render.default_pack_dir(ln.answers, today)
        name, n = base, 1
        while name.casefold() in used:  # casefold: some file systems ignore case
            n += 1
            name = f"{base}-{n}"
        used.add(name.casefold())
        out.append(name)
    return out


def check_output(out: Path, force: bool, lang: str) -> tuple[int, str] | None:
    """(exit code, message) when the output folder may not be used; None when it may.

    Said early, before the rows are checked; `write_cohort` claims the folder for good
    (see packdir: a folder that appears meanwhile is refused, not replaced)."""
    from mobility_advisor.pack import manifest

    if out.is_symlink() or (out.exists() and not out.is_dir()):
        return 2, msg("not_dir", lang, path=out)
    if out.is_dir() and any(out.iterdir()):
        if not force:
            return 1, msg("exists", lang, path=out)
        try:
            found = manifest.read(out)
        except manifest.ManifestError:
            found = None
        if found is None or found.kind != "cohort":
            return 1, msg("not_cohort", lang, path=out)
    return None


# --- Summary -------------------------------------------------------------------------


@dataclass
class Summary:
    """What the summary says about one written pack (small: kept for every learner)."""

    line: int
    name: str
    folder: str
    route: str
    start: date | None
    end: date | None
    documents: list[str]
    warnings: list[tuple[str, str]]  # (caveat id, headline)
    notes: list[str]


def _route(tree: Tree, answers: Mapping[str, Any], lang: str) -> str:
    labels = []
    gq = tree.questions.get("goals")
    for g in answers.get("goals") or ():
        c = gq.choice(g) if gq else None
        labels.append(c.label(lang) if c else str(g))
    cq = tree.questions.get("certification.certifier")
    cert = answers.get("certification.certifier")
    if cert is not None and cq is not None:
        c = cq.choice(cert)
        labels.append(c.label(lang) if c else str(cert))
    return " + ".join(labels)


def headline(text: str, limit: int = 90) -> str:
    """A caveat's first words: up to its first colon, at most `limit` characters."""
    head = re.split(r"\s?:\s", text, maxsplit=1)[0].strip()
    return head if len(head) <= limit else head[: limit - 1].rstrip() + "…"


def summarize(tree: Tree, result: Any, line: int, folder: str, lang: str, notes: list[str]) -> Summary:
    a = result.answers
    docs: list[str] = []
    for item in result.documents:
        o = item.outcome
        title = o.title(lang) if o.title else f"{o.template}.md"
        if title not in docs:
            docs.append(title)
    warnings = [(i.outcome.id, headline(i.outcome.text(lang))) for i in result.caveats]
    start, end = a.get("mobility.start"), a.get("mobility.end")
    return Summary(line, str(a.get(NAME, "")), folder, _route(tree, a, lang),
                   start if isinstance(start, date) else None, end if isinstance(end, date) else None,
                   docs, warnings, notes)


def _cell(value: str) -> str:
    """A spreadsheet cell that cannot run as a formula (=, +, -, @ at the start)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


SUMMARY_COLUMNS = ("col_line", "col_learner", "col_folder", "col_route", "col_start", "col_end", "col_docs",
                   "col_warnings", "col_detail", "col_status")


def summary_csv(rows: list[Summary], bad: list[BadRow], lang: str) -> str:
    """`;`-separated, for spreadsheet software set to French; written with a BOM."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow([msg(k, lang) for k in SUMMARY_COLUMNS])
    for cells in summary_rows(rows, bad, lang):
        w.writerow([_cell(c) for c in cells])
    return buf.getvalue()


def summary_xlsx(rows: list[Summary], bad: list[BadRow], lang: str, today: date) -> bytes:
    """The CSV summary as a workbook: line and count as numbers, dates as date cells, texts as texts."""
    from mobility_advisor.formats.spreadsheets import xlsx

    table: list[list[Any]] = []
    for cells in summary_rows(rows, bad, lang):
        out: list[Any] = list(cells)
        out[0] = int(cells[0])
        out[4], out[5] = (date.fromisoformat(c) if c else "" for c in cells[4:6])
        out[7] = int(cells[7]) if cells[7] else ""
        table.append(out)
    return xlsx(msg("title", lang), [msg(k, lang) for k in SUMMARY_COLUMNS], table, today)


def summary_rows(rows: list[Summary], bad: list[BadRow], lang: str) -> list[list[str]]:
    """The summary's rows, in SUMMARY_COLUMNS' order and the learner list's order."""
    out: list[tuple[int, list[str]]] = []
    for s in rows:
        detail = [h for _, h in s.warnings] + s.notes
        out.append((s.line, [str(s.line), s.name, s.folder, s.route, s.start.isoformat() if s.start else "",
                             s.end.isoformat() if s.end else "", " | ".join(s.documents), str(len(s.warnings)),
                             " | ".join(detail), msg("status_ok", lang)]))
    for b in bad:
        out.append((b.line, [str(b.line), b.name, "", "", "", "", "", "", " | ".join(b.problems),
                             msg("status_bad", lang)]))
    return [cells for _, cells in sorted(out, key=lambda t: t[0])]


def summary_markdown(rows: list[Summary], bad: list[BadRow], lang: str, learners_name: str,
                     common_name: str, today: date) -> str:
    md = render.md_escape
    out = [f"# {msg('title', lang)}", "",
           msg("intro", lang, learners=md(learners_name), common=md(common_name),
               today=render.format_date(today, lang)), "",
           msg("counts", lang, n=len(rows), bad=len(bad)), ""]
    cols = [msg(k, lang) for k in ("col_line", "col_learner", "col_folder", "col_route", "col_start",
                                    "col_end", "col_docs", "col_warnings")]
    out += ["| " + " | ".join(cols) + " |", "|" + " --- |" * len(cols)]  # spaced like the packs' tables (MD060)
    seen: dict[str, tuple[str, list[int]]] = {}
    for s in rows:
        for cid, head in s.warnings:
            seen.setdefault(cid, (head, []))[1].append(s.line)
        folder = f"[{md(s.folder)}](<{s.folder}/index.md>)"
        warn = str(len(s.warnings)) + "".join(f" ({md(n)})" for n in s.notes)
        out.append("| " + " | ".join([
            str(s.line), md(s.name), folder, md(s.route),
            render.format_date(s.start, lang) if s.start else "", render.format_date(s.end, lang) if s.end else "",
            md(", ".join(s.documents)), warn]) + " |")
    if seen:
        out += ["", f"## {msg('warnings_title', lang)}", "", msg("warnings_intro", lang), ""]
        for head, lines in seen.values():
            out.append(f"- {md(head)} : " if lang == "fr" else f"- {md(head)}: ")
            out[-1] += msg("warning_who", lang, n=len(lines), lines=_ranges(lines))
    if bad:
        out += ["", f"## {msg('bad_title', lang)}", ""]
        for b in bad:
            who = f" ({md(b.name)})" if b.name else ""
            sep = " : " if lang == "fr" else ": "
            out.append(f"- {msg('line', lang, line=b.line)}{who}{sep}{md((' ; ' if lang == 'fr' else '; ').join(b.problems))}")
    return "\n".join(out) + "\n"


def _ranges(lines: list[int]) -> str:
    """2, 3, 4, 7 -> "2-4, 7": a caveat shared by 300 learners stays one line."""
    parts: list[str] = []
    start = prev = lines[0]
    for n in lines[1:] + [None]:  # type: ignore[list-item]
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)


# --- The command ---------------------------------------------------------------------


class _Progress:
    """A transient rich progress bar on a terminal; nothing at all otherwise."""

    def __init__(self, enabled: bool):
        self.bar = None
        if enabled:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeRemainingColumn(), transient=True)

    def __enter__(self) -> "_Progress":
        if self.bar:
            self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar:
            self.bar.__exit__(*exc)

    def task(self, description: str, total: int) -> Callable[[], None]:
        if not self.bar:
            return lambda: None
        tid = self.bar.add_task(description, total=total)
        return lambda: self.bar.advance(tid)


def _err(text: str) -> None:
    print(f"mobility-advisor: {visible(text)}", file=sys.stderr)


def run(tree: Tree, common: Mapping[str, Any], common_path: Path, learners: Path, out: Path, lang: str,
        today: date, keep_going: bool = False, force: bool = False, progress: bool | None = None,
        formats: tuple[str, ...] = ("md",), profile: Any = None, learning_outcomes: tuple = (),
        common_results: Mapping[str, Any] | None = None, host_option: str | None = None,
        sheet: str | None = None, xlsx: bool = False) -> int:
    """The whole command; returns the exit status (see cli.cohort). `host_option`: --host-lang
    as given (None: each learner's host language from their destination).

    0 every pack written; 1 the output folder is taken, or --keep-going skipped bad rows;
    2 bad input: unreadable files, unknown columns, or bad rows without --keep-going (nothing written).
    """
    common_name, learners_name = display(common_path), display(learners)
    refused = check_output(out, force, lang)
    if xlsx and not refused:
        try:
            import openpyxl  # noqa: F401  (checked before anything is written)
        except ModuleNotFoundError:
            from mobility_advisor.formats.spreadsheets import msg as sheet_msg

            refused = 2, sheet_msg("missing_lib", lang, what="--xlsx", package="openpyxl")
    if refused:
        _err(refused[1])
        return refused[0]
    try:
        rows = read_learners(learners, tree, lang, sheet)
        check_result_columns(sorted({k for r in rows for k in r.values if k.startswith(RESULTS_PREFIX)}),
                             learning_outcomes)
    except InputError as exc:
        _err(str(exc))
        return 2
    except LearningError as exc:
        _err(f"{learners_name}:1: {exc.message(lang)}")
        return 2
    if progress is None:
        progress = sys.stdout.isatty()
    with _Progress(progress) as bar:
        try:
            good, bad = check(tree, common, rows, lang, common_name, bar.task(msg("checking", lang), len(rows)),
                              profile, learning_outcomes, common_results)
        except InputError as exc:
            _err(str(exc))
            return 2
        del rows
        if bad:
            _err(msg("bad_rows", lang, n=len(bad), file=learners_name))
            for b in bad:
                for n, p in enumerate(b.problems):  # a sheet's problem names its cell: learners.xlsx:Feuil1!C7
                    at = b.places[n] if n < len(b.places) and b.places[n] else b.line
                    print(f"{visible(learners_name)}:{visible(str(at))}: {visible(p)}", file=sys.stderr)
            if not keep_going:
                _err(msg("nothing_written", lang))
                return 2
            if not good:
                _err(msg("none_good", lang))
                return 2
        step = bar.task(msg("writing", lang), len(good))
        try:
            summaries, report = write_cohort(tree, good, bad, out, lang, today, learners_name, common_name,
                                             step, formats, force=force, common=common,
                                             learning_outcomes=learning_outcomes, host_option=host_option,
                                             referent=getattr(profile, "referent", None), xlsx=xlsx)
        except _PackFailed as exc:
            _err(msg("render_failed", lang, file=learners_name, line=exc.line, why=exc.why))
            return 2
        except packdir.PackExistsError:
            _err(msg("exists", lang, path=out))
            return 1
        except (packdir.NotAPackError, packdir.BadManifestError):
            _err(msg("not_cohort", lang, path=out))
            return 1
        except packdir.NotAFolderError as exc:
            _err(msg("not_dir", lang, path=exc.path))
            return 2
        except OSError as exc:
            from mobility_advisor.core.fsutil import os_reason

            _err(msg("cannot_write", lang, path=out, why=os_reason(exc, lang)))
            return 2
    for line in packdir.describe(report, lang):
        print(line)
    linked = {link.split("/", 1)[0] for link in report.linked}  # a learner's folder the user made a link
    print(msg("written", lang, n=sum(1 for s in summaries if s.folder not in linked), path=out))
    print(msg("summary_at", lang, md=out / SUMMARY_MD, csv=out / SUMMARY_XLSX if xlsx else out / SUMMARY_CSV))
    if bad:
        print(msg("skipped", lang, n=len(bad)))
        return 1
    return 0


def cohort_record(learners_name: str, common_name: str, bad: list[BadRow], xlsx: bool = False) -> dict[str, Any]:
    """What the cohort manifest keeps to rebuild the summary on `update` (see manifest)."""
    record = {"learners": learners_name, "common": common_name, "bad": [[b.line, b.name, list(b.problems)] for b in bad]}
    if xlsx:
        record["xlsx"] = True
    return record


def recorded_bad_rows(record: Mapping[str, Any]) -> list[BadRow]:
    """The refused rows a cohort manifest kept (see cohort_record); malformed entries are skipped."""
    return [BadRow(int(b[0]), visible(str(b[1])), [visible(str(p)) for p in b[2]]) for b in record.get("bad", ())
            if isinstance(b, list) and len(b) == 3 and isinstance(b[0], int) and isinstance(b[2], list)]


JOBS_ENV = "MOBILITY_ADVISOR_JOBS"
MD_POOL_FROM = 64  # Markdown packs take ~10 ms each: below this, starting workers costs more than it saves


def jobs_wanted(packs: int) -> int:
    """How many processes may make `packs` packs: MOBILITY_ADVISOR_JOBS, else one per core (at most 4)."""
    import os

    wanted = os.environ.get(JOBS_ENV, "")
    jobs = int(wanted) if wanted.isdigit() and int(wanted) > 0 else min(4, os.cpu_count() or 1)
    return max(1, min(jobs, packs))


class _Ordered:
    """Work spread over a few processes, at most a few tasks ahead of the reader (memory stays
    small), results coming back in the order given. With one job, everything runs here, in order.

    forkserver: fresh workers, not forks of a process that has a progress-bar thread; each worker
    gets `initargs` once (`initializer`), then keeps what it loaded from one task to the next."""

    def __init__(self, jobs: int, initializer: Callable[..., None] | None = None, initargs: tuple = ()):
        self.jobs, self.initializer, self.initargs = jobs, initializer, initargs
        self.pool = None
        self.waiting: list[Any] = []

    def __enter__(self) -> "_Ordered":
        if self.jobs > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
            self.pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context(method),
                                            initializer=self.initializer, initargs=self.initargs)
        elif self.initializer is not None:
            self.initializer(*self.initargs)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, fn: Callable[..., Any], *args: Any):
        """Queue one task; yields the results that are ready, in order."""
        if self.pool is None:
            yield fn(*args)
            return
        self.waiting.append(self.pool.submit(fn, *args))
        while len(self.waiting) > 2 * self.jobs:
            yield self.waiting.pop(0).result()

    def drain(self):
        while self.waiting:
            yield self.waiting.pop(0).result()


def convert_pack(line: int, folder: str, files: dict, formats: tuple[str, ...], lang: str,
                 host_lang: str | None = None):
    """One pack converted (pandoc, WeasyPrint): (line, folder, files), or _PackFailed raised."""
    from mobility_advisor.formats.convert import convert_files

    try:
        return line, folder, convert_files(files, formats, lang, host_lang), None
    except InputError as exc:
        return line, folder, None, str(exc)


def converted(done: tuple) -> tuple[int, str, dict]:
    """A `convert_pack` result, or _PackFailed."""
    line, folder, files, error = done
    if error is not None:
        raise _PackFailed(line, error)
    return line, folder, files


def converters(formats: tuple[str, ...], packs: int) -> _Ordered:
    """Processes converting packs to DOCX/ODT/PDF (one conversion engine each)."""
    return _Ordered(jobs_wanted(packs) if formats != ("md",) else 1)


@dataclass(frozen=True)
class _Making:
    """What every pack of a cohort shares, given once to each worker."""

    tree: Tree
    lang: str
    today: date
    formats: tuple[str, ...]
    host_option: str | None
    referent: Mapping[str, str] | None
    stage: Path
    record: Any = None  # manifest.Manifest: the cohort's record, a template for each learner's own


@dataclass
class _Made:
    """One learner's pack, staged with its own record: what the cohort's summary needs of it."""

    folder: str
    summary: Summary


_MAKING: list[_Making] = []  # in a worker: the cohort it works for (set once by _start_making)


def _start_making(making: _Making) -> None:
    _MAKING[:] = [making]


def _make_pack(line: int, folder: str, answers: dict[str, Any], learning: Any, notes: list[str]) -> _Made:
    """One learner's pack rendered, converted when asked, and written into the stage folder,
    in whichever process runs it: the advice, documents and files depend on this learner only."""
    from mobility_advisor.pack import manifest
    from mobility_advisor.inputs.answers import learning_document

    m = _MAKING[0]
    result = outcomes(m.tree, answers, m.today)
    try:
        host_lang = render.host_language(m.host_option, answers, m.lang)
        files: dict[str, Any] = render.pack_files(m.tree, result, m.lang, m.today, learning, host_lang, m.referent)
        if m.formats != ("md",):
            from mobility_advisor.formats.convert import convert_files

            files = convert_files(files, m.formats, m.lang, host_lang)
        stage = packdir.Stage(m.stage)
        stage.write_pack(files, folder)
    except InputError as exc:  # a template error is a bug: it is not caught here
        raise _PackFailed(line, str(exc)) from None
    del files
    own = manifest.Manifest(kind="pack", lang=m.lang, made=m.today.isoformat(), rules=m.record.rules,
                            version=m.record.version, items=manifest.item_records(result, m.lang),
                            answers={**manifest.answers_document(answers, m.lang, m.host_option, m.referent),
                                     **learning_document(learning, m.lang)})  # outcomes, results
    stage.write_record(own, folder)
    return _Made(folder, summarize(m.tree, result, line, folder, m.lang, notes))


class _PackFailed(Exception):
    def __init__(self, line: int, why: object):
        super().__init__(line, why)  # its arguments: raised in a worker, it is pickled back
        self.line, self.why = line, why


def write_cohort(tree: Tree, good: list[Learner], bad: list[BadRow], out: Path, lang: str, today: date,
                 learners_name: str, common_name: str, step: Callable[[], None],
                 formats: tuple[str, ...] = ("md",), force: bool = False,
                 common: Mapping[str, Any] | None = None,
                 learning_outcomes: tuple = (), host_option: str | None = None,
                 referent: Mapping[str, str] | None = None, xlsx: bool = False) -> tuple[list[Summary], "packdir.Report"]:
    """Claim `out`, render and stage each learner's pack (see `_make_pack`), then move them into place
    (see packdir: what --force replaces and keeps). On any failure (or Ctrl-C) the staged
    files are removed and a folder this run created is removed again: nothing is left."""
    from mobility_advisor.pack import manifest

    folders = folder_names(good, today)
    with packdir.claim(out, force, "cohort") as claimed:
        stage = claimed.stage()
        summaries: list[Summary] = []
        from mobility_advisor.inputs.answers import learning_document

        # the cohort's record keeps a line and notes per learner; each learner's pack its own record
        doc = {**manifest.answers_document(common or {}, lang, host_option),
               **learning_document(LearningRecord(tuple(learning_outcomes)), lang)}  # the group's learning outcomes too
        new = manifest.new("cohort", lang, doc, today)
        new.packs = {}
        converting = formats != ("md",)
        jobs = jobs_wanted(len(good)) if converting or len(good) >= MD_POOL_FROM else 1
        making = _Making(tree, lang, today, formats, host_option, referent, stage.path,
                         manifest.new("cohort", lang, {}, today))

        def staged(made: _Made) -> None:
            summaries.append(made.summary)
            step()

        with _Ordered(jobs, _start_making, (making,)) as workers:
            for learner, folder in zip(good, folders):
                base = render.default_pack_dir(learner.answers, today)
                notes = [msg("renamed", lang, folder=folder)] if folder != base else []
                new.packs[folder] = {"line": learner.line, "notes": notes}  # for `update` to rebuild the summary
                for made in workers.submit(_make_pack, learner.line, folder, learner.answers, learner.learning, notes):
                    staged(made)
            for made in workers.drain():
                staged(made)
        stage.write(SUMMARY_MD, summary_markdown(summaries, bad, lang, learners_name, common_name, today))
        stage.write(SUMMARY_CSV, summary_csv(summaries, bad, lang).encode("utf-8-sig"))
        if xlsx:
            stage.write(SUMMARY_XLSX, summary_xlsx(summaries, bad, lang, today))
        new.cohort = cohort_record(learners_name, common_name, bad, xlsx)
        report = claimed.install(stage, new)
    return summaries, report
