"""`ask`: the questions, then the pack."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from mobility_advisor.cli.commands.common import (
    FormatOpt, ForceOpt, HostLangOpt, LangOpt, OutcomesOpt, OutOpt, ProfileOpt, checked_host_lang, fail, language,
    org_profile, rule_tree)
from mobility_advisor.cli.commands.reading import outcomes_only, read_answers_file
from mobility_advisor.cli.commands.writing import check_save_answers, checked_formats, write_answers, write_pack
from mobility_advisor.cli.commands.session import pick_session, session_options, run_session


def ask(
    lang: Optional[str] = LangOpt,
    answers: Optional[Path] = typer.Option(None, "--answers", help="Answers file: run without prompts."),
    save_answers: Optional[Path] = typer.Option(
        None, "--save-answers", help="Write the answers to this file (an existing one only with --force)."),
    resume: bool = typer.Option(False, "--resume", help="Go on from an interrupted session."),
    output: Optional[Path] = OutOpt,
    force: bool = ForceOpt,
    format: str = FormatOpt,
    outcomes: Optional[Path] = OutcomesOpt,
    profile: Optional[Path] = ProfileOpt,
    host_lang: Optional[str] = HostLangOpt,
    save_profile: bool = typer.Option(
        False, "--save-profile",
        help="Add this mobility's sending organisation, partner, company and tutor to the profile if new "
             "(created if need be)."),
) -> None:
    """Ask the questions, then write the pack: checklist and documents.

    Exit status: 0 written, or "Quit without writing" chosen at the summary (the answers are
    kept: --resume); 1 the output folder (or --save-answers file) is taken; 2 bad input, no
    terminal, or a folder that cannot be written; 130 interrupted by Ctrl-C or Ctrl-D (the
    answers are kept: --resume).
    """
    import os
    import sys

    from mobility_advisor.i18n.messages import msg

    tree = rule_tree()
    session = None
    if resume and answers is None:  # the session first: its options stand for those not given again
        session = pick_session(lang)
        output, format, save_answers, host_lang, profile, force = session_options(
            session, output, format, save_answers, host_lang, profile, force)
    prof = org_profile(profile, lang)
    if answers is not None:
        lang, given, learning, file_host = read_answers_file(tree, answers, lang, prof, outcomes)
        host = checked_host_lang(host_lang, lang) or file_host
        formats = checked_formats(format, lang)
        check_save_answers(save_answers, force, lang)
        if save_answers:
            write_answers(save_answers, given, lang, learning, host)
            typer.echo(msg("saved_answers", lang, path=save_answers))
        write_pack(tree, given, lang, output, force, formats, learning, host, prof)
        if save_profile:
            _save_profile(profile, prof, given, lang)
        return
    chosen = language(lang or (prof.lang if prof else None))
    host = checked_host_lang(host_lang, chosen)
    formats = checked_formats(format, chosen)  # a missing converter is said before the questions, not after
    # the --save-answers file an interrupted session wrote is that session's own: resuming it may replace it
    own = session is not None and save_answers is not None and \
        session.options.get("save_answers") == os.path.abspath(save_answers)
    check_save_answers(save_answers, force or own, chosen)
    _check_output(output, force, chosen)  # before the first question, not after the last
    learning = outcomes_only(outcomes, chosen)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        fail(msg("no_tty", chosen), 2)
    options = {"output": output, "format": format, "save_answers": save_answers, "host_lang": host_lang,
               "profile": profile, "force": force}
    given = run_session(tree, lang, chosen, session, save_answers, output, force, formats, prof, learning, host,
                    options)
    if save_profile:
        _save_profile(profile, prof, given, chosen)


def _save_profile(path: Optional[Path], prof, given: dict, lang: str) -> None:
    """--save-profile: the new partner, company and tutor written back to the profile in use."""
    from mobility_advisor.inputs import profile as profile_mod, profile_saving
    from mobility_advisor.core.fsutil import os_reason
    from mobility_advisor.rules.problems import InputError

    target = path or (prof.path if prof is not None and prof.path else profile_mod.default_path())
    try:
        added = profile_saving.add_from_answers(target, given, lang)
    except InputError as exc:
        fail(str(exc), 2)
    except OSError as exc:
        fail(profile_mod.msg("cannot_save", lang, path=target, why=os_reason(exc, lang)), 2)
    if added:
        typer.echo(profile_mod.msg("saved", lang, path=target, what=", ".join(added)))
    else:
        typer.echo(profile_mod.msg("saved_nothing", lang, path=target))


def _check_output(out: Optional[Path], force: bool, lang: str) -> None:
    """-o checked before the first question: a folder that is not empty is exit 1 without --force
    (with it, one that is not a pack); a file in the way exit 2 (the write checks again, under its lock)."""
    if out is None or not (out.exists() or out.is_symlink()):
        return
    from mobility_advisor.pack import manifest
    from mobility_advisor.i18n.messages import msg

    if not out.is_dir():
        fail(msg("not_a_folder", lang, path=out), 2)
    if not any(out.iterdir()):
        return
    if not force:
        fail(msg("exists", lang, path=out), 1)
    try:
        found = manifest.read(out)
    except manifest.ManifestError as exc:
        fail(msg("bad_manifest", lang, path=exc.path, why=exc.why), 1)
    if found is None or found.kind != "pack":
        fail(msg("not_a_pack", lang, path=out) if found is None else msg("a_cohort", lang, path=out), 1)
