"""What a host reads or signs, in the pack's language and the host's.

Pure: no Jinja, no files. `host_language` chooses the host's language (from the destination
country unless the user said), `HOST_DOCUMENTS` names the documents a host company or host
tutor reads or signs, and `pair` joins a document rendered in the pack's language with the
same document rendered in the host's, line by line.

Why line by line: both renderings come from the same template (`templates/<name>.md.j2`),
once with the pack's words and once with the host's (render.py, the `documents` catalogues),
so the n-th line of the French rendering and the n-th line of the German one say the same
thing. `pair` checks that each pair of lines has the same shape (heading level, table cells,
list item) and raises `Unpaired` otherwise (a translation holding a line break would):
`tests/test_bilingual.py` renders every host document in every pair of languages, so such a
translation is caught before a host sees it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Mapping

from mobility_advisor.i18n.catalogues import Message, N_, messages

MESSAGES: dict[str, Message] = {
    "bad_host_lang": N_("--host-lang must be a language code (fr, en, es, ca, de) or none, not {value!r}"),
}
msg = messages(MESSAGES)

# The documents (rule `template` names) that the host partner, host company or host tutor
# reads or signs: they are made bilingual when the host's language is not the pack's.
HOST_DOCUMENTS = (
    "learning_agreement",
    "learning_agreement_complement",
    "attestation_participation",
    "europass_preparation",
    "evaluation_grid",
    "btm_file",
    "men_unit_file",
    "qbid_agreement",
    "mobility_convention",  # the host company signs the French apprentice's convention too
    "host_brief",
)
# Written for the host alone: in the host's language only.
HOST_ONLY = ("host_brief",)

NONE = "none"  # --host-lang none: no host language, monolingual documents

# The language a host speaks, by destination country (a `destination.country` value);
# any other destination: English, the common language of Erasmus+ partners.
_BY_COUNTRY: Mapping[str, str] = {
    "de": "de", "at": "de", "li": "de",
    "es": "es",
    "fr": "fr", "be": "fr", "lu": "fr",
    "ca": "fr", "ch": "de",  # the likely one of ASKED below
}
FALLBACK = "en"

# Destinations where the country does not settle the host's language: the wizard asks, with the
# likely language first (a French sender's host in Canada is most often in Québec; in Switzerland,
# most hosts are German-speaking). Languages the tool speaks only, English last.
ASKED: Mapping[str, tuple[str, ...]] = {
    "ca": ("fr", "en"),
    "be": ("fr", "de", "en"),
    "lu": ("fr", "de", "en"),
    "ch": ("de", "fr", "en"),
}


def host_language_choices(country: str | None) -> tuple[str, ...]:
    """The languages to offer for a destination whose country does not settle it, likely first;
    empty where it does."""
    return ASKED.get(country or "", ())


def valid_option(value: str | None) -> bool:
    """--host-lang (or an answers file's `host_lang:`) names a language or "none"."""
    from mobility_advisor.rules.model import ALL_LANGS

    return value is None or value == NONE or value in ALL_LANGS


def default_host_language(country: str | None) -> str:
    """The host's language for a destination country value (English when not known)."""
    return _BY_COUNTRY.get(country or "", FALLBACK)


def host_language(option: str | None, country: str | None, pack_lang: str, spoken: Iterable[str]) -> str | None:
    """The language to pair with the pack's in the host documents, or None (monolingual).

    `option`: --host-lang as given (a language code, "none", or None for the default from
    `country`). A language the tool does not speak (yet) gives English; the pack's own
    language gives None, as does "none".
    """
    if option == NONE:
        return None
    lang = option or default_host_language(country)
    if lang not in tuple(spoken):
        lang = FALLBACK
    return None if lang == pack_lang else lang


# --- Pairing -------------------------------------------------------------------------

SEPARATOR = " / "


class Unpaired(ValueError):
    """The two renderings do not have the same line structure (1-based line, both lines)."""

    def __init__(self, line: int, first: str, second: str):
        self.line, self.first, self.second = line, first, second
        super().__init__(f"line {line}: {first[:60]!r} does not pair with {second[:60]!r}")


_HEADING = re.compile(r"^(#{1,6}) (.*)$")
_RULE_ROW = re.compile(r"^\|(?: *:?-{3,}:? *\|)+$")
_ITEM = re.compile(r"^(\s*(?:[-*+]|\d+[.)]) (?:\[[ xX]\] )?)(.*)$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_UNESCAPED_STAR = re.compile(r"(?<!\\)\*")
_SPACE = re.compile(r"[\s\u00a0\u202f]+")


@lru_cache(maxsize=16384)  # a cohort pairs the same template lines for every learner
def _shape(line: str) -> str:
    if not line.strip():
        return "blank"
    if _HEADING.match(line):
        return "h" + str(len(_HEADING.match(line).group(1)))
    if _RULE_ROW.match(line):
        return f"rule{len(_cells(line))}"
    if line.startswith("|"):
        return f"row{len(_cells(line))}"
    m = _ITEM.match(line)
    if m:
        return "item:" + re.sub(r"\[[xX]\]", "[ ]", m.group(1))
    return "text"


def _cells(row: str) -> list[str]:
    """The cells of a Markdown table row (escaped pipes `\\|` stay inside their cell)."""
    inner = row.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [c.strip() for c in _CELL_SPLIT.split(inner)]


# "Label: value", the label before the first colon (French puts a space before it)
_LABELLED = re.compile(r"^([^:|]+?)(\s?:\s)(.+)$", re.S)


def _both(a: str, b: str) -> str:
    """"a / b", once when the two say the same (names, dates, blanks, "Date"; French spacing aside);
    two labels of one value share it: "Organisme d'envoi / Organización de envío : Lycée…", not
    the name written once per language (#25, the host readers)."""
    if not b or a == b or _SPACE.sub("", a) == _SPACE.sub("", b):
        return a
    if not a:
        return b
    la, lb = _LABELLED.match(a), _LABELLED.match(b)
    # a value a name, a date or a blank (a capital, a digit, "_"): not a word the two languages
    # happen to share, which belongs to its label ("Persona de contacte: nom" is one label)
    if la and lb and la.group(3) == lb.group(3) and any(c.isupper() or c.isdigit() or c == "_" for c in la.group(3)):
        # the colon is the second label's, in its language's typography ("falls zutreffend:",
        # "le cas échéant : "), not the first language's for both (#25, the host readers)
        return _labels(la.group(1), lb.group(1)) + lb.group(2) + la.group(3)
    return _labels(a, b)


# "Name (gloss)": a name and its country, a label and its English gloss ("Projektnummer (Project code)")
_GLOSSED = re.compile(r"^(.*\S) \(([^()]+)\)$")


def _same(a: str, b: str) -> bool:
    return _SPACE.sub("", a).casefold() == _SPACE.sub("", b).casefold()


def _labels(a: str, b: str) -> str:
    """"a / b", each gloss said once (#25, the host readers): a proper name with its country in
    each language once ("Pastelería Hermanos Etxeberria (Espagne / España)"); an English gloss that
    both labels carry at the end of the pair ("Code du projet / Projektnummer (Project code)"); a
    gloss that only repeats the other half dropped ("Project code / Projektnummer")."""
    ga, gb = _GLOSSED.match(a), _GLOSSED.match(b)
    if ga and gb and ga.group(1) == gb.group(1):
        return f"{ga.group(1)} ({ga.group(2)}{SEPARATOR}{gb.group(2)})"
    # (an abbreviation stays with each label: "contrôle en cours de formation (CCF)" is the French term's)
    if ga and gb and _same(ga.group(2), gb.group(2)) and not ga.group(2).isupper():
        return f"{ga.group(1)}{SEPARATOR}{gb.group(1)} ({gb.group(2)})"
    if gb and _same(gb.group(2), a):
        return a + SEPARATOR + gb.group(1)
    if ga and _same(ga.group(2), b):
        return ga.group(1) + SEPARATOR + b
    return a + SEPARATOR + b


def _italic(text: str, mark: str = "*") -> str:
    """The host's text in italics, with `mark` (see `pair`: one emphasis style per document)."""
    text = text.strip()
    if not text:
        return text
    return f"{mark}{text}{mark}"


@lru_cache(maxsize=16384)
def _pair_line(a: str, b: str, shape: str, mark: str = "*") -> tuple[str, ...]:
    return tuple(_paired(a, b, shape, mark))


def _paired(a: str, b: str, shape: str, mark: str = "*") -> list[str]:
    if shape == "blank":
        return [a]
    if shape.startswith("h"):
        level, ta = _HEADING.match(a).groups()
        tb = _HEADING.match(b).group(2)
        return [f"{level} {_both(ta, tb)}"]
    if shape.startswith("rule"):
        return [a]
    if a == b:
        return [a]
    if shape.startswith("row"):
        cells = [_both(x, y) for x, y in zip(_cells(a), _cells(b))]
        return ["|" + "|".join(f" {c} " if c else " " for c in cells) + "|"]
    if shape.startswith("item:"):
        # the host's text under the item, in the same item (a hard line break, then indented)
        prefix, ta = _ITEM.match(a).groups()
        tb = _ITEM.match(b).group(2)
        if ta == tb:
            return [a]
        indent = " " * len(prefix)
        return [f"{prefix}{ta}\\", f"{indent}{_italic(tb, mark)}"]
    return [a, "", _italic(b, mark), ""]  # a paragraph: the host's text as the next paragraph


# The documents a host fills in only in part: which of their sections ("## " headings, counted
# from 0; negative from the end) are the host's. Only those, and the document's title, get the
# host's language. By position, so that every language's template serves as it is: the BTM
# file's candidate and mobility (opening with what the host fills in and signs), its TAC
# international (filled in by the host tutor) and its signatures; its written file and jury,
# before the TAC, are the candidate's assessment in France. A section that only some packs have comes after them and before the last. (The MEN
# unit file is all the assessors', the host's among them: bilingual throughout, its referent's
# notes in the checklist, #25.)
HOST_SECTIONS: Mapping[str, tuple[int, ...]] = {
    "btm_file": (0, 3, -1),
}


def _host_lines(lines: list[str], sections: tuple[int, ...] | None) -> list[bool] | None:
    """For each line, whether it is in a host section (None: the whole document is the host's)."""
    if not sections:
        return None
    starts = [i for i, line in enumerate(lines) if line.startswith("## ")]
    chosen = {starts[k] for k in sections if -len(starts) <= k < len(starts)}
    inside, now = [], False
    for i, line in enumerate(lines):
        if line.startswith("## "):
            now = i in chosen
        inside.append(now)
    return inside


def pair(first: str, second: str, sections: tuple[int, ...] | None = None) -> str:
    """One Markdown text: `first` (the pack's language) with `second` (the host's) beside or
    below each line. Raises Unpaired when the two texts do not have the same line structure.

    `sections` (HOST_SECTIONS): only those sections and the title are paired; the rest stays
    in the pack's language."""
    la, lb = first.rstrip("\n").split("\n"), second.rstrip("\n").split("\n")
    inside = _host_lines(la, sections)
    if len(la) != len(lb):
        n = next((i for i, (x, y) in enumerate(zip(la, lb)) if _shape(x) != _shape(y)), min(len(la), len(lb)))
        raise Unpaired(n + 1, la[n] if n < len(la) else "", lb[n] if n < len(lb) else "")
    # italics with underscores in the whole document when one of the host's lines has its own
    # asterisks (bold): a linter (MD049) wants one emphasis style per file
    mark = "_" if any(_UNESCAPED_STAR.search(b) for b in lb if not b.startswith("|")) else "*"
    out: list[str] = []
    for i, (a, b) in enumerate(zip(la, lb)):
        if a == b:  # a blank line, a table's rule, a row of names and blanks: once (and the same shape)
            out.append(a)
            continue
        shape = _shape(a)
        if shape != _shape(b):
            raise Unpaired(i + 1, a, b)
        if inside is None or inside[i] or shape == "h1":
            out.extend(_pair_line(a, b, shape, mark))
        else:
            out.append(a)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)) + "\n"
