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

_WORD_PARAGRAPH = re.compile(r"<w:p>(?:(?!</w:p>).)*</w:p>", re.S)
_WORD_RUN = re.compile(r"<w:r>(?:(?!</w:r>).)*</w:r>", re.S)
_WORD_RUN_PROPS = re.compile(r"<w:rPr>.*?</w:rPr>", re.S)
_ODT_BLANK_PARAGRAPH = re.compile(rf"(<text:p\b[^>]*>)\s*{BLANK}\s*(</text:p>)")
_ODT_HEADER_END = "</table:table-header-rows>"


def docx(row: str) -> str:
    """A box's body row (w:tr, its runs at the table's size) with its blanks' runs taken out: their
    paragraphs stay, the blank's run properties made the paragraph mark's (the empty line, and what
    a referent types in it in Word, at the table's size)."""
    return _WORD_PARAGRAPH.sub(_docx_paragraph, row)


def _docx_paragraph(m: re.Match) -> str:
    paragraph = m.group(0)
    if word_xml.text(paragraph).strip() != BLANK:
        return paragraph
    runs = _WORD_RUN.findall(paragraph)
    mark = _WORD_RUN_PROPS.search(runs[0])
    paragraph = _WORD_RUN.sub("", paragraph)
    if not mark:
        return paragraph
    if "</w:pPr>" in paragraph:  # (w:rPr comes last in a w:pPr but for w:sectPr and w:pPrChange)
        return paragraph.replace("</w:pPr>", mark.group(0) + "</w:pPr>", 1)
    return paragraph.replace("<w:p>", f"<w:p><w:pPr>{mark.group(0)}</w:pPr>", 1)


def odt(table: str) -> str:
    """A box's table (table:table) with its body cells' blanks taken out (their paragraphs stay)."""
    head, sep, body = table.partition(_ODT_HEADER_END)
    return head + sep + _ODT_BLANK_PARAGRAPH.sub(r"\1\2", body) if sep else table
