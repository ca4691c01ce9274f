"""`record`: after the mobility, the results asked and written into the answers file."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from mobility_advisor.cli.commands.common import LangOpt, current_day, fail, rule_tree
from mobility_advisor.cli.commands.reading import learning_record, read_answers_file


def record(
    answers: Path = typer.Argument(..., help="The mobility's answers file (see `ask --save-answers`)."),
    lang: Optional[str] = LangOpt,
    from_: Optional[list[Path]] = typer.Option(
        None, "--from", help="A filled PDF form of the pack (evaluation grid, complement…) to read the results "
                             "from, instead of asking; may be given several times."),
    yes: bool = typer.Option(False, "--yes", help="With --from: write what was read without asking (scripts)."),
) -> None:
    """After the mobility: ask the results of the routes chosen (or read them from the filled PDF
    forms, --from) and write them into the answers file.

    Only its `results:` part changes (written atomically). Then make the pack again with
    `render --answers ANSWERS --force`. Exit status: 0 written (or nothing to write, or not
    confirmed), 2 bad file, a form refused, or no terminal (without --yes), 130 interrupted
    (nothing written).
    """
    import sys

    from mobility_advisor.cli import record as record_mod
    from mobility_advisor.engine.learning import LearningError
    from mobility_advisor.rules.problems import InputError
    from mobility_advisor.rules.yamlsafe import YamlError

    tree = rule_tree()
    lang, given, learning, _ = read_answers_file(tree, answers, lang)
    outcomes = learning.outcomes if learning else ()
    if not record_mod.questions(given, outcomes):
        fail(record_mod.msg("nothing_to_ask", lang, file=answers), 2)

    def check(raw_outcomes, raw_results) -> None:
        learning_record(raw_outcomes, raw_results, given, str(answers), lang, None)

    if from_:
        from mobility_advisor.cli import record_from

        try:
            code = record_from.run(answers, given, outcomes, learning.results if learning else None, from_, lang,
                                   yes, current_day(), check)
        except (InputError, LearningError, YamlError, OSError) as exc:
            fail(str(exc), 2)
        raise typer.Exit(code)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        from mobility_advisor.i18n.messages import msg

        fail(msg("record_no_tty", lang, path=answers), 2)
    try:
        results = record_mod.ask(given, outcomes, learning.results if learning else None, lang, str(answers))
    except (KeyboardInterrupt, EOFError):
        typer.echo("\n" + record_mod.msg("interrupted", lang, file=answers), err=True)
        raise typer.Exit(130)

    try:
        record_mod.write_results(answers, results, outcomes, check)
    except (InputError, LearningError, YamlError, OSError) as exc:
        fail(str(exc), 2)
    typer.echo(record_mod.msg("written", lang, file=answers))
