"""Column widths sized to the tables' content, the same in PDF, HTML, DOCX and ODT.

A printed table must not cut a word in two (a German tutor reads "Unterzeichnen|de" as two words) nor run past the
page (#25 items 1 and 6). Each column is at least as wide as its longest word, then the room left goes to the
columns with the most text, as a browser's automatic table layout does; when the longest words take most of the
width, the table's text is made a little smaller (down to COMFORT_FONT_PT), and when even they do not fit, smaller
still (down to MIN_FONT_PT) until they do. Columns may be fixed (the signature table's stamp box, the room to sign).

Text is measured with the advance widths of DejaVu Sans, the widest of the fonts the documents print
with (DejaVu, Noto, Liberation, Carlito, Calibri), plus a margin for the serif and bold variants: a column
sized here holds its words in any of them. A label/value table: label_value's balance.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache
from typing import Mapping, Sequence

from mobility_advisor.formats.code_columns import BLANK, narrowed  # BLANK: the templates' fill-in blank, as converted
from mobility_advisor.formats.header_slash import kept_header
from mobility_advisor.formats.label_value import balanced

# DejaVu Sans advance widths, in em (from the font's hmtx table, units per em 2048).
_WIDTHS = dict(zip(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'()/-_&+*\"«»–%@[]",
    (0.613, 0.635, 0.55, 0.635, 0.615, 0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612,
     0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525, 0.684, 0.686, 0.698, 0.77,
     0.632, 0.575, 0.775, 0.752, 0.295, 0.295, 0.656, 0.557, 0.863, 0.748, 0.787, 0.603, 0.787, 0.695, 0.635,
     0.611, 0.732, 0.684, 0.989, 0.685, 0.611, 0.685, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636,
     0.636, 0.636, 0.318, 0.318, 0.318, 0.337, 0.337, 0.401, 0.531, 0.275, 0.39, 0.39, 0.337, 0.361, 0.5,
     0.78, 0.838, 0.5, 0.46, 0.612, 0.612, 0.5, 0.95, 1.0, 0.39, 0.39)))
SHORT_CELL_WORDS = 3  # a cell of at most this many words is a label: its first line holds two
_OTHER = 0.7  # a character not in the table (its base letter's width when it has one)
BOLD = 1.12  # DejaVu Sans Bold against Regular, at most
SAFETY = 1.06  # DejaVu Serif (ODT's body font) and rounding
CM_PER_PT = 2.54 / 72
MIN_FONT_PT = 6.5
COMFORT_FONT_PT = 7.5  # the smallest size chosen only to give the text columns room
ROOMY = 0.75  # the longest words take at most this share of the width, when the size allows
# What cannot be broken: words are cut at spaces only (a no-break space joins, as in "C1.2 :").
# LINE_BREAK, a word of its own: a line break in a cell as printed (host_break), counted by table_height_cm.
_BREAKS, LINE_BREAK = (" ", "\t", "\n", "\u2009"), "\u2028"
_SPACES = re.compile("[%s]" % "".join(_BREAKS))


@lru_cache(maxsize=4096)
def _char_em(ch: str) -> float:
    width = _WIDTHS.get(ch)
    if width is None:
        base = unicodedata.normalize("NFD", ch)[:1]
        width = _WIDTHS.get(base, _OTHER)
    return width


def text_em(text: str) -> float:
    """The text's width in em of DejaVu Sans (1 em = the font size)."""
    return sum(_char_em(ch) for ch in text)


def _words(text: str) -> list[str]:
    return [w for w in _SPACES.split(text) if w]


def longest_word_em(text: str, bold: bool = False) -> float:
    return max((text_em(w) for w in _words(text)), default=0.0) * (BOLD if bold else 1.0) * SAFETY


def column_widths(rows: Sequence[Sequence[str]], width_cm: float, font_pt: float, padding_cm: float,
                  header_rows: int = 1, fixed: Mapping[int, float] | None = None,
                  at_least: Mapping[int, float] | None = None,
                  comfort_pt: float = COMFORT_FONT_PT, head_scale: float = 1.0) -> tuple[list[float], float]:
    """(column widths in cm summing to `width_cm`, font size in pt) for a table of these cells.

    `rows`: each row's cell texts (the first `header_rows` in bold); `padding_cm`: a cell's left
    and right padding and border together; `fixed`: column index -> width in cm, kept as given;
    `at_least`: column index -> a width in cm wished for (room to write by hand), given when
    the longest words leave room for it.
    The font is `font_pt`, or smaller when the longest words would not fit at that size; it is made
    smaller only down to `comfort_pt` to give the text columns room. The header rows are printed
    `head_scale` times that size (a result grid's tick columns, head_scale()).
    """
    fixed = dict(fixed or {})
    count = max((len(r) for r in rows), default=0)
    if count == 0:
        return [], font_pt
    word = [0.0] * count  # em
    line = [0.0] * count  # em: the longest cell on one line
    pair = [0.0] * count  # em: a short cell's first two words (pages8: "Étape" alone, then "/ Paso")
    for i, row in enumerate(rows):
        bold = i < header_rows
        scale = head_scale if bold else 1.0
        for c, cell in enumerate(row[:count]):
            word[c] = max(word[c], longest_word_em(cell, bold) * scale)
            line[c] = max(line[c], text_em(cell) * (BOLD if bold else 1.0) * SAFETY * scale)
            words = _words(cell)
            # (a bilingual label may part at its slash: "Étape" over "/ Paso" reads as its two languages)
            if 2 <= len(words) <= SHORT_CELL_WORDS and "/" not in (words[1], words[0][-1]):  # ("Étape\u00a0/")
                pair[c] = max(pair[c], text_em(" ".join(words[:2])) * (BOLD if bold else 1.0) * SAFETY * scale)
    free_cm = width_cm - sum(fixed.values())
    flexible = [c for c in range(count) if c not in fixed]
    def need(size: float) -> float:
        return sum(word[c] * size * CM_PER_PT + padding_cm for c in flexible)

    font = font_pt
    # A little smaller when the longest words alone take most of the width: else the columns with
    # the most text (an outcome) are squeezed to their longest word, a word a line.
    while font - 0.5 >= comfort_pt and need(font) > ROOMY * free_cm:
        font -= 0.5
    while font > MIN_FONT_PT and need(font) > free_cm:  # the longest words must fit
        font = max(MIN_FONT_PT, font - 0.5)
    least = {c: word[c] * font * CM_PER_PT + padding_cm for c in flexible}
    wished = {c: max(least[c], (at_least or {}).get(c, 0.0)) for c in flexible}
    if sum(wished.values()) <= free_cm:
        least = wished
    # a short cell's first line holds two words when the room allows (a label broken after its first
    # word reads as two labels)
    paired = {c: max(least[c], pair[c] * font * CM_PER_PT + padding_cm) for c in flexible}
    if sum(paired.values()) <= free_cm:
        least = paired
    most = {c: max(least[c], line[c] * font * CM_PER_PT + padding_cm) for c in flexible}
    widths = dict(fixed)
    if sum(least.values()) >= free_cm:  # nothing fits: the words' shares (cannot be helped)
        total = sum(least.values()) or 1.0
        widths.update({c: free_cm * least[c] / total for c in flexible})
    elif sum(most.values()) <= free_cm:  # every cell on one line: the room left shared out by content
        total = sum(most.values()) or 1.0
        widths.update({c: free_cm * most[c] / total for c in flexible})
    else:  # the longest words, and the rest of the room to the columns with the most text
        room = free_cm - sum(least.values())
        grow = {c: most[c] - least[c] for c in flexible}
        total = sum(grow.values()) or 1.0
        widths.update({c: least[c] + room * grow[c] / total for c in flexible})
    return [round(widths[c], 3) for c in range(count)], font


# --- The tables of the documents: signature, stamp and date columns --------------------

# The header cell that marks a signature table, in every language of the templates; in a
# bilingual document (bilingual.pair) the cell holds two: "Signature et cachet / Unterschrift und Stempel".
# One column to sign and stamp (#25: hosts signed across a 2.3 cm signature column into the stamp
# box), headed as forms are in each country (templates/_signatures.md.j2, the only signature table).
SIGNATURE_LABELS = ("Signature and stamp", "Signature et cachet", "Firma y sello", "Signatura i segell",
                    "Unterschrift und Stempel")
SIGNATURE_CELL = (r"(?:[^<]*[ \u00a0]/ )?(?:" + "|".join(SIGNATURE_LABELS) + r")(?:[ \u00a0]/ [^<]*)?")
_SIGNATURE_TEXT = re.compile(SIGNATURE_CELL + "$")


def is_signature_label(text: str) -> bool:
    """A signature table's "Signature and stamp" header, in one language or two."""
    return bool(_SIGNATURE_TEXT.match(text.strip()))


# Tables are sized to their content (table_layout): every column at least as wide as its longest
# word, so that no word is cut, and the text made smaller when a wide table needs it. A signature
# table has one fixed column to sign and stamp: a company stamp (about 6 x 2.5 cm) with room
# beside it for a signature (4 cm and more), in rows of a stamp's height.
TEXT_WIDTH_CM = 17.9  # A4 less 1.5 cm margins, less a border's width
SIGN_AND_STAMP_CM = 8.4  # a 6.1 cm stamp and a 2.3 cm signature beside it (#25: the two columns it replaced)
SIGN_PART_CM = 4.2  # the cell's part to sign in (the PDF's signature field); the stamp goes where there is room
SIGNATURE_ROW_CM = 2.6
SIGNATURE_FONT_PT = 8
TABLE_FONT_PT = 9
# A table of at most this many rows (its header aside) is printed whole in every format (the host
# readers found a tutor's 4-row table parted, its last row alone under a repeated header, #25).
SHORT_TABLE_ROWS = 8
# ... and at most this high (cm, estimated): a block kept whole and pushed to the next page leaves
# at most its own height blank above it, so a taller table breaks between rows under its repeated
# header instead (#25, pages8: the learning agreement's first page 40 % blank, a sheet wasted).
# Under a quarter of the text's height (26 cm): with its heading, no page is left more than a third blank.
WHOLE_TABLE_CM = 6.0
LINE_HEIGHT = 1.3  # the documents' line height, in font sizes (PRINT_CSS)
ROW_PADDING_CM = 0.2  # a row's padding above and below and its border


def table_height_cm(rows: Sequence[Sequence[str]], widths: Sequence[float], font_pt: float, padding_cm: float) -> float:
    """The table's printed height, estimated: each row as high as its cell of the most lines, a cell's
    lines its text's width over its column's (words are not cut: the estimate errs on the high side)."""
    line_cm = font_pt * LINE_HEIGHT * CM_PER_PT
    height = 0.0
    for i, row in enumerate(rows):
        lines = 1
        for cell, width in zip(row, widths):
            room = max(width - padding_cm, 0.1) / (font_pt * CM_PER_PT)  # em
            count, used = 1, 0.0
            for word in _words(cell):
                w = 0.0 if word == LINE_BREAK else text_em(word) * (BOLD if i == 0 else 1.0) * SAFETY
                if word == LINE_BREAK or used and used + text_em(" ") + w > room:
                    count, used = count + 1, w
                else:
                    used += (text_em(" ") if used else 0.0) + w
            lines = max(lines, count)
        height += lines * line_cm + ROW_PADDING_CM
    return height


def is_box(rows: Sequence[Sequence[str]], header_rows: int = 1) -> bool:
    """A free-text box: a header (its label), then rows of blanks only, to write in."""
    body = rows[header_rows:]
    return bool(body) and all({cell.strip() for cell in row} == {BLANK} for row in body)


def kept_whole(rows: Sequence[Sequence[str]], widths: Sequence[float], font_pt: float, padding_cm: float,
               header_rows: int = 1) -> bool:
    """Whether a table (a signature table is always whole) is printed on one page: a table to write
    in, however high — a free-text box (split, its room to write was a row or two at a page's foot)
    or, of at most SHORT_TABLE_ROWS rows, a form with lines to write on (the BTM file's TAC: parted,
    its last row went with the signatures) — else at most SHORT_TABLE_ROWS rows and WHOLE_TABLE_CM high."""
    if is_box(rows, header_rows):
        return True
    if len(rows) - header_rows > SHORT_TABLE_ROWS:
        return False
    if any(is_comment_cell(cell) for row in rows[header_rows:] for cell in row):
        return True
    return table_height_cm(rows, widths, font_pt, padding_cm) <= WHOLE_TABLE_CM


def table_plan(rows: list[list[str]], signature: bool, padding_cm: float, kept: bool = False) -> tuple[list[float], float]:
    """(column widths in cm, font size in pt) for a table of these cell texts (header row first)."""
    fixed: dict[int, float] = {}
    if signature and rows:
        header = rows[0]
        fixed = {i: SIGN_AND_STAMP_CM for i, h in enumerate(header) if is_signature_label(h)}
    # a blank is written in by hand: it asks for a few centimetres, at least WRITE_CM, though it can wrap
    blanks = {c for row in rows[1:] for c, cell in enumerate(row) if BLANK in cell and c not in fixed}
    font_pt = SIGNATURE_FONT_PT if signature else TABLE_FONT_PT
    # a signature table's text stays at SIGNATURE_FONT_PT (it was 6.5-7.5 pt, #25), and the signing
    # person's name has room to be written in, NAME_CM, when the longest words leave it
    comfort = SIGNATURE_FONT_PT if signature else COMFORT_FONT_PT
    names = {c: NAME_CM for c, h in enumerate(rows[0] if signature and rows else []) if is_name_label(h)}
    # a signature table's date is written in by hand, "26.03.2027" in full (#25: the host reader),
    # unless the other columns' longest words would then be cut (a long name or function)
    dates = [c for c in blanks if signature and rows and c < len(rows[0]) and is_date_label(rows[0][c])]
    # a cell of several blanks is lines to write a comment on (the BTM's TAC, #25): COMMENT_CM wide
    comments = {c for row in rows[1:] for c, cell in enumerate(row) if c not in fixed and is_comment_cell(cell)}
    # a column written in by hand in every row (the MEN file's result, #25 pages10): as wide as a grid's level
    written = {c for c in blanks if not signature and all(c >= len(r) or r[c].strip() == BLANK for r in rows[1:])}
    # (lines to comment on measured as one blank; `kept`: the header's slashes kept with their word, header_slash)
    rows = (kept_header if kept else list)([[(BLANK if c in comments and is_comment_cell(cell) else cell).replace(BLANK, HANDWRITING)
                         for c, cell in enumerate(row)] for row in rows])
    wished = {**dict.fromkeys(blanks, WRITE_CM), **dict.fromkeys(written, LEVEL_CM), **dict.fromkeys(comments, COMMENT_CM),
              **names}
    if not signature and not comments and blanks and len(ticks := tick_columns(rows)) >= 2:
        return _result_grid(rows, ticks, blanks, font_pt, padding_cm)
    plain = column_widths(rows, TEXT_WIDTH_CM, font_pt, padding_cm, fixed=fixed, at_least=wished, comfort_pt=comfort)
    if comments and not signature:
        return _ticks_narrow(rows, plain, padding_cm, wished, comfort)
    for date_cm in (DATE_CM, 2.2, 2.1, 2.0, 1.9) if dates else ():  # as wide as the words leave room for
        with_dates = {**fixed, **dict.fromkeys(dates, date_cm)}
        widths, font = column_widths(rows, TEXT_WIDTH_CM, font_pt, padding_cm, fixed=with_dates,
                                     at_least={c: w for c, w in wished.items() if c not in with_dates},
                                     comfort_pt=comfort)
        if font >= plain[1] - 0.5 and not _words_cut(rows, widths, font, padding_cm, with_dates):
            return widths, font
    return narrowed(rows, balanced(rows, plain, padding_cm), padding_cm)  # a column of codes narrow


def _ticks_narrow(rows: list[list[str]], plan: tuple[list[float], float], padding_cm: float,
                  wished: dict[int, float], comfort: float) -> tuple[list[float], float]:
    """A table with a comment to write beside tick columns (no word in their body, an "x" at most):
    the tick columns as narrow as their header's longest word (the header a little smaller, as a
    result grid's), the room they leave to the others, the comment first (#25: a tutor's 3.4 cm
    comment cell beside 2.5 cm tick columns), then to the text that saves most lines (_lowest)."""
    _, font = plan
    ticks = {c: longest_word_em(rows[0][c], True) * TICK_HEAD_SCALE * font * CM_PER_PT + padding_cm
             for c in range(len(rows[0])) if c not in wished
             and all(not re.search(r"\w{2}", row[c]) for row in rows[1:] if c < len(row))}
    if not ticks:
        return plan
    widths, font2 = column_widths(rows, TEXT_WIDTH_CM, font, padding_cm, fixed=ticks, at_least=wished,
                                  comfort_pt=min(comfort, font), head_scale=TICK_HEAD_SCALE)
    if font2 != font or _words_cut(rows, widths, font, padding_cm, ticks, TICK_HEAD_SCALE):
        return plan
    return _lowest(rows, widths, font, padding_cm, set(ticks) | set(wished)), font


# A result grid (the evaluation grid's results): a level written by hand, "partiellement atteint", in
# LEVEL_CM (the cells were 1.6-1.7 cm, #25 pages10), the room taken from the tick columns (an "x"): as
# narrow as their header's longest word, the header GRID_HEAD_SCALE times the table's size (a TAC's TICK_HEAD_SCALE).
LEVEL_CM = 2.5
TICK_HEAD_SCALE, GRID_HEAD_SCALE = 0.8, 0.875
GRID_FONT_PT = 8.0  # 8 and 7 pt: at 7 and 5.6 pt its results were the smallest text a host signs (#25, readde12)


def tick_columns(rows: Sequence[Sequence[str]], header_rows: int = 1) -> set[int]:
    """The columns to tick: a header, and in the body nothing but an "x" at most."""
    body = rows[header_rows:]
    return {c for c in range(len(rows[0])) if all(c >= len(row) or not re.search(r"\w{2}|_", row[c])
                                                  for row in body)} if body and rows[:header_rows] else set()


def head_scale(rows: Sequence[Sequence[str]]) -> float:
    """The header's font size over the table's: smaller in a result grid or a TAC (see LEVEL_CM)."""
    body = rows[1:]
    blanks = any(BLANK in cell or HANDWRITING in cell for row in body for cell in row)
    signature = bool(rows) and any(is_signature_label(h) for h in rows[0])
    comments = any(is_comment_cell(cell) for row in body for cell in row)
    return 1.0 if not blanks or signature or len(tick_columns(rows)) < 2 else TICK_HEAD_SCALE if comments else GRID_HEAD_SCALE


def head_font_pt(rows: Sequence[Sequence[str]], font_pt: float) -> float:
    """The size of the table's header row, for a table printed at `font_pt` (head_scale)."""
    return round(font_pt * head_scale(rows), 1)


def _result_grid(rows: list[list[str]], ticks: set[int], blanks: set[int], font_pt: float,
                 padding_cm: float) -> tuple[list[float], float]:
    """A result grid's columns: each level column LEVEL_CM, each tick column its header's longest
    word (its header a little smaller), and the room left to the text columns (_lowest)."""
    font = font_pt
    while True:
        # the level columns LEVEL_CM (or their longest word), the tick columns their header's longest word
        word = _least(rows, range(len(rows[0])), font, padding_cm, GRID_HEAD_SCALE)
        fixed = {**{c: max(LEVEL_CM, word[c]) for c in blanks - ticks}, **{c: word[c] for c in ticks}}
        widths, got = column_widths(rows, TEXT_WIDTH_CM, font, padding_cm, fixed=fixed, head_scale=GRID_HEAD_SCALE,
                                    comfort_pt=GRID_FONT_PT)
        if got == font or font <= MIN_FONT_PT:
            return _lowest(rows, widths, got, padding_cm, set(fixed), GRID_HEAD_SCALE), got
        font = got


def _least(rows: list[list[str]], columns, font: float, padding_cm: float, head: float) -> dict[int, float]:
    """Each column's longest word (cm), its header's at the header's size (`head` times the table's)."""
    return {c: max(longest_word_em(row[c], i == 0) * (head if i == 0 else 1.0)
                   for i, row in enumerate(rows) if c < len(row)) * font * CM_PER_PT + padding_cm for c in columns}


def _lowest(rows: list[list[str]], widths: list[float], font: float, padding_cm: float, fixed: set[int],
            head: float = TICK_HEAD_SCALE, step: float = 0.1) -> list[float]:
    """The text columns' room shared out so that the table is the lowest (estimated): the longest texts
    (outcomes) have the room that saves most lines (#25 pages10: the EN->DE grid's, a word a line)."""
    text = [c for c in range(len(widths)) if c not in fixed]
    least = _least(rows, text, font, padding_cm, head)
    room = sum(widths[c] for c in text) - sum(least.values())
    if len(text) > 4 or room <= 0:
        return widths
    steps = int(room / max(step, room / 30))  # at most a few thousand trials
    step = room / steps if steps else step
    best, best_height = widths, table_height_cm(rows, widths, font, padding_cm) - 1e-6
    for split in (s for s in itertools.product(range(steps, -1, -1), repeat=len(text)) if sum(s) == steps):
        trial = list(widths)
        for c, n in zip(text, split):
            trial[c] = least[c] + n * step
        height = table_height_cm(rows, trial, font, padding_cm)
        if height < best_height - 1e-6:
            best, best_height = [round(w, 3) for w in trial], height
    return best


def _words_cut(rows: list[list[str]], widths: list[float], font: float, padding_cm: float, fixed: dict,
               head: float = 1.0) -> bool:
    """Whether a column not of fixed width is narrower than its longest word (header in bold, `head` times the size)."""
    return any(c not in fixed and c < len(widths)
               and widths[c] + 1e-6 < longest_word_em(cell, i == 0) * (head if i == 0 else 1.0) * font * CM_PER_PT
               + padding_cm
               for i, row in enumerate(rows) for c, cell in enumerate(row))


FILL_ROW_CM = 1.1  # a row of blanks: a line of handwriting
BOX_CM = 2.8  # a free-text box's rows together: 2.5 cm to write in, and the rules' and padding's room (#25)


def fill_row_cm(rows: int) -> float:
    """The height of each of a box's `rows` rows of blanks: a line of handwriting, and the box at least
    BOX_CM high (pages8: the evaluation grid's two-row observation boxes were 2.2 cm in DOCX and ODT)."""
    return round(max(FILL_ROW_CM, BOX_CM / max(rows, 1)), 2)


HANDWRITING = "_ " * 14  # about 3 cm at 8 pt
COMMENT_CM = 6.0  # a few words of comment written by hand (a tutor's, in the BTM's TAC, #25)
COMMENT_BLANKS = 2  # a cell of at least this many blanks and nothing else: lines to write a comment on


def is_comment_cell(text: str) -> bool:
    """A cell of lines to write on: COMMENT_BLANKS blanks or more, and no other text."""
    # (an ODT cell's text holds its XML's line breaks and indentation)
    return text.count(BLANK) >= COMMENT_BLANKS and not re.sub(r"[\s_\\]", "", text.replace(BLANK, ""))


WRITE_CM = 1.6  # a function or a short word written by hand
DATE_CM = 2.25  # a date written by hand, "26.03.2027" in a small hand (the cells were 1.6-1.9 cm)
DATE_LABELS = ("Date", "Datum", "Fecha", "Data")


def is_date_label(text: str) -> bool:
    """A "Date" header, in one language or two ("Date / Datum")."""
    return bool(text.strip()) and all(part.strip() in DATE_LABELS for part in text.split(" / "))


NAME_CM = 3.0  # the signing person's name, typed or written by hand (the cells were 1.2-1.9 cm, #25)
# The signature table's "Name, function" header (_signatures.md.j2), in every language of the templates
NAME_LABELS = ("Name, function", "Nom, fonction", "Nombre, cargo", "Nom, càrrec", "Name, Funktion")


def is_name_label(text: str) -> bool:
    """The signing person's column's header, in one language or two ("Nom, fonction / Name, Funktion")."""
    return bool(text.strip()) and all(part.strip() in NAME_LABELS for part in text.split(" / "))

