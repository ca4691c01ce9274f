"""A bilingual header cell's slash kept with the word before it, in the printed formats only.

"Partly achieved / Teilweise erreicht" in a tick column as narrow as its longest word printed "/"
alone on a line, or opening one ("/ Erreicht"): a German host reads two labels and a stray mark
(#25, pages13). A no-break space before the slash ("achieved /") makes the word and its slash one,
and a column is sized to that where it did not hold it (table_plan): the line breaks after the slash,
never before it. The Markdown keeps " / " (is_date_label, is_name_label and host_html split on it); only
the header rows of HTML, DOCX and ODT are changed, after their columns were sized.
"""

from __future__ import annotations

import re
from typing import Sequence

NBSP = "\u00a0"
_SLASH = " / "
KEPT = NBSP + "/ "


def kept(text: str) -> str:
    """The text with each " / " joined to the word before it."""
    return text.replace(_SLASH, KEPT)


def kept_header(rows: Sequence[Sequence[str]]) -> list[list[str]]:
    """The table's cell texts as printed: its header row's slashes kept with the word before them."""
    return [[kept(cell) for cell in rows[0]], *[list(row) for row in rows[1:]]] if rows else []


def _in_text(m: re.Match) -> str:
    return ">" + kept(m.group(1)) + "<"


_TEXT = re.compile(r">([^<]+)<")
_HTML_HEAD = re.compile(r"<thead\b.*?</thead>", re.S)


def html(page: str) -> str:
    """Every table header's slashes (<thead>) kept with the word before them."""
    return _HTML_HEAD.sub(lambda m: _TEXT.sub(_in_text, m.group(0)), page)


def office(header_row: str) -> str:
    """A DOCX or ODT header row's text (between tags) with its slashes kept with the word before them."""
    return _TEXT.sub(_in_text, header_row)


def table_plan(rows: list[list[str]], signature: bool, padding_cm: float) -> tuple[list[float], float]:
    """table_layout.table_plan, the header's slashes kept with their word: the plan for the header as
    written when every header word with its slash ("achieved /") fits its column (most tables: no
    column changes), else the plan sized to the header as printed (a tick column as narrow as its
    header's longest word: "achieved /" did not fit in it)."""
    from mobility_advisor.formats import table_layout as tl

    widths, font = tl.table_plan(rows, signature, padding_cm)
    size = font * tl.head_scale(rows) * tl.CM_PER_PT
    if all(width + 1e-3 >= tl.longest_word_em(kept(cell), True) * size + padding_cm
           for cell, width in zip(rows[0] if rows else [], widths)):
        return widths, font
    return tl.table_plan(rows, signature, padding_cm, kept=True)
