"""Dates and country names in the pack's language, from Babel (CLDR data).

`format_date(date(2027, 3, 1), "fr")` -> "1er mars 2027"; `"en"` -> "1 March 2027".
`country_name("de", "fr")` -> "Allemagne"; `"en"` -> "Germany".

English is written the British way (day month year, as in European documents);
French keeps "1er" for the first day of a month, as French administrative
documents write it (CLDR gives "1 mars 2027").
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache
from typing import Any, Mapping

# The Babel locale behind each language of the pack.
LOCALES = {"fr": "fr_FR", "en": "en_GB", "es": "es_ES", "ca": "ca_ES", "de": "de_DE"}


# French typography, one rule everywhere in a French pack: a no-break space (U+00A0) before
# ; : ? ! and » and after «, so that a line never starts with the sign (the DOCX, ODT, HTML
# and PDF files, made from the Markdown, keep it; calendar.ics applies it to its texts).
# Markdown's backslash escape may sit between the space and the sign ("\!"); a sign with no
# space before it (a URL's "://", "10/20 :") is left alone unless a space was typed.
NBSP = "\u00a0"
_SPACE_BEFORE = re.compile(r"[ \u202f]+(\\?[;:?!»])")
_SPACE_AFTER = re.compile(r"«[ \u202f]+")


def typography(text: str, lang: str) -> str:
    """The text with the pack language's typography (French: no-break spaces, see above;
    Catalan: the article elided before the 1st and the 11th of a month, `catalan_dates`)."""
    # a cohort writes the same short texts (calendar lines) for every learner: those are
    # cached; whole documents are not (memory)
    return _typography_short(text, lang) if len(text) < 400 else _typography(text, lang)


@lru_cache(maxsize=8192)
def _typography_short(text: str, lang: str) -> str:
    return _typography(text, lang)


def _typography(text: str, lang: str) -> str:
    if lang == "ca":
        return catalan_dates(text)
    if lang != "fr":
        return text
    return _SPACE_AFTER.sub("«" + NBSP, _SPACE_BEFORE.sub(NBSP + r"\1", text))


# The separators the templates put between a label and its value, or between list items:
# French writes a space before ":" and ";" (typography() then makes it a no-break space), the
# other languages none. The templates print `{{ colon }}` and `{{ semicolon }}` (render.context)
# rather than carrying punctuation-only messages in the catalogues.
_PUNCTUATION = {"fr": {"colon": " : ", "semicolon": " ; "}}
_PUNCTUATION_DEFAULT = {"colon": ": ", "semicolon": "; "}


def punctuation(lang: str) -> dict[str, str]:
    """{"colon": ": ", "semicolon": "; "} as `lang` writes them between words."""
    return _PUNCTUATION.get(lang, _PUNCTUATION_DEFAULT)


# German writes every noun with a capital ("die Nationale Agentur"): the templates' `lower`
# filter leaves German as it is, and `lowerfirst` (a noun phrase after a colon or a semicolon)
# puts only a leading article or determiner in lower case ("; ein Beurteilungsraster",
# "Ansprechstelle: das CFA"), never a noun ("; Beobachtung").
KEEP_CASE = ("de",)
_DE_DETERMINERS = frozenset(
    "der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner "
    "dieser diese dieses diesen diesem jeder jede jedes jeden jedem alle beide mehrere einige "
    "ihr ihre ihren ihrem ihrer sein seine seinen seinem seiner im am zum zur beim vom".split())

# names that start with a capital and a small letter: the sending country's contacts too
# ("Agence Erasmus+ France", "Nationale Agentur…", "Nationales Europass Center…")
_LOWER_KEEP = {"Bac", "Europass", "Erasmus+", "CMA", "CAP", "BP", "BMA", "MEN", "BTM", "Agence", "Nationale",
               "Nationales"}


def lower_first(text: Any, lang: str | None = None) -> Any:
    """"Le rectorat…" -> "le rectorat…" after a colon or a semicolon, as French, English,
    Spanish and Catalan write it; names and acronyms (a second capital, or a known name) keep
    their capital. German lowers only a leading article or determiner (KEEP_CASE above). The result keeps the input's type (a `str`
    subclass such as render.Trusted stays one)."""
    s = str(text)
    word = s.split(" ", 1)[0]
    if lang in KEEP_CASE:
        if word.lower() not in _DE_DETERMINERS or not word[:1].isupper():
            return text
        out = s[0].lower() + s[1:]
        return type(text)(out) if isinstance(text, str) and type(text) is not str else out
    # an elided article ("L'employeur", "D'après") is a small word too: "avec l'employeur"
    elided = len(s) > 2 and s[1] in "'’" and s[2].isalpha()
    if len(s) < 2 or not s[0].isupper() or not (s[1].islower() or elided) or word in _LOWER_KEEP:
        return text
    out = s[0].lower() + s[1:]
    return type(text)(out) if isinstance(text, str) and type(text) is not str else out


def lower(text: Any, lang: str | None = None) -> Any:
    """The whole text in lower case, except in a language in KEEP_CASE."""
    return text if lang in KEEP_CASE else str(text).lower()


def join_choices(labels: list[str], lang: str) -> str:
    """Chosen options in one sentence, joined by the language's semicolon: "Observations… ; un
    test…", "Beobachtung…; ein Beurteilungsraster…" (no capital inside a sentence, see lower_first)."""
    if not labels:
        return ""
    # a one-letter first word is a small word too ("; a dedicated grid", "; à l'étranger")
    rest = [x[0].lower() + x[1:] if lang not in KEEP_CASE and len(x) > 1 and x[0].isalpha() and x[1] == " "
            else lower_first(x, lang) for x in labels[1:]]
    return punctuation(lang)["semicolon"].join([labels[0], *rest])


# Quotation marks as each language prints them (CLDR's; Babel does not expose them): a title
# quoted inside a phrase. French puts a no-break space inside its guillemets (typography above).
QUOTES = {"fr": ("«" + NBSP, NBSP + "»"), "en": ("“", "”"), "es": ("«", "»"), "ca": ("«", "»"), "de": ("„", "“")}


def quoted(text: str, lang: str) -> str:
    start, end = QUOTES.get(lang, QUOTES["en"])
    return f"{start}{text}{end}"


def join_titles(titles: list[str], lang: str) -> str:
    """Document titles in one phrase, as `lang` lists things, each title in the language's
    quotation marks when there are several („Bewertungsraster … der Mobilität“ und „Vorbereitung
    des Europass Mobilität“): unquoted, two titles joined by "und" read as one title (#25, the
    host readers), and a semicolon between them as a capital inside a sentence. A quoted title
    keeps its capital, as a title does."""
    from babel.lists import format_list

    if not titles:
        return ""
    titles = [str(t) for t in titles]
    if len(titles) == 1:
        return titles[0]
    return format_list([quoted(t, lang) for t in titles], locale=_locale(lang))


def _locale_name(lang: str) -> str:
    try:
        return LOCALES[lang]
    except KeyError:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LOCALES)}") from None


@lru_cache(maxsize=8)
def _locale(lang: str):
    from babel import Locale

    return Locale.parse(_locale_name(lang))


def decimal_text(number: str, lang: str) -> str:
    """A decimal number written by the code ("1.4") as `lang` writes it ("1,4")."""
    from babel.numbers import get_decimal_symbol

    return number.replace(".", get_decimal_symbol(_locale(lang)))


@lru_cache(maxsize=4096)  # a cohort writes the same few dates thousands of times
def format_date(d: date, lang: str) -> str:
    """A date written out as the language writes it: "1er mars 2027", "1 March 2027"."""
    from babel.dates import format_date as babel_format_date

    text = babel_format_date(d, format="long", locale=_locale(lang))
    if lang == "fr" and d.day == 1 and text.startswith("1 "):
        text = "1er" + text[1:]
    # CLDR writes Catalan "d’abril" with a curly apostrophe; the packs' texts (catalogues, rules)
    # use the straight one everywhere, so a date reads like the sentence around it
    return text.replace("\u2019", "'")


# Catalan elides the article before the 1st and the 11th: "l'1 de març", "de l'11 d'abril",
# never "el 1" or "del 11" (Optimot); the texts say "el {date}", "del {date}", the day comes later.
_CA_ARTICLE = re.compile(r"\b([Dd]el|[Aa]l|[Pp]el|[Ee]l) (1|11) (?=de |d’|d')")
_CA_ELIDED = {"del": "de l'", "al": "a l'", "pel": "per l'", "el": "l'"}


def catalan_dates(text: str) -> str:
    """The text with the article before a date on the 1st or the 11th elided ("el 1 de" -> "l'1 de")."""
    if " 1" not in text:  # both days start with a 1: most texts have none
        return text

    def elide(m: re.Match) -> str:
        word = _CA_ELIDED[m.group(1).lower()]
        return (word[0].upper() + word[1:] if m.group(1)[0].isupper() else word) + m.group(2) + " "

    return _CA_ARTICLE.sub(elide, text)


# French and Catalan elide "de" before a name that starts with a vowel: "la mobilité d'Inès",
# "Mobilité d'Enzo", "la mobilitat d'Enzo", never "de Inès". It is a rule of the language, not a
# word, so the catalogues keep "de {who}" and every place that puts a value into a text
# (catalogues.messages, template_words.callables, the calendar) calls `elide` with the values it
# put in. Only a value that starts with a capital vowel is touched (names, not paths or numbers);
# Catalan keeps "de" before a consonantal i/u ("de Iolanda", "de Uagadugu"), and "h" is left as
# typed (French "h aspiré" names).
ELIDING = ("fr", "ca")
_VOWELS = "AEIOU"


def _base(ch: str) -> str:
    return unicodedata.normalize("NFD", ch)[:1]


def elides(value: str, lang: str) -> bool:
    """Whether "de" before `value` becomes "d'" in `lang` ("Inès" in French: yes)."""
    if lang not in ELIDING or len(value) < 2 or _base(value[0]) not in _VOWELS:
        return False
    if lang == "ca" and _base(value[0]) in "IU" and _base(value[1]).lower() in "aeiou":
        return False
    return True


def elide(text: str, lang: str, values: Any) -> str:
    """`text` with "de " + each inserted value elided where `lang` elides ("de Inès" -> "d'Inès")."""
    if lang not in ELIDING or "de " not in text.lower():
        return text
    for value in values:
        if isinstance(value, str) and elides(value, lang):
            text = re.sub(r"\b([Dd])e " + re.escape(value), lambda m, v=value: m.group(1) + "'" + v, text)
    return text


# The wizard's country list is sorted by the name the user reads ("Xipre" under X in Catalan,
# "Österreich" under O in German): a collation key from the letters without their accents, as
# dictionaries of these languages sort; Spanish "ñ" is a letter of its own after "n".
def sort_key(text: str, lang: str) -> str:
    """A key that sorts `text` as a reader of `lang` expects in a list of names."""
    s = text.casefold()
    if lang == "es":
        s = s.replace("ñ", "n~")  # after every other "n…", before "o"
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


@lru_cache(maxsize=512)
def country_name(code: str, lang: str) -> str:
    """The country's usual short name in the language, from its ISO 3166 alpha-2 code.

    Raises KeyError for a code CLDR does not know (the caller decides what to print).
    """
    territories = _locale(lang).territories
    return territories[code.upper()]


def answer_text(q: Any, value: Any, lang: str, answers: Mapping[str, Any] | None = None) -> str | None:
    """How an answer reads for a person, in `lang`; None when it is empty.

    Shared by the wizard's summary and the pack: choices by their label, yes/no,
    dates written out, the destination by its CLDR name (or the country typed).
    """
    from mobility_advisor.i18n.messages import msg

    if value is None or value == "" or value == []:
        return None
    if q.kind == "yesno":
        return msg("yes" if value else "no", lang)
    if q.kind == "date":
        return format_date(value, lang) if isinstance(value, date) else str(value)
    if q.kind == "single" and q.id == "destination.country":
        if value == "other":
            return (answers or {}).get("destination.other") or None
        try:
            return country_name(value, lang)
        except KeyError:  # a code CLDR does not know: keep the rule's label
            pass
    if q.kind in ("single", "multiple"):
        values = value if isinstance(value, (list, tuple)) else [value]
        labels = [c.label(lang) if (c := q.choice(v)) else str(v) for v in values]
        return join_choices(labels, lang)
    return str(value)
