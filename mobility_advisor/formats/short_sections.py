"""A short section printed on one page in DOCX and ODT: its heading, its table, its tick boxes and
its box kept with the next block, each but the last (#25 session 9: LibreOffice printed the
complement's "Déroulement / Verlauf" heading and table at the foot of p. 1, its tick boxes and box
on p. 2 with no heading, where the PDF keeps the section whole). A long section parts as before:
kept whole, it would leave most of a page blank.

A section's height is estimated (table_layout.table_height_cm for its tables' rows, a row no lower
than the height it is given: a writing row, the complement's dates to write by hand), a paragraph
by its lines; what is short is what fits ~11.5 cm (test_host_print: SHORT_SECTION_CM). (It was counted in lines, a writing row two:
the complement's "Déroulement", its dates' rows made 1 cm high, counted 19 and parted, #25 session 10.)"""

from __future__ import annotations

import math
import re
from typing import Callable

from mobility_advisor.formats import word_xml
from mobility_advisor.formats.odt_pairs import keep_styles, keep_table_with_next, kept_style
from mobility_advisor.formats.table_layout import CM_PER_PT, LINE_BREAK, SIGNATURE_CELL, TABLE_FONT_PT, \
    TEXT_WIDTH_CM, table_height_cm, text_em

SHORT_CM = 11.5  # ~10 cm of text, heading to heading (the complement's "Déroulement", its dates' rows 1 cm high: ~11 cm)
BODY_PT = 10  # a paragraph's text
LINE_CM = 0.55  # a paragraph's line with its share of the spacing between paragraphs
HEADING_CM = 0.9
_PADDING_CM = 0.25  # a cell's padding left and right and its border (DOCX 0.24, ODT 0.2)


def _paragraph_cm(text: str, breaks: int, heading: bool) -> float:
    """A paragraph's height: its lines, those it is broken into and those its text wraps to."""
    if heading:
        return HEADING_CM
    wrapped = math.ceil(text_em(text) * BODY_PT * CM_PER_PT / TEXT_WIDTH_CM) if text else 1
    return max(1 + breaks, wrapped) * LINE_CM


def _table_cm(rows: list[tuple[list[str], float]], widths: list[float], font_pt: float) -> float:
    """A table's height: each row as table_layout estimates it, or the height it is given if higher."""
    return sum(max(table_height_cm([cells], widths, font_pt, _PADDING_CM), given) for cells, given in rows)


_WORD_BLOCK = re.compile(r"<w:tbl>.*?</w:tbl>|<w:p>(?:(?!</w:p>).)*</w:p>", re.S)
_WORD_HEADING = re.compile(r'^<w:p><w:pPr><w:pStyle w:val="Heading\d"')
_WORD_ROW = re.compile(r"<w:tr>.*?</w:tr>", re.S)
_WORD_ROW_PARAGRAPH = re.compile(r"<w:p>(?:(?!</w:p>).)*</w:p>", re.S)


_WORD_CELL = re.compile(r"<w:tc>.*?</w:tc>", re.S)
_TWIPS_PER_CM = 567


def _word_cm(block: str) -> float:
    if block.startswith("<w:tbl>"):
        widths = [int(w) / _TWIPS_PER_CM for w in re.findall(r'<w:gridCol w:w="(\d+)"', block)]
        size = re.search(r'<w:sz w:val="(\d+)"', block)
        # (a line break in a cell, a host half on its own line: host_break, counted as table_layout.LINE_BREAK)
        rows = [([word_xml.text(c.replace("<w:br />", f"<w:t>{LINE_BREAK}</w:t>"), " ") for c in _WORD_CELL.findall(row)],
                 int(h.group(1)) / _TWIPS_PER_CM if (h := re.search(r'<w:trHeight w:val="(\d+)"', row)) else 0.0)
                for row in _WORD_ROW.findall(block)]
        return _table_cm(rows, widths, int(size.group(1)) / 2 if size else TABLE_FONT_PT)
    return _paragraph_cm(word_xml.text(block), block.count("<w:br />"), bool(_WORD_HEADING.match(block)))


def _sections(blocks: list[re.Match], is_heading: Callable[[str], bool]) -> list[list[re.Match]]:
    """The blocks from each heading to the next (what precedes the first heading left out)."""
    found: list[list[re.Match]] = []
    for block in blocks:
        if is_heading(block.group(0)):
            found.append([block])
        elif found:
            found[-1].append(block)
    return found


def _signing(sections: list[list[re.Match]], signs: Callable[[str], object]) -> set[int]:
    """The indexes of the sections holding a signature table. Such a section is kept by the
    signature keeping (docx_layout, odt_pairs.keep_signing) with the section before it; the section
    before that one is left free to part: kept whole too, the three made a chain taller than the
    room left on a page, and the signatures went to a page more (the FR/DE learning agreement's
    ODT, 3 pages to 4; the PDF parts that section too)."""
    return {i for i, section in enumerate(sections) if any(signs(b.group(0)) for b in section)}


def docx(xml: str, keep_next: Callable[[str], str]) -> str:
    """Every block of a short section but its last kept with the next (`keep_next`: docx_layout's);
    a table by all its rows' paragraphs, as Word reads a table's keep-with-next. A section holding
    a signature table is left to docx_layout's signature keeping."""
    edits: list[tuple[int, int, str]] = []
    sections = _sections(list(_WORD_BLOCK.finditer(xml)), lambda b: bool(_WORD_HEADING.match(b)))
    signing = _signing(sections, lambda t: re.search(f">{SIGNATURE_CELL}</w:t>", t))
    for i, section in enumerate(sections):
        texts = [b.group(0) for b in section]
        if len(section) < 3 or sum(map(_word_cm, texts)) > SHORT_CM or i in signing or i + 2 in signing:
            continue
        for block in section[1:-1]:
            text = block.group(0)
            kept = _WORD_ROW_PARAGRAPH.sub(lambda p: keep_next(p.group(0)), text) if text.startswith("<w:tbl>") \
                else keep_next(text)
            edits.append((block.start(), block.end(), kept))
    for start, end, kept in reversed(edits):
        xml = xml[:start] + kept + xml[end:]
    return xml


_ODT_BLOCK = re.compile(r"<table:table .*?</table:table>|<text:list [^>]*>.*?</text:list>|"
                        r"<text:h\b.*?</text:h>|<text:p [^>]*/>|<text:p [^>]*>.*?</text:p>", re.S)
_ODT_ROW = re.compile(r"<table:table-row\b.*?</table:table-row>", re.S)
_ODT_ITEM_PARAGRAPH = re.compile(r'<text:p text:style-name="([^"]+)"( ?/?)>')


_ODT_CELL = re.compile(r"<table:table-cell\b.*?</table:table-cell>", re.S)
_ODT_FONT = re.compile(r'text:style-name="Cell(?:Text|Head)(\d+(?:_\d+)?)"')


def _odt_lines(block: str) -> int:
    """A block's paragraphs and line breaks (a table: none)."""
    if block.startswith("<table:table "):
        return len(_ODT_ROW.findall(block))
    return len(_ODT_ITEM_PARAGRAPH.findall(block)) + block.count("<text:line-break")


def _odt_cm(block: str, row_cm: dict[str, float], column_cm: dict[str, float]) -> float:
    if block.startswith("<table:table "):
        widths = [column_cm.get(c, 0.0) for c in re.findall(r'<table:table-column table:style-name="([^"]+)"', block)]
        size = _ODT_FONT.search(block)
        rows = [([re.sub(r"<[^>]+>", " ", c.replace("<text:line-break />", f" {LINE_BREAK} ")) for c in _ODT_CELL.findall(row)],
                 row_cm.get(re.search(r'table:style-name="([^"]+)"', row).group(1), 0.0))
                for row in _ODT_ROW.findall(block)]
        return _table_cm(rows, widths, float(size.group(1).replace("_", ".")) if size else TABLE_FONT_PT)
    text = re.sub(r"<[^>]+>", "", block)
    paragraphs = max(len(_ODT_ITEM_PARAGRAPH.findall(block)), 1)
    return _paragraph_cm(text, paragraphs - 1 + block.count("<text:line-break"), block.startswith("<text:h"))


def odt(xml: str) -> str:
    """As `docx` in content.xml: a table keeps with the next block by its style (fo:keep-with-next,
    as odt_layout's _odt_keep_last), a paragraph or a list's items by a style that keeps with the
    next (odt_pairs.KEEP, else a copy of their automatic style)."""
    row_cm = {name: float(cm) for name, cm in re.findall(
        r'<style:style style:name="([^"]+)" style:family="table-row">\s*'
        r'<style:table-row-properties [^>]*style:min-row-height="([\d.]+)cm"', xml)}
    column_cm = {name: float(cm) for name, cm in re.findall(
        r'<style:style style:name="([^"]+)" style:family="table-column">\s*'
        r'<style:table-column-properties [^>]*style:column-width="([\d.]+)cm"', xml)}
    start = xml.find("<office:text>")
    head, body = xml[:start], xml[start:]
    tables: list[str] = []
    copies: dict[str, str] = {}

    def kept_paragraph(p: re.Match) -> str:
        style = p.group(1)
        kept = kept_style(style)
        if kept is None:
            return p.group(0)
        if kept.endswith("_Keep"):
            copies[style] = kept
        return f'<text:p text:style-name="{kept}"{p.group(2)}>'

    edits: list[tuple[int, int, str]] = []
    sections = _sections(list(_ODT_BLOCK.finditer(body)), lambda b: b.startswith("<text:h"))
    signing = _signing(sections, lambda t: re.search(f">{SIGNATURE_CELL}</text:p>", t))
    for i, section in enumerate(sections):
        texts = [b.group(0) for b in section]
        if sum(_odt_lines(t) for t in texts[1:]) < 2 \
                or sum(_odt_cm(t, row_cm, column_cm) for t in texts) > SHORT_CM or i in signing or i + 2 in signing:
            continue
        for block in section[1:]:
            text = block.group(0)
            if text.startswith("<table:table "):
                if block is not section[-1]:
                    tables.append(re.search(r'table:style-name="([^"]+)"', text).group(1))
                continue
            # the section's last list: its items kept together, the last one left free
            last = len(_ODT_ITEM_PARAGRAPH.findall(text)) - (1 if block is section[-1] else 0)
            if last > 0:  # (re.sub's count 0 would be all)
                edits.append((block.start(), block.end(),
                              _ODT_ITEM_PARAGRAPH.sub(kept_paragraph, text, count=last)))
    for begin, end, kept in reversed(edits):
        body = body[:begin] + kept + body[end:]
    xml = keep_styles(head + body, copies)
    for name in tables:
        xml = keep_table_with_next(xml, name)
    return xml
