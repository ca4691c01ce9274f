"""The wizard's list prompts: questionary's controls with the keys a referent expects.

questionary's own checkbox ticks with the space bar even while a filter is being
typed (so "Pays Bas" cannot be typed), ignores Enter on "← Back" / "? Help" unless
they were ticked first, ignores Ctrl-D and prints "done (2 selections)" in English.
Here, built from the same pieces (InquirerControl, its layout):

- typing filters the list; a space is part of the filter once a filter is being typed,
  and ticks the highlighted item otherwise; Tab ticks the highlighted item at any time
  (and clears the filter, ready for the next word);
- Enter on a navigation entry (back, help) chooses it; elsewhere it confirms the ticks;
- text that matches nothing leaves nothing to tick (questionary then shows the whole list, and
  Tab would tick its first item: a goal the referent never typed);
- "← Back" and "? Help" are drawn without a tick box: they are chosen, not ticked;
- the hint goes under the question, broken between words, when the line is too short for both
  (the terminal would break it mid-word);
- Ctrl-C is an interruption (KeyboardInterrupt) and Ctrl-D the end of input (EOFError),
  as in the text prompts;
- the answered line says what was chosen, in the run's language (`done`).
"""

from __future__ import annotations

import textwrap
from typing import Any, Callable, Sequence

from prompt_toolkit.application import Application
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from prompt_toolkit.keys import Keys
from questionary import Choice, Separator
from questionary.prompts import common
from questionary.prompts.common import InquirerControl
from questionary.question import Question
from questionary.constants import INDICATOR_UNSELECTED
from questionary.styles import merge_styles_default
from prompt_toolkit.styles import Style


def fit_instruction(head: str, hint: str, width: int) -> list[str]:
    """The hint's lines: on the question's line when both fit in `width` columns, else on lines of
    their own, broken between words."""
    if len(head) + len(hint) <= width:
        return [hint]
    return textwrap.wrap(hint, max(width - 1, 20), break_long_words=False, break_on_hyphens=False)


class _Ticks(InquirerControl):
    """The list, with no tick box before the navigation entries."""

    def __init__(self, choices: list[Any], nav: Sequence[Any]):
        self.nav = tuple(nav)
        super().__init__(choices, None, pointer="»")

    def matches(self) -> bool:
        """Whether the filter typed matches an entry (questionary shows them all when none does)."""
        if not self.search_filter:
            return True
        typed = self.search_filter.lower()
        return any(typed in str(c.title).lower() for c in self.choices if not isinstance(c, Separator))

    def _get_choice_tokens(self):  # type: ignore[no-untyped-def]
        tokens = super()._get_choice_tokens()
        shown = self.filtered_choices
        out, line = [], 0
        box = INDICATOR_UNSELECTED + " "
        for token in tokens:
            choice = shown[line] if line < len(shown) else None
            if (token[1] == box and choice is not None and not isinstance(choice, Separator)
                    and choice.value in self.nav):
                token = (token[0], "")
            out.append(token)
            if token[0] == "" and token[1] == "\n":
                line += 1
        return out


def _eof(event: Any) -> None:
    event.app.exit(exception=EOFError, style="class:aborting")


def end_of_input_keys() -> KeyBindings:
    """Ctrl-D ends the input in a list as it does in a text field."""
    kb = KeyBindings()
    kb.add(Keys.ControlD, eager=True)(_eof)
    return kb


def with_end_of_input(question: Question) -> Question:
    """questionary's select, which also ends on Ctrl-D and filters on accented letters.

    Its own filter takes ASCII only: "Éducation" could not be typed.
    """
    app = question.application
    kb = end_of_input_keys()
    ic = next((w.content for w in app.layout.find_all_windows() if isinstance(w.content, InquirerControl)), None)
    if ic is not None and ic.search_filter is None:

        @kb.add(Keys.Any)
        def _type(event: Any) -> None:
            ch = event.data
            if len(ch) == 1 and not ch.isascii() and ch.isprintable():
                ic.add_search_character(ch)  # type: ignore[arg-type]

    app.key_bindings = merge_key_bindings([app.key_bindings, kb])
    return question


def checkbox(message: str, choices: Sequence[Any], *, instruction: str, nav: Sequence[Any],
             validate: Callable[[list[Any]], bool | str], done: Callable[[list[Choice]], str],
             style: Style | None = None, qmark: str = "?") -> Question:
    """A multiple-choice list; `nav` are the values (back, help) that Enter chooses directly.

    Returns a Question whose answer is the list of ticked values, or `[nav value]`.
    """
    ic = _Ticks(list(choices), nav)
    nav_chosen: list[Choice] = []  # "← Back" or "? Help", when Enter chose it

    def prompt_tokens() -> list[tuple[str, str]]:
        tokens = [("class:qmark", qmark), ("class:question", f" {message} ")]
        if ic.is_answered:
            tokens.append(("class:answer", str(nav_chosen[0].title) if nav_chosen else done(ic.get_selected_values())))
        else:
            from prompt_toolkit.application.current import get_app

            head, columns = f"{qmark} {message} ", get_app().output.get_size().columns
            lines = fit_instruction(head, instruction, columns)
            if len(head) + len(instruction) > columns:  # the hint on lines of its own
                tokens.append(("", "\n"))
            tokens.append(("class:instruction", "\n".join(lines)))
        return tokens

    def check(values: list[Any]) -> bool:
        verdict = validate(values)
        ok = verdict is True
        ic.error_message = (None if ok or not ic.submission_attempted
                            else FormattedText([("class:validation-toolbar", str(verdict))]))
        return ok

    def pointed() -> Any:
        return ic.get_pointed_at() if ic.choice_count else None

    def toggle() -> None:
        if not ic.matches():  # nothing matches what was typed: nothing to tick
            return
        c = pointed()
        if c is None or isinstance(c, Separator) or c.disabled or c.value in nav:
            return
        if c.value in ic.selected_options:
            ic.selected_options.remove(c.value)
        else:
            ic.selected_options.append(c.value)
        check([x.value for x in ic.get_selected_values()])

    kb = KeyBindings()

    @kb.add(Keys.ControlC, eager=True)
    @kb.add(Keys.ControlQ, eager=True)
    def _interrupt(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    kb.add(Keys.ControlD, eager=True)(_eof)

    @kb.add(Keys.Backspace, eager=True)
    def _erase(event: Any) -> None:
        ic.remove_search_character()

    @kb.add(" ", eager=True)
    def _space(event: Any) -> None:
        if ic.search_filter:  # typing a filter: the space is part of it ("Pays Bas")
            ic.add_search_character(" ")  # type: ignore[arg-type]
        else:
            toggle()

    @kb.add(Keys.ControlI, eager=True)  # Tab
    def _tab(event: Any) -> None:
        c = pointed()
        toggle()
        if ic.search_filter and c is not None and ic.matches():
            ic.search_filter = None  # ready for the next word; the pointer stays on the item
            ic.pointed_at = next((i for i, x in enumerate(ic.choices) if x is c), 0)

    def move(step: int) -> Callable[[Any], None]:
        def go(event: Any) -> None:
            for _ in range(ic.choice_count):
                ic.pointed_at = (ic.pointed_at + step) % ic.choice_count
                if ic.is_selection_valid():
                    break
        return go

    kb.add(Keys.Down, eager=True)(move(1))
    kb.add(Keys.Up, eager=True)(move(-1))

    @kb.add(Keys.ControlM, eager=True)
    def _enter(event: Any) -> None:
        c = pointed()
        if c is not None and not isinstance(c, Separator) and c.value in nav:
            nav_chosen.append(c)
            ic.is_answered = True
            event.app.exit(result=[c.value])
            return
        values = [x.value for x in ic.get_selected_values()]
        ic.submission_attempted = True
        if check(values):
            ic.is_answered = True
            event.app.exit(result=values)

    @kb.add(Keys.Any)
    def _type(event: Any) -> None:
        """Any printable character, accented ones included ("é"), goes into the filter."""
        ch = event.data
        if len(ch) == 1 and ch.isprintable() and not ch.isspace():
            ic.add_search_character(ch)  # type: ignore[arg-type]

    layout = common.create_inquirer_layout(ic, prompt_tokens)
    merged = merge_styles_default([Style([("bottom-toolbar", "noreverse")]), style])
    return Question(Application(layout=layout, key_bindings=kb, style=merged))
