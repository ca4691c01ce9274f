"""The command line: the Typer app, its root options, its commands registered, and `main()`.

Each command lives in its own module under cli/commands/ (what they share: commands/common.py).
Those modules import only Typer at the top: heavy modules (questionary, jinja2, the rule model)
are imported inside the command that needs them, so `--help` and `--version` stay instant.
"""

from __future__ import annotations

from typing import Optional

import typer

from mobility_advisor import __version__
from mobility_advisor.cli.commands import (
    ask, checklist, cohort, credential, explain, record, render, signed, status, tree, update, validate)
from mobility_advisor.cli.commands.common import LangOpt

app = typer.Typer(
    name="mobility-advisor",
    help="Decision aid for Erasmus+ work placements that count: documented, assessed and recognised.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        print(f"mobility-advisor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: Optional[bool] = typer.Option(
        None, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
    lang: Optional[str] = LangOpt,
) -> None:
    """Decision aid for Erasmus+ work placements that count: documented, assessed and recognised."""
    if lang is not None and ctx.invoked_subcommand:
        # `mobility-advisor --lang de status`: the command's --lang by default (one given after it wins)
        ctx.default_map = {ctx.invoked_subcommand: {"lang": lang}}


# in the order `--help` lists them: the pack's life, from the rules to the learner's proof
for _command in (validate.validate, ask.ask, render.render, checklist.checklist, record.record, cohort.cohort,
                 tree.tree, explain.explain, status.status, signed.signed, update.update, credential.credential):
    app.command()(_command)


def main() -> None:
    import sys

    from mobility_advisor.cli.words import language_in, use
    from mobility_advisor.i18n.messages import default_lang
    from mobility_advisor.rules.model import spoken

    # --lang given before --help, else the locale: the framework's words ("Usage:", errors)
    # follow it; a --lang the tool does not speak is refused by the command itself
    lang = language_in(sys.argv[1:])
    lang = lang if lang in spoken() else default_lang()
    use(lang)
    if any(a in ("--help", "-h") for a in sys.argv[1:]) or len(sys.argv) == 1:
        from mobility_advisor.cli.help import localise

        localise(app, lang)  # --help in the user's language
    app()
