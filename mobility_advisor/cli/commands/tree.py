"""`tree`: the rule tree shown, as text, a Mermaid or a Graphviz picture."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from mobility_advisor.cli.commands.common import LangOpt, choice, fail, language, rule_tree, write_file


TreeFormat = choice("TreeFormat", "text", "mermaid", "dot")


def tree(
    fmt: TreeFormat = typer.Option(
        TreeFormat.text, "--format", case_sensitive=False,
        help="text (the terminal), mermaid (flowchart for GitHub / Markdown) or dot (Graphviz).",
    ),
    lang: Optional[str] = LangOpt,
    markdown: bool = typer.Option(
        False, "--markdown", help="Wrap mermaid/dot in a Markdown page (title, legend, fenced block)."
    ),
    section: Optional[str] = typer.Option(
        None, "--section", metavar="ID",
        help="One part only: profile, participation, learning_outcomes, integration or certification.",
    ),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default: standard output)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing file."),
) -> None:
    """Show the rule tree: questions, branches, and the documents and caveats each answer brings in.

    The shipped picture is docs/decision-tree.md:
    mobility-advisor tree --format mermaid --markdown --lang en --force -o docs/decision-tree.md
    """
    from mobility_advisor.cli import tree_pictures, treeview
    from mobility_advisor.rules.problems import InputError

    lang = language(lang)
    rules = rule_tree()
    try:
        treeview.check_section(rules, section, lang)
    except InputError as exc:
        fail(str(exc), 2)
    if fmt is TreeFormat.text and output is None:
        if markdown:
            from mobility_advisor.i18n.messages import msg

            fail(msg("markdown_needs_picture", lang), 2)
        from rich.console import Console

        Console(highlight=False).print(tree_pictures.rich_tree(rules, lang, section))
        return
    if fmt is TreeFormat.text:
        text = tree_pictures.text(rules, lang, part=section)
    elif markdown:
        text = tree_pictures.markdown(rules, lang, fmt.value, section)
    else:
        picture = tree_pictures.mermaid if fmt is TreeFormat.mermaid else tree_pictures.dot
        text = picture(rules, lang, section)
    if output is None:
        typer.echo(text, nl=False)
        return
    from mobility_advisor.i18n.messages import msg

    if output.is_dir():
        fail(msg("is_a_folder", lang, path=output, option="-o"), 2)
    if output.exists() and not force:
        fail(msg("exists_file", lang, path=output), 1)
    write_file(output, text, lang)
    typer.echo(str(output))
