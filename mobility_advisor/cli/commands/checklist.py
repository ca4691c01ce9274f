"""`checklist`: the BEFORE / DURING / AFTER checklist alone, of a route or an answers file."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from mobility_advisor.cli.commands.common import (
    FormatOpt, LangOpt, OutcomesOpt, current_day, fail, language, rule_tree, write_file)
from mobility_advisor.cli.commands.reading import outcomes_only, read_answers_file
from mobility_advisor.cli.commands.writing import checked_formats, convert


def checklist(
    route: Optional[str] = typer.Option(None, "--route", help="A named route: see the list in --help of the rules."),
    answers: Optional[Path] = typer.Option(None, "--answers", help="Answers file, instead of a route."),
    lang: Optional[str] = LangOpt,
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default: standard output)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing file."),
    format: str = FormatOpt,
    outcomes: Optional[Path] = OutcomesOpt,
) -> None:
    """Export just the BEFORE / DURING / AFTER checklist, for trainers."""
    from mobility_advisor.pack import render as render_mod
    from mobility_advisor.engine.engine import outcomes as walk_outcomes
    from mobility_advisor.i18n.messages import msg

    tree = rule_tree()
    routes = ", ".join(tree.routes)
    if (route is None) == (answers is None):
        fail(msg("route_or_answers", language(lang), routes=routes), 2)
    if route is not None:
        lang = language(lang)
        if route not in tree.routes:
            fail(msg("unknown_route", lang, value=route, routes=routes), 2)
        result = walk_outcomes(tree, tree.routes[route].answers, current_day(), prune=False)
        learning = outcomes_only(outcomes, lang)
    else:
        lang, given, learning, _ = read_answers_file(tree, answers, lang, outcomes=outcomes)
        result = walk_outcomes(tree, given, current_day())
    formats = checked_formats(format, lang)
    text = render_mod.checklist_markdown(tree, result, lang, current_day(), learning)
    if output is None:
        if formats != ("md",):
            fail(msg("format_needs_file", lang), 2)
        typer.echo(text, nl=False)
        return
    if output.is_dir():  # not "DIR.md" beside it: the user meant a file inside, or a mistake
        fail(msg("is_a_folder", lang, path=output, option="-o"), 2)
    files = convert({"checklist.md": text}, formats, lang)
    targets = {output.with_suffix(Path(name).suffix): data for name, data in files.items()}
    for target in targets:
        if target.is_dir():
            fail(msg("is_a_folder", lang, path=target, option="-o"), 2)
        if target.exists() and not force:
            fail(msg("exists_file", lang, path=target), 1)
    for target, data in targets.items():
        write_file(target, data, lang)
        typer.echo(str(target))
