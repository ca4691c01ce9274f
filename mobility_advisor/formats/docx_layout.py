"""DOCX laid out for print, as the PDF: A4, page numbers, bordered tables sized to their content,
signature blocks kept on one page, a list item kept with its translation.

Pandoc's DOCX and ODT are rewritten in place (their XML, by regular expressions on the
exact shapes pandoc writes) so that they print like the PDF: A4, page numbers in the
footer, bordered tables, and signature blocks that a partner can sign and stamp:
- the block (heading, the sentences under it, the table) stays on one page: keep-with-
  next on the heading and sentences, rows that cannot split, and the table itself kept
  together (DOCX: keep-with-next on every row but the last, as Word does it; ODT:
  no break between rows);
- every table: fixed column widths sized to its content (`table_plan`), its text at the
  size chosen for it, rows that cannot split; a signature table's stamp box 6.1 x 2.6 cm;
- consecutive tables get an empty paragraph between them (else Word and LibreOffice
  join them into one table).
"""

from __future__ import annotations

import re

from mobility_advisor.formats import box_cells, code_numbers, header_slash, host_break, lead_ins, short_sections, word_xml
from mobility_advisor.formats.detail_rows import comment_row_cm, detail_row_cm, without_comment_lines
from mobility_advisor.formats.office_zip import (OFFICE_TEXT_CM, document_title, footer_title, heading_numbers, read_member,
                                                 rewrite_zip)
from mobility_advisor.formats.table_layout import (BLANK, SIGNATURE_CELL, SIGNATURE_ROW_CM, fill_row_cm, head_font_pt,
                                                   is_box, is_signature_label)

# Word measures in twentieths of a point: 1 cm = 567.
TWIPS_PER_CM = 567
_A4_WORD = ('<w:pgSz w:w="11906" w:h="16838" />'
            '<w:pgMar w:top="907" w:right="851" w:bottom="1021" w:left="851" w:header="567" w:footer="510" w:gutter="0" />')
_BORDERS_WORD = "<w:tblBorders>" + "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="444444" />'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>"
_FILL_ROW_WORD = '<w:trPr><w:cantSplit /><w:trHeight w:val="%d" w:hRule="atLeast" /></w:trPr>'
_SIGN_ROW_WORD = ('<w:trPr><w:cantSplit /><w:trHeight w:val="%d" w:hRule="atLeast" /></w:trPr>'
                  % round(SIGNATURE_ROW_CM * TWIPS_PER_CM))
# A header cell as in the PDF: grey, its words bold and at the top (pandoc's were regular, at the bottom).
_HEADER_FILL_WORD = '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="E9E9E9" /><w:vAlign w:val="top" /></w:tcPr>'
# Narrow cell margins (1 mm) and fixed layout: the widths below are kept as written. The table is
# indented by its cell margin: Word and LibreOffice put its border that far left of the text's.
_CELL_MARGIN_TWIPS = 57
_TABLE_WORD = ('<w:tblLayout w:type="fixed" /><w:tblCellMar><w:left w:w="%d" w:type="dxa" />'
               '<w:right w:w="%d" w:type="dxa" /></w:tblCellMar>' % (_CELL_MARGIN_TWIPS, _CELL_MARGIN_TWIPS))
_WORD_PADDING_CM = 2 * _CELL_MARGIN_TWIPS / 567 + 0.05  # both margins and a border


def _run_size_word(font_pt: float) -> str:
    return '<w:sz w:val="{0}" /><w:szCs w:val="{0}" />'.format(round(font_pt * 2))


_WORD_TABLE = re.compile(r"<w:tbl>.*?</w:tbl>", re.S)
_WORD_ROW = re.compile(r"<w:tr>.*?</w:tr>", re.S)
_WORD_CELL = re.compile(r"<w:tc>.*?</w:tc>", re.S)
# (a paragraph kept already is left as it is: w:keepNext once)
_WORD_PPR = re.compile(r"<w:pPr>((?:<w:pStyle [^>]*/>)?)(?!<w:pStyle |<w:keepNext)")


def _keep_next(xml: str) -> str:
    """Every paragraph in `xml` kept with the next one (w:keepNext, right after w:pStyle)."""
    xml = _WORD_PPR.sub(lambda m: f"<w:pPr>{m.group(1) or ''}<w:keepNext />", xml)
    return re.sub(r"<w:p>(?!<w:pPr>)", "<w:p><w:pPr><w:keepNext /></w:pPr>", xml)


def _cell_text(cell: str) -> str:
    """A cell's text as printed, its paragraphs joined by a space."""
    return " ".join(word_xml.text(p) for p in re.findall(r"<w:p[ >].*?</w:p>", cell, re.S))


# Run properties that come after w:sz in a w:rPr (ECMA-376 order): the size goes before them.
_AFTER_SZ = re.compile(r"<w:(?:szCs|highlight|u|effect|bdr|shd|fitText|vertAlign|rtl|cs|em|lang|eastAsianLayout"
                       r"|specVanish|oMath)\b|</w:rPr>")


def _sized_run(run: str, size: str) -> str:
    """A run at the table's font size, its other properties kept in schema order."""
    if not run.startswith("<w:r><w:rPr>"):
        return run.replace("<w:r>", f"<w:r><w:rPr>{size}</w:rPr>", 1)
    props_end = run.index("</w:rPr>")
    at = _AFTER_SZ.search(run, 0, props_end + len("</w:rPr>")).start()
    return run[:at] + size + run[at:]


def _bold_run(run: str) -> str:
    """A run in bold (w:b after w:rStyle and w:rFonts, as the schema orders a w:rPr)."""
    if "<w:b />" in run:
        return run
    if not run.startswith("<w:r><w:rPr>"):
        return run.replace("<w:r>", "<w:r><w:rPr><w:b /></w:rPr>", 1)
    return re.sub(r"(<w:r><w:rPr>(?:<w:rStyle [^>]*/>)?(?:<w:rFonts [^>]*/>)?)", r"\1<w:b />", run, count=1)


def _docx_row(row: str, widths_twips: list[int], size: str, keep: bool) -> str:
    """A row: each cell at its column's width, its text at the table's size, and (`keep`) every
    paragraph kept with the next one (a signature table's rows stay together)."""
    widths = iter(widths_twips)

    def cell(m: re.Match) -> str:
        tc = m.group(0)
        width = next(widths, None)
        if width is not None:
            tcw = f'<w:tcW w:w="{width}" w:type="dxa" />'
            tc = tc.replace("<w:tcPr />", f"<w:tcPr>{tcw}</w:tcPr>", 1) if "<w:tcPr />" in tc else \
                tc.replace("<w:tcPr>", f"<w:tcPr>{tcw}", 1)
        tc = re.sub(r"<w:r>.*?</w:r>", lambda r: _sized_run(r.group(0), size), tc, flags=re.S)
        return _keep_next(tc) if keep else tc

    return _WORD_CELL.sub(cell, row)


def _host_lines(row: str, r: int, texts: list[list[str]], broken_at: set[tuple[int, int]]) -> str:
    """Body row `r`'s cells that wrap anyway: their host half begun on a line of its own (host_break)."""
    columns = iter(range(len(texts[r])))

    def cell(m: re.Match) -> str:
        at = (r, next(columns, -1))
        return host_break.broken(m.group(0), texts[r][at[1]], '</w:t><w:br /><w:t xml:space="preserve">') \
            if at in broken_at else m.group(0)

    return _WORD_CELL.sub(cell, row)


def _docx_table(m: re.Match, signed: bool = False) -> str:
    table = m.group(0)
    rows = _WORD_ROW.findall(table)
    if not rows:
        return table
    header, body = rows[0], rows[1:]
    is_header = "<w:tblHeader" in header
    signature = is_header and any(is_signature_label(t) for t in word_xml.TEXT_RUN.findall(header))
    texts = [[_cell_text(c) for c in _WORD_CELL.findall(r)] for r in rows]
    texts = texts if is_header else [[""] * len(texts[0]), *texts]
    box = is_header and is_box(texts)  # a free-text box: its rows FILL_ROW_CM high at least (fill_row_cm)
    widths_cm, font = header_slash.table_plan(texts, signature, _WORD_PADDING_CM)
    whole = signature or host_break.kept_whole(texts, widths_cm, font, _WORD_PADDING_CM)
    broken_at = host_break.cells(texts, widths_cm, font, _WORD_PADDING_CM)
    widths = [round(w * TWIPS_PER_CM) for w in widths_cm]
    size = _run_size_word(font)
    table = re.sub(r"<w:tblW [^>]*/>", f'<w:tblW w:type="dxa" w:w="{sum(widths)}" />'
                   f'<w:tblInd w:w="{_CELL_MARGIN_TWIPS}" w:type="dxa" />' + _BORDERS_WORD + _TABLE_WORD,
                   table, count=1)
    grid = "".join(f'<w:gridCol w:w="{w}" />' for w in widths)
    table = re.sub(r"<w:tblGrid>.*?</w:tblGrid>", f"<w:tblGrid>{grid}</w:tblGrid>", table, count=1, flags=re.S)
    new_rows = []
    if is_header:
        header = header.replace("<w:tcPr />", _HEADER_FILL_WORD)
        header = re.sub(r"<w:r>.*?</w:r>", lambda r: _bold_run(r.group(0)), header, flags=re.S)
        header = header_slash.office(header.replace("<w:tblHeader ", "<w:cantSplit /><w:tblHeader ", 1))  # "achieved /"
        new_rows.append(_docx_row(header, widths, _run_size_word(head_font_pt(texts, font)), keep=True))  # never alone under its table's name
    else:
        body = rows
    for i, row in enumerate(body):
        if "<w:trPr>" not in row:
            if signature:
                props = _SIGN_ROW_WORD
            elif set(word_xml.TEXT_RUN.findall(row)) == {BLANK}:
                props = _FILL_ROW_WORD % round(fill_row_cm(len(body) if box else 1) * TWIPS_PER_CM)
            elif comment := comment_row_cm(texts[i + 1]):  # a TAC's lines to comment on: an empty box
                props, row = _FILL_ROW_WORD % round(comment * TWIPS_PER_CM), without_comment_lines(row)
            elif signed and is_header and (detail := detail_row_cm(texts[0], texts[i + 1])):  # an address to write in
                props = _FILL_ROW_WORD % round(detail * TWIPS_PER_CM)
            else:
                props = "<w:trPr><w:cantSplit /></w:trPr>"
            row = row.replace("<w:tr>", "<w:tr>" + props, 1)
        # a short table's rows kept with the next one: the table stays on one page; a taller one
        # parts between rows, its first two and last two rows kept together (as the PDF's, pages8)
        keep = i < len(body) - 1 and (whole or i == 0 or i == len(body) - 2)
        row = _docx_row(_host_lines(row, i + 1, texts, broken_at), widths, size, keep=keep)
        new_rows.append(box_cells.docx(row) if box else row)  # printed empty, at the height given above
    rows = _WORD_ROW.findall(table)
    start = table.index(rows[0])
    end = table.rindex(rows[-1]) + len(rows[-1])
    return table[:start] + "".join(new_rows) + table[end:]


# A table with the paragraphs just before it (at most five: heading, sentences and their translations,
# as the grid's results: its hint just above the table, pages10), for keep-with-next.
_WORD_BEFORE_TABLE = re.compile(
    r"((?:<w:p>(?:(?!</w:p>).)*</w:p>\s*(?:<w:bookmark(?:Start|End) [^>]*/>\s*)*){0,5})(<w:tbl>.*?</w:tbl>)", re.S)
_WORD_PARAGRAPH = re.compile(r"<w:p>(?:(?!</w:p>).)*</w:p>", re.S)


def _docx_keep_heading(m: re.Match) -> str:
    """The heading and sentences above a table kept on the page of its first row: above a
    signature table, the sentences before it in any case; above any other table, from a heading
    on (LibreOffice left "Résultats / Ergebnisse" at the foot of a page, its table on the next);
    without a heading, the sentence and its translation (or the two tick boxes) that introduce
    the table ("Ces rubriques…" ended a page, its boxes on the next: #25)."""
    before, table = m.group(1), m.group(2)
    signature = bool(re.search(rf">{SIGNATURE_CELL}</w:t>", table.split("</w:tr>", 1)[0]))
    paragraphs = list(_WORD_PARAGRAPH.finditer(before))
    headings = [i for i, p in enumerate(paragraphs) if '<w:pStyle w:val="Heading' in p.group(0)]
    if not paragraphs:
        return m.group(0)
    # from the last heading on; else (signatures: all) the two paragraphs just above the table
    cut = paragraphs[headings[-1] if headings else 0 if signature else max(len(paragraphs) - 2, 0)].start()
    return before[:cut] + _keep_next(before[cut:]) + table


# The document's last paragraph (the sources line) and the block before it: never on a page of
# its own (LibreOffice printed a last page holding only that line). A table before it keeps its
# last row with the next paragraph, as Word reads keep-with-next in a table.
_WORD_LAST = re.compile(r"(<w:tbl>(?:(?!<w:tbl>).)*?</w:tbl>|<w:p>(?:(?!</w:p>).)*</w:p>)(\s*)"
                        r"(<w:p>(?:(?!</w:p>).)*</w:p>\s*(?:<w:bookmarkEnd [^>]*/>\s*)*<w:sectPr)", re.S)


def _docx_keep_last(xml: str) -> str:
    def keep(m: re.Match) -> str:
        block = m.group(1)
        if block.startswith("<w:tbl>"):
            last = block.rfind("<w:tr>")
            block = block[:last] + _keep_next(block[last:])
        else:
            block = _keep_next(block)
        return block + m.group(2) + m.group(3)

    return _WORD_LAST.sub(keep, xml, count=1)


# A signature table's header row, for the block before its section (below).
_WORD_SIGNATURE_TABLE = re.compile(rf"<w:tbl>(?:(?!</w:tr>).)*>{SIGNATURE_CELL}</w:t>", re.S)
_WORD_TRAILING_MARKS = re.compile(r"(?:\s*<w:bookmark(?:Start|End) [^>]*/>)*\s*$")


def _docx_keep_signing(xml: str) -> str:
    """The block just before a signature section (the commitment's last paragraph, the last box or
    table) kept with the section's heading: the sheet a host signs carries some of what is signed
    (#25: the signature table alone on the last sheet, "a loose sheet invites substitution"). The
    heading, its sentences and the table are kept together already (_docx_keep_heading)."""
    for m in reversed(list(_WORD_SIGNATURE_TABLE.finditer(xml))):
        heading = xml.rfind('<w:p><w:pPr><w:pStyle w:val="Heading', 0, m.start())
        if heading < 0:
            continue
        before = xml[:heading]
        end = len(before) - len(_WORD_TRAILING_MARKS.search(before).group(0))
        if before.endswith("</w:tbl>", 0, end):  # its last row's paragraphs, as Word reads a table's keep
            start = before.rfind("<w:tr>", 0, end)
            kept = _keep_next(before[start:end])
        elif before.endswith("</w:p>", 0, end):
            start = before.rfind("<w:p>", 0, end)
            # and the paragraphs kept with it (a sentence and its translation, a heading) each on one
            # page: LibreOffice parted the sentence to move the chain, its translation went with the table
            while (prev := before.rfind("<w:p>", 0, start)) >= 0 and "<w:keepNext />" in before[prev:start] \
                    and before[prev:start].rstrip().endswith("</w:p>") and "<w:tbl>" not in before[prev:start]:
                start = prev
            kept = _WORD_PARAGRAPH.sub(_docx_keep_whole, _keep_next(before[start:end]))
        else:
            continue
        xml = before[:start] + kept + xml[end:]
    return xml


def _docx_keep_whole(m: re.Match) -> str:
    """A paragraph never parted across pages (w:keepLines after w:pStyle and w:keepNext)."""
    paragraph = m.group(0)
    if "<w:keepLines" in paragraph:
        return paragraph
    return _WORD_PPR_KEEP.sub(lambda p: f"<w:pPr>{p.group(1)}<w:keepLines />", paragraph, count=1)


_EMPTY_PARAGRAPH_WORD = '<w:p><w:pPr><w:spacing w:before="0" w:after="0" /></w:pPr></w:p>'

_FOOTER_RUN = '<w:r><w:rPr><w:color w:val="555555" /><w:sz w:val="15" /></w:rPr>%s</w:r>'
# the page number at the right margin: a right tab at the text's width
_FOOTER_TAB_TWIPS = round(OFFICE_TEXT_CM * TWIPS_PER_CM)


def _footer_word(title: str) -> str:
    """The footer: the document's title at the left, "n / N" at the right, as the PDF's (#25)."""
    from xml.sax.saxutils import escape

    fields = "".join(
        _FOOTER_RUN % '<w:fldChar w:fldCharType="begin" />'
        + _FOOTER_RUN % f'<w:instrText xml:space="preserve"> {field} </w:instrText>'
        + _FOOTER_RUN % '<w:fldChar w:fldCharType="separate" />' + _FOOTER_RUN % "<w:t>1</w:t>"
        + _FOOTER_RUN % '<w:fldChar w:fldCharType="end" />' + sep
        for field, sep in (("PAGE", _FOOTER_RUN % '<w:t xml:space="preserve"> / </w:t>'), ("NUMPAGES", "")))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<w:p><w:pPr><w:tabs><w:tab w:val="right" w:pos="{_FOOTER_TAB_TWIPS}" /></w:tabs>'
            '<w:spacing w:before="0" w:after="0" /></w:pPr>'
            + (_FOOTER_RUN % f'<w:t xml:space="preserve">{escape(footer_title(title))}</w:t>' if title else "")
            + _FOOTER_RUN % "<w:tab />" + fields + "</w:p></w:ftr>")


_FOOTER_ID = "rIdMobilityAdvisorFooter"


_WORD_PPR_KEEP = re.compile(r"<w:pPr>((?:<w:pStyle [^>]*/>)?(?:<w:keepNext />)?)")


def _docx_keep_lines(m: re.Match) -> str:
    """A paragraph holding a line break (a list item, its translation below) kept on one page
    (w:keepLines, after w:pStyle and w:keepNext as the schema orders them)."""
    paragraph = m.group(0)
    if "<w:br />" not in paragraph or "<w:keepLines" in paragraph:
        return paragraph
    if "<w:pPr>" not in paragraph:
        return paragraph.replace("<w:p>", "<w:p><w:pPr><w:keepLines /></w:pPr>", 1)
    return _WORD_PPR_KEEP.sub(lambda p: f"<w:pPr>{p.group(1)}<w:keepLines />", paragraph, count=1)


# A sentence and its translation, the all-italic paragraph after it: kept on one page (as the PDF's
# .pair and the ODT's PairText): the sentence kept with the next paragraph.
_WORD_PAIR = re.compile(r'(<w:p>(?:(?!</w:p>).)*</w:p>)(\s*<w:p><w:pPr><w:pStyle w:val="BodyText" /></w:pPr>'
                        r'(?:<w:r><w:rPr><w:i />(?:(?!</w:r>).)*</w:r>)+</w:p>)', re.S)


def _docx_pair(m: re.Match) -> str:
    first = m.group(1)
    if "<w:keepNext" in first or "<w:tbl" in first:
        return m.group(0)
    return _keep_next(first) + m.group(2)


def _docx_heading(m: re.Match) -> str:
    """A heading's section numbers joined to their words (office_zip.heading_numbers)."""
    paragraph = m.group(0)
    return heading_numbers(paragraph) if '<w:pStyle w:val="Heading' in paragraph else paragraph


def _docx_document(xml: str) -> str:
    xml = _WORD_PARAGRAPH.sub(_docx_heading, xml)
    xml = code_numbers.docx(xml)  # "L6222-42" never broken at its hyphen
    signed = bool(_WORD_SIGNATURE_TABLE.search(xml))  # a form to sign: its details written in by hand
    xml = _WORD_TABLE.sub(lambda t: _docx_table(t, signed), xml)
    xml = _WORD_BEFORE_TABLE.sub(_docx_keep_heading, xml)
    xml = _docx_keep_last(xml)
    xml = _WORD_PAIR.sub(_docx_pair, xml)
    xml = _docx_keep_signing(xml)  # after the pairs: a translation kept too
    xml = lead_ins.docx(xml, _keep_next)
    xml = short_sections.docx(xml, _keep_next)  # a short section on one page (#25 session 9)
    # a list item and its translation below it (a line break in one paragraph): never parted
    xml = _WORD_PARAGRAPH.sub(_docx_keep_lines, xml)
    xml = re.sub(r"</w:tbl>(\s*)<w:tbl>", rf"</w:tbl>\1{_EMPTY_PARAGRAPH_WORD}<w:tbl>", xml)
    # Page numbers: the footer reference opens the section's properties.
    xml = xml.replace("<w:sectPr>", f'<w:sectPr><w:footerReference w:type="default" r:id="{_FOOTER_ID}" />', 1)
    # A4 page, margins of about 1.5 cm; pgSz comes after footnotePr in a sectPr.
    if "<w:pgSz" not in xml:
        if "</w:footnotePr>" in xml:
            xml = xml.replace("</w:footnotePr>", "</w:footnotePr>" + _A4_WORD, 1)
        else:
            xml = xml.replace("</w:footerReference>", "</w:footerReference>" + _A4_WORD, 1)
    return xml


def _docx_rels(xml: str) -> str:
    rel = (f'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" '
           f'Id="{_FOOTER_ID}" Target="footer1.xml" />')
    return xml.replace("</Relationships>", rel + "</Relationships>", 1)


def _docx_types(xml: str) -> str:
    part = ('<Override PartName="/word/footer1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml" />')
    return xml.replace("</Types>", part + "</Types>", 1)


# Sober print styles, as a referent's office document (pandoc's defaults are 12 pt body, 28 pt
# title, 20 pt headings and 9 pt of space after a paragraph: the host brief ran to two pages).
# Sizes in half points; spacing in twips. The tables keep the size table_plan chose for them.
_BODY_SIZE = 21  # 10.5 pt
_STYLE_SIZES = {"Title": 34, "Subtitle": 24, "Heading1": 28, "Heading2": 26, "Heading3": 23, "Heading4": 21,
                "Heading5": 21, "Heading6": 21}
_STYLE_SPACING = {"BodyText": (60, 60), "Compact": (20, 20), "Title": (0, 120), "Heading1": (200, 60),
                  "Heading2": (160, 60), "Heading3": (120, 40), "Heading4": (120, 40)}
_WORD_STYLE = re.compile(r'<w:style [^>]*w:styleId="([^"]+)"[^>]*>.*?</w:style>', re.S)


def _docx_style(m: re.Match) -> str:
    style, name = m.group(0), m.group(1)
    if name in _STYLE_SIZES:
        style = re.sub(r'<w:sz(Cs)? w:val="\d+" />', lambda s: f'<w:sz{s.group(1) or ""} w:val="{_STYLE_SIZES[name]}" />',
                       style)
    if name in _STYLE_SPACING:
        before, after = _STYLE_SPACING[name]
        style = re.sub(r'<w:spacing w:after="\d+"(?: w:before="\d+")?', f'<w:spacing w:after="{after}" w:before="{before}"',
                       style, count=1)
    return style


def _docx_styles(xml: str) -> str:
    """pandoc's styles at print sizes: the default run, the title and headings, their spacing."""
    defaults, sep, rest = xml.partition("</w:docDefaults>")
    defaults = re.sub(r'<w:sz(Cs)? w:val="\d+" />', lambda s: f'<w:sz{s.group(1) or ""} w:val="{_BODY_SIZE}" />',
                      defaults)
    defaults = defaults.replace('<w:spacing w:after="200" />', '<w:spacing w:after="80" />')
    return defaults + sep + _WORD_STYLE.sub(_docx_style, rest)


def docx_layout(data: bytes) -> bytes:
    return rewrite_zip(data, {"word/document.xml": _docx_document, "word/_rels/document.xml.rels": _docx_rels,
                               "word/styles.xml": _docx_styles, "[Content_Types].xml": _docx_types},
                        add={"word/footer1.xml": _footer_word(document_title(read_member(data, "docProps/core.xml")))})
