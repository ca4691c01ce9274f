"""The command line: parse options, call the pieces, map errors to exit codes.

Heavy modules (questionary, jinja2, the rule model) are imported inside the
command that needs them, so `--help` and `--version` stay instant.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from mobility_advisor import __version__

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


class _Format(str, Enum):
    text = "text"
    json = "json"
    github = "github"


@app.command()
def validate(
    paths: Optional[list[Path]] = typer.Argument(
        None, exists=True, help="Rule files or folders (default: the shipped rules)."
    ),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings as errors."),
    fmt: _Format = typer.Option(
        _Format.text, "--format", case_sensitive=False,
        help="text (file:line:col: severity: message), json, or github (Actions annotations).",
    ),
    outcomes: Optional[list[Path]] = typer.Option(
        None, "--outcomes", exists=True, dir_okay=False,
        help="A learning outcomes file to check (YAML or CSV); repeat for several. Alone, only these are checked.",
    ),
    lang: Optional[str] = typer.Option(
        None, "--lang", help="Language: fr, en, es, ca or de (default: from the locale, else French)."),
) -> None:
    """Check rule files (and learning outcomes files): structure and meaning, every problem as file:line:col.

    Exit status: 0 clean (warnings allowed unless --strict), 1 errors, 2 usage error.
    """
    from mobility_advisor.cli.validate import run

    raise typer.Exit(run(paths, strict=strict, fmt=fmt.value, outcomes=outcomes, lang=_lang(lang)))


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


def _formats(value: str, lang: str, elsewhere: bool = False) -> tuple[str, ...]:
    """Parse --format and check the converters are installed, before anything is written.
    `elsewhere`: the conversion may run in worker processes (cohort), so WeasyPrint (about 1 s
    to import) is only looked for here, and imported by the process that prints."""
    from mobility_advisor.rules.problems import InputError

    if value.strip() == "md":
        return ("md",)  # the core path: no converter needed, nothing imported
    from mobility_advisor.formats import convert

    try:
        formats = convert.parse_formats(value, lang)
        convert.check_available(formats, lang, load=not elsewhere)
    except InputError as exc:
        _fail(str(exc), 2)
    return formats


def _convert(files: dict, formats: tuple[str, ...], lang: str, host_lang: str | None = None) -> dict:
    if formats == ("md",):
        return files
    from mobility_advisor.formats import convert

    return convert.convert_files(files, formats, lang, host_lang)


def _host_option(value: Optional[str], lang: str) -> Optional[str]:
    """--host-lang checked (a language code or "none"); None when not given."""
    from mobility_advisor.engine.bilingual import msg as host_msg, valid_option

    if value is None:
        return None
    value = value.strip().lower()
    if not valid_option(value):
        from mobility_advisor.core.controls import visible

        _fail(host_msg("bad_host_lang", lang, value=visible(value)[:20]), 2)
    return value


def _lang(lang: Optional[str]) -> str:
    from mobility_advisor.i18n.messages import default_lang

    if lang is None:
        return default_lang()
    from mobility_advisor.rules.model import spoken

    if lang not in spoken():
        from mobility_advisor.i18n.messages import msg

        _fail(msg("bad_lang", default_lang(), value=lang, langs=", ".join(spoken())), 2)
    return lang


def _today():
    """Today, or MOBILITY_ADVISOR_TODAY (YYYY-MM-DD) so tests and examples are reproducible."""
    import os
    from datetime import date

    fixed = os.environ.get("MOBILITY_ADVISOR_TODAY")
    return date.fromisoformat(fixed) if fixed else date.today()


def _fail(message: str, code: int) -> None:
    from mobility_advisor.core.controls import visible

    # a message may quote user input (an answers file's key, a path): never raw control characters
    typer.echo(f"mobility-advisor: {visible(message, keep=chr(10))}", err=True)
    raise typer.Exit(code)


def _tree():
    from mobility_advisor.rules.loader import load_tree
    from mobility_advisor.rules.problems import RuleError

    try:
        return load_tree()
    except RuleError as exc:
        for p in exc.problems:
            typer.echo(str(p), err=True)
        from mobility_advisor.i18n.messages import default_lang, msg

        _fail(msg("rules_broken", default_lang()), 1)


ProfileOpt = typer.Option(
    None, "--profile", help="Organisation profile (YAML; default: $XDG_CONFIG_HOME/mobility-advisor/profile.yaml).")


def _profile(path: Optional[Path], lang: Optional[str]):
    """The organisation profile (--profile, else the default one if there is one); a bad one is exit 2."""
    from mobility_advisor.inputs import profile as profile_mod
    from mobility_advisor.i18n.messages import default_lang
    from mobility_advisor.rules.problems import InputError

    try:
        return profile_mod.find(path, lang or default_lang())
    except InputError as exc:
        _fail(str(exc), 2)


def _with_profile(tree, raw: dict, prof) -> dict:
    """The answers given, completed by what the profile knows (the answers given win)."""
    if prof is None:
        return raw
    return {**{k: v for k, v in prof.prefill(raw).items() if k in tree.questions}, **raw}


def _answers_file(tree, path: Path, lang: Optional[str], prof=None,
                  outcomes: Optional[Path] = None) -> tuple[str, dict, object, Optional[str]]:
    """The pack's language (--lang, else the file's, else the profile's, else the locale's), the
    file's checked answers, completed by the profile, its learning record (learning outcomes
    from the file or from --outcomes, and results) and its `host_lang:` (None if not written)."""
    from mobility_advisor.inputs import answers as answers_mod
    from mobility_advisor.rules.problems import InputError

    try:
        af = answers_mod.load(path)
    except InputError as exc:
        _fail(str(exc), 2)
    lang = _lang(lang or af.lang or (prof.lang if prof else None))
    try:
        given = answers_mod.resolve(tree, _with_profile(tree, af.answers, prof), source=str(path), lang=lang)
        learning = _learning(af.outcomes, af.results, given, str(path), lang, outcomes)
    except InputError as exc:
        _fail(str(exc), 2)
    _warn_start_past(given, lang)
    return lang, given, learning, af.host_lang


def _warn_start_past(given: dict, lang: str) -> None:
    """A start date already past is allowed (a pack written afterwards) but said."""
    from mobility_advisor.engine.engine import start_past
    from mobility_advisor.i18n.messages import msg

    past = start_past(given, _today())
    if past is not None:
        typer.echo(typer.style("! ", fg="yellow", bold=True) + msg("start_past", lang, value=past.isoformat()),
                   err=True)


def _learning(raw_outcomes, raw_results, given: dict, source: str, lang: str, outcomes: Optional[Path]):
    """The learning record (learning_io.record); None when there is nothing to read."""
    if raw_outcomes is None and raw_results is None and outcomes is None:
        return None
    from mobility_advisor.inputs.learning_io import record

    return record(raw_outcomes, raw_results, given, source, lang, outcomes)


def _outcomes_only(path: Optional[Path], lang: str):
    """The learning record of an outcomes file alone (ask without --answers, checklist --route)."""
    if path is None:
        return None
    from mobility_advisor.engine.learning import LearningRecord
    from mobility_advisor.inputs.learning_io import read_outcomes_file
    from mobility_advisor.rules.problems import InputError

    try:
        return LearningRecord(read_outcomes_file(path, lang))
    except InputError as exc:
        _fail(str(exc), 2)


OutcomesOpt = typer.Option(
    None, "--outcomes",
    help="Learning outcomes file (YAML or CSV, one outcome per line), written once per qualification: "
         "see docs/outcomes-example.yaml.")


def _write_pack(tree, answers: dict, lang: str, output: Optional[Path], force: bool,
                formats: tuple[str, ...] = ("md",), learning=None, host_option: Optional[str] = None,
                prof=None) -> None:
    """Render the whole pack, convert it, write it (see packdir), and say what was done.
    `host_option`: --host-lang as given (None: the host's language from the destination);
    `prof`: the organisation's profile, whose referent the host brief names."""
    from mobility_advisor.pack import manifest
    from mobility_advisor.pack import packdir
    from mobility_advisor.pack import render
    from mobility_advisor.engine.engine import outcomes
    from mobility_advisor.i18n.messages import msg

    today = _today()
    result = outcomes(tree, answers, today)
    host_lang = render.host_language(host_option, answers, lang)
    referent = prof.referent if prof is not None else None
    files = _convert(render.pack_files(tree, result, lang, today, learning, host_lang, referent), formats, lang,
                     host_lang)
    out = output or Path(render.default_pack_dir(answers, today))
    from mobility_advisor.inputs.answers import learning_document

    doc = {**manifest.answers_document(answers, lang, host_option, referent),
           **learning_document(learning, lang)}  # outcomes and results too
    new = manifest.new("pack", lang, doc, today, manifest.item_records(result, lang))
    report = _into_folder(lambda: packdir.write_pack(files, out, force, new), out, lang)
    # typer's own styling: rich is not imported just to print three lines
    typer.echo(typer.style("✓ ", fg="green", bold=True) + msg("written", lang, path=out))
    typer.echo(msg("files", lang, n=len(files), docs=len(result.documents)))
    for line in packdir.describe(report, lang):
        typer.echo(typer.style("! ", fg="yellow", bold=True) + line)
    if result.caveats:
        typer.echo(typer.style("! ", fg="yellow", bold=True) + msg("caveats_count", lang, n=len(result.caveats)))


def _into_folder(write, out: Path, lang: str):
    """Run `write` (a packdir write into `out`); its refusals and the system's as messages and exit codes:
    1 the folder is taken (not empty, not a pack, another run in it); 2 it cannot be written."""
    from mobility_advisor.pack import packdir
    from mobility_advisor.core.fsutil import os_reason
    from mobility_advisor.i18n.messages import msg
    from mobility_advisor.rules.problems import InputError

    from mobility_advisor.pack.manifest import FILE_NAME

    updating = (out / FILE_NAME).is_file()  # an error part way through a new pack leaves nothing
    try:
        return write()
    except packdir.PackExistsError:
        _fail(msg("exists", lang, path=out), 1)
    except packdir.NotAPackError as exc:
        _fail(msg("not_a_pack", lang, path=out) if exc.found is None else msg("a_cohort", lang, path=out), 1)
    except packdir.BadManifestError as exc:
        _fail(msg("bad_manifest", lang, path=exc.path, why=exc.why), 1)
    except packdir.NotAFolderError as exc:
        _fail(msg("not_a_folder", lang, path=exc.path), 2)
    except InputError as exc:
        _fail(str(exc), 2)
    except OSError as exc:
        _fail(msg("cannot_update" if updating else "cannot_write", lang, path=out, why=os_reason(exc, lang)), 2)


def _write_file(target: Path, data, lang: str, option: str = "-o") -> None:
    """One output file (checklist, tree): a folder or an unwritable place is a message, exit 2."""
    from mobility_advisor.core.fsutil import atomic_write, os_reason
    from mobility_advisor.i18n.messages import msg

    if target.is_dir():
        _fail(msg("is_a_folder", lang, path=target, option=option), 2)
    try:
        atomic_write(target, data)
    except OSError as exc:
        _fail(msg("cannot_write", lang, path=target, why=os_reason(exc, lang)), 2)


def _check_save_answers(path: Optional[Path], force: bool, lang: str) -> None:
    """--save-answers is checked before anything is asked: a folder (or a path below a file)
    is exit 2, an existing file without --force exit 1."""
    if path is None:
        return
    from mobility_advisor.core.fsutil import os_reason
    from mobility_advisor.i18n.messages import msg

    import errno

    if path.is_dir():
        _fail(msg("answers_not_file", lang, path=path, why=os_reason(OSError(errno.EISDIR, ""), lang)), 2)
    for parent in path.parents:
        if parent.exists() and not parent.is_dir():
            _fail(msg("answers_not_file", lang, path=path, why=os_reason(OSError(errno.ENOTDIR, ""), lang)), 2)
    if path.exists() and not force:
        _fail(msg("answers_exist", lang, path=path), 1)


def _save_answers(path: Path, answers: dict, lang: str, learning=None, host_option: Optional[str] = None) -> None:
    from mobility_advisor.inputs import answers as answers_mod
    from mobility_advisor.core.fsutil import os_reason
    from mobility_advisor.i18n.messages import msg

    try:
        answers_mod.save(path, answers, lang, learning, host_option)
    except OSError as exc:
        _fail(msg("cannot_write", lang, path=path, why=os_reason(exc, lang)), 2)


@app.command()
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

    tree = _tree()
    session = None
    if resume and answers is None:  # the session first: its options stand for those not given again
        session = _pick_session(lang)
        output, format, save_answers, host_lang, profile, force = _session_options(
            session, output, format, save_answers, host_lang, profile, force)
    prof = _profile(profile, lang)
    if answers is not None:
        lang, given, learning, file_host = _answers_file(tree, answers, lang, prof, outcomes)
        host = _host_option(host_lang, lang) or file_host
        formats = _formats(format, lang)
        _check_save_answers(save_answers, force, lang)
        if save_answers:
            _save_answers(save_answers, given, lang, learning, host)
            typer.echo(msg("saved_answers", lang, path=save_answers))
        _write_pack(tree, given, lang, output, force, formats, learning, host, prof)
        if save_profile:
            _save_profile(profile, prof, given, lang)
        return
    chosen = _lang(lang or (prof.lang if prof else None))
    host = _host_option(host_lang, chosen)
    formats = _formats(format, chosen)  # a missing converter is said before the questions, not after
    # the --save-answers file an interrupted session wrote is that session's own: resuming it may replace it
    own = session is not None and save_answers is not None and \
        session.options.get("save_answers") == os.path.abspath(save_answers)
    _check_save_answers(save_answers, force or own, chosen)
    _check_output(output, force, chosen)  # before the first question, not after the last
    learning = _outcomes_only(outcomes, chosen)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        _fail(msg("no_tty", chosen), 2)
    options = {"output": output, "format": format, "save_answers": save_answers, "host_lang": host_lang,
               "profile": profile, "force": force}
    given = _wizard(tree, lang, chosen, session, save_answers, output, force, formats, prof, learning, host,
                    options)
    if save_profile:
        _save_profile(profile, prof, given, chosen)


def _save_profile(path: Optional[Path], prof, given: dict, lang: str) -> None:
    """--save-profile: the new partner, company and tutor written back to the profile in use."""
    from mobility_advisor.inputs import profile as profile_mod
    from mobility_advisor.core.fsutil import os_reason
    from mobility_advisor.rules.problems import InputError

    target = path or (prof.path if prof is not None and prof.path else profile_mod.default_path())
    try:
        added = profile_mod.add_from_answers(target, given, lang)
    except InputError as exc:
        _fail(str(exc), 2)
    except OSError as exc:
        _fail(profile_mod.msg("cannot_save", lang, path=target, why=os_reason(exc, lang)), 2)
    if added:
        typer.echo(profile_mod.msg("saved", lang, path=target, what=", ".join(added)))
    else:
        typer.echo(profile_mod.msg("saved_nothing", lang, path=target))


def _pick_session(lang: Optional[str]):
    """`ask --resume`: the only unfinished session, or the one the user chooses; none is exit 2."""
    import sys

    from mobility_advisor.cli import sessions
    from mobility_advisor.i18n.messages import msg

    ui = _lang(lang)
    waiting = sessions.pending()
    if not waiting:
        _fail(msg("no_resume", ui, path=sessions.folder()), 2)
    if len(waiting) == 1:
        return waiting[0]
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        _fail(msg("no_tty", ui), 2)
    return _choose_session(waiting, ui)


def _session_options(session, output, format, save_answers, host_lang, profile, force):
    """The options of a resumed session, for those not given again (given ones win)."""
    kept = session.options

    def path(key: str, given: Optional[Path]) -> Optional[Path]:
        return given if given is not None else (Path(kept[key]) if key in kept else None)

    return (path("output", output), format if format != "md" else kept.get("format", format),
            path("save_answers", save_answers), host_lang if host_lang is not None else kept.get("host_lang"),
            path("profile", profile), force or kept.get("force", False))


def _options_line(options: dict, lang: str) -> str:
    """The options a session runs with, as typed on the command line (shown when resuming)."""
    from mobility_advisor.core.controls import visible
    from mobility_advisor.i18n.messages import msg

    flags = {"output": "-o", "format": "--format", "save_answers": "--save-answers", "host_lang": "--host-lang",
             "profile": "--profile"}
    shown = [f"{flag} {visible(str(options[k]))}" for k, flag in flags.items()
             if options.get(k) not in (None, "") and not (k == "format" and options[k] == "md")]
    if options.get("force"):
        shown.append("--force")
    return msg("resumed_options", lang, options=" ".join(shown)) if shown else ""


def _check_output(out: Optional[Path], force: bool, lang: str) -> None:
    """-o checked before the first question: a folder that is not empty is exit 1 without --force
    (with it, one that is not a pack); a file in the way exit 2 (the write checks again, under its lock)."""
    if out is None or not (out.exists() or out.is_symlink()):
        return
    from mobility_advisor.pack import manifest
    from mobility_advisor.i18n.messages import msg

    if not out.is_dir():
        _fail(msg("not_a_folder", lang, path=out), 2)
    if not any(out.iterdir()):
        return
    if not force:
        _fail(msg("exists", lang, path=out), 1)
    try:
        found = manifest.read(out)
    except manifest.ManifestError as exc:
        _fail(msg("bad_manifest", lang, path=exc.path, why=exc.why), 1)
    if found is None or found.kind != "pack":
        _fail(msg("not_a_pack", lang, path=out) if found is None else msg("a_cohort", lang, path=out), 1)


def _wizard(tree, asked_lang: Optional[str], lang: str, session, save_answers: Optional[Path],
            output: Optional[Path], force: bool, formats: tuple[str, ...], prof=None, learning=None,
            host: Optional[str] = None, options: Optional[dict] = None) -> dict:
    """The interactive session, saved in its own session file until the pack is written (see sessions);
    `session`: the one resumed (None: a new one); `options`: the ask options, kept with the session."""
    import os

    from mobility_advisor.cli import sessions
    from mobility_advisor.core.fsutil import os_reason
    from mobility_advisor.i18n.messages import msg

    start: dict = {}
    resume = session is not None
    options = {k: (os.path.abspath(v) if isinstance(v, Path) else v) for k, v in (options or {}).items()}
    if resume:
        lang = asked_lang or session.lang or lang  # the session's language, unless --lang is given
        path = session.path
        if path.parent != sessions.folder():  # resume.yaml of an earlier version: moved to the sessions
            path = sessions.new_path()
        start = _partial(tree, session.answers)
        if session.outcomes and learning is None:  # the learning outcomes entered before the interruption
            from mobility_advisor.engine.learning import LearningError, LearningRecord, parse_outcomes

            try:
                learning = LearningRecord(parse_outcomes(session.outcomes))
            except LearningError:
                learning = None  # a damaged session keeps its answers; the outcomes are typed again
        typer.echo(msg("resumed", lang, n=len(start)))
        line = _options_line(options, lang)
        if line:
            typer.echo(line)
    else:
        path = sessions.new_path()
        waiting = sessions.pending()
        if waiting:
            typer.echo(msg("sessions_waiting", lang, n=len(waiting)))
    warned: list[bool] = []
    unsaved: list[OSError] = []  # why the last save failed: then no message may claim the answers are kept

    typed: list = []  # the wizard, once made: its learning outcomes are kept with the answers

    def keep(answers: dict) -> None:
        from mobility_advisor.engine.learning import LearningRecord

        kept = LearningRecord(tuple(typed[0].outcomes)) if typed else learning
        if typed and typed[0].host_option != options.get("host_lang"):
            # the host's language, asked by the wizard (Canada, Belgium…): resumed with the session
            options["host_lang"] = typed[0].host_option
            try:
                sessions.save_options(path, options)
            except OSError:
                pass  # said with the answers' own save, which fails the same way
        try:
            sessions.save(path, answers, lang, kept)
            unsaved.clear()
        except OSError as exc:
            unsaved[:] = [exc]
            if not warned:
                warned.append(True)
                typer.echo(msg("session_unsaved", lang, path=path, why=os_reason(exc, lang)), err=True)

    def kept_or_shown(answers: dict, head: str) -> str:
        """What to say of the answers when the run stops: where they are kept, or, when they could
        not be saved, the answers themselves (in the terminal: the only place they still are)."""
        if not unsaved:
            return msg(head, lang, n=len(answers), path=path)
        from mobility_advisor.inputs.answers import dump

        lead = msg("stopped" if head == "interrupted" else "nothing_written", lang) if head != "session_kept" else ""
        return "\n".join(filter(None, [lead, msg("answers_unsaved", lang, n=len(answers), path=path,
                                                  why=os_reason(unsaved[0], lang)), dump(answers, lang)]))

    try:
        sessions.save_options(path, options)
    except OSError:
        pass  # said with the answers' own save, which fails the same way

    if resume:
        keep(start)
        if session.path != path:
            sessions.discard(session.path)
    from mobility_advisor.engine.learning import LearningRecord
    from mobility_advisor.cli.wizard import Interrupted, Quit, Wizard

    wizard = Wizard(tree, lang, today=_today(), profile=prof, outcomes=learning.outcomes if learning else (),
                    host_option=host)
    typed.append(wizard)
    try:
        given = wizard.run(start, on_change=keep)
    except Interrupted as stop:
        host = wizard.host_option
        if not stop.answers and not wizard.outcomes and not isinstance(stop, Quit):
            # stopped at the first question: no session to resume ("your 0 answers are kept" says nothing)
            sessions.discard(path)
            typer.echo("\n" + msg("stopped_empty", lang), err=True)
            raise typer.Exit(130)
        keep(stop.answers)
        if save_answers:
            _save_answers(save_answers, stop.answers, lang, LearningRecord(tuple(wizard.outcomes)), host)
        quit_ = isinstance(stop, Quit)  # chosen at the summary: exit 0, not an interruption
        typer.echo("\n" + kept_or_shown(stop.answers, "quit_kept" if quit_ else "interrupted"), err=not quit_)
        raise typer.Exit(0 if quit_ else 130)
    keep(given)  # "Write the pack" was chosen: kept until the pack is written
    host = wizard.host_option  # as given, or as answered where the destination does not settle it
    learning = LearningRecord(tuple(wizard.outcomes)) if wizard.outcomes else None  # entered in the wizard
    try:
        if save_answers:
            _save_answers(save_answers, given, lang, learning, host)
            typer.echo(msg("saved_answers", lang, path=save_answers))
        _write_pack(tree, given, lang, output, force, formats, learning, host, prof)
    except KeyboardInterrupt:
        typer.echo("\n" + kept_or_shown(given, "interrupted"), err=True)
        raise typer.Exit(130) from None
    except BaseException:
        typer.echo(kept_or_shown(given, "session_kept"), err=True)
        raise
    sessions.discard(path)  # the session is complete
    return given


def _choose_session(waiting: list, lang: str):
    import questionary

    from mobility_advisor.i18n.messages import msg
    from mobility_advisor.i18n.localize import format_date

    choices = [questionary.Choice(msg("session_label", lang, name=s.name or msg("no_name", lang), n=len(s.answers),
                                      when=f"{format_date(s.stopped.date(), lang)} {s.stopped:%H:%M}"), value=i)
               for i, s in enumerate(waiting)]
    try:
        picked = questionary.select(msg("choose_session", lang), choices=choices, use_search_filter=True,
                                    use_jk_keys=False, instruction=msg("select_hint", lang)).unsafe_ask()
    except (KeyboardInterrupt, EOFError):
        raise typer.Exit(130) from None
    return waiting[picked]


def _partial(tree, raw: dict) -> dict:
    """The answers of a resume file that are still valid, in walk order."""
    from mobility_advisor.inputs.answers import AnswerProblem, fill

    try:
        return fill(tree, raw, complete=False)
    except AnswerProblem as stop:
        return stop.partial


@app.command()
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
    tree = _tree()
    prof = _profile(profile, lang)
    lang, given, learning, file_host = _answers_file(tree, answers, lang, prof, outcomes)
    host = _host_option(host_lang, lang) or file_host
    formats = _formats(format, lang)
    _write_pack(tree, given, lang, output, force, formats, learning, host, prof)


@app.command()
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

    tree = _tree()
    routes = ", ".join(tree.routes)
    if (route is None) == (answers is None):
        _fail(msg("route_or_answers", _lang(lang), routes=routes), 2)
    if route is not None:
        lang = _lang(lang)
        if route not in tree.routes:
            _fail(msg("unknown_route", lang, value=route, routes=routes), 2)
        result = walk_outcomes(tree, tree.routes[route].answers, _today(), prune=False)
        learning = _outcomes_only(outcomes, lang)
    else:
        lang, given, learning, _ = _answers_file(tree, answers, lang, outcomes=outcomes)
        result = walk_outcomes(tree, given, _today())
    formats = _formats(format, lang)
    text = render_mod.checklist_markdown(tree, result, lang, _today(), learning)
    if output is None:
        if formats != ("md",):
            _fail(msg("format_needs_file", lang), 2)
        typer.echo(text, nl=False)
        return
    if output.is_dir():  # not "DIR.md" beside it: the user meant a file inside, or a mistake
        _fail(msg("is_a_folder", lang, path=output, option="-o"), 2)
    files = _convert({"checklist.md": text}, formats, lang)
    targets = {output.with_suffix(Path(name).suffix): data for name, data in files.items()}
    for target in targets:
        if target.is_dir():
            _fail(msg("is_a_folder", lang, path=target, option="-o"), 2)
        if target.exists() and not force:
            _fail(msg("exists_file", lang, path=target), 1)
    for target, data in targets.items():
        _write_file(target, data, lang)
        typer.echo(str(target))


@app.command()
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

    from mobility_advisor.inputs import answers as answers_mod
    from mobility_advisor.cli import record as record_mod
    from mobility_advisor.engine.learning import LearningError
    from mobility_advisor.rules.problems import InputError
    from mobility_advisor.rules.yamlsafe import YamlError

    tree = _tree()
    lang, given, learning, _ = _answers_file(tree, answers, lang)
    outcomes = learning.outcomes if learning else ()
    if not record_mod.questions(given, outcomes):
        _fail(record_mod.msg("nothing_to_ask", lang, file=answers), 2)

    def check(raw_outcomes, raw_results) -> None:
        _learning(raw_outcomes, raw_results, given, str(answers), lang, None)

    if from_:
        from mobility_advisor.cli import record_from

        try:
            code = record_from.run(answers, given, outcomes, learning.results if learning else None, from_, lang,
                                   yes, _today(), check)
        except (InputError, LearningError, YamlError, OSError) as exc:
            _fail(str(exc), 2)
        raise typer.Exit(code)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        from mobility_advisor.i18n.messages import msg

        _fail(msg("record_no_tty", lang, path=answers), 2)
    try:
        results = record_mod.ask(given, outcomes, learning.results if learning else None, lang, str(answers))
    except (KeyboardInterrupt, EOFError):
        typer.echo("\n" + record_mod.msg("interrupted", lang, file=answers), err=True)
        raise typer.Exit(130)

    try:
        record_mod.write_results(answers, results, outcomes, check)
    except (InputError, LearningError, YamlError, OSError) as exc:
        _fail(str(exc), 2)
    typer.echo(record_mod.msg("written", lang, file=answers))


@app.command()
def cohort(
    answers: Path = typer.Option(..., "--answers", help="Answers common to the whole group (answers file)."),
    learners: Path = typer.Option(
        ..., "--learners",
        help="CSV, one learner per line; the header gives question ids (learner.name;mobility.start;…) and, "
             "after the mobility, results (results.men.mark;results.outcomes.EX-1;…). "
             "';' or ',' separated, UTF-8 (with or without BOM) or Windows-1252. Or a workbook (.xlsx, .ods): "
             "its first sheet, laid out the same way.",
    ),
    sheet: Optional[str] = typer.Option(None, "--sheet", help="The workbook's sheet to read (default: the first)."),
    xlsx: bool = typer.Option(False, "--xlsx", help="Also write the summary as a workbook (cohort-summary.xlsx)."),
    output: Path = typer.Option(..., "-o", "--output", help="Folder for the cohort: one pack per learner and the summary."),
    lang: Optional[str] = LangOpt,
    keep_going: bool = typer.Option(False, "--keep-going", help="Write the packs of the good rows and list the bad ones."),
    force: bool = typer.Option(
        False, "--force", help="Update a previous cohort folder: only the tool's own unchanged files are replaced."),
    format: str = FormatOpt,
    outcomes: Optional[Path] = OutcomesOpt,
    profile: Optional[Path] = ProfileOpt,
    host_lang: Optional[str] = HostLangOpt,
) -> None:
    """Write one pack per learner of a group, and a cohort summary (cohort-summary.md / .csv).

    Every row is checked first; a bad row is reported as LEARNERS.csv:LINE.
    Exit status: 0 all packs written; 1 output folder not empty (without --force), or bad rows
    skipped with --keep-going; 2 bad input (files, columns, or bad rows without --keep-going:
    nothing written).
    """
    from mobility_advisor.inputs import answers as answers_mod
    from mobility_advisor.season import cohort as cohort_mod
    from mobility_advisor.rules.problems import InputError

    try:
        common = answers_mod.load(answers)
    except InputError as exc:
        _fail(str(exc), 2)
    prof = _profile(profile, lang or common.lang)
    lang = _lang(lang or common.lang or (prof.lang if prof else None))
    host = _host_option(host_lang, lang) or common.host_lang
    formats = _formats(format, lang, elsewhere=True)
    tree = _tree()
    group = _group_outcomes(common.outcomes, answers, outcomes, lang)
    raise typer.Exit(cohort_mod.run(tree, common.answers, answers, learners, output, lang, _today(),
                                    keep_going=keep_going, force=force, formats=formats, profile=prof,
                                    learning_outcomes=group, common_results=common.results, host_option=host,
                                    sheet=sheet, xlsx=xlsx))


def _group_outcomes(raw, common_path: Path, outcomes: Optional[Path], lang: str) -> tuple:
    """A cohort's learning outcomes: from --outcomes, else from the common answers file."""
    from mobility_advisor.engine.learning import LearningError, parse_outcomes
    from mobility_advisor.inputs.learning_io import msg as io_msg, read_outcomes_file
    from mobility_advisor.rules.model import Location
    from mobility_advisor.rules.problems import InputError

    try:
        if outcomes is not None:
            if raw:
                _fail(io_msg("both", lang, answers=common_path, file=outcomes), 2)
            return read_outcomes_file(outcomes, lang)
        return parse_outcomes(raw, Location(str(common_path), 1))
    except LearningError as exc:
        _fail(exc.text(lang), 2)
    except InputError as exc:
        _fail(str(exc), 2)


class _TreeFormat(str, Enum):
    text = "text"
    mermaid = "mermaid"
    dot = "dot"


@app.command()
def tree(
    fmt: _TreeFormat = typer.Option(
        _TreeFormat.text, "--format", case_sensitive=False,
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
    from mobility_advisor.cli import treeview
    from mobility_advisor.rules.problems import InputError

    lang = _lang(lang)
    rules = _tree()
    try:
        treeview.check_section(rules, section, lang)
    except InputError as exc:
        _fail(str(exc), 2)
    if fmt is _TreeFormat.text and output is None:
        if markdown:
            from mobility_advisor.i18n.messages import msg

            _fail(msg("markdown_needs_picture", lang), 2)
        from rich.console import Console

        Console(highlight=False).print(treeview.rich_tree(rules, lang, section))
        return
    if fmt is _TreeFormat.text:
        text = treeview.text(rules, lang, part=section)
    elif markdown:
        text = treeview.markdown(rules, lang, fmt.value, section)
    else:
        picture = treeview.mermaid if fmt is _TreeFormat.mermaid else treeview.dot
        text = picture(rules, lang, section)
    if output is None:
        typer.echo(text, nl=False)
        return
    from mobility_advisor.i18n.messages import msg

    if output.is_dir():
        _fail(msg("is_a_folder", lang, path=output, option="-o"), 2)
    if output.exists() and not force:
        _fail(msg("exists_file", lang, path=output), 1)
    _write_file(output, text, lang)
    typer.echo(str(output))


@app.command()
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

    lang = _lang(lang)
    rules = _tree()
    try:
        found = explain_mod.describe(rules, rule_id, lang, _today())
    except explain_mod.UnknownId as exc:
        _fail(str(exc), 2)
    explain_mod.render(found)


class _StatusFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"


@app.command()
def status(
    paths: Optional[list[Path]] = typer.Argument(
        None, help="Packs, cohort folders, or folders holding them (default: the current folder)."),
    fmt: _StatusFormat = typer.Option(
        _StatusFormat.text, "--format", case_sensitive=False,
        help="text (a table on a terminal), json (for scripts) or csv (for a spreadsheet, ';' separated)."),
    ics: Optional[Path] = typer.Option(None, "--ics", help="Also write one calendar (.ics) of every mobility found."),
    xlsx: Optional[Path] = typer.Option(None, "--xlsx", help="Also write the table as a workbook (.xlsx)."),
    on: Optional[str] = typer.Option(
        None, "--on", help="The day to count from, YYYY-MM-DD (default: today): what will be late on a given day, "
                           "or where things stood on one."),
    lang: Optional[str] = LangOpt,
) -> None:
    """Where every mobility stands today: phase, next and overdue actions, documents to sign, results missing.

    Boxes ticked in a pack's checklist.md ([x]) count as done.
    Exit status: 0 every pack read; 1 some folder could not be read (said on stderr; the others are
    shown) or no pack was found; 2 a PATH does not exist, or the calendar cannot be written.
    """
    from mobility_advisor.season import status as status_mod

    lang = _lang(lang)
    paths = paths or [Path(".")]
    for p in paths:
        if not p.exists():
            _fail(status_mod.msg("no_path", lang, path=p), 2)
    today = _today()
    if on is not None:
        from datetime import date

        try:
            today = date.fromisoformat(on.strip())
        except ValueError:
            _fail(status_mod.msg("bad_on", lang, value=on), 2)
    import sys

    unread: list = []
    # mobilities are printed as they are read (a cohort of 10,000 learners in the memory of one),
    # except for a terminal's table, a calendar and a workbook, which need them all
    table = fmt is _StatusFormat.text and sys.stdout.isatty()
    found = status_mod.each(paths, today, lang, unread)
    if table or ics is not None or xlsx is not None:
        found = list(found)
    seen = [0]

    def counted(mobilities):
        for m in mobilities:
            seen[0] += 1
            yield m

    if fmt is _StatusFormat.json:
        status_mod.write_json(counted(found), today, sys.stdout)
    elif fmt is _StatusFormat.csv:
        status_mod.write_csv(counted(found), lang, sys.stdout)
    elif table:
        if found:
            from rich.console import Console

            Console(highlight=False).print(status_mod.rich_table(list(counted(found)), today, lang))
    else:
        status_mod.write_text(counted(found), today, lang, sys.stdout)
    sys.stdout.flush()
    for u in unread:
        typer.echo(f"mobility-advisor: {u.message}", err=True)
    if ics is not None:
        _write_file(ics, status_mod.calendar(found, today, lang), lang, option="--ics")
        typer.echo(status_mod.msg("ics_written", lang, n=len(found), path=ics), err=True)
    if xlsx is not None:
        from mobility_advisor.formats.spreadsheets import SheetError

        try:
            data = status_mod.to_xlsx(found, today, lang)
        except SheetError as exc:
            _fail(exc.message(lang), 2)
        _write_file(xlsx, data, lang, option="--xlsx")
        typer.echo(status_mod.msg("xlsx_written", lang, n=len(found), path=xlsx), err=True)
    if not seen[0] and not unread:
        _fail(status_mod.msg("none_found", lang, paths=", ".join(map(str, paths))), 1)
    raise typer.Exit(1 if unread else 0)


def _moment(iso: Optional[str]) -> str:
    """A signing time as a referent reads it: 2027-02-20 14:05 UTC+01:00 ('' when unknown)."""
    from datetime import datetime

    if not iso:
        return ""
    t = datetime.fromisoformat(iso)
    return f"{t:%Y-%m-%d %H:%M} {t.tzname() or ''}".strip()


@app.command()
def signed(
    pack: Path = typer.Argument(..., metavar="PACK", help="The pack folder (a learner's folder of a cohort too)."),
    document: str = typer.Argument(..., metavar="DOCUMENT", help="The document, as the pack names it (learning_agreement or learning_agreement.pdf)."),
    by: list[str] = typer.Option(..., "--by", help="Who signed: learner, legal_representative, sending_organisation, "
                                 "sending_company, host_partner, host_company, other_host_company, host_tutor, "
                                 "sending_trainer, assessor, jury (one per digital signature, in order)."),
    on: Optional[str] = typer.Option(None, "--on", help="The day it was signed (default: today; never in the future)."),
    file: Optional[Path] = typer.Option(None, "--file", help="The signed scan or PDF, copied into the pack's signed/ folder."),
    refused: Optional[str] = typer.Option(None, "--refused", help="The signatory refused to sign, for this reason."),
    lang: Optional[str] = LangOpt,
) -> None:
    """Record that a signatory signed (or refused to sign) a document of a pack.

    A digitally signed PDF given with --file is read: who signed, when, and whether the document
    changed after signing (the certificate's trust is not checked). `status` then shows it.
    Exit status: 0 recorded; 1 PACK is not a pack (or its record file is unreadable, or another
    command is writing it); 2 bad input (document, role, date, file) or the pack cannot be written.
    """
    from mobility_advisor.season import signatures as sig

    lang = _lang(lang)
    try:
        done = sig.record(pack, document, by, on, file, refused, _today(), lang)
    except sig.SignError as exc:
        _fail(exc.message(lang), exc.code)
    name = sig.msg
    for e in done.entries:
        role = sig.role_label(e["role"], lang)
        if "refused" in e:
            typer.echo(name("recorded_refusal", lang, document=done.document, role=role, day=e["on"],
                            reason=e["refused"]))
        elif done.digital:
            typer.echo(name("recorded_digital", lang, document=done.document, role=role, signer=e["signer"],
                            when=_moment(e.get("at")) or e["signed_on"]))
            if e["changed"]:
                typer.echo(name("changed", lang, signer=e["signer"]), err=True)
        else:
            typer.echo(name("recorded", lang, document=done.document, role=role, day=e["signed_on"]))
    if done.digital:
        typer.echo(name("trust", lang))
    if done.unread_pdf:
        typer.echo(name("no_reader", lang), err=True)
    if done.scan:
        typer.echo(name("scan_kept", lang, path=Path(pack) / done.scan))


@app.command()
def update(
    packs: list[Path] = typer.Argument(..., help="Pack (or cohort) folders to make again with the current rules."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what changed in the advice; write nothing."),
    lang: Optional[str] = LangOpt,
) -> None:
    """Make packs again with the current rules, from the answers they were made from.

    Prints what changed in the advice (added, removed, reworded, by rule id); carries the ticked
    boxes of checklist.md over; keeps your edited files (the new version is written beside) and
    never touches a file you added. A cohort folder: every learner's pack, then its summary.
    Exit status: 0 every pack updated (or unchanged); 1 a folder is not a pack (or its record file
    is unreadable, or it is a cohort written before cohorts could be updated); 2 a pack's answers
    no longer fit the rules, or a folder cannot be written. The other packs are updated all the same.
    """
    from mobility_advisor.pack import packdir
    from mobility_advisor.season import update as update_mod

    lang = _lang(lang)
    tree = _tree()
    today = _today()
    worst = 0
    for folder in packs:
        try:
            plan = update_mod.plan(tree, folder, today, lang)
        except update_mod.Refused as exc:
            typer.echo(f"mobility-advisor: {exc}", err=True)
            worst = max(worst, exc.code)
            continue
        for line in update_mod.describe(plan, lang):
            typer.echo(line)
        if dry_run:
            for line in update_mod.removals(plan, lang):
                typer.echo(line)
            typer.echo(update_mod.msg("dry_run", lang))
            continue
        if plan.formats != ("md",):
            _formats(",".join(plan.formats), plan.lang)  # a converter gone since: said before anything is written
        report = _into_folder(lambda: update_mod.write(plan, today), folder, lang)
        if isinstance(plan, update_mod.CohortPlan):
            from mobility_advisor.season.cohort import SUMMARY_MD

            done = update_mod.msg("cohort_updated", lang, path=folder, n=len(plan.learners),
                                  summary=folder / SUMMARY_MD)
        else:
            done = update_mod.msg("updated", lang, path=folder)
        typer.echo(typer.style("✓ ", fg="green", bold=True) + done)
        for line in packdir.describe(report, lang):
            typer.echo(typer.style("! ", fg="yellow", bold=True) + line)
    raise typer.Exit(worst)


@app.command()
def credential(
    pack: Optional[Path] = typer.Argument(None, help="The mobility's pack folder (with its results recorded)."),
    fmt: str = typer.Option("elm", "--format", help="elm (European Digital Credential, to seal in the EDC issuer) "
                                                    "or ob3 (Open Badge 3.0, signed with --key)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="The file to write (required: it holds "
                                                                       "personal data)."),
    key: Optional[Path] = typer.Option(None, "--key", help="ob3: the organisation's private key (PEM: Ed25519, "
                                                           "P-256 or RSA); --verify: the issuer's public key."),
    verify: Optional[Path] = typer.Option(None, "--verify", help="Check this badge against --key instead."),
    email: Optional[str] = typer.Option(None, "--email", help="ob3: the learner's e-mail, kept only as a salted "
                                                              "hash (else the badge names the learner)."),
    issuer: Optional[str] = typer.Option(None, "--issuer-id", help="ob3: the issuer's id (a URL where you publish "
                                                                   "the JWK set); --verify: the issuer expected."),
    valid_until: Optional[str] = typer.Option(None, "--valid-until", help="ob3: the badge's end date (YYYY-MM-DD)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing file."),
    profile: Optional[Path] = ProfileOpt,
    lang: Optional[str] = LangOpt,
) -> None:
    """The learner's proof: the outcomes achieved as a European Digital Credential or an Open Badge 3.0.

    Built from the pack's recorded results only; written to -o, never sent. Exit status: 0 written
    (or badge valid), 1 nothing to certify, file exists or badge not valid, 2 bad input.
    """
    from mobility_advisor.proof import issue as issue_mod

    lang = _lang(lang)
    try:
        if verify is not None:
            typer.echo(issue_mod.check(verify, key, lang, issuer))
            return
        if pack is None:
            _fail(issue_mod.msg("need_pack", lang), 2)
        prof = _profile(profile, lang)
        typer.echo(issue_mod.issue(pack, fmt, output, key, force, lang, prof.organisation if prof else None,
                                   email, issuer, valid_until))
    except issue_mod.Failed as exc:
        _fail(exc.text, exc.code)


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
