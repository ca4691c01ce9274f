"""`status`: where every mobility of the packs found stands on a day."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from mobility_advisor.cli.commands.common import LangOpt, choice, current_day, fail, language, write_file


StatusFormat = choice("StatusFormat", "text", "json", "csv")


def status(
    paths: Optional[list[Path]] = typer.Argument(
        None, help="Packs, cohort folders, or folders holding them (default: the current folder)."),
    fmt: StatusFormat = typer.Option(
        StatusFormat.text, "--format", case_sensitive=False,
        help="text (a table on a terminal), json (for scripts) or csv (for a spreadsheet, ';' separated)."),
    ics: Optional[Path] = typer.Option(None, "--ics", help="Also write one calendar (.ics) of every mobility found."),
    xlsx: Optional[Path] = typer.Option(None, "--xlsx", help="Also write the table as a workbook (.xlsx)."),
    on: Optional[str] = typer.Option(
        None, "--on", help="The day to count from, YYYY-MM-DD (default: today): what will be late on a given day, "
                           "or where things stood on one."),
    lang: Optional[str] = LangOpt,
) -> None:
    """Where every mobility stands today: phase, next and overdue actions, documents to sign, results missing.

    Boxes ticked in a pack's checklist.md ([x]) count as done.
    Exit status: 0 every pack read; 1 some folder could not be read (said on stderr; the others are
    shown) or no pack was found; 2 a PATH does not exist, or the calendar cannot be written.
    """
    from mobility_advisor.season import status as status_mod, status_report as report

    lang = language(lang)
    paths = paths or [Path(".")]
    for p in paths:
        if not p.exists():
            fail(status_mod.msg("no_path", lang, path=p), 2)
    today = current_day()
    if on is not None:
        from datetime import date

        try:
            today = date.fromisoformat(on.strip())
        except ValueError:
            fail(status_mod.msg("bad_on", lang, value=on), 2)
    import sys

    unread: list = []
    # mobilities are printed as they are read (a cohort of 10,000 learners in the memory of one),
    # except for a terminal's table, a calendar and a workbook, which need them all
    table = fmt is StatusFormat.text and sys.stdout.isatty()
    found = status_mod.each(paths, today, lang, unread)
    if table or ics is not None or xlsx is not None:
        found = list(found)
    seen = [0]

    def counted(mobilities):
        for m in mobilities:
            seen[0] += 1
            yield m

    if fmt is StatusFormat.json:
        report.write_json(counted(found), today, sys.stdout)
    elif fmt is StatusFormat.csv:
        report.write_csv(counted(found), lang, sys.stdout)
    elif table:
        if found:
            from rich.console import Console

            Console(highlight=False).print(report.rich_table(list(counted(found)), today, lang))
    else:
        report.write_text(counted(found), today, lang, sys.stdout)
    sys.stdout.flush()
    for u in unread:
        typer.echo(f"mobility-advisor: {u.message}", err=True)
    if ics is not None:
        write_file(ics, report.calendar(found, today, lang), lang, option="--ics")
        typer.echo(status_mod.msg("ics_written", lang, n=len(found), path=ics), err=True)
    if xlsx is not None:
        from mobility_advisor.formats.spreadsheets import SheetError

        try:
            data = report.to_xlsx(found, today, lang)
        except SheetError as exc:
            fail(exc.message(lang), 2)
        write_file(xlsx, data, lang, option="--xlsx")
        typer.echo(status_mod.msg("xlsx_written", lang, n=len(found), path=xlsx), err=True)
    if not seen[0] and not unread:
        fail(status_mod.msg("none_found", lang, paths=", ".join(map(str, paths))), 1)
    raise typer.Exit(1 if unread else 0)
