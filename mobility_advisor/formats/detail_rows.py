"""Details a host writes in by hand in a form to sign: an organisation's address, its OID, a
contact person's name, function, e-mail and phone (the learning agreement, #25 pages10). Their
rows are printed as high as handwriting needs, in PDF, DOCX and ODT alike; a detail the answers
give stays a line of text."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from mobility_advisor.formats.table_layout import BLANK, is_comment_cell


COMMENT_ROW_CM = 2.05  # a row of lines to comment on (the BTM's TAC): 2 cm and its rules in every format (DOCX: 1.63, #25)
DETAIL_ROW_CM = 1.0  # a detail written by hand (an e-mail, a phone number): the cells were 0.5 cm
ADDRESS_ROW_CM = 1.5  # a postal address: two or three lines of handwriting
_LANGS = ("fr", "en", "es", "ca", "de")
# The details a host writes in by hand (the templates' words, documents catalogue): an organisation's
# OID and contact person, the tutor's e-mail and phone (a date or a mark has its own cell's room)
CONTACT_LABELS = ("OID", "Contact person: name", "Contact person: function", "Contact person: e-mail",
                  "Contact person: phone", "E-mail", "Phone")


# Forms whose blanks take dates or hours written by hand, by their first header cell: the qBID
# calendar (its rows were 0.5 cm: #25, the final host readers)
DATED_FORMS = ("Week",)
# ... or by the header of the column their blanks are in: the complement's "Actual" dates (its
# cells were one text line, 0.5 cm: #25 session 10, the German host reader)
DATED_COLUMNS = ("Actual",)


@lru_cache(maxsize=None)
def _labels(msgid: str) -> frozenset[str]:
    """A documents' catalogue word in the five languages (a table's header or row label)."""
    from mobility_advisor.i18n.catalogues import gettext

    return frozenset(_spaced(gettext(lang, msgid, "documents")) for lang in _LANGS)


def _spaced(text: str) -> str:
    """The text with plain spaces and none before a colon (French typography puts a no-break space there)."""
    return " ".join(re.sub(r"[\s\u00a0\u202f]+", " ", text).split()).replace(" :", ":")


def _is_label(text: str, msgid: str) -> bool:
    """`text` is this word, in one language or two ("Adresse / Anschrift"; a pair whose two labels
    share their end is printed "Persona de contacte / Personne de contact: nom": one part suffices)."""
    return any(part in _labels(msgid) for part in _spaced(text).split(" / "))


def detail_row_cm(header: Sequence[str], row: Sequence[str]) -> float:
    """How high a row of a details table ("Item | Details…", the learning agreement's organisations
    and tutor) is printed: an address with a blank to fill in ADDRESS_ROW_CM, a contact's detail
    (CONTACT_LABELS) DETAIL_ROW_CM, as a row of the qBID calendar (DATED_FORMS) with a blank or a
    row with a blank in a column of dates (DATED_COLUMNS); 0 for
    any other row (a detail the answers give stays a line of text)."""
    if not header or len(row) < 2 or not any(cell.strip() == BLANK for cell in row[1:]):
        return 0.0
    if any(_is_label(header[0], msgid) for msgid in DATED_FORMS):
        return DETAIL_ROW_CM  # dates or hours by hand
    if any(cell.strip() == BLANK and any(_is_label(head, msgid) for msgid in DATED_COLUMNS)
           for head, cell in zip(header[1:], row[1:])):
        return DETAIL_ROW_CM
    if not _is_label(header[0], "Item"):
        return 0.0
    if _is_label(row[0], "Address"):
        return ADDRESS_ROW_CM
    return DETAIL_ROW_CM if any(_is_label(row[0], label) for label in CONTACT_LABELS) else 0.0


def comment_row_cm(row: Sequence[str]) -> float:
    """A row with lines to comment on (table_layout.is_comment_cell) COMMENT_ROW_CM high, else 0."""
    return COMMENT_ROW_CM if any(is_comment_cell(cell) for cell in row) else 0.0


def is_label_column(header: str) -> bool:
    """A table's first header cell naming a column of labels ("Rubrique / Angabe", "Champ officiel
    / Offizielles Feld"): the table is a label/value table (label_value)."""
    return _is_label(header, "Item") or _is_label(header, "Official field")


# A cell of lines to comment on, as a format writes its text: blanks one space apart
_COMMENT_LINES = re.compile(r"_{8}(?: _{8})+")


def without_comment_lines(row: str) -> str:
    """A row's cell of lines to comment on printed as an empty box of the row's height (#25 session
    9: its ~24 runs of "________" were packed at body leading, 0.4 cm apart, no ruling to write on,
    and the PDF's comment field sat over them). A blank alone, or "________, ________", stays."""
    return _COMMENT_LINES.sub("", row)
