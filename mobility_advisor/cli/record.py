"""`mobility-advisor record ANSWERS`: after the mobility, ask the results questions of the routes
chosen in that answers file, and write the answers into its `results:` section.

Only the results section of the file changes: the rest (answers, outcomes, comments) is kept
byte for byte, and the file is replaced atomically. The results are checked by `learning.py`
before anything is written; Ctrl-C writes nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Callable, Mapping

from mobility_advisor.i18n.catalogues import N_, messages
from mobility_advisor.i18n.messages import msg as i18n_msg
from mobility_advisor.engine.learning import LearningOutcome
from mobility_advisor.engine.learning_view import STATUS_WORDS
from mobility_advisor.engine.results import Results, result_keys

MESSAGES = {
    "title": N_("Results of the mobility: {name}"),
    "intro": N_("Enter the results you know; leave blank or choose \"Not known yet\" for the rest. Only the "
                "'results:' part of {file} will change."),
    "assessed_on": N_("Date of the assessment (YYYY-MM-DD, blank if not done yet)"),
    "outcome": N_("Outcome {n}: {text}"),
    "unknown": N_("Not known yet"),
    "men.mark": N_("Mark for the optional mobility unit, out of 20 (blank if not known yet)"),
    "men.exam_date": N_("Date of the qualification exam (YYYY-MM-DD, blank if not known)"),
    "diploma_passed": N_("Was the qualification passed?"),
    "btm.passed": N_("Was the BTM passed?"),
    "btm.points": N_("Extra points awarded for the mobility (0 to 3, blank if not known yet)"),
    "qbid.validated": N_("Has the Catalan school tutor validated the assessment in qBID?"),
    "yes": N_("Yes"),
    "no": N_("No"),
    "not_a_number": N_("expected a number"),
    # a refused number, said under its question: in its words, not the answers file's key
    "points_refused": N_("Extra points: {value} is not possible; 0, 1, 2 or 3 at most"),
    "mark_refused": N_("Mark for the mobility unit: {value} is not possible; a mark out of 20, between 0 and 20"),
    "nothing_to_ask": N_("{file}: no results to record for these routes (no outcomes listed, no certification "
                         "route)."),
    "written": N_("Results written to {file}. Make the pack again: mobility-advisor render --answers {file} "
                  "--force -o FOLDER"),
    "interrupted": N_("Interrupted: {file} was not changed."),
}
msg = messages(MESSAGES)
UNKNOWN = "unknown"


def questions(answers: Mapping[str, Any], outcomes: tuple[LearningOutcome, ...]) -> list[str]:
    """The results questions of the routes chosen, in the order they are asked (pure): learning.py
    knows which results each route calls for."""
    return result_keys(answers, outcomes)


def replace_results(text: str, results_yaml: str, results_line: int | None, next_line: int | None) -> str:
    """The file's text with its top-level `results:` block (lines results_line..next_line-1, 1-based)
    replaced by `results_yaml`, or `results_yaml` appended when there was none. Everything else kept."""
    lines = text.splitlines(keepends=True)
    if results_line is None:
        sep = "" if not text or text.endswith("\n") else "\n"
        return text + sep + results_yaml
    start = results_line - 1
    end = (next_line - 1) if next_line else len(lines)
    while end > start + 1 and lines[end - 1].lstrip().startswith("#"):  # a comment heading the next key stays
        end -= 1
    return "".join(lines[:start]) + results_yaml + "".join(lines[end:])


def results_block(results: Results, outcomes: tuple[LearningOutcome, ...]) -> str:
    import yaml

    plain = results.as_dict(outcomes)
    if not plain:
        return "results: {}\n"
    return yaml.safe_dump({"results": plain}, allow_unicode=True, sort_keys=False, width=100)


def write_results(path: Path, results: Results, outcomes: tuple[LearningOutcome, ...],
                  check: Callable[[Any, Any], None]) -> None:
    """Put `results` into the answers file at `path`, checked (`check(raw_outcomes, raw_results)` on the
    file as it will be) before the file is atomically replaced."""
    from mobility_advisor.core.fsutil import atomic_write
    from mobility_advisor.rules.yamlsafe import parse, read_text

    name = str(path)
    text = read_text(path, name)
    data = parse(text, name)
    line = data.key_at["results"].line if "results" in data else None
    after = sorted(at.line for k, at in data.key_at.items() if line is not None and at.line > line)
    new = replace_results(text, results_block(results, outcomes), line, after[0] if after else None)
    again = parse(new, name)
    check(again.get("outcomes"), again.get("results"))
    # an answers file that is a link (kept in a synced folder, say) is written where it points: the
    # link stays a link, and the file the user meant gets the results
    import os

    atomic_write(Path(os.path.realpath(path)), new)


def ask(answers: Mapping[str, Any], outcomes: tuple[LearningOutcome, ...], previous: Results | None,
        lang: str, file: str) -> Results:
    """The results, asked in the terminal (questionary); KeyboardInterrupt / EOFError go up."""
    import questionary
    from questionary import Choice
    from rich.console import Console
    from rich.panel import Panel

    from mobility_advisor.cli import lists
    from mobility_advisor.engine.dates import parse_date
    from mobility_advisor.rules.problems import AnswerError
    from mobility_advisor.cli.wizard import STYLE

    t = lambda key, **kw: msg(key, lang, **kw)  # noqa: E731
    prev = previous or Results()
    from rich.text import Text

    # Text: a name or file name such as "[bold]" is printed as typed, never as markup
    Console(highlight=False).print(Panel(Text(t("intro", file=file)),
                                         title=Text(t("title", name=answers.get("learner.name", ""))), expand=False))
    values: dict[str, Any] = {"outcomes": dict(prev.outcomes)}

    def date_q(key: str, default: date | None) -> date | None:
        def valid(raw: str) -> bool | str:
            if not raw.strip():
                return True
            try:
                parse_date(raw)
                return True
            except AnswerError as exc:
                return exc.text(lang)

        raw = questionary.text(t(key), default=default.isoformat() if default else "", validate=valid,
                               style=STYLE).unsafe_ask()
        return parse_date(raw) if raw.strip() else None

    def number_q(key: str, default: Any, low: float, high: float, whole: bool) -> float | None:
        def valid(raw: str) -> bool | str:
            if not raw.strip():
                return True
            try:
                n = float(raw.strip().replace(",", "."))
            except ValueError:
                return t("not_a_number")
            if not low <= n <= high or (whole and not n.is_integer()):
                return t("points_refused" if whole else "mark_refused", value=raw.strip())
            return True

        shown = "" if default is None else (f"{default:g}" if isinstance(default, float) else str(default))
        raw = questionary.text(t(key), default=shown, validate=valid, style=STYLE).unsafe_ask()
        if not raw.strip():
            return None
        n = float(raw.strip().replace(",", "."))
        return int(n) if whole else n

    def yesno_q(key: str, default: bool | None) -> bool | None:
        # questionary replaces a None value by the label: "unknown" stands for None
        options = [Choice(t("yes"), value="yes"), Choice(t("no"), value="no"), Choice(t("unknown"), value=UNKNOWN)]
        current = {True: "yes", False: "no", None: UNKNOWN}[default]
        picked = lists.with_end_of_input(questionary.select(
            t(key), choices=options, default=next(o for o in options if o.value == current),
            use_search_filter=True, use_jk_keys=False, instruction=i18n_msg("select_hint", lang),
                style=STYLE)).unsafe_ask()
        return {"yes": True, "no": False}.get(picked)

    for q in questions(answers, outcomes):
        if q == "assessed_on":
            values["assessed_on"] = date_q(q, prev.assessed_on)
        elif q.startswith("outcome:"):
            i = int(q.split(":")[1])
            o = outcomes[i]
            label = (f"{o.reference} – " if o.reference else "") + o.text_in(lang)
            options = [Choice(STATUS_WORDS[s][lang], value=s) for s in ("achieved", "partial", "not_achieved")]
            options.append(Choice(t("unknown"), value=UNKNOWN))
            current = values["outcomes"].get(i, UNKNOWN)
            picked = lists.with_end_of_input(questionary.select(
                t("outcome", n=i + 1, text=label), choices=options,
                default=next(x for x in options if x.value == current),
                use_search_filter=True, use_jk_keys=False, instruction=i18n_msg("select_hint", lang),
                style=STYLE)).unsafe_ask()
            if picked == UNKNOWN:
                values["outcomes"].pop(i, None)
            else:
                values["outcomes"][i] = picked
        elif q == "men.mark":
            values[q] = number_q(q, prev.men_mark, 0, 20, whole=False)
        elif q == "men.exam_date":
            values[q] = date_q(q, prev.men_exam_date)
        elif q == "diploma_passed":
            values[q] = yesno_q(q, prev.diploma_passed)
        elif q == "btm.passed":
            values[q] = yesno_q(q, prev.btm_passed)
        elif q == "btm.points":
            if values.get("btm.passed") is False:
                values[q] = None  # points only count when the BTM is passed: not asked
            else:
                values[q] = number_q(q, prev.btm_points, 0, 3, whole=True)
        elif q == "qbid.validated":
            values[q] = yesno_q(q, prev.qbid_validated)
    return Results(assessed_on=values.get("assessed_on"), outcomes=values["outcomes"],
                   diploma_passed=values.get("diploma_passed"), men_mark=values.get("men.mark"),
                   men_exam_date=values.get("men.exam_date"), btm_points=values.get("btm.points"),
                   btm_passed=values.get("btm.passed"), qbid_validated=values.get("qbid.validated"))
