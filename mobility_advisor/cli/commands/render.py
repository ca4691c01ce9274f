"""`render`: the pack from an answers file, without prompts."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from mobility_advisor.cli.commands.common import (
    FormatOpt, ForceOpt, HostLangOpt, LangOpt, OutcomesOpt, OutOpt, ProfileOpt, checked_host_lang, org_profile,
    rule_tree)
from mobility_advisor.cli.commands.reading import read_answers_file
from mobility_advisor.cli.commands.writing import checked_formats, write_pack


def render(
    answers: Path = typer.Option(..., "--answers", help="Answers file (see `ask --save-answers`)."),
    lang: Optional[str] = LangOpt,
    output: Optional[Path] = OutOpt,
    force: bool = ForceOpt,
    format: str = FormatOpt,
    outcomes: Optional[Path] = OutcomesOpt,
    profile: Optional[Path] = ProfileOpt,
    host_lang: Optional[str] = HostLangOpt,
) -> None:
    """Write the pack from an answers file, without prompts."""
    tree = rule_tree()
    prof = org_profile(profile, lang)
    lang, given, learning, file_host = read_answers_file(tree, answers, lang, prof, outcomes)
    host = checked_host_lang(host_lang, lang) or file_host
    formats = checked_formats(format, lang, later=True)  # WeasyPrint imported while pandoc runs
    write_pack(tree, given, lang, output, force, formats, learning, host, prof)
