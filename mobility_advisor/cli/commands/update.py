"""`update`: packs and cohorts made again with the current rules."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from mobility_advisor.cli.commands.common import LangOpt, current_day, language, rule_tree
from mobility_advisor.cli.commands.writing import checked_formats, into_folder


def update(
    packs: list[Path] = typer.Argument(..., help="Pack (or cohort) folders to make again with the current rules."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what changed in the advice; write nothing."),
    lang: Optional[str] = LangOpt,
) -> None:
    """Make packs again with the current rules, from the answers they were made from.

    Prints what changed in the advice (added, removed, reworded, by rule id); carries the ticked
    boxes of checklist.md over; keeps your edited files (the new version is written beside) and
    never touches a file you added. A cohort folder: every learner's pack, then its summary.
    Exit status: 0 every pack updated (or unchanged); 1 a folder is not a pack (or its record file
    is unreadable, or it is a cohort written before cohorts could be updated); 2 a pack's answers
    no longer fit the rules, or a folder cannot be written. The other packs are updated all the same.
    """
    from mobility_advisor.pack import folder_report
    from mobility_advisor.season import update as update_mod, update_writing

    lang = language(lang)
    tree = rule_tree()
    today = current_day()
    worst = 0
    for folder in packs:
        try:
            plan = update_mod.plan(tree, folder, today, lang)
        except update_mod.Refused as exc:
            typer.echo(f"mobility-advisor: {exc}", err=True)
            worst = max(worst, exc.code)
            continue
        for line in update_mod.describe(plan, lang):
            typer.echo(line)
        if dry_run:
            for line in update_mod.removals(plan, lang):
                typer.echo(line)
            typer.echo(update_mod.msg("dry_run", lang))
            continue
        if plan.formats != ("md",):
            checked_formats(",".join(plan.formats), plan.lang)  # a converter gone since: said before anything is written
        report = into_folder(lambda: update_writing.write(plan, today), folder, lang)
        if isinstance(plan, update_mod.CohortPlan):
            from mobility_advisor.season.cohort_summary import SUMMARY_MD

            done = update_mod.msg("cohort_updated", lang, path=folder, n=len(plan.learners),
                                  summary=folder / SUMMARY_MD)
        else:
            done = update_mod.msg("updated", lang, path=folder)
        typer.echo(typer.style("✓ ", fg="green", bold=True) + done)
        for line in folder_report.describe(report, lang):
            typer.echo(typer.style("! ", fg="yellow", bold=True) + line)
    raise typer.Exit(worst)
