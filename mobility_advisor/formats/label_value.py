"""A label/value table (two columns: "Rubrique / Angabe", "Renseignement / Inhalt") split in balance:
the value column as wide as its longest value on one line, up to half the table (#25 session 9:
the learning agreement's participant table gave its labels ~12 cm and its values ~2.9 cm, so that
"2 avril 2005 / 2. April 2005" and "Bac pro Boulanger-pâtissier" were printed on two lines). The
labels keep room for their longest word; they wrap, as in the "La mobilité / Die Mobilität" tables.
No wider than that: a label wrapped once more is a taller table, and a document no longer is wanted."""

from __future__ import annotations

from typing import Sequence


def balanced(rows: Sequence[Sequence[str]], plan: tuple[list[float], float],
             padding_cm: float) -> tuple[list[float], float]:
    """`plan` (column widths in cm, font size in pt) with a label/value table's value column widened
    to its longest value on one line, at most half the table (the labels keeping their longest
    word); other tables as planned."""
    from mobility_advisor.formats.detail_rows import is_label_column
    from mobility_advisor.formats.table_layout import BOLD, CM_PER_PT, SAFETY, longest_word_em, text_em

    widths, font = plan
    # (only a table headed as labels: a list of documents and their dates keeps its text wide)
    if len(widths) != 2 or not rows or any(len(row) != 2 for row in rows) or not is_label_column(rows[0][0]):
        return plan
    total = sum(widths)
    lines = [text_em(row[1]) * (BOLD if i == 0 else 1.0) * SAFETY * font * CM_PER_PT + padding_cm
             for i, row in enumerate(rows)]
    # the longest value that half the table holds on one line (a longer one wraps in any case)
    value_line = max((line for line in lines if line <= total / 2), default=0.0)
    label_least = max(longest_word_em(row[0], i == 0) * SAFETY
                      for i, row in enumerate(rows)) * font * CM_PER_PT + padding_cm
    value = min(value_line, total - label_least)
    if value <= widths[1]:
        return plan
    return [round(total - value, 3), round(value, 3)], font
