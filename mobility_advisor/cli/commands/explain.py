"""`explain`: one rule, or one source, and where it leads."""

from __future__ import annotations

from typing import Optional

import typer

from mobility_advisor.cli.commands.common import LangOpt, current_day, fail, language, rule_tree


def explain(
    rule_id: str = typer.Argument(..., metavar="ID", help="A question or outcome id (see `tree`), or a source's "
                                                           "code (000…004, or a public source's id, as a pack's "
                                                           "Sources list names them)."),
    lang: Optional[str] = LangOpt,
) -> None:
    """Show one rule: its text, conditions, the routes that reach it and its sources; or one source
    and the rules that cite it.

    Exit status: 0 shown, 2 unknown id (with the closest ids).
    """
    from mobility_advisor.cli import explain as explain_mod

    lang = language(lang)
    rules = rule_tree()
    try:
        found = explain_mod.describe(rules, rule_id, lang, current_day())
    except explain_mod.UnknownId as exc:
        fail(str(exc), 2)
    explain_mod.render(found)
