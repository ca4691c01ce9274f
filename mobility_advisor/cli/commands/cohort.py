"""`cohort`: one pack per learner of a group, and the cohort's summary."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from mobility_advisor.cli.commands.common import (
    FormatOpt, HostLangOpt, LangOpt, OutcomesOpt, ProfileOpt, checked_host_lang, current_day, fail, language,
    org_profile, rule_tree)
from mobility_advisor.cli.commands.writing import checked_formats


def cohort(
    answers: Path = typer.Option(..., "--answers", help="Answers common to the whole group (answers file)."),
    learners: Path = typer.Option(
        ..., "--learners",
        help="CSV, one learner per line; the header gives question ids (learner.name;mobility.start;…) and, "
             "after the mobility, results (results.men.mark;results.outcomes.EX-1;…). "
             "';' or ',' separated, UTF-8 (with or without BOM) or Windows-1252. Or a workbook (.xlsx, .ods): "
             "its first sheet, laid out the same way.",
    ),
    sheet: Optional[str] = typer.Option(None, "--sheet", help="The workbook's sheet to read (default: the first)."),
    xlsx: bool = typer.Option(False, "--xlsx", help="Also write the summary as a workbook (cohort-summary.xlsx)."),
    output: Path = typer.Option(..., "-o", "--output", help="Folder for the cohort: one pack per learner and the summary."),
    lang: Optional[str] = LangOpt,
    keep_going: bool = typer.Option(False, "--keep-going", help="Write the packs of the good rows and list the bad ones."),
    force: bool = typer.Option(
        False, "--force", help="Update a previous cohort folder: only the tool's own unchanged files are replaced."),
    format: str = FormatOpt,
    outcomes: Optional[Path] = OutcomesOpt,
    profile: Optional[Path] = ProfileOpt,
    host_lang: Optional[str] = HostLangOpt,
) -> None:
    """Write one pack per learner of a group, and a cohort summary (cohort-summary.md / .csv).

    Every row is checked first; a bad row is reported as LEARNERS.csv:LINE.
    Exit status: 0 all packs written; 1 output folder not empty (without --force), or bad rows
    skipped with --keep-going; 2 bad input (files, columns, or bad rows without --keep-going:
    nothing written).
    """
    from mobility_advisor.inputs import answers as answers_mod
    from mobility_advisor.season import cohort as cohort_mod
    from mobility_advisor.rules.problems import InputError

    try:
        common = answers_mod.load(answers)
    except InputError as exc:
        fail(str(exc), 2)
    prof = org_profile(profile, lang or common.lang)
    lang = language(lang or common.lang or (prof.lang if prof else None))
    host = checked_host_lang(host_lang, lang) or common.host_lang
    formats = checked_formats(format, lang, elsewhere=True)
    tree = rule_tree()
    group = _group_outcomes(common.outcomes, answers, outcomes, lang)
    raise typer.Exit(cohort_mod.run(tree, common.answers, answers, learners, output, lang, current_day(),
                                    keep_going=keep_going, force=force, formats=formats, profile=prof,
                                    learning_outcomes=group, common_results=common.results, host_option=host,
                                    sheet=sheet, xlsx=xlsx))


def _group_outcomes(raw, common_path: Path, outcomes: Optional[Path], lang: str) -> tuple:
    """A cohort's learning outcomes: from --outcomes, else from the common answers file."""
    from mobility_advisor.engine.learning import LearningError, parse_outcomes
    from mobility_advisor.inputs.learning_io import msg as io_msg, read_outcomes_file
    from mobility_advisor.rules.model import Location
    from mobility_advisor.rules.problems import InputError

    try:
        if outcomes is not None:
            if raw:
                fail(io_msg("both", lang, answers=common_path, file=outcomes), 2)
            return read_outcomes_file(outcomes, lang)
        return parse_outcomes(raw, Location(str(common_path), 1))
    except LearningError as exc:
        fail(exc.text(lang), 2)
    except InputError as exc:
        fail(str(exc), 2)
