"""What a command is given: an answers file completed by the profile, its learning record,
an outcomes file alone."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from mobility_advisor.cli.commands.common import fail, current_day, language


def with_profile(tree, raw: dict, prof) -> dict:
    """The answers given, completed by what the profile knows (the answers given win)."""
    if prof is None:
        return raw
    return {**{k: v for k, v in prof.prefill(raw).items() if k in tree.questions}, **raw}


def read_answers_file(tree, path: Path, lang: Optional[str], prof=None,
                  outcomes: Optional[Path] = None) -> tuple[str, dict, object, Optional[str]]:
    """The pack's language (--lang, else the file's, else the profile's, else the locale's), the
    file's checked answers, completed by the profile, its learning record (learning outcomes
    from the file or from --outcomes, and results) and its `host_lang:` (None if not written)."""
    from mobility_advisor.inputs import answers as answers_mod
    from mobility_advisor.rules.problems import InputError

    try:
        af = answers_mod.load(path)
    except InputError as exc:
        fail(str(exc), 2)
    lang = language(lang or af.lang or (prof.lang if prof else None))
    try:
        given = answers_mod.resolve(tree, with_profile(tree, af.answers, prof), source=str(path), lang=lang)
        learning = learning_record(af.outcomes, af.results, given, str(path), lang, outcomes)
    except InputError as exc:
        fail(str(exc), 2)
    warn_start_past(given, lang)
    return lang, given, learning, af.host_lang


def warn_start_past(given: dict, lang: str) -> None:
    """A start date already past is allowed (a pack written afterwards) but said."""
    from mobility_advisor.engine.engine import start_past
    from mobility_advisor.i18n.messages import msg

    past = start_past(given, current_day())
    if past is not None:
        typer.echo(typer.style("! ", fg="yellow", bold=True) + msg("start_past", lang, value=past.isoformat()),
                   err=True)


def learning_record(raw_outcomes, raw_results, given: dict, source: str, lang: str, outcomes: Optional[Path]):
    """The learning record (learning_io.record); None when there is nothing to read."""
    if raw_outcomes is None and raw_results is None and outcomes is None:
        return None
    from mobility_advisor.inputs.learning_io import record

    return record(raw_outcomes, raw_results, given, source, lang, outcomes)


def outcomes_only(path: Optional[Path], lang: str):
    """The learning record of an outcomes file alone (ask without --answers, checklist --route)."""
    if path is None:
        return None
    from mobility_advisor.engine.learning import LearningRecord
    from mobility_advisor.inputs.learning_io import read_outcomes_file
    from mobility_advisor.rules.problems import InputError

    try:
        return LearningRecord(read_outcomes_file(path, lang))
    except InputError as exc:
        fail(str(exc), 2)
