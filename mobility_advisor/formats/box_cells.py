"""A free-text box prints empty in DOCX and ODT (#25, the German and Spanish host readers: each of
its rows began with a short "________", odd in a box to write in by hand).

A box is a table whose header is its label and whose body rows hold only the templates' blank
(table_layout.is_box); docx_layout and odt_layout find it and give its rows their height
(table_layout.fill_row_cm). Here its body cells lose their blank and keep their paragraph: each
row keeps its line and its height, and the box its size. Blanks that are not in a box (a date, a
name beside text) stay: they are where to write in a sentence or a row. The Markdown and the HTML
keep the box's blanks (they tell the reader where to write); the tool's PDF hides them under its
text fields (form_blanks).
"""

from __future__ import annotations

import re

from mobility_advisor.formats import word_xml
from mobility_advisor.formats.table_layout import BLANK

_WORD_RUN = re.compile(r"<w:r>(?:(?!</w:r>).)*</w:r>", re.S)
_ODT_BLANK_PARAGRAPH = re.compile(rf"(<text:p\b[^>]*>)\s*{BLANK}\s*(</text:p>)")
_ODT_HEADER_END = "</table:table-header-rows>"


def docx(row: str) -> str:
    """A box's body row (w:tr) with its blanks' runs taken out (their paragraphs stay)."""
    return _WORD_RUN.sub(lambda r: "" if word_xml.text(r.group(0)).strip() == BLANK else r.group(0), row)


def odt(table: str) -> str:
    """A box's table (table:table) with its body cells' blanks taken out (their paragraphs stay)."""
    head, sep, body = table.partition(_ODT_HEADER_END)
    return head + sep + _ODT_BLANK_PARAGRAPH.sub(r"\1\2", body) if sep else table
