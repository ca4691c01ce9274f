"""Problems found in rule files or answers: what, where, how bad."""

from __future__ import annotations

from dataclasses import dataclass

from mobility_advisor.rules.model import Location


@dataclass(frozen=True, slots=True)
class Problem:
    at: Location
    message: str
    severity: str = "error"  # error | warning
    code: str = "structure"

    def __str__(self) -> str:
        return f"{self.at}: {self.severity}: {self.message}"


class RuleError(Exception):
    """Rule files could not be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class InputError(Exception):
    """Bad input from the user (answers file, CSV, option): one clear sentence."""


class AnswerError(ValueError):
    """An answer that does not fit its question; the message says what is expected.

    `key` names a message of i18n.MESSAGES: str() is the English text (answers
    files, logs), `text(lang)` what the wizard shows.
    """

    def __init__(self, key: str, **params: object):
        self.key = key
        self.params = params
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        from mobility_advisor.core.controls import visible
        from mobility_advisor.i18n.messages import msg

        # a value quoted back is shown with its hidden characters escaped (U+001B), never raw
        shown = {k: visible(v) if isinstance(v, str) else v for k, v in self.params.items()}
        return msg("err_" + self.key, lang, **shown)
