"""The pack's HTML page: the print style sheet (A4, footer, tables, signature blocks) that both the
HTML files and the PDF (printed from that page by WeasyPrint, pdf.py) use, the pandoc template
that carries it, and the tables marked and sized for it (signature tables, rows to write on)."""

from __future__ import annotations

import re

from mobility_advisor.formats import header_slash, host_break, pdf_forms
from mobility_advisor.formats.detail_rows import comment_row_cm, detail_row_cm, without_comment_lines
from mobility_advisor.formats.header_slash import table_plan
from mobility_advisor.formats.table_layout import SIGNATURE_CELL, SIGNATURE_ROW_CM, head_font_pt

PRINT_CSS = """
@page {
  size: A4;
  margin: 14mm 15mm 16mm 15mm;
  @bottom-left { content: string(doctitle); font-size: 7.5pt; color: #555; }
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 7.5pt; color: #555; }
}
html { font-family: "DejaVu Sans", "Noto Sans", "Liberation Sans", Arial, sans-serif;
       font-size: 9.5pt; line-height: 1.3; color: #111; }
body { max-width: 52em; margin: 0 auto; padding: 1.5em; }
@media print { body { max-width: none; margin: 0; padding: 0; } }
h1.title { font-size: 15pt; margin: 0 0 .5em; padding-bottom: .25em; border-bottom: 1.5pt solid #222;
           string-set: doctitle content(); }
h1 { font-size: 12pt; margin: 1em 0 .35em; }
h2 { font-size: 11pt; margin: 1em 0 .3em; }
h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
p { margin: .35em 0; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 .8em; }
th, td { border: .6pt solid #444; padding: 2pt 4pt; text-align: left; vertical-align: top;
         overflow-wrap: break-word; }
thead th { background: #e9e9e9; }
tr { break-inside: avoid; page-break-inside: avoid; }
/* Column widths and font size are set on each table (colgroup), sized to the content:
   no word cut, the table no wider than the page (or the screen). */
table { table-layout: fixed; }
table.signatures { break-inside: avoid; page-break-inside: avoid; }
table.signatures th, table.signatures td { padding: 2pt 1mm; }
table.signatures tbody td { height: __SIGN_ROW__mm; }
tr.fill td { height: 11mm; }
.signing, .whole { break-inside: avoid; page-break-inside: avoid; }
/* the block before a signature section printed on its page: a signed sheet carries some of what
   is signed (#25: the convention's five signatories alone on a last sheet) */
.signing { break-before: avoid; page-break-before: avoid; }
/* a signature block in tighter spacing: not alone on a last sheet for a few points (#25) */
.signing h1, .signing h2 { margin-top: .5em; }
.signing p { margin: .15em 0; }
.signing table { margin: .25em 0 .3em; }
.signing + p:last-child { margin-top: .2em; }
.pair, .host-line { break-inside: avoid; page-break-inside: avoid; }
.host-line { break-before: avoid; page-break-before: avoid; }
p.lead { break-after: avoid; page-break-after: avoid; }
body > p:last-child { break-before: avoid; page-break-before: avoid; }
ul.task-list { list-style: none; padding-left: .8em; }
ul.task-list input { margin-right: .4em; }
a { color: inherit; }
.page-break { break-before: page; page-break-before: always; }
"""

# a signature row SIGNATURE_ROW_CM high with its padding (2 pt above and below), not above it: the
# stamp box stays as planned, and a signature block fits the foot of a page it missed by a few points
PRINT_CSS = PRINT_CSS.replace("__SIGN_ROW__", f"{SIGNATURE_ROW_CM * 10 - 1.4:g}")

PAGE_TEMPLATE = """<!DOCTYPE html>
<html lang="$lang$">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="mobility-advisor">
<title>$pagetitle$</title>
<style>
""" + PRINT_CSS.replace("$", "$$") + """</style>
</head>
<body>
$if(title)$
<h1 class="title">$title$</h1>
$endif$
$body$
</body>
</html>
"""


_HTML_TABLE = re.compile(r"<table>(.*?)</table>", re.S)


# A table row of blanks only (learning outcomes to write in): tall enough to write by hand.
_HTML_FILL_ROW = re.compile(r'<tr(?: class="[^"]*")?>((?:\s*<td>(?:<!--ma-field [^>]*-->)?_{8}</td>)+\s*)</tr>')

# A signature table with its heading and the sentences between them: kept on one page.
_HTML_SIGNING = re.compile(r'(<h[1-6][^>]*>(?:(?!</h).)*</h[1-6]>\s*(?:<p>(?:(?!</p>).)*</p>\s*)*)?'
                           r'(<table class="signatures"[^>]*>.*?</table>)', re.S)


_HTML_ANY_TABLE = re.compile(r"<table( class=\"signatures\")?>(.*?)</table>", re.S)
_HTML_ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
_HTML_CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)
# A cell's padding and borders, left and right: CSS "padding: 2pt 4pt" (signatures: 2pt 1mm).
_HTML_PADDING_CM = {False: 0.32, True: 0.24}


def _html_text(cell: str) -> str:
    import html as entities

    # a PDF form's field mark is no text: the table is sized as without fields
    return entities.unescape(re.sub(r"<[^>]+>", " ", pdf_forms.strip_html(cell)))


def _size_html_table(m: re.Match, signed: bool = False) -> str:
    """A table with a colgroup of widths (in % of the page) and a font size, from its content."""
    signature, body = bool(m.group(1)), m.group(2)
    rows = [[_html_text(c) for c in _HTML_CELL.findall(row)] for row in _HTML_ROW.findall(body)]
    if not rows or "<colgroup>" in body:
        return m.group(0)
    widths, font = table_plan(rows, signature, _HTML_PADDING_CM[signature])
    total = sum(widths) or 1.0
    cols = "".join(f'<col style="width: {100 * w / total:.2f}%" />' for w in widths)
    opening = '<table class="signatures"' if signature else "<table"
    if (head := head_font_pt(rows, font)) != font:  # a result grid's header, smaller (table_layout.LEVEL_CM)
        body = body.replace("<thead>", f'<thead style="font-size: {head:g}pt">', 1)
    padding = _HTML_PADDING_CM[signature]
    body = _host_lines(body, rows, widths, font, padding)
    if not signature:
        body = _detail_rows(body, rows, signed)
    if not (signature or host_break.kept_whole(rows, widths, font, padding)):
        # a tall table parts between rows under its repeated header, never leaving its first or last
        # two rows alone on a page (pages8: kept whole, it left 40 % of a page blank)
        opening, body = '<table class="parts"', _row_groups(body)
    return f'{opening} style="font-size: {font:g}pt"><colgroup>{cols}</colgroup>{body}</table>'


def _host_lines(body: str, rows: list[list[str]], widths: list[float], font: float, padding: float) -> str:
    """A body cell that wraps anyway: its host half begun on a line of its own (host_break)."""
    broken_at, index = host_break.cells(rows, widths, font, padding), iter(range(len(rows)))

    def row(m: re.Match) -> str:
        r, columns = next(index), iter(range(len(widths)))

        def cell(c: re.Match) -> str:
            at = (r, next(columns, -1))
            return host_break.broken(c.group(0), rows[r][at[1]], "<br />") if at in broken_at else c.group(0)

        return re.sub(r"<t[hd][^>]*>.*?</t[hd]>", cell, m.group(0), flags=re.S)

    return _HTML_ROW.sub(row, body)


# A row's padding (2 pt above and below) and border: a detail row's cells are this much less high
_ROW_PADDING_MM = 1.6


def _detail_rows(body: str, rows: list[list[str]], signed: bool) -> str:
    """A details table's rows with a blank to fill in (an address, a contact's e-mail), as high as
    handwriting needs (detail_rows.detail_row_cm; in a form to sign: a brief to read is typed), their
    PDF text fields as high as the cell; a row of lines to comment on COMMENT_ROW_CM."""
    index = iter(range(len(rows)))

    def row(m: re.Match) -> str:
        i = next(index)
        height_cm = (signed and detail_row_cm(rows[0], rows[i]) or comment_row_cm(rows[i])) if i else 0.0
        if not height_cm:
            return m.group(0)
        cell_mm = height_cm * 10 - _ROW_PADDING_MM
        tr = re.sub(r"^<tr( class=\"([^\"]*)\")?", lambda t: f'<tr class="{(t.group(2) or "") + " "}detail"'
                    f' style="height: {height_cm * 10:g}mm"', m.group(0), count=1).replace('class=" detail"', 'class="detail"')
        return pdf_forms.field_height(without_comment_lines(tr), cell_mm)  # lines to comment on: an empty box

    return _HTML_ROW.sub(row, body)


def _row_groups(body: str) -> str:
    """A table's body in three groups, the first two and the last two rows each kept on one page."""
    m = re.search(r"<tbody>(.*?)</tbody>", body, re.S)
    rows = _HTML_ROW.finditer(m.group(1)) if m else ()
    rows = [r.group(0) for r in rows]
    if len(rows) < 4:
        return body
    groups = [rows[:2], rows[2:-2], rows[-2:]]
    tbody = "".join(f'<tbody class="{"whole" if i != 1 else ""}">{"".join(g)}</tbody>'.replace(' class=""', "")
                    for i, g in enumerate(groups) if g)
    return body[:m.start()] + tbody + body[m.end():]


# A short table (not a signature table, not one that parts: table_layout.kept_whole) with the
# paragraph, its translation or the list just above it: printed whole on one page (.whole), as in DOCX and ODT (#25: a free-text box's rows
# on two sheets; "Ces rubriques…" at the foot of a page, its boxes on the next).
_HTML_SHORT = re.compile(r'((?:<p>(?:(?!</p>).)*</p>\s*)?<p>(?:(?!</p>).)*</p>\s*|<ul\b(?:(?!<ul\b|</ul>).)*</ul>\s*)?'
                         r'(<table style=(?:(?!</table>).)*</table>)', re.S)


def _whole(m: re.Match) -> str:
    intro, table = m.group(1) or "", m.group(2)
    # the sentence above the translation only: a paragraph on its own is the intro
    if intro.count("<p>") == 2 and not re.search(r"<p><em>(?:(?!</p>).)*</em></p>\s*$", intro):
        intro = intro[intro.index("</p>") + 4:]
        return m.group(1)[:m.group(1).index("</p>") + 4] + f'<div class="whole">{intro.lstrip()}{table}</div>'
    return f'<div class="whole">{intro}{table}</div>'


def mark_signature_tables(html: str) -> str:
    """Class "signatures" on the tables with a Signature column, wrapped with their heading in `.signing`."""
    def mark(m: re.Match) -> str:
        head = m.group(1).split("</thead>", 1)[0]
        if re.search(rf"<th>{SIGNATURE_CELL}</th>", head):
            return f'<table class="signatures">{m.group(1)}</table>'
        return m.group(0)

    html = _HTML_TABLE.sub(mark, html)
    signed = '<table class="signatures">' in html
    html = _HTML_ANY_TABLE.sub(lambda t: _size_html_table(t, signed), html)
    html = _HTML_FILL_ROW.sub(lambda m: f'<tr class="fill">{m.group(1)}</tr>', html)
    html = header_slash.html(_HTML_SHORT.sub(_whole, html))  # sized: "achieved /" printed as measured
    return _HTML_SIGNING.sub(lambda m: f'<div class="signing">\n{m.group(1) or ""}{m.group(2)}\n</div>', html)
