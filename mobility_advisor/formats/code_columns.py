"""A column of short codes ("C1.2 (U2)", "C3.1": the MEN unit file's link to the diploma's
référentiel) as narrow as its longest word allows, its header's words included; the room it frees
goes to the columns of text (#25 session 10, the German host reader: the reference column took
6 cm for "C1.2 (U2)" because of its long bilingual header, while the outcome wrapped to 4-5 lines).
table_layout gives a column room by its longest line, the header's too; a header wraps at its words."""

from __future__ import annotations

from typing import Sequence

BLANK = "_" * 8  # the templates' fill-in blank, as converted (table_layout imports it from here)
CODE_WORDS = 2  # a code and its unit: "C1.2 (U2)"
CODE_CHARS = 12


def _blank(cell: str) -> bool:
    """A cell to write in: a blank, or as table_layout measures one (HANDWRITING, "_ _ _ …")."""
    return BLANK in cell or "_ _" in cell


def is_code(cell: str) -> bool:
    """A short code: a word or two, a few characters, no blank to write in."""
    text = cell.strip()
    return bool(text) and not _blank(text) and len(text) <= CODE_CHARS and len(text.split()) <= CODE_WORDS


def narrowed(rows: Sequence[Sequence[str]], plan: tuple[list[float], float], padding_cm: float,
             header_rows: int = 1) -> tuple[list[float], float]:
    """`plan` (column widths in cm, font size in pt) with each column of codes narrowed to its
    longest word (a body cell on one line), the room shared by the other columns as their longest
    cell's text; a table of no code column, or only codes, or that it would make taller, as planned."""
    from mobility_advisor.formats.table_layout import CM_PER_PT, SAFETY, longest_word_em, table_height_cm, text_em

    widths, font = plan
    body = rows[header_rows:]
    if not body or len(widths) < 2 or any(len(row) != len(widths) for row in rows):
        return plan
    codes = [c for c in range(len(widths)) if all(is_code(row[c]) for row in body)]
    texts = [c for c in range(len(widths)) if c not in codes and any(not _blank(row[c]) for row in body)]
    if not codes or not texts:
        return plan
    new = list(widths)
    for c in codes:
        least = max([longest_word_em(row[c], i < header_rows) for i, row in enumerate(rows)]
                    + [text_em(row[c]) * SAFETY for row in body]) * font * CM_PER_PT + padding_cm
        new[c] = min(widths[c], least)
    freed = sum(widths) - sum(new)
    if freed <= 0.05:
        return plan
    # to the column of the most text (the outcome): the others' lines are fewer already
    weight = {c: sum(text_em(row[c]) for row in body) for c in texts}
    new[max(weight, key=weight.get)] += freed
    new = [round(w, 3) for w in new]
    # only when the table gets no taller: the header wrapped to more lines can outweigh the rows' gain
    if table_height_cm(rows, new, font, padding_cm) > table_height_cm(rows, widths, font, padding_cm) + 0.01:
        return plan
    return new, font
