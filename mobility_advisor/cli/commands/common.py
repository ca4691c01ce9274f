"""What every command shares: the options declared once, the language, today, the rule tree,
the profile, one output file, and errors as a message and an exit code."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer


def choice(name: str, *values: str) -> type[Enum]:
    """An option's closed list of values (--format text|json…): Typer shows them and refuses the others."""
    return Enum(name, [(v, v) for v in values], type=str)
LangOpt = typer.Option(None, "--lang", help="Language: fr, en, es, ca or de (default: from the locale, else French).")
OutOpt = typer.Option(None, "-o", "--output", help="Folder for the pack (default: pack-<learner>-<start date>).")
ForceOpt = typer.Option(
    False, "--force",
    help="Update an existing pack: only the tool's own unchanged files are replaced; your files are kept.")
HostLangOpt = typer.Option(
    None, "--host-lang",
    help="The host's language, beside the pack's in what the host reads or signs: fr, en… or none "
         "(default: from the destination country).")
FormatOpt = typer.Option("md", "--format", help="md (default), docx, odt, html, pdf; several with commas: md,docx.")
ProfileOpt = typer.Option(
    None, "--profile", help="Organisation profile (YAML; default: $XDG_CONFIG_HOME/mobility-advisor/profile.yaml).")
OutcomesOpt = typer.Option(
    None, "--outcomes",
    help="Learning outcomes file (YAML or CSV, one outcome per line), written once per qualification: "
         "see docs/outcomes-example.yaml.")


def language(lang: Optional[str]) -> str:
    """--lang checked (a language the tool speaks, else exit 2), or the locale's when not given."""
    from mobility_advisor.i18n.messages import default_lang

    if lang is None:
        return default_lang()
    from mobility_advisor.rules.model import spoken

    if lang not in spoken():
        from mobility_advisor.i18n.messages import msg

        fail(msg("bad_lang", default_lang(), value=lang, langs=", ".join(spoken())), 2)
    return lang


def current_day():
    """Today, or MOBILITY_ADVISOR_TODAY (YYYY-MM-DD) so tests and examples are reproducible."""
    import os
    from datetime import date

    fixed = os.environ.get("MOBILITY_ADVISOR_TODAY")
    return date.fromisoformat(fixed) if fixed else date.today()


def fail(message: str, code: int) -> None:
    """`message` on stderr and the exit `code`: a user's mistake is never a traceback."""
    from mobility_advisor.core.controls import visible

    # a message may quote user input (an answers file's key, a path): never raw control characters
    typer.echo(f"mobility-advisor: {visible(message, keep=chr(10))}", err=True)
    raise typer.Exit(code)


def rule_tree():
    """The shipped rules; rules that do not load are listed, then exit 1."""
    from mobility_advisor.rules.loader import load_tree
    from mobility_advisor.rules.problems import RuleError

    try:
        return load_tree()
    except RuleError as exc:
        for p in exc.problems:
            typer.echo(str(p), err=True)
        from mobility_advisor.i18n.messages import default_lang, msg

        fail(msg("rules_broken", default_lang()), 1)


def org_profile(path: Optional[Path], lang: Optional[str]):
    """The organisation profile (--profile, else the default one if there is one); a bad one is exit 2."""
    from mobility_advisor.inputs import profile as profile_mod
    from mobility_advisor.i18n.messages import default_lang
    from mobility_advisor.rules.problems import InputError

    try:
        return profile_mod.find(path, lang or default_lang())
    except InputError as exc:
        fail(str(exc), 2)


def checked_host_lang(value: Optional[str], lang: str) -> Optional[str]:
    """--host-lang checked (a language code or "none"); None when not given."""
    from mobility_advisor.engine.bilingual import msg as host_msg, valid_option

    if value is None:
        return None
    value = value.strip().lower()
    if not valid_option(value):
        from mobility_advisor.core.controls import visible

        fail(host_msg("bad_host_lang", lang, value=visible(value)[:20]), 2)
    return value


def write_file(target: Path, data, lang: str, option: str = "-o") -> None:
    """One output file (checklist, tree): a folder or an unwritable place is a message, exit 2."""
    from mobility_advisor.core.fsutil import atomic_write, os_reason
    from mobility_advisor.i18n.messages import msg

    if target.is_dir():
        fail(msg("is_a_folder", lang, path=target, option=option), 2)
    try:
        atomic_write(target, data)
    except OSError as exc:
        fail(msg("cannot_write", lang, path=target, why=os_reason(exc, lang)), 2)
