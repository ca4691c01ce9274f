"""The interactive front end: questionary prompts and rich output over the pure engine.

The wizard only asks and shows; which question comes next, and whether an
answer is acceptable, is the engine's decision (`walk`, `parse_answer`).
"""

from __future__ import annotations

import shutil
from datetime import date
from typing import Any, Callable

import questionary
from questionary import Choice, Separator
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mobility_advisor.cli import lists
from mobility_advisor.cli import wizard_outcomes
from mobility_advisor.engine.engine import START, effective, offered, parse_answer, start_past, walk, wording
from mobility_advisor.i18n.messages import msg
from mobility_advisor.i18n.localize import answer_text
from mobility_advisor.rules.model import Question, Tree
from mobility_advisor.rules.problems import AnswerError

COUNTRY = "destination.country"
BACK = "\x00back"
HELP = "\x00help"
OUTCOMES = "\x00outcomes"
OTHER = "\x00other"

STYLE = questionary.Style([("qmark", "fg:#0a7d3b bold"), ("question", "bold"), ("pointer", "fg:#0a7d3b bold"),
                           ("highlighted", "fg:#0a7d3b bold"), ("selected", "fg:#0a7d3b")])


class Interrupted(Exception):
    """Ctrl-C or end of input: carries the answers given so far."""

    def __init__(self, answers: dict[str, Any]):
        self.answers = answers
        super().__init__("interrupted")


class Quit(Interrupted):
    """"Quit without writing" chosen at the summary: a choice, not an interruption (exit 0)."""


# A single-choice question that names again something typed earlier: the wizard shows
# what was typed above the list, and ticks nothing by itself (no rule matches free text
# to a diploma). The free-text qualification is asked of everyone; the MEN list only on
# that route.
RECALL = {"men.diploma": "learner.qualification"}


def label(q: Question, value: Any, lang: str, answers: dict[str, Any] | None = None) -> str:
    """How an answer reads in the summary (the same words as in the pack)."""
    return answer_text(q, value, lang, answers) or "—"


class Wizard:
    def __init__(self, tree: Tree, lang: str, console: Console | None = None, today: date | None = None,
                 profile: Any = None, outcomes: Any = (), host_option: str | None = None):
        self.answers: dict[str, Any] = {}
        self.host_option = host_option  # --host-lang as given: whether outcomes are asked in the host's language
        self.host_given = host_option is not None  # given: never asked; else asked where the country does not settle it
        self.profile = profile  # an organisation's profile (see profile.py): defaults and known names
        self.outcomes: list[Any] = list(outcomes)  # learning outcomes (wizard_outcomes), kept when going back
        self._outcomes_asked = False
        self.tree = tree
        self.lang = lang
        self.today = today or date.today()
        # user text is printed as Text, never parsed as Rich markup ("[bold]" is what was typed)
        self.console = console or Console(highlight=False)

    def t(self, key: str, **kw: Any) -> str:
        return msg(key, self.lang, **kw)

    def run(self, answers: dict[str, Any] | None = None,
            on_change: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
        """Ask until the walk is done and the user confirms; returns the effective answers.

        `on_change` gets the effective answers after every answer given or taken back: the
        caller saves them, so that nothing typed is lost whatever happens next.
        """
        answers = dict(answers or {})
        saved = on_change or (lambda _: None)
        self.answers = answers  # read by date validation (not_before)
        remembered: dict[str, Any] = dict(answers)  # earlier answers, offered again as defaults
        self.console.print(Panel(Text(self.t("welcome")), title=Text(self.t("welcome_title")), expand=False))
        try:
            while True:
                w = walk(self.tree, answers)
                if w.next is None:
                    if wizard_outcomes.wanted(answers) and not self._outcomes_asked:
                        went_back = self._edit_outcomes(answers) is wizard_outcomes.BACK
                        if went_back:
                            prev = w.asked[-1]
                            remembered[prev.id] = answers.pop(prev.id)
                        saved(effective(self.tree, answers))
                        if went_back:
                            continue
                    choice = self._confirm(answers)
                    if choice == "write":
                        return effective(self.tree, answers)
                    if choice == "quit":
                        raise Quit(answers)
                    if choice == OUTCOMES:
                        self._edit_outcomes(answers)
                        saved(effective(self.tree, answers))  # the outcomes are saved with the answers
                        continue
                    q = choice
                    remembered[q.id] = answers.pop(q.id)
                    saved(effective(self.tree, answers))
                    continue
                q = w.next
                default = remembered.get(q.id, q.default)
                if q.id not in remembered and self.profile is not None:
                    default = self.profile.prefill(answers).get(q.id, default)
                    if q.kind == "single" and default is not None:  # a profile may name a choice by its label
                        try:
                            default = parse_answer(q, default, answers)
                        except AnswerError:
                            pass
                value = self._ask(q, default, first=not w.asked)
                if value is BACK:
                    prev = w.asked[-1]
                    remembered[prev.id] = answers.pop(prev.id)
                    saved(effective(self.tree, answers))
                    continue
                answers[q.id] = value
                remembered[q.id] = value
                if q.id == COUNTRY and not self.host_given:
                    self.host_option = self._host_language(value)
                saved(effective(self.tree, answers))
                if q.id == START and (past := start_past(answers, self.today)):
                    self.console.print(Text("! " + self.t("start_past", value=past.isoformat()), style="yellow"))
        except (KeyboardInterrupt, EOFError):
            raise Interrupted(effective(self.tree, answers)) from None

    def _host_language(self, country: Any) -> str | None:
        """The host's language, asked where the destination does not settle it (Canada, Belgium,
        Switzerland, Luxembourg), the likely one first; None elsewhere (the country's default)."""
        from mobility_advisor.engine.bilingual import host_language_choices

        offered_langs = host_language_choices(country if isinstance(country, str) else None)
        if not offered_langs:
            return None
        options = [Choice(wizard_outcomes.msg(f"lang_{code}", self.lang), value=code) for code in offered_langs]
        return self._select(self.t("host_lang_question"), options, options[0])

    # -- one question -------------------------------------------------------------------
    def _ask(self, q: Question, default: Any, first: bool) -> Any:
        while True:
            value = self._prompt(q, default, first)
            if value is HELP:
                self._help(q)
                continue
            return value

    def _help(self, q: Question) -> None:
        help_ = wording(q, self.answers)[1]
        text = help_(self.lang) if help_ else self.t("no_help")
        if q.kind == "date":
            text += "\n" + self.t("date_help")
        self.console.print(Panel(Text(text), title="?", border_style="cyan", expand=False))

    def _nav(self, first: bool) -> list[Any]:
        nav: list[Any] = [Separator()]
        if not first:
            nav.append(Choice(self.t("back"), value=BACK))
        nav.append(Choice(self.t("help"), value=HELP))
        return nav

    def _prompt(self, q: Question, default: Any, first: bool) -> Any:
        text = wording(q, self.answers)[0](self.lang)
        if q.kind in ("single", "yesno"):
            if q.kind == "yesno":
                options = [Choice(self.t("yes"), value=True), Choice(self.t("no"), value=False)]
            else:
                options = [Choice(c.label(self.lang), value=c.value) for c in offered(q, self.answers)]
                if q.id == COUNTRY:
                    options = by_name(options, self.lang)
            values = [o.value for o in options]
            earlier = self.answers.get(RECALL.get(q.id, ""))
            if earlier:
                self.console.print(Text(self.t("typed_before", value=earlier), style="dim"))
            return self._select(text, options + self._nav(first),
                                next((o for o in options if o.value == default), None) if default in values else None)
        if q.kind == "multiple":
            chosen = set(default or ())
            options = [Choice(c.label(self.lang), value=c.value, checked=c.value in chosen)
                       for c in offered(q, self.answers)]

            def check(selected: list[Any]) -> bool | str:
                return True if selected else self.t("pick_one")

            def done(ticked: list[Choice]) -> str:
                return self.t("done_selected", n=len(ticked), labels=", ".join(str(c.title) for c in ticked))

            picked = lists.checkbox(
                text,
                options + self._nav(first),
                instruction=self.t("checkbox_hint_filter"),
                nav=(BACK, HELP),
                validate=check,
                done=done,
                style=STYLE,
            ).unsafe_ask()
            if BACK in picked:
                return BACK
            if HELP in picked:
                return HELP
            return parse_answer(q, picked, self.answers)
        known = self.answers
        names = self.profile.choices(q.id, known) if self.profile is not None and q.kind == "text" else []
        if names:  # the profile's partners, companies or tutors: choose one, or type a new one
            from mobility_advisor.inputs.profile import msg as profile_msg

            options = [Choice(n, value=n) for n in names]
            options.append(Choice(profile_msg("other_choice", self.lang), value=OTHER))
            picked = self._select(text, options + self._nav(first),
                                  next((o for o in options if o.value == default), None))
            if picked != OTHER:
                return picked if picked in (BACK, HELP) else parse_answer(q, picked, known)
            default = default if default not in names else ""
        # text and date: typed, checked by the engine where they are typed
        shown = default.isoformat() if isinstance(default, date) else (str(default) if default else "")

        def valid(raw: str) -> bool | str:
            if raw.strip() in ("<", "?") and (raw.strip() == "?" or not first):
                return True
            try:
                parse_answer(q, raw, known)
                return True
            except AnswerError as exc:
                return exc.text(self.lang)

        raw = questionary.text(
            f"{text} {self.t('date_hint' if q.kind == 'date' else 'text_hint')}",
            default=shown,
            validate=valid,
            style=STYLE,
        ).unsafe_ask()
        if raw.strip() == "<":
            return BACK
        if raw.strip() == "?":
            return HELP
        return parse_answer(q, raw, known)

    def _edit_outcomes(self, answers: dict[str, Any]) -> Any:
        """The repeatable entry of learning outcomes (wizard_outcomes); BACK when the user went back."""
        editor = wizard_outcomes.OutcomesEditor(self.lang, answers, STYLE, self.console, self.host_option)
        try:
            got = editor.run(self.outcomes)
        finally:
            self.outcomes = editor.outcomes  # kept when going back, and saved on Ctrl-C
        if got == wizard_outcomes.BACK:
            return wizard_outcomes.BACK
        self._outcomes_asked = True
        return None

    # -- the summary ----------------------------------------------------------------------
    def _confirm(self, answers: dict[str, Any]) -> Any:
        asked = walk(self.tree, answers).asked
        table = Table(title=self.t("summary_title"), show_lines=False)
        table.add_column(self.t("question"), style="bold", overflow="fold")
        table.add_column(self.t("answer"), overflow="fold")
        for q in asked:  # Text: an answer such as "Schulz [frankfurt]" is printed as typed
            table.add_row(Text(wording(q, answers)[0](self.lang)), Text(label(q, answers[q.id], self.lang, answers)))
        self.console.print(table)
        uses_outcomes = wizard_outcomes.wanted(answers)
        if uses_outcomes and self.outcomes:
            self.console.print(wizard_outcomes.table(self.outcomes, self.lang))
        action = self._select(self.t("confirm"), [
            Choice(self.t("write"), value="write"), Choice(self.t("change"), value="change"),
            Choice(self.t("quit"), value="quit")])
        if action != "change":
            return action
        width = shutil.get_terminal_size((80, 24)).columns - 6  # the pointer and its margins
        return self._select(self.t("which"), [
            Choice(fit(wording(q, answers)[0](self.lang), label(q, answers[q.id], self.lang, answers), width), value=q)
            for q in asked] + ([Choice(wizard_outcomes.msg("summary_entry", self.lang, n=len(self.outcomes)),
                                       value=OUTCOMES)] if uses_outcomes else []))

    def _select(self, message: str, choices: list[Any], default: Any = None) -> Any:
        """A single-choice list that filters as one types and ends on Ctrl-D as on Ctrl-C."""
        return lists.with_end_of_input(questionary.select(
            message,
            choices=choices,
            default=default,
            use_search_filter=True,
            use_jk_keys=False,
            instruction=self.t("select_hint"),
            style=STYLE,
        )).unsafe_ask()


def by_name(options: list[Any], lang: str) -> list[Any]:
    """The countries in the alphabetical order of the names shown in `lang` (the rule file lists
    them in French order: "Xipre" would come under C in Catalan); "other" stays last."""
    from mobility_advisor.i18n.localize import sort_key

    last = [o for o in options if o.value == "other"]
    return sorted((o for o in options if o.value != "other"), key=lambda o: sort_key(str(o.title), lang)) + last


def fit(question: str, answer: str, width: int) -> str:
    """"question — answer" on one line of `width` columns: the question is shortened first
    (with an ellipsis) and keeps at least a few words; the answer is shortened only when
    it cannot fit beside them."""
    sep = " — "
    if len(question) + len(sep) + len(answer) <= width:
        return question + sep + answer
    room = max(width, 30) - len(sep)
    least = min(len(question), 14)  # enough to recognise the question
    if len(answer) > room - least:
        answer = answer[: room - least - 1] + "…"
    q_room = room - len(answer)
    if len(question) > q_room:
        question = question[: q_room - 1].rstrip() + "…"
    return question + sep + answer
