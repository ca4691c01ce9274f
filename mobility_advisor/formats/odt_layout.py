"""ODT laid out for print, as the PDF and the DOCX (see docx_layout): A4, "n / N" page numbers,
bordered tables sized to their content, signature blocks and free-text boxes kept on one page."""

from __future__ import annotations

import re

from mobility_advisor.formats import box_cells, code_numbers, detail_rows, header_slash, host_break, lead_ins, short_sections
from mobility_advisor.formats.odt_pairs import KEEP as _ODT_KEEP, keep_lines as _odt_keep_lines, keep_signing, \
    keep_styles as _odt_keep_styles, keep_table_with_next, pairs as _odt_pairs
from mobility_advisor.formats.office_zip import (FOOTER_FONT_PT, OFFICE_TEXT_CM, document_title, footer_title,
                                                 heading_numbers, read_member, rewrite_zip)
from mobility_advisor.formats.table_layout import (BLANK, FILL_ROW_CM, SIGNATURE_CELL, SIGNATURE_ROW_CM, fill_row_cm,
                                                   head_font_pt, is_box)

_ODT_CELL = 'fo:border="0.5pt solid #444444" fo:padding="0.08cm"'
_ODT_STYLES = (
    # Signature rows: a stamp's height, never split.
    '<style:style style:name="SignatureRow" style:family="table-row">'
    f'<style:table-row-properties style:min-row-height="{SIGNATURE_ROW_CM}cm" fo:keep-together="always" />'
    "</style:style>"
    '<style:style style:name="SignatureCell" style:family="table-cell">'
    '<style:table-cell-properties fo:border="0.5pt solid #444444" fo:padding="0.05cm" /></style:style>'
    '<style:style style:name="SignatureHeadCell" style:family="table-cell">'
    '<style:table-cell-properties fo:border="0.5pt solid #444444" fo:padding="0.05cm" fo:background-color="#e9e9e9" />'
    "</style:style>"
    # Other rows: never split across pages.
    '<style:style style:name="KeepRow" style:family="table-row">'
    '<style:table-row-properties fo:keep-together="always" /></style:style>'
    # A row of blanks to write on: a line of handwriting (as DOCX's 624 twips, HTML's 11 mm).
    '<style:style style:name="FillRow" style:family="table-row">'
    f'<style:table-row-properties style:min-row-height="{FILL_ROW_CM}cm" fo:keep-together="always" /></style:style>'
    # The heading and sentences above a signature table stay with it.
    '<style:style style:name="KeepHeading" style:family="paragraph" style:parent-style-name="Heading_20_1">'
    '<style:paragraph-properties fo:keep-with-next="always" /></style:style>'
    '<style:style style:name="KeepText" style:family="paragraph" style:parent-style-name="First_20_paragraph">'
    '<style:paragraph-properties fo:keep-with-next="always" fo:keep-together="always" /></style:style>'
    '<style:style style:name="KeepBody" style:family="paragraph" style:parent-style-name="Text_20_body">'
    '<style:paragraph-properties fo:keep-with-next="always" fo:keep-together="always" /></style:style>'
    # A sentence and its translation (the italic paragraph below it) on one page (see _odt_pairs).
    '<style:style style:name="PairText" style:family="paragraph" style:parent-style-name="First_20_paragraph">'
    '<style:paragraph-properties fo:keep-with-next="always" fo:keep-together="always" /></style:style>'
    '<style:style style:name="PairBody" style:family="paragraph" style:parent-style-name="Text_20_body">'
    '<style:paragraph-properties fo:keep-with-next="always" fo:keep-together="always" /></style:style>'
    '<style:style style:name="PairLine" style:family="paragraph" style:parent-style-name="Text_20_body">'
    '<style:paragraph-properties fo:keep-together="always" /></style:style>'
    '<style:style style:name="TableGap" style:family="paragraph" style:parent-style-name="Standard">'
    '<style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0cm" /></style:style>'
)
_ODT_TABLE = re.compile(r"<table:table [^>]*>.*?</table:table>", re.S)
_ODT_BEFORE_TABLE = re.compile(
    r"((?:<text:(?:p|h) [^>]*>(?:(?!</text:(?:p|h)>).)*</text:(?:p|h)>\s*){0,5})(<table:table [^>]*>.*?</table:table>)",
    re.S)


def _is_signature_odt(table: str) -> bool:
    head, sep, _ = table.partition("</table:table-header-rows>")
    return bool(sep) and bool(re.search(rf">{SIGNATURE_CELL}</text:p>", head))


# A cell's padding and borders, left and right (fo:padding 0.08 cm; signature tables 0.05 cm).
_ODT_PADDING_CM = {False: 0.2, True: 0.14}


def _odt_text(cell: str) -> str:
    cell = re.sub(r"<text:(?:s|tab|line-break)\b[^>]*/>|</text:p>", " ", cell)
    return _unescape_xml(re.sub(r"<[^>]+>", "", cell))


def _unescape_xml(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'") \
        .replace("&amp;", "&")


def _odt_rows(table: str) -> list[list[str]]:
    rows = [[_odt_text(c) for c in re.findall(r"<table:table-cell\b.*?</table:table-cell>", row, re.S)]
            for row in re.findall(r"<table:table-row\b.*?</table:table-row>", table, re.S)]
    if "<table:table-header-rows>" not in table and rows:
        rows = [[""] * len(rows[0]), *rows]
    return rows


def _odt_table_plan(table: str) -> tuple[bool, list[float], float]:
    signature = _is_signature_odt(table)
    widths, font = header_slash.table_plan(_odt_rows(table), signature, _ODT_PADDING_CM[signature])
    return signature, widths, font


def _odt_font_styles(font: float) -> tuple[str, str]:
    tag = f"{font:g}".replace(".", "_")
    return f"CellText{tag}", f"CellHead{tag}"


def _odt_table(m: re.Match, signed: bool = False) -> str:
    """A table's rows kept whole on a page, its text at the size chosen for it; a signature
    table's rows a stamp's height."""
    table = m.group(0)
    signature, widths, font = _odt_table_plan(table)
    table = host_break.odt(table, _odt_rows(table), widths, font, _ODT_PADDING_CM[signature])  # after the columns' sizing
    text_style, _ = _odt_font_styles(font)
    head_style = _odt_font_styles(head_font_pt(_odt_rows(table), font))[1]
    head, sep, rest = table.partition("</table:table-header-rows>")
    row_style = "SignatureRow" if signature else "KeepRow"
    if sep:
        head = head.replace("<table:table-row>", '<table:table-row table:style-name="KeepRow">')
        rest = rest.replace("<table:table-row>", f'<table:table-row table:style-name="{row_style}">')
        table = head + sep + rest
    else:
        table = table.replace("<table:table-row>", f'<table:table-row table:style-name="{row_style}">')
    if not signature:
        table = re.sub(r'<table:table-row table:style-name="KeepRow">(?:(?!</table:table-row>).)*</table:table-row>',
                       _odt_fill_row, table, flags=re.S)
    if sep and not signature:  # a form to sign: its details written in by hand; lines to comment on
        head, sep, rest = table.partition("</table:table-header-rows>")
        table = head + sep + _odt_detail_rows(rest, _odt_rows(table)[0], signed)
    if sep and _is_box_odt(table):  # a free-text box: at least BOX_CM high (pages8), its rows printed empty (box_cells)
        height = fill_row_cm(table.count('table:style-name="FillRow"'))
        table = box_cells.odt(table.replace('table:style-name="FillRow"', f'table:style-name="{_fill_style(height)}"')
                              if height > FILL_ROW_CM else table)
    if signature:
        table = table.replace('table:style-name="TableRowCell"', 'table:style-name="SignatureCell"')
        table = table.replace('table:style-name="TableHeaderRowCell"', 'table:style-name="SignatureHeadCell"')
    head, sep, rest = table.partition("</table:table-header-rows>")  # "achieved /" as sized: header_slash
    table = (header_slash.office(head) + sep + rest if sep else table).replace('text:style-name="Table_20_Heading"', f'text:style-name="{head_style}"')
    return table.replace('text:style-name="Table_20_Contents"', f'text:style-name="{text_style}"')


def _odt_keep_heading(m: re.Match) -> str:
    """As _docx_keep_heading: above a signature table the sentences before it, above any other
    table its heading and the sentences after the heading, kept with the table's first row;
    without a heading, the sentence and its translation just above the table."""
    before, table = m.group(1), m.group(2)
    cut = before.rfind("<text:h ")
    if not before:
        return m.group(0)
    if cut < 0 and not _is_signature_odt(table):
        starts = [p.start() for p in re.finditer(r"<text:p ", before)]
        cut = starts[-2] if len(starts) > 1 and "PairLine" in before[starts[-1]:starts[-1] + 60] else starts[-1]
    cut = max(cut, 0)
    kept = re.sub(r'text:style-name="([^"]+)"', lambda s: f'text:style-name="{_ODT_KEEP.get(s.group(1), s.group(1))}"',
                  before[cut:])
    return before[:cut] + kept + table


# The document's last paragraph (the sources line) kept with the block before it (see _docx_keep_last):
# a table before it keeps with the next paragraph (its table style), a paragraph gets a Keep style.
_ODT_LAST = re.compile(r'(<table:table table:name="[^"]*" table:style-name="([^"]+)">(?:(?!<table:table ).)*?'
                       r"</table:table>|<text:p text:style-name=\"([^\"]+)\">(?:(?!</text:p>).)*</text:p>)(\s*)"
                       r"(<text:p [^>]*>(?:(?!</text:p>).)*</text:p>\s*</office:text>)", re.S)


def _odt_keep_last(xml: str) -> str:
    m = _ODT_LAST.search(xml)
    if not m:
        return xml
    if m.group(2):  # a table: its style keeps it with the next paragraph
        return keep_table_with_next(xml, m.group(2))
    kept = _ODT_KEEP.get(m.group(3))
    if not kept:
        return xml
    start = m.start(1)
    return xml[:start] + m.group(1).replace(f'text:style-name="{m.group(3)}"', f'text:style-name="{kept}"', 1) + \
        xml[m.end(1):]


_ODT_LIST_BEFORE_TABLE = re.compile(r"(<text:list [^>]*>(?:(?!<text:list |</text:list>).)*</text:list>)(\s*<table:table )",
                                    re.S)


def _odt_keep_lists(xml: str) -> str:
    """A list just above a table (the two alternative tick boxes above "Changes and remarks")
    kept with it: its paragraphs in a copy of their style that keeps with the next (#25)."""
    kept = {}

    def keep(m: re.Match) -> str:
        names = set(re.findall(r'<text:p text:style-name="([^"]+)">', m.group(1)))
        items = m.group(1)
        for name in names:
            kept[name] = f"{name}_Keep"
            items = items.replace(f'<text:p text:style-name="{name}">', f'<text:p text:style-name="{name}_Keep">')
        return items + m.group(2)

    xml = _ODT_LIST_BEFORE_TABLE.sub(keep, xml)
    return _odt_keep_styles(xml, kept)


def _fill_style(height: float) -> str:
    return f"FillRow{height:g}".replace(".", "_")


def _odt_fill_styles(xml: str) -> str:
    """The taller rows of free-text boxes of few rows (FillRow1_4: two rows, a box of 2.8 cm)."""
    heights = sorted({fill_row_cm(n) for n in range(1, 4)} - {FILL_ROW_CM})
    details = "".join(f'<style:style style:name="{_detail_style(h)}" style:family="table-row">'
                      f'<style:table-row-properties style:min-row-height="{h:g}cm" fo:keep-together="always" />'
                      "</style:style>" for h in (detail_rows.DETAIL_ROW_CM, detail_rows.ADDRESS_ROW_CM,
                                                           detail_rows.COMMENT_ROW_CM))
    styles = details + "".join(f'<style:style style:name="{_fill_style(h)}" style:family="table-row">'
                     f'<style:table-row-properties style:min-row-height="{h:g}cm" fo:keep-together="always" />'
                     "</style:style>" for h in heights)
    return xml.replace("</office:automatic-styles>", styles + "</office:automatic-styles>", 1)


def _odt_fill_row(m: re.Match) -> str:
    """A row of blanks only gets a handwriting line's height (FillRow)."""
    row = m.group(0)
    cells = re.findall(r"<table:table-cell\b.*?</table:table-cell>", row, re.S)
    if cells and {_odt_text(c).strip() for c in cells} == {BLANK}:
        return row.replace('table:style-name="KeepRow"', 'table:style-name="FillRow"', 1)
    return row


def _detail_style(height: float) -> str:
    return f"DetailRow{height:g}".replace(".", "_")


def _odt_detail_rows(rows: str, header: list[str], signed: bool) -> str:
    """A details table's rows with a blank to fill in (an address, an e-mail) as high as handwriting
    needs (table_layout.detail_row_cm)."""
    def row(m: re.Match) -> str:
        cells = [_odt_text(c) for c in re.findall(r"<table:table-cell\b.*?</table:table-cell>", m.group(0), re.S)]
        height = signed and detail_rows.detail_row_cm(header, cells) or detail_rows.comment_row_cm(cells)
        return detail_rows.without_comment_lines(m.group(0)).replace(  # lines to comment on: an empty box
            'table:style-name="KeepRow"', f'table:style-name="{_detail_style(height)}"', 1) if height else m.group(0)

    return re.sub(r'<table:table-row table:style-name="KeepRow">(?:(?!</table:table-row>).)*</table:table-row>',
                  row, rows, flags=re.S)


def _is_box_odt(table: str) -> bool:
    """A free-text box: a header, then rows of blanks only (table_layout.is_box)."""
    return "<table:table-header-rows>" in table and is_box(_odt_rows(table))


def _odt_columns(xml: str) -> str:
    """Every table: column widths sized to its content, no page break inside a signature table,
    and the paragraph styles of the font size chosen for each table."""
    sizes = set()
    for table in _ODT_TABLE.findall(xml):
        signature, widths, font = _odt_table_plan(table)
        sizes.update((font, head_font_pt(_odt_rows(table), font)))
        name = re.search(r'table:style-name="([^"]+)"', table).group(1)
        # short tables printed whole, as in the PDF and the DOCX (#25)
        # (a tall one parts between rows: kept whole, it left most of a page blank, pages8)
        whole = signature or host_break.kept_whole(_odt_rows(table), widths, font, _ODT_PADDING_CM[False])
        breaks = ' style:may-break-between-rows="false"' if whole else ""
        xml = xml.replace(f'<style:style style:name="{name}" style:family="table">\n      '
                          '<style:table-properties style:width="18cm" table:align="margins" />',
                          f'<style:style style:name="{name}" style:family="table">\n      '
                          f'<style:table-properties style:width="{sum(widths):.3f}cm" table:align="left"{breaks} />',
                          1)
        for col, width in zip(re.findall(r'<table:table-column table:style-name="([^"]+)" />', table), widths):
            xml = xml.replace(f'<style:style style:name="{col}" style:family="table-column" />',
                              f'<style:style style:name="{col}" style:family="table-column">'
                              f'<style:table-column-properties style:column-width="{width:.3f}cm" /></style:style>', 1)
    styles = "".join(
        f'<style:style style:name="{name}" style:family="paragraph" style:parent-style-name="{parent}">'
        '<style:paragraph-properties fo:margin-left="0cm" fo:margin-right="0cm" />'
        f'<style:text-properties fo:font-size="{font:g}pt" /></style:style>'
        for font in sorted(sizes) for name, parent in zip(_odt_font_styles(font), ("Table_20_Contents",
                                                                                   "Table_20_Heading")))
    return xml.replace("</office:automatic-styles>", styles + "</office:automatic-styles>", 1)


def _odt_task_lists(xml: str) -> str:
    """A task list shows its box only: the list's first level gets no bullet."""
    boxed = set(re.findall(r'<text:list text:style-name="([^"]+)">\s*<text:list-item>\s*<text:p [^>]*>[☐☒]', xml))
    for name in boxed:
        xml = re.sub(rf'(<text:list-style style:name="{name}">\s*)<text:list-level-style-bullet text:level="1"'
                     r' text:style-name="Bullet_20_Symbols" style:num-suffix="." text:bullet-char="[^"]*">'
                     r"(.*?)</text:list-level-style-bullet>",
                     r'\1<text:list-level-style-number text:level="1" style:num-format="">\2</text:list-level-style-number>',
                     xml, count=1, flags=re.S)
    return xml


# a heading's section numbers joined to their words (office_zip.heading_numbers)
_ODT_HEADING = re.compile(r"<text:h\b[^>]*>.*?</text:h>", re.S)


def _odt_content(xml: str) -> str:
    xml = _ODT_HEADING.sub(lambda m: heading_numbers(m.group(0)), xml)
    xml = re.sub(r'(style:name="TableHeaderRowCell" style:family="table-cell">\s*<style:table-cell-properties) fo:border="none"',
                 rf'\1 {_ODT_CELL} fo:background-color="#e9e9e9"', xml)
    xml = re.sub(r'(style:name="TableRowCell" style:family="table-cell">\s*<style:table-cell-properties) fo:border="none"',
                 rf"\1 {_ODT_CELL}", xml)
    xml = xml.replace('<style:table-properties table:align="center" />',
                      '<style:table-properties style:width="18cm" table:align="margins" />')
    xml = xml.replace("</office:automatic-styles>", _ODT_STYLES + "</office:automatic-styles>", 1)
    xml = _odt_fill_styles(xml)
    xml = _odt_columns(xml)
    xml = _odt_task_lists(xml)
    xml = _odt_pairs(xml)
    xml = _odt_keep_lists(xml)
    xml = _ODT_BEFORE_TABLE.sub(_odt_keep_heading, xml)
    xml = _odt_keep_last(xml)
    xml = keep_signing(xml)
    xml = lead_ins.odt(xml)
    xml = re.sub(r"</table:table>(\s*)<table:table ", r'</table:table>\1<text:p text:style-name="TableGap" /><table:table ',
                 xml)
    signed = any(_is_signature_odt(t) for t in _ODT_TABLE.findall(xml))
    xml = _ODT_TABLE.sub(lambda t: _odt_table(t, signed), xml)
    # last: the Keep styles given above are automatic styles, kept together in place
    return code_numbers.odt(_odt_keep_lines(short_sections.odt(xml)))  # a short section on one page; L6222‑42 whole


_ODT_PAGE_NUMBER = re.compile(r"(<style:footer>\s*<text:p [^>]*>\s*<text:page-number [^>]*>\s*1</text:page-number>)")


# Sober print sizes, as the DOCX's (docx_layout): pandoc's ODT has a 12 pt body, 14 pt headings
# (16 pt for the first level) and LibreOffice's 28 pt title.
_ODT_SIZES = {"Heading": "13pt", "Heading_20_1": "14pt", "Heading_20_2": "13pt", "Heading_20_3": "11.5pt",
              "Title": "17pt"}
_ODT_TITLE = ('<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Heading" '
              'style:next-style-name="Text_20_body" style:class="chapter">'
              '<style:paragraph-properties fo:text-align="center" />'
              '<style:text-properties fo:font-size="17pt" fo:font-weight="bold" style:font-size-asian="17pt" '
              'style:font-size-complex="17pt" /></style:style>')


def _odt_text_sizes(xml: str) -> str:
    """The default paragraph at 10.5 pt, the headings and the title at the sizes above."""
    xml = re.sub(r'(<style:default-style style:family="paragraph">.*?<style:text-properties\b[^>]*?)'
                 r'fo:font-size="[^"]*"', r'\1fo:font-size="10.5pt"', xml, count=1, flags=re.S)

    def sized(m: re.Match) -> str:
        style, size = m.group(0), _ODT_SIZES[m.group(1)]
        return re.sub(r'((?:fo|style):font-size(?:-asian|-complex)?)="[^"]*"', rf'\1="{size}"', style)

    # compact space around headings (pandoc's: 0.42 cm above, 0.21 cm below)
    xml = re.sub(r'(<style:style [^>]*style:name="Heading"[^>]*>\s*<style:paragraph-properties\b[^>]*?)'
                 r'fo:margin-bottom="[^"]*" fo:margin-top="[^"]*"', r'\1fo:margin-bottom="0.1cm" fo:margin-top="0.25cm"',
                 xml, count=1, flags=re.S)
    names = "|".join(_ODT_SIZES)
    xml = re.sub(rf'<style:style [^>]*style:name="({names})"[^>]*>(?:(?!</style:style>).)*</style:style>', sized, xml,
                 flags=re.S)
    if 'style:name="Title"' not in xml:
        xml = xml.replace("</office:styles>", _ODT_TITLE + "</office:styles>", 1)
    return xml


# The body in the sans font of the PDF and the DOCX (pandoc's ODT says Times New Roman: the three
# formats looked like different documents, #25); a generic sans where DejaVu Sans is missing.
_ODT_SANS_FACE = ('<style:font-face style:name="DejaVu Sans" svg:font-family="&apos;DejaVu Sans&apos;" '
                  'style:font-family-generic="swiss" style:font-pitch="variable" />')


def _odt_sans(xml: str) -> str:
    xml = xml.replace("</office:font-face-decls>", _ODT_SANS_FACE + "</office:font-face-decls>", 1)
    return re.sub(r'(<style:default-style style:family="paragraph">.*?<style:text-properties\b[^>]*?)'
                  r'style:font-name="[^"]*"', r'\1style:font-name="DejaVu Sans"', xml, count=1, flags=re.S)


_ODT_FOOTER = re.compile(r'(<style:footer>\s*<text:p text:style-name="([^"]+)">)')


def _odt_footer(xml: str, title: str) -> str:
    """The document's title at the left of the footer, the page number at the right (a right tab
    at the text's width), in the PDF's grey at its size (#25: "3 / 4" alone, centred)."""
    from xml.sax.saxutils import escape

    m = _ODT_FOOTER.search(xml)
    if not m:
        return xml
    name = m.group(2)
    style = (f'<style:style style:family="paragraph" style:name="{name}" style:parent-style-name="Footer">'
             '<style:paragraph-properties fo:text-align="start" style:justify-single-word="false">'
             f'<style:tab-stops><style:tab-stop style:position="{OFFICE_TEXT_CM:g}cm" style:type="right" />'
             '</style:tab-stops></style:paragraph-properties>'
             f'<style:text-properties fo:font-size="{FOOTER_FONT_PT:g}pt" fo:color="#555555" /></style:style>')
    xml = re.sub(rf'<style:style [^>]*style:name="{re.escape(name)}"[^>]*>.*?</style:style>', lambda _: style, xml,
                 count=1, flags=re.S)
    return _ODT_FOOTER.sub(lambda f: f.group(1) + escape(footer_title(title)) + "<text:tab/>", xml, count=1)


def _odt_styles(xml: str, title: str = "") -> str:
    def page(m: re.Match) -> str:
        props = m.group(0)
        for attr, value in (("fo:page-width", "21cm"), ("fo:page-height", "29.7cm"), ("fo:margin-top", "1.6cm"),
                            ("fo:margin-bottom", "1.6cm"), ("fo:margin-left", "1.5cm"), ("fo:margin-right", "1.5cm")):
            props = re.sub(rf'{attr}="[^"]*"', f'{attr}="{value}"', props)
        return props

    xml = re.sub(r"<style:page-layout-properties [^>]*>", page, xml)
    # the footer in the bottom margin, as the PDF's: the text ends 1.6 cm above the paper's edge, the
    # page number below it (pandoc's 1.5 cm footer above the 1.6 cm margin took 1.5 cm of every page:
    # a signature block pushed to a last sheet of its own, pages8)
    xml = re.sub(r'(<style:page-layout-properties [^>]*)fo:margin-bottom="1.6cm"', r'\1fo:margin-bottom="0.8cm"', xml)
    xml = re.sub(r'<style:header-footer-properties ([^>]*)fo:margin-top="[^"]*" fo:min-height="[^"]*"',
                 r'<style:header-footer-properties \1fo:margin-top="0.4cm" fo:min-height="0.4cm"', xml)
    xml = _odt_text_sizes(xml)
    xml = _odt_sans(xml)
    # "3 / 5" in the footer, as in the PDF (pandoc's footer has the page number alone).
    xml = _ODT_PAGE_NUMBER.sub(r"\1 / <text:page-count>1</text:page-count>", xml)
    return _odt_footer(xml, title)


def odt_layout(data: bytes) -> bytes:
    title = document_title(read_member(data, "meta.xml"))
    return rewrite_zip(data, {"content.xml": _odt_content, "styles.xml": lambda xml: _odt_styles(xml, title)})
