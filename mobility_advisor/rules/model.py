"""The rule tree's types: immutable objects that remember where they were written.

Frozen dataclasses rather than pydantic: the loader already checks every key
against `spec.py`, and plain dataclasses import in a millisecond, which keeps
`mobility-advisor --help` instant.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mobility_advisor.i18n.langs import ALL_LANGS, LANGS, spoken  # noqa: F401  (here too: where the model's users look)

PHASES = ("before", "during", "after")
QUESTION_KINDS = ("single", "multiple", "yesno", "text", "date")
OUTCOME_KINDS = ("step", "document", "caveat", "tip")


@dataclass(frozen=True, slots=True)
class Location:
    """Where something was written: file path (as given) and 1-based line/column."""

    file: str
    line: int
    col: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Text:
    """A user-facing text in every language the tool speaks."""

    fr: str
    en: str
    es: str = ""
    ca: str = ""
    de: str = ""

    def __call__(self, lang: str) -> str:
        # English stands in only for a language `validate` does not require yet
        return getattr(self, lang, "") or self.en

    def items(self) -> list[tuple[str, str]]:
        """(language, text) for each language this text is written in."""
        return [(lang, t) for lang in ALL_LANGS if (t := getattr(self, lang))]

    def has(self, needle: str) -> bool:
        return any(needle in t for _, t in self.items())

    def map(self, f) -> Text:
        """The same text with `f(lang, text)` applied in every language."""
        return Text(**{lang: f(lang, t) for lang, t in self.items()})


@dataclass(frozen=True, slots=True)
class Source:
    """Where a piece of advice comes from: a passage of a seed, or a public source.

    `seed` is the key of the source in the registry (`rules/seeds.yaml`): a seed's file
    name, or a public source's id; `section` is the id of the seed's passage (None for a
    public source, which is cited whole).
    """

    seed: str
    section: str | None
    at: Location

    def short(self) -> str:
        """`000 §participation` (or the public source's id): for logs and error messages."""
        code = self.seed[:3] if self.seed[:3].isdigit() else self.seed
        return f"{code} §{self.section}" if self.section else code


@dataclass(frozen=True, slots=True)
class Condition:
    """A test on earlier answers or on facts the engine computes.

    `op` is one of: all, any, not (with `children`), or a leaf op
    is, in, includes, tag, answered (on an answer) / below, at_least (on a fact).
    """

    op: str
    at: Location
    answer: str | None = None
    fact: str | None = None
    value: Any = None
    children: tuple[Condition, ...] = ()

    def answers_used(self) -> set[str]:
        if self.children:
            return set().union(*(c.answers_used() for c in self.children))
        return {self.answer} if self.answer else set()

    def facts_used(self) -> set[str]:
        if self.children:
            return set().union(*(c.facts_used() for c in self.children))
        return {self.fact} if self.fact else set()


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: Text
    at: Location
    next: str | None = None
    tags: tuple[str, ...] = ()
    when: Condition | None = None  # offered only when this holds (e.g. not the sending country itself)


@dataclass(frozen=True, slots=True)
class Question:
    """A node of the walk: one question, and where the walk goes after it."""

    id: str
    kind: str
    text: Text
    at: Location
    help: Text | None = None
    choices: tuple[Choice, ...] = ()
    next: str | None = None
    when: Condition | None = None
    optional: bool = False
    default: Any = None
    max_length: int = 200
    not_before: str | None = None  # date questions: id of an earlier date question
    # the answer taken when an answers file written before this question existed leaves it out
    assumed: Any = None
    format: str | None = None  # text questions: a coded answer checked by its shape (engine.FORMATS)
    # other wordings of the same question, the first whose condition holds: (when, text, help)
    wordings: tuple[tuple[Condition, Text, Text | None], ...] = ()

    def choice(self, value: str) -> Choice | None:
        for c in self.choices:
            if c.value == value:
                return c
        return None


@dataclass(frozen=True, slots=True)
class Due:
    """A date for an outcome, relative to the mobility: `relation` anchor + offset."""

    anchor: str  # start | end | midpoint
    relation: str  # before | on | on_or_after | after
    offset_days: int
    at: Location


@dataclass(frozen=True, slots=True)
class Outcome:
    """A piece of advice the pack carries when its condition holds."""

    id: str
    kind: str
    text: Text
    source: tuple[Source, ...]
    at: Location
    phase: str | None = None
    tip: Text | None = None
    check_with: Text | None = None  # caveats: who to check with
    parties_text: Text | None = None  # caveats: the same facts as a document the parties sign states them
    when: Condition | None = None
    due: Due | None = None
    template: str | None = None  # documents: templates/<template>.md.j2
    title: Text | None = None  # documents: the file's title
    order: int = 0  # position in the tree, to keep checklists in reading order
    section: Text | None = None  # the rule file's title, to group the checklist


@dataclass(frozen=True, slots=True)
class Route:
    """A named way through the tree, for exports and checks: preset answers."""

    id: str
    label: Text
    answers: dict[str, Any]
    at: Location


@dataclass(frozen=True, slots=True)
class SeedSection:
    """A passage of a seed that rules cite: words a reader can find in it, and its title."""

    id: str
    find: str
    title: Text
    at: Location


@dataclass(frozen=True, slots=True)
class SeedDoc:
    """An entry of the sources registry: a seed document, or a public source (`public`).

    `file` is the key rules cite (a seed's file name, a public source's id); `code` is how
    the tool names it to people ("000"); `title` the document's own title, or the public
    source's name; `address` the public address the source itself gives, if any, else the one
    `address_from` says where it comes from.
    """

    file: str
    title: Text
    at: Location
    code: str = ""
    publisher: Text | None = None
    year: Text | None = None
    address: str | None = None
    # where the address comes from when the seed itself names none (another seed names it)
    address_from: Text | None = None
    public: bool = False
    sections: dict[str, SeedSection] = field(default_factory=dict)
    # public sources that are a sending country's contacts: the countries (org.sending_country
    # values) whose Erasmus+ national agency / Europass centre this source names
    national_agency_of: tuple[str, ...] = ()
    europass_centre_of: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Tree:
    """The whole decision aid, as loaded from every rule file."""

    start: str
    questions: dict[str, Question]
    outcomes: tuple[Outcome, ...]
    routes: dict[str, Route]
    seeds: dict[str, SeedDoc]
    files: tuple[str, ...] = field(default=())
    start_at: Location | None = None  # where `start:` is written, for validate's messages

    def outcome(self, oid: str) -> Outcome | None:
        for o in self.outcomes:
            if o.id == oid:
                return o
        return None
