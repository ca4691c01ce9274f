"""`validate`: rule files and learning outcomes files checked."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from mobility_advisor.cli.commands.common import LangOpt, choice, language


Format = choice("Format", "text", "json", "github")


def validate(
    paths: Optional[list[Path]] = typer.Argument(
        None, exists=True, help="Rule files or folders (default: the shipped rules)."
    ),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings as errors."),
    fmt: Format = typer.Option(
        Format.text, "--format", case_sensitive=False,
        help="text (file:line:col: severity: message), json, or github (Actions annotations).",
    ),
    outcomes: Optional[list[Path]] = typer.Option(
        None, "--outcomes", exists=True, dir_okay=False,
        help="A learning outcomes file to check (YAML or CSV); repeat for several. Alone, only these are checked.",
    ),
    lang: Optional[str] = LangOpt,
) -> None:
    """Check rule files (and learning outcomes files): structure and meaning, every problem as file:line:col.

    Exit status: 0 clean (warnings allowed unless --strict), 1 errors, 2 usage error.
    """
    from mobility_advisor.cli.validate import run

    raise typer.Exit(run(paths, strict=strict, fmt=fmt.value, outcomes=outcomes, lang=language(lang)))
