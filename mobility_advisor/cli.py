"""The command line: parse options, call the pieces, map errors to exit codes.

Heavy modules (questionary, jinja2, the rule model) are imported inside the
command that needs them, so `--help` and `--version` stay instant.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import __version__

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
    version: Optional[bool] = typer.Option(
        None, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Decision aid for Erasmus+ work placements that count: documented, assessed and recognised."""


@app.command()
def validate(
    paths: Optional[list[Path]] = typer.Argument(None, help="Rule files or folders (default: the shipped rules)."),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings as errors."),
) -> None:
    """Check rule files: structure and meaning, every problem as file:line:col."""
    from .validate import run

    raise typer.Exit(run(paths, strict=strict))


def main() -> None:
    app()
