"""`ask`'s interactive session: kept in its own session file until the pack is written, resumed
with --resume."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from mobility_advisor.cli.commands.common import current_day, fail, language
from mobility_advisor.cli.commands.writing import write_answers, write_pack


def pick_session(lang: Optional[str]):
    """`ask --resume`: the only unfinished session, or the one the user chooses; none is exit 2."""
    import sys

    from mobility_advisor.cli import sessions
    from mobility_advisor.i18n.messages import msg

    ui = language(lang)
    waiting = sessions.pending()
    if not waiting:
        fail(msg("no_resume", ui, path=sessions.folder()), 2)
    if len(waiting) == 1:
        return waiting[0]
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        fail(msg("no_tty", ui), 2)
    return _choose_session(waiting, ui)


def session_options(session, output, format, save_answers, host_lang, profile, force):
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


def run_session(tree, asked_lang: Optional[str], lang: str, session, save_answers: Optional[Path],
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

    wizard = Wizard(tree, lang, today=current_day(), profile=prof, outcomes=learning.outcomes if learning else (),
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
            write_answers(save_answers, stop.answers, lang, LearningRecord(tuple(wizard.outcomes)), host)
        quit_ = isinstance(stop, Quit)  # chosen at the summary: exit 0, not an interruption
        typer.echo("\n" + kept_or_shown(stop.answers, "quit_kept" if quit_ else "interrupted"), err=not quit_)
        raise typer.Exit(0 if quit_ else 130)
    keep(given)  # "Write the pack" was chosen: kept until the pack is written
    host = wizard.host_option  # as given, or as answered where the destination does not settle it
    learning = LearningRecord(tuple(wizard.outcomes)) if wizard.outcomes else None  # entered in the wizard
    try:
        if save_answers:
            write_answers(save_answers, given, lang, learning, host)
            typer.echo(msg("saved_answers", lang, path=save_answers))
        write_pack(tree, given, lang, output, force, formats, learning, host, prof)
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
