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

Here: the command, its folder and its record; the learners are read and checked in
learners.py, the packs made in cohort_workers.py, the summary written by cohort_summary.py.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from mobility_advisor.pack import folder_report, packdir
from mobility_advisor.pack import render
from mobility_advisor.core.controls import visible
from mobility_advisor.core.data import display
from mobility_advisor.engine.learning import LearningError, LearningRecord
from mobility_advisor.engine.results import RESULTS_PREFIX, check_result_columns
from mobility_advisor.rules.model import Tree
from mobility_advisor.rules.problems import InputError
from mobility_advisor.season.cohort_words import msg
from mobility_advisor.season.learners import BadRow, Learner, check, read_learners
from mobility_advisor.season.cohort_summary import (SUMMARY_CSV, SUMMARY_MD, SUMMARY_XLSX, Summary,
                                                    summary_csv, summary_markdown, summary_xlsx)
from mobility_advisor.season.cohort_workers import (MD_POOL_FROM, _Made, _make_pack, _Making, _Ordered, _PackFailed,
                                                    _start_making, jobs_wanted)


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
        except folder_report.PackExistsError:
            _err(msg("exists", lang, path=out))
            return 1
        except (folder_report.NotAPackError, folder_report.BadManifestError):
            _err(msg("not_cohort", lang, path=out))
            return 1
        except folder_report.NotAFolderError as exc:
            _err(msg("not_dir", lang, path=exc.path))
            return 2
        except OSError as exc:
            from mobility_advisor.core.fsutil import os_reason

            _err(msg("cannot_write", lang, path=out, why=os_reason(exc, lang)))
            return 2
    for line in folder_report.describe(report, lang):
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


def write_cohort(tree: Tree, good: list[Learner], bad: list[BadRow], out: Path, lang: str, today: date,
                 learners_name: str, common_name: str, step: Callable[[], None],
                 formats: tuple[str, ...] = ("md",), force: bool = False,
                 common: Mapping[str, Any] | None = None,
                 learning_outcomes: tuple = (), host_option: str | None = None,
                 referent: Mapping[str, str] | None = None, xlsx: bool = False) -> tuple[list[Summary], "folder_report.Report"]:
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
