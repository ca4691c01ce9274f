"""In a PDF form, a cell that a text field covers prints no blank ("________"): the field is the
blank (#25 session 10, the German host reader: what a host typed sat on the printed underscores).

An empty text field prints nothing (the finisher drops its appearance), so on paper the cell would
show nowhere to write: a thin rule is drawn at the field's foot instead, where the pen goes. A
field as high as its cell (a detail row written in by hand, pages10) or a free-text box's field
(its rows ruled by the table) needs none: the cell's borders are the box. The underscores are kept
in the page but not shown (`visibility: hidden`), so that the table is laid out as without fields:
the same widths, the same row heights, the same pages. Likewise a recorded result's "x" under its
pre-selected button, and the blank in a label whose field is under it (`footed`). DOCX and ODT have
no fields: their blanks stay, but for a free-text box's, printed empty (box_cells).
"""

from __future__ import annotations

import re

BLANK_CSS = """
.ma-blank { visibility: hidden; }
.ma-rule { position: absolute; left: 0; width: 100%; height: 0; border-top: .5pt solid #555; }
"""

# an attribute the text fields' inputs carry (pdf_forms.form_html): how many rows of blanks the
# field covers, its own and those below it in the same column (a free-text box)
ROWS_ATTR = "data-blank-rows"
# an attribute of the text fields lower than their cell (a name, a date in a signature row): ruled
RULED_ATTR = "data-ruled"

_TABLE = re.compile(r"<table\b.*?</table>", re.S)
_ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.S)
_CELL = re.compile(r"(<t[dh]\b[^>]*>)(.*?)(</t[dh]>)", re.S)
_ANCHORED = re.compile(r'^(<div class="ma-anchor">(<input [^>]*?' + ROWS_ATTR + r'="(\d+)"[^>]*>))</div>(.*)$', re.S)
# a pre-selected radio button and the "x" printed under it: changed in a reader, the button moved and the
# printed tick stayed, two results ticked on the sheet (#25, readgrid)
_TICKED = re.compile(r'^(<div class="ma-anchor"><input type="radio"[^>]* checked></div>)\s*x\s*$')
_HEIGHT = re.compile(r"height: ([\d.]+)mm")
_BLANKS = re.compile(r"^(?:_{8}|[\s,;]|&nbsp;|&#160;)*_{8}(?:_{8}|[\s,;]|&nbsp;|&#160;)*$")


# an attribute of the text fields under their cell's text (pdf_forms.mark `foot`)
FOOT_ATTR = "data-foot"
_FOOTED = re.compile(r'(<t[dh]\b[^>]*>)<div class="ma-anchor">(<input [^>]*?' + FOOT_ATTR + r'[^>]*>)</div>(.*?)(</t[dh]>)', re.S)


def footed(page: str) -> str:
    """The page with each field marked `foot` on a line of its own under its cell's text, ruled at its
    foot, and the blank in that text hidden: a name asked within a label ("Other host company, if any:
    ____", the attestation: #25, reades12) had no field, as a field at the cell's top would hide the label."""
    def cell(m: re.Match) -> str:
        opening, field, text, closing = m.groups()
        text = re.sub(r"(?:_{8})+", lambda b: f'<span class="ma-blank">{b.group(0)}</span>', text)
        height = _HEIGHT.search(field).group(1)
        return (f'{opening}{text}<div class="ma-anchor" style="height: {height}mm">{field}'
                f'<div class="ma-rule" style="top: {height}mm"></div></div>{closing}')

    return _FOOTED.sub(cell, page) if FOOT_ATTR in page else page


def hidden(page: str) -> str:
    """The page with every blank under a text field hidden, and a rule at the foot of each field
    lower than its cell (RULED_ATTR) whose cell had a blank."""
    if ROWS_ATTR not in page and FOOT_ATTR not in page and " checked>" not in page:
        return page

    def table(t: re.Match) -> str:
        below: dict[int, int] = {}  # a column -> rows of a box's field still to cover below
        return _ROW.sub(lambda m: _row(m, below), t.group(0))

    page = _TABLE.sub(table, page)
    return page.replace("</style>", BLANK_CSS + "</style>", 1)


def _row(m: re.Match, below: dict[int, int]) -> str:
    """One table row, its blanks under a field hidden (`below`: the box fields' rows still to cover)."""
    column = iter(range(len(m.group(0))))

    def cell(c: re.Match) -> str:
        i = next(column)
        opening, inner, closing = c.groups()
        ticked = _TICKED.match(inner)
        if ticked:  # a result already recorded: its button is pre-selected, its printed "x" is not
            return f'{opening}{ticked.group(1)}<span class="ma-blank">x</span>{closing}'
        anchored = _ANCHORED.match(inner)
        if anchored:
            anchor, field, rows, text = anchored.groups()
            if not _BLANKS.match(text.strip()):
                return c.group(0)
            below[i] = int(rows) - 1
            height = float(_HEIGHT.search(field).group(1))
            # a field lower than its cell (a name, a date in a signature row): its foot ruled; a
            # field of its cell's height (a detail row written in by hand) has the cell's borders
            rule = f'<div class="ma-rule" style="top: {height:g}mm"></div>' if RULED_ATTR in field else ""
            return f'{opening}{anchor}{rule}</div><span class="ma-blank">{text}</span>{closing}'
        if below.get(i, 0) > 0 and _BLANKS.match(inner.strip()):  # a box's row under its field
            below[i] -= 1
            return f'{opening}<span class="ma-blank">{inner}</span>{closing}'
        below.pop(i, None)
        return c.group(0)

    return _CELL.sub(cell, m.group(0))
