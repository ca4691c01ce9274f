"""A lead-in kept with what it introduces, in DOCX and ODT: a paragraph ending with ":" ("Acquis
d'apprentissage visés et tâches confiées :", its list below) is never the last line of a page
(#25 pages10: the convention's §2 lead-in alone at a page's foot in ODT, its list on the next).
The PDF does the same with `p.lead` (html_page's style sheet). Paragraphs in tables are left as
they are: a table's rows are kept by their own rules (docx_layout, odt_layout)."""

from __future__ import annotations

import re
from typing import Callable

from mobility_advisor.formats import word_xml
from mobility_advisor.formats.odt_pairs import keep_styles, kept_style

_WORD_TABLE = re.compile(r"(<w:tbl>.*?</w:tbl>)", re.S)
_WORD_PARAGRAPH = re.compile(r"<w:p>(?:(?!</w:p>).)*</w:p>", re.S)
_ODT_TABLE = re.compile(r"(<table:table .*?</table:table>)", re.S)
_ODT_PARAGRAPH = re.compile(r'<text:p text:style-name="([^"]+)">((?:(?!</text:p>).)*)</text:p>', re.S)


def _ends_a_lead_in(text: str) -> bool:
    return text.rstrip().endswith(":")


def docx(xml: str, keep_next: Callable[[str], str]) -> str:
    """Every lead-in paragraph of the document's body kept with the next (`keep_next`: docx_layout's)."""
    def lead(m: re.Match) -> str:
        paragraph = m.group(0)
        return keep_next(paragraph) if _ends_a_lead_in(word_xml.text(paragraph)) else paragraph

    return "".join(part if part.startswith("<w:tbl>") else _WORD_PARAGRAPH.sub(lead, part)
                   for part in _WORD_TABLE.split(xml))


def odt(xml: str) -> str:
    """Every lead-in paragraph of content.xml in a style that keeps with the next: a common style's
    Keep style (odt_pairs.KEEP), else a copy of its automatic style (a list's items)."""
    copies: dict[str, str] = {}

    def lead(m: re.Match) -> str:
        style = m.group(1)
        kept = kept_style(style)
        if kept is None or not _ends_a_lead_in(re.sub(r"<[^>]+>", "", m.group(2))):
            return m.group(0)
        if kept.endswith("_Keep"):
            copies[style] = kept
        return m.group(0).replace(f'text:style-name="{style}"', f'text:style-name="{kept}"', 1)

    start = xml.find("<office:body>")
    head, body = xml[:start], xml[start:]
    body = "".join(part if part.startswith("<table:table ") else _ODT_PARAGRAPH.sub(lead, part)
                   for part in _ODT_TABLE.split(body))
    return keep_styles(head + body, copies)
