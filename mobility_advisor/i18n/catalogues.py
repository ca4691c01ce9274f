"""The tool's words in the user's language: gettext catalogues, one per language and domain.

    mobility_advisor/locale/<lang>/LC_MESSAGES/<domain>.po   what a translator edits (Poedit, Weblate)
    mobility_advisor/locale/<lang>/LC_MESSAGES/<domain>.mo   what the tool reads (`pybabel compile`)

Domains: `messages` for the tool's own words (this module's callers), `click` for the
framework words of the command line (see cli_words.py); a `documents` domain for the
templates goes through the same `translations()`.

Only the stdlib `gettext` reads a catalogue, on first use of a language, once per process:
Babel is for translators' tools (extract, update, compile), never imported here.

Source code marks a message with N_/NC_/NP_/NPC_ (English text, the msgid); `pybabel
extract -F babel.cfg` finds them (keywords in babel.cfg and docs/translating.md).
"""

from __future__ import annotations

import gettext as _gettext
from pathlib import Path
from typing import Callable, NamedTuple

LOCALE_DIR = Path(__file__).parent.parent / "locale"  # the package's locale/
DOMAINS = ("messages", "click")

_cache: dict[tuple[str, str], _gettext.NullTranslations] = {}


def translations(lang: str, domain: str = "messages") -> _gettext.NullTranslations:
    """The catalogue of `domain` in `lang`, read once; English source text when there is none.

    The result has the stdlib methods bound to that language: gettext, ngettext, pgettext,
    npgettext.
    """
    key = (lang, domain)
    found = _cache.get(key)
    if found is None:
        path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.mo"
        try:
            with open(path, "rb") as f:
                found = _gettext.GNUTranslations(f)
        except FileNotFoundError:  # a language not translated yet: the msgid (English) stands in
            found = _gettext.NullTranslations()
        _cache[key] = found
    return found


def forget() -> None:
    """Read every catalogue again on next use (after `compile` or `update` rewrote the .mo files)."""
    _cache.clear()


class Bound:
    """The gettext functions of one language and domain (for Jinja2's `install_gettext_callables`)."""

    __slots__ = ("_", "gettext", "ngettext", "pgettext", "npgettext")

    def __init__(self, t: _gettext.NullTranslations):
        self._ = self.gettext = t.gettext
        self.ngettext, self.pgettext, self.npgettext = t.ngettext, t.pgettext, t.npgettext


def bound(lang: str, domain: str = "messages") -> Bound:
    """`words = bound("de")`: `words._("Pack updated: {path}")`, `words.ngettext("{n} file", "{n} files", n)`…"""
    return Bound(translations(lang, domain))


def gettext(lang: str, msgid: str, domain: str = "messages") -> str:
    return translations(lang, domain).gettext(msgid)


_ = gettext


def ngettext(lang: str, singular: str, plural: str, n: int, domain: str = "messages") -> str:
    return translations(lang, domain).ngettext(singular, plural, n)


def pgettext(lang: str, context: str, msgid: str, domain: str = "messages") -> str:
    return translations(lang, domain).pgettext(context, msgid)


class Message(NamedTuple):
    """A message marked in the source: its English text (the msgid) and how to translate it.

    `count` names the keyword argument whose number chooses the plural form; `parts` are
    other messages formatted first and put in place of a keyword (a sentence with two
    numbers: "{n} packs written, {bad}." with bad = "{bad} bad rows").
    """

    msgid: str
    plural: str | None = None
    count: str = "n"
    context: str | None = None
    parts: tuple[tuple[str, str], ...] = ()

    def translate(self, lang: str, values: dict[str, object], domain: str = "messages") -> str:
        t = translations(lang, domain)
        if self.plural is None:
            if self.context:
                return t.pgettext(self.context, self.msgid)
            return t.gettext(self.msgid)
        n = _plural_number(values[self.count], lang)
        if self.context:
            return t.npgettext(self.context, self.msgid, self.plural, n)
        return t.ngettext(self.msgid, self.plural, n)


def _plural_number(value: object, lang: str) -> int:
    """The integer gettext's plural formula reads for `value` (a count, or a mark such as "1,5").

    CLDR: a decimal number takes the 'other' form in English, Spanish, Catalan and German
    ("1.5 points"), while French looks only at the integer part ("1,5 point").
    """
    if isinstance(value, int):
        return value
    number = float(str(value).replace(",", ".").replace("\u202f", "").replace(" ", ""))
    if number.is_integer():
        return int(number)
    return int(number) if lang == "fr" else 2


# Markers read by `pybabel extract` (keywords: N_ NC_:1c,2 NP_:1,2 NPC_:1c,2,3).
def N_(msgid: str, **parts: str) -> Message:
    return Message(msgid, parts=tuple(parts.items()))


def NC_(context: str, msgid: str, **parts: str) -> Message:
    return Message(msgid, context=context, parts=tuple(parts.items()))


def NP_(singular: str, plural: str, count: str = "n", **parts: str) -> Message:
    return Message(singular, plural, count, parts=tuple(parts.items()))


def NPC_(context: str, singular: str, plural: str, count: str = "n", **parts: str) -> Message:
    return Message(singular, plural, count, context, tuple(parts.items()))


def messages(table: dict[str, Message]) -> Callable[..., str]:
    """A `msg(key, lang, **values)` function over a module's marked messages.

    The key is the code's name for a message (stable while the English wording changes);
    `parts` name other keys of the same table.
    """
    TABLES.append(table)

    def msg(key: str, lang: str, **kw: object) -> str:
        entry = table[key]
        for name, part in entry.parts:
            kw[name] = msg(part, lang, **kw)
        text = entry.translate(lang, kw)
        if not kw:
            return text
        text = text.format(**kw)
        if lang in ("fr", "ca"):  # "Mobilité de Enzo" -> "Mobilité d'Enzo" (localize.elide)
            from mobility_advisor.i18n.localize import catalan_dates, elide

            text = elide(text, lang, kw.values())
            if lang == "ca":  # a date said in the message: "el 1 de març" -> "l'1 de març"
                return catalan_dates(text)
        return text

    return msg


# every marked table, for the translation tests and `python -m mobility_advisor.cli.translations`
TABLES: list[dict[str, Message]] = []
