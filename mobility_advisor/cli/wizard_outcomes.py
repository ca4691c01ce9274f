"""The wizard's repeatable entry of learning outcomes: add, edit, remove, move up; shown in the summary.

Asked once the questions are answered, when a chosen goal uses learning outcomes (documenting,
assessing or certifying them). The fields are checked where they are typed by `learning.clean_field`,
the same check as for answers and outcomes files.
"""

from __future__ import annotations

from typing import Any, Mapping

import questionary
from questionary import Choice, Separator
from rich.console import Console
from rich.table import Table
from rich.text import Text

from mobility_advisor.i18n.catalogues import NP_, N_, messages
from mobility_advisor.i18n.messages import msg as i18n_msg
from mobility_advisor.engine.learning import COMPETENCE_TYPES, FIELD_NAMES, TRANSLATABLE, LearningError, LearningOutcome, clean_field
from mobility_advisor.engine.learning_view import TYPE_WORDS

USES = ("learning_outcomes", "integration", "certification")  # the goals whose documents list outcomes
BACK = "\x00back"

MESSAGES = {
    "title": N_("Intended learning outcomes"),
    "menu": NP_("Learning outcomes the mobility aims at ({n} entered): what would you like to do?",
                "Learning outcomes the mobility aims at ({n} entered): what would you like to do?"),
    "none_yet": N_("No outcome entered: the documents keep blank rows to fill in."),
    "add": N_("Add an outcome"),
    "edit": N_("Edit an outcome"),
    "remove": N_("Remove an outcome"),
    "up": N_("Move an outcome up one place"),
    "done": N_("Done: continue"),
    "back": N_("← Back"),
    "help": N_("? Help"),
    "which": N_("Which outcome?"),
    "help_text": N_("A learning outcome says what the learner will be able to do on return. Take it from the "
                    "qualification standard, agree on it with the host partner, and word it precisely (it can "
                    "be observed), measurably and realistically for the length of the stay and the host "
                    "company. For each, note the tasks given on site and how it will be assessed: they fill "
                    "the learning agreement, the assessment grid and the documents of your route."),
    "f_text": N_("Intended outcome: what the learner will be able to do (required)"),
    "f_activities": N_("Activities and tasks in the host company (blank: to complete later)"),
    "f_assessment": N_("How it will be assessed (blank: to complete later)"),
    "f_reference": N_("Reference in the qualification standard: competence code or unit (optional)"),
    "f_criteria": N_("Assessment criteria (optional)"),
    "f_mp": N_("qBID: professional module (MP)"),
    "f_uf": N_("qBID: training unit (UF)"),
    "f_aa": N_("qBID: learning outcome (AA)"),
    "f_competence_type": N_("BTM: type of competence"),
    "empty_text": N_("describe the outcome (or type < to go back)"),
    "text_hint": N_("(< back)"),
    "col_n": N_("No."),
    "col_outcome": N_("Outcome"),
    "col_ref": N_("Reference"),
    "col_activities": N_("Activities"),
    "col_assessment": N_("Assessment"),
    # after an outcome, its sentences again in the host's language (only when the pack has one)
    "f_host": N_("{field} in the host's language ({language}): optional, Enter to skip"),
    "h_text": N_("Intended outcome"),
    "h_activities": N_("Activities and tasks"),
    "h_assessment": N_("How it will be assessed"),
    "h_criteria": N_("Assessment criteria"),
    "lang_fr": N_("French"),
    "lang_en": N_("English"),
    "lang_es": N_("Spanish"),
    "lang_ca": N_("Catalan"),
    "lang_de": N_("German"),
    "summary_entry": NP_("Intended learning outcomes — {n} entered",
                         "Intended learning outcomes — {n} entered"),
}
msg = messages(MESSAGES)


def wanted(answers: Mapping[str, Any]) -> bool:
    """Whether a chosen goal uses learning outcomes."""
    return any(g in USES for g in answers.get("goals") or ())


def fields_for(answers: Mapping[str, Any]) -> list[str]:
    """The fields asked for one outcome, given the route chosen."""
    out = ["text", "activities", "assessment", "reference"]
    certifier = answers.get("certification.certifier") if "certification" in (answers.get("goals") or ()) else None
    if certifier == "qbid":
        out += ["criteria", "mp", "uf", "aa"]
    elif certifier == "cma_btm":
        out += ["competence_type"]
    return out


def table(outcomes: list[LearningOutcome], lang: str) -> Table:
    t = Table(title=msg("title", lang), show_lines=False)
    for key in ("col_n", "col_outcome", "col_ref", "col_activities", "col_assessment"):
        t.add_column(msg(key, lang), overflow="fold")
    for i, o in enumerate(outcomes, 1):  # Text: "[bold]" in an outcome is printed as typed, not as markup
        t.add_row(*(Text(v) for v in (str(i), o.text_in(lang), o.reference or "—", o.activities or "—", o.assessment or "—")))
    return t


class OutcomesEditor:
    """The repeatable entry. `run` returns the list, or BACK to go to the previous question."""

    def __init__(self, lang: str, answers: Mapping[str, Any], style: Any, console: Console | None = None,
                 host_option: str | None = None):
        self.lang = lang
        self.host_option = host_option  # --host-lang as given (None: from the destination)
        self.answers = answers
        self.style = style
        self.console = console or Console(highlight=False)

    def t(self, key: str, **kw: Any) -> str:
        return msg(key, self.lang, **kw)

    def _select(self, text: str, choices: list[Any], default: Any = None) -> Any:
        from mobility_advisor.cli import lists

        return lists.with_end_of_input(questionary.select(  # Ctrl-D ends the input, as in the wizard's lists
            text, choices=choices, default=default, use_search_filter=True, use_jk_keys=False,
            instruction=i18n_msg("select_hint", self.lang), style=self.style)).unsafe_ask()

    def run(self, outcomes: list[LearningOutcome]) -> list[LearningOutcome] | str:
        """The outcomes when the user is done, or BACK; either way `self.outcomes` holds what was
        entered, so that going back keeps it."""
        outcomes = self.outcomes = list(outcomes)
        while True:
            if outcomes:
                self.console.print(table(outcomes, self.lang))
            else:
                self.console.print(self.t("none_yet"))
            choices: list[Any] = [Choice(self.t("add"), value="add")]
            if outcomes:
                choices.append(Choice(self.t("edit"), value="edit"))
                choices.append(Choice(self.t("remove"), value="remove"))
            if len(outcomes) > 1:
                choices.append(Choice(self.t("up"), value="up"))
            choices += [Choice(self.t("done"), value="done"), Separator(), Choice(self.t("back"), value=BACK),
                        Choice(self.t("help"), value="help")]
            action = self._select(self.t("menu", n=len(outcomes)), choices)
            if action == "done":
                return outcomes
            if action == BACK:
                return BACK
            if action == "help":
                from rich.panel import Panel

                self.console.print(Panel(self.t("help_text"), title="?", border_style="cyan", expand=False))
            elif action == "add":
                new = self._entry(None, len(outcomes) + 1)
                if new is not None:
                    outcomes.append(new)
            else:
                i = self._which(outcomes, skip_first=action == "up")
                if i is None:
                    continue
                if action == "edit":
                    new = self._entry(outcomes[i], i + 1)
                    if new is not None:
                        outcomes[i] = new
                elif action == "remove":
                    del outcomes[i]
                else:
                    outcomes[i - 1], outcomes[i] = outcomes[i], outcomes[i - 1]

    def _which(self, outcomes: list[LearningOutcome], skip_first: bool = False) -> int | None:
        choices = [Choice(f"{i + 1}. {o.text_in(self.lang)}"[:150], value=i) for i, o in enumerate(outcomes)
                   if not (skip_first and i == 0)]
        choices += [Separator(), Choice(self.t("back"), value=BACK)]
        picked = self._select(self.t("which"), choices)
        return None if picked == BACK else picked

    def host_lang(self) -> str | None:
        """The host's language when the pack has one other than its own (as `render.host_language`)."""
        from mobility_advisor.engine.bilingual import host_language
        from mobility_advisor.rules.model import LANGS

        return host_language(self.host_option, self.answers.get("destination.country"), self.lang, LANGS)

    def _entry(self, current: LearningOutcome | None, n: int) -> LearningOutcome | None:
        """One outcome's fields, asked in turn (defaults: the current values), then, when the pack
        has a host language, the sentences again in that language (optional); None: went back."""
        asked = fields_for(self.answers)
        values: dict[str, str] = {}
        if current is not None:
            values = {k: current.in_lang(k, self.lang) or getattr(current, k) for k in FIELD_NAMES if getattr(current, k)}
        for key in asked:
            if key == "competence_type":
                options = [Choice(TYPE_WORDS[c][self.lang], value=c) for c in COMPETENCE_TYPES]
                default = next((o for o in options if o.value == values.get(key)), None)
                values[key] = self._select(self.t("f_competence_type"), options, default)
                continue
            raw = self._text(key, values.get(key, ""), n)
            if raw is None:
                return None
            values[key] = raw
        host = self.host_lang()
        # the versions in other languages are kept; what was typed here is the pack's language
        kept = [v for v in (current.versions if current else ()) if v[1] != self.lang and v[0] in values]
        for key in (k for k in asked if k in TRANSLATABLE and values.get(k)) if host else ():
            prompt = self.t("f_host", field=self.t("h_" + key), language=self.t("lang_" + host))
            before = current.in_lang(key, host) if current else None
            raw = self._text(key, before or "", n, prompt)
            if raw is None:
                return None
            kept = [v for v in kept if not (v[0] == key and v[1] == host)] + ([(key, host, raw)] if raw else [])
        return LearningOutcome(**{k: v for k, v in values.items() if v}, versions=tuple(kept))

    def _text(self, key: str, default: str, n: int, prompt: str | None = None) -> str | None:
        def valid(raw: str) -> bool | str:
            if raw.strip() == "<":
                return True
            if key == "text" and not raw.strip() and prompt is None:
                return self.t("empty_text")
            try:
                clean_field(key, raw, n, None)
                return True
            except LearningError as exc:
                return exc.message(self.lang)

        raw = questionary.text(f"{prompt or self.t('f_' + key)} {self.t('text_hint')}", default=default, validate=valid,
                               style=self.style).unsafe_ask()
        if raw.strip() == "<":
            return None
        return clean_field(key, raw, n, None)
