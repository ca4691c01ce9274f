"""A two-language body cell's host half begun on a line of its own, where the cell wraps anyway.

A bilingual document's cell reads "Entreprise d'envoi (employeur de l'apprenant) / Entsendender Betrieb
(…)" (bilingual.pair): printed, the host's words followed " / " mid-line, and the German and Spanish
host readers (#25, session 10) asked that they begin a line, so that a tutor finds her language at a
glance. A body cell that takes more than one line at its column's width (its text measured with
table_layout.text_em) is broken after its " /"; one that fits on one line ("Allemagne / Deutschland") is left whole:
a table gets a line taller at most, in some cells. Header rows keep their slash with the word before
it (header_slash). The Markdown keeps " / "; HTML (html_page), DOCX (docx_layout) and ODT (odt_layout)
break the line after their columns were sized, and estimate a table's height with the break
(`measured`: table_layout.LINE_BREAK, counted by table_height_cm).
"""

from __future__ import annotations

import re
from typing import Sequence

from mobility_advisor.formats import table_layout as tl
from mobility_advisor.formats.table_layout import CM_PER_PT, LINE_BREAK, text_em

_SLASH, NBSP = " / ", "\u00a0"
_BORDER_CM = 0.02
_TEXT = re.compile(r">([^<]+)<")


def _slash_at(text: str) -> int:
    """Where the pack's half ends: the cell's first " / " outside brackets ("Niveau du diplôme
    (CEC / EQF) / EQR-Niveau des Abschlusses"), or -1."""
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch in "([") - (ch in ")]")
        if depth <= 0 and text.startswith(_SLASH, i):
            return i
    return -1


def breaks(text: str, width_cm: float, font_pt: float, padding_cm: float) -> bool:
    """Whether a body cell of this text is printed with its host half on a line of its own: it has
    two halves and, on one line, is wider than its column. Measured without table_layout's SAFETY:
    every format prints in DejaVu Sans, whose widths text_em has ("Apprenti / Auszubildende/r", 106 pt
    of a 110 pt cell, was broken with it)."""
    text, room = text.strip(), width_cm - padding_cm + _BORDER_CM
    # not where the pack half's last word and its slash, kept together, are wider than the column
    # ("d'appréciation /" in the grid's narrow method column): "/" went alone on a line, or cut the word
    at = _slash_at(text)
    if at <= 0 or text_em(text[:at].split()[-1] + " /") * font_pt * CM_PER_PT > room:
        return False
    # a no-break space ("Tuteur : nom") is as wide as a space (text_em counts it wider, to size columns);
    # the layouts' paddings count a border more than is printed. (Kerning prints a line up to 1 % narrower:
    # a cell that fills its line to that point may be broken; measured narrower, "Niveau du diplôme (CEC /
    # EQF) / Nivel de la titulación (MEC / EQF)" wrapped in ODT unbroken, its host half mid-line.)
    return text_em(text.replace(NBSP, " ")) * font_pt * CM_PER_PT > room


def _parted(text: str) -> str:
    text = text.strip()
    at = _slash_at(text)
    return f"{text[:at + 2]} {LINE_BREAK} {text[at + 3:]}"


def cells(rows: Sequence[Sequence[str]], widths: Sequence[float], font_pt: float, padding_cm: float,
          header_rows: int = 1) -> set[tuple[int, int]]:
    """(row, column) of the body cells broken. In a result grid (the evaluation grid's results, its
    text columns shared out for the lowest table: table_layout._lowest) only where the row gets no
    taller: a line more in its outcomes' rows took the FR/DE and EN/DE grids' ODT to a third sheet."""
    grid = tl.head_scale(rows) == tl.GRID_HEAD_SCALE
    found = set()
    for r, row in enumerate(rows[header_rows:], header_rows):
        for c, (text, width) in enumerate(zip(row, widths)):
            if not breaks(text, width, font_pt, padding_cm):
                continue
            parted = [_parted(t) if i == c else t for i, t in enumerate(row)]
            if not grid or tl.table_height_cm([[], parted], widths, font_pt, padding_cm) \
                    <= tl.table_height_cm([[], row], widths, font_pt, padding_cm) + 1e-6:
                found.add((r, c))
    return found


def measured(rows: Sequence[Sequence[str]], widths: Sequence[float], font_pt: float, padding_cm: float,
             header_rows: int = 1) -> list[list[str]]:
    """The table's cell texts as printed, for its height: a broken cell's halves parted by LINE_BREAK."""
    broken_at = cells(rows, widths, font_pt, padding_cm, header_rows)
    return [[_parted(t) if (r, c) in broken_at else t for c, t in enumerate(row)] for r, row in enumerate(rows)]


def broken(cell_xml: str, text: str, line_break: str) -> str:
    """A body cell's markup (HTML, DOCX or ODT) with `line_break` after its pack half's " /" (the
    text's " / " found, in order, in the markup's text; left whole when a run or a tag parts it)."""
    at = _slash_at(text.strip())
    nth = text.strip()[:at].count(_SLASH)  # the " / "s inside brackets before it
    for m in _TEXT.finditer(cell_xml):
        found = m.group(1).count(_SLASH)
        if nth < found:
            words = m.group(1).split(_SLASH)
            # the slash kept with the word before it (LibreOffice put "/" alone on a line when "rangé /"
            # filled it: "Poste propre et rangé" over "/" over "[nicht übersetzt]")
            joined = _SLASH.join(words[:nth + 1]) + NBSP + "/" + line_break + _SLASH.join(words[nth + 1:])
            return cell_xml[:m.start(1)] + joined + cell_xml[m.end(1):]
        nth -= found
    return cell_xml


def kept_whole(rows: Sequence[Sequence[str]], widths: Sequence[float], font_pt: float, padding_cm: float) -> bool:
    """table_layout.kept_whole, the table as high as printed with its broken cells."""
    return tl.kept_whole(measured(rows, widths, font_pt, padding_cm), widths, font_pt, padding_cm)


def odt(table: str, rows: Sequence[Sequence[str]], widths: Sequence[float], font_pt: float, padding_cm: float) -> str:
    """An ODT table (table:table) with its body cells that wrap broken by a text:line-break."""
    head, sep, body = table.rpartition("</table:table-header-rows>")
    broken_at = cells(rows, widths, font_pt, padding_cm)
    index = iter(range(1, len(rows)))  # (the header row, or the empty one _odt_rows gives a table without one)

    def row(m: re.Match) -> str:
        r, columns = next(index, 0), iter(range(len(widths)))

        def cell(c: re.Match) -> str:
            at = (r, next(columns, -1))
            return broken(c.group(0), rows[r][at[1]], "<text:line-break />") if at in broken_at else c.group(0)

        return _ODT_CELL.sub(cell, m.group(0))

    return head + sep + _ODT_ROW.sub(row, body)


_ODT_ROW = re.compile(r"<table:table-row\b.*?</table:table-row>", re.S)
_ODT_CELL = re.compile(r"<table:table-cell\b.*?</table:table-cell>", re.S)
