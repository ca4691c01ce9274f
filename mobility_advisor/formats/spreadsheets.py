"""Spreadsheets as referents keep them: learner lists read from .xlsx and .ods, tables written as .xlsx.

Reading uses python-calamine (one fast library for both formats, values only: a formula is never
evaluated, its last computed value is read). A cell becomes the text a CSV cell would hold, so
`cohort` checks a sheet exactly as it checks a CSV: a date cell is written `YYYY-MM-DD` (a real
date cell, or text typed as `01/03/2027`, both work), a whole number without `.0`, TRUE/FALSE as
`true`/`false`. Each cell keeps its place (`Feuil1!C7`) so that errors name it.

Writing uses openpyxl. Every text cell is stored as text (never as a formula, whatever it starts
with: the `=`, `+`, `-`, `@` that CSV output neutralises with a leading `'`), and the characters
XML cannot hold are dropped; dates are real date cells.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Sequence

from mobility_advisor.i18n.catalogues import Message, N_, messages

READABLE = (".xlsx", ".xlsm", ".ods")
MAX_BYTES = 20 * 1024 * 1024  # as for a CSV learner list

MESSAGES: dict[str, Message] = {
    "no_sheet": N_("{file}: no sheet \"{sheet}\". The workbook's sheets: {sheets}"),
    "bad_workbook": N_("{file}: unreadable workbook ({why})"),
    "sheet_not_csv": N_("--sheet only applies to a workbook (.xlsx or .ods), not to {file}"),
    "missing_lib": N_("{what} needs the package {package}: pip install {package}"),
}

msg = messages(MESSAGES)


class SheetError(Exception):
    """A workbook that cannot be read as asked, in the user's words."""

    def __init__(self, key: str, **values: Any):
        self.key, self.values = key, values
        super().__init__(key)

    def message(self, lang: str) -> str:
        return msg(self.key, lang, **self.values)


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in READABLE


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: a column as spreadsheet software names it."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def cell_text(value: Any) -> str:
    """A cell's value as the text a CSV cell would hold (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, time):
        return value.isoformat()
    return str(value)


@dataclass
class Sheet:
    """A sheet read as text: `rows` from the spreadsheet's row 1 (None: an empty row), and its name."""

    name: str
    rows: list[list[str]]

    def place(self, row: int, col: int) -> str:
        """The cell's reference: Feuil1!C7 (`row` 1-based as shown, `col` 0-based). A sheet whose
        name has spaces or punctuation is quoted, as spreadsheet formulas write it."""
        sheet = self.name if re.fullmatch(r"\w+", self.name) else "'" + self.name.replace("'", "''") + "'"
        return f"{sheet}!{column_letter(col)}{row}"


def read_sheet(path: Path, sheet: str | None, file_name: str) -> Sheet:
    """The first sheet (or the one named `sheet`) of an .xlsx or .ods workbook, as text cells.
    Raises SheetError (no such sheet, unreadable workbook)."""
    try:
        from python_calamine import CalamineWorkbook
    except ModuleNotFoundError:
        raise SheetError("missing_lib", what=file_name, package="python-calamine") from None
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise SheetError("bad_workbook", file=file_name, why=f"> {MAX_BYTES // 1048576} MiB")
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(book.sheet_names)
        if sheet is not None and sheet not in names:
            raise SheetError("no_sheet", file=file_name, sheet=sheet, sheets=", ".join(names))
        if not names:
            raise SheetError("bad_workbook", file=file_name, why="no sheet")
        name = sheet if sheet is not None else names[0]
        grid = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except SheetError:
        raise
    except Exception as exc:  # calamine's errors for a damaged or foreign file
        raise SheetError("bad_workbook", file=file_name, why=str(exc).split("\n")[0][:120]) from None
    return Sheet(name, [[cell_text(v).strip() for v in row] for row in grid])


# --- Writing .xlsx -------------------------------------------------------------------------

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xlsx(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]], today: date) -> bytes:
    """One sheet, a bold header row frozen at the top, columns sized to their text: a workbook's
    bytes. Text cells are text (never formulas), dates are date cells."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font
    except ModuleNotFoundError:
        raise SheetError("missing_lib", what=".xlsx", package="openpyxl") from None

    book = Workbook()
    ws = book.active
    ws.title = re.sub(r"[\\*?:/\[\]]", "", _ILLEGAL.sub("", title))[:31] or "Sheet1"  # what a sheet name cannot hold
    widths = [len(h) for h in header]
    for c, text in enumerate(header, 1):
        cell = ws.cell(row=1, column=c)
        _text(cell, text)
        cell.font = Font(bold=True)
    for r, values in enumerate(rows, 2):
        for c, value in enumerate(values, 1):
            cell = ws.cell(row=r, column=c)
            if isinstance(value, date):
                cell.value = value
                cell.number_format = "yyyy-mm-dd"
                shown = 10
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                cell.value = value
                shown = len(str(value))
            else:
                shown = len(_text(cell, "" if value is None else str(value)))
            widths[c - 1] = max(widths[c - 1], min(shown, 60))
    for c, w in enumerate(widths, 1):
        ws.column_dimensions[_letter(c)].width = w + 2
    ws.freeze_panes = "A2"
    stamp = datetime.combine(today, time(0))  # the same day, the same properties (not the clock's time)
    book.properties.created = book.properties.modified = stamp
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(cell: Any, text: str) -> str:
    """Store `text` as a text cell: openpyxl would take "=…" for a formula, so the type is forced."""
    text = _ILLEGAL.sub("", text)
    cell.value = text
    cell.data_type = "s"
    return text


def _letter(col: int) -> str:
    return column_letter(col - 1)


def decode(data: bytes) -> str:
    """UTF-8 (BOM or not); otherwise Windows-1252, the encoding of Excel's plain "CSV" export."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(header: str) -> str:
    """`;`, `,` or a tab: whichever the header line has most of (question ids contain none)."""
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"
